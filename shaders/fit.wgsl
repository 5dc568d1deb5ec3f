// fit.wgsl: many independent L-BFGS minimisations of the Approach-3 objective in one dispatch,
// in f32. This file is the shared core (objective terms, minimise()); it is not a whole shader:
// src/gpu/fit.ts (fitShader) appends one mode file, which defines evaluate() and the entry point:
//   fit-thread.wgsl     thread-per-fit: one invocation per fit;
//   fit-workgroup.wgsl  workgroup-per-fit: the rows of each evaluation split across a workgroup.
// src/gpu/fit.ts records which is the default and why (measured).
// Objective at centred x = (a', b', e, alpha, beta) (src/fit/objective.ts is the f64 twin):
//   f(x) = sum_i w_i c_i rho(r_i),   r_i = LSE(a' - alpha n_i, b' - beta d_i, e) - lnL_i
// with rho = Huber_delta (lossKind 0) or r^2 / 2 (lossKind 1), w_i = count_i * rowWeight_i
// (rowWeighted 0: rowWeight 1), c_i = overPenalty when r_i > 0 (an over-prediction), else 1;
// the analytic gradient, with the components whose bit is set in fixedMask zeroed (held
// parameters: L-BFGS never moves them); tied exponents (dim = 4) use beta = alpha and sum their
// gradients.
// Minimiser (mirrors src/fit/lbfgs.ts and line-search.ts step for step):
//   L-BFGS, two-loop recursion over the last MEMORY = 10 pairs (ring buffer), initial scaling
//   gamma = s.y / y.y, steepest descent when the direction is not downhill, pair kept only when
//   s.y > CURVATURE_EPS |s| |y|; line search: strong Wolfe (c1 = 1e-4, c2 = 0.9) with bracketing
//   by doubling, zoom by safeguarded cubic interpolation, at most 30 evaluations, a non-finite
//   trial halved back; on failure the memory is dropped once and the iteration retried.
// Stopping (f32 can resolve neither scipy's ftol nor an absolute gradient near 1e-7):
//   ftol: (f_k - f_k+1) <= ftol * max(|f_k|, |f_k+1|, fFloor)         -> reason 1 (converged)
//   gtol: max |g_j| <= gtolRel * slope * sum_i w_i max(1, |n_i|, |d_i|) -> reason 2 (converged)
//   where slope is the largest |d rho / d r| a row has: for Huber slopeScale = delta *
//   max(1, overPenalty), so the scale is the largest each gradient component can be; for least
//   squares, whose slope |r| is unbounded, slopeScale (1) times the current RMS residual
//   sqrt(2 f / sum_i w_i), i.e. a gradient small against what the residuals' own size gives
//   (src/gpu/fit.ts, slopeScaleOf); or maxIterations -> reason 3;
//   a failed line search is reason 4 (converged) when max |g| <= 100 gtol, else 5; a
//   non-finite start is reason 6.
// Bindings:
//   @group(0) @binding(0) params  (uniform FitParams)
//   @group(0) @binding(1) rows    (storage read, 4 f32 per row: n_i, d_i, lnL_i, max(1,|n_i|,|d_i|))
//   @group(0) @binding(2) starts  (storage read, 5 f32 per fit, or one shared start: startStride 0)
//   @group(0) @binding(3) weights (storage read, u32 words of WEIGHT_BITS-bit counts: word
//                                  (i / perWord) * weightRowStride + fit * weightFitStride holds
//                                  row i of that fit; the mode file says which layout it wants)
//   @group(0) @binding(4) results (storage read_write, one FitRecord per fit)
//   @group(0) @binding(5) ranges  (storage read, vec2u per fit: its first row and row count, at
//                                  fit * rangeStride; rangeStride 0: every fit reads range 0)
//   @group(0) @binding(6) rowWeights (storage read, one f32 per row of `rows`, read only when
//                                  rowWeighted is 1; a 16-byte placeholder otherwise)
// Several problems (e.g. the series of a dataset) share one dispatch: their rows lie one after
// another in `rows`, and each fit reads only its own range; a fit's weights are indexed by its
// row within that range.

