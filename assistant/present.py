"""HTML for the web UI, built from core objects. Everything from users or documents is
escaped here, so no text can become markup."""

from __future__ import annotations

import html

import cn2an
from datetime import date

from .amounts import format_en, format_zh
from .calculators import CapRow
from .compose import split_sentences_en, split_sentences_zh
from .models import Citation, PolicyDocument


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _highlighted(sentences: list[str], answer_text: str, joiner: str) -> str:
    parts = []
    for sentence in sentences:
        core = sentence.rstrip("。；.;")
        if core and core in answer_text:
            parts.append(f"<mark>{esc(sentence)}</mark>")
        else:
            parts.append(esc(sentence))
    return joiner.join(parts)


def citations_html(citations: list[Citation], answer_text: str, document: PolicyDocument, language: str) -> str:
    """Each cited clause: label, section title, zh and en side by side with the sentences the
    answer quotes highlighted, responsible units and amounts."""
    if not citations:
        return ('<div class="cite-empty">' + ("没有引用条款：政策未涉及这个问题。" if language == "zh" else
                "No clause cited: the policy does not cover this question.") + "</div>")
    blocks = []
    for rank, citation in enumerate(citations):
        clause = document.clause(citation.clause)
        amounts_zh = "、".join(format_zh(y) for y in clause.amounts_yuan) or "—"
        amounts_en = ", ".join(format_en(y) for y in clause.amounts_yuan) or "—"
        units = "、".join(clause.responsible) or ("未列出" if language == "zh" else "none listed")
        title = (f"{esc(clause.label)} {esc(clause.section_title_zh)}" if language == "zh"
                 else f"{esc(clause.label_en())} {esc(clause.label)} — {esc(clause.section_title_en)}")
        role = ("答案依据" if language == "zh" else "answer rests on") if rank == 0 else \
            ("相关条款" if language == "zh" else "related")
        blocks.append(
            f'<details class="citation" data-clause="{clause.number}"{" open" if rank == 0 else ""}>'
            f"<summary><b>{title}</b> <small>({esc(role)}, {esc(citation.doc)})</small></summary>"
            '<div class="cite-cols">'
            f'<div class="cite-zh" lang="zh">{_highlighted(split_sentences_zh(clause.text_zh), answer_text, "")}</div>'
            f'<div class="cite-en" lang="en">{_highlighted(split_sentences_en(clause.text_en), answer_text, " ")}</div>'
            "</div>"
            f'<div class="cite-meta">{"责任单位" if language == "zh" else "Responsible units"}: {esc(units)} · '
            f'{"金额" if language == "zh" else "Amounts"}: {esc(amounts_zh if language == "zh" else amounts_en)}</div>'
            "</details>"
        )
    return "\n".join(blocks)


def status_banner(document: PolicyDocument, today: date) -> str:
    meta = document.meta
    expires = meta.expires
    if expires is None:
        return f'<div class="status">{esc(meta.doc_number)}：文件未写明有效期 / no validity period stated</div>'
    last = date.fromordinal(expires.toordinal() - 1)
    if today >= expires:
        return (f'<div class="status expired" role="alert">⚠ {esc(meta.doc_number)} 于 {meta.issued.isoformat()} 印发，'
                f"有效期{cn2an.an2cn(meta.validity_years)}年，已于 {expires.isoformat()} 失效，今天（{today.isoformat()}）不再执行。"
                f" / Issued {meta.issued.isoformat()}, valid {meta.validity_years} years: expired on {expires.isoformat()}; "
                f"not in force today ({today.isoformat()}).</div>")
    return (f'<div class="status in-force">{esc(meta.doc_number)} 有效期至 {last.isoformat()} / '
            f"in force until {last.isoformat()}</div>")


def policy_html(document: PolicyDocument, query: str = "") -> str:
    """The whole policy, clause by clause, zh and en side by side; filtered by a search text."""
    needle = query.strip().lower()
    rows = []
    for clause in document.clauses:
        if needle and needle not in clause.text_zh.lower() and needle not in clause.text_en.lower():
            continue
        rows.append(
            f'<div class="policy-clause" data-clause="{clause.number}"><h4>{esc(clause.label)} '
            f"{esc(clause.section_title_zh)} / {esc(clause.section_title_en)}</h4>"
            f'<div class="cite-cols"><div lang="zh">{esc(clause.text_zh)}</div>'
            f'<div lang="en">{esc(clause.text_en)}</div></div></div>'
        )
    if not rows:
        return f"<p>没有条款包含“{esc(query)}” / No clause contains “{esc(query)}”.</p>"
    return "\n".join(rows)


def caps_rows(rows: list[CapRow], language: str) -> list[list[str]]:
    zh = language == "zh"
    fmt = format_zh if zh else format_en
    return [[row.label, row.beneficiary_zh if zh else row.beneficiary_en, row.funded_zh if zh else row.funded_en,
             fmt(row.cap_yuan) if row.cap_yuan else "—", row.unit_zh if zh else row.unit_en,
             "、".join(row.responsible)] for row in rows]
