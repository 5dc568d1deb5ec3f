// multiplier.wgsl: effective-compute-multiplier curves in f32. For every (pair, budget) it
// writes ln m(C) of the pair's recipe X against its reference R,
//   x = cX - gammaX ln C,   gap = dE + e^x   (= L*_X(C) - E_R),
//   ln m = offsetR - ln(gap) / gamma_R - ln C,
// with the pair's constants folded in f64 on the host (packMultiplierPairs), and a status:
// 0 where R can match X, 1 where gap <= 0 (R cannot match at any compute; ln m is then 0). The
// flag is an explicit u32 because a NaN result may be folded away by a WGSL compiler.
// The CPU twin is multiplierCurvesPacked in src/law/multiplier-curves.ts (f64), statement for
// statement.
// Bindings:
//   @group(0) @binding(0) params    (uniform MultiplierParams)
//   @group(0) @binding(1) pairs     (read-only storage, the band's MultiplierPair records)
//   @group(0) @binding(2) lnBudgets (read-only storage, B f32: ln C of each budget)
//   @group(0) @binding(3) lnm       (storage, band pairs x B f32, pair-major)
//   @group(0) @binding(4) status    (storage, band pairs x B u32, pair-major)
// Workgroups: WG_X threads along x; value k = id.y * rowStride + id.x, pair k / B, budget k % B
// (2D when one row of workgroups would pass the dispatch limit).

override WG_X: u32 = 64u;

struct MultiplierParams {
  count: u32,
  budgets: u32,
  rowStride: u32,
}

struct MultiplierPair {
  cX: f32,
  gammaX: f32,
  dE: f32,
  invGammaR: f32,
  offsetR: f32,
  pad0: f32,
  pad1: f32,
  pad2: f32,
}

@group(0) @binding(0) var<uniform> params: MultiplierParams;
@group(0) @binding(1) var<storage, read> pairs: array<MultiplierPair>;
@group(0) @binding(2) var<storage, read> lnBudgets: array<f32>;
@group(0) @binding(3) var<storage, read_write> lnm: array<f32>;
@group(0) @binding(4) var<storage, read_write> status: array<u32>;

@compute @workgroup_size(WG_X)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let k = id.y * params.rowStride + id.x;
  if (k >= params.count) {
    return;
  }
  let pair = pairs[k / params.budgets];
  let lnC = lnBudgets[k % params.budgets];
  let gap = pair.dE + exp(pair.cX - pair.gammaX * lnC);
  if (!(gap > 0.0)) {
    lnm[k] = 0.0;
    status[k] = 1u;
    return;
  }
  lnm[k] = pair.offsetR - log(gap) * pair.invGammaR - lnC;
  status[k] = 0u;
}