override WG_SIZE: u32 = 64u;
// 8 (four counts per word) or 16 (two per word); the host picks it from the largest count.
override WEIGHT_BITS: u32 = 8u;

const MEMORY: u32 = 10u;
const C1: f32 = 1e-4;
const C2: f32 = 0.9;
const MAX_LINE_EVALS: u32 = 30u;
const MAX_STEP: f32 = 1e8;
const EXPANSION: f32 = 4.0;
const CURVATURE_EPS: f32 = 1e-6;
const STEP_EPS: f32 = 1.2e-7;

struct FitParams {
  rowCount: u32,
  fitCount: u32,
  dim: u32,
  weighted: u32,
  startStride: u32,
  maxIterations: u32,
  delta: f32,
  ftol: f32,
  fFloor: f32,
  gtolRel: f32,
  weightRowStride: u32,
  weightFitStride: u32,
  rangeStride: u32,
  lossKind: u32,
  overPenalty: f32,
  fixedMask: u32,
  rowWeighted: u32,
  slopeScale: f32,
}

struct FitRecord {
  a: f32,
  b: f32,
  e: f32,
  alpha: f32,
  beta: f32,
  objective: f32,
  iterations: u32,
  status: u32,
}

@group(0) @binding(0) var<uniform> params: FitParams;
@group(0) @binding(1) var<storage, read> rows: array<vec4f>;
@group(0) @binding(2) var<storage, read> starts: array<f32>;
@group(0) @binding(3) var<storage, read> weights: array<u32>;
@group(0) @binding(4) var<storage, read_write> results: array<FitRecord>;
@group(0) @binding(5) var<storage, read> ranges: array<vec2u>;
@group(0) @binding(6) var<storage, read> rowWeights: array<f32>;

alias Vec = array<f32, 5>;

/** Sums over rows of the objective and its gradient terms (before tying exponents). */
struct Sums {
  f: f32,
  gA: f32,
  gB: f32,
  gE: f32,
  gAlpha: f32,
  gBeta: f32,
}

/** Finite test by bit pattern: WGSL lets compilers assume no NaN or infinity in comparisons. */
fn finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

/** First row and row count of fit `fit`. */
fn rowRange(fit: u32) -> vec2u {
  return ranges[fit * params.rangeStride];
}

/** Resampling count of row i of fit `fit`, i counted from the fit's first row. */
fn rowCount(i: u32, fit: u32) -> f32 {
  if (params.weighted == 0u) {
    return 1.0;
  }
  let perWord = 32u / WEIGHT_BITS;
  let word = weights[(i / perWord) * params.weightRowStride + fit * params.weightFitStride];
  let mask = (1u << WEIGHT_BITS) - 1u;
  return f32((word >> ((i % perWord) * WEIGHT_BITS)) & mask);
}

/**
 * Weight of row i of fit `fit`: its count times its row weight, i counted from the fit's first
 * row, which is row `firstRow` of `rows`.
 */
fn rowWeight(i: u32, fit: u32, firstRow: u32) -> f32 {
  let c = rowCount(i, fit);
  if (params.rowWeighted == 0u) {
    return c;
  }
  return c * rowWeights[firstRow + i];
}

/**
 * Objective terms (f, then the gradient by a', b', e, alpha, beta) at x summed over the fit's
 * rows first, first + stride, ... (counted from its first row): all of them in thread-per-fit,
 * one lane's share in workgroup-per-fit.
 */
