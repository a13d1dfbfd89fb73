"""Segmentation of layouts where the numbering of clauses starts again under each heading."""

import pytest

from assistant.documents.segment import segment

RESTARTING = """关于支持青岚区科技创新的若干措施
青科发〔2026〕3号
为加快创新发展，制定以下措施。
一、培育创新主体
（一）支持企业研发。对研发投入超过1000万元的企业，给予最高50万元奖励。
（二）支持孵化载体。对新认定的国家级孵化器，给予100万元一次性奖励。
二、集聚创新人才
（一）引进领军人才。对新引进的领军人才，给予每人200万元安家补贴。
（二）培养青年人才。对入选青年人才计划的，给予每年10万元生活补贴，最长3年。
（三）支持博士后。对新设立的博士后工作站，给予50万元建站资助。
三、附则
（一）本措施自2026年1月1日起施行，有效期三年。
青岚区科学技术局
2026年1月1日
"""


def test_numbering_that_starts_again_under_each_heading_keeps_every_clause():
    """Before: every clause after the first heading's went silently into the signature block."""
    result = segment(RESTARTING, "restarting.txt")
    assert [c.label for c in result.clauses] == ["一（一）", "一（二）", "二（一）", "二（二）", "二（三）", "三（一）"]
    assert [c.section for c in result.clauses] == [1, 1, 2, 2, 2, 3]
    assert "每人200万元安家补贴" in result.clauses[2].text and "最长3年" in result.clauses[3].text
    assert result.closing == ["青岚区科学技术局", "2026年1月1日"]


def test_a_closing_paragraph_about_the_whole_document_is_not_part_of_the_last_item():
    """A paragraph after the last item that speaks of the document itself (本措施…施行，有效期至…)
    belongs to the notice, clause 0, as a 附则 heading's paragraph does; the item's own second
    paragraph stays with it."""
    text = ("某区若干措施\n某科发〔2026〕1号\n一、支持平台\n1.支持实验室。给予10万元补助。\n"
            "2.支持人才。按每人每月1000元给予补贴。\n补贴资金直接拨付至本人。\n"
            "本措施适用于区内企业。本措施自2026年4月1日起施行，有效期至2029年3月31日。\n某区科学技术局\n2026年3月18日\n")
    result = segment(text, "t.txt")
    assert [c.label for c in result.clauses] == ["1.", "2."]
    assert result.clauses[-1].lines[-1] == "补贴资金直接拨付至本人。"
    assert result.closing[0].startswith("本措施适用于") and result.closing[-1] == "2026年3月18日"


def test_the_distribution_line_of_a_notices_footer_is_not_part_of_the_last_article():
    """抄送：… (who gets copies) is the footer of an official document; it had been glued to the last
    article because it is a sentence with commas."""
    text = ("某区管理办法\n某府办发〔2026〕2号\n第一条 为规范资金管理，制定本办法。\n"
            "第二条 对新认定的平台给予10万元补助。\n第三条 本办法自2026年4月1日起施行，有效期3年。\n"
            "抄送：区委办公室，区人大常委会办公室。\n某区人民政府办公室 2026年3月18日印发\n")
    result = segment(text, "t.txt")
    assert result.clauses[-1].text == "第三条 本办法自2026年4月1日起施行，有效期3年。"
    assert result.closing[0].startswith("抄送：")


def test_arabic_items_in_brackets_under_headings_are_the_clauses():
    """（1）（2）… under 一、二、…: before, only the five headings were read as clauses."""
    text = RESTARTING.replace("（一）", "（1）").replace("（二）", "（2）").replace("（三）", "（3）")
    result = segment(text, "brackets.txt")
    assert result.layout.name == "sections+arabic_paren"
    assert [c.section for c in result.clauses] == [1, 1, 2, 2, 2, 3]
    assert "每人200万元安家补贴" in result.clauses[2].text
    from assistant.answering.compose import clause_name_zh
    from assistant.models import Clause
    third = Clause("d", 3, result.clauses[2].label, 2, "集聚创新人才", "", "", "", (), ())
    assert clause_name_zh(third) == "“集聚创新人才”第1项"  # not 第（1）条, which three clauses would share


