#!/usr/bin/env python3
"""Writes the broken-input corpus (Tests/Corpus/inputs) and its manifest (cases.yaml).

Each case names a command, an input and the exit status it must give; CorpusTests runs every case
against the built binary and compares stderr and stdout with Tests/Corpus/expected/NAME.out word for word.
Run from Tests/Corpus: python3 make_inputs.py (then review and commit; expected outputs are recorded
with `FAZHI_RECORD=1 swift test --filter CorpusTests` and read by a person before they are committed).
"""
import os

HEAD = """fazhi: 1
id: corpus
title: 语料测试指标
jurisdiction: { name: 测试县, level: county }
issuer: 测试县人民政府
period: 2023
source: { file: corpus.txt }
"""

GROUPS = """groups:
  - id: g1
    number: 一、
    title: 第一组
    indicators:
      - { id: c-1, number: "1", text: 出庭应诉率达到100%, kind: rate_at_least, metric: court_appearance_rate, min: 100% }
      - { id: c-2, number: "2", text: 企业开办3个工作日内, kind: duration_at_most, metric: business_startup_working_days, max: 3, unit: working_days }
      - { id: c-3, number: "3", text: 建立法律顾问制度, kind: assessed }
      - { id: c-4, number: "4", text: 6月底前公布目录, kind: done_by, deadline: 2023-06-30 }
      - id: c-5
        number: "5"
        text: 法制审核人员不少于执法人员总数的5%
        kind: ratio_at_least
        numerator: legal_review_staff
        denominator: enforcement_staff
        min: 5%
      - { id: c-6, number: "6", text: 规章草案征求意见不少于30日（适用于有立法权的市）, kind: duration_at_least, metric: rule_draft_public_comment_period_days, min: 30, unit: days, appliesTo: { has_legislative_power: true } }
"""

cases = []  # (name, command, bytes, exit)

def ruleset(name, text, exit=2, raw=None):
    cases.append((name, "validate", raw if raw is not None else text.encode(), exit))

def evidence(name, text, exit=2, raw=None):
    cases.append((name, "evaluate", raw if raw is not None else text.encode(), exit))

def yaml_only(name, raw, exit=2):
    cases.append((name, "check-yaml", raw, exit))

UNIT = """fazhi: 1
unit: { id: u1, name: 测试县, level: county }
period: 2023
"""

# --- YAML layer -----------------------------------------------------------------------------------
yaml_only("yaml-unclosed-flow", b"a: [1, 2\nb: 3\n")
yaml_only("yaml-unclosed-quote", b'title: "\xe6\xb3\x95\xe6\xb2\xbb\n')
yaml_only("yaml-tab-indent", b"groups:\n\t- id: g1\n")
yaml_only("yaml-duplicate-key", "id: a\ntitle: 一\nid: b\n".encode())
yaml_only("yaml-bad-indent", b"a:\n  b: 1\n c: 2\n")
yaml_only("yaml-invalid-utf8", b"title: \xe6\xb3\nx: 1\n")
yaml_only("yaml-invalid-utf8-later", "title: 法治\nname: 测试\xff县\n".encode("utf-8", "surrogateescape") if False else b"title: ok\nname: \xce\xff\n")
yaml_only("yaml-alias-bomb", ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98+i)}: &{chr(98+i)} [" + ", ".join([f"*{chr(97+i)}"] * 10) + "]\n" for i in range(8))).encode())
yaml_only("yaml-undefined-alias", b"a: *nothing\n")
yaml_only("yaml-recursive-alias", b"a: &x [1, *x]\n")
yaml_only("yaml-deep-nesting", (b"[" * 10000) + (b"]" * 10000) + b"\n")
yaml_only("yaml-bom-ok", b"\xef\xbb\xbfa: 1\n", exit=0)
yaml_only("yaml-crlf-ok", b"a: 1\r\nb: [1, 2]\r\n", exit=0)
yaml_only("yaml-stream-second-bad", b"a: 1\n---\nb: [\n")
yaml_only("yaml-control-character", b"a: \x07bell\n")

