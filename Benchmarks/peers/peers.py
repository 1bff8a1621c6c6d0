#!/usr/bin/env python3
"""Fazhi against the alternatives (DuckDB, polars, pandas, a hand-written Rust scorer) on one batch.

Generates one batch with `fazhi generate`, scores it in Fazhi and in each peer, checks that every
engine finds the same number of units per grade, and prints median wall time, CPU time and peak
memory over the runs. Run through ./run (which makes the virtual environment); see README.md.

The peers score from the ruleset YAML itself: each indicator's check becomes one expression giving
the outcome (0 met, 1 partial, 2 unmet, 3 not applicable, 4 no evidence, 5 error), written the way
someone would write it by hand in SQL, polars or pandas, with the engine's own CSV reader. The
`rust` engine is a hand-written multi-threaded scorer (rust_scorer/, standard library only); it
reads the same checks from a plan file this script writes next to the batch (see write_plan).
Supported kinds are those of the bundled completion-model rulesets: the threshold kinds, no_incident,
published_within, assessed, done_by, ratio_at_least, all_of and any_of.

--workload wide is issue 18's "province's statistics export": wide/province-100.yaml (100 threshold
indicators on the ruleset's own metrics, 10 of them only for units with legislative power) over a batch
of 1 unit a row × 100 metric columns, written by `fazhi generate --style export` (unit_id, Chinese
levels, booleans as 1/0, four-decimal rates) or, where that fazhi has no --style, by wide/make_batch.py.
Booleans are read as numbers there (a flag indicator, `kind: expression` naming a yes/no metric, is the
interval flag >= 1). Its engines add `rust-wide` (rust_wide/: SIMD splitting, fixed-point parsing,
branch-free interval checks, from a plan of intervals this script writes, see write_wide_plan) and
`parse-wide` (the same binary's --parse-only: split and parse every cell, no scoring), and
`fazhi-summary` (`fazhi evaluate --summary`: the grade counts only, as the peers write them, where `fazhi`
writes a result row per unit); the report gives each of the two against rust-wide and parse-wide per run
pair.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

MET, PARTIAL, UNMET, NA, NOEVIDENCE, ERROR = range(6)

# ---------------------------------------------------------------------------------------------
# A tiny expression tree, translated to SQL, polars and numpy.


class E:
    pass


class Col(E):
    def __init__(self, name): self.name = name


class Lit(E):
    def __init__(self, value): self.value = value


class IsNull(E):
    def __init__(self, x): self.x = x


class Cmp(E):
    def __init__(self, op, a, b): self.op, self.a, self.b = op, a, b


class Arith(E):
    def __init__(self, op, a, b): self.op, self.a, self.b = op, a, b


class BoolOp(E):
    def __init__(self, op, items): self.op, self.items = op, items


class Not(E):
    def __init__(self, x): self.x = x


class Case(E):
    """CASE WHEN cond THEN value … ELSE otherwise END; values are outcome codes (ints)."""
    def __init__(self, arms, otherwise): self.arms, self.otherwise = arms, otherwise


def sql(e):
    if isinstance(e, Col): return '"' + e.name.replace('"', '""') + '"'
    if isinstance(e, Lit):
        v = e.value
        if isinstance(v, bool): return "TRUE" if v else "FALSE"
        if isinstance(v, datetime.date): return f"DATE '{v.isoformat()}'"
        if isinstance(v, str): return "'" + v.replace("'", "''") + "'"
        return repr(v)
    if isinstance(e, IsNull): return f"({sql(e.x)} IS NULL)"
    if isinstance(e, Not): return f"(NOT {sql(e.x)})"
    if isinstance(e, Cmp): return f"({sql(e.a)} {e.op} {sql(e.b)})"
    if isinstance(e, Arith): return f"({sql(e.a)} {e.op} {sql(e.b)})"
    if isinstance(e, BoolOp): return "(" + f" {e.op} ".join(sql(i) for i in e.items) + ")"
    if isinstance(e, Case):
        return "(CASE " + " ".join(f"WHEN {sql(c)} THEN {v if isinstance(v, int) else sql(v)}" for c, v in e.arms) + \
            f" ELSE {e.otherwise if isinstance(e.otherwise, int) else sql(e.otherwise)} END)"
    raise TypeError(e)


def polars_expr(e):
    import polars as pl
    if isinstance(e, Col): return pl.col(e.name)
    if isinstance(e, Lit): return pl.lit(e.value)
    if isinstance(e, IsNull): return polars_expr(e.x).is_null()
    if isinstance(e, Not): return ~polars_expr(e.x)
    if isinstance(e, Cmp):
        a, b = polars_expr(e.a), polars_expr(e.b)
        return {"=": a == b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[e.op]
    if isinstance(e, Arith):
        a, b = polars_expr(e.a), polars_expr(e.b)
        return {"*": a * b}[e.op]
    if isinstance(e, BoolOp):
        out = polars_expr(e.items[0])
        for i in e.items[1:]:
            out = (out & polars_expr(i)) if e.op == "AND" else (out | polars_expr(i))
        return out
    if isinstance(e, Case):
        def val(v): return pl.lit(v, dtype=pl.Int8) if isinstance(v, int) else polars_expr(v)
        chain = None
        for c, v in e.arms:
            chain = pl.when(polars_expr(c)).then(val(v)) if chain is None else chain.when(polars_expr(c)).then(val(v))
        return chain.otherwise(val(e.otherwise))
    raise TypeError(e)


def numpy_eval(e, df, cache):
    import numpy as np
    import pandas as pd
    key = id(e)
    if key in cache: return cache[key]
    if isinstance(e, Col):
        out = df[e.name]
    elif isinstance(e, Lit):
        out = e.value if not isinstance(e.value, datetime.date) else pd.Timestamp(e.value)
    elif isinstance(e, IsNull):
        out = numpy_eval(e.x, df, cache).isna().to_numpy()
    elif isinstance(e, Not):
        out = ~numpy_eval(e.x, df, cache)
    elif isinstance(e, Cmp):
        a, b = numpy_eval(e.a, df, cache), numpy_eval(e.b, df, cache)
        r = {"=": lambda: a == b, "<": lambda: a < b, "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b}[e.op]()
        out = np.asarray(r.fillna(False) if hasattr(r, "fillna") else r, dtype=bool)
    elif isinstance(e, Arith):
        a, b = numpy_eval(e.a, df, cache), numpy_eval(e.b, df, cache)
        out = a * b
    elif isinstance(e, BoolOp):
        items = [numpy_eval(i, df, cache) for i in e.items]
        out = np.logical_and.reduce(items) if e.op == "AND" else np.logical_or.reduce(items)
    elif isinstance(e, Case):
        conds = [numpy_eval(c, df, cache) for c, _ in e.arms]
        vals = [v if isinstance(v, int) else numpy_eval(v, df, cache) for _, v in e.arms]
        other = e.otherwise if isinstance(e.otherwise, int) else numpy_eval(e.otherwise, df, cache)
        out = np.select(conds, vals, other).astype(np.int8)
    else:
        raise TypeError(e)
    cache[key] = out
    return out


# ---------------------------------------------------------------------------------------------
# The ruleset as outcome expressions.


def typed(expr, *check):
    """Tags an outcome expression with the typed check it computes, for the Rust scorer's plan: the kind
    and its operands, e.g. ("interval", column, op, threshold). Set where the expression is built, so the
    two cannot drift apart."""
    expr.check = check
    return expr


def rate(text):
    """'90%' → 0.9, '0.9' → 0.9 (as the YAML reader does); numbers stay numbers."""
    if isinstance(text, str) and text.strip().endswith("%"):
        return float(text.strip()[:-1]) / 100
    return float(text)


def exact(value):
    """A threshold as exact decimal text, for the wide plan ('90%' → '0.9', 3 → '3', True → '1'): the
    Rust scorer parses it to its fixed point itself, never through a double."""
    from decimal import Decimal
    if isinstance(value, bool): return "1" if value else "0"
    if isinstance(value, str) and value.strip().endswith("%"):
        d = Decimal(value.strip()[:-1]) / 100
    else:
        d = Decimal(str(value))
    text = format(d.normalize(), "f")
    return text


def raw(value):
    """A value as Fazhi's fixed point (× 10⁶), exactly."""
    from decimal import Decimal
    if isinstance(value, str) and value.strip().endswith("%"):
        return int(Decimal(value.strip()[:-1]) * 10000)
    return int(Decimal(str(value)) * 1000000)


