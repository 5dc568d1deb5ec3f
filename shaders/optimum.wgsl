// optimum.wgsl: the optimal allocation (N, D, loss) for every (law, scenario) pair of one tile,
// in f32 (the spec of issue 4; CPU twin solveOptimum in src/law/optimum.ts).
// The host folds everything that depends on the scenario alone into ScenarioRecord in f64
// (logs of C/k, U, q, the c2 bracket, the validation status), and everything that depends on the
// law alone into LawRecord (logs of A and B, ln G and the frontier exponent). Terms are evaluated
// as exp(lnA - alpha x) with x = ln N, as in surface.wgsl, so N up to 1e15 stays finite.
// Kinds: 0 compute (closed form), 1 data-constrained, 2 inference-target, 3 inference-budget,
// 4 target-loss, 5 fixed-model (closed form). Kinds 2-4 run golden-section search on x with
// exactly GOLDEN_ITERATIONS iterations and return the better of the last two interior points;
// kind 3 minimises the reducible loss L - E (same argmin as L, and f32 resolves it ~50x finer,
// since it is ~2% of L at large budgets), kinds 2 and 4 minimise ln(total FLOPs). Kind 1
// bisects (BISECTION_ITERATIONS halvings) for the smallest x where the elasticity
// d ln(L - E)/dx reaches -ELASTICITY_TOLERANCE (src/law/data-constrained.ts says why).
// Bindings (one explicit layout):
//   @group(0) @binding(0) params    (uniform OptimumParams)
//   @group(0) @binding(1) laws      (storage, read: LawRecord per law, all laws)
//   @group(0) @binding(2) scenarios (storage, read: ScenarioRecord per scenario of this tile)
//   @group(0) @binding(3) results   (storage: vec4f (N, D, loss, status) per pair of this tile,
//                                    law-major: pair = law * scenarioCount + scenario)
// Workgroups: WG_X x 1 over the tile's pairs, dispatched 2-D as (groupsX, ceil(groups / groupsX))
//   so tiles beyond maxComputeWorkgroupsPerDimension workgroups need no extra submits.

override WG_X: u32 = 64u;
override GOLDEN_ITERATIONS: u32 = 40u;
override BISECTION_ITERATIONS: u32 = 26u;
override ELASTICITY_TOLERANCE: f32 = 1e-5;

struct OptimumParams {
  lawStart: u32,
  lawCount: u32,
  scenarioCount: u32,
  groupsX: u32,
}

struct LawRecord {
  status: u32,
  E: f32,
  lnA: f32,
  lnB: f32,
  alpha: f32,
  beta: f32,
  lnG: f32,
  expN: f32,
  betaOverAlpha: f32,
}

struct ScenarioRecord {
  kind: u32,
  status: u32,
  lnCk: f32,
  lnQ: f32,
  lnU: f32,
  lnN: f32,
  lnNmax: f32,
  targetLoss: f32,
  lnW: f32,
  lo: f32,
  hi: f32,
  rStarD: f32,
  rStarN: f32,
}

@group(0) @binding(0) var<uniform> params: OptimumParams;
@group(0) @binding(1) var<storage, read> laws: array<LawRecord>;
@group(0) @binding(2) var<storage, read> scenarios: array<ScenarioRecord>;
@group(0) @binding(3) var<storage, read_write> results: array<vec4f>;

const KIND_COMPUTE: u32 = 0u;
const KIND_DATA: u32 = 1u;
const KIND_INFERENCE_TARGET: u32 = 2u;
const KIND_INFERENCE_BUDGET: u32 = 3u;
const KIND_TARGET: u32 = 4u;
const KIND_FIXED: u32 = 5u;

// Status codes: OptimumStatus in src/law/scenario.ts.
const STATUS_TARGET_AT_OR_BELOW_E: u32 = 6u;
const STATUS_BUDGET_TOO_SMALL: u32 = 9u;
// ScenarioRecord.status flag: check the target loss against E before reporting the host's status.
const TARGET_FIRST: u32 = 0x100u;

