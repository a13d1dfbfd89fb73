import pytest

from assistant.documents.library import load_corpus
from assistant.errors import InvalidQuestionError
from assistant.search.analysis import spells_chinese_name
from assistant.search.retrieval import calibrated_dense, reciprocal_rank_fusion, single_character_runs
from assistant.search.text import Analyzer, clean_question, document_terms

from tests.conftest import CORPUS

# Built as Assistant.create builds it: the documents' own quoted terms extend jieba.
analyzer = Analyzer(document_terms(cl.text_zh for d in load_corpus(CORPUS) for cl in d.clauses))


@pytest.mark.parametrize(
    "question, language",
    [
        ("蓉漂计划对团队最高资助多少？", "zh"),
        ("How much does the Rongpiao Programme give a team?", "en"),
        ("省部共建实验室 matching funds?", "en"),
        ("博后站 who is in charge?", "en"),
        ("省部共建实验室 matching funds for each lab?", "en"),
        ("非全日制 PhD tuition subsidy ratio?", "en"),
        ("蓉漂计划 team 最多多少钱？", "zh"),
        ("蓉漂计划 individual cap是多少", "zh"),
        ("博士後流動站有什麼支持？", "zh"),
        ("What does clause 8 say about 非全日制 students?", "en"),
    ],
)
def test_language_of_the_question(question, language):
    assert analyzer.detect_language(question) == language


def test_the_documents_quoted_terms_are_read_as_names():
    assert document_terms(["支持“蓉漂计划”团队", "“双一流”高校", "“A”与“很长很长很长很长很长的名字”"]) == ["双一流", "蓉漂计划"]


@pytest.mark.parametrize("term", ["蓉漂计划", "双一流", "留学成都", "非全日制"])
def test_policy_terms_stay_whole(term):
    assert term in analyzer.cut_zh(f"关于{term}的支持有哪些")


def test_traditional_characters_are_matched_as_simplified():
    assert analyzer.tokens("博士後流動站有什麼支持") == analyzer.tokens("博士后流动站有什么支持")
    assert {"博士后", "流动站"} <= set(analyzer.tokens("博士後流動站"))


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("问" * 100_000, "100,000 characters long; the limit is 2,000"),
        (b"\xff\xfe\x80abc", "not valid UTF-8"),
        ("abc\udcff", "not valid text"),
        ("？？？!!! 123", "no words"),
    ],
)
def test_bad_questions_get_a_clear_message(raw, message):
    with pytest.raises(InvalidQuestionError, match=message):
        clean_question(raw, max_chars=2000)


def test_control_characters_are_dropped_not_fatal():
    assert clean_question("蓉漂\x00计划\x1b资助？", 2000) == "蓉漂 计划 资助?"


@pytest.mark.parametrize(
    "rankings, expected_order",
    [
        ([["a", "b", "c"], ["a", "b", "c"]], ["a", "b", "c"]),
        ([["a", "b"], ["b", "a"]], ["a", "b"]),  # a tie keeps key order
        ([["a", "b", "c"], ["c", "b"]], ["c", "b", "a"]),  # 1/63+1/61 > 2/62
        ([[], ["x"]], ["x"]),
    ],
)
def test_reciprocal_rank_fusion(rankings, expected_order):
    scores = reciprocal_rank_fusion(rankings, k=60)
    assert sorted(scores, key=lambda key: (-scores[key], key)) == expected_order


def test_rrf_score_is_the_sum_of_reciprocal_ranks():
    assert reciprocal_rank_fusion([["a"], ["b", "a"]], k=60)["a"] == pytest.approx(1 / 61 + 1 / 62)


@pytest.mark.parametrize("native, other, best", [
    # An English question: the translated clause a scores 0.80 in English, 0.70 in Chinese; the
    # untranslated clause b has only Chinese, 0.78, which is above a's Chinese: it comes first.
    ({"a": 0.80}, {"a": 0.70, "b": 0.78}, "b"),
    ({"a": 0.80}, {"a": 0.70, "b": 0.69}, "a"),
    # A Chinese question: the native scores decide; English passages only add where higher.
    ({"a": 0.90, "b": 0.88}, {"a": 0.80}, "a"),
    ({}, {"b": 0.5}, "b"),  # nothing in the question's language: the other language alone
])
def test_dense_scores_are_comparable_across_translated_and_untranslated_clauses(native, other, best):
    merged = calibrated_dense(native, other)
    assert max(merged, key=merged.get) == best
    assert set(merged) == set(native) | set(other)


