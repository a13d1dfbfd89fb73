"""Which loaded document a question names: by its 文号, by the number part alone (“12号文”),
or by a run of six characters of its title that no other title shares.

Built once from the documents' facts; a lookup costs what the question's length costs, not
what the library's size does.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.models import PolicyDocument

RUN = 6  # characters of a title that name it, when no other title has them
_YEAR_NUMBER = re.compile(r"〔\d{4}〕(\d+)号")
_SHORT_NUMBER = re.compile(r"(?<![\d〕])(\d+)号")


class Catalog:
    def __init__(self, documents: list[PolicyDocument]):
        self._by_year_number: dict[str, list[tuple[str, str]]] = defaultdict(list)  # 〔2021〕12号 → (文号, id)
        self._by_number: dict[str, set[str]] = defaultdict(set)  # 12 → ids
        self._by_run: dict[str, set[str]] = defaultdict(set)  # six characters of a title → ids
        for document in documents:
            meta = document.meta
            if meta.doc_number:
                year_number = _YEAR_NUMBER.search(meta.doc_number)
                key = year_number.group(0) if year_number else meta.doc_number
                self._by_year_number[key].append((meta.doc_number, meta.doc_id))
                if year_number:
                    self._by_number[year_number.group(1)].add(meta.doc_id)
            title = meta.title_zh or ""
            for i in range(max(0, len(title) - RUN + 1)):
                self._by_run[title[i:i + RUN]].add(meta.doc_id)

    def named(self, question: str) -> str | None:
        """The one document the question names, or None (none, or several)."""
        found: set[str] = set()
        for match in _YEAR_NUMBER.finditer(question):
            found.update(doc for number, doc in self._by_year_number.get(match.group(0), ()) if number in question)
        for match in _SHORT_NUMBER.finditer(question):
            docs = self._by_number.get(match.group(1), set())
            if len(docs) == 1:
                found.update(docs)
        for i in range(max(0, len(question) - RUN + 1)):
            docs = self._by_run.get(question[i:i + RUN], set())
            if len(docs) == 1:
                found.update(docs)
        return next(iter(found)) if len(found) == 1 else None
