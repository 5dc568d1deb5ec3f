/**
 * Self time per function and per source file from a V8 CPU profile (the CDP Profiler domain's
 * Profile object): which work the main thread did during a drag. Pure.
 */

/** The fields of a CDP Profiler.Profile read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
  }[];
  /** Node id of each sample. */
  readonly samples?: readonly number[];
  /** Microseconds between a sample and the one before it (the first: from the profile start). */
  readonly timeDeltas?: readonly number[];
}

/** Self time of one function or file, in ms. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
}

/** The file part of a URL without query ('…/src/ui/planner-panel.ts?t=1' → 'src/ui/planner-panel.ts'). */
export function sourceFile(url: string): string {
  if (url === '') return '';
  const bare = url.split(/[?#]/)[0]!;
  const src = bare.indexOf('/src/');
  if (src >= 0) return bare.slice(src + 1);
  const deps = bare.indexOf('/node_modules/');
  if (deps >= 0) return bare.slice(deps + 1);
  return bare.slice(bare.lastIndexOf('/') + 1) || bare;
}

/**
 * Self time of each sample's node: a sample lasts until the next one (the last sample, whose
 * length is unknown, counts nothing). Keyed by node id, in ms.
 */
function nodeSelfTimes(profile: CpuProfile): Map<number, number> {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const out = new Map<number, number>();
  for (let i = 0; i + 1 < samples.length; i++) {
    const us = deltas[i + 1] ?? 0;
    out.set(samples[i]!, (out.get(samples[i]!) ?? 0) + us / 1000);
  }
  return out;
}

function ranked(totals: Map<string, number>, top: number): SelfTime[] {
  return [...totals.entries()]
    .map(([name, ms]) => ({ name, ms }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name))
    .slice(0, top);
}

/** Self time summed per key of each profile node ('(idle)' is left out), the `top` ranked. */
function selfTimeBy(
  profile: CpuProfile,
  top: number,
  keyOf: (functionName: string, file: string) => string,
): SelfTime[] {
  const self = nodeSelfTimes(profile);
  const totals = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id);
    if (!ms) continue;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') continue;
    const key = keyOf(functionName, sourceFile(url));
    totals.set(key, (totals.get(key) ?? 0) + ms);
  }
  return ranked(totals, top);
}

/**
 * The `top` functions by self time ('name (file)'; V8's own entries such as '(garbage
 * collector)' keep their names; '(idle)' is left out).
 */
export function topFunctions(profile: CpuProfile, top = 15): SelfTime[] {
  return selfTimeBy(
    profile,
    top,
    (name, file) => `${name || '(anonymous)'}${file ? ` (${file})` : ''}`,
  );
}

/**
 * The `top` source files by self time of the functions in them (entries with no URL, such as
 * '(program)' or '(garbage collector)', are grouped under their own names; '(idle)' is left out).
 */
export function topFiles(profile: CpuProfile, top = 15): SelfTime[] {
  return selfTimeBy(profile, top, (name, file) => file || name || '(anonymous)');
}
