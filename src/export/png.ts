/**
 * PNG of a composed figure: the standalone SVG drawn through an <img> (from a blob: URL, so
 * nothing touches the network) onto a 2D canvas `scale` times its CSS size. Browser-only.
 */
import type { Figure } from './figure';

/** Pixel size of a figure's PNG at `scale` (2 by default, as on a 2x display). */
export function pngSize(figure: Pick<Figure, 'width' | 'height'>, scale = 2) {
  return { width: Math.round(figure.width * scale), height: Math.round(figure.height * scale) };
}

/** Rasterises `figure` at `scale` x its CSS pixel size; resolves with the PNG. */
export async function figurePng(figure: Figure, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([figure.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const size = pngSize(figure, scale);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas to draw the PNG on');
    ctx.drawImage(img, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) =>
          blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG')),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
