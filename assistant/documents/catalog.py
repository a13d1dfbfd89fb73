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
_REFERENCE_TAIL = re.compile(r"(?:文件|文)?(?:里面|里|中)?的?")  # 12号文里 / 12号文件中: the rest of the reference


# 2019年的政策 / the old 2019 housing policy: a document named by the year it was issued
_BY_YEAR = re.compile(r"(?P<zh>(?:19|20)\d{2})\s*年(?:版|度)?(?:出台|发布|印发|制定)?的?(?:老|旧|原)?(?:政策|文件|办法|措施|通知|规定|细则|意见)|"
                      r"\b(?P<en>(?:19|20)\d{2})\s+(?:(?!(?:this|that|these|the|an?|under|in|on|for|of|to|by|with|our|your|its|is|was|are|will)\b)"
                      r"[A-Za-z-]+\s+){0,3}?(?:policy|policies|notice|measures|rules|regulations|scheme)\b",
                      re.IGNORECASE)


class Catalog:
    def __init__(self, documents: list[PolicyDocument]):
        # the years the loaded documents were issued in, by their dates and their 文号
        self._years = {d.meta.issued.year for d in documents if d.meta.issued} | {
            int(found.group(1)) for d in documents for found in [re.search(r"〔(\d{4})〕", d.meta.doc_number or "")]
            if found}
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

    def names_unloaded(self, question: str) -> bool:
        """Whether a question names a document by a year no loaded document was issued in (2019年的
        政策, the old 2019 policy): it asks about a document that is not here."""
        return any(int(m.group("zh") or m.group("en")) not in self._years for m in _BY_YEAR.finditer(question))

    def named(self, question: str) -> str | None:
        """The one document the question names, or None (none, or several)."""
        return self.find(question)[0]

    def find(self, question: str) -> tuple[str | None, str]:
        """The one document the question names (or None), and the question with the naming
        words taken out: they say which document, not what is asked, so search skips them."""
        found: set[str] = set()
        spans: list[tuple[int, int]] = []
        for match in _YEAR_NUMBER.finditer(question):
            docs = {doc for number, doc in self._by_year_number.get(match.group(0), ()) if number in question}
            if docs:
                found |= docs
                start = question.rfind(next(n for n, d in self._by_year_number[match.group(0)] if d in docs), 0,
                                       match.end())
                spans.append((max(0, start), match.end()))
        for match in _SHORT_NUMBER.finditer(question):
            docs = self._by_number.get(match.group(1), set())
            if len(docs) == 1:
                found.update(docs)
                spans.append((match.start(), match.end()))
        for i in range(max(0, len(question) - RUN + 1)):
            docs = self._by_run.get(question[i:i + RUN], set())
            if len(docs) == 1:
                found.update(docs)
                spans.append((i, i + RUN))
        if len(found) != 1:
            return None, question
        return next(iter(found)), _cut(question, spans)


def _cut(question: str, spans: list[tuple[int, int]]) -> str:
    """The question without the spans (each with the 文/里 that follows a reference)."""
    keep = [True] * len(question)
    for start, end in spans:
        tail = _REFERENCE_TAIL.match(question, end)
        for i in range(start, tail.end() if tail else end):
            keep[i] = False
    rest = "".join(ch for ch, k in zip(question, keep) if k).strip(" ，,：:")
    return rest or question