// Larger than any objective value; marks x outside the objective's domain.
const OUTSIDE: f32 = 1e30;
const INV_PHI: f32 = 0.6180339887498949;

// Reducible loss A/N^alpha + B/(qD)^beta from logs.
fn reducible(law: LawRecord, x: f32, lnQD: f32) -> f32 {
  return exp(law.lnA - law.alpha * x) + exp(law.lnB - law.beta * lnQD);
}

// The repetition discount of a quantity X with cap X_U: (ln X', d ln X' / d ln X) with
// X' = X_U (1 + R* (1 - exp(-R / R*))), R = X / X_U - 1, X_U = min(X, cap).
fn repeated(lnX: f32, lnCap: f32, rStar: f32) -> vec2f {
  let lnUX = min(lnX, lnCap);
  let y = lnX - lnUX;
  let r = max(exp(y) - 1.0, 0.0);
  let decay = exp(-r / rStar);
  let lnGain = log(1.0 + rStar * (1.0 - decay));
  return vec2f(lnUX + lnGain, exp(y - lnGain) * decay);
}

// Terms of the data-constrained loss at x = ln N on the isoFLOP line: (A/N'^alpha, B/(qD')^beta,
// elasticity of their sum in N).
fn dataConstrained(law: LawRecord, s: ScenarioRecord, x: f32) -> vec3f {
  // G of the law with quality folded in (B' = B q^-beta): ln G' = ln G + expN ln q.
  let lnGq = law.lnG + law.expN * s.lnQ;
  let n = repeated(x, lnGq + law.betaOverAlpha * (s.lnU + lnGq), s.rStarN);
  let d = repeated(s.lnCk - x, s.lnU, s.rStarD);
  let tN = exp(law.lnA - law.alpha * n.x);
  let tD = exp(law.lnB - law.beta * (s.lnQ + d.x));
  return vec3f(tN, tD, (law.beta * tD * d.y - law.alpha * tN * n.y) / (tN + tD));
}

// The smallest x in [lo, hi] where the data-constrained elasticity is >= -ELASTICITY_TOLERANCE.
fn bisectData(law: LawRecord, s: ScenarioRecord, lo: f32, hi: f32) -> f32 {
  var a = lo;
  var b = hi;
  for (var i = 0u; i < BISECTION_ITERATIONS; i++) {
    let m = 0.5 * (a + b);
    if (dataConstrained(law, s, m).z >= -ELASTICITY_TOLERANCE) {
      b = m;
    } else {
      a = m;
    }
  }
  return b;
}

// ln D(x) on the iso-loss curve L(N, qD) = targetLoss; OUTSIDE where x <= ln Nmin.
fn lnDForTarget(law: LawRecord, s: ScenarioRecord, x: f32) -> f32 {
  let gap = s.targetLoss - law.E - exp(law.lnA - law.alpha * x);
  if (gap <= 0.0) {
    return OUTSIDE;
  }
  return (law.lnB - log(gap)) / law.beta - s.lnQ;
}

// ln D(x) under a total budget with inference demand: ln((Ctot - 2 N Dinf) / (k N)).
fn lnDForBudget(s: ScenarioRecord, x: f32) -> f32 {
  let share = 1.0 - exp(x - s.lnNmax);
  if (share <= 0.0) {
    return -OUTSIDE;
  }
  return s.lnCk + log(share) - x;
}

// Golden-section objective of kinds 2-4.
fn objective(law: LawRecord, s: ScenarioRecord, x: f32) -> f32 {
  switch s.kind {
    case KIND_INFERENCE_BUDGET: {
      let lnD = lnDForBudget(s, x);
      if (lnD <= -OUTSIDE) {
        return OUTSIDE;
      }
      return reducible(law, x, s.lnQ + lnD);
    }
    default: {
      // Target kinds: ln(k N D + 2 N Dinf) - ln k = x + ln(D + w), w = 2 Dinf / k = e^lnW.
      let lnD = lnDForTarget(law, s, x);
      if (lnD >= OUTSIDE) {
        return OUTSIDE;
      }
      let m = max(lnD, s.lnW);
      return x + m + log(1.0 + exp(-abs(lnD - s.lnW)));
    }
  }
}

