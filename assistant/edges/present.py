"""HTML and table rows for the web UI, built from core objects (documents, citations,
calculations). Everything from users or documents is escaped here, so no text can become
markup. Nothing here knows any one notice: it works from whatever documents are loaded."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from assistant.answering.calculate import Calculation
from assistant.answering.compose import (
    STATUS_EN,
    STATUS_ZH,
    cite_label,
    clause_name_zh,
    last_day,
    split_sentences_en,
    split_sentences_zh,
    status_note,
    units_en,
)
from assistant.documents.departments import department_en
from assistant.documents.translate import english_amounts
from assistant.models import Citation, Clause, MoneyRule, PolicyDocument
from assistant.money import find_money_zh, format_en, format_en_long, format_zh
from assistant.search.gloss import unit_in_english

RULE_KINDS = {"fixed": ("定额", "fixed"), "cap": ("上限", "cap"), "per_unit": ("按数量", "per unit"),
              "share": ("按比例", "share"), "limit": ("限额", "limit"),
              "step": ("按档累计", "per block")}
RULES_HEADERS = ["文件 Document", "条款 Clause", "类型 Kind", "金额 Amount", "比例 Share", "计量 Per",
                 "对象 Beneficiary", "资助 Funds", "责任单位 Responsible"]
FEEDBACK_REASONS = [("条款不对 Wrong clause", "wrong_clause"), ("金额不对 Wrong amount", "wrong_amount"),
                    ("应该能回答 Should have answered", "should_have_answered"), ("其他 Other", "other")]
DOCUMENT_HEADERS = ["文号 Number", "标题 Title", "发文单位 Issued by", "印发日期 Issued", "今日状态 Status today"]


def _header(bilingual: str, language: str) -> str:
    """'责任单位 Responsible' → '责任单位' (zh), 'Responsible' (en), or as it is (both)."""
    zh, _, en = bilingual.partition(" ")
    return zh if language == "zh" else en if language == "en" else bilingual


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def ui_language(choice: str | None) -> str:
    """The language the static parts of the page use: "zh", "en", or "both" (for "auto")."""
    return choice if choice in ("zh", "en") else "both"


def unit_names(names, language: str) -> str:
    """Government bodies as the reader reads them: Chinese, English (from the naming table),
    or the Chinese names followed by the English ones ("both")."""
    names = [n for n in names if n]
    zh, en = "、".join(names), "; ".join(department_en(n) for n in names)
    if language == "zh":
        return zh
    if language == "en":
        return en
    return zh if zh == en else f"{zh} / {en}"


def issuer_names(meta, language: str) -> str:
    """A document's issuers: the English the document's translation gives, else the naming table."""
    if language == "zh" or not meta.issuers_en or len(meta.issuers_en) != len(meta.issuers):
        return unit_names(meta.issuers, language)
    zh, en = "、".join(meta.issuers), "; ".join(meta.issuers_en)
    return en if language == "en" else f"{zh} / {en}"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"


# -- the status banner ---------------------------------------------------------
def status_line(document: PolicyDocument, today: date, language: str = "both") -> str:
    """One document's status with its dates, in Chinese, English or both."""
    meta = document.meta
    status = meta.status(today)
    start, end = meta.effective or meta.issued, last_day(meta)
    name = f"{esc(meta.name_zh())} 《{esc(meta.title_zh)}》" if meta.doc_number else f"《{esc(meta.title_zh)}》"
    if language == "en":
        title = f"“{esc(meta.title_en)}”" if meta.title_en else f"《{esc(meta.title_zh)}》"
        name = f"{esc(meta.name_en())} {title}" if meta.doc_number else title
    if status == "expired":
        zh = f"已失效：有效期 {_iso(start)} 至 {_iso(end)}，已于 {_iso(meta.expires)} 失效"
        en = (f"expired: valid {_iso(start)} – {_iso(end)}, no longer in force since {_iso(meta.expires)}; "
              f"not in force today ({today.isoformat()})")
    elif status == "not_yet":
        zh = f"尚未施行：自 {_iso(start)} 起施行" + (f"，有效期至 {_iso(end)}" if end else "")
        en = f"not yet in force: takes effect {_iso(start)}" + (f", valid until {_iso(end)}" if end else "")
    elif status == "in_force":
        zh = "现行有效" + (f"，有效期至 {_iso(end)}" if end else "，未写明截止日期")
        en = "in force" + (f", valid until {_iso(end)}" if end else "; no end date stated")
    else:
        zh, en = "文件未写明施行日期和有效期", "no dates of validity stated"
    css = {"expired": "expired", "not_yet": "not-yet", "in_force": "in-force"}.get(status, "unknown")
    icon = "⚠ " if status in ("expired", "not_yet") else ""
    said = esc(zh) if language == "zh" else esc(en) if language == "en" else f"{esc(zh)} / {esc(en)}"
    return (f'<div class="status {css}" data-doc="{esc(meta.doc_id)}" data-status="{status}">'
            f"{icon}{name} — {said}</div>")