fn partialSums(x: ptr<function, Vec>, fit: u32, first: u32, stride: u32) -> Sums {
  let a = (*x)[0];
  let b = (*x)[1];
  let e = (*x)[2];
  let alpha = (*x)[3];
  var beta = (*x)[4];
  if (params.dim == 4u) {
    beta = alpha;
  }
  let delta = params.delta;
  let squared = params.lossKind == 1u;
  var f = 0.0;
  var gA = 0.0;
  var gB = 0.0;
  var gE = 0.0;
  var gAlpha = 0.0;
  var gBeta = 0.0;
  let range = rowRange(fit);
  for (var i = first; i < range.y; i += stride) {
    let wRow = rowWeight(i, fit, range.x);
    if (wRow == 0.0) {
      continue;
    }
    let row = rows[range.x + i];
    let t1 = a - alpha * row.x;
    let t2 = b - beta * row.y;
    let m = max(max(t1, t2), e);
    let e1 = exp(t1 - m);
    let e2 = exp(t2 - m);
    let e3 = exp(e - m);
    let s = e1 + e2 + e3;
    let r = m + log(s) - row.z;
    let w = select(wRow, wRow * params.overPenalty, r > 0.0);
    let ar = abs(r);
    var dr: f32;
    if (squared || ar <= delta) {
      f += w * 0.5 * r * r;
      dr = w * r;
    } else {
      f += w * delta * (ar - 0.5 * delta);
      dr = select(-w * delta, w * delta, r > 0.0);
    }
    let k = dr / s;
    let p1 = k * e1;
    let p2 = k * e2;
    gA += p1;
    gB += p2;
    gE += k * e3;
    gAlpha -= p1 * row.x;
    gBeta -= p2 * row.y;
  }
  return Sums(f, gA, gB, gE, gAlpha, gBeta);
}

/**
 * The objective from summed terms, gradient into g (tied exponents sum theirs; components of
 * fixed parameters are zero).
 */
fn finishGradient(t: Sums, g: ptr<function, Vec>) -> f32 {
  (*g)[0] = t.gA;
  (*g)[1] = t.gB;
  (*g)[2] = t.gE;
  if (params.dim == 4u) {
    (*g)[3] = t.gAlpha + t.gBeta;
    (*g)[4] = 0.0;
  } else {
    (*g)[3] = t.gAlpha;
    (*g)[4] = t.gBeta;
  }
  for (var j = 0u; j < 5u; j++) {
    if ((params.fixedMask & (1u << j)) != 0u) {
      (*g)[j] = 0.0;
    }
  }
  return t.f;
}

fn dotv(u: ptr<function, Vec>, v: ptr<function, Vec>) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < params.dim; j++) {
    s += (*u)[j] * (*v)[j];
  }
  return s;
}

fn maxAbs(v: ptr<function, Vec>) -> f32 {
  var m = 0.0;
  for (var j = 0u; j < params.dim; j++) {
    m = max(m, abs((*v)[j]));
  }
  return m;
}

