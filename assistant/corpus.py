"""Reading policy documents and segmenting them into clauses.

Segmentation follows the document's own structure: sections 一、二、…, numbered
clauses （一）（二）…, and the closing （责任单位：…） of each clause. Nothing here
depends on offsets of one particular file.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import cn2an

from .amounts import find_money_zh
from .errors import BadDocumentError
from .models import Clause, DocumentMeta, PolicyDocument

SOURCE_NAME = "source.txt"
ENGLISH_NAME = "en.json"
GLOSSARY_NAME = "glossary.json"
PREAMBLE_LABEL = "通知及序言"

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
_CN_NUMERAL = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{_CN_NUMERAL}]+)、\s*(.+)$")
_CLAUSE = re.compile(rf"^（([{_CN_NUMERAL}]+)）\s*(.*)$")
_RESPONSIBLE = re.compile(r"（责任单位：([^）]+)）\s*$")
_DOC_NUMBER = re.compile(r"^\S*〔\d{4}〕\d+号$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_TITLE = re.compile(r"《([^》]+)》")
_VALIDITY = re.compile(r"有效期([一二两三四五六七八九十\d]+)年")


def chinese_number(text: str) -> int:
    return int(cn2an.cn2an(text, "smart"))


def _clean_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped line) for every non-empty line."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _ARTEFACT.sub("", raw).replace("\u3000", " ").strip()
        if line:
            lines.append((number, line))
    return lines


def split_responsible(text: str) -> tuple[str, ...]:
    match = _RESPONSIBLE.search(text)
    if not match:
        return ()
    return tuple(unit.strip() for unit in re.split(r"[、，,；;]", match.group(1)) if unit.strip())


def segment(text: str, doc_id: str, english: dict, source_name: str = SOURCE_NAME) -> PolicyDocument:
    """Parse a notice's text into its metadata and clauses (0 = notice and preamble)."""
    lines = _clean_lines(text)
    if not lines:
        raise BadDocumentError(f"{source_name}: the document is empty; put the policy's text in it.")

    preamble: list[tuple[int, str]] = []
    sections: dict[int, str] = {}
    clause_lines: dict[int, list[str]] = {}
    clause_section: dict[int, int] = {}
    current_section = 0
    current_clause: int | None = None

    for line_number, line in lines:
        section = _SECTION.match(line)
        clause = _CLAUSE.match(line)
        if section:
            number = chinese_number(section.group(1))
            if number != current_section + 1:
                raise BadDocumentError(
                    f"{source_name} line {line_number}: expected section {current_section + 1}、 "
                    f"but found {section.group(1)}、; check the section numbering."
                )
            current_section = number
            sections[number] = section.group(2).strip()
            current_clause = None
        elif clause:
            number = chinese_number(clause.group(1))
            expected = (current_clause or max(clause_lines, default=0)) + 1
            if current_section == 0:
                raise BadDocumentError(
                    f"{source_name} line {line_number}: clause （{clause.group(1)}） comes before any "
                    f"section heading such as 一、; the document's structure cannot be read."
                )
            if number != expected:
                raise BadDocumentError(
                    f"{source_name} line {line_number}: expected clause number {expected} "
                    f"but found （{clause.group(1)}）; check the clause numbering."
                )
            current_clause = number
            clause_section[number] = current_section
            clause_lines[number] = [line]
        elif current_section == 0:
            preamble.append((line_number, line))
        elif current_clause is not None:
            clause_lines[current_clause].append(line)
        else:
            raise BadDocumentError(
                f"{source_name} line {line_number}: text after section {current_section}、 that "
                f"belongs to no numbered clause （…）: {line[:40]!r}"
            )

    if not sections:
        raise BadDocumentError(
            f"{source_name}: no section heading such as '一、…' found in {len(lines)} lines; "
            "is this a policy notice in the expected format?"
        )
    if not clause_lines:
        raise BadDocumentError(f"{source_name}: no numbered clause such as '（一）…' found.")
    empty = [n for n in sections if n not in clause_section.values()]
    if empty:
        raise BadDocumentError(f"{source_name}: section {empty[0]} has no numbered clause.")

    meta = _read_meta(preamble, "".join("".join(v) for v in clause_lines.values()), doc_id, english, source_name)
    clauses = [_make_clause(doc_id, 0, PREAMBLE_LABEL, 0, "通知及序言", "\n".join(l for _, l in preamble), english)]
    for number, parts in clause_lines.items():
        section = clause_section[number]
        text_zh = "".join(parts)
        label = f"（{_CLAUSE.match(parts[0]).group(1)}）"
        clauses.append(_make_clause(doc_id, number, label, section, sections[section], text_zh, english))

    validity_clause = next((c.number for c in clauses if _VALIDITY.search(c.text_zh)), None)
    meta = DocumentMeta(**{**meta.__dict__, "validity_clause": validity_clause})
    return PolicyDocument(meta=meta, clauses=tuple(clauses))