BOOLEAN_ATTRIBUTES = ("has_legislative_power", "invented", "named_regional_demonstration_area", "in_performance_assessment")


class Rules:
    """The ruleset as outcome expressions. `booleans01`: the batch writes booleans as 0/1 (the export
    style of the wide workload), so boolean columns are read as numbers, true as 1."""
    def __init__(self, ruleset_path, metrics_path, header, booleans01=False):
        self.booleans01 = booleans01
        self.ruleset = yaml.safe_load(open(ruleset_path, encoding="utf-8"))
        if "extends" in self.ruleset:
            raise SystemExit("peers.py reads one ruleset file; choose a ruleset without extends")
        catalog = yaml.safe_load(open(metrics_path, encoding="utf-8"))
        self.units = {m["id"]: m["unit"] for m in catalog["metrics"]}
        self.units.update({m["id"]: m["unit"] for m in self.ruleset.get("metrics", []) or []})  # its own
        self.header = set(header)
        period = self.ruleset["period"]
        last = period if isinstance(period, int) else int(str(period.get("to", period)).split("-")[-1]) if isinstance(period, dict) else int(str(period).split("-")[-1])
        self.as_of = datetime.date(last, 12, 31)
        scoring = self.ruleset.get("scoring", {})
        if scoring.get("model", "completion") != "completion":
            raise SystemExit("peers.py scores the completion model")
        self.no_evidence_counts = scoring.get("noEvidence", "unmet") == "unmet"
        self.partial_half = scoring.get("partial", "unmet") == "half"
        self.grades = [(g["name"], raw(g["min"])) for g in scoring.get("grades", [
            {"name": "示范", "min": "90%"}, {"name": "达标", "min": "60%"}, {"name": "不达标", "min": "0%"}])]
        for v in scoring.get("vetoes", []):
            raise SystemExit("peers.py does not score vetoes")
        self.indicators = []
        self.walk(self.ruleset.get("groups", []))

    def walk(self, groups):
        for g in groups:
            for ind in g.get("indicators", []):
                self.indicators.append((ind["id"], self.outcome(ind)))
            self.walk(g.get("groups", []))

    def verdict_col(self, key, whole):
        return Col(key) if key in self.header else Col(whole)

    def check(self, c, key, whole, deadline):
        kind = c["kind"]
        if kind in ("rate_at_least", "count_at_least", "duration_at_least"):
            return self.interval(c["metric"], ">=", c["min"])
        if kind in ("rate_at_most", "count_at_most", "duration_at_most"):
            return self.interval(c["metric"], "<=", c["max"])
        if kind == "published_within":
            return self.interval(c["metric"], "<=", c["max"])
        if kind == "no_incident":
            return self.interval(c["metric"], "=", 0)
        if kind == "expression":
            # Only the form the wide ruleset uses: a boolean metric's name alone, met when it is true.
            expr = str(c.get("expr", "")).strip()
            if self.units.get(expr) != "boolean":
                raise SystemExit(f"peers.py reads an expression only as a boolean metric's name, not {expr!r}")
            return self.interval(expr, ">=", True) if self.booleans01 else self.interval(expr, "=", True)
        if kind == "assessed":
            v = self.verdict_col(key, whole) if key != whole else Col(whole)
            return typed(Case([(IsNull(v), NOEVIDENCE), (Cmp("=", v, Lit("met")), MET), (Cmp("=", v, Lit("partial")), PARTIAL),
                               (Cmp("=", v, Lit("unmet")), UNMET)], ERROR), "verdict", v.name)
        if kind == "done_by":
            by = c.get("by") or deadline
            if isinstance(by, str): by = datetime.date.fromisoformat(by)
            col = self.event_col(key, whole)
            missing = NA if self.as_of <= by else NOEVIDENCE
            return typed(Case([(IsNull(col), missing), (Cmp("<=", col, Lit(by)), MET)], UNMET), "done_by", col.name, by, missing)
        if kind == "ratio_at_least":
            n, d = Col(c["numerator"]), Col(c["denominator"])
            return typed(Case([(BoolOp("OR", [IsNull(n), IsNull(d)]), NOEVIDENCE),
                               (BoolOp("OR", [Cmp("<", n, Lit(0)), Cmp("<", d, Lit(0)), Cmp(">", n, d)]), ERROR),
                               (Cmp("=", d, Lit(0)), NA),
                               (Cmp(">=", Arith("*", n, Lit(1000000)), Arith("*", Lit(raw(c["min"])), d)), MET)], UNMET),
                         "ratio", n.name, d.name, raw(c["min"]))
        if kind in ("all_of", "any_of"):
            parts = [self.check(p, f"{key}#{i + 1}", whole, deadline) for i, p in enumerate(c["of"])]
            def any_is(code): return BoolOp("OR", [Cmp("=", p, Lit(code)) for p in parts])
            if kind == "all_of":
                return typed(Case([(any_is(ERROR), ERROR), (BoolOp("AND", [Cmp("=", p, Lit(NA)) for p in parts]), NA),
                                   (any_is(UNMET), UNMET), (any_is(NOEVIDENCE), NOEVIDENCE), (any_is(PARTIAL), PARTIAL)], MET),
                             "all_of", [p.check for p in parts])
            return typed(Case([(any_is(ERROR), ERROR), (any_is(MET), MET), (any_is(NOEVIDENCE), NOEVIDENCE),
                               (any_is(PARTIAL), PARTIAL), (any_is(UNMET), UNMET)], NA),
                         "any_of", [p.check for p in parts])
        raise SystemExit(f"peers.py does not know kind {kind}")

    def event_col(self, key, whole):
        for name in (key, f"done:{key}", whole, f"done:{whole}"):
            if name in self.header and self.column_type(name) == "DATE":
                return Col(name)
        return Col(f"done:{whole}" if f"done:{whole}" in self.header else whole)

    def interval(self, metric, op, threshold):
        unit = self.units[metric]
        if unit == "percent": t = rate(threshold)
        elif unit == "boolean": t = bool(threshold) if not isinstance(threshold, str) else threshold in ("true", "是")
        else: t = float(threshold)
        text = exact(threshold if unit != "boolean" else t)
        if unit == "boolean" and self.booleans01: t = float(t)
        col = Col(metric)
        return typed(Case([(IsNull(col), NOEVIDENCE), (Cmp(op, col, Lit(t)), MET)], UNMET), "interval", metric, op, t, text)

    def outcome(self, ind):
        check = ind["check"] if "check" in ind else ind
        deadline = ind.get("deadline")
        if isinstance(deadline, str) and deadline != "ongoing": deadline = datetime.date.fromisoformat(deadline)
        if ind.get("notApplicable"): return typed(Lit(NA), "na")
        applies = ind.get("appliesTo")
        inner = self.check(check, ind["id"], ind["id"], deadline)
        if applies == "never": return typed(Lit(NA), "na")
        if isinstance(applies, dict):
            arms, conditions = [], []
            for attribute, values in applies.items():
                values = values if isinstance(values, list) else [values]
                if self.booleans01: values = [float(v) if isinstance(v, bool) else v for v in values]
                col = Col(attribute)
                arms.append((IsNull(col), NOEVIDENCE))
                arms.append((Not(BoolOp("OR", [Cmp("=", col, Lit(v)) for v in values])), NA))
                conditions.append((attribute, values))
            return typed(Case(arms, inner), "applies", conditions, inner.check)
        return inner

    def column_type(self, name):
        if f"done:{name}" in self.header: return "VARCHAR"  # the verdict; the date is done:ID
        if name in BOOLEAN_ATTRIBUTES:
            return "DOUBLE" if self.booleans01 else "BOOLEAN"
        if name.startswith("done:"): return "DATE"
        if name in self.units: return "BOOLEAN" if self.units[name] == "boolean" and not self.booleans01 else "DOUBLE"
        if name in self.event_ids: return "DATE"
        return "VARCHAR"

    @property
    def event_ids(self):
        ids = set()
        def visit(c, key):
            if c.get("kind") == "done_by": ids.add(key)
            for i, p in enumerate(c.get("of", []) or []): visit(p, key)
        def walk(groups):
            for g in groups:
                for ind in g.get("indicators", []): visit(ind.get("check", ind), ind["id"])
                walk(g.get("groups", []))
        walk(self.ruleset.get("groups", []))
        return ids


