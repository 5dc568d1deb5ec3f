/**
 * Python source of the exported fit script for the isoFLOP methods: the budgets of
 * src/fit/isoflop-budgets.ts, the parabolas of src/fit/isoflop-parabola.ts, the power laws of
 * src/fit/isoflop-power-law.ts (Approach 2) and the compute-only law of
 * src/fit/compute-only-law.ts, by numpy least squares. Kept as text; python-script.ts assembles it.
 */

/** isoFLOP budgets and per-budget parabolas in Python. */
export const PY_ISOFLOP = `# --- isoFLOP budgets and parabolas (Approach 2 and the compute-only law) -----------------
# Budgets: sort the runs by C; a run joins the budget being built when
# |ln C - ln centre| <= ln(1 + tolerance), where the centre is the geometric mean of the
# members' C so far, and starts a new budget otherwise. Per budget (runs by ascending N), a
# least-squares parabola y = c0 + c1 u + c2 u^2 in u = (ln N - mean ln N) / (half range of
# ln N), with y the loss (target 'loss') or ln L ('log-loss'), centred on its mean. A budget is
# used when it has at least 3 distinct sizes, c2 > 0 and its vertex lies within the sampled
# sizes; its optimum is N_opt = exp(ln N at the vertex), its minimum loss the parabola's
# minimum (exp of it for 'log-loss').

MIN_BUDGETS = 3


def isoflop_budgets(runs, tolerance):
    """Budgets as (centre C, member indices by ascending N)."""
    order = sorted(range(len(runs)), key=lambda i: (runs[i]["C"], i))
    radius = math.log1p(tolerance)
    budgets, members, sum_log = [], [], 0.0

    def close():
        members.sort(key=lambda i: (runs[i]["N"], i))
        budgets.append((math.exp(sum_log / len(members)), list(members)))

    for i in order:
        ln_c = math.log(runs[i]["C"])
        if members and abs(ln_c - sum_log / len(members)) > radius:
            close()
            members, sum_log = [], 0.0
        members.append(i)
        sum_log += ln_c
    if members:
        close()
    if len(runs) >= 2 and all(len(m) == 1 for _, m in budgets):
        raise SystemExit("no isoFLOP structure: every run has its own C within the tolerance")
    return budgets


def budget_parabola(runs, members, target):
    """The parabola of one budget: a dict with N_opt and the minimum loss, or why it is unused."""
    x = np.log([runs[i]["N"] for i in members])
    loss = np.array([runs[i]["loss"] for i in members])
    y = loss if target == "loss" else np.log(loss)
    centre = float(x.mean())
    scale = (x.max() - x.min()) / 2 if x.max() > x.min() else 1.0
    u = (x - centre) / scale
    v = y - y.mean()
    if len(np.unique(u)) < 3:
        return {"used": False, "reason": "fewer than 3 distinct sizes"}
    design = np.column_stack([np.ones_like(u), u, u * u])
    (c0, c1, c2), *_ = np.linalg.lstsq(design, v, rcond=None)
    if not c2 > 0:
        return {"used": False, "reason": "flat or concave profile"}
    vertex = -c1 / (2 * c2)
    if vertex < u.min() or vertex > u.max():
        return {"used": False, "reason": "vertex outside the sampled sizes"}
    y_min = float(y.mean() + c0 + 0.5 * c1 * vertex)
    return {"used": True, "NOpt": math.exp(centre + scale * vertex),
            "lossMin": y_min if target == "loss" else math.exp(y_min)}


def isoflop_minima(runs, options):
    """(C, N_opt, minimum loss) of each used budget, by ascending C; the budgets' report."""
    used, report = [], []
    for c, members in isoflop_budgets(runs, options["tolerance"]):
        p = budget_parabola(runs, members, options["target"])
        report.append({"C": c, "runs": len(members), **p})
        if p["used"]:
            used.append((c, p["NOpt"], p["lossMin"]))
    return used, report


def line(x, y):
    """Least-squares y = intercept + slope x (numpy lstsq, x centred for conditioning)."""
    x = np.asarray(x)
    mx = float(x.mean())
    (c0, slope), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(x), x - mx]),
                                      np.asarray(y), rcond=None)
    return float(slope), float(c0 - slope * mx)
`;

