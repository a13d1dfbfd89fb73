"""Asking one notice or all of them: the chat's document filter, through `Assistant.ask(doc=…)`,
with two notices loaded (the seed and a made-up district notice)."""

import json
import os
import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import InvalidQuestionError
from tests.conftest import CORPUS, SEED, TODAY, copy_index

SKILLS = "skills-measures"
FIXTURES = Path(__file__).parent / "fixtures" / "notices"


@pytest.fixture(scope="module")
def two_notices(tmp_path_factory, built_index) -> Assistant:
    """The seed notice and the skills measures; the index starts from the session's, so only the
    second notice is embedded."""
    folder = tmp_path_factory.mktemp("filter")
    corpus = folder / "corpus"
    shutil.copytree(CORPUS / SEED, corpus / SEED, ignore=shutil.ignore_patterns(".*"))
    (corpus / SKILLS).mkdir()
    shutil.copyfile(FIXTURES / "skills-measures.txt", corpus / SKILLS / "source.txt")
    index = copy_index(built_index, folder / "index")
    return Assistant.create(Settings(corpus_dir=corpus, index_dir=index), today=TODAY)


def _cited(answer) -> set[str]:
    return {citation.doc for citation in answer.citations}


QUESTIONS = ["负责解释的是哪个部门？", "政策还有效吗？"]  # each notice answers both


@pytest.mark.parametrize("question", QUESTIONS)
def test_without_a_filter_both_notices_answer(two_notices, question):
    answer = two_notices.ask(question)
    assert _cited(answer) == {SEED, SKILLS}, answer.answer


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("doc, number, other", [(SEED, "成教函〔2021〕129号", "高新人才〔2026〕5号"),
                                                (SKILLS, "高新人才〔2026〕5号", "成教函〔2021〕129号")])
def test_the_filter_answers_from_the_chosen_notice_only(two_notices, question, doc, number, other):
    answer = two_notices.ask(question, doc=doc)
    assert _cited(answer) == {doc}, answer.answer
    assert number in answer.answer and other not in answer.answer


def test_a_topic_of_one_notice_asked_of_the_other_never_cites_the_first(two_notices):
    unfiltered = two_notices.ask("技能大师工作室有多少资助？")
    assert unfiltered.citations[0].doc == SKILLS, unfiltered.answer
    filtered = two_notices.ask("技能大师工作室有多少资助？", doc=SEED)
    assert SKILLS not in _cited(filtered), filtered.answer


def test_a_follow_up_asked_of_another_notice_leaves_the_previous_topic(two_notices):
    first = two_notices.ask("蓉漂计划对团队最高资助多少？")
    assert first.citations[0].doc == SEED
    follow = two_notices.ask("负责单位呢？", state=first.state, doc=SKILLS)
    assert _cited(follow) <= {SKILLS}, follow.answer


def test_the_stream_takes_the_filter_too(two_notices):
    *_, answer = two_notices.stream("政策还有效吗？", doc=SKILLS)
    assert _cited(answer) == {SKILLS}


def test_an_unknown_document_is_a_clear_error_naming_the_loaded_ones(two_notices):
    with pytest.raises(InvalidQuestionError, match=rf"no document 'nope'.*{SEED}, {SKILLS}"):
        two_notices.ask("政策还有效吗？", doc="nope")


def test_the_command_line_asks_one_notice_with_doc(two_notices):
    from tests.test_cli import _run

    environment = {**os.environ, "ASSISTANT_CORPUS_DIR": str(two_notices.settings.corpus_dir),
                   "ASSISTANT_INDEX_DIR": str(two_notices.settings.index_dir)}
    environment.pop("ASSISTANT_LLM_BASE_URL", None)
    for doc in (SEED, SKILLS):
        result = _run(["ask", "--json", "--today", "2026-11-28", "--doc", doc, "负责解释的是哪个部门？"], environment)
        assert result.returncode == 0, result.stderr
        assert {c["doc"] for c in json.loads(result.stdout)["citations"]} == {doc}
    result = _run(["ask", "--doc", "nope", "负责解释的是哪个部门？"], environment)
    err = result.stderr.decode()
    assert result.returncode == 2 and "no document 'nope'" in err and SKILLS in err and "Traceback" not in err


def test_a_running_server_answers_about_a_notice_another_process_added(tmp_path, built_index):
    """Issue 11: the chat saw the library it started with until a restart. Here `add` runs as
    another process would (a second Assistant.create on the same folders); the server's next
    question loads the new library."""
    from assistant.documents.library import add_file
    from assistant.edges.ui import LiveAssistant

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "chengdu-edu-2021-129", corpus / "chengdu-edu-2021-129")
    settings = Settings(corpus_dir=corpus, index_dir=copy_index(built_index, tmp_path / "index"))
    live = LiveAssistant(Assistant.create(settings, today=TODAY))
    assert not live.refresh()  # nothing changed: no reload
    add_file(corpus, Path(__file__).parent / "fixtures" / "notices" / "skills-measures.txt")
    Assistant.create(settings, today=TODAY)  # what `python -m assistant add` does in its own process
    assert live.refresh()
    answer = live.ask("技能大师工作室有多少资助？")
    assert answer.citations and answer.citations[0].doc == "skills-measures"
    assert not live.refresh()


def _two_small_notices():
    from assistant.documents.library import build_document

    drones = build_document("青岚区关于促进低空产业发展的若干措施\n青经发〔2026〕2号\n为加快发展低空产业，制定以下措施。\n"
                            "一、支持无人机整机制造企业扩大产能，建设无人机起降场。\n"
                            "二、对企业承担的研发项目，给予最高100万元补助。\n"
                            "三、本措施自2026年1月1日起施行。\n", "drones")[0]
    schools = build_document("青岚区关于支持高校科研的若干措施\n青教发〔2026〕4号\n为加快发展，制定以下措施。\n"
                             "一、对企业承担的研发项目给予补助。\n"
                             "二、支持高校建设实验室。\n三、本措施自2026年1月1日起施行。\n", "schools")[0]
    return drones, schools


def test_a_notice_that_uses_the_questions_other_words_ranks_its_clause_first(monkeypatch):
    """Two notices word their R&D clause alike (the second one shorter, so BM25 alone prefers
    it); the question also says 无人机, which only the first notice uses, in another clause.
    The whole-notice score tips the balance to the first notice's clause."""
    from assistant.search import retrieval
    from assistant.search.retrieval import HybridSearch
    from assistant.search.text import Analyzer

    search = HybridSearch(list(_two_small_notices()), Analyzer(), None)
    question = "做无人机的企业，研发项目能拿多少补助？"
    assert search.lexical.document_scores(search.query_tokens(question))["drones"] == 1.0

    def order():
        return [h.clause.key for h in search.search(question, limit=5).hits if h.clause.number]

    ranked = order()
    assert ranked.index("drones#2") < ranked.index("schools#1"), ranked
    monkeypatch.setattr(retrieval, "DOCUMENT_PRIOR", 0.0)  # without it the shorter clause wins
    ranked = order()
    assert ranked.index("schools#1") < ranked.index("drones#2"), ranked


def test_one_notice_alone_gets_no_whole_notice_score():
    from assistant.search.retrieval import HybridSearch
    from assistant.search.text import Analyzer

    search = HybridSearch([_two_small_notices()[0]], Analyzer(), None)
    assert search.lexical.document_scores(search.query_tokens("无人机研发项目补助")) == {}
