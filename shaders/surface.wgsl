// surface.wgsl: the loss surface L(N, D) = E + A / N^alpha + B / D^beta over one band of rows
// of a log-spaced grid, in f32.
// The host folds the law into the grid (src/law/surface.ts, surfaceTerms): the N term at column c
// is exp(xN0 + c * xNStep) and the D term at row r is exp(xD0 + r * xDStep), so a cell costs two
// exp and no pow, and N up to 1e15 never overflows.
// Bindings: @group(0) @binding(0) params (uniform SurfaceParams),
//           @group(0) @binding(1) values (storage, rowCount * width f32, row-major, this band only).
// Workgroup: WG_X x WG_Y invocations over (column, row of the band); dispatch
//            (ceil(width / WG_X), ceil(rowCount / WG_Y)).

override WG_X: u32 = 64u;
override WG_Y: u32 = 4u;

struct SurfaceParams {
  E: f32,
  xN0: f32,
  xNStep: f32,
  xD0: f32,
  xDStep: f32,
  width: u32,
  rowStart: u32,
  rowCount: u32,
}

@group(0) @binding(0) var<uniform> params: SurfaceParams;
@group(0) @binding(1) var<storage, read_write> values: array<f32>;

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let localRow = id.y;
  if (col >= params.width || localRow >= params.rowCount) {
    return;
  }
  let row = params.rowStart + localRow;
  let nTerm = exp(params.xN0 + f32(col) * params.xNStep);
  let dTerm = exp(params.xD0 + f32(row) * params.xDStep);
  values[localRow * params.width + col] = params.E + nTerm + dTerm;
}