# --- Rulesets -------------------------------------------------------------------------------------
ruleset("ruleset-empty", "", raw=b"")
ruleset("ruleset-only-comment", "# 只有注释\n")
ruleset("ruleset-not-mapping", "- a\n- b\n")
ruleset("ruleset-missing-version", HEAD.replace("fazhi: 1\n", "") + GROUPS)
ruleset("ruleset-wrong-version", HEAD.replace("fazhi: 1", "fazhi: 2") + GROUPS)
ruleset("ruleset-unknown-top-key", HEAD + "titel: 多余\n" + GROUPS)
ruleset("ruleset-bad-id", HEAD.replace("id: corpus", "id: Corpus_2023") + GROUPS)
ruleset("ruleset-bad-level", HEAD.replace("level: county", "level: countyy") + GROUPS)
ruleset("ruleset-period-text", HEAD.replace("period: 2023", "period: 二〇二三") + GROUPS)
ruleset("ruleset-period-reversed", HEAD.replace("period: 2023", "period: { from: 2025, to: 2023 }") + GROUPS)
ruleset("ruleset-issued-impossible-date", HEAD + "issued: 2023-02-30\n" + GROUPS)
ruleset("ruleset-missing-groups", HEAD)
ruleset("ruleset-group-without-items", HEAD + "groups:\n  - { id: g1, title: 空组 }\n")
ruleset("ruleset-unknown-kind", HEAD + GROUPS.replace("kind: assessed", "kind: asessed"))
ruleset("ruleset-missing-kind", HEAD + GROUPS.replace(", kind: assessed", ""))
ruleset("ruleset-unknown-metric", HEAD + GROUPS.replace("metric: court_appearance_rate", "metric: court_apearance_rate"))
ruleset("ruleset-metric-by-name", HEAD + GROUPS.replace("metric: court_appearance_rate", "metric: 行政机关负责人出庭应诉率"))
ruleset("ruleset-missing-metric", HEAD + GROUPS.replace(", metric: court_appearance_rate", ""))
ruleset("ruleset-misspelt-key", HEAD + GROUPS.replace("metric: court_appearance_rate", "metirc: court_appearance_rate"))
ruleset("ruleset-duplicate-indicator-id", HEAD + GROUPS.replace("id: c-3,", "id: c-1,"))
ruleset("ruleset-rate-above-100", HEAD + GROUPS.replace("min: 100% }", "min: 150% }"))
ruleset("ruleset-rate-without-percent", HEAD + GROUPS.replace("min: 100% }", "min: 95 }"))
ruleset("ruleset-negative-duration", HEAD + GROUPS.replace("max: 3,", "max: -3,"))
ruleset("ruleset-duration-unit-mismatch", HEAD + GROUPS.replace("unit: working_days", "unit: days"))
ruleset("ruleset-count-metric-for-rate", HEAD + GROUPS.replace("metric: court_appearance_rate", "metric: reconsideration_cases_handled"))
ruleset("ruleset-ratio-same-metric", HEAD + GROUPS.replace("denominator: enforcement_staff", "denominator: legal_review_staff"))
ruleset("ruleset-done-by-without-date", HEAD + GROUPS.replace(", deadline: 2023-06-30", ""))
ruleset("ruleset-deadline-impossible", HEAD + GROUPS.replace("deadline: 2023-06-30", "deadline: 2023-06-31"))
ruleset("ruleset-weights-not-100", HEAD + GROUPS + """      - id: c-7
        text: 综合评分
        kind: weighted_score
        parts: [{ metric: democratic_evaluation_score, weight: 40% }, { metric: unit_head_evaluation_score, weight: 50% }]
""")
ruleset("ruleset-expression-syntax", HEAD + GROUPS + """      - { id: c-7, text: 表达式, kind: expression, expr: "court_appearance_rate >= 95% and" }
""")
ruleset("ruleset-expression-unknown-metric", HEAD + GROUPS + """      - { id: c-7, text: 表达式, kind: expression, expr: "court_apearance_rate >= 95%" }
""")
ruleset("ruleset-grades-overlap", HEAD + "scoring:\n  grades: [{ name: 示范, min: 90% }, { name: 达标, min: 95% }, { name: 不达标, min: 0% }]\n" + GROUPS)
ruleset("ruleset-grades-gap", HEAD + "scoring:\n  grades: [{ name: 示范, min: 90% }, { name: 达标, min: 60% }]\n" + GROUPS)
ruleset("ruleset-grades-max-gap", HEAD + "scoring:\n  grades: [{ name: 示范, min: 90% }, { name: 达标, min: 60%, max: 85% }, { name: 不达标, min: 0% }]\n" + GROUPS)
ruleset("ruleset-unknown-model", HEAD + "scoring: { model: weigthed }\n" + GROUPS)
ruleset("ruleset-veto-unknown-grade", HEAD + "scoring:\n  vetoes:\n    - { id: v1, text: 一票否决, when: { gradeBelow: 合格 }, effect: cap, grade: 不达标 }\n" + GROUPS)
ruleset("ruleset-adjustment-bad-type", HEAD + "scoring:\n  adjustments:\n    items:\n      - { id: a1, type: bonuss, text: 加分, kind: assessed }\n" + GROUPS)
ruleset("ruleset-applies-to-bad", HEAD + GROUPS.replace("kind: assessed }", "kind: assessed, appliesTo: sometimes }"))
ruleset("ruleset-extends-missing", HEAD.replace("period: 2023\n", "period: 2023\nextends: no-such-ruleset\n") + GROUPS)
ruleset("ruleset-override-unknown-id", "fazhi: 1\nid: corpus-child\nextends: ruleset-extends-base.yaml\noverrides:\n  - { id: c-9, drop: true }\n")
ruleset("ruleset-override-without-extends", HEAD + GROUPS + "overrides:\n  - { id: c-1, drop: true }\n")
ruleset("ruleset-extends-cycle-a", HEAD.replace("id: corpus", "id: cycle-a").replace("period: 2023\n", "period: 2023\nextends: ruleset-extends-cycle-b.yaml\n") + GROUPS)
# helpers for the cases above (valid on their own)
cases.append(("ruleset-extends-base", "validate", (HEAD.replace("id: corpus", "id: corpus-base") + GROUPS).encode(), 0))
cases.append(("ruleset-extends-cycle-b", "none", (HEAD.replace("id: corpus", "id: cycle-b").replace("period: 2023\n", "period: 2023\nextends: ruleset-extends-cycle-a.yaml\n") + GROUPS.replace("c-", "d-").replace("g1", "g2")).encode(), 0))
cases.append(("corpus", "validate", (HEAD + GROUPS).encode(), 0))

