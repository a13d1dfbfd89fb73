"""Reading documents: segmentation by each layout, facts and money rules, clear refusals."""

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.documents.departments import department_en
from assistant.documents.facts import find_validity, parse_date
from assistant.documents.library import build_document, load_corpus, load_document
from assistant.documents.rules import rules_of_clause
from assistant.errors import BadDocumentError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "notices"
GOLDEN = Path(__file__).parent / "golden" / "chengdu-edu-2021-129.segmentation.json"


def _fixture(name: str):
    return build_document((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), name)[0]


def test_the_seed_segmentation_matches_the_golden_file():
    document = load_document(CORPUS / "chengdu-edu-2021-129")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    meta = document.meta
    assert {"doc_id": meta.doc_id, "title_zh": meta.title_zh, "doc_number": meta.doc_number,
            "issuers": list(meta.issuers), "issued": meta.issued.isoformat(),
            "effective": meta.effective.isoformat(), "expires": meta.expires.isoformat(),
            "validity_clause": meta.validity_clause, "layout": meta.layout} == golden["meta"]
    assert [{"number": c.number, "label": c.label, "section": c.section, "section_title_zh": c.section_title_zh,
             "responsible": list(c.responsible), "amounts_yuan": list(c.amounts_yuan), "text_zh": c.text_zh}
            for c in document.clauses] == golden["clauses"]
    assert [json.loads(json.dumps(r.to_dict())) for r in document.rules] == golden["rules"]


def test_the_seed_keeps_thirteen_clauses_under_six_sections_and_expired_after_three_years():
    document = load_document(CORPUS / "chengdu-edu-2021-129")
    assert [c.number for c in document.clauses] == list(range(14))
    assert document.clause(7).label == "（七）" and document.clause(7).amounts_yuan == (3_000_000, 5_000_000)
    assert document.meta.expires == date(2024, 12, 23)
    assert document.meta.status(date(2026, 11, 28)) == "expired"
    assert "bookmark" not in document.clause(0).text_zh


@pytest.mark.parametrize("name, layout, clauses, labels, number, issued, effective, expires", [
    ("postdoc-regs", "articles", 15, ("第一条", "第十五条"), "青人社发〔2025〕12号", date(2025, 3, 10),
     date(2025, 4, 1), date(2028, 4, 1)),
    ("industry-notice", "items", 7, ("一、", "七、"), "成经信〔2024〕33号", date(2024, 6, 18),
     date(2024, 6, 18), date(2029, 6, 18)),
    ("skills-measures", "sections+arabic", 9, ("1.", "3."), "高新人才〔2026〕5号", date(2026, 1, 8),
     date(2026, 2, 1), date(2028, 2, 1)),
])
def test_each_layout_is_segmented_by_its_own_structure_with_its_facts(name, layout, clauses, labels, number, issued,
                                                                     effective, expires):
    document = _fixture(name)
    meta = document.meta
    assert meta.layout == layout
    assert len(document.clauses) - 1 == clauses
    assert (document.clause(1).label, document.clause(clauses).label) == labels
    assert (meta.doc_number, meta.issued, meta.effective, meta.expires) == (number, issued, effective, expires)
    assert meta.issuers and all(len(i) >= 4 for i in meta.issuers)
    assert meta.status(date(2026, 11, 28)) == "in_force"


def test_article_chapters_become_section_titles_and_sub_items_stay_in_their_clause():
    postdoc = _fixture("postdoc-regs")
    assert postdoc.clause(1).section_title_zh == "总则"
    skills = _fixture("skills-measures")
    assert "（1）" in skills.clause(2).text_zh and "（3）" in skills.clause(2).text_zh
    assert skills.clause(4).section == 2 and skills.clause(4).label == "1."


