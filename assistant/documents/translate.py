"""English text of a notice written by an LLM for review (`python -m assistant translate ID`).

Each clause is translated on its own and kept only if every amount of money in the Chinese
appears in the English and the English states no amount the Chinese does not; otherwise the
command stops and names the clause, and nothing is written. The result goes to en.json
beside the document, marked as machine-translated and unreviewed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable

from assistant.documents.library import ENGLISH_NAME
from assistant.errors import BadDocumentError
from assistant.models import PolicyDocument
from assistant.money import find_money_zh

_EN_MONEY = re.compile(r"(?:CNY|RMB|yuan|¥)\s*([\d,]+(?:\.\d+)?)\s*(million|billion|thousand)?|"
                       r"([\d,]+(?:\.\d+)?)\s*(million|billion|thousand)?\s*(?:yuan|CNY|RMB)", re.IGNORECASE)
_SCALE = {"million": 10**6, "billion": 10**9, "thousand": 10**3, "": 1}
SYSTEM = ("Translate this clause of a Chinese government policy notice into plain, faithful English. Keep every "
          "number exactly; write money as 'CNY' followed by the amount (CNY 500,000 or CNY 3 million). Keep "
          "department names as their usual English names. Reply with the translation alone.")


def english_amounts(text: str) -> set[int]:
    found = set()
    for match in _EN_MONEY.finditer(text):
        number = match.group(1) or match.group(3)
        scale = (match.group(2) or match.group(4) or "").lower()
        found.add(int(Decimal(number.replace(",", "")) * _SCALE[scale]))
    return found


def check_numbers(chinese: str, english: str) -> str | None:
    """Why an English clause cannot stand, or None."""
    zh = {m.yuan for m in find_money_zh(chinese)}
    en = english_amounts(english)
    missing, invented = zh - en, en - zh
    if missing:
        return f"amounts missing from the English: {sorted(missing)}"
    if invented:
        return f"amounts in the English that the Chinese does not state: {sorted(invented)}"
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