# --- Evidence (evaluated against inputs/corpus.yaml) --------------------------------------------
evidence("evidence-empty", "", raw=b"")
evidence("evidence-only-comment", "# 无内容\n")
evidence("evidence-missing-unit", "fazhi: 1\nperiod: 2023\nfacts: { court_appearance_rate: 100% }\n")
evidence("evidence-unknown-level", UNIT.replace("level: county", "level: 县城"))  # 县 is county (UnitLevel); 县城 is not a level
evidence("evidence-unknown-key", UNIT + "fact: { court_appearance_rate: 100% }\n")
evidence("evidence-text-for-count", UNIT + "facts: { reconsideration_cases_handled: 五十九件 }\n")
evidence("evidence-rate-above-100", UNIT + "facts: { court_appearance_rate: 120% }\n")
evidence("evidence-rate-below-0", UNIT + "facts: { court_appearance_rate: -5% }\n")
evidence("evidence-95-meant-095", UNIT + "facts: { court_appearance_rate: 95 }\n")
evidence("evidence-nan", UNIT + "facts: { court_appearance_rate: .nan }\n")
evidence("evidence-infinity", UNIT + "facts: { business_startup_working_days: .inf }\n")
evidence("evidence-fractional-count", UNIT + "facts: { reconsideration_cases_handled: 2.5 }\n")
evidence("evidence-negative-count", UNIT + "facts: { reconsideration_cases_handled: -1 }\n")
evidence("evidence-numerator-above-denominator", UNIT + "facts:\n  legal_review_staff: 60\n  enforcement_staff: 59\n")
evidence("evidence-impossible-date", UNIT + "events: { c-4: 2023-02-30 }\n")
evidence("evidence-asof-impossible", UNIT.replace("period: 2023", "period: 2023\nasOf: 2023-13-01"))
evidence("evidence-unknown-metric", UNIT + "facts: { court_apearance_rate: 100% }\n")
evidence("evidence-unknown-indicator", UNIT + "verdicts: { c-33: met }\n")
evidence("evidence-bad-verdict", UNIT + "verdicts: { c-3: yes }\n")
evidence("evidence-yes-as-boolean", UNIT.replace("level: county }", "level: county, attributes: { has_legislative_power: yes } }") + "facts: { court_appearance_rate: 100% }\n")
evidence("evidence-fact-without-value", UNIT + "facts:\n  court_appearance_rate: { quote: 出庭率100% }\n")
evidence("evidence-unknown-source", UNIT + "sources: [{ id: report }]\nfacts:\n  court_appearance_rate: { value: 100%, source: reprot }\n")
evidence("evidence-exemption-without-reason", UNIT + "exemptions: { c-3: { expires: 2024-12-31 } }\n")
evidence("evidence-exemption-unknown-indicator", UNIT + "exemptions: { c-33: { justification: 不适用, expires: 2024-12-31 } }\n")
evidence("evidence-other-ruleset-group-ok", UNIT + "verdicts:\n  ningxia-2023-eight-actions: { nx-4: met }\n  corpus: { c-3: met }\n", exit=0)
evidence("evidence-duplicate-unit", UNIT + "facts: { court_appearance_rate: 100% }\n---\n" + UNIT + "facts: { court_appearance_rate: 90% }\n")
evidence("evidence-fullwidth-ok", UNIT + "facts: { court_appearance_rate: ９５％, business_startup_working_days: ３ }\n", exit=0)
evidence("evidence-chinese-yes-no-ok", UNIT.replace("level: county }", "level: county, attributes: { has_legislative_power: 否 } }") + "verdicts: { c-3: 达到 }\n", exit=0)
evidence("evidence-crlf-bom-ok", "", raw=b"\xef\xbb\xbf" + (UNIT + "facts: { court_appearance_rate: 100% }\n").replace("\n", "\r\n").encode(), exit=0)
evidence("evidence-period-overflow", UNIT.replace("period: 2023", "period: 202388888888888888"))  # found by FuzzEvidence
evidence("evidence-period-implausible", UNIT.replace("period: 2023", "period: 23"))
evidence("evidence-thousands-bad", UNIT + "facts:\n  reconsideration_cases_handled: 1,23\n")
# Issue 20: one number reader (full-width digits and thousands separators in counts, as in a batch), a
# fact given twice (by id and by its Chinese alias), rulesets that graded silently wrong.
evidence("evidence-count-fullwidth-thousands-ok", UNIT + "facts: { legal_review_staff: １２０, enforcement_staff: \"1,200\" }\n", exit=0)
evidence("evidence-fact-by-id-and-alias", UNIT + "facts:\n  court_appearance_rate: 100%\n  出庭应诉率: 80%\n")
evidence("evidence-verdict-twice", UNIT + "verdicts:\n  c-3: met\n  corpus: { c-3: unmet }\n")
ruleset("ruleset-veto-duplicate-id", HEAD + "scoring:\n  vetoes:\n    - { id: v1, text: 一票否决, when: { gradeBelow: 达标 }, effect: cap, grade: 不达标 }\n    - { id: v1, text: 又一条, when: { gradeBelow: 达标 }, effect: cap, grade: 不达标 }\n" + GROUPS)
ruleset("ruleset-grade-empty-name", HEAD + "scoring:\n  grades:\n    - { name: 示范, min: 90% }\n    - { name: \"\", min: 0% }\n" + GROUPS)
ruleset("ruleset-bonus-cap-negative", HEAD + "scoring:\n  adjustments:\n    bonusCap: -5\n    penaltyCap: -1\n    items: []\n" + GROUPS)

