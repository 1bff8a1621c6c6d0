#!/usr/bin/env python3
"""Spreadsheets checked by other programs than ours (docs/spreadsheets.md):

1. A template for every bundled ruleset, and results workbooks (evaluate, compare, region), open in
   LibreOffice: one headless run converts them all to PDF, one to CSV (every sheet).
2. A template made for the units of each example is filled in by openpyxl from the example's YAML
   evidence (values typed as a person would: numbers, percentages as fractions under the template's %
   format, dates as dates, 是/否 and verdict words as text), and `fazhi evaluate` on it gives exactly
   the grade, score and every indicator's outcome that the YAML gives.
3. The results workbook read with openpyxl: its sheets, frozen header, filter, % formats and values.
4. The .docx documents (`region --docx 通报.docx --feedback-dir 反馈意见/`) converted by LibreOffice
   to PDF and read back as a reader would: A4 pages, the title, every unit in the 附件's ranking, "— 1 —" page
   numbers, the issuer and date at the end, at most 28 characters a line, CJK text in an embedded CJK
   font (not boxes), page 1 rendered to PNG by pdftoppm.

Run by scripts/test after the Swift tests, against the built binary:
    python3 Tests/Sheets/check.py .build/debug/fazhi
"""
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import openpyxl
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAZHI = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/fazhi"))
RULESETS = ["ningxia-2023-eight-actions", "guyuan-2023-2025-creation", "zhongwei-2022-points", "xixia-2020-demonstration"]
PAIRS = [
    ("ningxia-2023-eight-actions", "ningcheng-2023.yaml"),
    ("guyuan-2023-2025-creation", "guyuan-region-2023.yaml"),
    ("zhongwei-2022-points", "ningcheng-2023.yaml"),
    ("xixia-2020-demonstration", "ningcheng-2023.yaml"),
    ("xixia-2020-leadership-assessment", "xixia-leadership-2020.yaml"),
]
passed = failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def fazhi(*args, ok=True):
    run = subprocess.run([FAZHI, *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if ok and run.returncode != 0:
        raise SystemExit(f"fazhi {' '.join(args)} exited {run.returncode}: {run.stderr}")
    return run


def catalog():
    """Metric id by id, name and alias (evidence may name a fact by its Chinese name)."""
    with open(os.path.join(ROOT, "rulesets/metrics.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    out = {}
    for m in doc["metrics"]:
        for key in [m["id"], m.get("name")] + list(m.get("aliases") or []):
            if key:
                out[str(key)] = m
    return out


def entries(section, ruleset, known):
    """Indicator entries of a verdicts/events/exemptions section (grouped by ruleset id or not)."""
    out = {}
    for key, value in (section or {}).items():
        if key == ruleset:
            out.update(value or {})
        elif key in known:
            out[key] = value
    return out


def fill(template, documents, ruleset, out):
    metrics = catalog()
    book = openpyxl.load_workbook(template)
    sheet = book["填报"]
    header = {cell.value: cell.column for cell in sheet[1]}
    col_key, col_unit, col_value, col_exempt = header["字段"], header["单位编码"], header["填报值"], header["不适用/豁免理由"]
    rows = {}
    indicators = set()
    for r in range(2, sheet.max_row + 1):
        key = sheet.cell(r, col_key).value
        unit = sheet.cell(r, col_unit).value
        if key:
            rows.setdefault(unit, []).append((r, key))
            owner = key.split("@", 1)[1] if key.startswith("m:") and "@" in key else key[2:] if key[:2] in ("v:", "e:", "x:") else None
            if owner:
                indicators.add(owner)
    for doc in documents:
        uid = str(doc["unit"]["id"])
        facts = {}
        for key, value in (doc.get("facts") or {}).items():
            metric = metrics[str(key)]
            facts[metric["id"]] = (value["value"] if isinstance(value, dict) else value, metric["unit"])
        verdicts = {k: (v["verdict"] if isinstance(v, dict) else v) for k, v in entries(doc.get("verdicts"), ruleset, indicators).items()}
        events = {k: (v["done"] if isinstance(v, dict) else v) for k, v in entries(doc.get("events"), ruleset, indicators).items()}
        exemptions = {k: v["justification"] for k, v in entries(doc.get("exemptions"), ruleset, indicators).items()}
        exempted = set()
        for r, key in rows.get(uid, []):
            target = sheet.cell(r, col_value)
            kind, _, rest = key.partition(":")
            name, _, owner = rest.partition("@")
            if kind == "m" and name in facts:
                value, unit = facts[name]
                if unit == "percent":
                    text = str(value).strip()
                    target.value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
                elif unit == "boolean":
                    target.value = "是" if value in (True, "true", "是") else "否"
                elif unit == "count":
                    target.value = int(str(value).replace(",", ""))
                else:
                    target.value = float(value)
            elif kind == "v" and name in verdicts:
                target.value = {"met": "达到", "partial": "部分达到", "unmet": "未达到"}.get(str(verdicts[name]), str(verdicts[name]))
            elif kind == "e" and name in events:
                d = events[name]
                target.value = d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d))
            elif key == "u:period" and doc.get("period"):
                target.value = int(doc["period"])
            elif key == "u:asOf" and doc.get("asOf"):
                d = doc["asOf"]
                target.value = d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d))
            indicator = owner if kind == "m" else name if kind in ("v", "e", "x") else None
            if indicator in exemptions and indicator not in exempted:
                sheet.cell(r, col_exempt).value = exemptions[indicator]
                exempted.add(indicator)
    book.save(out)