def grade_of(met, counted, rules):
    halves = 2 * met
    for name, minimum in rules.grades:
        if counted == 0:
            if minimum == 0: return name
            continue
        if halves * 1000000 >= minimum * 2 * counted: return name
    return rules.grades[-1][0]


def grade_sql(rules):
    arms = []
    for name, minimum in rules.grades:
        arms.append(f"WHEN (counted = 0 AND {minimum} = 0) OR (counted > 0 AND 2 * met * 1000000 >= {minimum} * 2 * counted) THEN '{name}'")
    return "CASE " + " ".join(arms) + f" ELSE '{rules.grades[-1][0]}' END"


# ---------------------------------------------------------------------------------------------
# The plan for the Rust scorer (rust_scorer/), which has no YAML or JSON reader: one record a line,
# fields separated by tabs.
#   fazhi-peers-plan  1
#   no_evidence       counts | excluded
#   partial           unmet | half              (half: a partial counts half met, as in Fazhi; the Python
#                                               engines here count met only; no ruleset they take says half)
#   grade             MIN_RAW  NAME             (in order; MIN_RAW is the minimum × 10⁶)
#   column            NAME  TYPE                (every header column; DOUBLE, BOOLEAN, DATE or VARCHAR)
#   indicator         ID  CHECK…                (the outcome as a typed check, in prefix notation:)
# CHECK is one of
#   na
#   interval COLUMN OP VALUE                    null → no evidence; COLUMN OP VALUE → met; else unmet
#   verdict COLUMN                              null → no evidence; met/partial/unmet; else error
#   done_by COLUMN DATE IF_NULL                 null → IF_NULL (an outcome code); ≤ DATE → met; else unmet
#   ratio NUMERATOR DENOMINATOR MIN_RAW         as Rules.check writes it
#   all_of N CHECK×N | any_of N CHECK×N
#   applies N (COLUMN K VALUE×K)×N CHECK        per column: null → no evidence; none of the values → n/a
# VALUEs are read by the column's type: numbers as Python's repr (so they parse to the same double),
# booleans true/false, dates YYYY-MM-DD, text as is.