# --- Batches (CSV, TSV, JSON Lines): Tests/Corpus/batches, written below with their exact bytes ----
H = "id,name,level,has_legislative_power,court_appearance_rate,business_startup_working_days,c-3,c-4,legal_review_staff,enforcement_staff,rule_draft_public_comment_period_days\n"
OK = "u1,甲县,county,否,100%,2.5,达到,2023-06-20,3,40,\n"
batches = {
    "csv-ok.csv": (H + OK + "u2,乙县,county,是,95%,4,未达到,,1,10,30\n", 0),
    "csv-too-few-cells.csv": (H + OK + "u2,乙县,county,是,95%,4\n", 2),
    "csv-too-many-cells.csv": (H + OK + "u2,乙县,county,是,95%,4,未达到,,1,10,30,多余\n", 2),
    "csv-unquoted-comma-in-name.csv": (H + "u2,宁夏,乙县,county,是,95%,4,未达到,,1,10,30\n", 2),
    "csv-header-no-metric.csv": (H.replace("court_appearance_rate", "court_apearance_rate") + OK, 2),
    "csv-95-for-percent.csv": (H + OK.replace("100%", "95"), 2),
    "csv-rate-above-100.csv": (H + OK.replace("100%", "120%"), 2),
    "csv-negative-count.csv": (H + OK.replace(",3,40,", ",-3,40,"), 2),
    "csv-nan.csv": (H + OK.replace("2.5", "NaN"), 2),
    "csv-infinity.csv": (H + OK.replace("2.5", "inf"), 2),
    "csv-impossible-date.csv": (H + OK.replace("2023-06-20", "2023-02-30"), 2),
    "csv-numerator-above-denominator.csv": (H + OK.replace(",3,40,", ",50,40,"), 2),
    "csv-fullwidth-ok.csv": (H + OK.replace("100%", "９５％"), 0),
    "csv-yes-for-boolean.csv": (H + OK.replace(",否,", ",yes,"), 2),
    "csv-bad-verdict.csv": (H + OK.replace("达到", "yes"), 2),
    "csv-empty.csv": ("", 2),
    "csv-header-only.csv": (H, 2),
    "csv-unclosed-quote.csv": (H + 'u1,"甲县,county,否,100%,2.5,达到,2023-06-20,3,40,\n', 2),
    "csv-quoted-comma-ok.csv": (H + '"u1","宁夏,甲县",county,否,100%,2.5,达到,2023-06-20,3,40,\n', 0),
    "csv-duplicate-unit.csv": (H + OK + "u2,乙县,county,是,95%,4,未达到,,1,10,30\n" + OK.replace("甲县", "丙县"), 2),
    "jsonl-duplicate-unit.jsonl": ('{"id": "u1", "name": "甲县"}\n{"id": "u2", "name": "乙县"}\n{"id": "u1", "name": "丙县"}\n', 2),
    "tsv-ok.tsv": ((H + OK).replace(",", "\t"), 0),
    "jsonl-bad-json.jsonl": ('{"id": "u1", "name": "甲县", "court_appearance_rate": "100%"\n', 2),
    "jsonl-95-for-percent.jsonl": ('{"id": "u1", "name": "甲县", "court_appearance_rate": "95"}\n', 2),
    "jsonl-ok.jsonl": ('{"id": "u1", "name": "甲县", "level": "county", "has_legislative_power": "否", "court_appearance_rate": "100%", "c-3": "达到"}\n', 0),
}
os.makedirs("batches", exist_ok=True)
for f in os.listdir("batches"):
    os.remove(os.path.join("batches", f))
