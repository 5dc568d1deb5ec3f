// surface.wgsl: the loss surface L(N, D) = E + A / N^alpha + B / D^beta over one band of rows
// of a log-spaced grid, in f32.
// The host folds the law into the grid (src/law/surface.ts, surfaceTerms): the N term at column c
// is exp(xN0 + c * xNStep) and the D term at row r is exp(xD0 + r * xDStep). The law is separable,
// so the kernel runs in two entry points:
//   axes:  the width + height axis terms (one exp each) into `terms`;
//   cells: each cell of the band as E + terms[col] + terms[width + row] (no transcendental);
//   cells4: the same for widths divisible by 4, each thread writing 4 columns x ROWS rows as
//     vec4 stores (on SwiftShader ~6x faster than one scalar store per thread).
// The CPU twin (evaluateSurface) computes the same terms in f64.
// Bindings (one explicit layout shared by both entry points):
//   @group(0) @binding(0) params (uniform SurfaceParams)
//   @group(0) @binding(1) values (storage, rowCount * width f32, row-major, this band only;
//                                 cells4 views the same buffer as vec4f)
//   @group(0) @binding(2) terms  (storage, width + height f32: N terms, then D terms)
// Workgroups: axes is WG_X x 1 over width + height; cells is WG_X x WG_Y over
//   (column, row of the band), dispatched as (ceil(width / WG_X), ceil(rowCount / WG_Y));
//   cells4 is WG_X x 1 over (column quad, block of ROWS rows), dispatched as
//   (ceil(width / 4 / WG_X), ceil(rowCount / ROWS)).

override WG_X: u32 = 64u;
override WG_Y: u32 = 4u;
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
}

@group(0) @binding(0) var<uniform> params: SurfaceParams;
@group(0) @binding(1) var<storage, read_write> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> values4: array<vec4f>;
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

@compute @workgroup_size(WG_X, WG_Y)
fn cells(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let localRow = id.y;
  if (col >= params.width || localRow >= params.rowCount) {
    return;
  }
  let dTerm = terms[params.width + params.rowStart + localRow];
  values[localRow * params.width + col] = params.E + terms[col] + dTerm;
}

@compute @workgroup_size(WG_X)
fn cells4(@builtin(global_invocation_id) id: vec3u) {
  let quads = params.width / 4u;
  if (id.x >= quads) {
    return;
  }
  let c = id.x * 4u;
  let nTerms = vec4f(terms[c], terms[c + 1u], terms[c + 2u], terms[c + 3u]) + vec4f(params.E);
  let first = id.y * ROWS;
  let last = min(first + ROWS, params.rowCount);
  for (var localRow = first; localRow < last; localRow++) {
    let dTerm = terms[params.width + params.rowStart + localRow];
    values4[localRow * quads + id.x] = nTerms + vec4f(dTerm);
  }
}