def plan_token(value):
    if isinstance(value, bool): text = "true" if value else "false"
    elif isinstance(value, datetime.date): text = value.isoformat()
    elif isinstance(value, float): text = repr(value)
    else: text = str(value)
    if not text or any(c in text for c in "\t\r\n"):
        raise SystemExit(f"cannot write {value!r} into the Rust scorer's plan")
    return text


def plan_check(check):
    kind, args = check[0], check[1:]
    if kind in ("all_of", "any_of"):
        return [kind, str(len(args[0]))] + [t for part in args[0] for t in plan_check(part)]
    if kind == "applies":
        conditions, inner = args
        out = [kind, str(len(conditions))]
        for column, values in conditions:
            out += [column, str(len(values))] + values
        return out + plan_check(inner)
    if kind == "interval":
        return [kind] + list(args[:3])  # the exact text (args[3]) is the wide plan's
    return [kind] + list(args)


def write_plan(rules, header, path):
    lines = [["fazhi-peers-plan", 1],
             ["no_evidence", "counts" if rules.no_evidence_counts else "excluded"],
             ["partial", "half" if rules.partial_half else "unmet"]]
    lines += [["grade", minimum, name] for name, minimum in rules.grades]
    lines += [["column", h, rules.column_type(h)] for h in header]
    lines += [["indicator", key] + plan_check(e.check) for key, e in rules.indicators]
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write("\t".join(plan_token(t) for t in line) + "\n")


