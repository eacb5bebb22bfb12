#!/usr/bin/python3
"""Makes the binary fixtures beside it from okrs.csv, the way managers' files really look:

okrs-zh.xlsx  written by openpyxl (not by OkrBot's own writer, so the reader meets another program's workbook): a hidden
              first sheet, a title row above Chinese headers, merged cycle / owner / objective cells, percentages
              formatted as 0% (stored as 0.28), numbers as numbers, and a notes column OkrBot does not read.
okrs-gbk.csv  okrs.csv saved as GBK, which is what Excel's plain "CSV" gives on Chinese Windows.

Run it again after changing okrs.csv:  /usr/bin/python3 make_fixtures.py   (Debian: apt-get install python3-openpyxl)
"""
import csv
import os

from openpyxl import Workbook
from openpyxl.styles import Font

here = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(here, "okrs.csv"), encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, data = rows[0], rows[1:]

with open(os.path.join(here, "okrs-gbk.csv"), "w", encoding="gbk", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)

book = Workbook()
hidden = book.active
hidden.title = "模板"
hidden.append(["这张表是模板，不要导入"])
hidden.sheet_state = "hidden"
sheet = book.create_sheet("2026 Q4 OKR")

zh = ["周期", "个人或团队", "目标", "关键结果", "类型", "起始值", "目标值", "单位", "权重", "负责人", "对齐到", "备注"]
sheet.append(["北风茶业 2026 Q4 OKR（经管理层确认）"])
sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(zh))
sheet.append([])
sheet.append(zh)
for cell in sheet[3]:
    cell.font = Font(bold=True)

kinds = {"metric": "数值", "percentage": "百分比", "milestone": "里程碑"}
first = 4
for i, row in enumerate(data):
    cycle, owner, objective, kr, kind, start, target, unit, weight, kr_owner, parent = row
    kind = kinds.get(kind, kind)
    values = [cycle, owner, objective, kr, kind, None, None, unit or None, float(weight), kr_owner or None, parent or None,
              "重点" if i == 0 else None]
    r = first + i
    for column, value in enumerate(values, start=1):
        sheet.cell(row=r, column=column, value=value)
    for column, text in ((6, start), (7, target)):
        if not text:
            continue
        cell = sheet.cell(row=r, column=column)
        if text.endswith("%"):
            # As Excel stores a cell typed "28%": the fraction, shown through a percentage format.
            cell.value = float(text[:-1]) / 100
            cell.number_format = "0%"
        else:
            cell.value = float(text)

# Merge runs of equal cycle, owner and objective cells: only the top cell of a merge keeps its value.
def merge_runs(column, key):
    start = first
    for r in range(first + 1, first + len(data) + 1):
        if r == first + len(data) or key(r) != key(start):
            if r - 1 > start:
                sheet.merge_cells(start_row=start, start_column=column, end_row=r - 1, end_column=column)
            start = r

merge_runs(1, lambda r: data[r - first][0])
merge_runs(2, lambda r: (data[r - first][1], data[r - first][2]))
merge_runs(3, lambda r: (data[r - first][1], data[r - first][2]))
sheet.append([])
sheet.append([None, None, None, None, None, None, None, None, None, None, None, "以上目标已在 10 月 8 日会议确认"])

book.save(os.path.join(here, "okrs-zh.xlsx"))
