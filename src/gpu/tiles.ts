/**
 * Splits a grid's rows into bands that fit one storage binding and one dispatch.
 */
import type { RowRange } from '../law/grid';
import type { GpuLimits } from './device';

/** The limits a band must respect. */
export type TileLimits = Pick<
  GpuLimits,
  'maxStorageBufferBindingSize' | 'maxBufferSize' | 'maxComputeWorkgroupsPerDimension'
>;

/**
 * Row bands covering `rows` of a grid `width` columns wide, each at most one binding
 * (4 bytes a cell) and at most maxComputeWorkgroupsPerDimension * rowsPerWorkgroup rows.
 * Throws if a single row does not fit a binding.
 */
export function planRowTiles(
  width: number,
  rows: RowRange,
  limits: TileLimits,
  rowsPerWorkgroup: number,
): RowRange[] {
  const bytesPerRow = width * 4;
  const maxBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const byBinding = Math.floor(maxBytes / bytesPerRow);
  if (byBinding < 1) {
    throw new RangeError(
      `one grid row of ${width} cells (${bytesPerRow} bytes) exceeds the device's largest binding (${maxBytes} bytes)`,
    );
  }
  const byDispatch = limits.maxComputeWorkgroupsPerDimension * rowsPerWorkgroup;
  const perTile = Math.min(byBinding, byDispatch);
  const tiles: RowRange[] = [];
  for (let start = rows.start; start < rows.start + rows.count; start += perTile) {
    tiles.push({ start, count: Math.min(perTile, rows.start + rows.count - start) });
  }
  return tiles;
}