# ---------------------------------------------------------------------------------------------
# The plan for the wide workload's Rust scorer (rust_wide/): every indicator an interval on one column,
# thresholds as exact decimal text (the scorer parses them to its fixed point × 10⁶ itself).
#   fazhi-wide-plan   1
#   no_evidence       counts | excluded
#   grade             MIN  NAME                 (in order; MIN as decimal text, e.g. 0.9)
#   column            NAME  TYPE                (every header column; DOUBLE, BOOLEAN, DATE or VARCHAR)
#   indicator         ID  na
#   indicator         ID  interval COLUMN LO HI [applies N (COLUMN K VALUE×K)×N]
# LO and HI are decimal text or - (unbounded): >= v is [v, -], <= v is [-, v], = v is [v, v]; null → no
# evidence, inside → met, else unmet. applies: per column in order, null → no evidence, none of the
# values → not applicable; a boolean's value is 1 or 0.


def wide_check(check):
    kind, args = check[0], check[1:]
    if kind == "na": return ["na"]
    if kind == "interval":
        column, op, _, text = args
        lo, hi = {">=": (text, "-"), "<=": ("-", text), "=": (text, text)}[op]
        return ["interval", column, lo, hi]
    if kind == "applies":
        conditions, inner = args
        if inner[0] != "interval":
            raise SystemExit(f"the wide Rust scorer takes intervals only, not {inner[0]}")
        out = wide_check(inner) + ["applies", str(len(conditions))]
        for column, values in conditions:
            out += [column, str(len(values))] + [exact(v) if isinstance(v, (bool, int, float)) else str(v) for v in values]
        return out
    raise SystemExit(f"the wide Rust scorer takes intervals only, not {kind}")


def write_wide_plan(rules, header, path):
    lines = [["fazhi-wide-plan", "1"], ["no_evidence", "counts" if rules.no_evidence_counts else "excluded"]]
    if rules.partial_half:
        raise SystemExit("the wide Rust scorer has no partial outcomes")
    from decimal import Decimal
    lines += [["grade", format((Decimal(minimum) / 1000000).normalize(), "f"), name] for name, minimum in rules.grades]
    # Booleans as BOOLEAN whatever the batch writes: the scorer reads 1/0 and true/false in them.
    lines += [["column", h, "BOOLEAN" if rules.units.get(h) == "boolean" or h in BOOLEAN_ATTRIBUTES else rules.column_type(h)]
              for h in header]
    lines += [["indicator", key] + wide_check(e.check) for key, e in rules.indicators]
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write("\t".join(plan_token(t) for t in line) + "\n")


# ---------------------------------------------------------------------------------------------
# Engines. Each prints {grade: units} as JSON.