def status_banner(documents: list[PolicyDocument], today: date, language: str = "both") -> str:
    if not documents:
        return '<div class="status unknown">' + {"zh": "尚未收录任何政策文件。", "en": "No policy document is loaded."}.get(
            language, "尚未收录任何政策文件 / No policy document is loaded.") + "</div>"
    alert = any(d.meta.status(today) != "in_force" for d in documents)
    lines = "".join(status_line(d, today, language) for d in documents)
    role = ' role="alert"' if alert else ""
    return f'<div class="status-banner"{role}>{lines}</div>'


# -- citations -----------------------------------------------------------------
def _quoted(sentences: list[str], answer_text: str) -> set[int]:
    """The indexes of the sentences whose core (without final punctuation) the answer quotes."""
    found = set()
    for index, sentence in enumerate(sentences):
        core = sentence.strip().rstrip("。；.;").strip()
        if core and core in answer_text:
            found.add(index)
    return found


def _aligned(quoted: set[int], source_amounts: list[frozenset[int]], target_amounts: list[frozenset[int]]) -> set[int]:
    """The target sentences matching the quoted source sentences: index for index when both
    texts have as many sentences, else the one target sentence stating the same (non-empty) set
    of amounts; nothing when that is undecided."""
    if len(source_amounts) == len(target_amounts):
        return set(quoted)
    found = set()
    for index in quoted:
        amounts = source_amounts[index]
        if not amounts:
            continue
        matches = [t for t, other in enumerate(target_amounts) if other == amounts]
        if len(matches) == 1:
            found.add(matches[0])
    return found


def _marked_sentences(sentences: list[str], marked: set[int], joiner: str) -> str:
    parts = []
    for index, sentence in enumerate(sentences):
        text = esc(sentence)
        parts.append(f"<mark>{text}</mark>" if index in marked and text.strip() else text)
    return joiner.join(parts)


def highlighted_columns(text_zh: str, text_en: str, answer_text: str, language: str) -> tuple[str, str]:
    """A clause's Chinese and English text, escaped, with the sentences the answer quotes in
    <mark>: the quoted sentences are found in the answer's language and the corresponding
    sentences of the other language are marked too ("" for the English when there is none)."""
    zh_sentences = split_sentences_zh(text_zh)
    en_sentences = split_sentences_en(text_en) if text_en else []
    if not en_sentences:
        return _marked_sentences(zh_sentences, _quoted(zh_sentences, answer_text), ""), ""
    zh_amounts = [frozenset(m.yuan for m in find_money_zh(s)) for s in zh_sentences]
    en_amounts = [frozenset(english_amounts(s)) for s in en_sentences]
    if language == "zh":
        zh_marked = _quoted(zh_sentences, answer_text)
        en_marked = _aligned(zh_marked, zh_amounts, en_amounts)
    else:
        en_marked = _quoted(en_sentences, answer_text)
        zh_marked = _aligned(en_marked, en_amounts, zh_amounts)
    return _marked_sentences(zh_sentences, zh_marked, ""), _marked_sentences(en_sentences, en_marked, " ")


