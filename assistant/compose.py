"""The deterministic composer: short answers quoted from the clauses, never invented.

Every sentence of an answer is either a sentence of a cited clause or a fixed frame
around it (labels, the document number, dates from the document's metadata).
"""

from __future__ import annotations

import re
from datetime import date

import cn2an

from .amounts import find_money_zh, format_en_long, format_zh
from .models import Clause, DocumentMeta
from .text import Analyzer

_ZH_SENTENCE_END = re.compile(r"(?<=[。；])")
_EN_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"])")
_RESPONSIBLE_NOTE_ZH = re.compile(r"（责任单位：[^）]+）$")
_RESPONSIBLE_NOTE_EN = re.compile(r"\s*\(Responsible units?: [^)]+\)$")
_EN_MONEY = re.compile(r"CNY [\d,.]+(?: million)?|\d+%")


def split_sentences_zh(text: str) -> list[str]:
    body = _RESPONSIBLE_NOTE_ZH.sub("", text.replace("\n", ""))
    body = re.sub(r"^（[一二三四五六七八九十]+）", "", body)
    return [s for s in (part.strip() for part in _ZH_SENTENCE_END.split(body)) if s]


def split_sentences_en(text: str) -> list[str]:
    body = _RESPONSIBLE_NOTE_EN.sub("", text)
    return [s for s in (part.strip() for part in _EN_SENTENCE_END.split(body)) if s]


def pick_sentences(sentences: list[str], query_tokens: set[str], analyzer: Analyzer, wants_amount: bool,
                   limit: int = 2) -> list[str]:
    """The sentences that share most topic words with the question, in the clause's order."""
    if not sentences:
        return []
    scored = []
    for position, sentence in enumerate(sentences):
        overlap = len(query_tokens & set(analyzer.tokens(sentence)))
        states_money = bool(find_money_zh(sentence) or _EN_MONEY.search(sentence) or "%" in sentence)
        score = overlap + (2.5 if wants_amount and states_money else 0) + (0.5 if states_money else 0)
        scored.append((score, -position, position))
    scored.sort(reverse=True)
    best_score = scored[0][0]
    chosen = [scored[0][2]]
    for score, _, position in scored[1:limit]:
        if score > 0 and score >= best_score * 0.6:
            chosen.append(position)
    return [sentences[p] for p in sorted(chosen)]


def _zh_count(number: int | None) -> str:
    return cn2an.an2cn(number) if number is not None else ""