def header_of(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.readline().rstrip("\r\n").split(",")


def run_duckdb(path, rules, threads):
    import duckdb
    header = header_of(path)
    con = duckdb.connect()
    if threads: con.execute(f"SET threads = {threads}")
    types = ", ".join(f"'{h}': '{rules.column_type(h)}'" for h in header)
    states = ",\n".join(f"{sql(e)} AS s{i}" for i, (_, e) in enumerate(rules.indicators))
    n = len(rules.indicators)
    met = " + ".join(f"(s{i} = 0)::INT" for i in range(n))
    counted_codes = "(0, 1, 2, 5, 4)" if rules.no_evidence_counts else "(0, 1, 2, 5)"
    counted = " + ".join(f"(s{i} IN {counted_codes})::INT" for i in range(n))
    query = f"""
        WITH states AS (SELECT {states} FROM read_csv('{path}', header = true, columns = {{{types}}})),
             totals AS (SELECT {met} AS met, {counted} AS counted FROM states)
        SELECT {grade_sql(rules)} AS grade, count(*) FROM totals GROUP BY grade"""
    return {g: c for g, c in con.execute(query).fetchall()}


def polars_dtypes(rules, header):
    import polars as pl
    kinds = {"DOUBLE": pl.Float64, "BOOLEAN": pl.Boolean, "DATE": pl.Date, "VARCHAR": pl.String}
    return {h: kinds[rules.column_type(h)] for h in header}


def run_polars(path, rules, threads):
    import polars as pl
    header = header_of(path)
    states = [polars_expr(e).alias(f"s{i}") for i, (_, e) in enumerate(rules.indicators)]
    n = len(rules.indicators)
    codes = [0, 1, 2, 5, 4] if rules.no_evidence_counts else [0, 1, 2, 5]
    met = pl.sum_horizontal([(pl.col(f"s{i}") == 0).cast(pl.Int32) for i in range(n)]).alias("met")
    counted = pl.sum_horizontal([pl.col(f"s{i}").is_in(codes).cast(pl.Int32) for i in range(n)]).alias("counted")
    grade = None
    for name, minimum in rules.grades:
        cond = ((pl.col("counted") == 0) & pl.lit(minimum == 0)) | \
               ((pl.col("counted") > 0) & (pl.col("met").cast(pl.Int64) * 2_000_000 >= pl.col("counted").cast(pl.Int64) * 2 * minimum))
        grade = pl.when(cond).then(pl.lit(name)) if grade is None else grade.when(cond).then(pl.lit(name))
    grade = grade.otherwise(pl.lit(rules.grades[-1][0])).alias("grade")
    lf = pl.scan_csv(path, schema_overrides=polars_dtypes(rules, header)).select(states).select(met, counted).select(grade)
    out = lf.group_by("grade").len().collect(engine="streaming")
    return dict(zip(out["grade"].to_list(), out["len"].to_list()))


def run_pandas(path, rules, threads):
    import numpy as np
    import pandas as pd
    header = header_of(path)
    dtypes, dates = {}, []
    for h in header:
        t = rules.column_type(h)
        if t == "DOUBLE": dtypes[h] = "float64"
        elif t == "BOOLEAN": dtypes[h] = "boolean"
        elif t == "DATE": dates.append(h)
        else: dtypes[h] = "object"
    df = pd.read_csv(path, dtype=dtypes, parse_dates=dates, date_format="%Y-%m-%d")
    cache = {}
    states = [numpy_eval(e, df, cache) if not isinstance(e, Lit) else np.full(len(df), e.value, dtype=np.int8)
              for _, e in rules.indicators]
    s = np.vstack(states)
    met = (s == 0).sum(axis=0)
    counted = np.isin(s, [0, 1, 2, 5, 4] if rules.no_evidence_counts else [0, 1, 2, 5]).sum(axis=0)
    out = {}
    remaining = np.ones(len(df), dtype=bool)
    for name, minimum in rules.grades:
        ok = ((counted == 0) & (minimum == 0)) | ((counted > 0) & (met.astype(np.int64) * 2_000_000 >= counted.astype(np.int64) * 2 * minimum))
        take = ok & remaining
        if take.sum(): out[name] = int(take.sum())
        remaining &= ~ok
    if remaining.sum(): out[rules.grades[-1][0]] = out.get(rules.grades[-1][0], 0) + int(remaining.sum())
    return out


ENGINES = {"duckdb": run_duckdb, "polars": run_polars, "pandas": run_pandas}


def fazhi_counts(stderr):
    """The grade table of `fazhi evaluate`'s region summary."""
    out = {}
    lines = stderr.splitlines()
    for line in lines[3:]:
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            if int(parts[1]) > 0: out[parts[0]] = int(parts[1])
    return out


# ---------------------------------------------------------------------------------------------


def timed(command, env=None):
    """Runs a command under /usr/bin/time: (wall s, cpu s, peak KB, stdout, stderr)."""
    full = ["/usr/bin/time", "-f", "@@TIME %e %U %S %M"] + command
    p = subprocess.run(full, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{p.stderr[-3000:]}")
    lines = p.stderr.splitlines()
    t = [l for l in lines if l.startswith("@@TIME")][-1].split()
    rest = "\n".join(l for l in lines if not l.startswith("@@TIME"))
    return float(t[1]), float(t[2]) + float(t[3]), int(t[4]), p.stdout, rest


WIDE_RULESET = os.path.join(HERE, "wide", "province-100.yaml")
DEFAULT_ENGINES = {"default": "fazhi,rust,fazhi-parse-only,duckdb,polars,pandas",
                   "wide": "fazhi-summary,rust-wide,parse-wide,fazhi,rust,fazhi-parse-only,duckdb,polars"}


def generate(args, ruleset_arg, path):
    """Writes the batch: `fazhi generate`; for the wide workload in the export style (issue 18), or with
    wide/make_batch.py (the same shape, without Fazhi) when asked or when this fazhi has no --style."""
    if args.workload == "wide":
        if args.wide_generator == "fazhi":
            cmd = [args.fazhi, "generate", "--rulesets", os.path.join(ROOT, "rulesets"), "--ruleset", ruleset_arg,
                   "--units", str(args.units), "--seed", "1", "--style", "export", "--output", path]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode == 0: return
            if "--style" not in p.stderr:
                raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
            print(f"note: {args.fazhi} has no generate --style; the batch comes from wide/make_batch.py", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "wide", "make_batch.py"), str(args.units), "1", path], check=True)
        return
    subprocess.run([args.fazhi, "generate", "--rulesets", os.path.join(ROOT, "rulesets"), "--ruleset", ruleset_arg,
                    "--units", str(args.units), "--seed", "1", "--output", path], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--workload", choices=["default", "wide"], default="default",
                    help="default: a bundled ruleset's batch (--ruleset); wide: issue 18's province export, "
                         "1 unit a row × 100 metric columns scored by wide/province-100.yaml")
    ap.add_argument("--ruleset", default=None, help="default workload: a bundled ruleset id (xixia-2020-demonstration)")
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="engine threads (default: every core)")
    ap.add_argument("--engines", default=None, help="default: " + "; ".join(f"{w}: {e}" for w, e in DEFAULT_ENGINES.items()))
    ap.add_argument("--fazhi", default=os.path.join(ROOT, ".build", "release", "fazhi"))
    ap.add_argument("--rust", default=os.path.join(HERE, "rust_scorer", "target", "release", "rust_scorer"))
    ap.add_argument("--rust-wide", default=os.path.join(HERE, "rust_wide", "target", "release", "rust_wide"))
    ap.add_argument("--wide-generator", choices=["fazhi", "python"], default="fazhi",
                    help="wide workload: the batch from `fazhi generate --style export` (default) or wide/make_batch.py")
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    args = ap.parse_args()
    wide = args.workload == "wide"
    if args.engines is None: args.engines = DEFAULT_ENGINES[args.workload]

    if wide:
        if args.ruleset: raise SystemExit("--ruleset is for the default workload; the wide one reads wide/province-100.yaml")
        ruleset_path, ruleset_arg, name = WIDE_RULESET, WIDE_RULESET, "wide-province-100"
    else:
        args.ruleset = args.ruleset or "xixia-2020-demonstration"
        ruleset_path, ruleset_arg, name = os.path.join(ROOT, "rulesets", args.ruleset + ".yaml"), args.ruleset, args.ruleset
    metrics_path = os.path.join(ROOT, "rulesets", "metrics.yaml")

    if args.engine:  # a child run: one engine, print its counts
        rules = Rules(ruleset_path, metrics_path, header_of(args.file), booleans01=wide)
        print(json.dumps(ENGINES[args.engine](args.file, rules, args.threads), ensure_ascii=False, sort_keys=True))
        return

    os.makedirs(args.data, exist_ok=True)
    suffix = "-py" if wide and args.wide_generator == "python" else ""
    path = os.path.join(args.data, f"{name}-{args.units}{suffix}.csv")
    if not os.path.exists(path):
        generate(args, ruleset_arg, path)
    size = os.path.getsize(path)
    with open(path, encoding="utf-8") as f:
        columns = len(f.readline().split(","))
    print(f"batch: {path}: {args.units} units × {columns} columns, {size / 1e6:.0f} MB; ruleset {name}; "
          f"{os.cpu_count()} cores; {args.runs} runs each, median", flush=True)

    engines = args.engines.split(",")
    header = header_of(path)
    plan = os.path.splitext(path)[0] + ".plan"
    wide_plan = os.path.splitext(path)[0] + ".wide-plan"
    if "rust" in engines:
        if not os.access(args.rust, os.X_OK):
            raise SystemExit(f"{args.rust} is not built (./run builds it with cargo)")
        write_plan(Rules(ruleset_path, metrics_path, header, booleans01=wide), header, plan)
    if "rust-wide" in engines or "parse-wide" in engines:
        if not os.access(args.rust_wide, os.X_OK):
            raise SystemExit(f"{args.rust_wide} is not built (./run builds it with cargo)")
        write_wide_plan(Rules(ruleset_path, metrics_path, header, booleans01=wide), header, wide_plan)

    # Runs interleave the engines (run 1 of each, then run 2 of each, …), so that a change in the
    # machine's speed during the measurement (another process, the host) falls on every engine alike.
    runs = {engine: [] for engine in engines}
    counts = {engine: None for engine in engines}
    threads = [str(args.threads)] if args.threads else []
    for n in range(args.runs):
        for engine in engines:
            if engine in ("fazhi", "fazhi-summary"):
                # fazhi writes a row per unit (to /dev/null) and the summary on standard error;
                # fazhi-summary (`evaluate --summary`) only the summary, the grade counts as the peers write them.
                summary = engine == "fazhi-summary"
                cmd = [args.fazhi, "evaluate"] + (["--summary"] if summary else []) + ["--rulesets", os.path.join(ROOT, "rulesets"), "--ruleset", ruleset_arg, path]
                if args.threads: cmd[2:2] = ["--jobs", str(args.threads)]
                wall, cpu, peak, out, err = timed(cmd if summary else ["sh", "-c", " ".join(f"'{c}'" for c in cmd) + " > /dev/null"])
                got = fazhi_counts(out if summary else err)
            elif engine == "rust":
                wall, cpu, peak, out, err = timed([args.rust, plan, path] + threads)
                got = json.loads(out.strip().splitlines()[-1])
            elif engine == "rust-wide":
                wall, cpu, peak, out, err = timed([args.rust_wide, wide_plan, path] + threads)
                got = json.loads(out.strip().splitlines()[-1])
            elif engine == "parse-wide":
                wall, cpu, peak, out, err = timed([args.rust_wide, wide_plan, path] + threads + ["--parse-only"])
                got = None
            elif engine == "fazhi-parse-only":
                cmd = [os.path.join(HERE, "parse_only"), path, str(args.threads or os.cpu_count())]
                wall, cpu, peak, out, err = timed(cmd)
                got = None
            else:
                cmd = [sys.executable, os.path.abspath(__file__), "--engine", engine, "--file", path, "--workload", args.workload]
                if not wide: cmd += ["--ruleset", args.ruleset]
                if args.threads: cmd += ["--threads", str(args.threads)]
                wall, cpu, peak, out, err = timed(cmd)
                got = json.loads(out.strip().splitlines()[-1])
            runs[engine].append((wall, cpu, peak))
            if got is not None:
                if counts[engine] is not None and counts[engine] != got:
                    raise SystemExit(f"{engine} gave different counts on two runs: {counts[engine]} vs {got}")
                counts[engine] = got
        line = f"  run {n + 1}: " + ", ".join(f"{e} {runs[e][-1][0]:.2f} s" for e in engines)
        for ours in ("fazhi", "fazhi-summary"):
            for peer in ("rust-wide", "parse-wide"):
                if ours in engines and peer in engines:
                    (fw, fc, _), (pw, pc, _) = runs[ours][-1], runs[peer][-1]
                    line += f"; {ours}/{peer} wall {fw / pw:.2f}, CPU {fc / pc:.2f}" if pw > 0 and pc > 0 else ""
        print(line, flush=True)
    results = {engine: (runs[engine], counts[engine]) for engine in engines}

    # The reference counts: Fazhi's, else the first scoring engine's.
    scored = [e for e in engines if counts[e] is not None]
    reference = counts["fazhi"] if "fazhi" in scored else counts[scored[0]] if scored else None
    print()
    floor = "parse-wide" if "parse-wide" in results else "fazhi-parse-only"
    parse_wall = statistics.median(r[0] for r in results[floor][0]) if floor in results else None
    fazhi_wall = statistics.median(r[0] for r in results["fazhi"][0]) if "fazhi" in results else None
    print(f"| engine | wall (median) | CPU user+sys (median) | peak memory | units/s | MB/s | × {floor} | fazhi's speed-up | per-grade counts |")
    print(f"|---|---:|---:|---:|---:|---:|---:|---:|---|")
    same = True
    for engine, (runs_, counts_) in results.items():
        wall = statistics.median(r[0] for r in runs_)
        cpu = statistics.median(r[1] for r in runs_)
        peak = statistics.median(r[2] for r in runs_)
        mark = "—" if counts_ is None else ("same" if reference is None or counts_ == reference else f"DIFFERENT {counts_}")
        if counts_ is not None and reference is not None and counts_ != reference: same = False
        rate = f"{args.units / wall:,.0f} | {size / 1e6 / wall:,.0f}" if wall > 0 else "— | —"
        versus_parse = f"{wall / parse_wall:.2f}" if parse_wall else "—"
        speedup = f"{wall / fazhi_wall:.2f}×" if fazhi_wall and engine != "fazhi" else "—"
        print(f"| {engine} | {wall:.2f} s | {cpu:.2f} s | {peak / 1024:.0f} MB | {rate} | {versus_parse} | {speedup} | {mark} |")
    print()
    for ours in ("fazhi", "fazhi-summary"):
        for peer in ("rust-wide", "parse-wide"):
            if ours in results and peer in results:
                pairs = list(zip(results[ours][0], results[peer][0]))
                walls = [f[0] / p[0] for f, p in pairs if p[0] > 0]
                cpus = [f[1] / p[1] for f, p in pairs if p[1] > 0]
                if walls and cpus:
                    print(f"{ours}/{peer} per run pair: wall " + ", ".join(f"{r:.2f}" for r in walls) +
                          f" (median {statistics.median(walls):.2f}); CPU " + ", ".join(f"{r:.2f}" for r in cpus) +
                          f" (median {statistics.median(cpus):.2f})")
    print("per-grade counts:", json.dumps(reference, ensure_ascii=False, sort_keys=True))
    if not same: raise SystemExit("the engines disagree")


if __name__ == "__main__":
    main()
