"""The corpus folder: one folder per document, added, listed and removed as files.

    corpus/<doc-id>/source.<txt|docx|pdf|html>   the notice as received
    corpus/<doc-id>/facts.json                   facts and money rules read from it (reviewable)
    corpus/<doc-id>/en.json                      optional English text of its clauses (stating
                                                 the same figures as the Chinese: checked at load)

`facts.json` is written when a document is added or indexed. A maintainer may correct it
and set "reviewed": true; as long as the source is unchanged (same hash) the file wins
over what is read from the text. An unreviewed file wins only while it was written by the
current reader (`READER`): when the readers improve, it is read again. A file dropped
straight into corpus/ is moved into a folder of its own by `adopt_loose_files` (run by `index`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from assistant.documents import facts as read
from assistant.documents.departments import department_en
from assistant.documents.figures import compare
from assistant.documents.loaders import SUPPORTED, read_document
from assistant.documents.rules import rules_of_clause
from assistant.documents.segment import segment
from assistant.errors import BadDocumentError
from assistant.models import PREAMBLE_LABEL, Clause, DocumentMeta, MoneyRule, PolicyDocument
from assistant.money import find_money_zh

SOURCE_STEM = "source"
ENGLISH_NAME = "en.json"
FACTS_NAME = "facts.json"
_ID = re.compile(r"^[\w\-.]{1,80}$")


class RuleData(BaseModel):
    clause: int
    kind: str = Field(pattern="^(fixed|cap|per_unit|share|limit|step)$")
    amount_yuan: int | Decimal | None = None  # an amount with fen is written as text: "0.3"
    share: str | None = None
    cap_yuan: int | Decimal | None = None
    unit: str = ""
    period: str = ""
    max_periods: int | None = None
    max_units: int | None = None
    cap_unit: str = ""
    cap_period: str = ""
    schedule: list[str] = []
    times: str = ""
    of_yuan: int | Decimal | None = None
    base: str = ""
    beneficiary: str = ""
    funds: str = ""
    text: str = ""
    caveats: list[str] = []
    caveats_en: list[str] = []


# Raise when the readers of facts and money rules read more or differently: an unreviewed facts.json
# written by an earlier reader is then read again from the source (a reviewed one is kept).
READER = 38


class FactsFile(BaseModel):
    """Schema of facts.json; dates are ISO strings."""

    source_sha256: str
    reviewed: bool = False
    reader: int = 0  # the READER that wrote it: an unreviewed file from an older reader is read again
    layout: str
    doc_number: str
    title: str
    issuers: list[str]
    issued: date | None
    effective: date | None
    expires: date | None  # the first day no longer in force
    validity_text: str = ""
    validity_clause: int | None = None
    clauses: int
    responsible: dict[str, list[str]] = {}
    rules: list[RuleData] = []


def source_file(folder: Path) -> Path:
    found = [p for p in sorted(folder.iterdir()) if p.stem == SOURCE_STEM and p.suffix.lower() in SUPPORTED]
    if not found:
        raise BadDocumentError(f"{folder}: no source file (source.txt, .docx, .pdf or .html); add the notice there.")
    return found[0]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadDocumentError(f"{path}: cannot read it as JSON ({error}); fix or delete the file.") from None


def check_english(doc_id: str, clauses, english_source: str = ENGLISH_NAME) -> None:
    """Each clause's English states the figures its Chinese states, and no others (see `figures`):
    otherwise the English answer would say one amount while the calculation uses another."""
    for clause in clauses:
        if not clause.text_en:
            continue
        mismatches = compare(clause.text_zh, clause.text_en)
        if mismatches:
            raise BadDocumentError(
                f"{doc_id} clause {clause.number} {clause.label}: {'; '.join(m.describe() for m in mismatches)}; "
                f"correct clause \"{clause.number}\" in {english_source}, or delete that file and run "
                f"'python -m assistant translate {doc_id}'.")


def build_document(text: str, doc_id: str, english: dict | None = None, source_name: str = "source.txt",
                   english_source: str = ENGLISH_NAME) -> tuple[PolicyDocument, FactsFile]:
    """Segment a notice, read its facts and money rules. Pure: text in, document out. An English
    text whose figures differ from the Chinese is refused (`check_english`)."""
    english = english or {}
    seg = segment(text, source_name)
    header = seg.preamble + seg.closing
    doc_number = read.find_doc_number(seg.preamble + seg.closing + [c.text for c in seg.clauses[:1]])
    title = read.find_title(seg.preamble, doc_number)
    issued, date_index, where = read.find_issue_date(seg.preamble, seg.closing)
    issuers = read.find_issuers(seg.closing if where == "closing" else seg.preamble, date_index,
                                seg.preamble[0] if seg.preamble else "")
    texts = [(0, "\n".join(header))] + [(c.number, c.text) for c in seg.clauses]
    validity = read.find_validity(texts, issued)
    en_clauses, en_sections = english.get("clauses", {}), english.get("sections", {})

    def make(number: int, label: str, section: int, section_title: str, text_zh: str) -> Clause:
        return Clause(doc_id=doc_id, number=number, label=label, section=section,
                      section_title_zh=section_title, section_title_en=en_sections.get(str(section), ""),
                      text_zh=text_zh, text_en=en_clauses.get(str(number), ""),
                      responsible=read.find_responsible(text_zh) if number else (),
                      amounts_yuan=tuple(m.yuan for m in find_money_zh(text_zh)) if number else ())

    clauses = [make(0, PREAMBLE_LABEL, 0, "", "\n".join(header))]
    clauses += [make(c.number, c.label, c.section, c.section_title, c.text) for c in seg.clauses]
    check_english(doc_id, clauses, english_source)
    rules = [rule for clause in clauses[1:] for rule in rules_of_clause(clause.number, clause.text_zh)]
    meta = DocumentMeta(
        doc_id=doc_id, title_zh=title, title_en=english.get("title", ""), doc_number=doc_number,
        doc_number_en=english.get("doc_number", ""), issuers=tuple(issuers),
        issuers_en=tuple(english.get("issuers") or [department_en(i) for i in issuers]),
        issued=issued, effective=validity.effective, expires=validity.expires,
        validity_text=validity.text, validity_clause=validity.clause, layout=seg.layout.name, source=source_name)
    facts = FactsFile(
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), reader=READER, layout=seg.layout.name,
        doc_number=doc_number, title=title, issuers=issuers, issued=issued, effective=validity.effective,
        expires=validity.expires, validity_text=validity.text, validity_clause=validity.clause,
        clauses=len(clauses) - 1,
        responsible={str(c.number): list(c.responsible) for c in clauses if c.responsible},
        rules=[RuleData(**{**r.to_dict(), "caveats": list(r.caveats), "caveats_en": list(r.caveats_en),
                           "schedule": list(r.schedule)})
               for r in rules])
    return PolicyDocument(meta, tuple(clauses), tuple(rules)), facts


def apply_facts(document: PolicyDocument, facts: FactsFile) -> PolicyDocument:
    """A reviewed facts file wins over what was read from the text."""
    meta = document.meta
    meta = DocumentMeta(**{**meta.__dict__, "doc_number": facts.doc_number, "title_zh": facts.title,
                           "issuers": tuple(facts.issuers), "issued": facts.issued, "effective": facts.effective,
                           "expires": facts.expires, "validity_text": facts.validity_text,
                           "validity_clause": facts.validity_clause})
    clauses = tuple(Clause(**{**c.__dict__, "responsible": tuple(facts.responsible.get(str(c.number), ()))})
                    for c in document.clauses)
    rules = tuple(MoneyRule(**{**r.model_dump(), "caveats": tuple(r.caveats), "caveats_en": tuple(r.caveats_en),
                               "schedule": tuple(r.schedule)})
                  for r in facts.rules)
    return PolicyDocument(meta, clauses, rules)


def load_document(folder: Path, write: bool = False, english: bool = True) -> PolicyDocument:
    """Read a document folder. With `write`, facts.json is written when it is missing, broken or
    was made from another version of the source (a current one is kept, reviewed or not).
    `english=False` leaves en.json aside (to translate the Chinese again)."""
    folder = Path(folder)
    source = source_file(folder)
    text = read_document(source)
    english_path = folder / ENGLISH_NAME
    english_text = _read_json(english_path) if english and english_path.is_file() else {}
    document, auto = build_document(text, folder.name, english_text, source_name=str(source),
                                    english_source=str(english_path))
    facts_path = folder / FACTS_NAME
    facts = None
    if facts_path.is_file():
        try:
            facts = FactsFile.model_validate(_read_json(facts_path))
        except (ValidationError, BadDocumentError) as error:
            if not write:
                detail = (f"{error.errors()[0]['loc']} {error.errors()[0]['msg']}" if isinstance(error, ValidationError)
                          else str(error))
                raise BadDocumentError(f"{facts_path}: {detail}; fix it or delete the file to read the facts "
                                       f"again.") from None
    if facts is not None and facts.source_sha256 == auto.source_sha256 and (facts.reviewed or facts.reader == READER):
        return apply_facts(document, facts)  # current: reviewed by a maintainer, or written by this reader
    if write:
        try:
            facts_path.write_text(auto.model_dump_json(indent=2) + "\n", encoding="utf-8")
        except OSError:
            pass  # a read-only corpus is still readable
    return document


def write_facts(folder: Path) -> Path:
    """Write facts.json when it is missing or its source changed (kept when current)."""
    load_document(folder, write=True)
    return Path(folder) / FACTS_NAME


def document_hash(folder: Path) -> str:
    """What the index keys a document's entries on: its source, English text and facts."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def document_folders(corpus_dir: Path) -> list[Path]:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    return sorted(p for p in corpus_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_corpus(corpus_dir: Path, write_facts: bool = False) -> list[PolicyDocument]:
    folders = document_folders(corpus_dir)
    if not folders:
        raise BadDocumentError(
            f"{corpus_dir}: no documents; add one with 'python -m assistant add FILE' or set ASSISTANT_CORPUS_DIR."
        )
    return [load_document(folder, write=write_facts) for folder in folders]