def rule_source_html(clause_zh: str, clause_en: str, rule_text: str, language: str) -> str:
    """The sentence a money rule was read from, for the calculator: in Chinese as printed; in
    English the matching sentence of the clause's English text (found as the citation columns
    find it) with the Chinese original beside it, or the Chinese alone with a note when the
    clause has no English text or no sentence states the same amounts."""
    original = f'<blockquote lang="zh" class="rule-text">{esc(rule_text)}</blockquote>'
    if language != "en":
        return original
    zh_sentences = split_sentences_zh(clause_zh)
    en_sentences = split_sentences_en(clause_en) if clause_en else []
    quoted = _quoted(zh_sentences, rule_text)
    matched = _aligned(quoted, [frozenset(m.yuan for m in find_money_zh(x)) for x in zh_sentences],
                       [frozenset(english_amounts(x)) for x in en_sentences]) if en_sentences and quoted else set()
    if not matched:
        return (original + '<p class="rule-note">No English text of this sentence; the Chinese original is '
                "the one that counts.</p>")
    english = " ".join(en_sentences[i] for i in sorted(matched) if i < len(en_sentences))
    return (f'<blockquote lang="en" class="rule-text">{esc(english)}</blockquote>'
            f'<details class="rule-original"><summary>Chinese original</summary>{original}</details>')


def _status_badge(document: PolicyDocument | None, citation: Citation, today: date, language: str) -> str:
    status = document.meta.status(today) if document else (citation.status or "unknown")
    if document is not None:
        number = document.meta.name_en() if language == "en" else document.meta.name_zh()
    else:
        number = citation.doc_number or citation.doc
    said = STATUS_EN.get(status, status) if language == "en" else STATUS_ZH.get(status, status)
    return f'<span class="cite-status {esc(status)}">{esc(number)} · {esc(said)}</span>'


def citations_html(citations: list[Citation], answer_text: str, document_of: Callable[[str], PolicyDocument],
                   language: str, today: date) -> str:
    """Each cited clause: its document's 文号 and status, label and section title, zh and en side
    by side (zh only, with a note, when the document has no English text), the sentences the
    answer quotes highlighted, responsible units and amounts."""
    zh = language == "zh"
    if not citations:
        return ('<div class="cite-empty">' + ("没有引用条款：已收录的文件未涉及这个问题。" if zh else
                "No clause cited: the loaded documents do not cover this question.") + "</div>")
    blocks = []
    for rank, citation in enumerate(citations):
        try:
            document = document_of(citation.doc)
            clause = document.clause(citation.clause)
        except KeyError:  # the document left the corpus since: show what the citation carries
            document, clause = None, Clause(citation.doc, citation.clause, citation.label, citation.section, "", "",
                                            citation.text_zh, citation.text_en, tuple(citation.responsible), ())
        if document is not None:
            title = cite_label(clause, document.meta, language)
        else:
            title = f"{citation.doc_number or citation.doc} {clause.label}"
        section = clause.section_title_zh if zh else (clause.section_title_en or clause.section_title_zh)
        amounts = ("、" if zh else ", ").join((format_zh if zh else format_en)(y) for y in clause.amounts_yuan) or "—"
        units = ("、".join(clause.responsible) if zh else units_en(clause)) or ("未列出" if zh else "none listed")
        role = ("答案依据" if zh else "answer rests on") if rank == 0 else ("相关条款" if zh else "related")
        zh_html, en_html = highlighted_columns(clause.text_zh, clause.text_en, answer_text, language)
        if clause.text_en:
            columns = ('<div class="cite-cols">'
                       f'<div class="cite-zh" lang="zh">{zh_html}</div>'
                       f'<div class="cite-en" lang="en">{en_html}</div>'
                       "</div>")
        else:
            columns = (f'<div class="cite-cols single"><div class="cite-zh" lang="zh">{zh_html}</div></div>'
                       '<div class="cite-note">本文件没有英文文本，仅显示中文原文。 / '
                       "No English text of this document is available; the Chinese original is shown.</div>")
        blocks.append(
            f'<details class="citation" data-doc="{esc(citation.doc)}" data-clause="{int(citation.clause)}"'
            f'{" open" if rank == 0 else ""}>'
            f"<summary><b>{esc(title)}</b>{(' ' + esc(section)) if section else ''} "
            f"<small>({esc(role)})</small> {_status_badge(document, citation, today, language)}</summary>"
            f"{columns}"
            f'<div class="cite-meta">{"责任单位" if zh else "Responsible units"}: {esc(units)} · '
            f'{"金额" if zh else "Amounts"}: {esc(amounts)}</div>'
            "</details>"
        )
    return "\n".join(blocks)


