#!/usr/bin/env python3
# report_check.py - read one table of a yosan report back from each format
# and print its totals row, so test_report.sh can check that every format
# carries the same numbers. Standard library only.
#   report_check.py json FILE SECTION_ID COLUMN_ID   -> totals[0][COLUMN_ID]
#   report_check.py csv  FILE TABLE_INDEX COLUMN_INDEX -> last row of that table
#   report_check.py xlsx FILE SHEET_INDEX COLUMN_INDEX -> last row of that sheet
#   report_check.py xlsx-audit FILE  -> "ok" or the problems: formulas, numbers stored as text
#   report_check.py strings FILE.xlsx -> every shared string, one per line
#   report_check.py sheets FILE.xlsx  -> the sheet names, in order
import csv
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in root.findall("m:si", NS)]


def sheet_rows(z, idx, strings):
    root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % idx))
    rows = []
    for r in root.iter("{%s}row" % NS["m"]):
        cells = {}
        for c in r.findall("m:c", NS):
            v = c.find("m:v", NS)
            if v is None:
                continue
            cells[col_index(c.get("r"))] = strings[int(v.text)] if c.get("t") == "s" else v.text
        rows.append(cells)
    return rows


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "json":
        doc = json.load(open(path, encoding="utf-8"))
        sec = next(s for s in doc["sections"] if s["id"] == sys.argv[3])
        print(sec["totals"][0][sys.argv[4]])
    elif kind == "csv":
        text = open(path, encoding="utf-8-sig", newline="").read()
        blocks = [b for b in re.split(r"\r?\n\r?\n", text) if b.strip()]
        rows = list(csv.reader(io.StringIO(blocks[int(sys.argv[3])])))
        print(rows[-1][int(sys.argv[4])])
    elif kind == "xlsx":
        z = zipfile.ZipFile(path)
        rows = sheet_rows(z, int(sys.argv[3]), shared_strings(z))
        v = rows[-1][int(sys.argv[4])]
        print(int(float(v)) if float(v) == int(float(v)) else v)
    elif kind == "sheets":
        root = ET.fromstring(zipfile.ZipFile(path).read("xl/workbook.xml"))
        for sh in root.iter("{%s}sheet" % NS["m"]):
            print(sh.get("name"))
    elif kind == "strings":
        for s in shared_strings(zipfile.ZipFile(path)):
            print(s)
    elif kind == "xlsx-audit":
        z = zipfile.ZipFile(path)
        strings = shared_strings(z)
        sheets = sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet[0-9]+\.xml", n))
        problems = []
        for k, name in enumerate(sheets):
            root = ET.fromstring(z.read(name))
            if root.find(".//m:f", NS) is not None:
                problems.append(name + ": formula element")
            for c in root.iter("{%s}c" % NS["m"]):
                v = c.find("m:v", NS)
                if v is None:
                    continue
                if c.get("t") is None:
                    float(v.text)  # a numeric cell must hold a number
                elif c.get("t") == "s" and k < len(sheets) - 1:  # the last sheet is metadata
                    text = strings[int(v.text)]
                    if re.fullmatch(r"[-\u00a5]?[0-9][0-9,]*(\.[0-9]+)?[%\u5186]?", text):
                        problems.append("%s %s: number stored as text: %s" % (name, c.get("r"), text))
        print("ok" if not problems else "\n".join(problems))

main()
