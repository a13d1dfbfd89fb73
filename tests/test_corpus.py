import json
import re
from pathlib import Path

import pytest

from assistant.amounts import format_en
from assistant.corpus import load_corpus, load_document, segment
from assistant.errors import BadDocumentError

from .conftest import CORPUS

GOLDEN = Path(__file__).parent / "golden" / "chengdu-edu-2021-129.segmentation.json"
SOURCE = CORPUS / "chengdu-edu-2021-129" / "source.txt"
ENGLISH = json.loads((CORPUS / "chengdu-edu-2021-129" / "en.json").read_text(encoding="utf-8"))


def test_segmentation_matches_the_golden_file():
    document = load_document(CORPUS / "chengdu-edu-2021-129")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    meta = document.meta
    assert {
        "doc_id": meta.doc_id, "title_zh": meta.title_zh, "doc_number": meta.doc_number,
        "issuers": list(meta.issuers), "issued": meta.issued.isoformat(),
        "validity_years": meta.validity_years, "expires": meta.expires.isoformat(),
        "validity_clause": meta.validity_clause,
    } == golden["meta"]
    got = [{"number": c.number, "label": c.label, "section": c.section, "section_title_zh": c.section_title_zh,
            "responsible": list(c.responsible), "amounts_yuan": list(c.amounts_yuan), "text_zh": c.text_zh}
           for c in document.clauses]
    assert got == golden["clauses"]


def test_fourteen_clauses_under_six_sections_and_the_docx_artefact_is_gone():
    document = load_document(CORPUS / "chengdu-edu-2021-129")
    assert [c.number for c in document.clauses] == list(range(14))
    assert sorted({c.section for c in document.clauses if c.number}) == [1, 2, 3, 4, 5, 6]
    assert "bookmark" not in document.clause(0).text_zh
    assert document.clause(7).amounts_yuan == (3_000_000, 5_000_000)  # "团队最高500万" has no 元
    assert document.clause(6).responsible == ("市科技局", "市人社局")


@pytest.mark.parametrize("number", range(14))
def test_every_clause_has_english_text_with_every_amount_converted(number):
    clause = load_document(CORPUS / "chengdu-edu-2021-129").clause(number)
    assert clause.text_en.strip()
    for yuan in clause.amounts_yuan:
        assert format_en(yuan) in clause.text_en, (yuan, clause.text_en)
    # and no English amount that the Chinese does not state
    stated = {format_en(y) for y in clause.amounts_yuan}
    for amount in re.findall(r"CNY [\d.,]+(?: million)?", clause.text_en):
        assert amount in stated


def _broken(text: str) -> str:
    return segment(text, "broken", ENGLISH, source_name="broken.txt")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("只有一段话，没有任何条款。", "no section heading"),
        ("通知\n2021年12月23日\n一、总则\n（一）第一条。\n（三）跳过了第二条。", "line 5: expected clause number 2"),
        ("通知\n2021年12月23日\n一、总则\n（一）第一条。\n三、跳节", "line 5: expected section 2"),
        ("通知\n2021年12月23日\n（一）没有节标题的条款。", "line 3"),
        ("通知\n一、总则\n（一）第一条。", "no issue date"),
    ],
)
def test_a_document_that_cannot_be_segmented_names_the_problem(text, message):
    with pytest.raises(BadDocumentError, match=message):
        segment(text, "broken", {"clauses": {str(i): "x" for i in range(5)}}, source_name="broken.txt")


def test_a_clause_without_english_text_is_refused_with_the_fix():
    text = SOURCE.read_text(encoding="utf-8")
    english = {**ENGLISH, "clauses": {k: v for k, v in ENGLISH["clauses"].items() if k != "9"}}
    with pytest.raises(BadDocumentError, match=r"clause 9 （九） has no English text; add it to en.json"):
        segment(text, "x", english)


def test_binary_garbage_as_a_document_is_a_clear_error(tmp_path):
    folder = tmp_path / "corpus" / "garbage"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(b"\xff\xfe\x00garbage\x80\x81")
    with pytest.raises(BadDocumentError, match="not UTF-8"):
        load_corpus(tmp_path / "corpus")
