// surface.wgsl: the loss surface L(N, D) = E + A / N^alpha + B / D^beta over one band of rows
// of a log-spaced grid, in f32.
// The host folds the law into the grid (src/law/surface.ts, surfaceTerms): the N term at column c
// is exp(xN0 + c * xNStep) and the D term at row r is exp(xD0 + r * xDStep). The law is separable,
// so the kernel runs in two entry points:
//   axes:  the width + height axis terms (one exp each) into `terms`;
//   cells: each cell of the band as E + terms[col] + terms[width + row] (no transcendental),
//     each thread writing 4 columns x ROWS rows as vec4 stores (on SwiftShader ~6x faster than
//     one scalar store per thread). Rows are stored `stride` floats apart (the width rounded up
//     to a multiple of 4); the padding columns repeat the last column.
// The CPU twin (evaluateSurface) computes the same terms in f64.
// Bindings (one explicit layout shared by both entry points):
//   @group(0) @binding(0) params (uniform SurfaceParams)
//   @group(0) @binding(1) values (storage, rowCount * stride f32, row-major, this band only)
//   @group(0) @binding(2) terms  (storage, width + height f32: N terms, then D terms)
// Workgroups: axes is WG_X x 1 over width + height; cells is WG_X x 1 over (column quad, block
//   of ROWS rows), dispatched as (ceil(stride / 4 / WG_X), ceil(rowCount / ROWS)).

override WG_X: u32 = 64u;
override ROWS: u32 = 32u;

struct SurfaceParams {
  E: f32,
  xN0: f32,
  xNStep: f32,
  xD0: f32,
  xDStep: f32,
  width: u32,
  height: u32,
  rowStart: u32,
  rowCount: u32,
  stride: u32,
}

@group(0) @binding(0) var<uniform> params: SurfaceParams;
@group(0) @binding(1) var<storage, read_write> values: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> terms: array<f32>;

@compute @workgroup_size(WG_X)
fn axes(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < params.width) {
    terms[i] = exp(params.xN0 + f32(i) * params.xNStep);
  } else if (i < params.width + params.height) {
    terms[i] = exp(params.xD0 + f32(i - params.width) * params.xDStep);
  }
}

@compute @workgroup_size(WG_X)
fn cells(@builtin(global_invocation_id) id: vec3u) {
  let quads = params.stride / 4u;
  if (id.x >= quads) {
    return;
  }
  let c = id.x * 4u;
  let last = params.width - 1u;
  let nTerms = vec4f(
    terms[min(c, last)],
    terms[min(c + 1u, last)],
    terms[min(c + 2u, last)],
    terms[min(c + 3u, last)],
  ) + vec4f(params.E);
  let first = id.y * ROWS;
  let stop = min(first + ROWS, params.rowCount);
  for (var localRow = first; localRow < stop; localRow++) {
    let dTerm = terms[params.width + params.rowStart + localRow];
    values[localRow * quads + id.x] = nTerms + vec4f(dTerm);
  }
}