def test_money_rules_of_every_kind_are_read_with_their_limits():
    postdoc = _fixture("postdoc-regs")
    kinds = {(r.clause, r.kind) for r in postdoc.rules}
    assert (6, "per_unit") in kinds and (5, "share") in kinds
    monthly = next(r for r in postdoc.rules if r.clause == 6)
    assert (monthly.amount_yuan, monthly.unit, monthly.period, monthly.max_periods) == (5000, "人", "月", 24)
    share = next(r for r in postdoc.rules if r.kind == "share")
    assert (share.share, share.cap_yuan) == ("0.2", 500_000)
    industry = _fixture("industry-notice")
    one_to_one = next(r for r in industry.rules if r.clause == 1)
    assert (one_to_one.kind, one_to_one.share, one_to_one.cap_yuan) == ("share", "1", 1_000_000)
    assert not any(r.amount_yuan == 20_000_000 for r in industry.rules)  # a purchase threshold is not money paid


@pytest.mark.parametrize("text, expected", [
    ("给予个人最高300万元、团队最高500万的资金资助。", [("cap", 3_000_000, "个人"), ("cap", 5_000_000, "团队")]),
    ("一次性给予每个实验室300万元配套资助。", [("per_unit", 3_000_000, "")]),
    ("给予规定学制学费的50%资助。", [("share", None, "")]),
    ("按实际到位经费的20%给予配套，最高不超过50万元。", [("share", None, "")]),
    ("对采购金额超过2000万元的，给予一次性奖励10万元。", [("fixed", 100_000, "")]),
])
def test_rule_kinds_from_single_sentences(text, expected):
    rules = rules_of_clause(1, text)
    got = [(r.kind, r.amount_yuan, r.beneficiary) for r in rules]
    for (kind, amount, beneficiary), (k, a, b) in zip(expected, got):
        assert (k, a) == (kind, amount)
        if beneficiary:
            assert beneficiary in b
    assert len(got) == len(expected)


@pytest.mark.parametrize("sentence, issued, effective, expires", [
    ("本办法自印发之日起执行，有效期三年。", date(2021, 12, 23), date(2021, 12, 23), date(2024, 12, 23)),
    ("本办法自2025年4月1日起施行，有效期至2028年3月31日。", date(2025, 3, 10), date(2025, 4, 1), date(2028, 4, 1)),
    ("本通知自印发之日起施行。", date(2024, 6, 18), date(2024, 6, 18), None),
    ("本措施自2026年2月1日起施行，有效期两年。", date(2026, 1, 8), date(2026, 2, 1), date(2028, 2, 1)),
])
def test_validity_in_its_usual_forms(sentence, issued, effective, expires):
    validity = find_validity([(5, sentence)], issued)
    assert (validity.effective, validity.expires, validity.clause) == (effective, expires, 5)


def test_dates_in_chinese_numerals_and_department_names_in_english():
    assert parse_date("二〇二五年三月十日") == date(2025, 3, 10)
    assert department_en("市科技局") == "Municipal Science and Technology Bureau"
    assert department_en("成都市财政局") == "Chengdu Municipal Finance Bureau"
    assert department_en("某某协会") == "某某协会"  # unknown names stay in Chinese


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("只有一段话，没有任何条款。", "no numbered clauses"),
    ("通知\n一、总则\n（一）第一条。\n（三）跳过了第二条。", "line 4"),
    ("通知\n第一条 总则。\n第三条 跳过了第二条。", "line 3"),
])
def test_a_document_that_cannot_be_segmented_names_the_problem(text, message):
    with pytest.raises(BadDocumentError, match=message):
        build_document(text, "broken", source_name="broken.txt")


def test_binary_garbage_as_a_document_is_a_clear_error(tmp_path):
    folder = tmp_path / "corpus" / "garbage"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(b"\xff\xfe\x00garbage\x80\x81\x00\xfe")
    with pytest.raises(BadDocumentError, match="source.txt"):
        load_corpus(tmp_path / "corpus")


def _written_facts(tmp_path):
    """A document folder holding a fictional notice, its facts.json as `add` writes it, and that JSON."""
    import shutil

    from assistant.documents.library import write_facts

    folder = tmp_path / "doc"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "industry-notice.txt", folder / "source.txt")
    facts_path = write_facts(folder)
    return folder, facts_path, json.loads(facts_path.read_text(encoding="utf-8"))


