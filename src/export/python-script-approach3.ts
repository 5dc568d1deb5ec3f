/**
 * Python source of the exported fit script for Approach 3: the objective of src/fit/objective.ts
 * with the choices of src/fit/objective-options.ts, the starts of src/fit/starts.ts, minimised
 * by scipy's L-BFGS-B. Kept as text; python-script.ts assembles it.
 */

/** Approach 3 in Python (numpy objective and gradient, scipy L-BFGS-B). */
export const PY_APPROACH3 = `# --- Approach 3: the whole law by L-BFGS-B from a grid of starts --------------------------
# Law: L(N, D) = E + A / N^alpha + B / D^beta, fitted in logs as theta = (a, b, e, alpha, beta)
# with A = exp(a), B = exp(b), E = exp(e). Residual of run i:
#     r_i = ln L_pred,i - ln L_i = LSE(a - alpha ln N_i, b - beta ln D_i, e) - ln L_i
# (LSE: log-sum-exp). The objective is the SUM over runs (not the mean)
#     f(theta) = sum_i w_i c_i rho(r_i)
#   rho:  Huber with threshold delta (r^2 / 2 for |r| <= delta, delta (|r| - delta / 2) beyond),
#         or r^2 / 2 when residualLoss is 'squared';
#   c_i:  overPenalty for an over-prediction (r_i > 0), else 1;
#   w_i:  1 ('none'), the weight column ('column'), or sqrt(6 N_i D_i) / its mean over the runs
#         ('sqrt-compute').
# With deltaRule {kind: 'scaled', constant}, delta = constant x 1.4826 x MAD of the residuals
# of a least-squares (rho = r^2 / 2) pilot fit from the same starts (all runs, unweighted).
# It is minimised in centred coordinates x = (a', b', e, alpha, beta), a' = a - alpha mean(ln N),
# b' = b - beta mean(ln D), which leave f unchanged; tieExponents fits one exponent
# (alpha = beta); parameters in "fixed" (E in loss units, alpha, beta) are held at their values.
# The fit is the lowest converged minimum over the starts: the Hoffmann et al. (2022) grid
# alpha, beta in {0, .5, 1, 1.5, 2}, e in {-1, -.5, 0, .5, 1}, a, b in {0, 5, ..., 25}.

MAD_TO_SIGMA = 1.4826
GRID_EXPONENT = (0.0, 0.5, 1.0, 1.5, 2.0)
GRID_E = (-1.0, -0.5, 0.0, 0.5, 1.0)
GRID_INTERCEPT = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)
# Each start runs at scipy's default tolerances (ftol there divides by max(|f|, 1), loose for an
# objective of ~1e-3); the best is then polished with tight ones.
LBFGS = {"maxiter": 15000}
POLISH = {"maxiter": 15000, "ftol": 1e-16, "gtol": 1e-12}
THETA = ("a", "b", "e", "alpha", "beta")


def hash32(x):
    h = x & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x7FEB352D) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 0x846CA68B) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def uniform_at(seed, stream, index):
    """The app's counter-based uniform draw at (seed, stream, index)."""
    return hash32(hash32(hash32(seed) ^ stream) ^ ((index * 0x9E3779B9) & 0xFFFFFFFF)) / 2**32


def starts_of(options):
    """Starts as theta tuples, in the app's order, carrying the fixed values (deduplicated)."""
    tie = options["tieExponents"]
    strategy = options["starts"]
    if strategy["kind"] == "grid":
        starts = [(a, b, e, alpha, beta)
                  for alpha in GRID_EXPONENT for beta in ((alpha,) if tie else GRID_EXPONENT)
                  for e in GRID_E for a in GRID_INTERCEPT for b in GRID_INTERCEPT]
    elif strategy["kind"] == "random":
        def span(lo, hi, k, j):
            return lo + (hi - lo) * uniform_at(options["seed"], 0xFFFFFFFF, 5 * k + j)
        starts = []
        for k in range(strategy["count"]):
            alpha = span(0, 2, k, 3)
            beta = alpha if tie else span(0, 2, k, 4)
            starts.append((span(0, 25, k, 0), span(0, 25, k, 1), span(-1, 1, k, 2), alpha, beta))
    else:
        t = strategy["theta"]
        alpha, beta = t["alpha"], t["beta"]
        if tie:
            alpha = beta = 0.5 * (alpha + beta)
        starts = [(t["a"], t["b"], t["e"], alpha, beta)]
    pinned, seen = [], set()
    for s in starts:
        p = pin(s, options)
        if p not in seen:
            seen.add(p)
            pinned.append(p)
    return pinned


def fixed_values(options):
    """Fixed components of theta by index (e = ln E; with tied exponents both from either)."""
    fixed = options.get("fixed") or {}
    alpha, beta = fixed.get("alpha"), fixed.get("beta")
    if options["tieExponents"]:
        alpha = beta = alpha if alpha is not None else beta
    out = {}
    if fixed.get("E") is not None:
        out[2] = math.log(fixed["E"])
    if alpha is not None:
        out[3] = alpha
    if beta is not None:
        out[4] = beta
    return out


def pin(theta, options):
    t = list(theta)
    for j, v in fixed_values(options).items():
        t[j] = v
    return tuple(t)


class Approach3:
    """The objective of the runs under the options, over the free components of x."""

    def __init__(self, runs, options, delta, squared):
        ln_n = np.log([r["N"] for r in runs])
        ln_d = np.log([r["D"] for r in runs])
        self.mean_ln_n = float(ln_n.mean())
        self.mean_ln_d = float(ln_d.mean())
        self.n = ln_n - self.mean_ln_n
        self.d = ln_d - self.mean_ln_d
        self.ln_l = np.log([r["loss"] for r in runs])
        weighting = options.get("weighting") or "none"
        if weighting == "column":
            self.w = np.array([r["weight"] for r in runs], dtype=float)
            if not np.all(np.isfinite(self.w) & (self.w > 0)):
                raise SystemExit("weighting by column needs a finite positive weight per run")
        elif weighting == "sqrt-compute":
            self.w = np.sqrt(6.0 * np.array([r["N"] * r["D"] for r in runs]))
            self.w = self.w / self.w.mean()
        else:
            self.w = np.ones(len(runs))
        self.over = float(options.get("overPenalty") or 1.0)
        self.delta = delta
        self.squared = squared
        self.tie = options["tieExponents"]
        dim = 4 if self.tie else 5
        self.fixed = {j: v for j, v in fixed_values(options).items() if j < dim}
        self.free = [j for j in range(dim) if j not in self.fixed]

    def full(self, z):
        """Free vector to the centred x (a', b', e, alpha, beta)."""
        x = np.zeros(5)
        for j, v in self.fixed.items():
            x[j] = v
        x[self.free] = z
        if self.tie:
            x[4] = x[3]
        return x

    def restrict(self, x):
        v = [x[0], x[1], x[2], 0.5 * (x[3] + x[4])] if self.tie else list(x)
        return np.array([v[j] for j in self.free])

    def centred(self, theta):
        a, b, e, alpha, beta = theta
        return np.array([a - alpha * self.mean_ln_n, b - beta * self.mean_ln_d, e, alpha, beta])

    def uncentred(self, x):
        a, b, e, alpha, beta = (float(v) for v in x)
        return (a + alpha * self.mean_ln_n, b + beta * self.mean_ln_d, e, alpha, beta)

    def residuals(self, x):
        t1 = x[0] - x[3] * self.n
        t2 = x[1] - x[4] * self.d
        m = np.maximum(np.maximum(t1, t2), x[2])
        return m + np.log(np.exp(t1 - m) + np.exp(t2 - m) + np.exp(x[2] - m)) - self.ln_l

    def value_grad_full(self, x):
        """f and its gradient at the centred x (see the formula above)."""
        a, b, e, alpha, beta = x
        t1 = a - alpha * self.n
        t2 = b - beta * self.d
        m = np.maximum(np.maximum(t1, t2), e)
        e1, e2, e3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(e - m)
        s = e1 + e2 + e3
        r = m + np.log(s) - self.ln_l
        w = np.where(r > 0, self.w * self.over, self.w)
        if self.squared:
            rho, slope = 0.5 * r * r, r
        else:
            ar = np.abs(r)
            inside = ar <= self.delta
            rho = np.where(inside, 0.5 * r * r, self.delta * (ar - 0.5 * self.delta))
            slope = np.where(inside, r, np.copysign(self.delta, r))
        k = w * slope / s
        p1, p2 = k * e1, k * e2
        grad = np.array([p1.sum(), p2.sum(), (k * e3).sum(), -(p1 * self.n).sum(),
                         -(p2 * self.d).sum()])
        return float((w * rho).sum()), grad

    def value_grad(self, z):
        f, g = self.value_grad_full(self.full(z))
        if self.tie:
            g = np.array([g[0], g[1], g[2], g[3] + g[4]])
        return f, g[self.free]

    def at_theta(self, theta):
        return self.value_grad_full(self.centred(theta))[0]

    def fit(self, starts, options=LBFGS):
        """The lowest converged minimum over the starts: (theta, objective, converged count)."""
        best, converged = None, 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for s in starts:
                res = minimize(self.value_grad, self.restrict(self.centred(s)), jac=True,
                               method="L-BFGS-B", options=options)
                ok = math.isfinite(float(res.fun)) and bool(np.all(np.isfinite(res.x)))
                ok = ok and (res.success or float(np.max(np.abs(res.jac))) <= 1e-6)
                if ok:
                    converged += 1
                    if best is None or res.fun < best.fun:
                        best = res
            if best is None:
                raise SystemExit(f"the fit diverged: none of the {len(starts)} starts converged")
            polished = minimize(self.value_grad, best.x, jac=True, method="L-BFGS-B",
                                options=POLISH)
            if math.isfinite(float(polished.fun)) and polished.fun <= best.fun:
                best = polished
        return self.uncentred(self.full(best.x)), float(best.fun), converged


def scaled_delta(residuals, constant):
    med = float(np.median(residuals))
    delta = constant * MAD_TO_SIGMA * float(np.median(np.abs(residuals - med)))
    if not (math.isfinite(delta) and delta > 0):
        raise SystemExit("the least-squares pilot fit left residuals with no spread (MAD 0)")
    return delta


def approach3(runs, at, no_fit):
    options = CONFIG["options"]
    residual_loss = options.get("residualLoss") or "huber"
    rule = options.get("deltaRule") or {"kind": "fixed"}
    starts = starts_of(options)
    delta = options["delta"]
    if residual_loss == "huber" and rule["kind"] == "scaled":
        pilot = Approach3(runs, options, None, True)
        theta, _, _ = pilot.fit(starts)
        delta = scaled_delta(pilot.residuals(pilot.centred(theta)), rule["constant"])
    problem = Approach3(runs, options, delta, residual_loss == "squared")
    out = {"delta": delta, "starts": len(starts)}
    if not no_fit:
        theta, objective, converged = problem.fit(starts)
        a, b, e, alpha, beta = theta
        out.update({
            "params": {"E": math.exp(e), "A": math.exp(a), "B": math.exp(b), "alpha": alpha,
                       "beta": beta, "a": beta / (alpha + beta), "b": alpha / (alpha + beta)},
            "theta": dict(zip(THETA, theta)),
            "objective": objective,
            "converged": converged,
        })
    if at is not None:
        theta = tuple(float(at[k]) for k in THETA) if "e" in at else (
            math.log(at["A"]), math.log(at["B"]), math.log(at["E"]), at["alpha"], at["beta"])
        if "delta" in at:  # the threshold of another fit (one chosen from its own pilot)
            problem = Approach3(runs, options, float(at["delta"]), residual_loss == "squared")
        out["at"] = {"theta": dict(zip(THETA, theta)), "delta": problem.delta,
                     "objective": problem.at_theta(theta)}
    return out
`;