@pytest.mark.parametrize("word, chinese", [
    ("Shenzhen", True), ("Shanghai", True), ("Sichuan", True), ("Hangzhou", True),  # Chinese names in pinyin
    ("Oxford", False), ("Fraunhofer", False), ("Melbourne", False), ("Germany", False), ("Harvard", False),
    ("Xian", False),  # one syllable is too little to tell
])
def test_a_latin_word_is_read_as_a_romanised_chinese_name_only_when_it_spells_pinyin(word, chinese):
    assert spells_chinese_name(word) == chinese


@pytest.mark.parametrize("question, elsewhere", [
    ("Does Shenzhen give housing subsidies to PhD graduates?", True),  # another city's policy
    ("上海市对研究生有什么补贴？", True),
    ("A professor from Oxford wants to bring her group to Chengdu. What support is there?", False),  # a partner
    ("我们跟德国的研究所合作建研发中心，能拿多少？", False),  # a country abroad is no jurisdiction asked about
    ("发明去年在日本、印度和巴西都拿到授权了，能给多少？", False),  # countries whose names do not end in 国
    ("从多伦多引进的教授有什么支持？", False),  # a city abroad
    ("重庆对研究生有什么补贴？", True),  # a Chinese city without a suffix
    ("深圳那边的人才政策怎么样？", True),
    ("我们合作社刚在镇里的交易平台上新包了一片地", False),  # 镇里: "in the town", a level said generically
    ("拿了补贴以后公司想把注册地搬到绵阳，会有什么影响？", False),  # where the asker moves to, not a jurisdiction asked
    ("我们想从德阳一家工厂买一台设备，能申请奖励吗？", False),  # where a purchase comes from
    ("公司2025年3月拿了补贴，2027年想搬到綿陽，要退钱吗？", False),  # figures before it, traditional characters
    ("If we move our office to Mianyang, do we repay the grant?", False),
    ("How do Mianyang's subsidies compare to this one?", True),
    ("Compared to Mianyang's scheme, what do we get here?", True),  # the place's own scheme: still elsewhere
    ("武侯区的同类补贴比例是多少？", True),  # a district jieba tags as a person's name (nr)
    ("我们是武侯区的一家企业，想把注册地迁过来，能奖多少？", False),  # where the asker is, not a jurisdiction asked
    ("公司在绵阳，想知道绵阳的补贴标准", True),  # the place's own subsidies asked about
    ("我们在开发区，能申请吗？", False),  # a kind of zone, no name
    ("营业执照在本区，但税是在绵阳交的，能申请吗？", False),  # where the asker does something: their situation
    ("在绵阳注册的公司能不能享受？", False),
    ("Our fund is registered in Mianyang but invests here. Can we get the reward?", False),  # the same in English
    ("We pay our taxes in Deyang. Does that matter?", False),
    ("We're the local branch of a Mianyang company. Can the branch apply?", False),  # who the parent is
    ("Our Deyang-based supplier sold us the kit. Is it covered?", False),
    ("A Chinese colleague joined us last year. What can she get?", False),  # spells pinyin, names no place
    ("I'm a Canadian founder. What can my company apply for?", False),
    ("We sell on Taobao. Is there a subsidy for that?", False),  # a website the dictionary knows
    ("We took a booth at a fair in Dubai: what is covered?", False),  # a city abroad
    ("Does Beijing give housing subsidies to PhD graduates?", True),
])
def test_only_another_chinese_place_counts_as_naming_a_jurisdiction_elsewhere(assistant, question, elsewhere):
    assert assistant.search.names_elsewhere(question) == elsewhere


