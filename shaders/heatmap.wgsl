// heatmap.wgsl: colour mapping of one band of surface values onto a render target, on the GPU,
// with no readback. A full-screen triangle covers the target; each fragment picks its nearest grid
// cell, maps L to a ramp position t (linear in L, or linear in ln(L - E)), and looks the colour up
// in a 256-entry table. Rows outside the band are clamped to it: the host's scissor rectangle
// decides which band draws which pixels. Non-finite values draw magenta.
// CPU twin: src/colour/colour-map.ts (colourise).
// Bindings: @group(0) @binding(0) params (uniform HeatmapParams),
//           @group(0) @binding(1) values (storage, read, this band's rowCount rows, rowStride f32
//                                        apart: the surface kernel's padded rows),
//           @group(0) @binding(2) lut (storage, read, 256 packed RGBA8 u32).

struct HeatmapParams {
  offset: f32,
  scale: f32,
  E: f32,
  logReducible: u32,
  gridWidth: u32,
  gridHeight: u32,
  rowStart: u32,
  rowCount: u32,
  targetWidth: f32,
  targetHeight: f32,
  rowStride: u32,
}

@group(0) @binding(0) var<uniform> params: HeatmapParams;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read> lut: array<u32, 256>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let xy = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(xy * 2.0 - 1.0, 0.0, 1.0);
}

fn isFinite(v: f32) -> bool {
  return v == v && abs(v) <= 0x1.fffffep+127f;
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let col = min(u32(pos.x / params.targetWidth * f32(params.gridWidth)), params.gridWidth - 1u);
  let fromBottom = (params.targetHeight - pos.y) / params.targetHeight;
  let row = clamp(
    i32(fromBottom * f32(params.gridHeight)),
    i32(params.rowStart),
    i32(params.rowStart + params.rowCount - 1u),
  );
  let v = values[u32(row - i32(params.rowStart)) * params.rowStride + col];
  if (!isFinite(v)) {
    return vec4f(1.0, 0.0, 1.0, 1.0);
  }
  var f = v;
  if (params.logReducible != 0u) {
    f = log(max(v - params.E, 1.17549435e-38));
  }
  let t = clamp((f - params.offset) * params.scale, 0.0, 1.0);
  let index = min(u32(t * 256.0), 255u);
  return unpack4x8unorm(lut[index]);
}
