#!/usr/bin/env python3
"""The scipy peer of the Scaling Sweep fitter: the same method, written independently with
numpy and scipy (Debian python3-scipy, scipy 1.10), single process.

Method (docs/METHODS.md, "Approach 3"):
  pred_i = LSE(a - alpha ln N_i, b - beta ln D_i, e), r_i = pred_i - ln L_i,
  objective = SUM_i w_i Huber_delta(r_i), delta = 1e-3, minimised with
  scipy.optimize.minimize(method='L-BFGS-B', jac=True) and default options (--ftol and --gtol
override them), in centred
  coordinates a' = a - alpha mean(ln N), b' = b - beta mean(ln D) (unweighted means, shared by
  every replica), from the 4,500 starts of the Hoffmann grid (alpha, beta outermost, then e,
  a, b: the order of src/fit/starts.ts); the best converged start is the fit.
Bootstrap: replica k has integer weights from K uniform draws at (seed, k, j) of the
counter-based source of src/fit/counter-rng.ts (ported bit for bit in uint32 arithmetic), so
replica k resamples exactly the rows the TypeScript engines resample; every replica starts
from the best fit.

  python3 bench/peers/scipy_fit.py FILE.csv [--drop-highest 5] [--bootstrap K] [--seed S]
      [--starts grid|N] [--no-grid --warm a,b,e,alpha,beta] [--replicas] [--weights k,k,...]
      [--ftol F] [--gtol G] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import platform
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize

HEADER_ALIASES = {
    "N": ("params", "n", "model_size", "parameters"),
    "D": ("tokens", "d", "training_tokens"),
    "loss": ("loss", "l"),
    "group": ("group", "run"),
}

GRID_EXPONENT = (0.0, 0.5, 1.0, 1.5, 2.0)
GRID_E = (-1.0, -0.5, 0.0, 0.5, 1.0)
GRID_INTERCEPT = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)

SUMMARY_PARAMS = ("E", "A", "B", "alpha", "beta", "a", "b")

U32 = np.uint64(0xFFFFFFFF)


# --- data --------------------------------------------------------------------------------


def read_runs(path: str):
    """(N, D, loss, group-or-None) from a CSV with params/tokens/loss columns (flops ignored)."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise SystemExit(f"{path}: empty file")
    header = [h.strip().lower() for h in rows[0]]
    col = {}
    for field, aliases in HEADER_ALIASES.items():
        for i, h in enumerate(header):
            if h in aliases:
                col[field] = i
                break
    missing = [f for f in ("N", "D", "loss") if f not in col]
    if missing:
        raise SystemExit(f"{path}: no column for {', '.join(missing)} (header: {rows[0]})")
    n, d, loss, group = [], [], [], []
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        try:
            values = [float(row[col[f]]) for f in ("N", "D", "loss")]
        except (ValueError, IndexError) as exc:
            raise SystemExit(f"{path}: row {line_no}: {exc}") from exc
        if not all(math.isfinite(v) and v > 0 for v in values):
            raise SystemExit(f"{path}: row {line_no}: values must be finite and positive")
        n.append(values[0])
        d.append(values[1])
        loss.append(values[2])
        if "group" in col:
            group.append(row[col["group"]].strip())
    return np.array(n), np.array(d), np.array(loss), (group if "group" in col else None)


def drop_highest(n, d, loss, group, count: int):
    """Removes the `count` runs with the highest loss, keeping the file order of the rest."""
    if count <= 0:
        return n, d, loss, group
    drop = set(np.argsort(-loss, kind="stable")[:count].tolist())
    keep = np.array([i for i in range(len(loss)) if i not in drop], dtype=np.int64)
    return n[keep], d[keep], loss[keep], ([group[i] for i in keep] if group is not None else None)


