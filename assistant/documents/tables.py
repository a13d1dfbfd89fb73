"""Tables in a notice, spelled out as sentences.

A reader gives each table row as one line of cells joined by " | " (a Word or web table, or a
Markdown table in a text file). A row read on its own ("乙类 | 20万元 | 100万元") says nothing
of which amount is the award and which the cap: that is in the header. So each body row
becomes one sentence that names every cell by its column, in the document's own words:

    类别 | 奖励标准 | 年度上限           →  (the header line itself is dropped)
    乙类 | 每个20万元 | 100万元          →  类别为乙类，奖励标准为每个20万元，年度上限为100万元。

A cell that says it repeats the one above (同上, 〃) takes that cell's text. A row with fewer
cells than the header (cells merged across columns: "合计上限 | 每年不超过N万元") reads as
its first cell, a colon and the rest. A unit the header names in brackets (标准（元）) is
written after each bare number in its column (标准为1500元), as is the unit of a count the
header names (最长补贴天数 + 12 → 最长补贴天数为12天). A run of rows whose first row holds amounts has no
header and is left as it is.
"""

from __future__ import annotations

import re

CELL_SEPARATOR = " | "
_SAME_AS_ABOVE = re.compile(r"^[（(]?(?:同上|〃|″|\"|同前)[）)]?$")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")  # |---|:---:|
# A header cell names a column; a cell with an amount, a share or a date is a value.
_VALUE = re.compile(r"\d\s*(?:万|亿|千)?\s*(?:元|%|％)|\d{4}年|[一二两三四五六七八九十百千]+万元")
_END = "。；;，,：:"
# A unit a header names in brackets (每人每天标准（元）, 比例(%)) belongs to each bare number below it.
_HEADER_UNIT = re.compile(r"^(.+?)\s*[（(]\s*(元|万元|亿元|%|％|天|日|个月|月|年|小时|人|次|个|平方米|吨)\s*[）)]$")
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# A header that names a count of days, months, years or people (最长补贴天数, 限额人数): its unit.
_COUNT_OF = {"天数": "天", "日数": "天", "月数": "个月", "年数": "年", "人数": "人", "次数": "次"}


def _cell(name: str, cell: str) -> str:
    """One cell named by its column: 每人每天标准（元） + 1500 → 每人每天标准为1500元."""
    cell = cell.rstrip(_END)
    if not name:
        return cell
    unit = _HEADER_UNIT.match(name)
    if unit:
        name = unit.group(1)
        if _BARE_NUMBER.match(cell):
            cell += unit.group(2)
    elif _BARE_NUMBER.match(cell) and name[-2:] in _COUNT_OF:
        cell += _COUNT_OF[name[-2:]]
    return f"{name}为{cell}"


def cells_of(line: str) -> list[str] | None:
    """The cells of a table row line ("a | b", or Markdown's "| a | b |"), or None for other lines."""
    stripped = line.strip()
    if CELL_SEPARATOR not in stripped and not (stripped.startswith("|") and stripped.count("|") >= 2):
        return None
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in stripped.split("|")]


def _sentence(header: list[str], row: list[str]) -> str:
    if len(row) == len(header):
        parts = [_cell(name, cell) for name, cell in zip(header, row) if cell]
    else:  # merged across columns: the first cell names what the rest says
        filled = [cell.rstrip(_END) for cell in row if cell]
        parts = [f"{filled[0]}：{'，'.join(filled[1:])}"] if len(filled) > 1 else filled
    return "，".join(parts) + "。" if parts else ""


def _spell_out(rows: list[list[str]]) -> list[str]:
    header = rows[0]
    if len(rows) < 2 or any(_VALUE.search(cell) for cell in header):
        return [CELL_SEPARATOR.join(cell for cell in row if cell) for row in rows]
    lines, above = [], [""] * len(header)
    for row in rows[1:]:
        if len(row) == len(header):
            row = [above[i] if _SAME_AS_ABOVE.match(cell) else cell for i, cell in enumerate(row)]
            above = row
        sentence = _sentence(header, row)
        if sentence:
            lines.append(sentence)
    return lines


def spell_out_tables(lines: list[str]) -> list[str]:
    """The lines with each run of table rows spelled out (see the module's docstring)."""
    out: list[str] = []
    rows: list[list[str]] = []
    for line in lines + [""]:
        if _MARKDOWN_RULE.match(line.strip()) and "-" in line:
            continue
        cells = cells_of(line)
        if cells is not None and any(cells):
            rows.append(cells)
            continue
        if rows:
            out.extend(_spell_out(rows))
            rows = []
        if line:
            out.append(line)
    return out
