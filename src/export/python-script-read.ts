/**
 * Python source of the exported fit script: reading the CSV as the app's import does (column
 * mapping, unit multipliers, C = k N D, per-run reduction, exclusions, series), and the main
 * function that prints the fit and its JSON line. Kept as text; python-script.ts assembles it.
 */

/** Reading the runs: src/data/runs.ts, row.ts, number.ts, mapping.ts and series.ts in Python. */
export const PY_READ = String.raw`# --- reading the runs, as the app's import does ------------------------------------------
# Header names are matched trimmed (exactly, then ignoring case). Numeric cells may be plain
# (1400), scientific (1.4e12) or carry a magnitude suffix K, M, B or G, T (70M, 1.4T). N and D
# are multiplied by their unit multipliers; N, D and the loss must be > 0, N and D >= 1. An
# empty D is derived from C = k N D (and an empty C from D). A row that cannot be read is
# rejected (listed on stderr), as the app rejects it.

SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
MANTISSA = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
DECIMAL = re.compile(MANTISSA + r"(?:[eE][+-]?\d+)?", re.ASCII)
SUFFIXED = re.compile("(" + MANTISSA + r") ?([kKmMbBgGtT])", re.ASCII)


def parse_quantity(text):
    """The number in a cell, or None when the app would not read it as one."""
    s = text.strip()
    if DECIMAL.fullmatch(s):
        value = float(s)
    else:
        m = SUFFIXED.fullmatch(s)
        if not m:
            return None
        value = float(m.group(1)) * SUFFIXES[m.group(2).lower()]
    return value if math.isfinite(value) else None


def detect_delimiter(text):
    """Comma, unless the header line has more semicolons or tabs than commas."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for c in text[:65536]:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "\r\n":
            break
        elif not quoted and c in counts:
            counts[c] += 1
    if counts[";"] > counts[","] and counts[";"] >= counts["\t"]:
        return ";"
    if counts["\t"] > counts[","]:
        return "\t"
    return ","


class Rejected(Exception):
    pass


def find_column(header, name):
    for i, h in enumerate(header):
        if h.strip() == name:
            return i
    for i, h in enumerate(header):
        if h.strip().lower() == name.lower():
            return i
    raise SystemExit(f"the file has no column {name!r} (columns: {[h.strip() for h in header]})")


def read_records(path):
    """(row number, fields) of every CSV record; row numbers as a spreadsheet shows them."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        text = fh.read()
    delimiter = CONFIG.get("delimiter") or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, last = [], 0
    for fields in reader:
        records.append((last + 1, fields))
        last = reader.line_num
    return records


def read_run(fields, header, cols, k, scale):
    """One record as a run (a dict), or Rejected with the reason."""
    def is_empty(field):
        i = cols.get(field)
        return i is None or i >= len(fields) or fields[i].strip() == ""

    def take(field):
        i = cols[field]
        name = header[i].strip()
        if i >= len(fields):
            raise Rejected(f"{name}: missing")
        value = parse_quantity(fields[i])
        if value is None:
            raise Rejected(f"{name}: {fields[i].strip()!r} is not a number")
        if field == "step":
            if value < 0:
                raise Rejected(f"{name}: negative step")
            return value
        if value <= 0:
            raise Rejected(f"{name}: {fields[i].strip()!r} is not greater than 0")
        value *= scale.get(field, 1.0) if field in ("N", "D") else 1.0
        if not math.isfinite(value):
            raise Rejected(f"{name}: overflows after the unit multiplier")
        if field in ("N", "D") and value < 1:
            raise Rejected(f"{name}: {fields[i].strip()!r} is below 1 (check the units)")
        return value

    if len(fields) > len(header) and any(f.strip() != "" for f in fields[len(header):]):
        raise Rejected("more fields than the header")
    n = take("N")
    loss = take("loss")
    has_d = "D" in cols and not (is_empty("D") and not is_empty("C") and "C" in cols)
    has_c = "C" in cols and not (is_empty("C") and not is_empty("D") and "D" in cols)
    d = take("D") if has_d else None
    c = take("C") if has_c else None
    weight = take("weight") if "weight" in cols else None
    step = take("step") if "step" in cols else None
    series = None
    if "series" in cols:
        i = cols["series"]
        series = fields[i].strip() if i < len(fields) else ""
        if series == "":
            raise Rejected(f"{header[i].strip()}: empty series label")
    if d is None:
        d = c / (k * n)
    if c is None:
        c = k * n * d
    if not (math.isfinite(d) and d >= 1):
        raise Rejected(f"D = C/({k}N) = {d:.3g} is below 1 token")
    if not math.isfinite(c):
        raise Rejected("C = kND overflows")
    group = None
    if "group" in cols:
        i = cols["group"]
        group = fields[i].strip() if i < len(fields) else ""
        group = group or None
    return {"N": n, "D": d, "C": c, "loss": loss, "group": group, "series": series,
            "weight": weight, "step": step}


def reduce_per_run(runs, per_run):
    """One row per run (group, within its series): the last step or the lowest loss."""
    if per_run == "all":
        return runs
    best = {}
    for r in runs:
        if r["group"] is None:
            continue
        key = (r["series"] or "", r["group"])
        held = best.get(key)
        if per_run == "last-step":
            better = held is None or (r["step"] or 0) >= (held["step"] or 0)
        else:
            better = held is None or r["loss"] < held["loss"]
        if better:
            best[key] = r
    return [r for r in runs if r["group"] is None or best[(r["series"] or "", r["group"])] is r]


def read_runs(path):
    """The runs the fit reads: mapped, scaled, derived, reduced, excluded, filtered by series."""
    records = read_records(path)
    at = next((j for j, (_, f) in enumerate(records) if any(x.strip() for x in f)), None)
    if at is None:
        raise SystemExit(f"{path}: no header row")
    header = records[at][1]
    cols = {field: find_column(header, name) for field, name in CONFIG["columns"].items()}
    for need in ("N", "loss"):
        if need not in cols:
            raise SystemExit(f"the column mapping gives no column for {need}")
    if "D" not in cols and "C" not in cols:
        raise SystemExit("the column mapping gives no column for D (or C)")
    k = CONFIG["flopsPerParamToken"]
    scale = CONFIG["scale"]
    runs = []
    for row, fields in records[at + 1:]:
        if all(f.strip() == "" for f in fields):
            continue
        try:
            run = read_run(fields, header, cols, k, scale)
        except Rejected as why:
            print(f"row {row} rejected: {why}", file=sys.stderr)
            continue
        run["row"] = row
        runs.append(run)
    runs = reduce_per_run(runs, CONFIG["perRun"])
    if len({r["series"] for r in runs if r["series"] is not None}) <= 1:
        for r in runs:
            r["series"] = None  # one label is no series
    excluded = set(CONFIG["excludedRows"])
    runs = [r for r in runs if r["row"] not in excluded]
    if CONFIG["series"] is not None:
        runs = [r for r in runs if r["series"] == CONFIG["series"]]
    if not runs:
        raise SystemExit("no runs left to fit")
    return runs
`;

/** Command line, printing, and the JSON last line; calls FIT(runs, at, no_fit). */
export const PY_MAIN = `# --- main ---------------------------------------------------------------------------------


def finite_or_none(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_none(v) for v in value]
    return value


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path, at, no_fit = os.path.join(here, CONFIG["csv"]), os.environ.get("SCALING_SWEEP_AT"), False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--at":
            at = args.pop(0)
        elif arg == "--no-fit":
            no_fit = True
        else:
            path = arg
    runs = read_runs(path)
    out = FIT(runs, json.loads(at) if at else None, no_fit)
    for key, value in out.get("params", {}).items():
        print(f"{key:>8} = {value:.10g}")
    if "objective" in out:
        print(f"objective = {out['objective']:.17g}")
    result = {"method": CONFIG["method"], "runs": len(runs), **out}
    print(json.dumps(finite_or_none(result), allow_nan=False))


if __name__ == "__main__":
    main(sys.argv[1:])
`;