# -- the policy text -----------------------------------------------------------
_UNITS_HEAD = {"zh": "责任单位", "en": "Responsible units", "both": "责任单位 Responsible units"}


def _marked(text: str, needle: str, simplify: Callable[[str], str]) -> tuple[str, bool]:
    """The text escaped, with every match of the (simplified, case-folded) needle in <mark>.
    Matching is done on the simplified text, so a traditional query finds simplified text
    and the other way round."""
    if not needle:
        return esc(text), False
    plain = simplify(text)
    if len(plain) != len(text):  # a conversion changed the length: match the text as it is
        plain = text
    haystack, needle = plain.lower(), needle.lower()
    spans, start = [], 0
    while (at := haystack.find(needle, start)) >= 0:
        spans.append((at, at + len(needle)))
        start = at + len(needle)
    if not spans:
        return esc(text), False
    out, last = [], 0
    for a, b in spans:
        out.append(esc(text[last:a]))
        out.append(f"<mark>{esc(text[a:b])}</mark>")
        last = b
    out.append(esc(text[last:]))
    return "".join(out), True


def policy_html(document: PolicyDocument, query: str = "", simplify: Callable[[str], str] = lambda t: t,
                language: str = "both") -> str:
    """One document, clause by clause: label, section title, zh and en side by side (zh only
    when it has no English text), responsible units; filtered and highlighted by a search."""
    needle = simplify(query.strip()) if query else ""
    meta = document.meta
    rows = []
    for clause in document.clauses:
        zh_html, in_zh = _marked(clause.text_zh, needle, simplify)
        en_html, in_en = _marked(clause.text_en, needle, simplify) if clause.text_en else ("", False)
        if needle and not (in_zh or in_en):
            continue
        section = " / ".join(esc(t) for t in (clause.section_title_zh, clause.section_title_en) if t)
        columns = (f'<div class="cite-cols"><div lang="zh">{zh_html}</div><div lang="en">{en_html}</div></div>'
                   if clause.text_en else f'<div class="cite-cols single"><div lang="zh">{zh_html}</div></div>')
        units = unit_names(clause.responsible, language)
        rows.append(
            f'<div class="policy-clause" data-doc="{esc(meta.doc_id)}" data-clause="{clause.number}">'
            f"<h4>{esc(clause.label)} <small>{esc(clause.label_en())}</small>"
            f"{(' · ' + section) if section else ''}</h4>{columns}"
            + (f'<div class="cite-meta">{_UNITS_HEAD[language]}: {esc(units)}</div>' if units else "")
            + "</div>"
        )
    head = (f'<div class="policy-head"><b>{esc(meta.name_zh())}</b> 《{esc(meta.title_zh)}》'
            + (f"<br><i>{esc(meta.title_en)}</i>" if meta.title_en else "")
            + ("" if any(c.text_en for c in document.clauses) else
               '<div class="cite-note">本文件没有英文文本 / No English text of this document is available.</div>')
            + "</div>")
    if not rows:
        return head + f"<p>没有条款包含“{esc(query)}” / No clause contains “{esc(query)}”.</p>"
    return head + "\n".join(rows)


