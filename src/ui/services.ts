/**
 * The app's services, provided once by the app shell through `@lit/context` and consumed by the
 * views that need them, instead of being threaded through every template as properties.
 */
import { createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineManager } from '../engine/manager';
import type { NoticeBoard } from './notices';

/** The engine manager: the engine in use, its status, and `run` with recovery. */
export const engineManagerContext = createContext<EngineManager>(Symbol('engine-manager'));

/** The notice board of the status badge (uncaptured GPU errors and the like). */
export const noticeBoardContext = createContext<NoticeBoard | undefined>(Symbol('notice-board'));

/**
 * Redraws `host` whenever the engine manager it consumes changes (an engine started, lost or
 * switched): listens to the manager `manager()` returns, following it when the context
 * provides another, and stops when the host leaves the page.
 */
export class ManagerChanges implements ReactiveController {
  private listening: EngineManager | undefined;
  private readonly onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly manager: () => EngineManager | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow(this.manager());
  }

  hostUpdate(): void {
    this.follow(this.manager());
  }

  hostDisconnected(): void {
    this.follow(undefined);
  }

  private follow(manager: EngineManager | undefined) {
    if (this.listening === manager) return;
    this.listening?.removeEventListener('change', this.onChange);
    manager?.addEventListener('change', this.onChange);
    this.listening = manager;
  }
}