fn allFinite(v: ptr<function, Vec>) -> bool {
  var ok = true;
  for (var j = 0u; j < params.dim; j++) {
    ok = ok && finite((*v)[j]);
  }
  return ok;
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the bracket. */
fn cubicStep(a: f32, fa: f32, da: f32, b: f32, fb: f32, db: f32) -> f32 {
  let lo = min(a, b);
  let hi = max(a, b);
  let margin = 0.1 * (hi - lo);
  let d1 = da + db - 3.0 * (fa - fb) / (a - b);
  let disc = d1 * d1 - da * db;
  var t = 0.5 * (a + b);
  if (disc >= 0.0 && finite(disc)) {
    let d2 = sign(b - a) * sqrt(disc);
    let c = b - (b - a) * (db + d2 - d1) / (db - da + 2.0 * d2);
    if (finite(c) && c >= lo + margin && c <= hi - margin) {
      t = c;
    }
  }
  return t;
}

/** The gradient tolerance at objective f: fixed for Huber, times the RMS residual for squares. */
fn gradientTolerance(base: f32, f: f32, wSum: f32) -> f32 {
  if (params.lossKind == 1u) {
    return base * sqrt(max(2.0 * f / wSum, 0.0));
  }
  return base;
}

/**
 * One whole L-BFGS minimisation, fit k. evaluate() comes from the mode file: in
 * workgroup-per-fit every lane runs this redundantly on identical (uniform) values.
 */
fn minimise(k: u32) -> FitRecord {
  let dim = params.dim;
  var x: Vec;
  let base = k * params.startStride;
  for (var j = 0u; j < 5u; j++) {
    x[j] = starts[base + j];
  }
  var gScale = 0.0;
  var wSum = 0.0;
  let range = rowRange(k);
  for (var i = 0u; i < range.y; i++) {
    let w = rowWeight(i, k, range.x);
    gScale += w * rows[range.x + i].w;
    wSum += w;
  }
  let gtolBase = params.gtolRel * params.slopeScale * gScale;

  var g: Vec;
  var f = evaluate(&x, &g, k);
  var gtol = gradientTolerance(gtolBase, f, wSum);
  var evaluations = 1u;
  var iterations = 0u;
  var reason = 0u;
  if (!finite(f) || !allFinite(&g)) {
    reason = 6u;
  } else if (maxAbs(&g) <= gtol) {
    reason = 2u;
  }

  var S: array<f32, 50>;
  var Y: array<f32, 50>;
  var rho: array<f32, 10>;
  var alphas: array<f32, 10>;
  var count = 0u;
  var head = 0u;
  var retried = false;
  var d: Vec;
  var xt: Vec;
  var gt: Vec;
  var gLo: Vec;
  var gNew: Vec;

  var iter = 0u;
  loop {
    if (reason != 0u) {
      break;
    }
    if (iter >= params.maxIterations) {
      reason = 3u;
      iterations = params.maxIterations;
      break;
    }
    // Two-loop recursion: newest pair is at (head + MEMORY - 1) % MEMORY.
    for (var j = 0u; j < dim; j++) {
      d[j] = g[j];
    }
    for (var c = 0u; c < count; c++) {
      let p = (head + MEMORY - 1u - c) % MEMORY;
      var sq = 0.0;
      for (var j = 0u; j < dim; j++) {
        sq += S[p * 5u + j] * d[j];
      }
      let al = rho[p] * sq;
      alphas[p] = al;
      for (var j = 0u; j < dim; j++) {
        d[j] -= al * Y[p * 5u + j];
      }
    }
    if (count > 0u) {
      let p = (head + MEMORY - 1u) % MEMORY;
      var sy = 0.0;
      var yy = 0.0;
      for (var j = 0u; j < dim; j++) {
        sy += S[p * 5u + j] * Y[p * 5u + j];
        yy += Y[p * 5u + j] * Y[p * 5u + j];
      }
      let gamma = sy / yy;
      for (var j = 0u; j < dim; j++) {
        d[j] *= gamma;
      }
    }
    for (var c = 0u; c < count; c++) {
      let p = (head + MEMORY - count + c) % MEMORY;
      var yq = 0.0;
      for (var j = 0u; j < dim; j++) {
        yq += Y[p * 5u + j] * d[j];
      }
      let bb = rho[p] * yq;
      for (var j = 0u; j < dim; j++) {
        d[j] += (alphas[p] - bb) * S[p * 5u + j];
      }
    }
    for (var j = 0u; j < dim; j++) {
      d[j] = -d[j];
    }
    var slope0 = dotv(&g, &d);
    if (!(slope0 < 0.0) || !finite(slope0)) {
      count = 0u;
      for (var j = 0u; j < dim; j++) {
        d[j] = -g[j];
      }
      slope0 = -dotv(&g, &g);
    }
    var step = 1.0;
    if (count == 0u) {
      step = min(1.0, 1.0 / sqrt(dotv(&g, &g)));
    }

    // Strong-Wolfe line search: bracketing, then zoom between lo and hi.
    let f0 = f;
    var lineEvals = 0u;
    var bracketing = true;
    var haveLo = false;
    var loStep = 0.0;
    var loF = f0;
    var loSlope = slope0;
    var hiStep = 0.0;
    var hiF = 0.0;
    var hiSlope = 0.0;
    var accepted = false;
    var acceptStep = 0.0;
    var acceptF = 0.0;
    loop {
      if (lineEvals >= MAX_LINE_EVALS) {
        break;
      }
      if (!bracketing) {
        step = cubicStep(loStep, loF, loSlope, hiStep, hiF, hiSlope);
        if (abs(hiStep - loStep) <= STEP_EPS * max(1.0, abs(loStep))) {
          break;
        }
      }
      for (var j = 0u; j < 5u; j++) {
        xt[j] = x[j] + step * d[j];
      }
      let ft = evaluate(&xt, &gt, k);
      lineEvals++;
      let st = dotv(&gt, &d);
      let ok = finite(ft) && finite(st);
      let sufficient = ok && ft <= f0 + C1 * step * slope0;
      let curvature = abs(st) <= -C2 * slope0;
      if (bracketing) {
        if (!ok) {
          step = 0.5 * (loStep + step);
          continue;
        }
        if (!sufficient || (haveLo && ft >= loF)) {
          hiStep = step;
          hiF = ft;
          hiSlope = st;
          bracketing = false;
          continue;
        }
        if (curvature) {
          accepted = true;
          acceptStep = step;
          acceptF = ft;
          gNew = gt;
          break;
        }
        if (st >= 0.0) {
          hiStep = loStep;
          hiF = loF;
          hiSlope = loSlope;
          loStep = step;
          loF = ft;
          loSlope = st;
          gLo = gt;
          haveLo = true;
          bracketing = false;
          continue;
        }
        loStep = step;
        loF = ft;
        loSlope = st;
        gLo = gt;
        haveLo = true;
        step = min(EXPANSION * step, MAX_STEP);
      } else {
        if (!sufficient || ft >= loF) {
          hiStep = step;
          hiF = ft;
          hiSlope = st;
        } else {
          if (curvature) {
            accepted = true;
            acceptStep = step;
            acceptF = ft;
            gNew = gt;
            break;
          }
          if (st * (hiStep - loStep) >= 0.0) {
            hiStep = loStep;
            hiF = loF;
            hiSlope = loSlope;
          }
          loStep = step;
          loF = ft;
          loSlope = st;
          gLo = gt;
          haveLo = true;
        }
      }
    }
    evaluations += lineEvals;
    // Out of evaluations: the best sufficient-decrease point still makes progress.
    if (!accepted && haveLo && loStep > 0.0 && loF < f0) {
      accepted = true;
      acceptStep = loStep;
      acceptF = loF;
      gNew = gLo;
    }
    if (!accepted) {
      if (count > 0u && !retried) {
        count = 0u;
        retried = true;
        iter++;
        continue;
      }
      iterations = iter;
      reason = select(5u, 4u, maxAbs(&g) <= 100.0 * gtol);
      break;
    }
    retried = false;

    // New pair s = x+ - x, y = g+ - g into the ring buffer (the oldest is overwritten).
    var ss = 0.0;
    var yy = 0.0;
    var sy = 0.0;
    for (var j = 0u; j < 5u; j++) {
      xt[j] = x[j] + acceptStep * d[j];
    }
    for (var j = 0u; j < dim; j++) {
      let sj = xt[j] - x[j];
      let yj = gNew[j] - g[j];
      ss += sj * sj;
      yy += yj * yj;
      sy += sj * yj;
    }
    if (sy > CURVATURE_EPS * sqrt(ss) * sqrt(yy)) {
      for (var j = 0u; j < dim; j++) {
        S[head * 5u + j] = xt[j] - x[j];
        Y[head * 5u + j] = gNew[j] - g[j];
      }
      rho[head] = 1.0 / sy;
      head = (head + 1u) % MEMORY;
      count = min(count + 1u, MEMORY);
    }
    let fPrev = f;
    x = xt;
    g = gNew;
    f = acceptF;
    gtol = gradientTolerance(gtolBase, f, wSum);
    iter++;
    if (fPrev - f <= params.ftol * max(max(abs(fPrev), abs(f)), params.fFloor)) {
      iterations = iter;
      reason = 1u;
      break;
    }
    if (maxAbs(&g) <= gtol) {
      iterations = iter;
      reason = 2u;
      break;
    }
  }

  if (dim == 4u) {
    x[4] = x[3];
  }
  var out: FitRecord;
  out.a = x[0];
  out.b = x[1];
  out.e = x[2];
  out.alpha = x[3];
  out.beta = x[4];
  out.objective = f;
  out.iterations = iterations;
  out.status = (reason << 24u) | min(evaluations, 0xffffffu);
  return out;
}