def format_date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_en(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def status_note(meta: DocumentMeta, today: date, language: str) -> str:
    expires = meta.expires
    if expires is None:
        return ""
    last_day = expires.toordinal() - 1
    last = date.fromordinal(last_day)
    if language == "zh":
        if today >= expires:
            return (f"提示：该文件于{format_date_zh(meta.issued)}印发，有效期{_zh_count(meta.validity_years)}年，"
                    f"已于{format_date_zh(expires)}失效，今天（{format_date_zh(today)}）已不再执行；申请前请向责任单位确认现行政策。")
        return f"提示：该文件有效期至{format_date_zh(last)}。"
    if today >= expires:
        return (f"Note: this notice was issued on {format_date_en(meta.issued)} and was valid for "
                f"{meta.validity_years} years; it expired on {format_date_en(expires)} and is no longer in force "
                f"today ({today.isoformat()}). Check the current policy with the responsible units before applying.")
    return f"Note: this notice is valid until {format_date_en(last)}."


def cite_label(clause: Clause, meta: DocumentMeta, language: str) -> str:
    if language == "zh":
        return f"{meta.doc_number}第{clause.label}条" if clause.number else f"{meta.doc_number}{clause.label}"
    return f"{clause.label_en()} {clause.label} of {meta.doc_number_en}" if clause.number else \
        f"the notice and preamble of {meta.doc_number_en}"


def compose_clause_answer(clause: Clause, meta: DocumentMeta, language: str, query_tokens: set[str],
                          analyzer: Analyzer, wants_amount: bool, wants_responsible: bool, today: date) -> str:
    if language == "zh":
        quoted = "".join(pick_sentences(split_sentences_zh(clause.text_zh), query_tokens, analyzer, wants_amount))
        parts = [f"根据{cite_label(clause, meta, 'zh')}：{quoted}"]
        if clause.responsible and (wants_responsible or wants_amount):
            parts.append(f"责任单位：{'、'.join(clause.responsible)}。")
        elif wants_responsible:
            parts.append("该条未列出责任单位。")
        parts.append(status_note(meta, today, "zh"))
        return "\n".join(p for p in parts if p)
    quoted = " ".join(pick_sentences(split_sentences_en(clause.text_en), query_tokens, analyzer, wants_amount))
    parts = [f"According to {cite_label(clause, meta, 'en')}: {quoted}"]
    if clause.responsible and (wants_responsible or wants_amount):
        units = _RESPONSIBLE_NOTE_EN.search(clause.text_en)
        english_units = units.group(0).strip(" ()").split(": ", 1)[1] if units else "、".join(clause.responsible)
        parts.append(f"Responsible units: {english_units} ({'、'.join(clause.responsible)}).")
    elif wants_responsible:
        parts.append("This clause names no responsible unit.")
    parts.append(status_note(meta, today, "en"))
    parts.append(f"Chinese original {clause.label}: {clause.text_zh}")
    return "\n".join(p for p in parts if p)


def compose_validity_answer(meta: DocumentMeta, clause: Clause | None, today: date, language: str) -> str:
    expires = meta.expires
    in_force = expires is not None and meta.issued <= today < expires
    if language == "zh":
        source = f"（见第{clause.label}条：{clause.text_zh}）" if clause else ""
        if expires is None:
            return f"{meta.doc_number}于{format_date_zh(meta.issued)}印发，文件未写明有效期。"
        state = "目前仍在有效期内" if in_force else f"已于{format_date_zh(expires)}失效，今天（{format_date_zh(today)}）已不再执行"
        return (f"{meta.doc_number}于{format_date_zh(meta.issued)}印发，自印发之日起执行，有效期{_zh_count(meta.validity_years)}年{source}，"
                f"即至{format_date_zh(date.fromordinal(expires.toordinal() - 1))}止；{state}。")
    source = f" ({clause.label_en()} {clause.label}: \"{clause.text_en}\")" if clause else ""
    if expires is None:
        return f"{meta.doc_number_en} was issued on {format_date_en(meta.issued)}; it states no period of validity."
    state = ("it is still in force today" if in_force else
             f"it expired on {format_date_en(expires)} and is no longer in force today ({today.isoformat()})")
    return (f"{meta.doc_number_en} was issued on {format_date_en(meta.issued)} and is valid for "
            f"{meta.validity_years} years from the date of issue{source}, i.e. until "
            f"{format_date_en(date.fromordinal(expires.toordinal() - 1))}; {state}.\n"
            f"Chinese original {clause.label if clause else ''}: {clause.text_zh if clause else ''}")


def compose_calculation_answer(calculation, clause: Clause, meta: DocumentMeta, language: str, today: date) -> str:
    """The result first, then its working, the clause it rests on and its caveats."""
    if language == "zh":
        lines = [f"按{cite_label(clause, meta, 'zh')}计算，结果为{format_zh(calculation.result_yuan)}。", "计算过程："]
        lines += [f"{i}. {step}" for i, step in enumerate(calculation.steps_zh, 1)]
        lines += [f"说明：{c}" for c in calculation.caveats_zh]
        lines.append(f"原文：{clause.text_zh}")
        lines.append(status_note(meta, today, "zh"))
        return "\n".join(lines)
    lines = [f"Under {cite_label(clause, meta, 'en')}, the result is {format_en_long(calculation.result_yuan)}.",
             "Working:"]
    lines += [f"{i}. {step}" for i, step in enumerate(calculation.steps_en, 1)]
    lines += [f"Caveat: {c}" for c in calculation.caveats_en]
    lines.append(status_note(meta, today, "en"))
    lines.append(f"Chinese original {clause.label}: {clause.text_zh}")
    return "\n".join(lines)


def compose_issuer_answer(meta: DocumentMeta, preamble: Clause, language: str, today: date) -> str:
    if language == "zh":
        return (f"《{meta.title_zh}》由{'、'.join(meta.issuers)}{len(meta.issuers)}个部门于{format_date_zh(meta.issued)}"
                f"联合印发，文号{meta.doc_number}（见{preamble.label}）。\n{status_note(meta, today, 'zh')}")
    return (f"\"{meta.title_en}\" was issued jointly by {len(meta.issuers_en)} departments — "
            f"{'; '.join(meta.issuers_en)} — on {format_date_en(meta.issued)}, as {meta.doc_number_en} "
            f"(see the notice and preamble).\n{status_note(meta, today, 'en')}\n"
            f"Chinese original: {meta.doc_number}，{'、'.join(meta.issuers)}，{format_date_zh(meta.issued)}。")


def compose_refusal(meta: DocumentMeta, language: str, reason_zh: str, reason_en: str,
                    section_titles: list[tuple[str, str]]) -> str:
    if language == "zh":
        topics = "；".join(zh for zh, _ in section_titles)
        return (f"这份政策（{meta.doc_number}《{meta.title_zh}》）没有涉及这个问题（{reason_zh}），"
                f"因此无法据此回答。它涵盖：{topics}。")
    topics = "; ".join(en for _, en in section_titles)
    return (f"The policy ({meta.doc_number_en}, \"{meta.title_en}\") does not cover this question "
            f"({reason_en}), so it cannot answer it. It covers: {topics}.")
