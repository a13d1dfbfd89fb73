"""English text of a notice written by an LLM for review (`python -m assistant translate ID`).

Each clause is translated on its own and kept only if it states the same figures as the
Chinese (amounts, percentages, dates, durations, counts; see `figures.compare`, the check the
corpus loader applies to every en.json); otherwise the command stops and names the clause,
and nothing is written. The result goes to en.json beside the document, marked as
machine-translated and unreviewed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from assistant.documents.figures import compare, money_en
from assistant.documents.library import ENGLISH_NAME
from assistant.errors import BadDocumentError
from assistant.models import PolicyDocument

SYSTEM = ("Translate this clause of a Chinese government policy notice into plain, faithful English. Keep every "
          "number, date, percentage and period exactly; write money as 'CNY' followed by the amount (CNY 500,000 "
          "or CNY 3 million). Keep department names as their usual English names. Reply with the translation alone.")


def english_amounts(text: str) -> set[int]:
    """The amounts of money (yuan) an English text states."""
    return money_en(text)


def check_numbers(chinese: str, english: str) -> str | None:
    """Why an English clause cannot stand, or None."""
    mismatches = compare(chinese, english)
    missing = [m.figure.describe() for m in mismatches if m.missing_from == "en"]
    invented = [m.figure.describe() for m in mismatches if m.missing_from == "zh"]
    if missing:
        return f"figures missing from the English: {', '.join(missing)}"
    if invented:
        return f"figures in the English that the Chinese does not state: {', '.join(invented)}"
    return None


def translate(document: PolicyDocument, complete: Callable[[list[tuple[str, str]]], str]) -> dict:
    clauses, sections = {}, {}
    for clause in document.clauses:
        english = complete([("system", SYSTEM), ("human", clause.text_zh)]).strip()
        problem = check_numbers(clause.text_zh, english)
        if problem:
            raise BadDocumentError(f"{document.meta.doc_id} clause {clause.number} {clause.label}: the translation "
                                   f"was not kept ({problem}); run translate again or write en.json by hand.")
        clauses[str(clause.number)] = english
        if clause.section and str(clause.section) not in sections and clause.section_title_zh:
            sections[str(clause.section)] = complete([("system", SYSTEM), ("human", clause.section_title_zh)]).strip()
    title = complete([("system", SYSTEM), ("human", document.meta.title_zh)]).strip()
    return {"title": title, "doc_number": "", "issuers": [], "sections": sections, "clauses": clauses,
            "machine_translated": True, "reviewed": False}


def write_translation(folder: Path, data: dict) -> Path:
    path = Path(folder) / ENGLISH_NAME
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
