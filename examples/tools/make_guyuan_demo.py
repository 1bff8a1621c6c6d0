#!/usr/bin/env python3
"""Generate examples/guyuan-region-2023.yaml: an INVENTED demo batch for guyuan-2023-2025-creation.

One YAML document per unit on Guyuan's 2023 creation list (固原市 and its five counties). All values
are made up (seeded random, so the output is the same on every run); every document says so in
`invented:`. The script reads the resolved ruleset (ningxia-2023-eight-actions + guyuan-2023-2025-creation)
and the metric catalog, so the batch follows the rulesets when they change.

For each unit it picks a target grade, decides which applicable indicators are met so that the
completion rate (met / applicable, as the `completion` model counts it) lands in that grade's band,
then writes:
  - facts for the metrics of threshold indicators: met -> a value meeting the target (near it),
    not met -> a value just missing it, or the fact left out (no evidence);
  - verdicts for `assessed` indicators: met, or partial / unmet / left out;
  - events for `done_by` indicators (none in the current rulesets; handled for completeness).

Usage (from the repository root):  python3 examples/tools/make_guyuan_demo.py
"""
import math
import os
import random
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RULESETS = os.path.join(ROOT, "rulesets")
OUT = {y: os.path.join(ROOT, "examples", f"guyuan-region-{y}.yaml") for y in (2023, 2024)}
RULESET_ID = "guyuan-2023-2025-creation"
SEED = 20230425  # the 2023 application deadline of the creation list (2023-04-25)
INVENTED = "示例数据：为演示而虚构，不反映真实情况"
BY = "示例评估组（虚构）"
# Invented application dates (the list's deadlines are 04-25); units not named file on 04-20.
APPLIED = {2023: {"yuanzhou": "2023-04-24", "jingyuan": "2023-04-27", "pengyang": "2023-04-23"},
           2024: {"guyuan": "2024-04-22", "longde": "2024-04-26"}}
# The 2024 batch (for `fazhi compare --before/--after`): its own seed and completion targets.
SEED_2024 = 20240425
TARGET_2024 = {"guyuan": 0.93, "yuanzhou": 0.85, "xiji": 0.97, "longde": 0.8, "jingyuan": 0.66, "pengyang": 0.88}

# Units on the 2023 creation list, with the grade each should land in (invented, for a spread of
# results: the two counties that applied for 示范地区 in 2023 get 示范, one county 不达标).
UNITS = [
    dict(id="guyuan", name="固原市", level="city", parent="宁夏回族自治区", legislative=True, target=0.84),
    dict(id="yuanzhou", name="原州区", level="county", parent="固原市", legislative=False, target=0.76),
    dict(id="xiji", name="西吉县", level="county", parent="固原市", legislative=False, target=0.96),
    dict(id="longde", name="隆德县", level="county", parent="固原市", legislative=False, target=0.67),
    dict(id="jingyuan", name="泾源县", level="county", parent="固原市", legislative=False, target=0.53),
    dict(id="pengyang", name="彭阳县", level="county", parent="固原市", legislative=False, target=0.93),
]