@pytest.mark.parametrize("place, named, holds", [
    ("四川", "成都", True),  # the dictionary: "Sichuan province…, capital Chengdu 成都"
    ("四川省", "成都", True),  # said with its suffix
    ("四川", "重庆", False),  # a province holds only the places its own entry names
    ("绵阳", "成都", False),  # a city beside the documents' one, not around it
])
def test_the_province_that_holds_the_documents_city_is_no_jurisdiction_elsewhere(place, named, holds):
    """被四川证监局罚过款 in a question about a Chengdu notice: the province is where the notice applies."""
    from types import SimpleNamespace
    from assistant.search.retrieval import HybridSearch
    searched = SimpleNamespace(lexicon=SimpleNamespace(contains=lambda word: word == named))
    assert HybridSearch._encloses_a_named_place(searched, place) is holds


@pytest.mark.parametrize("word, documents_use, run_on", [
    ("上云加", "上云", True),  # 上云加SaaS: jieba guessed a place from the documents' word and the next character
    ("上云加", "", False),  # a guess the documents give no reason to doubt stays a place
    ("桦溪区", "桦溪", False),  # a name and its district suffix is a place's full name
    ("绵阳市", "绵阳", False),  # (and a place in jieba's dictionary is never doubted)
])
def test_a_guessed_place_that_is_the_documents_word_run_into_the_next_character_is_no_place(word, documents_use,
                                                                                              run_on):
    from types import SimpleNamespace
    from assistant.search.retrieval import HybridSearch
    searched = SimpleNamespace(analyzer=Analyzer(), lexicon=SimpleNamespace(
        contains=lambda text: bool(documents_use) and text == documents_use))
    assert HybridSearch._run_on(searched, word) is run_on


def test_a_place_in_a_dictionary_gloss_is_no_place_the_documents_mention(tmp_path):
    """A notice with no English text is searched in English through its words' glosses; 申 of 申报
    glosses as "old name for Shanghai", which had made Shanghai a place the documents mention, so a
    question about Shanghai's scheme was answered from the notice. A place the documents do name is
    found by its pinyin even inside a longer name and with a character's other reading. (Fake
    embeddings: only the documents' words are used here.)"""
    import shutil
    from pathlib import Path

    from assistant import Assistant, Settings
    from tests.conftest import TODAY, ExactFakeEmbeddings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "notices" / "postdoc-regs.txt", corpus)
    (corpus / "xindu.txt").write_text(  # the district named only inside its bureau's name; 都 read du, not dou
        "关于支持企业研发的通知\n新都科发〔2025〕3号\n成都市新都区科学技术局\n2025年3月1日\n"
        "一、对新认定的研发中心给予10万元补助，由企业申报。\n二、本通知自印发之日起施行，有效期两年。\n", encoding="utf-8")
    assistant = Assistant.create(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), today=TODAY,
                                 embeddings=ExactFakeEmbeddings())
    assert all(not d.meta.title_en or "Shanghai" not in d.meta.title_en for d in assistant.documents)
    assert assistant.search.names_elsewhere("How does this compare with what Shanghai pays postdocs per month?")
    assert not assistant.search.names_elsewhere("How does this compare with what Oxford pays postdocs per month?")
    assert not assistant.search.names_elsewhere("Which bodies put out this Xindu notice on R&D centres?")


@pytest.mark.parametrize("words, runs", [
    (["蓉", "漂", "的", "钱"], ["蓉漂"]),  # a name jieba does not know, cut into characters; 的 ends the run
    (["专", "硕", "点"], ["专硕点"]),
    (["一", "二", "三", "四"], []),  # four characters are no short name
    (["实验室", "钱"], []),
])
def test_single_characters_jieba_left_apart_are_tried_as_one_word(words, runs):
    assert single_character_runs(words) == runs


def test_a_short_name_used_inside_a_quoted_name_searches_as_that_name(assistant):
    expanded = assistant.search.expand_abbreviations("蓉漂的钱归哪个部门管？")
    assert expanded.startswith("蓉漂计划的钱")
    answer = assistant.ask("蓉漂的钱归哪个部门管？")
    assert answer.citations[0].clause == 7 and "市委组织部" in answer.answer


