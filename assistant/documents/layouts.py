"""The layouts Chinese policy documents use, as a table (after ragflow's BULLET_PATTERN).

A layout names the numbered line that starts a clause, the heading it stands under (if
any) and the sub-items that stay inside a clause. `choose_layout` picks the row whose
clause marker numbers the most lines in sequence. A new layout is a row here, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

CN = "一二三四五六七八九十百零〇两"

MARKERS: dict[str, re.Pattern] = {
    "chapter": re.compile(rf"^第([{CN}\d]+)章\s*(.*)$"),
    "article": re.compile(rf"^第([{CN}\d]+)条\s*(.*)$"),
    "cn_section": re.compile(rf"^([{CN}]+)、\s*(.*)$"),
    "cn_paren": re.compile(rf"^[（(]([{CN}]+)[）)]\s*(.*)$"),
    "arabic": re.compile(r"^(\d{1,2})[\.．、](?!\d)\s*(.*)$"),
    "arabic_paren": re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$"),
}
# How each marker is printed as a label, from its number text.
LABELS = {"chapter": "第{}章", "article": "第{}条", "cn_section": "{}、", "cn_paren": "（{}）",
          "arabic": "{}.", "arabic_paren": "（{}）"}


@dataclass(frozen=True)
class Layout:
    name: str
    clause: str  # the marker that starts a clause
    heading: str | None  # the marker of the headings clauses stand under
    heading_required: bool  # whether the layout needs at least one heading to apply
    restarts: bool  # clause numbers start again at 1 under each heading


LAYOUTS = (
    Layout("articles", clause="article", heading="chapter", heading_required=False, restarts=False),
    Layout("sections+paren", clause="cn_paren", heading="cn_section", heading_required=True, restarts=False),
    Layout("sections+arabic", clause="arabic", heading="cn_section", heading_required=True, restarts=True),
    Layout("sections+arabic_paren", clause="arabic_paren", heading="cn_section", heading_required=True, restarts=True),
    Layout("items", clause="cn_section", heading=None, heading_required=False, restarts=False),
    Layout("numbered", clause="arabic", heading=None, heading_required=False, restarts=False),
    Layout("numbered_paren", clause="arabic_paren", heading=None, heading_required=False, restarts=False),
)


_CLAUSE_MARKERS = frozenset({"article", "cn_paren", "arabic", "arabic_paren"})


def marker_number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text.replace("〇", "零"), "smart"))


def match(marker: str, line: str) -> re.Match | None:
    return MARKERS[marker].match(line)


def _in_sequence(layout: Layout, lines: list[str]) -> int:
    """How many lines start a clause of this layout with the number expected next."""
    expected, count, seen_heading, after_heading = 1, 0, False, False
    for line in lines:
        if layout.heading and match(layout.heading, line):
            seen_heading = after_heading = True
            continue
        found = match(layout.clause, line)
        if not found and after_heading and any(match(other, line) for other in _CLAUSE_MARKERS - {layout.clause}):
            after_heading = False  # 一、 then （一） then 1.: the 1. items are inside the （一） measures
        if found and after_heading and marker_number(found.group(1)) == 1:
            expected = 1  # numbering that starts again under a heading (as segment reads it); one that runs on too
        if found and marker_number(found.group(1)) == expected:
            count += 1
            expected += 1
            after_heading = False
    if layout.heading_required and not seen_heading:
        return 0
    return count


def choose_layout(lines: list[str]) -> tuple[Layout | None, dict[str, int]]:
    """The layout whose clause marker numbers most lines in sequence (ties: table order)."""
    scores = {layout.name: _in_sequence(layout, lines) for layout in LAYOUTS}
    best = max(LAYOUTS, key=lambda layout: scores[layout.name])
    return (best if scores[best.name] > 0 else None), scores
