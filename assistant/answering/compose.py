"""The deterministic composer: short answers quoted from the clauses, never invented.

Every sentence of an answer is a sentence of a cited clause or a fixed frame around it
(labels, the document's 文号, dates and amounts from its facts, the calculation's
working). A document without an English text is still answered in English: the frame,
amounts and responsible units in English, the Chinese sentence quoted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import cn2an

from assistant.documents.departments import department_en
from assistant.documents.facts import split_units
from assistant.models import Clause, DocumentMeta, PolicyDocument
from assistant.money import find_money_zh, format_en, format_en_long, format_zh
from assistant.search.text import Analyzer

_ZH_SENTENCE_END = re.compile(r"(?<=[。；])")
_EN_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"])")
_RESPONSIBLE_NOTE_ZH = re.compile(r"[（(](?:责任单位|牵头单位)[：:][^）)]+[）)]$")
_RESPONSIBLE_NOTE_EN = re.compile(r"\s*\(Responsible units?: [^)]+\)$")
_LEADING_LABEL = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[）)]|"
                            r"[一二三四五六七八九十]+、|\d{1,2}[\.．])\s*")
_EN_MONEY = re.compile(r"CNY [\d,.]+(?: million)?|\d+%")
STATUS_ZH = {"in_force": "现行有效", "not_yet": "尚未施行", "expired": "已失效", "unknown": "有效期未注明"}
STATUS_EN = {"in_force": "in force", "not_yet": "not yet in force", "expired": "expired",
             "unknown": "validity not stated"}


def split_sentences_zh(text: str) -> list[str]:
    body = _RESPONSIBLE_NOTE_ZH.sub("", text.replace("\n", ""))
    body = _LEADING_LABEL.sub("", body)
    return [s for s in (part.strip() for part in _ZH_SENTENCE_END.split(body)) if s]


def split_sentences_en(text: str) -> list[str]:
    body = _RESPONSIBLE_NOTE_EN.sub("", text)
    return [s for s in (part.strip() for part in _EN_SENTENCE_END.split(body)) if s]


def pick_sentences(sentences: list[str], query_tokens: set[str], analyzer: Analyzer, wants_amount: bool,
                   limit: int = 2) -> list[str]:
    """The sentences that share most topic words with the question, in the clause's order; a word
    is worth more the fewer of the clause's sentences use it (a word one sentence uses outweighs 补贴 in
    all of them). The best-matching sentence is always kept; when the question asks an amount,
    the next place goes to the best sentence that states one, and a sentence that states an amount
    comes with the rest of its list (items ending in ；, each with its own amount)."""
    if not sentences:
        return []
    words = [set(analyzer.tokens(sentence)) for sentence in sentences]
    used_in = {token: sum(token in w for w in words) for token in query_tokens}
    scored = []
    for position, sentence in enumerate(sentences):
        overlap = sum(1 / used_in[token] for token in query_tokens & words[position])
        states_money = bool(find_money_zh(sentence) or _EN_MONEY.search(sentence) or "%" in sentence)
        scored.append((overlap + (0.5 if states_money else 0), states_money, -position, position))
    scored.sort(reverse=True)
    best_score = scored[0][0]
    chosen = [scored[0][3]]
    if wants_amount and not scored[0][1]:
        money = [entry for entry in scored[1:] if entry[1]]
        if money:
            chosen.append(money[0][3])
    for score, _, _, position in scored[1:]:
        if len(chosen) >= limit:
            break
        if position not in chosen and score > 0 and score >= best_score * 0.6:
            chosen.append(position)
    if wants_amount:  # 甲级…每人1000元；乙级…每人4000元: one list of amounts, quoted whole
        money = {entry[3] for entry in scored if entry[1]}
        for position in [p for p in chosen if p in money]:
            step = position
            while step + 1 < len(sentences) and step + 1 in money and sentences[step].rstrip().endswith("；"):
                step += 1
                chosen.append(step)
            step = position
            while step - 1 >= 0 and step - 1 in money and sentences[step - 1].rstrip().endswith("；"):
                step -= 1
                chosen.append(step)
    if 0 in chosen and 1 not in chosen and len(sentences) > 1 and len(sentences[0].strip()) <= _HEADING:
        chosen.append(1)  # 三、加强统筹。: an item's heading says nothing alone; its first sentence with it
    return [sentences[p] for p in sorted(set(chosen))]


_HEADING = 12  # characters: a first sentence this short is an item's heading (一、优化服务。)


def format_date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_en(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def last_day(meta: DocumentMeta) -> date | None:
    return meta.expires - timedelta(days=1) if meta.expires else None


def status_note(meta: DocumentMeta, today: date, language: str) -> str:
    status, end = meta.status(today), last_day(meta)
    start = meta.effective or meta.issued
    if language == "zh":
        name = meta.name_zh()
        if status == "expired":
            return (f"提示：{name}已于{format_date_zh(meta.expires)}失效，今天（{format_date_zh(today)}）已不再执行；"
                    "申请前请向责任单位确认现行政策。")
        if status == "not_yet":
            return f"提示：{name}自{format_date_zh(start)}起施行，目前尚未施行。"
        if status == "in_force":
            return f"提示：{name}现行有效" + (f"，有效期至{format_date_zh(end)}。" if end else "，未写明截止日期。")
        return f"提示：{name}未写明施行日期和有效期。"
    name = meta.name_en()
    if status == "expired":
        return (f"Note: {name} expired on {format_date_en(meta.expires)} and is no longer in force today "
                f"({today.isoformat()}). Check the current policy with the responsible units before applying.")
    if status == "not_yet":
        return f"Note: {name} takes effect on {format_date_en(start)}; it is not yet in force."
    if status == "in_force":
        return f"Note: {name} is in force" + (f", valid until {format_date_en(end)}." if end else "; it states no end date.")
    return f"Note: {name} states no dates of validity."


def clause_name_zh(clause: Clause) -> str:
    label = clause.label
    if clause.number == 0:
        return "通知及序言"
    if label.startswith("第"):
        return label
    if label.startswith("（") and not label.strip("（）()").isdigit():
        return f"第{label}条"
    numbered_anew = re.match(r"^[一二三四五六七八九十]+(?=[（(])", label)  # 三（四）: the section's own （四）
    if numbered_anew:
        rest = label[numbered_anew.end():]
        return f"“{clause.section_title_zh}”第{rest}条" if clause.section_title_zh else f"第{label}条"
    label = label.strip("（）()")  # （1） items number again under each heading, as 1. items do
    if label.endswith("、"):
        return f"第{label[:-1]}项"
    return f"“{clause.section_title_zh}”第{label.rstrip('.．')}项" if clause.section_title_zh else f"第{label.rstrip('.．')}项"


def cite_label(clause: Clause, meta: DocumentMeta, language: str) -> str:
    if language == "zh":
        return f"{meta.name_zh()}{clause_name_zh(clause)}"
    if clause.number == 0:
        return f"the notice and preamble of {meta.name_en()}"
    item = re.fullmatch(r"[（(]?(\d+)[）).．]?", clause.label.strip())
    if item and clause.section:  # 1. or （1） items number anew under each heading: say which heading
        return f"{clause.label_en()} (section {clause.section}, item {item.group(1)}) of {meta.name_en()}"
    label = clause.label if clause.label.startswith(("（", "(")) else f"({clause.label})"
    return f"{clause.label_en()} {label} of {meta.name_en()}"


def units_en(clause: Clause) -> str:
    note = _RESPONSIBLE_NOTE_EN.search(clause.text_en) if clause.text_en else None
    if note:
        return note.group(0).strip(" ()").split(": ", 1)[1]
    return "; ".join(department_en(unit) for unit in clause.responsible)


# 区人社局负责受理和审核…事项 / 区科技局是…主管部门，负责…: a body and the duty a regulation gives it
_BODY = r"[\u4e00-\u9fff]{2,20}?(?:局|委|厅|部|办|处|室|中心|办公室)"
_DUTY = re.compile(rf"^(?P<units>{_BODY}(?:[、和及]{_BODY})*)(?:是[^，。；]{{0,24}}?，)?(?:牵头)?负责(?P<duty>[^。；]+)")


@dataclass(frozen=True)
class Duty:
    """What a body is charged with, as one article of a regulation says it."""

    clause: Clause  # the article that assigns it
    units: tuple[str, ...]
    sentence: str


_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if _CJK_PAIR.fullmatch(text[i:i + 2])}


def assigned_duty(clauses: list[Clause], clause: Clause) -> Duty | None:
    """Who handles `clause`, when it names no responsible unit and another article assigns duties
    (区科技局负责受理…学术会议…；区人社局负责受理…长期工作…): the duty whose words share the most
    character pairs with the clause, not counting pairs most of the document's clauses have
    (资助, 申报: they tell no subject from another). None when no duty shares at least three, or
    two duties share as many."""
    held = Counter(pair for c in clauses for pair in _pairs(c.text_zh))  # how many clauses have each pair
    common = {pair for pair, n in held.items() if n * 2 > len(clauses)}
    own = _pairs(clause.text_zh) - common
    scored = []
    for other in clauses:
        if other.number == clause.number or not other.number:
            continue
        for sentence in split_sentences_zh(other.text_zh):
            found = _DUTY.match(re.sub(r"^第[一二三四五六七八九十百零〇\d]+条\s*", "", sentence.strip()))
            if found:
                units = split_units(found.group("units"))
                scored.append((len(_pairs(found.group("duty")) & own), other, units, found.group(0)))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < 3 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return Duty(scored[0][1], scored[0][2], scored[0][3])


def compose_duty_answer(duty: Duty, clause: Clause, meta: DocumentMeta, language: str, today: date) -> str:
    """Who handles a clause that names no responsible unit, from the article that assigns duties."""
    if language == "zh":
        return "\n".join([f"{cite_label(clause, meta, 'zh')}没有单独列出责任单位；{cite_label(duty.clause, meta, 'zh')}"
                          f"规定：{duty.sentence}。", f"责任单位：{'、'.join(duty.units)}。", status_note(meta, today, "zh")])
    units = "; ".join(department_en(unit) for unit in duty.units)
    return "\n".join([f"{cite_label(clause, meta, 'en')} names no responsible unit of its own; "
                      f"{cite_label(duty.clause, meta, 'en')} assigns it to: {units} ({'、'.join(duty.units)}).",
                      status_note(meta, today, "en"), f"Chinese original: {duty.sentence}。"])


def compose_clause_answer(clause: Clause, meta: DocumentMeta, language: str, query_tokens: set[str],
                          analyzer: Analyzer, wants_amount: bool, wants_responsible: bool, today: date) -> str:
    zh_quote = "".join(pick_sentences(split_sentences_zh(clause.text_zh), query_tokens, analyzer, wants_amount))
    if language == "zh":
        parts = [f"根据{cite_label(clause, meta, 'zh')}：{zh_quote}"]
        if clause.responsible:  # always: who to turn to is part of every answer
            parts.append(f"责任单位：{'、'.join(clause.responsible)}。")
        elif wants_responsible:
            parts.append("该条没有单独列出责任单位。")
        parts.append(status_note(meta, today, "zh"))
        return "\n".join(p for p in parts if p)
    if clause.text_en:
        quoted = " ".join(pick_sentences(split_sentences_en(clause.text_en), query_tokens, analyzer, wants_amount))
        parts = [f"According to {cite_label(clause, meta, 'en')}: {quoted}"]
    else:
        amounts = [m.yuan for m in find_money_zh(zh_quote)]
        money = "; ".join(f"{format_en(y)} ({format_zh(y)})" for y in dict.fromkeys(amounts))
        parts = [f"{cite_label(clause, meta, 'en')} says (no English text of this notice is available; "
                 f"the Chinese sentence is quoted below)" + (f". Amounts in it: {money}." if money else ".")]
    if clause.responsible:
        parts.append(f"Responsible units: {units_en(clause)} ({'、'.join(clause.responsible)}).")
    elif wants_responsible:
        parts.append("This clause names no responsible unit of its own.")
    parts.append(status_note(meta, today, "en"))
    parts.append(f"Chinese original: {zh_quote if not clause.text_en else clause.text_zh}")
    return "\n".join(p for p in parts if p)


_YEARS_EN = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
             10: "ten"}


def whole_years(start: date, last: date) -> int | None:
    """How many whole years a period from `start` to its last day `last` spans, or None."""
    from dateutil.relativedelta import relativedelta

    span = relativedelta(last + timedelta(days=1), start)
    return span.years if span.years and not span.months and not span.days else None


def in_year(meta: DocumentMeta, year: int, language: str) -> str:
    """Whether a notice is in force in a calendar year a question asks about, in words."""
    start, end = meta.effective or meta.issued, last_day(meta)
    first, last = date(year, 1, 1), date(year, 12, 31)
    zh = language == "zh"
    if end and end < first:
        return f"{year}年已不在有效期内（有效期至{format_date_zh(end)}）。" if zh else \
            f"In {year} it is no longer in force (it was valid until {format_date_en(end)})."
    if start and start > last:
        return f"{year}年尚未施行（自{format_date_zh(start)}起施行）。" if zh else \
            f"In {year} it is not yet in force (it takes effect on {format_date_en(start)})."
    if end and end < last:
        return f"{year}年内有效至{format_date_zh(end)}，此后失效。" if zh else \
            f"In {year} it is in force until {format_date_en(end)} and not after."
    if start and start > first:
        return f"{year}年自{format_date_zh(start)}起有效。" if zh else f"In {year} it is in force from {format_date_en(start)}."
    if start is None and end is None:
        return f"文件未写明施行和截止日期，无法判断{year}年是否有效。" if zh else \
            f"The notice states no dates, so whether it is in force in {year} cannot be said."
    return f"{year}年全年在有效期内。" if zh else f"It is in force throughout {year}."


def compose_validity_answer(meta: DocumentMeta, clause: Clause | None, today: date, language: str,
                            year: int | None = None) -> str:
    """The notice's validity and its status today; with `year`, also whether it is in force in
    that year ("2029年还能申报吗？")."""
    text = _validity_text(meta, clause, today, language)
    return in_year(meta, year, language) + "\n" + text if year else text


def _validity_text(meta: DocumentMeta, clause: Clause | None, today: date, language: str) -> str:
    status, end = meta.status(today), last_day(meta)
    start = meta.effective or meta.issued
    if language == "zh":
        parts = [f"{meta.full_name_zh()}" + (f"于{format_date_zh(meta.issued)}印发" if meta.issued else "")]
        if meta.validity_text:
            parts.append(f"原文：“{meta.validity_text}”" + (f"（见{clause_name_zh(clause)}）" if clause else ""))
        if start:
            parts.append(f"施行日期：{format_date_zh(start)}" + (f"，有效期至{format_date_zh(end)}" if end else "，未写明截止日期"))
        parts.append(f"今天（{format_date_zh(today)}）的状态：{STATUS_ZH[status]}"
                     + (f"，已于{format_date_zh(meta.expires)}失效" if status == "expired" else "") + "。")
        return "；".join(parts[:-1]) + "。\n" + parts[-1]
    parts = [f"{meta.name_en()}" + (f" was issued on {format_date_en(meta.issued)}" if meta.issued else "")]
    if start:
        years = whole_years(start, end) if end else None
        parts.append(f"in force from {format_date_en(start)}" + (f" until {format_date_en(end)}" if end else
                                                                 " with no end date stated")
                     + (f" ({_YEARS_EN.get(years, str(years))} year{'s' if years != 1 else ''})" if years else ""))
    text = ", ".join(parts) + "."
    text += f"\nStatus today ({today.isoformat()}): {STATUS_EN[status]}" + (
        f" — it is no longer in force; it expired on {format_date_en(meta.expires)}." if status == "expired" else ".")
    if meta.validity_text:
        text += "\nChinese original" + (f" {clause.label}" if clause else "") + f": {meta.validity_text}"
    return text


def compose_issuer_answer(meta: DocumentMeta, language: str, today: date) -> str:
    if language == "zh":
        by = "、".join(meta.issuers) or "（文中未写明）"
        when = f"于{format_date_zh(meta.issued)}" if meta.issued else ""
        return f"《{meta.title_zh}》由{by}{when}印发，文号{meta.doc_number or '未写明'}。\n{status_note(meta, today, 'zh')}"
    by = "; ".join(meta.issuers_en) or "(not stated)"
    when = f" on {format_date_en(meta.issued)}" if meta.issued else ""
    title = f'"{meta.title_en}"' if meta.title_en else f"《{meta.title_zh}》"
    return (f"{title} ({meta.name_en()}) was issued by {len(meta.issuers)} bod{'y' if len(meta.issuers) == 1 else 'ies'}"
            f" — {by} —{when}.\n{status_note(meta, today, 'en')}\n"
            f"Chinese original: {meta.doc_number}，{'、'.join(meta.issuers)}"
            + (f"，{format_date_zh(meta.issued)}" if meta.issued else "") + "。")


def compose_calculation_answer(calculation, clause: Clause, meta: DocumentMeta, language: str, today: date,
                               more: tuple[Clause, ...] = ()) -> str:
    """The result first, then its working, the clause it rests on and its caveats; `more` are the
    other clauses a total over several measures adds up."""
    originals = "\n".join(c.text_zh for c in (clause,) + tuple(more))
    if language == "zh":
        also = "".join(f"、{c.label if c.label != clause.label else c.number}" for c in more)
        lines = [f"按{cite_label(clause, meta, 'zh')}{also}计算，结果为{format_zh(calculation.result_yuan)}。", "计算过程："]
        lines += [f"{i}. {step}" for i, step in enumerate(calculation.steps_zh, 1)]
        lines += [f"说明：{c}" for c in calculation.caveats_zh]
        lines.append(f"原文：{originals}")
        lines.append(status_note(meta, today, "zh"))
        return "\n".join(lines)
    also = "".join(f" and clause {c.number}" for c in more)
    lines = [f"Under {cite_label(clause, meta, 'en')}{also}, the result is {format_en_long(calculation.result_yuan)}.",
             "Working:"]
    lines += [f"{i}. {step}" for i, step in enumerate(calculation.steps_en, 1)]
    lines += [f"Caveat: {c}" for c in calculation.caveats_en]
    lines.append(status_note(meta, today, "en"))
    lines.append(f"Chinese original: {originals}")
    return "\n".join(lines)


def compose_list_answer(entries: list[tuple[PolicyDocument, Clause]], language: str, today: date,
                        query_tokens: set[str] | None = None, analyzer: Analyzer | None = None,
                        wants_amount: bool = False) -> str:
    """Several documents answer: each with its status, in-force ones first, and the sentence of
    its clause that best answers the question (the first one when no question words are given)."""

    def best(sentences: list[str]) -> str:
        if analyzer is None or query_tokens is None:
            return "".join(sentences[:1])
        return "".join(pick_sentences(sentences, query_tokens, analyzer, wants_amount, limit=1))

    if language == "zh":
        lines = ["以下文件涉及这个问题："]
        for document, clause in entries:
            meta = document.meta
            lines.append(f"- {meta.full_name_zh()}（{STATUS_ZH[meta.status(today)]}）{clause_name_zh(clause)}："
                         + best(split_sentences_zh(clause.text_zh)))
        return "\n".join(lines)
    lines = ["These documents address it:"]
    for document, clause in entries:
        meta = document.meta
        first = best(split_sentences_en(clause.text_en)) if clause.text_en else best(split_sentences_zh(clause.text_zh))
        lines.append(f"- {meta.name_en()} ({STATUS_EN[meta.status(today)]}), {clause.label_en()} ({clause.label}): " + first)
    return "\n".join(lines)


def compose_amounts_by_document(results: list, language: str) -> str:
    """(document, Calculation) pairs: the amount each document's clause gives, with its working."""
    if language == "zh":
        lines = ["按各文件分别计算："]
        lines += [f"- {d.meta.name_zh()}{d.clause(calc.clause).label}：{format_zh(calc.result_yuan)}（"
                  + "；".join(calc.steps_zh) + "）" for d, calc in results]
        return "\n".join(lines + ["适用哪一份，请以实际申报的文件为准。"])
    lines = ["Computed under each document:"]
    lines += [f"- {d.meta.name_en()}, {d.clause(calc.clause).label_en()}: {format_en_long(calc.result_yuan)} ("
              + "; ".join(calc.steps_en) + ")"
              for d, calc in results]
    return "\n".join(lines + ["Which one applies depends on the document you apply under."])