def load(name):
    with open(os.path.join(RULESETS, name + ".yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def indicators_of(groups):
    for g in groups or []:
        for i in g.get("indicators") or []:
            yield i
        yield from indicators_of(g.get("groups"))


def resolve(ruleset_id):
    """The resolved ruleset: parent's groups, then the child's, with overrides applied; and its scoring."""
    r = load(ruleset_id)
    if "extends" in r:
        parent_inds, scoring = resolve(r["extends"])
        inds = parent_inds + list(indicators_of(r.get("groups")))
        scoring = r.get("scoring", scoring)
    else:
        inds, scoring = list(indicators_of(r.get("groups"))), r.get("scoring", {})
    by_id = {i["id"]: dict(i) for i in inds}
    order = [i["id"] for i in inds]
    for o in r.get("overrides") or []:
        if o.get("drop"):
            order.remove(o["id"])
        elif "notApplicable" in o:
            by_id[o["id"]]["appliesTo"] = "never"
        else:
            by_id[o["id"]].update(o.get("set") or {})
    return [by_id[i] for i in order], scoring


def catalog():
    return {m["id"]: m for m in load("metrics")["metrics"]}


def applies(ind, unit):
    cond = ind.get("appliesTo")
    if cond is None:
        return True
    if cond == "never":
        return False
    attrs = {"level": unit["level"], "has_legislative_power": unit["legislative"],
             "named_regional_demonstration_area": False}
    for key, want in cond.items():
        have = attrs.get(key)
        wants = want if isinstance(want, list) else [want]
        if have not in wants:
            return False
    return True


def pct(x):
    """A ruleset rate (90%, 0.9) as a number of percent."""
    if isinstance(x, str) and x.strip().endswith("%"):
        return float(x.strip()[:-1])
    return float(x) * 100


def fmt_pct(p):
    p = round(p, 1)
    return f"{int(p)}%" if p == int(p) else f"{p}%"


def threshold_value(check, meet, rng, units):
    """A value for one threshold check: meeting its target (near it) or just missing it."""
    kind = check["kind"]
    if kind == "rate_at_least":
        m = pct(check["min"])
        if meet:
            return fmt_pct(100.0 if m >= 100 else min(100.0, m + rng.uniform(0, 100 - m)))
        return fmt_pct(max(0.0, m - rng.uniform(0.5, 8)))
    if kind == "rate_at_most":
        m = pct(check["max"])
        return fmt_pct(max(0.0, m - rng.uniform(0, m)) if meet else min(100.0, m + rng.uniform(0.5, 5)))
    if kind == "count_at_least":
        n = int(check["min"])
        return n + rng.randint(0, 3) if meet else rng.randint(0, max(0, n - 1))
    if kind == "count_at_most":
        n = int(check["max"])
        return rng.randint(0, n) if meet else n + rng.randint(1, 3)
    if kind == "duration_at_least":
        n = float(check["min"])
        v = n + rng.randint(0, 15) if meet else max(1, n - rng.randint(3, 15))
        return int(v) if v == int(v) else v
    if kind in ("duration_at_most", "published_within"):
        n = float(check["max"])
        v = max(0, n - rng.randint(0, int(n) // 2 + 1)) if meet else n + rng.randint(1, 5)
        return int(v) if v == int(v) else v
    if kind == "no_incident":
        return 0 if meet else rng.randint(1, 2)
    raise ValueError(f"no value generator for kind {kind}")


def metrics_of(check):
    if check["kind"] in ("all_of", "any_of"):
        out = []
        for sub in check["of"]:
            out += metrics_of(sub)
        return out
    return [check["metric"]] if "metric" in check else []


def plan_unit(unit, inds, rng):
    """Choose met / not met per applicable indicator so that completion lands at the unit's target."""
    applicable = [i for i in inds if applies(i, unit)]
    forced = [i["id"] for i in applicable if i["id"] == "gy-1"]  # the plan lists its projects: met
    want = round(unit["target"] * len(applicable))
    rest = [i["id"] for i in applicable if i["id"] not in forced]
    met = set(forced) | set(rng.sample(rest, want - len(forced)))
    return applicable, met


def write_unit(unit, inds, cat, rng, projects, met=None):
    if met is None:
        applicable, met = plan_unit(unit, inds, rng)
    else:
        applicable = [i for i in inds if applies(i, unit)]
    facts, verdicts, events = [], [], []
    outcome = {}  # indicator id -> what the completion model will count
    for ind in applicable:
        iid, kind, ok = ind["id"], ind["kind"], ind["id"] in met
        if kind == "assessed":
            if ok:
                verdicts.append((iid, "met", None))
                outcome[iid] = "met"
            else:
                v = rng.choices(["partial", "unmet", None], weights=[4, 3, 3])[0]
                if v:
                    verdicts.append((iid, v, None))
                outcome[iid] = v or "noEvidence"
        elif kind == "done_by":
            deadline = ind.get("by") or ind.get("deadline")
            if ok or deadline in (None, "ongoing"):
                events.append((iid, "2023-%02d-%02d" % (rng.randint(1, 10), rng.randint(1, 28))))
                outcome[iid] = "met"
            else:
                outcome[iid] = "noEvidence"
        else:
            checks = ind["of"] if kind in ("all_of", "any_of") else [ind]
            if iid == "gy-1":
                n = projects.get(unit["name"], 1)
                facts.append((ind["metric"], n, f"2023年创建清单所列示范项目 {n} 个（申报为虚构）"))
                outcome[iid] = "met"
                continue
            if ok:
                for c in checks:
                    facts.append((c["metric"], threshold_value(c, True, rng, cat), None))
                outcome[iid] = "met"
            else:
                # One sub-check misses its target or has no fact; the others meet theirs.
                bad = rng.randrange(len(checks))
                left_out = rng.random() < 0.35
                for n, c in enumerate(checks):
                    if n == bad and left_out:
                        continue
                    meet = n != bad
                    note = None if meet else "未达到目标（示例）"
                    facts.append((c["metric"], threshold_value(c, meet, rng, cat), note))
                outcome[iid] = "noEvidence" if left_out else "unmet"
    n_met = sum(1 for v in outcome.values() if v == "met")
    return applicable, facts, verdicts, events, outcome, n_met


def grade(n_met, n_app, grades):
    for g in grades:
        if n_met * 100 >= pct(g["min"]) * n_app:
            return g["name"]
    return grades[-1]["name"]


def main():
    inds, scoring = resolve(RULESET_ID)
    cat = catalog()
    grades = scoring.get("grades", [])
    guyuan = load(RULESET_ID)
    used_metrics = sorted({m for i in inds for m in metrics_of(i)})
    missing = [m for m in used_metrics if m not in cat]
    if missing:
        sys.exit(f"metrics not in the catalog: {missing}")
    for year in (2023, 2024):
        write_year(year, inds, cat, grades, guyuan)


def met_2024(unit, inds, k):
    """2024 builds on 2023: the 2023 choice (same seed), one or two indicators slip back, and more are
    met until the unit reaches its 2024 target."""
    applicable, met = plan_unit(unit, inds, random.Random(SEED * 100 + k))
    rng = random.Random(SEED_2024 * 100 + k)
    ids = [i["id"] for i in applicable]
    met = set(met)
    slipped = set(rng.sample(sorted(i for i in met if i != "gy-1"), rng.randint(1, 2)))
    met -= slipped
    want = round(TARGET_2024[unit["id"]] * len(applicable))
    rest = sorted(i for i in ids if i not in met and i not in slipped)
    if want > len(met):
        met |= set(rng.sample(rest, min(len(rest), want - len(met))))
    return met, rng


def write_year(year, inds, cat, grades, guyuan):
    projects, plan_rows = {}, {}
    for row in guyuan.get("creationPlan") or []:
        if row["year"] == year:
            projects[row["unit"]["name"]] = len(row.get("projects") or []) or 1
            plan_rows[row["unit"]["name"]] = row


    docs, summary = [], []
    for k, unit in enumerate(UNITS):
        if year == 2023:
            rng, met = random.Random(SEED * 100 + k), None
        else:
            met, rng = met_2024(unit, inds, k)
        applicable, facts, verdicts, events, outcome, n_met = write_unit(unit, inds, cat, rng, projects, met)
        g = grade(n_met, len(applicable), grades)
        summary.append((unit["name"], n_met, len(applicable), g))
        lines = []
        lines.append(f"# {unit['name']}（虚构示例）：{len(applicable)} 项适用指标中达到 {n_met} 项，"
                     f"完成率 {n_met * 100 / len(applicable):.1f}%，按生成器计算为“{g}”。")
        lines.append("fazhi: 1")
        lines.append("unit:")
        lines.append(f"  id: {unit['id']}")
        lines.append(f"  name: {unit['name']}")
        lines.append(f"  level: {unit['level']}")
        lines.append(f"  parent: {unit['parent']}")
        lines.append("  attributes:")
        lines.append(f"    has_legislative_power: {'true' if unit['legislative'] else 'false'}")
        lines.append("    named_regional_demonstration_area: false")
        lines.append(f"period: {year}")
        lines.append(f"asOf: {year}-12-31")
        lines.append(f"invented: {INVENTED}")
        lines.append("facts:")
        for metric, value, note in facts:
            lines.append(f"  {metric}: {value}" + (f"  # {note}" if note else ""))
        lines.append("verdicts:")
        lines.append(f"  {RULESET_ID}:")
        for iid, v, _ in verdicts:
            lines.append(f"    {iid}: {{ verdict: {v}, by: {BY} }}")
        if events:
            lines.append("events:")
            lines.append(f"  {RULESET_ID}:")
            for iid, d in events:
                lines.append(f"    {iid}: {{ done: {d}, note: 虚构日期 }}")
        row = plan_rows.get(unit["name"])
        if row:
            # Creation applications for the unit's row of the creation list that year (dates invented;
            # one county files after the deadline, so the region view has a late application to show).
            lines.append("applications:  # 创建申报（日期为虚构）")
            for t in row["types"]:
                numbers = [str(p["number"]) for p in row.get("projects") or []] if t == "single" else []
                extra = f", projects: [{', '.join(numbers)}]" if numbers else ""
                lines.append(f"  - {{ type: {t}, date: {APPLIED[year].get(unit['id'], f'{year}-04-20')}{extra}, note: 虚构日期 }}")
        docs.append("\n".join(lines) + "\n")

    header = f"""# 示例数据：为演示而虚构，不反映真实情况。
# INVENTED demo evidence: every value, verdict and date below is made up and says nothing about the
# real rule-of-law work of 固原市 or its counties. Each document says so in `invented:`, and every
# report made from this file says so too.
#
# 固原市2023年法治政府建设示范创建清单上的六个单位（固原市、原州区、西吉县、隆德县、泾源县、彭阳县），
# 按规则集 {RULESET_ID}（继承 ningxia-2023-eight-actions：nx-1…nx-50，另加 gy-1…gy-6）评估：
#   fazhi evaluate --ruleset {RULESET_ID} examples/guyuan-region-2023.yaml
# 本文件由 examples/tools/make_guyuan_demo.py 生成（固定随机种子 {SEED}，每次生成结果相同）；
# 不要手工修改，改生成器后重新运行：python3 examples/tools/make_guyuan_demo.py
# 生成器按各单位的目标等次选定达到的指标，使完成率分别落在“示范”（≥90%）、“达标”（60%—90%）和
# “不达标”（<60%）；未达到的阈值指标给出略低于目标的数值或不给事实，未达到的评定型指标给出
# partial、unmet 或不给评定（无佐证）。gy-1 的申报项目数取创建清单所列2023年项目个数。
# applications 按创建清单2023年各单位的创建类型和项目编号给出，申报日期为虚构（泾源县晚于4月25日）。
"""
    if year == 2024:
        header = HEADER_2024
    with open(OUT[year], "w", encoding="utf-8") as f:
        f.write(header)
        for d in docs:
            f.write("---\n" + d)
    for name, n, a, g in summary:
        print(f"{name}: {n}/{a} = {n * 100 / a:.1f}% -> {g}")


HEADER_2024 = f"""# 示例数据：为演示而虚构，不反映真实情况。
# INVENTED demo evidence: every value, verdict and date below is made up and says nothing about the
# real rule-of-law work of 固原市 or its counties. Each document says so in `invented:`, and every
# report made from this file says so too.
#
# guyuan-region-2023.yaml 的“下一年”：同六个单位的2024年虚构佐证，用来演示前后比较：
#   fazhi compare --ruleset {RULESET_ID} --before examples/guyuan-region-2023.yaml --after examples/guyuan-region-2024.yaml
# 本文件由 examples/tools/make_guyuan_demo.py 生成（2024 年随机种子 {SEED_2024}）；不要手工修改。
# 生成器从各单位2023年达到的指标出发，随机让1—2项退回未达到，再增加达到的指标直到2024年的目标完成率；
# applications 按创建清单2024年各单位的创建类型给出，申报日期为虚构（隆德县晚于4月25日）。
"""


if __name__ == "__main__":
    main()
