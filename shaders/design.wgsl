// design.wgsl: the sweep designer's variance reduction of every candidate run, in f32.
// One thread per candidate cell (col, row) of one band of rows. The candidate's centred logs are
// affine in (col, row): n = n0 + col nCol + row nRow, d = d0 + col dCol + row dRow (the host
// folds the centre and both region kinds, N x D or budgets x sizes, into these six numbers).
// Its gradient j of the predicted ln L with respect to the centred parameters (e, a', b',
// alpha, beta) is (wE, wA, wB, -wA n, -wB d), w the softmax weights of the three terms of
// LSE(aC - alpha n, bC - beta d, e). With C = M^-1 and g the target's gradient (uploaded in
// `model`), the Sherman-Morrison reduction is
//   dVar = (g^T C j)^2 / (s2 + j^T C j).
// The CPU twin is candidateReductions in src/fit/design.ts (f64).
// Bindings:
//   @group(0) @binding(0) params (uniform DesignParams)
//   @group(0) @binding(1) values (storage, rowCount * width f32, row-major, this band only)
//   @group(0) @binding(2) model  (read-only storage, 32 f32: C row-major 5 x 5, then g, then pad)
// Workgroups: WG_X x 1 threads over (column, row), dispatched as (ceil(width / WG_X), rowCount).

override WG_X: u32 = 64u;

struct DesignParams {
  aC: f32,
  bC: f32,
  e: f32,
  alpha: f32,
  beta: f32,
  n0: f32,
  nCol: f32,
  nRow: f32,
  d0: f32,
  dCol: f32,
  dRow: f32,
  s2: f32,
  width: u32,
  rowStart: u32,
  rowCount: u32,
  pad: u32,
}

@group(0) @binding(0) var<uniform> params: DesignParams;
@group(0) @binding(1) var<storage, read_write> values: array<f32>;
@group(0) @binding(2) var<storage, read> model: array<f32, 32>;

@compute @workgroup_size(WG_X)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let localRow = id.y;
  if (col >= params.width || localRow >= params.rowCount) {
    return;
  }
  let c = f32(col);
  let r = f32(params.rowStart + localRow);
  let n = params.n0 + c * params.nCol + r * params.nRow;
  let d = params.d0 + c * params.dCol + r * params.dRow;
  let xA = params.aC - params.alpha * n;
  let xB = params.bC - params.beta * d;
  let xE = params.e;
  let m = max(xA, max(xB, xE));
  let eA = exp(xA - m);
  let eB = exp(xB - m);
  let eE = exp(xE - m);
  let sum = eA + eB + eE;
  let wA = eA / sum;
  let wB = eB / sum;
  var j: array<f32, 5>;
  j[0] = eE / sum;
  j[1] = wA;
  j[2] = wB;
  j[3] = -wA * n;
  j[4] = -wB * d;
  var u = 0.0;
  var q = 0.0;
  for (var i = 0u; i < 5u; i++) {
    var cj = 0.0;
    for (var k = 0u; k < 5u; k++) {
      cj += model[i * 5u + k] * j[k];
    }
    u += model[25u + i] * cj;
    q += j[i] * cj;
  }
  values[localRow * params.width + col] = u * u / (params.s2 + q);
}