/** Approach 2 (power laws through the budget optima) in Python. */
export const PY_APPROACH2 = `# --- Approach 2: power laws through the budgets' optima -----------------------------------
# ln N_opt = ln k_N + a ln C and ln D_opt = ln k_D + b ln C with D_opt = C / (k N_opt), least
# squares in logs over the used budgets (at least 3). The objective printed is the residual
# sum of squares of the N_opt line: sum_b (ln N_opt,b - ln k_N - a ln C_b)^2.


def approach2_rss(minima, a, k_n):
    return float(sum((math.log(n) - math.log(k_n) - a * math.log(c)) ** 2 for c, n, _ in minima))


def approach2(runs, at, no_fit):
    options = CONFIG["options"]
    minima, report = isoflop_minima(runs, options)
    if len(minima) < MIN_BUDGETS:
        raise SystemExit(f"Approach 2 needs {MIN_BUDGETS} usable budgets; found {len(minima)}")
    ln_c = [math.log(c) for c, _, _ in minima]
    ln_n = [math.log(n) for _, n, _ in minima]
    out = {"budgets": report}
    if not no_fit:
        a, ln_kn = line(ln_c, ln_n)
        b, ln_kd = line(ln_c, [c - math.log(options["k"]) - n for c, n in zip(ln_c, ln_n)])
        out.update({"params": {"a": a, "kN": math.exp(ln_kn), "b": b, "kD": math.exp(ln_kd)},
                    "objective": approach2_rss(minima, a, math.exp(ln_kn))})
    if at is not None:
        out["at"] = {"params": at, "objective": approach2_rss(minima, at["a"], at["kN"])}
    return out
`;

/** The compute-only law through the budget minima in Python. */
export const PY_COMPUTE_ONLY = `# --- The compute-only law L*(C) = E + A C^-alpha through the budgets' minimum losses --------
# Least squares on the loss, rss = sum_b (L_b - E - A C_b^-alpha)^2, with E >= 0, A > 0 and
# alpha in [0.002, 3] (at least 4 budgets). For a fixed alpha the law is linear in (E, A)
# (numpy least squares; at E < 0, E = 0 and A alone); alpha is scanned over 240 log-spaced
# values and refined by a bounded scalar search between the scan's neighbours of the best. C is
# measured from the budgets' geometric mean, x = (C / C0)^-alpha, for conditioning.

ALPHA_RANGE = (0.002, 3.0)
SCAN = 240


def compute_only_rss(minima, E, A, alpha):
    return float(sum((loss - E - A * c ** -alpha) ** 2 for c, _, loss in minima))


def compute_only_profile(t, y, alpha):
    """(rss, E, coefficient of x) for one alpha, or None when A would not be positive."""
    x = np.exp(-alpha * t)
    (E, a), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)
    if not E >= 0:
        E, a = 0.0, float(x @ y / (x @ x))
    if not (a > 0 and math.isfinite(a)):
        return None
    return float(((y - E - a * x) ** 2).sum()), float(E), float(a)


def compute_only(runs, at, no_fit):
    minima, report = isoflop_minima(runs, CONFIG["options"])
    if len(minima) < 4:
        raise SystemExit(f"the compute-only law needs 4 usable budgets; found {len(minima)}")
    out = {"budgets": report, "minima": [{"C": c, "loss": loss} for c, _, loss in minima]}
    if not no_fit:
        ln_c = np.log([c for c, _, _ in minima])
        ln_c0 = float(ln_c.mean())
        t = ln_c - ln_c0
        y = np.array([loss for _, _, loss in minima])

        def rss(ln_alpha):
            p = compute_only_profile(t, y, math.exp(ln_alpha))
            return math.inf if p is None else p[0]

        grid = np.linspace(math.log(ALPHA_RANGE[0]), math.log(ALPHA_RANGE[1]), SCAN)
        values = [rss(g) for g in grid]
        best = int(np.argmin(values))
        if not math.isfinite(values[best]):
            raise SystemExit("the budgets' minimum losses do not fall with compute")
        lo, hi = grid[max(0, best - 1)], grid[min(SCAN - 1, best + 1)]
        res = minimize_scalar(rss, bounds=(lo, hi), method="bounded",
                              options={"xatol": 1e-12, "maxiter": 500})
        ln_alpha = float(res.x) if res.fun <= values[best] else float(grid[best])
        alpha = math.exp(ln_alpha)
        _, E, a = compute_only_profile(t, y, alpha)
        A = a * math.exp(alpha * ln_c0)
        out.update({"params": {"E": E, "A": A, "alpha": alpha},
                    "objective": compute_only_rss(minima, E, A, alpha)})
    if at is not None:
        out["at"] = {"params": at,
                     "objective": compute_only_rss(minima, at["E"], at["A"], at["alpha"])}
    return out
`;