@pytest.mark.parametrize("native, other, usual_gap, expected_b", [
    ({}, {"b": 0.78}, 0.05, 0.83),  # no translated clause at all: the model's usual gap stands in
    ({"a": 0.80}, {"a": 0.70, "b": 0.78}, 0.05, 0.88),  # this question's own gap (0.10) wins
])
def test_an_untranslated_library_is_scored_with_the_models_usual_language_gap(native, other, usual_gap, expected_b):
    """So an English question about notices without English text is judged on the scale the
    coverage decision was fitted on, not refused for a lower cross-language similarity."""
    assert calibrated_dense(native, other, usual_gap)["b"] == pytest.approx(expected_b)


@pytest.mark.parametrize("text, term, present", [
    ("按A类、B类、C类分别给予", "a类", True),
    ("评上A类的话，头一年能拿多少", "a类", True),
    ("Suppose a category-A startup", "a类", True),
    ("Class B firms", "b类", True),
    ("rated in the top category (A)", "a类", True),  # the letter in brackets
    ("Is there a category for me?", "a类", False),  # the article "a" names no class
])
def test_a_lettered_class_is_one_term_in_both_languages(text, term, present):
    assert (term in Analyzer().tokens(text)) is present


def test_score_fusion_keeps_how_far_apart_the_scores_are():
    from assistant.search.retrieval import distribution_fusion

    # BM25 puts "a" far ahead, dense puts "b" a hair ahead: reciprocal ranks tie them (and the
    # dense order then picks "b"); the scores say "a"
    lexical = {"a": 16.4, "b": 9.4, "c": 5.3, "d": 4.7, "e": 4.0, "f": 3.0}
    dense = {"b": 0.907, "a": 0.903, "c": 0.86, "d": 0.85, "e": 0.84, "f": 0.83}
    ranks = reciprocal_rank_fusion([sorted(lexical, key=lexical.get, reverse=True), sorted(dense, key=dense.get, reverse=True)])
    assert ranks["a"] == ranks["b"]
    fused = distribution_fusion([lexical, dense])
    assert max(fused, key=fused.get) == "a"
    assert all(0.0 <= v <= 2.0 for v in fused.values())
    assert distribution_fusion([{"x": 1.0}, {}]) == {"x": 1.0}  # one candidate, one empty side


@pytest.mark.parametrize("text, terms", [
    ("We won second prize at a national contest", {"二等奖", "国家级"}),
    ("a provincial-level incubator", {"省级"}),
    ("first place in the city-level competition", {"一等奖", "市级"}),
    ("We won a prize", set()),  # no tier named
])
def test_tiers_named_in_english_are_the_tier_words_of_chinese_notices(text, terms):
    from assistant.search.text import tier_terms

    assert set(tier_terms(text)) == terms
    assert not set(Analyzer().tokens(text)) & terms  # not search terms: "national" alone is everywhere


@pytest.mark.parametrize("question, words", [
    ("Is there money for a travel agency that brings tourists?", {"旅行社", "游客"}),
    ("What is the interest subsidy on a loan?", {"利息", "补贴"}),
    ("How much rent does an incubator get back?", {"租金", "孵化器"}),
    ("你好", set()),  # a Chinese question is searched in its own words
])
def test_an_english_question_is_translated_to_the_chinese_words_the_documents_use_by_their_senses(question, words):
    from assistant.search.gloss import reverse_senses, translate_by_senses
    analyzer = Analyzer()
    used = ["旅行社", "游客", "利息", "补贴", "租金", "孵化器", "实验室", "人才"]  # the documents' words
    reverse = reverse_senses(used, analyzer)
    found = set(translate_by_senses(analyzer.tokens(question), reverse)) if question.isascii() else set()
    assert words <= found and found <= set(used), found