// Golden-section search on [lo, hi]: exactly GOLDEN_ITERATIONS iterations, then the better of
// the two interior points.
fn goldenSection(law: LawRecord, s: ScenarioRecord, lo: f32, hi: f32) -> f32 {
  var a = lo;
  var b = hi;
  var c = b - INV_PHI * (b - a);
  var d = a + INV_PHI * (b - a);
  var fc = objective(law, s, c);
  var fd = objective(law, s, d);
  for (var i = 0u; i < GOLDEN_ITERATIONS; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = objective(law, s, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = objective(law, s, d);
    }
  }
  return select(d, c, fc < fd);
}

// (N, D, loss, status) of one pair.
fn failed(status: u32) -> vec4f {
  return vec4f(0.0, 0.0, 0.0, f32(status));
}

fn solve(law: LawRecord, s: ScenarioRecord) -> vec4f {
  if (law.status != 0u) {
    return failed(law.status);
  }
  if ((s.status & TARGET_FIRST) != 0u && s.targetLoss <= law.E) {
    return failed(STATUS_TARGET_AT_OR_BELOW_E);
  }
  if ((s.status & ~TARGET_FIRST) != 0u) {
    return failed(s.status & ~TARGET_FIRST);
  }
  switch s.kind {
    case KIND_COMPUTE: {
      let x = law.lnG + law.expN * (s.lnCk + s.lnQ);
      let lnD = s.lnCk - x;
      return vec4f(exp(x), exp(lnD), law.E + reducible(law, x, s.lnQ + lnD), 0.0);
    }
    case KIND_FIXED: {
      let lnD = s.lnCk - s.lnN;
      return vec4f(exp(s.lnN), exp(lnD), law.E + reducible(law, s.lnN, s.lnQ + lnD), 0.0);
    }
    case KIND_DATA: {
      let x0 = law.lnG + law.expN * (s.lnCk + s.lnQ);
      let lo = max(x0 - 14.0, 0.0);
      let hi = min(x0 + 14.0, s.lnCk);
      if (lo > hi) {
        return failed(STATUS_BUDGET_TOO_SMALL);
      }
      let x = bisectData(law, s, lo, hi);
      let t = dataConstrained(law, s, x);
      return vec4f(exp(x), exp(s.lnCk - x), law.E + (t.x + t.y), 0.0);
    }
    case KIND_INFERENCE_BUDGET: {
      let x = goldenSection(law, s, s.lo, s.hi);
      let lnD = lnDForBudget(s, x);
      return vec4f(exp(x), exp(lnD), law.E + reducible(law, x, s.lnQ + lnD), 0.0);
    }
    default: {
      // KIND_INFERENCE_TARGET and KIND_TARGET (lnW = -OUTSIDE: no inference demand).
      if (s.targetLoss <= law.E) {
        return failed(STATUS_TARGET_AT_OR_BELOW_E);
      }
      let lnNmin = (law.lnA - log(s.targetLoss - law.E)) / law.alpha;
      let x = goldenSection(law, s, lnNmin + 1e-9, lnNmin + 25.0);
      let lnD = lnDForTarget(law, s, x);
      return vec4f(exp(x), exp(lnD), law.E + reducible(law, x, s.lnQ + lnD), 0.0);
    }
  }
}

@compute @workgroup_size(WG_X)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let pair = id.x + id.y * params.groupsX * WG_X;
  let total = params.lawCount * params.scenarioCount;
  if (pair >= total) {
    return;
  }
  let law = laws[params.lawStart + pair / params.scenarioCount];
  let s = scenarios[pair % params.scenarioCount];
  results[pair] = solve(law, s);
}