def outcomes(report):
    return [(u["unit"]["id"], u["grade"], json.dumps(u.get("score"), sort_keys=True),
             [(i["id"], i["outcome"]) for i in u["indicators"]]) for u in report["units"]]


def pdf_text(pdf):
    """The PDF's text with all white space removed (pdftotext spaces Latin next to CJK)."""
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out), out


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return pages, "(A4)" in info


def check_documents(work, profile):
    """4. 通报 and 反馈意见 as .docx, rendered by LibreOffice."""
    names = [d["unit"]["name"] for d in yaml.safe_load_all(open(os.path.join(ROOT, "examples/guyuan-region-2023.yaml"), encoding="utf-8")) if d]
    docs = f"{work}/docs"
    os.makedirs(docs)
    fazhi("region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--docx", f"{docs}/通报.docx",
          "--feedback-dir", f"{docs}/反馈意见", "--issuer", "固原市法治政府建设工作领导小组办公室", "--date", "2024-01-15")
    feedback = sorted(glob.glob(f"{docs}/反馈意见/*.docx"))
    check(len(feedback) == len(names), f"one 反馈意见 per unit: {feedback}")
    run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", f"{docs}/pdf",
                          f"{docs}/通报.docx", *feedback], capture_output=True, text=True, timeout=600)
    check(run.returncode == 0, f"soffice --convert-to pdf (docx): {run.stderr}")
    notice = f"{docs}/pdf/通报.pdf"
    if not os.path.exists(notice):
        check(False, "LibreOffice made 通报.pdf")
        return
    pages, a4 = pdf_pages(notice)
    check(a4, "通报 on A4")
    text, raw = pdf_text(notice)
    check(text.startswith("关于2023年度法治政府建设考核结果的通报各有关单位："), f"通报 title and addressee: {text[:60]}")
    ranking = text[text.rfind("各层级考核排名"):]
    for n in names:
        check(n in ranking, f"{n} in the 通报's ranking")
    for p in range(1, pages + 1):
        check(f"—{p}—" in text, f"page number — {p} — in the 通报")
    check("附件：各层级考核排名固原市法治政府建设工作领导小组办公室2024年1月15日" in text, "issuer and date close the 通报, after the 附件 line")
    check(text.find("附件各层级考核排名") > text.find("2024年1月15日"), "the ranking follows as the 附件")
    # 28 characters a line: no line of the body holds more (a CJK or full-width character counts one,
    # a half-width digit or letter half, and pdftotext's spaces are not characters).
    lines = [re.sub(r"\s+", "", l) for l in raw.splitlines()]
    def width(l):
        return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in l)
    widths = [width(l) for l in lines if re.search(r"[\u4e00-\u9fff]", l) and not l.startswith("关于")]
    check(widths and max(widths) <= 28 and max(widths) >= 24, f"body lines of at most 28 characters: longest {max(widths or [0])}")
    fonts = subprocess.run(["pdffonts", notice], capture_output=True, text=True).stdout
    check(re.search(r"CJK|WenQuanYi|wqy|Fallback|Song|Hei|Kai|Fang|Ming", fonts, re.I) is not None, f"a CJK font embedded, not boxes:\n{fonts}")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", notice, f"{docs}/page"], check=False)
    png = glob.glob(f"{docs}/page*.png")
    check(len(png) == 1 and os.path.getsize(png[0]) > 5000, f"page 1 of the 通报 rendered to PNG: {png}")
    print(f"docx: 通报 {pages} pages", end="")
    for f in feedback:
        stem = os.path.basename(f)[:-5]
        pdf = f"{docs}/pdf/{stem}.pdf"
        if not os.path.exists(pdf):
            check(False, f"LibreOffice made {stem}.pdf")
            continue
        unit = stem[:-len("反馈意见")]
        text, _ = pdf_text(pdf)
        n, a4 = pdf_pages(pdf)
        check(a4 and text.startswith(f"关于{unit}2023年度法治政府建设考核情况的反馈意见{unit}："), f"{stem}: title and addressee: {text[:50]}")
        check("一、存在的问题" in text and "二、整改要求" in text and "—1—" in text, f"{stem}: problems, what to rectify, page number")
        print(f", {unit} {n}", end="")
    print()


