/** Types of drag.mjs (plain JavaScript, run by the Node bench runner; tests import it). */
import type { Browser } from 'playwright-core';
import type { DragStats } from '../src/bench/drag-stats';
import type { TraceEvent } from '../src/bench/trace-frames';

export declare const DRAG_HZ: number;
export declare const DRAG_EVENTS: number;
export declare const DRAG_WARMUP: number;
export declare const DRAG_GRIDS: readonly number[];
export declare const TRACE_CATEGORIES: readonly string[];
export declare function budgetEvents(events: readonly TraceEvent[]): TraceEvent[];
export declare function dragPath(start: number, count: number, min: number, max: number): number[];
export declare function dragOnce(
  browser: Browser,
  baseUrl: string,
  engine: 'gpu' | 'cpu',
  side?: number,
  options?: { profile?: boolean },
): Promise<{ row: Record<string, unknown>; stats: DragStats; badge: string | null }>;
export declare function dragRows(
  browser: Browser,
  baseUrl: string,
  options?: { grids?: readonly number[]; engines?: readonly string[]; profile?: boolean },
): Promise<Record<string, unknown>[]>;
export declare function formatDragBudget(rows: readonly Record<string, unknown>[]): string;
