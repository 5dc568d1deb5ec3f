/**
 * An RGBA image as a PNG data URL, through a 2D canvas, for an SVG `<image>` (the cell images
 * of the maps). Browser-only: the one DOM helper among the charts' pure modules.
 */

/** `rgba` (`width` pixels a row, first row at the top) as a PNG data URL; '' without a 2D canvas. */
export function imageUrl(rgba: Uint8ClampedArray<ArrayBuffer>, width: number): string {
  const height = rgba.length / 4 / width;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.toDataURL('image/png');
}