@pytest.mark.parametrize("layout_text, labels", [
    # numbering that continues across headings keeps its printed labels
    ("通知\n一、总则\n（一）甲条。\n（二）乙条。\n二、措施\n（三）丙条。\n", ["（一）", "（二）", "（三）"]),
    # a clause numbered wrongly inside one heading is still an error, not a restart
    ("通知\n一、总则\n（一）甲条。\n（二）乙条。\n（一）丙条。\n二、措施\n（三）丁条。\n", ["（一）", "（二）", "（三）"]),
])
def test_continuous_numbering_is_unchanged(layout_text, labels):
    assert [c.label for c in segment(layout_text, "t.txt").clauses] == labels


def test_items_numbered_straight_across_headings_stand_under_their_headings():
    """1. 2. … numbered on across 一、 headings (若干措施 often are): each item keeps its heading,
    and a heading is not read into the item before it."""
    result = segment("某区若干措施\n一、总则\n1.甲条。\n2.乙条。\n二、措施\n3.丙条。\n4.丁条。\n三、附则\n5.戊条。\n", "t.txt")
    assert [c.label for c in result.clauses] == ["1.", "2.", "3.", "4.", "5."]
    assert [c.section for c in result.clauses] == [1, 1, 2, 2, 3]
    assert result.clauses[1].text == "2.乙条。" and result.sections[2] == "措施"


def test_a_question_names_a_document_by_number_or_by_a_title_run_no_other_title_has():
    from assistant.documents.catalog import Catalog
    from assistant.documents.library import build_document

    def notice(title, number):
        text = f"{title}\n{number}\n为加快发展，制定以下措施。\n一、支持企业研发，给予最高50万元奖励。\n二、本措施自2026年1月1日起施行。\n"
        return build_document(text, number.split("〔")[0])[0]

    catalog = Catalog([notice("青岚区关于支持科技创新的若干措施", "青科发〔2026〕3号"),
                       notice("青岚区关于支持人才发展的若干措施", "青人发〔2025〕12号")])
    ids = {"青科发": "青科发", "青人发": "青人发"}
    assert catalog.named("青科发〔2026〕3号还有效吗？") == ids["青科发"]
    assert catalog.named("12号文的有效期是多久？") == ids["青人发"]
    assert catalog.named("支持人才发展的若干措施有哪些补贴？") == ids["青人发"]
    assert catalog.named("青岚区关于支持的若干措施") is None  # a run both titles share names neither
    assert catalog.named("〔2026〕3号和〔2025〕12号") is None  # without their 文号 prefix, and two of them
    # What is searched is the question without the words that name the document.
    assert catalog.find("12号文里，企业研发最多奖励多少？") == (ids["青人发"], "企业研发最多奖励多少？")
    assert catalog.find("青科发〔2026〕3号中的研发奖励是多少") == (ids["青科发"], "研发奖励是多少")
    assert catalog.find("企业研发最多奖励多少？") == (None, "企业研发最多奖励多少？")
    # a document named by a year none of them was issued in is not one of them
    assert catalog.names_unloaded("Under the old 2022 tech-transfer policy, what did sellers get?")
    assert catalog.names_unloaded("2019年的政策里研发奖励多少？")
    assert not catalog.names_unloaded("Is the 2025 policy still valid?")
    assert not catalog.names_unloaded("Can we apply in 2027 under this policy?")  # a year, not a document's
    assert not catalog.names_unloaded("2029年还能申报吗？")