for name, (text, exit) in batches.items():
    with open(f"batches/{name}", "wb") as f:
        f.write(text.encode())
    cases.append((name, "batch", None, exit))
with open("batches/csv-bom-crlf-ok.csv", "wb") as f:
    f.write(b"\xef\xbb\xbf" + (H + OK).replace("\n", "\r\n").encode())
cases.append(("csv-bom-crlf-ok.csv", "batch", None, 0))
# Issue 20: bytes a text editor would not show (their messages name the cause).
raw_batches = {
    "jsonl-duplicate-key.jsonl": ('{"id": "u1", "name": "甲县", "court_appearance_rate": "100%", "court_appearance_rate": "80%"}\n'.encode(), 2),
    "jsonl-fact-by-id-and-name.jsonl": ('{"id": "u1", "name": "甲县", "court_appearance_rate": "100%", "出庭应诉率": "80%"}\n'.encode(), 2),
    "jsonl-id-and-chinese-id.jsonl": ('{"id": "u1", "单位编号": "u2", "name": "甲县"}\n'.encode(), 2),
    "jsonl-bad-escape.jsonl": ('{"id": "u1", "name": "甲\\q县"}\n'.encode(), 2),
    "jsonl-bad-unicode-escape.jsonl": ('{"id": "u1", "name": "甲\\u12县"}\n'.encode(), 2),
    "jsonl-escapes-ok.jsonl": ('{"id": "u\\u00311", "name": "甲\\"县\\\\\\/"}\n'.encode(), 0),
    "csv-invalid-utf8-name.csv": (H.encode() + b"u1,\xe7\x94\xb2\xff,county,\xe5\x90\xa6,100%,2.5,met,2023-06-20,3,40,\n", 2),
    "csv-second-bom.csv": (b"\xef\xbb\xbf" + (H + OK).encode() + b"\xef\xbb\xbf" + (H + OK.replace("u1,", "u2,")).encode(), 2),
    "csv-utf16.csv": ((H + OK).encode("utf-16"), 2),
    # GBK as Excel saves "CSV (逗号分隔)" on a Chinese Windows: read (transcoded), no byte order mark, CRLF.
    "csv-gb18030.csv": ((H.replace("id,name", "单位编号,单位名称") + OK).encode("gb18030"), 0),
    "csv-gbk-crlf.csv": ((H.replace("level", "层级") + OK.replace("county", "县")).replace("\n", "\r\n").encode("gbk"), 0),
    # Neither UTF-8 nor GB18030 (0xFF is in neither): refused at the byte.
    "csv-not-text.csv": ((H + OK).encode("utf-8").replace("甲".encode("utf-8"), b"\xff\xfe"), 2),
    "jsonl-utf16.jsonl": ('{"id": "u1", "name": "甲县"}\n'.encode("utf-16"), 2),
}
for name, (data, exit) in raw_batches.items():
    with open(f"batches/{name}", "wb") as f:
        f.write(data)
    cases.append((name, "batch", None, exit))

os.makedirs("inputs", exist_ok=True)
for f in os.listdir("inputs"):
    os.remove(os.path.join("inputs", f))
with open("cases.yaml", "w") as manifest:
    manifest.write("# Generated by make_inputs.py: one entry per broken input. command: validate | evaluate | check-yaml | none\n")
    manifest.write("cases:\n")
    for name, command, data, exit in cases:
        if data is not None:
            with open(f"inputs/{name}.yaml", "wb") as f:
                f.write(data)
        manifest.write(f"  - {{ name: {name}, command: {command}, exit: {exit} }}\n")
print(len([c for c in cases if c[1] != "none"]), "cases")
