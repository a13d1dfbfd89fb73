"""Table rows spelled out as sentences that name each cell by its column (documents/tables.py)."""

import pytest

from assistant.documents.tables import spell_out_tables


@pytest.mark.parametrize("lines, expected", [
    (["按下表给予奖励：", "类别 | 奖励标准 | 年度上限", "甲类 | 每个50万元 | 200万元", "乙类 | 每个20万元 | 100万元", "其他说明。"],
     ["按下表给予奖励：", "类别为甲类，奖励标准为每个50万元，年度上限为200万元。",
      "类别为乙类，奖励标准为每个20万元，年度上限为100万元。", "其他说明。"]),
    # a cell that repeats the one above takes its text; an empty cell is left out, the columns stay in place
    (["类别 | 阶段 | 奖励", "一类 | 完成一期 | 300万元", "（同上） | 完成二期 | 500万元", "二类 |  | 100万元"],
     ["类别为一类，阶段为完成一期，奖励为300万元。", "类别为一类，阶段为完成二期，奖励为500万元。", "类别为二类，奖励为100万元。"]),
    # cells merged across columns: the first names what the rest says
    (["类别 | 阶段 | 奖励", "一类 | 完成一期 | 300万元", "年度上限 | 每家每年不超过800万元"],
     ["类别为一类，阶段为完成一期，奖励为300万元。", "年度上限：每家每年不超过800万元。"]),
    # a Markdown table in a text file
    (["| 档次 | 比例 |", "|---|:---:|", "| 第一档 | 5% |"], ["档次为第一档，比例为5%。"]),
    # rows whose first row holds amounts have no header: left as they are
    (["甲类 | 50万元", "乙类 | 20万元"], ["甲类 | 50万元", "乙类 | 20万元"]),
    # a unit in the header's brackets belongs to each bare number below it; a cell that says its own unit keeps it
    (["档次 | 每人每天标准（元） | 补助比例(%) | 年度上限（万元） | 最长天数", "A档 | 1500 | 30 | 12.5 | 25",
      "B档 | 800 | 20 | 每年8万元 | 15"],
     ["档次为A档，每人每天标准为1500元，补助比例为30%，年度上限为12.5万元，最长天数为25天。",
      "档次为B档，每人每天标准为800元，补助比例为20%，年度上限为每年8万元，最长天数为15天。"]),
    # a count of days, months or people named by its header (最长资助天数) has that unit
    (["类别 | 最长资助天数 | 限额人数", "甲类 | 30 | 5"], ["类别为甲类，最长资助天数为30天，限额人数为5人。"]),
    (["类别 | 金额"], ["类别 | 金额"]),  # a header alone
    (["不是表格的一行。", "第二行"], ["不是表格的一行。", "第二行"]),
])
def test_each_table_row_becomes_a_sentence_naming_its_cells_by_their_column(lines, expected):
    assert spell_out_tables(lines) == expected