class FitData:
    """Runs in centred log coordinates, as src/fit/objective.ts prepares them."""

    def __init__(self, n, d, loss):
        ln_n = np.log(n)
        ln_d = np.log(d)
        self.mean_ln_n = float(ln_n.mean())
        self.mean_ln_d = float(ln_d.mean())
        self.ln_n = ln_n - self.mean_ln_n
        self.ln_d = ln_d - self.mean_ln_d
        self.ln_l = np.log(loss)
        self.n = len(loss)

    def to_centred(self, theta):
        a, b, e, alpha, beta = theta
        return np.array([a - alpha * self.mean_ln_n, b - beta * self.mean_ln_d, e, alpha, beta])

    def from_centred(self, x):
        a, b, e, alpha, beta = (float(v) for v in x)
        return (a + alpha * self.mean_ln_n, b + beta * self.mean_ln_d, e, alpha, beta)


# --- objective ---------------------------------------------------------------------------


def make_objective(ln_n, ln_d, ln_l, w, delta: float):
    """f(x), grad(x) of sum_i w_i Huber(LSE(a - alpha n_i, b - beta d_i, e) - ln L_i)."""

    def fun(x):
        a, b, e, alpha, beta = x
        t1 = a - alpha * ln_n
        t2 = b - beta * ln_d
        m = np.maximum(np.maximum(t1, t2), e)
        e1 = np.exp(t1 - m)
        e2 = np.exp(t2 - m)
        e3 = np.exp(e - m)
        s = e1 + e2 + e3
        r = m + np.log(s) - ln_l
        ar = np.abs(r)
        inside = ar <= delta
        h = np.where(inside, 0.5 * r * r, delta * (ar - 0.5 * delta))
        dr = np.where(inside, r, np.copysign(delta, r))
        if w is not None:
            h = w * h
            dr = w * dr
        k = dr / s
        p1 = k * e1
        p2 = k * e2
        grad = np.array(
            [p1.sum(), p2.sum(), (k * e3).sum(), -(p1 * ln_n).sum(), -(p2 * ln_d).sum()]
        )
        return float(h.sum()), grad

    return fun


def fit_one(data: FitData, w, start_theta, delta: float, options=None):
    """One L-BFGS-B minimisation (scipy defaults unless `options`) from a theta start."""
    if w is None:
        fun = make_objective(data.ln_n, data.ln_d, data.ln_l, None, delta)
    else:
        used = w > 0  # rows a replica never drew add nothing (as in the TS loop)
        fun = make_objective(data.ln_n[used], data.ln_d[used], data.ln_l[used], w[used], delta)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        res = minimize(fun, data.to_centred(start_theta), jac=True, method="L-BFGS-B", options=options)
    theta = data.from_centred(res.x)
    finite = math.isfinite(float(res.fun)) and all(math.isfinite(v) for v in theta)
    return {
        "theta": theta,
        "objective": float(res.fun),
        "converged": bool(res.success) and finite,
        "iterations": int(res.nit),
        "evaluations": int(res.nfev),
    }


# --- starts and resampling ---------------------------------------------------------------


def grid_starts():
    """The Hoffmann grid in the order of src/fit/starts.ts: (a, b, e, alpha, beta) tuples."""
    return [
        (a, b, e, alpha, beta)
        for alpha in GRID_EXPONENT
        for beta in GRID_EXPONENT
        for e in GRID_E
        for a in GRID_INTERCEPT
        for b in GRID_INTERCEPT
    ]


def hash32(x):
    """src/fit/counter-rng.ts hash32 on uint64 arrays holding uint32 values (mod 2^32)."""
    h = np.asarray(x, dtype=np.uint64) & U32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x7FEB352D)) & U32
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x846CA68B)) & U32
    h ^= h >> np.uint64(16)
    return h


def uniform_at(seed: int, stream: int, index):
    """src/fit/counter-rng.ts uniformAt(seed, stream, index) for an array of indices."""
    index = np.asarray(index, dtype=np.uint64) & U32
    inner = hash32(hash32(np.uint64(seed & 0xFFFFFFFF)) ^ np.uint64(stream & 0xFFFFFFFF))
    mixed = (index * np.uint64(0x9E3779B9)) & U32
    return hash32(inner ^ mixed).astype(np.float64) / 2.0**32


