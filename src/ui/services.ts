/**
 * The app's services, provided once by the app shell through `@lit/context` and consumed by the
 * views that need them, instead of being threaded through every template as properties.
 */
import { createContext } from '@lit/context';
import type { EngineManager } from '../engine/manager';
import type { NoticeBoard } from './notices';

/** The engine manager: the engine in use, its status, and `run` with recovery. */
export const engineManagerContext = createContext<EngineManager>(Symbol('engine-manager'));

/** The notice board of the status badge (uncaptured GPU errors and the like). */
export const noticeBoardContext = createContext<NoticeBoard | undefined>(Symbol('notice-board'));