def test_only_the_documents_proper_names_are_spelled_in_pinyin_not_any_word():
    """背景 reads "beijing" and 伤害 "shanghai": a notice that says them does not name those cities,
    so "Does Beijing give…?" must still count as another jurisdiction."""
    from assistant.search.analysis import _is_name, romanise
    from assistant.search.text import Analyzer
    analyzer = Analyzer()
    phrases = ["背景", "伤害", "项目", "锦江区", "成都", "四川省"]
    spelled = set(romanise([p for p in phrases if _is_name(p, analyzer)]))
    assert {"jinjiang", "chengdu", "sichuan"} <= spelled
    assert not {"beijing", "shanghai", "xiangmu"} & spelled


@pytest.mark.parametrize("text", ["Our manager hasn't finished it", "the fund's office", "We're sure they'd come, I'm told",
                                  "It’s the firm’s"])
def test_the_pieces_of_contractions_are_no_search_terms(text):
    """hasn't, fund's, we're: jieba parts them at the apostrophe; the t, s and re left over would
    match the glosses of many clauses (one's, sb's) and weigh nothing of the topic."""
    assert not [t for t in Analyzer().tokens(text) if len(t) < 3 and t.isascii()]


def test_the_s_of_a_possessive_is_no_word_that_names_a_tier():
    """bachelor's and master's share only the s: it must not make a bachelor's question name the
    master's rate."""
    from assistant.search.text import agent_roots
    analyzer = Analyzer()
    assert agent_roots(analyzer.tokens("she finished her bachelor's")) & agent_roots(
        analyzer.tokens("master's degree")) == set()


@pytest.mark.parametrize("text, abroad", [
    ("We held a fair in London last autumn", True), ("a delegation to Tokyo", True), ("in Germany", True),
    ("a fair in Chengdu", False), ("our Beijing office", False), ("a branch in Hong Kong", False),
    ("Our CEO earns 2 million", False),
])
def test_an_english_text_naming_a_place_abroad(text, abroad):
    from assistant.search.gloss import names_abroad_en
    assert names_abroad_en(text) == abroad


def test_a_rule_for_what_is_held_abroad_fits_a_question_naming_a_place_abroad(assistant):
    from assistant.models import MoneyRule
    away = MoneyRule(clause=1, kind="share", share="0.4", beneficiary="赴境外参加展会")
    here = MoneyRule(clause=1, kind="share", share="0.4", beneficiary="在境内参加展会")
    for question in ("We exhibited at a trade show in Paris; it cost 200,000 yuan.", "我们去德国参加了展会，花了20万"):
        assert assistant._rule_relevance(question, away) > assistant._rule_relevance(question, here), question
    neutral = "We exhibited at a trade show; it cost 200,000 yuan."
    assert assistant._place_fit(neutral, away) == assistant._place_fit(neutral, here) == 0


def test_an_items_heading_is_quoted_with_the_sentence_that_follows_it():
    """三、避免重复支持。同一项目…: the heading alone had been the quote of an English answer about the item."""
    from assistant.answering.compose import pick_sentences, split_sentences_zh
    from assistant.search.text import Analyzer

    sentences = split_sentences_zh("避免重复支持。同一项目同时符合多项政策的，按照就高不重复原则给予支持。")
    quoted = pick_sentences(sentences, {"避免"}, Analyzer(), wants_amount=False)
    assert quoted == sentences
    longer = split_sentences_zh("对新建的充电站按功率给予补贴，每千瓦100元。单个站点最高不超过50万元。")
    assert pick_sentences(longer, {"充电站"}, Analyzer(), wants_amount=False) == longer[:1]


def test_a_change_to_how_words_are_cut_redoes_the_cached_analyses(monkeypatch):
    """Cached analyses are keyed by what the tokenizer makes of a probe text, so changing the
    tokenizer's code without raising VERSION cannot leave stale analyses in use."""
    from assistant.search.analysis import analysis_digest

    before = analysis_digest("doc", Analyzer(["实验室"]))
    assert analysis_digest("doc", Analyzer(["实验室"])) == before  # same code, same key
    original = Analyzer.tokens
    monkeypatch.setattr(Analyzer, "tokens", lambda self, text: original(self, text) + ["extra"])
    assert analysis_digest("doc", Analyzer(["实验室"])) != before
