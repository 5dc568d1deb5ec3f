// isoflop.wgsl: the isoFLOP parabolas of Approach 2 for every (replica, budget) pair in f32.
// One thread per pair k = replica * budgets + budget. It accumulates the weighted normal
// equations of v = c0 + c1 u + c2 u^2 over its budget's runs (u: ln N centred on the budget's
// mean and scaled by its half range; v: y centred on its mean; both prepared in f64 on the
// host), with the replica's resample counts as weights, solves them by Gaussian elimination
// without pivoting and applies the acceptance tests (3 distinct sizes with weight, c2 > 0, the
// vertex inside the range of the weighted u, the minimum no further below the lowest weighted v
// than the v's spread). Record: (status, vertex u, c2, minimum v); status 0 ok, 1 fewer than 3
// sizes, 2 not convex, 3 vertex outside, 4 implausible minimum (ill-conditioned). Fields a
// failure leaves unset are 0.
// The CPU twin is parabolaRecord in src/fit/isoflop-parabola.ts (f64), statement for statement.
// Bindings:
//   @group(0) @binding(0) params  (uniform IsoflopParams)
//   @group(0) @binding(1) offsets (read-only storage, budgets + 1 u32: first packed run of each)
//   @group(0) @binding(2) uv      (read-only storage, runs vec2f: (u, v) of each packed run)
//   @group(0) @binding(3) weights (read-only storage, replicas x runs f32, replica-major)
//   @group(0) @binding(4) records (storage, replicas x budgets vec4f)
// Workgroups: WG_X threads along x; pair k = id.y * rowStride + id.x (2D when one row of
// workgroups would pass the dispatch limit).

override WG_X: u32 = 64u;

struct IsoflopParams {
  pairs: u32,
  budgets: u32,
  runs: u32,
  rowStride: u32,
}

@group(0) @binding(0) var<uniform> params: IsoflopParams;
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read> uv: array<vec2f>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read_write> records: array<vec4f>;

@compute @workgroup_size(WG_X)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let k = id.y * params.rowStride + id.x;
  if (k >= params.pairs) {
    return;
  }
  let b = k % params.budgets;
  let wBase = (k / params.budgets) * params.runs;
  let first = offsets[b];
  let last = offsets[b + 1u];
  var s0 = 0.0;
  var s1 = 0.0;
  var s2 = 0.0;
  var s3 = 0.0;
  var s4 = 0.0;
  var t0 = 0.0;
  var t1 = 0.0;
  var t2 = 0.0;
  var distinct = 0u;
  var previous = 0.0;
  var lo = 3.0e38;
  var hi = -3.0e38;
  var vLo = 3.0e38;
  var vHi = -3.0e38;
  for (var i = first; i < last; i++) {
    let wi = weights[wBase + i];
    if (!(wi > 0.0)) {
      continue;
    }
    let p = uv[i];
    let ui = p.x;
    let vi = p.y;
    if (distinct == 0u || ui != previous) {
      distinct++;
    }
    previous = ui;
    lo = min(lo, ui);
    hi = max(hi, ui);
    vLo = min(vLo, vi);
    vHi = max(vHi, vi);
    let u2 = ui * ui;
    s0 += wi;
    s1 += wi * ui;
    s2 += wi * u2;
    s3 += wi * u2 * ui;
    s4 += wi * u2 * u2;
    t0 += wi * vi;
    t1 += wi * ui * vi;
    t2 += wi * u2 * vi;
  }
  if (distinct < 3u) {
    records[k] = vec4f(1.0, 0.0, 0.0, 0.0);
    return;
  }
  let m11 = s2 - (s1 * s1) / s0;
  let m12 = s3 - (s1 * s2) / s0;
  let m22 = s4 - (s2 * s2) / s0;
  let r1 = t1 - (s1 * t0) / s0;
  let r2 = t2 - (s2 * t0) / s0;
  let c2 = (r2 - (m12 * r1) / m11) / (m22 - (m12 * m12) / m11);
  let c1 = (r1 - m12 * c2) / m11;
  let c0 = (t0 - s1 * c1 - s2 * c2) / s0;
  if (!(c2 > 0.0)) {
    records[k] = vec4f(2.0, 0.0, c2, 0.0);
    return;
  }
  let vertex = -c1 / (2.0 * c2);
  let vMin = c0 + 0.5 * c1 * vertex;
  var status = 0.0;
  if (vertex < lo || vertex > hi) {
    status = 3.0;
  } else if (vMin < vLo - (vHi - vLo)) {
    status = 4.0;
  }
  records[k] = vec4f(status, vertex, c2, vMin);
}
