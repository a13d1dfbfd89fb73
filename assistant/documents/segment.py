"""Segmenting a notice into clauses by its own structure (see `layouts.LAYOUTS`).

Clause 0 is the notice and preamble (and the signature and date after the last clause);
clauses 1..N are the numbered units of the chosen layout in document order, each keeping
its printed label. When numbering starts again at （一） under each 一、 heading, the label
carries the heading's numeral (二（一）). Sub-items stay inside their clause. Pure: text in,
segments out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.documents.layouts import LABELS, Layout, choose_layout, marker_number, match
from assistant.errors import BadDocumentError

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
_SENTENCE_PUNCTUATION = re.compile(r"[。；！？]")
# a paragraph that speaks of the document as a whole: 本措施… / 本办法… / 本通知…
_OF_THE_DOCUMENT = re.compile(r"^本(?:若干)?(?:措施|办法|通知|细则|实施细则|规定|意见|方案|政策|条例|规则|决定)")
# the heading of an attachment after the signature (附件 / 附件2 alone on its line), and its tables' captions
_ATTACHMENT_HEAD = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[：:]?$")
_TABLE_CAPTION = re.compile(r"^(?:附)?表\s*[\d一二三四五六七八九十]+")
_PRINTED_ON = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")  # the print footer of a red-header notice
_DISTRIBUTION = re.compile(r"^(?:抄送|分送|发送|报送|主送)\s*[：:]")  # the footer's list of who gets copies
_DATE_LINE = re.compile(r"^[\d〇零一二三四五六七八九十]{4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")


@dataclass
class Segment:
    number: int
    label: str
    section: int
    section_title: str
    lines: list[str] = field(default_factory=list)
    first_line: int = 0  # 1-based line of the source text

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass(frozen=True)
class Segmentation:
    layout: Layout
    preamble: list[str]  # clause 0: header and preamble
    closing: list[str]  # signature and date lines after the last clause (also clause 0)
    clauses: list[Segment]
    sections: dict[int, str]


def clean_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped line) for every non-empty line."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _ARTEFACT.sub("", raw).replace("\u3000", " ").replace("\xa0", " ").strip()
        if line:
            lines.append((number, line))
    return lines


def is_signature_line(line: str) -> bool:
    """A line of a signature block: a date, the footer's list of who gets copies (抄送：…), or a short
    line with no sentence in it."""
    return bool(_DATE_LINE.match(line.replace(" ", "")) or _DISTRIBUTION.match(line)) or (
        len(line) <= 40 and not _SENTENCE_PUNCTUATION.search(line) and not line.startswith(("（", "("))
    )


def segment(text: str, source_name: str) -> Segmentation:
    lines = clean_lines(text)
    if not lines:
        raise BadDocumentError(f"{source_name}: the document is empty; put the notice's text in it.")
    layout, scores = choose_layout([line for _, line in lines])
    if layout is None:
        raise BadDocumentError(
            f"{source_name}: no numbered clauses found in {len(lines)} lines (looked for 第一条, 一、, （一）, 1. "
            f"numbered in order); first line: {lines[0][1][:40]!r}. Is this a policy document?"
        )
    preamble: list[str] = []
    clauses: list[Segment] = []
    sections: dict[int, str] = {}
    section, expected = 0, 1
    pending_intro: list[str] = []  # text under a heading before its first clause
    after_heading = False  # the first clause under a heading may start again at 1
    restarted = False  # numbering starts again under headings: labels then carry the heading's
    section_marks: dict[int, str] = {}

    attachment: list[str] = []
    for line_number, line in lines:
        if attachment or (clauses and _ATTACHMENT_HEAD.match(line)):
            if not _PRINTED_ON.search(line):
                attachment.append(line)
            continue
        heading = match(layout.heading, line) if layout.heading else None
        found = match(layout.clause, line)
        if heading:
            number = marker_number(heading.group(1))
            if number != section + 1:
                raise BadDocumentError(
                    f"{source_name} line {line_number}: expected heading {section + 1} but found "
                    f"{line[:20]!r}; check the numbering of the {layout.name} layout."
                )
            section = number
            sections[section] = heading.group(2).strip()
            section_marks[section] = heading.group(1)
            after_heading = True
            continue
        if found and after_heading and expected > 1 and marker_number(found.group(1)) == 1:
            # （一） again under a new heading: a numbering of its own (labels then carry the heading's,
            # unless the layout's items always start again: 1. under 一、); numbering that runs on is kept
            expected, restarted = 1, restarted or not layout.restarts
        if found and marker_number(found.group(1)) == expected:
            after_heading = False
            label = LABELS[layout.clause].format(found.group(1))
            segment_ = Segment(len(clauses) + 1, label, section, sections.get(section, ""),
                               [*pending_intro, line], line_number)
            clauses.append(segment_)
            pending_intro = []
            expected += 1
            continue
        if found and marker_number(found.group(1)) > expected:
            raise BadDocumentError(
                f"{source_name} line {line_number}: {line[:20]!r} is numbered {marker_number(found.group(1))} "
                f"but clause {expected} comes next; check the numbering."
            )
        if not clauses and section == 0:
            preamble.append(line)
        elif layout.heading and clauses and section != clauses[-1].section:
            pending_intro.append(line)  # a heading's own paragraph: it leads into the next clause
        elif clauses:
            clauses[-1].lines.append(line)
        else:
            pending_intro.append(line)

    if not clauses:
        raise BadDocumentError(f"{source_name}: headings found but no numbered clause under them.")
    if restarted:  # 二（一）: the printed label alone would name several clauses
        for clause in clauses:
            clause.label = f"{section_marks.get(clause.section, '')}{clause.label}"
    closing: list[str] = []
    last = clauses[-1]
    while len(last.lines) > 1 and is_signature_line(last.lines[-1]):
        closing.insert(0, last.lines.pop())
    whole = next((i for i, line in enumerate(last.lines) if i and _OF_THE_DOCUMENT.match(line)), None)
    if whole is not None:  # 本措施自…起施行: the notice's own closing words, not the last item's
        closing = last.lines[whole:] + closing
        del last.lines[whole:]
    if pending_intro:
        closing = pending_intro + closing
    if attachment and not attach(clauses, attachment[1:]):
        closing = closing + attachment  # cited by no clause: kept with the notice
    return Segmentation(layout, preamble, closing, clauses, sections)


def attach(clauses: list[Segment], attachment: list[str]) -> bool:
    """Put an attachment's standards into the clauses that cite it (按附件标准给予奖励): each clause
    takes the attachment's table whose caption shares most words with it (all of them when none
    stands out, or when the attachment has no captioned tables). False when no clause cites it."""
    citing = [c for c in clauses if "附件" in c.text]
    if not citing:
        return False
    blocks: list[list[str]] = []
    for line in attachment:
        if _TABLE_CAPTION.match(line) or not blocks:
            blocks.append([])
        blocks[-1].append(line)

    def pairs(text: str) -> set[str]:
        return {text[i:i + 2] for i in range(len(text) - 1)}

    for clause in citing:  # the table whose caption (its first line) shares most character pairs
        scores = [len(pairs(block[0]) & pairs(clause.text)) for block in blocks]
        chosen = [b for b, score in zip(blocks, scores) if score == max(scores)]
        clause.lines.append("（附件）" + "".join(line for block in chosen for line in block))
    return True