def _make_clause(doc_id, number, label, section, section_title, text_zh, english) -> Clause:
    text_en = english.get("clauses", {}).get(str(number))
    if not text_en:
        raise BadDocumentError(
            f"{doc_id}: clause {number} {label} has no English text; add it to {ENGLISH_NAME}."
        )
    return Clause(
        doc_id=doc_id,
        number=number,
        label=label,
        section=section,
        section_title_zh=section_title,
        section_title_en=english.get("sections", {}).get(str(section), ""),
        text_zh=text_zh,
        text_en=text_en,
        responsible=split_responsible(text_zh),
        amounts_yuan=tuple(m.yuan for m in find_money_zh(text_zh)),
    )


def _read_meta(preamble, body_text, doc_id, english, source_name) -> DocumentMeta:
    texts = [line for _, line in preamble]
    title_match = next((_TITLE.search(t) for t in texts if _TITLE.search(t)), None)
    doc_number = next((t for t in texts if _DOC_NUMBER.match(t)), "")
    date_index = next((i for i, t in enumerate(texts) if _DATE.match(t)), None)
    if date_index is None:
        raise BadDocumentError(
            f"{source_name}: no issue date such as '2021年12月23日' on a line of its own before 一、."
        )
    year, month, day = (int(g) for g in _DATE.match(texts[date_index]).groups())
    # The issuing departments are signed on the lines just above the date.
    issuers: list[str] = []
    for line in reversed(texts[:date_index]):
        if line.endswith(("。", "：", ":")):
            break
        issuers[:0] = line.split()
    validity = _VALIDITY.search(body_text + "".join(texts))
    return DocumentMeta(
        doc_id=doc_id,
        title_zh=title_match.group(1) if title_match else texts[0],
        title_en=english.get("title", ""),
        doc_number=doc_number,
        doc_number_en=english.get("doc_number", ""),
        issuers=tuple(issuers),
        issuers_en=tuple(english.get("issuers", ())),
        issued=date(year, month, day),
        validity_years=chinese_number(validity.group(1)) if validity else None,
        validity_clause=None,
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadDocumentError(
            f"{path}: not UTF-8 text (byte {error.start}); save the document as UTF-8."
        ) from error


def load_document(folder: Path) -> PolicyDocument:
    source = folder / SOURCE_NAME
    if not source.is_file():
        raise BadDocumentError(f"{folder}: no {SOURCE_NAME}; each document folder needs its text there.")
    english_path = folder / ENGLISH_NAME
    try:
        english = json.loads(_read_text(english_path)) if english_path.is_file() else {}
    except json.JSONDecodeError as error:
        raise BadDocumentError(f"{english_path}: invalid JSON at line {error.lineno}: {error.msg}") from error
    return segment(_read_text(source), folder.name, english, source_name=str(source))


def load_corpus(corpus_dir: Path) -> list[PolicyDocument]:
    folders = sorted(p for p in Path(corpus_dir).iterdir() if p.is_dir()) if Path(corpus_dir).is_dir() else []
    if not folders:
        raise BadDocumentError(
            f"{corpus_dir}: no document folders; set ASSISTANT_CORPUS_DIR to the project's corpus/ folder."
        )
    return [load_document(folder) for folder in folders]


def load_glossary(corpus_dir: Path) -> list[dict]:
    path = Path(corpus_dir) / GLOSSARY_NAME
    if not path.is_file():
        return []
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as error:
        raise BadDocumentError(f"{path}: invalid JSON at line {error.lineno}: {error.msg}") from error


def corpus_fingerprint(corpus_dir: Path) -> str:
    """A hash of every file under the corpus: the index is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(corpus_dir).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(corpus_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