# -- money rules ---------------------------------------------------------------
def _short(text: str, limit: int = 28) -> str:
    text = re.sub(r"\s+", " ", text).strip("，,；; ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


_LEADING_LINK = re.compile(r"^(?:and|or|which|while|among them|of which|with)\s+", re.IGNORECASE)


def _english_part(text_en: str, rule: MoneyRule) -> str:
    """The part of a clause's English text that states a rule: the piece between commas,
    semicolons and "and" that names the rule's amount (or its share), without a leading link
    word; "" when no single piece does."""
    amounts = {a for a in (rule.amount_yuan, rule.cap_yuan) if a}
    percent = f"{format((Decimal(rule.share) * 100).normalize(), 'f')}%" if rule.share else ""
    for sentence in split_sentences_en(text_en or ""):
        for part in re.split(r"[,;:]\s+|\s+and\s+", sentence):
            part = part.strip(" .")
            if (amounts and amounts & english_amounts(part)) or (percent and percent in part):
                return _LEADING_LINK.sub("", part)
    return ""


def rule_label(document: PolicyDocument, rule: MoneyRule, language: str = "zh") -> str:
    """How a rule is listed in the calculator: 文号, clause, who or what it funds, its kind; in
    English (from the clause's English text) when the page is in English."""
    meta = document.meta
    try:
        clause = document.clause(rule.clause)
    except KeyError:
        clause = None
    if language == "en":
        label = clause.label_en() if clause else f"Clause {rule.clause}"
        amount = rule.amount_yuan or rule.cap_yuan
        what = _english_part(clause.text_en, rule) if clause else ""
        percent = f"{format((Decimal(rule.share) * 100).normalize(), 'f')}%" if rule.share else ""
        what = what or (format_en(amount) if amount else percent)
        kind = RULE_KINDS.get(rule.kind, (rule.kind, rule.kind))[1]
        return f"{meta.name_en()} {label} {_short(what, 60)} — {kind}".replace("  ", " ")
    label = clause.label if clause else f"#{rule.clause}"
    return f"{meta.doc_number or meta.title_zh} {label} {_short(rule.beneficiary or rule.funds)} — {rule.kind}"


ALL_DOCUMENTS = ""  # the chat's document filter: every loaded notice


def filter_choices(documents: list[PolicyDocument]) -> list[tuple[str, str]]:
    """The chat's document filter: all notices, then each loaded one by its 文号 and title."""
    return [("全部文件 All notices", ALL_DOCUMENTS)] + [
        (f"{d.meta.name_zh()} {_short(d.meta.title_zh, 24)}" if d.meta.doc_number else _short(d.meta.title_zh, 30),
         d.meta.doc_id) for d in documents]


def _both(yuan: int) -> str:
    return f"{format_zh(yuan)} ({format_en(yuan)})"


def _cap_terms(rule, language: str) -> str:
    """What a share's cap is counted per and its limits: 每平方米每月, at most 300 平方米, 36 months."""
    period_en = {"月": "month", "年": "year"}.get(rule.cap_period, rule.cap_period)
    if language == "en":
        terms = "".join(f" per {word}" for word in (unit_in_english(rule.cap_unit) if rule.cap_unit else "", period_en)
                        if word)
        if rule.max_units:
            terms += f", at most {rule.max_units} {unit_in_english(rule.cap_unit)}"
        if rule.max_periods and rule.cap_period:
            terms += f", at most {rule.max_periods} {period_en}s"
        return terms
    terms = "".join(f"/{word}" for word in (rule.cap_unit, rule.cap_period) if word)
    if rule.max_units:
        terms += f"，最多{rule.max_units}{rule.cap_unit}"
    if rule.max_periods and rule.cap_period:
        terms += f"，最长{rule.max_periods}{'个月' if rule.cap_period == '月' else rule.cap_period}"
    return terms


def rules_rows(document: PolicyDocument, language: str = "both") -> list[list[str]]:
    rows = []
    for rule in document.rules:
        try:
            clause = document.clause(rule.clause)
            label, units = clause.label, unit_names(clause.responsible, language)
        except KeyError:
            label, units = f"#{rule.clause}", ""
        kind_zh, kind_en = RULE_KINDS.get(rule.kind, (rule.kind, rule.kind))
        amount = rule.amount_yuan
        if rule.kind == "cap" and amount:
            amount_text = f"最高 up to {_both(amount)}"
        else:
            amount_text = _both(amount) if amount else "—"
        share = ""
        if rule.share:
            share = f"{format((Decimal(rule.share) * 100).normalize(), 'f')}%" + (f" × {rule.base}" if rule.base else "")
        if rule.cap_yuan:
            share += f"{'，' if share else ''}上限 cap {_both(rule.cap_yuan)}" + _cap_terms(rule, language)
        if language == "en":
            period_en = {"月": "month", "年": "year", "天": "day"}.get(rule.period, rule.period)
            per = (unit_in_english(rule.unit) if rule.unit else "") + (f"/{period_en}" if rule.period else "")
            if rule.max_periods:
                per += f" (at most {rule.max_periods} {period_en}s)"
        else:
            per = rule.unit + (f"/{rule.period}" if rule.period else "")
            if rule.max_periods:
                per += f"（最长{rule.max_periods}{'个月' if rule.period == '月' else rule.period}）"
        name = document.meta.name_en() if language == "en" else document.meta.name_zh()
        kind = kind_zh if language == "zh" else kind_en if language == "en" else f"{kind_zh} {kind_en}"
        rows.append([name, label, kind, amount_text, share or "—", per or "—",
                     _short(rule.beneficiary, 40) or "—", rule.funds or "—", units or "—"])
    return rows


def _table(headers: list[str], rows: list[list[str]], language: str, attributes: str) -> str:
    """A plain table that wraps its text: every cell carries its column's name (`data-label`),
    so a narrow screen can show each row as a stacked card."""
    names = [_header(h, language) for h in headers]
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in names)
    body = "".join("<tr>" + "".join(f'<td data-label="{esc(h)}">{esc(cell)}</td>' for h, cell in zip(names, row))
                   + "</tr>" for row in rows)
    return (f'<div class="rules-scroll"><table class="rules-table" {attributes}>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def rules_table_html(document: PolicyDocument, language: str = "both") -> str:
    """The document's money rules, the responsible units named in the page's language."""
    rows = rules_rows(document, language)
    if not rows:
        return '<p class="rules-none">' + {"zh": "这份文件没有金额规则。", "en": "This document states no money rules."}.get(
            language, "这份文件没有金额规则。 / This document states no money rules.") + "</p>"
    return _table(RULES_HEADERS, rows, language, f'data-doc="{esc(document.meta.doc_id)}"')


def documents_html(documents: list[PolicyDocument], today: date, language: str = "both") -> str:
    """Every loaded notice: 文号, title, issuers, issue date and whether it is in force today,
    in the page's language (both, one under the other, for "auto")."""
    if not documents:
        return '<p class="docs-none">尚未收录任何政策文件。 / No policy document is loaded.</p>'
    rows = []
    for document in documents:
        meta = document.meta
        status = meta.status(today)
        number_zh, number_en = meta.doc_number or "—", meta.name_en() if meta.doc_number else "—"
        title_en = meta.title_en or meta.title_zh
        if language == "zh":
            number, title, said = number_zh, meta.title_zh, STATUS_ZH.get(status, status)
        elif language == "en":
            number, title, said = number_en, title_en, STATUS_EN.get(status, status)
        else:
            number = number_zh if number_zh == number_en else f"{number_zh} / {number_en}"
            title = meta.title_zh if title_en == meta.title_zh else f"{meta.title_zh} / {title_en}"
            said = f"{STATUS_ZH.get(status, status)} {STATUS_EN.get(status, status)}"
        rows.append([number, title, issuer_names(meta, language) or "—", _iso(meta.issued), said])
    return _table(DOCUMENT_HEADERS, rows, language, 'id="documents-table"')


def calculation_html(result: Calculation, document: PolicyDocument, language: str, today: date) -> str:
    """A calculator's result: amount, working, caveats, the clause and the document's status."""
    zh = language == "zh"
    data = result.to_dict(language)
    meta = document.meta
    try:
        clause = document.clause(result.clause)
        under = cite_label(clause, meta, language)
        text, text_en = clause.text_zh, ("" if zh else clause.text_en)
        units = "、".join(clause.responsible) if zh else units_en(clause)
    except KeyError:
        under, text, text_en, units = f"{meta.name_zh()} #{result.clause}", "", "", ""
    amount = format_zh(result.result_yuan) if zh else format_en_long(result.result_yuan)
    steps = "".join(f"<li>{esc(step)}</li>" for step in data["steps"])
    caveats = "".join(f"<li>{esc(c)}</li>" for c in data["caveats"])
    status = meta.status(today)
    return (f'<div class="calc-out" data-doc="{esc(result.doc)}" data-clause="{int(result.clause)}">'
            f'<h3>{"结果" if zh else "Result"}: {esc(amount)}</h3>'
            f'<p>{"依据" if zh else "Under"} {esc(under)}</p>'
            f'<ol class="calc-steps">{steps}</ol>'
            + (f'<div class="calc-caveats"><b>{"说明" if zh else "Caveats"}</b><ul>{caveats}</ul></div>' if caveats else "")
            + (f'<p class="calc-units">{"责任单位" if zh else "Responsible units"}: {esc(units)}</p>' if units else "")
            + (f'<blockquote lang="en">{esc(text_en)}</blockquote>' if text_en else "")
            + (f'<blockquote lang="zh">{esc(text)}</blockquote>' if text else "")
            + f'<div class="status {"in-force" if status == "in_force" else "expired"}">'
              f"{esc(status_note(meta, today, language))}</div></div>")


def calc_error_html(message: str) -> str:
    return f'<div class="calc-error">⚠ {esc(message)}</div>'


def is_english(question: str) -> bool:
    """An example question's language by its first word (English ones may quote a 文号)."""
    return question[:1].isascii()


def examples(documents: list[PolicyDocument], limit: int = 5) -> list[str]:
    """Example questions made from the loaded documents (nothing of one notice is hard-coded)."""
    found: list[str] = []
    for document in documents[:2]:
        found.append(f"{document.meta.name_zh()}的有效期到什么时候？")
    with_rules = [d for d in documents if d.rules]
    if with_rules:
        document = with_rules[0]
        rule = document.rules[0]
        try:
            clause = document.clause(rule.clause)
        except KeyError:
            clause = None
        if clause is not None:
            found.append(f"{document.meta.name_zh()}{clause_name_zh(clause)}资助多少？")
            # the 文号 as printed: an English one ("No. 129 ...") can read as a count of things
            found.append(f"What does {clause.label_en()} of {document.meta.name_zh()} fund, and up to how much?")
    found.append("Which policies are in force?")
    return list(dict.fromkeys(found))[:limit]


def chat_hint(documents: list[PolicyDocument]) -> str:
    """The one-line hint an empty chat shows: one Chinese and one English question from
    `examples` (the last Chinese one, about a money rule when a document has one)."""
    questions = examples(documents)
    zh = [q for q in questions if not is_english(q)]
    en = [q for q in questions if is_english(q)]
    if not zh:
        return ('<p class="chat-hint">尚未收录政策文件，暂时无法回答。 / '
                "No policy document is loaded yet.</p>")
    shortest_en = min(en, key=len) if en else ""
    return (f'<p class="chat-hint">试试问 Try: {esc(zh[-1])}'
            + (f" · {esc(shortest_en)}" if shortest_en else "") + "</p>")


# -- answers people can pass on -------------------------------------------------
def _cited(turn: dict, document_of: Callable[[str], PolicyDocument]) -> list[tuple[PolicyDocument, Clause]]:
    found = []
    for key in turn.get("citations") or []:
        doc_id, _, number = str(key).rpartition("#")
        try:
            document = document_of(doc_id)
            found.append((document, document.clause(int(number))))
        except (KeyError, ValueError):  # a document that left the corpus since: its key stays in the log
            continue
    return found


def turn_text(turn: dict, document_of: Callable[[str], PolicyDocument], today: date, markdown: bool = False) -> str:
    """One question and answer as text to pass on: the answer, every cited clause (label,
    status, Chinese text and the English one when there is one) and each cited document's
    validity note. Plain text for the clipboard, Markdown for the download."""
    zh = turn.get("language", "zh") == "zh"
    language = "zh" if zh else "en"
    question, answer = turn.get("question", ""), turn.get("answer", "")
    if markdown:
        lines = [f"### {'问' if zh else 'Question'}: {question}", "", answer.replace("\n", "  \n"), ""]
    else:
        lines = [f"{'问' if zh else 'Question'}: {question}", f"{'答' if zh else 'Answer'}: {answer}", ""]
    cited = _cited(turn, document_of)
    if cited:
        lines.append(f"{'**' if markdown else ''}{'引用条款' if zh else 'Cited clauses'}{'**' if markdown else ''}:")
        for document, clause in cited:
            status = document.meta.status(today)
            said = STATUS_ZH.get(status, status) if zh else STATUS_EN.get(status, status)
            lines.append(f"{'- ' if markdown else '· '}{cite_label(clause, document.meta, language)} ({said})")
            for text in (clause.text_zh, "" if zh else clause.text_en):
                if text:
                    lines.append(f"  > {text}" if markdown else f"  {text}")
        notes = dict.fromkeys(status_note(d.meta, today, language) for d, _ in cited)
        lines += ["", *(f"_{n}_" if markdown else n for n in notes)]
    return "\n".join(lines).rstrip() + "\n"


def conversation_markdown(turns: list[dict], document_of: Callable[[str], PolicyDocument], today: date,
                          documents: list[PolicyDocument]) -> str:
    """The whole conversation as Markdown: each turn with its citations and validity notes,
    and, at the end, the status today of every loaded document."""
    parts = [f"# 成都政策助手 · Chengdu policy assistant — {today.isoformat()}", ""]
    parts += [turn_text(turn, document_of, today, markdown=True) for turn in turns]
    parts += ["---", "", "**文件状态 Documents today:**", ""]
    parts += [f"- {d.meta.name_zh()} 《{d.meta.title_zh}》: {STATUS_ZH.get(d.meta.status(today))} "
              f"{STATUS_EN.get(d.meta.status(today))}" for d in documents]
    return "\n".join(parts) + "\n"


def segmentation_html(document: PolicyDocument, today: date) -> str:
    """A notice read from an upload, for review before it is indexed: its facts, then each
    clause's label, section and opening words, and how many money rules were read."""
    meta = document.meta
    status = meta.status(today)
    facts = [("文号 Number", meta.doc_number or "—"), ("标题 Title", meta.title_zh or "—"),
             ("发文单位 Issued by", unit_names(meta.issuers, "both") or "—"),
             ("印发日期 Issued", _iso(meta.issued)), ("施行 Effective", _iso(meta.effective)),
             ("失效 Expires", _iso(meta.expires)),
             ("今日状态 Status today", f"{STATUS_ZH.get(status, status)} {STATUS_EN.get(status, status)}"),
             ("版式 Layout", meta.layout or "—"), ("金额规则 Money rules", str(len(document.rules)))]
    head = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts)
    clauses = "".join(
        f'<li data-clause="{c.number}"><b>{esc(c.label)}</b>'
        + (f" <small>{esc(c.section_title_zh)}</small>" if c.section_title_zh else "")
        + f" {esc(_short(c.text_zh, 60))}</li>"
        for c in document.clauses[1:])
    return (f'<div class="segmentation" data-doc="{esc(meta.doc_id)}"><table class="rules-table">{head}</table>'
            f"<p>{len(document.clauses) - 1} 条 clauses:</p><ol class=\"segments\">{clauses}</ol></div>")