def test_a_list_answer_quotes_the_sentence_that_answers_not_the_first_one():
    from datetime import date

    from assistant.answering.compose import compose_list_answer
    from assistant.documents.library import build_document
    from assistant.search.text import Analyzer

    text = ("青岚区关于支持技能人才的若干措施\n青人发〔2025〕7号\n为加快发展，制定以下措施。\n"
            "一、建设技能大师工作室。支持企业建设工作室。对新认定的工作室，省级的给予20万元。\n"
            "二、本措施自2026年1月1日起施行，有效期3年。\n")
    document = build_document(text, "skills")[0]
    analyzer = Analyzer()
    question = set(analyzer.tokens("工作室评上省级给多少钱？"))
    listed = compose_list_answer([(document, document.clause(1))], "zh", date(2026, 6, 1), question, analyzer, True)
    assert "省级的给予20万元" in listed and "支持企业建设工作室" not in listed


@pytest.mark.parametrize("word, expansion", [
    ("规上", "规模以上"),  # an abbreviation the notice spells out
    ("博后", "博士后"),
    ("实验", "实验室"),  # used only inside one longer name: read as it (search skips jieba's own words)
    ("国重", None),  # nothing in the notice fits
])
def test_a_short_word_no_document_uses_is_read_as_the_phrase_it_abbreviates(word, expansion):
    from assistant.documents.library import build_document
    from assistant.search.analysis import Lexicon, analyse
    from assistant.search.text import Analyzer

    text = ("青岚区关于支持企业创新的若干措施\n青科发〔2026〕9号\n为加快发展，制定以下措施。\n"
            "一、支持规模以上企业建设实验室，给予最高50万元奖励。\n二、支持设立博士后工作站。\n")
    analyzer = Analyzer()
    lexicon = Lexicon([analyse(build_document(text, "innovation")[0], "h", analyzer)])
    assert lexicon.expand(word) == expansion


def test_measures_numbered_anew_under_each_section_are_the_clauses_even_with_numbered_sub_items():
    """1. 2. 3. sub-items inside some measures once outnumbered the （一） measures that start again
    under each 一、 section, and the notice was read as nine sub-items."""
    text = "\n".join([
        "关于支持绿色发展的通知", "一、节能改造", "（一）技术改造。按投资额的10%给予补助。", "（二）设备更新。按以下标准补助：",
        "1．电动机：每千瓦60元；", "2．变压器：每千伏安40元；", "3．其他设备：按购置金额的15%补助。",
        "二、清洁能源", "（一）光伏。每千瓦100元。", "（二）充电设施。按以下标准补贴：", "1．直流桩：每千瓦200元；",
        "2．交流桩：每千瓦80元；", "3．换电站：每座50万元。", "（三）绿电消费。每千瓦时0.01元。",
        "三、组织实施", "（一）申报条件：", "1．在本市登记注册；", "2．近三年无重大事故；", "3．项目已备案。",
    ])
    result = segment(text, "green.txt")
    assert result.layout.name == "sections+paren"
    assert [c.label for c in result.clauses] == ["一（一）", "一（二）", "二（一）", "二（二）", "二（三）", "三（一）"]
    assert "2．变压器：每千伏安40元；" in result.clauses[1].text


def test_an_attachment_after_the_signature_goes_into_the_clauses_that_cite_it_not_the_last_one():
    text = "\n".join([
        "关于支持节能的通知", "一、支持措施", "（一）清洁生产审核。完成审核的企业，按附件标准给予奖励。",
        "（二）合同能源管理。节能服务公司实施的项目，按附件标准给予奖励。", "（三）资金监管。弄虚作假的追回资金。",
        "市经信局", "2026年3月18日", "附件", "奖励标准", "表1 清洁生产审核奖励标准", "类别为大型企业，奖励为20万元。",
        "表2 合同能源管理奖励标准", "年节能量为1000吨以上，奖励为每吨500元。", "市经信局办公室 2026年3月18日印发",
    ])
    result = segment(text, "attached.txt")
    audit, energy, last = result.clauses
    assert "类别为大型企业，奖励为20万元。" in audit.text and "每吨500元" not in audit.text
    assert "每吨500元" in energy.text and "20万元" not in energy.text
    assert "附件" not in last.text and "奖励标准" not in last.text  # not the last measure's rules
    assert result.closing == ["市经信局", "2026年3月18日"]