def test_a_reviewed_facts_file_wins_while_its_source_is_unchanged(tmp_path):
    folder, facts_path, facts = _written_facts(tmp_path)
    facts["responsible"]["5"] = ["市经信局"]  # the maintainer adds what the text leaves implicit
    facts["reviewed"] = True
    facts_path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    assert load_document(folder).clause(5).responsible == ("市经信局",)
    (folder / "source.txt").write_text((FIXTURES / "industry-notice.txt").read_text(encoding="utf-8") + "\n附件：无",
                                       encoding="utf-8")
    assert load_document(folder).clause(5).responsible == ()  # the source changed: read again


@pytest.mark.parametrize("text, max_periods", [
    ("每人每月给予生活补贴3000元，最长24个月。", 24),
    ("对引进的博士，每人每月给予生活补贴3000元，最长补贴24个月。", 24),  # a verb between 最长 and the number
    ("每人每年2万元，最长可享受三年。", 3),
    ("每人每月3000元，最长期限为两年。", 24),  # years of a monthly amount, in months
    ("每人每月3000元。", None),
])
def test_the_longest_period_of_a_per_unit_amount(text, max_periods):
    (rule,) = rules_of_clause(1, text)
    assert (rule.kind, rule.max_periods) == ("per_unit", max_periods)


def test_an_unreviewed_facts_file_from_an_earlier_reader_is_read_again(tmp_path):
    folder, facts_path, facts = _written_facts(tmp_path)
    read = [r["amount_yuan"] or r["cap_yuan"] for r in facts["rules"]]
    for rule in facts["rules"]:  # what an older, weaker reader might have written
        rule["amount_yuan"], rule["cap_yuan"] = 1, 1
    facts["reader"] = 1
    facts_path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    assert [r.amount_yuan or r.cap_yuan for r in load_document(folder).rules] == read  # read again
    facts["reviewed"] = True  # a maintainer's corrections are kept whatever reader wrote them
    facts_path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    assert {r.amount_yuan or r.cap_yuan for r in load_document(folder).rules} == {1}


@pytest.mark.parametrize("name, english", [
    ("成都市云溪区科学技术局", "Yunxi District Science and Technology Bureau"),  # a place in pinyin, not dropped
    ("锦江区人社局", "Jinjiang District Human Resources and Social Security Bureau"),
    ("各街道办事处", "each Sub-district Office"),
    ("成都高新区管委会", "Chengdu Hi-tech Zone Administrative Committee"),
    ("天府新区财政金融局", "Tianfu New Area Finance Bureau"),
    ("某某协会", "某某协会"),  # a body the glossary does not know stays in Chinese
])
def test_department_names_in_english_keep_their_place(name, english):
    assert department_en(name) == english


@pytest.mark.parametrize("text, units", [
    ("对入选企业给予奖励。（责任单位：市经信局、市财政局）", ("市经信局", "市财政局")),
    ("本规定由成都市经济和信息化局负责解释。", ("成都市经济和信息化局",)),  # 和 inside one name
    ("生活补贴由市人社局负责受理审核，按季度发放。", ("市人社局",)),
    ("本条补贴由市交通运输局会同市财政局负责审核兑付。", ("市交通运输局", "市财政局")),
    ("市经信局会同市发改委、市交通运输局建立全市重点企业库，实行动态管理。", ("市经信局", "市发改委", "市交通运输局")),
    ("经市人才工作领导小组办公室会同市人社局组织评审认定后给予资助。", ("市人才工作领导小组办公室", "市人社局")),
    ("由市教育局和市财政局共同负责。", ("市教育局", "市财政局")),  # 和 between two names
    ("由区社会事业局会同相关部门落实。", ("区社会事业局",)),  # 相关部门 names no body
    ("对企业给予奖励。", ()),
    # a unit's own brackets inside the label's, and a second label for those who assist
    ("给予补贴。（牵头单位：市委组织部（市人才办）；配合单位：市人社局）", ("市委组织部（市人才办）", "市人社局")),
])
def test_responsible_units_named_in_the_text(text, units):
    from assistant.documents.facts import find_responsible

    assert find_responsible(text) == units
