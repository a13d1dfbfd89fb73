"""The Q&A set is well-formed, the judge is right, and accuracy does not regress."""

import json

import pytest

from assistant.edges.evaluate import Verdict, check_gate, judge, load_items, run, summarise

from tests.conftest import ROOT, SEED

QA = ROOT / "evals" / "qa.jsonl"
THRESHOLDS = json.loads((ROOT / "evals" / "thresholds.json").read_text(encoding="utf-8"))
TAGS = {"lookup", "paraphrase", "calculation", "responsible-unit", "validity", "out-of-scope", "follow-up",
        "mixed-language", "traditional", "adversarial", "near", "far"}


def test_the_set_is_large_and_well_formed(document):
    items = load_items(QA)
    assert len(items) >= 200
    assert len({item["id"] for item in items}) == len(items)
    clause_numbers = {c.number for c in document.clauses}
    for item in items:
        expect = item["expect"]
        assert item["lang"] in ("zh", "en") and set(item["tags"]) <= TAGS, item["id"]
        assert item["split"] in ("tests", "holdout")
        assert set(expect["clauses"]) <= clause_numbers, item["id"]
        assert expect["refusal"] == (not expect["clauses"]), item["id"]
        amount = expect.get("amount_yuan")
        if amount is not None and "calculation" not in item["tags"]:
            stated = {y for n in expect["clauses"] for y in document.clause(n).amounts_yuan}
            assert amount in stated, (item["id"], amount)


def test_coverage_of_the_set():
    items = load_items(QA)
    for clause in range(14):
        for lang in ("zh", "en"):
            assert any(clause in i["expect"]["clauses"] and i["lang"] == lang for i in items), (clause, lang)
    tags = {tag for item in items for tag in item["tags"]}
    assert TAGS <= tags
    holdout = sum(item["split"] == "holdout" for item in items)
    assert abs(holdout / len(items) - 1 / 3) < 0.05


def _answer(**overrides):
    answer = {"language": "zh", "answer": "按第（六）条计算，结果为2100万元。", "refused": False,
              "citations": [{"doc": SEED, "clause": 6}], "calculation": None}
    return {**answer, **overrides}


@pytest.mark.parametrize(
    "expect, answer, passed",
    [
        ({"clauses": [6], "amount_yuan": 21_000_000, "refusal": False}, _answer(), True),
        ({"clauses": [6], "amount_yuan": 9_000_000, "refusal": False}, _answer(), False),
        ({"clauses": [6], "amount_yuan": 9_000_000, "refusal": False},
         _answer(calculation={"result_yuan": 9_000_000}), True),
        ({"clauses": [7], "amount_yuan": None, "refusal": False}, _answer(), False),
        ({"clauses": [], "amount_yuan": None, "refusal": True}, _answer(), False),
        ({"clauses": [], "amount_yuan": None, "refusal": True}, _answer(refused=True, citations=[]), True),
        ({"clauses": [6], "amount_yuan": None, "refusal": False, "contains": ["市科技局"]}, _answer(), False),
        ({"clauses": [6], "amount_yuan": None, "refusal": False}, _answer(language="en"), False),
        ({"clauses": [6], "amount_yuan": 21_000_000, "refusal": False},
         _answer(answer="the result is CNY 21 million"), True),
        # a wrong computed amount fails even when the expected one stands in the quoted clause
        ({"clauses": [6], "amount_yuan": 500_000, "refusal": False},
         _answer(answer="结果为100万元。原文：…省级的给予50万元…", calculation={"result_yuan": 1_000_000}), False),
    ],
)
def test_judge(expect, answer, passed):
    assert judge({"lang": "zh", "expect": expect}, answer).passed is passed


@pytest.mark.parametrize(
    "citations, passed, rank",
    [
        ([{"doc": SEED, "clause": 6}], True, 1),
        ([{"doc": "postdoc-regs", "clause": 6}], False, None),  # right clause number, wrong document
        ([{"doc": "postdoc-regs", "clause": 6}, {"doc": SEED, "clause": 6}], False, 2),
        ([{"doc": SEED, "clause": 7}], False, None),
    ],
)
def test_judge_compares_document_and_clause(citations, passed, rank):
    item = {"lang": "zh", "expect": {"doc": SEED, "clauses": [6], "amount_yuan": 21_000_000, "refusal": False}}
    verdict = judge(item, _answer(citations=citations))
    assert (verdict.passed, verdict.rank) == (passed, rank)
    if not passed:
        assert "first citation" in verdict.why


def test_a_list_answer_passes_when_it_lists_the_expected_document_and_clause():
    item = {"lang": "zh", "expect": {"doc": SEED, "clauses": [13], "refusal": False, "contains": ["失效"]}}
    listed = _answer(kind="list", answer="- 甲（现行有效）\n- 成教函（已失效）",
                     citations=[{"doc": "industry", "clause": 7}, {"doc": SEED, "clause": 13}])
    assert judge(item, listed).passed
    assert not judge(item, {**listed, "kind": "clause"}).passed  # a single answer must cite it first
    assert not judge(item, {**listed, "citations": [{"doc": "industry", "clause": 7}]}).passed


def test_gate_names_the_metric_that_fell():
    rows = [{"item": {"lang": "zh", "tags": ["lookup"], "expect": {"clauses": [6], "refusal": False}},
             "answer": _answer(timings_ms={"total": 1.0}), "verdict": Verdict(False, "x", 2)}]
    assert check_gate(summarise("x", rows), {"pass_rate": 0.5}) == ["pass_rate 0.000 < threshold 0.500"]


def test_accuracy_on_the_full_set_stays_above_the_thresholds(assistant):
    summary = summarise("hybrid", run(assistant, load_items(QA)))
    assert check_gate(summary, THRESHOLDS) == [], summary