def unit_of_rows(group):
    """Resampling unit of each row, as src/fit/resample.ts numbers them: in row order, one per
    distinct group id, and a unit of its own for each row without one (an empty cell)."""
    if group is None:
        return None, None
    ids: dict[str, int] = {}
    unit = []
    count = 0
    for g in group:
        if not g:
            unit.append(count)
            count += 1
            continue
        if g not in ids:
            ids[g] = count
            count += 1
        unit.append(ids[g])
    return np.array(unit, dtype=np.int64), count


def replica_weights(n_rows: int, seed: int, k: int, unit=None, units=None):
    """Row weights of replica k: `units` draws at (seed, k, j), counted per unit (src/fit/resample.ts)."""
    count = n_rows if unit is None else units
    u = uniform_at(seed, k, np.arange(count))
    drawn = np.minimum(count - 1, np.floor(u * count).astype(np.int64))
    counts = np.bincount(drawn, minlength=count).astype(np.float64)
    return counts if unit is None else counts[unit]


# --- summary -----------------------------------------------------------------------------


def summary_values(theta):
    a, b, e, alpha, beta = theta
    s = alpha + beta
    return {
        "E": math.exp(e),
        "A": math.exp(a),
        "B": math.exp(b),
        "alpha": alpha,
        "beta": beta,
        "a": beta / s,
        "b": alpha / s,
    }


def summarise(fits):
    good = [f for f in fits if f["converged"]]
    cols = {p: np.array([summary_values(f["theta"])[p] for f in good]) for p in SUMMARY_PARAMS}

    def q(v, p):
        return float(np.percentile(v, 100 * p)) if len(v) else float("nan")

    return {
        "replicas": len(fits),
        "converged": len(good),
        "median": {p: q(cols[p], 0.5) for p in SUMMARY_PARAMS},
        "se": {
            p: float(np.std(cols[p], ddof=1)) if len(cols[p]) > 1 else float("nan")
            for p in SUMMARY_PARAMS
        },
        "ci95": {p: [q(cols[p], 0.025), q(cols[p], 0.975)] for p in SUMMARY_PARAMS},
    }


def law_dict(theta, objective):
    a, b, e, alpha, beta = theta
    return {
        "E": math.exp(e),
        "A": math.exp(a),
        "B": math.exp(b),
        "alpha": alpha,
        "beta": beta,
        "objective": objective,
        "theta": {"a": a, "b": b, "e": e, "alpha": alpha, "beta": beta},
    }