def compose_status_list(documents: list[PolicyDocument], language: str, today: date, year: int | None = None) -> str:
    """Every loaded document with its status today, in force first; with `year`, each one's
    status in that year too."""
    if year:
        colon = "：" if language == "zh" else ": "
        lines = [f"- {d.meta.name_zh() if language == 'zh' else d.meta.name_en()}{colon}" + in_year(d.meta, year, language)
                 for d in documents]
        head = f"{year}年各文件的状态：" if language == "zh" else f"Each document in {year}:"
        return head + "\n" + "\n".join(lines) + "\n\n" + compose_status_list(documents, language, today)
    if language == "zh":
        lines = [f"已收录{len(documents)}份文件，今天（{format_date_zh(today)}）的状态："]
        for d in documents:
            end, years, start = last_day(d.meta), _years_in_force(d.meta), d.meta.effective or d.meta.issued
            period = "，".join(([f"自{format_date_zh(start)}起施行"] if start else [])
                              + ([f"有效期{_years_zh(years)}年"] if years else [])
                              + ([f"至{format_date_zh(end)}"] if end else []))
            lines.append(f"- {d.meta.full_name_zh()}：{STATUS_ZH[d.meta.status(today)]}"
                         + (f"（{period}）" if period else ""))
        return "\n".join(lines) + "\n请说明是哪一份文件，以便回答具体问题。"
    lines = [f"{len(documents)} documents are loaded; their status today ({today.isoformat()}):"]
    for d in documents:
        end, years, start = last_day(d.meta), _years_in_force(d.meta), d.meta.effective or d.meta.issued
        period = " ".join(([f"from {format_date_en(start)}"] if start else [])
                          + ([f"until {format_date_en(end)}"] if end else []))
        period += f"; {_YEARS_EN.get(years, str(years))} year{'s' if years != 1 else ''}" if years else ""
        lines.append(f"- {d.meta.name_en()}: {STATUS_EN[d.meta.status(today)]}" + (f" ({period})" if period else ""))
    return "\n".join(lines) + "\nName the document to ask about it."


