/** Types of drag.mjs (plain JavaScript, run by the Node bench runner; tests import it). */
import type { Browser } from 'playwright-core';
import type { DragStats } from '../src/bench/drag-stats';

export declare const DRAG_HZ: number;
export declare const DRAG_EVENTS: number;
export declare const DRAG_WARMUP: number;
export declare const DRAG_GRID: { readonly width: number; readonly height: number };
export declare function dragPath(start: number, count: number, min: number, max: number): number[];
export declare function dragOnce(
  browser: Browser,
  baseUrl: string,
  engine: 'gpu' | 'cpu',
): Promise<{ row: Record<string, unknown>; stats: DragStats; badge: string | null }>;
export declare function dragRows(
  browser: Browser,
  baseUrl: string,
): Promise<Record<string, unknown>[]>;