def json_safe(value):
    """NaN and infinities as null, so the output is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


# --- main --------------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("csv")
    p.add_argument("--drop-highest", type=int, default=0, help="drop the N highest-loss runs")
    p.add_argument("--bootstrap", type=int, default=0, help="bootstrap replicas K")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--delta", type=float, default=1e-3)
    p.add_argument("--starts", default="grid", help="'grid' (4,500) or N: the first N grid starts")
    p.add_argument("--no-grid", action="store_true", help="skip the start grid (needs --warm)")
    p.add_argument("--warm", help="a,b,e,alpha,beta: the bootstrap warm start when --no-grid")
    p.add_argument("--replicas", action="store_true", help="include every replica's (a, b, e, alpha, beta, converged, objective)")
    p.add_argument("--weights", help="k,k,...: include the resampling weights of these replicas")
    p.add_argument("--no-groups", action="store_true", help="resample rows even if runs carry groups")
    p.add_argument("--ftol", type=float, help="L-BFGS-B ftol (default: scipy's, 2.22e-9)")
    p.add_argument("--gtol", type=float, help="L-BFGS-B gtol (default: scipy's, 1e-5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    if args.no_grid and not args.warm and args.bootstrap > 0:
        p.error("--no-grid with --bootstrap needs --warm a,b,e,alpha,beta")
    if not (0 <= args.seed <= 0xFFFFFFFF):
        p.error("--seed must be from 0 to 4294967295")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    n, d, loss, group = read_runs(args.csv)
    n, d, loss, group = drop_highest(n, d, loss, group, args.drop_highest)
    if len(loss) <= 5:
        raise SystemExit(f"a fit needs more than 5 runs, got {len(loss)}")
    data = FitData(n, d, loss)
    options = {k: v for k, v in (("ftol", args.ftol), ("gtol", args.gtol)) if v is not None} or None
    out = {
        "engine": "scipy",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "rows": data.n,
        "delta": args.delta,
        "seed": args.seed,
        "options": options or "scipy defaults",
        "timings": {},
    }

    best = None
    if not args.no_grid:
        starts = grid_starts()
        if args.starts != "grid":
            count = int(args.starts)
            if not 1 <= count <= len(starts):
                raise SystemExit(f"--starts takes 'grid' or 1..{len(starts)}")
            starts = starts[:count]
        t0 = time.perf_counter()
        fits = [fit_one(data, None, s, args.delta, options) for s in starts]
        seconds = time.perf_counter() - t0
        converged = [f for f in fits if f["converged"]]
        out["timings"]["grid"] = {
            "fits": len(fits),
            "seconds": seconds,
            "fitsPerSecond": len(fits) / seconds,
            "evaluations": sum(f["evaluations"] for f in fits),
        }
        if not converged:
            out["error"] = f"the fit diverged: none of the {len(starts)} starts converged"
        else:
            best = min(converged, key=lambda f: f["objective"])
            out["fit"] = law_dict(best["theta"], best["objective"])
            minima = sorted(f["objective"] for f in converged)
            out["starts"] = {
                "total": len(starts),
                "converged": len(converged),
                "minima": {"best": minima[0], "median": float(np.median(minima)), "worst": minima[-1]},
            }
    warm = tuple(float(v) for v in args.warm.split(",")) if args.warm else (best["theta"] if best else None)
    if warm is not None and len(warm) != 5:
        raise SystemExit("--warm takes five numbers: a,b,e,alpha,beta")

    unit, units = (None, None) if args.no_groups else unit_of_rows(group)
    if args.bootstrap > 0 and warm is not None:
        t0 = time.perf_counter()
        reps = [
            fit_one(data, replica_weights(data.n, args.seed, k, unit, units), warm, args.delta, options)
            for k in range(args.bootstrap)
        ]
        seconds = time.perf_counter() - t0
        out["timings"]["bootstrap"] = {
            "fits": len(reps),
            "seconds": seconds,
            "fitsPerSecond": len(reps) / seconds,
            "evaluations": sum(f["evaluations"] for f in reps),
        }
        out["bootstrap"] = summarise(reps)
        if args.replicas:
            out["replicas"] = [list(f["theta"]) + [f["converged"], f["objective"]] for f in reps]
    if args.weights:
        out["weights"] = {
            k: replica_weights(data.n, args.seed, int(k), unit, units).astype(int).tolist()
            for k in args.weights.split(",")
        }

    if args.json:
        print(json.dumps(json_safe(out)))
    else:
        fit = out.get("fit")
        if fit:
            print(
                f"fit ({data.n} runs): E={fit['E']:.6g} A={fit['A']:.6g} B={fit['B']:.6g} "
                f"alpha={fit['alpha']:.6g} beta={fit['beta']:.6g} objective={fit['objective']:.9g}"
            )
        for phase, t in out["timings"].items():
            print(f"{phase}: {t['fits']} fits in {t['seconds']:.2f} s ({t['fitsPerSecond']:.1f} fits/s)")
        if "bootstrap" in out:
            bs = out["bootstrap"]
            print(f"bootstrap: {bs['converged']}/{bs['replicas']} converged")
            for p in SUMMARY_PARAMS:
                lo, hi = bs["ci95"][p]
                print(f"  {p:>5}: median {bs['median'][p]:.6g}  se {bs['se'][p]:.3g}  95% [{lo:.6g}, {hi:.6g}]")
        if "error" in out:
            print(out["error"], file=sys.stderr)
    return 1 if "error" in out else 0


if __name__ == "__main__":
    sys.exit(main())