def check_id(doc_id: str) -> str:
    if not _ID.match(doc_id):
        raise BadDocumentError(f"{doc_id!r} is not a usable id: use letters, digits, '-', '_' or '.' (--id).")
    return doc_id


def add_file(corpus_dir: Path, path: Path, doc_id: str | None = None, replace: bool = False) -> Path:
    """Copy a notice into the corpus after it has been read, segmented and its facts written;
    a file that cannot be read changes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BadDocumentError(f"{path}: no such file.")
    if path.suffix.lower() not in SUPPORTED:
        raise BadDocumentError(f"{path}: unsupported type {path.suffix!r}; use one of {', '.join(SUPPORTED)}.")
    doc_id = check_id(doc_id or path.stem)
    target = Path(corpus_dir) / doc_id
    if target.exists() and not replace:
        raise BadDocumentError(f"a document {doc_id!r} is already in {corpus_dir}; pass another --id, or "
                               f"'remove {doc_id}' first.")
    english = path.with_name(path.stem + ".en.json")
    build_document(read_document(path), doc_id, _read_json(english) if english.is_file() else None,
                   source_name=str(path), english_source=str(english))  # refuses before anything changes
    Path(corpus_dir).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".adding-{doc_id}-", dir=corpus_dir))
    try:
        shutil.copyfile(path, staging / f"{SOURCE_STEM}{path.suffix.lower()}")
        if english.is_file():
            shutil.copyfile(english, staging / ENGLISH_NAME)
        write_facts(staging)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def remove_document(corpus_dir: Path, doc_id: str) -> None:
    target = Path(corpus_dir) / check_id(doc_id)
    if not target.is_dir():
        known = ", ".join(p.name for p in document_folders(corpus_dir)) or "none"
        raise BadDocumentError(f"no document {doc_id!r} in {corpus_dir} (documents: {known}).")
    shutil.rmtree(target)


def adopt_loose_files(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """Files dropped straight into corpus/ become documents; (adopted ids, problems)."""
    adopted, problems = [], []
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return adopted, problems
    for path in sorted(corpus_dir.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED or path.name.endswith(".en.json"):
            continue
        try:
            add_file(corpus_dir, path)
            path.unlink()
            adopted.append(path.stem)
        except BadDocumentError as error:
            problems.append(str(error))
    return adopted, problems