def _years_zh(years: int) -> str:
    return "两" if years == 2 else cn2an.an2cn(years)  # 两年, not 二年


def _years_in_force(meta: DocumentMeta) -> int | None:
    """How many whole years a document is in force (from taking effect to its last day), or None."""
    start, end = meta.effective or meta.issued, last_day(meta)
    return whole_years(start, end) if start and end else None


NAMED_IN_REFUSAL = 5  # a refusal or a list names this many loaded documents; a larger library is counted


def compose_issuer_list(documents: list[PolicyDocument], language: str, today: date) -> str:
    """Who issued each loaded document, when and under which number (the question named none)."""
    shown, more = documents[:NAMED_IN_REFUSAL], len(documents) - NAMED_IN_REFUSAL
    if language == "zh":
        lines = [f"已收录{len(documents)}份文件，问题未指明哪一份："]
        for d in shown:
            m = d.meta
            lines.append(f"- {m.full_name_zh()}：{'、'.join(m.issuers) or '发文单位未写明'}"
                         + (f"，{format_date_zh(m.issued)}印发" if m.issued else "") + f"（{STATUS_ZH[m.status(today)]}）")
        if more > 0:
            lines.append(f"另有{more}份（python -m assistant docs 可列出全部）。")
        return "\n".join(lines) + "\n请说明是哪一份文件，以便回答具体问题。"
    lines = [f"{len(documents)} documents are loaded and the question names none of them:"]
    for d in shown:
        m = d.meta
        lines.append(f"- {m.name_en()}: {'; '.join(m.issuers_en) or 'issuers not stated'}"
                     + (f", issued {format_date_en(m.issued)}" if m.issued else "") + f" ({STATUS_EN[m.status(today)]})"
                     + f"\n  Chinese original: {m.doc_number}，{'、'.join(m.issuers)}")
    if more > 0:
        lines.append(f"{more} more (python -m assistant docs lists them all).")
    return "\n".join(lines) + "\nName the document to ask about it."