def main():
    work = tempfile.mkdtemp(prefix="fazhi-sheets-check-")
    try:
        # 1. Templates and results workbooks.
        for r in RULESETS:
            fazhi("template", "--ruleset", r, "--output", f"{work}/{r}.xlsx")
        fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--format", "xlsx", "--output", f"{work}/compare.xlsx")
        fazhi("region", "--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml", "--format", "xlsx", "--output", f"{work}/region.xlsx")
        fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml", "--format", "xlsx", "--output", f"{work}/evaluate.xlsx")

        # 2. Filled by openpyxl, read back to the YAML's scores.
        for ruleset, example in PAIRS:
            with open(os.path.join(ROOT, "examples", example), encoding="utf-8") as f:
                documents = [d for d in yaml.safe_load_all(f) if d]
            stem = f"{ruleset}--{example[:-5]}"
            fazhi("template", "--ruleset", ruleset, "--units", f"examples/{example}", "--output", f"{work}/{stem}-blank.xlsx")
            fill(f"{work}/{stem}-blank.xlsx", documents, ruleset, f"{work}/{stem}.xlsx")
            from_yaml = json.loads(fazhi("evaluate", "--ruleset", ruleset, "--format", "json", f"examples/{example}").stdout)
            run = fazhi("evaluate", "--ruleset", ruleset, "--format", "json", f"{work}/{stem}.xlsx", ok=False)
            check(run.returncode == 0, f"{stem}: evaluate the filled workbook: {run.stderr}")
            if run.returncode == 0:
                a, b = outcomes(from_yaml), outcomes(json.loads(run.stdout))
                check(a == b, f"{stem}: the workbook scores as the YAML does\nYAML: {a}\nxlsx: {b}")

        # Saved again by another spreadsheet program (LibreOffice writes its own xlsx): the same scores.
        profile = f"file://{work}/lo-profile"
        stems = [f"{r}--{e[:-5]}" for r, e in PAIRS]
        run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir", f"{work}/resaved",
                              *[f"{work}/{s}.xlsx" for s in stems]], capture_output=True, text=True, timeout=600)
        check(run.returncode == 0, f"soffice --convert-to xlsx: {run.stderr}")
        for (ruleset, example), stem in zip(PAIRS, stems):
            from_yaml = json.loads(fazhi("evaluate", "--ruleset", ruleset, "--format", "json", f"examples/{example}").stdout)
            run = fazhi("evaluate", "--ruleset", ruleset, "--format", "json", f"{work}/resaved/{stem}.xlsx", ok=False)
            check(run.returncode == 0, f"{stem} saved by LibreOffice: evaluate: {run.stderr}")
            if run.returncode == 0:
                check(outcomes(from_yaml) == outcomes(json.loads(run.stdout)), f"{stem} saved by LibreOffice scores as the YAML")

        # A wrong value typed by openpyxl: located at its cell, exit 2.
        book = openpyxl.load_workbook(f"{work}/ningxia-2023-eight-actions--ningcheng-2023.xlsx")
        sheet = book["填报"]
        header = {cell.value: cell.column for cell in sheet[1]}
        row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, header["字段"]).value).startswith("m:court_appearance_rate"))
        sheet.cell(row, header["填报值"]).value = 90
        book.save(f"{work}/wrong.xlsx")
        run = fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", f"{work}/wrong.xlsx", ok=False)
        check(run.returncode == 2 and f"wrong.xlsx:填报!H{row}: error:" in run.stderr and "expected a percentage between 0% and 100%, found 9000%" in run.stderr,
              f"90 typed in a % rate cell (9000%) is refused at H{row}: {run.stderr}")

        # 3. The results workbook as openpyxl sees it.
        results = openpyxl.load_workbook(f"{work}/compare.xlsx")
        check(results.sheetnames == ["排名", "分组", "指标", "明细"], f"results sheets: {results.sheetnames}")
        ranking = results["排名"]
        check(ranking.freeze_panes == "D2", f"ranking frozen at {ranking.freeze_panes}")
        check(ranking.auto_filter.ref is not None and ranking.auto_filter.ref.startswith("A1:"), "ranking has a filter")
        heads = [c.value for c in ranking[1]]
        check(heads[:5] == ["名次", "单位编码", "单位名称", "层级", "完成率"], f"ranking header {heads}")
        rate = ranking.cell(2, 5)
        check(rate.number_format == "0.0%" and isinstance(rate.value, float) and 0 <= rate.value <= 1.2, f"rate cell {rate.value} {rate.number_format}")
        check(ranking.cell(2, 1).value == 1, "first row is rank 1")
        check(results["分组"].cell(2, 3).number_format == "0.0%", "group completion as %")
        states = {c.value for row in results["指标"].iter_rows(min_row=2, min_col=3) for c in row}
        check(states <= {"达到", "部分达到", "未达到", "不适用", "无佐证", "错误"} and "达到" in states, f"indicator outcomes {states}")
        fill_colour = results["指标"].cell(2, 3).fill.fgColor.rgb
        check(fill_colour in ("FFC6EFCE", "FFFFEB9C", "FFFFC7CE", "FFEDEDED", "FFF2F2F2", "FFFF7C80"), f"outcome fill {fill_colour}")
        check(results["排名"].column_dimensions["C"].width >= 10, "unit names fit")
        template = openpyxl.load_workbook(f"{work}/guyuan-2023-2025-creation.xlsx")
        check(template.sheetnames == ["填报说明", "填报", "_fazhi"] and template["_fazhi"].sheet_state == "hidden", "template sheets")
        fill_sheet = template["填报"]
        check(fill_sheet.protection.sheet and fill_sheet.freeze_panes == "D2", "template protected, header frozen")
        check(fill_sheet.page_setup.paperSize in (9, "9") and fill_sheet.page_setup.orientation == "landscape", "A4 landscape")
        check(str(fill_sheet.print_title_rows) in ("1:1", "$1:$1"), f"header repeated on every page: {fill_sheet.print_title_rows}")
        check(len(fill_sheet.data_validations.dataValidation) >= 4, "data validations")

        # 1. LibreOffice: one run to PDF, one to CSV (every sheet), for all workbooks.
        books = sorted(glob.glob(f"{work}/*.xlsx"))
        for target, folder in [("pdf", "pdf"), ("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "csv")]:
            run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", f"{work}/{folder}", *books],
                                 capture_output=True, text=True, timeout=600)
            check(run.returncode == 0, f"soffice --convert-to {folder}: {run.stderr}")
        for b in books:
            stem = os.path.basename(b)[:-5]
            pdf = f"{work}/pdf/{stem}.pdf"
            check(os.path.exists(pdf) and os.path.getsize(pdf) > 1000, f"LibreOffice made {stem}.pdf")
            csvs = glob.glob(f"{work}/csv/{stem}*.csv")
            check(len(csvs) >= 2, f"LibreOffice made CSV for every sheet of {stem}: {csvs}")
        for r in RULESETS:
            with open(f"{work}/csv/{r}-填报.csv", encoding="utf-8") as f:
                first = f.readline()
            check(first.startswith("单位编码,单位名称,序号,指标,填报内容"), f"{r}: CSV of 填报 starts with the header: {first[:40]}")

        check_documents(work, profile)
    finally:
        if failed == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work, file=sys.stderr)
    print(f"sheets: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
