// fit-workgroup.wgsl: workgroup-per-fit entry of the fit kernel, appended to shaders/fit.wgsl by
// src/gpu/fit.ts (fitShader). Workgroup k runs fit k; dispatched as fitCount workgroups. Each
// evaluation splits the fit's rows across the WG_SIZE lanes (lane j sums its rows j,
// j + WG_SIZE, ..., counted from the fit's first row), the lanes' partial sums meet in workgroup
// memory, lanes 0-5 add up one term each in a fixed order, and workgroupUniformLoad hands the
// totals to every lane (3 barriers per evaluation).
// Every lane then runs the L-BFGS bookkeeping itself on identical values: the totals are uniform
// by WGSL's analysis, so is every value minimise() derives from them and from the read-only
// inputs, and with them every branch and loop around evaluate()'s barriers. Weights are per fit
// (weightRowStride = 1, weightFitStride = words per fit): a workgroup reads adjacent words.

var<private> lane: u32;
var<workgroup> partials: array<array<f32, 6>, WG_SIZE>;
var<workgroup> totals: array<f32, 6>;

fn evaluate(x: ptr<function, Vec>, g: ptr<function, Vec>, fit: u32) -> f32 {
  let p = partialSums(x, fit, lane, WG_SIZE);
  partials[lane] = array<f32, 6>(p.f, p.gA, p.gB, p.gE, p.gAlpha, p.gBeta);
  workgroupBarrier();
  for (var c = lane; c < 6u; c += WG_SIZE) {
    var s = 0.0;
    for (var j = 0u; j < WG_SIZE; j++) {
      s += partials[j][c];
    }
    totals[c] = s;
  }
  let t = workgroupUniformLoad(&totals);
  return finishGradient(Sums(t[0], t[1], t[2], t[3], t[4], t[5]), g);
}

@compute @workgroup_size(WG_SIZE)
fn fit(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_index) index: u32) {
  lane = index;
  let out = minimise(group.x);
  if (index == 0u) {
    results[group.x] = out;
  }
}
