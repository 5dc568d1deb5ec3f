// fit-thread.wgsl: thread-per-fit entry of the fit kernel, appended to shaders/fit.wgsl by
// src/gpu/fit.ts (fitShader). One invocation runs one whole fit over its rows; dispatched as
// ceil(fitCount / WG_SIZE) workgroups. Weights are interleaved (weightRowStride = fitCount,
// weightFitStride = 1) so the lanes of a workgroup read adjacent words of the same row.
// Rows are read from storage, not staged in workgroup memory: invocations of one workgroup sit
// at different points of their own minimisation, so there is no uniform place for a barrier,
// and every invocation reads the same row at about the same time (a cache broadcast).

fn evaluate(x: ptr<function, Vec>, g: ptr<function, Vec>, fit: u32) -> f32 {
  return finishGradient(partialSums(x, fit, 0u, 1u), g);
}

@compute @workgroup_size(WG_SIZE)
fn fit(@builtin(global_invocation_id) id: vec3u) {
  let k = id.x;
  if (k >= params.fitCount) {
    return;
  }
  results[k] = minimise(k);
}
