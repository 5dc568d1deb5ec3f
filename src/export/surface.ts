/**
 * Exports of the Surface view: the figure's caption (the law, and the colour scale with its
 * colour map and source), and a redraw of the heatmap from the engine's surface grid for when
 * the on-screen canvas reads back blank.
 */
import { type ColourScale, colourise } from '../colour/colour-map';
import { colourMapCitation } from '../colour/colour-maps';
import type { Engine } from '../engine/engine';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { methodsNumber } from './methods';

/** "L(N, D) = E + A/N^α + B/D^β with E = 1.69, A = 406.4, …" for a figure title. Pure. */
export function lawCaption(law: ScalingLaw): string {
  const n = (x: number) => methodsNumber(x, 5);
  return `L(N, D) = E + A/N^α + B/D^β with E = ${n(law.E)}, A = ${n(law.A)}, B = ${n(law.B)}, α = ${n(law.alpha)}, β = ${n(law.beta)}`;
}

/**
 * "colour: log(L − E), cividis colour map (Nuñez, Anderton & Renslow 2018, …)": how the heatmap
 * is coloured, for a figure title. Pure.
 */
export function colourCaption(scale: ColourScale): string {
  const how = scale.mode === 'log-reducible' ? 'log(L − E)' : 'linear in L';
  return `colour: ${how}, ${colourMapCitation(scale.map)}`;
}

/**
 * The heatmap as a PNG data URL at grid resolution: `engine.surface` coloured on the CPU by
 * the same LUT as the painters (colourise, the twin of shaders/heatmap.wgsl: the LUT of
 * `scale.map`). Browser-only.
 */
export async function surfaceHeatmapImage(
  engine: Engine,
  law: ScalingLaw,
  grid: SurfaceGrid,
  scale: ColourScale,
): Promise<string> {
  const values = await engine.surface(law, grid);
  const canvas = document.createElement('canvas');
  canvas.width = grid.width;
  canvas.height = grid.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to redraw the heatmap on');
  ctx.putImageData(new ImageData(colourise(values, grid.width, scale), grid.width), 0, 0);
  return canvas.toDataURL('image/png');
}