def compose_refusal(documents: list[PolicyDocument], language: str, today: date) -> str:
    shown, more = documents[:NAMED_IN_REFUSAL], len(documents) - NAMED_IN_REFUSAL
    if language == "zh":
        names = "；".join(f"{d.meta.full_name_zh()}（{STATUS_ZH[d.meta.status(today)]}）" for d in shown)
        rest = f"等{len(documents)}份文件（python -m assistant docs 可列出全部）" if more > 0 else ""
        return f"已收录的政策文件没有涉及这个问题，因此无法据此回答，也不引用任何条款。已收录：{names}{rest}。"
    names = "; ".join(f"{d.meta.name_en()} ("
                      + ", ".join(filter(None, [d.meta.title_after_name_en(), STATUS_EN[d.meta.status(today)]])) + ")"
                      for d in shown)
    rest = f"; and {more} more (python -m assistant docs lists them all)" if more > 0 else ""
    return (f"The policy documents loaded here do not cover this question, so I cannot answer it from them and "
            f"cite nothing. Loaded: {names}{rest}.")


_THANKS = re.compile(r"谢|感谢|thank|thx|cheers", re.IGNORECASE)


def compose_greeting(documents: list[PolicyDocument], language: str, text: str = "") -> str:
    """A greeting gets a hello, thanks get a you're welcome; both say what can be asked."""
    thanks = bool(_THANKS.search(text))
    if language == "zh":
        return (("不客气！" if thanks else "您好！") + f"我可以回答已收录的{len(documents)}份政策文件的问题：支持内容、"
                "金额上限与计算、责任单位、有效期，并注明出处条款。" + ("还有问题请继续提问。" if thanks else "请直接提问。"))
    return (("You're welcome! " if thanks else "Hello! ") + f"I answer questions about the {len(documents)} policy "
            "document(s) loaded here — what they fund, caps and calculations, responsible units, validity — citing "
            "the clause." + (" Ask again any time." if thanks else " Ask away."))


def compose_partial_note(missing: list[str], language: str) -> str:
    if not missing:
        return ""
    if language == "zh":
        return f"说明：文件没有提到“{'、'.join(missing)}”，以下是最相关的条款。"
    return f"The documents say nothing about {', '.join(missing)}; the closest clause follows."
