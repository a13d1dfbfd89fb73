"""Reading notice files: real .docx/.pdf/.html/.txt files written to tmp_path, no mocks."""

from __future__ import annotations

import zipfile

import pytest

from assistant.documents.loaders import SUPPORTED, is_page_number, read_document, rejoin_wrapped
from assistant.documents.library import build_document
from assistant.errors import BadDocumentError

TITLE = "关于做好稳岗返还工作的通知"
DOC_NUMBER = "成人社发〔2025〕3号"
SALUTATION = "各区（市）县人力资源社会保障局："
# Paragraph 1 is wrapped over three lines, splitting 市|财政局 across lines 2 and 3.
PARA1 = [
    "为进一步做好稳岗返还工作，根据国家和省有关规定，现就有关事项通知如下，",
    "本市参保企业按规定申请稳岗返还资金，资金审核拨付和监督管理工作由市",
    "财政局负责，人力资源社会保障部门负责资格审核，税务部门负责数据比对。",
]
HEADING = "一、工作要求"
# Paragraph 2 runs over a page break after its first line.
PARA2 = [
    "各区（市）县要加强组织领导，明确责任分工，细化工作措施，确保政策落地",
    "见效，切实做到应享尽享、快享快享，并及时向社会公开资金发放的有关情况",
    "和企业名单，自觉接受社会监督，对弄虚作假骗取资金的依法依规严肃处理。",
]
SIGNATURE = "成都市财政局"
DATE = "2025年3月10日"


# ---------------------------------------------------------------- .docx


def test_docx_paragraphs_and_table_in_body_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(DOC_NUMBER)
    document.add_paragraph("")  # empty paragraphs are skipped
    document.add_paragraph("一、补贴标准\u3000")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("类别", "金额"), ("一次性补贴", "1000元")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("二、申请方式[bookmark: _GoBack]")
    document.add_paragraph("企业通过网上经办系统申请。")
    path = tmp_path / "notice.docx"
    document.save(path)

    assert read_document(path).split("\n") == [
        TITLE,
        DOC_NUMBER,
        "一、补贴标准",
        "类别为一次性补贴，金额为1000元。",  # a row names its cells by the header's words
        "二、申请方式",
        "企业通过网上经办系统申请。",
    ]


# ---------------------------------------------------------------- .pdf


def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _write_pdf(path, pages: list[list[tuple[str, str]]]) -> None:
    """Each page is a list of (alignment, text) lines drawn top-down, then "- n -" at the foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, width, height = _cid_font(), *A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(font, 12)
        y = height - 72
        for align, text in lines:
            if align == "center":
                pdf.drawCentredString(width / 2, y, text)
            elif align == "right":
                pdf.drawRightString(width - 72, y, text)
            else:
                pdf.drawString(72, y, text)
            y -= 20
        pdf.drawCentredString(width / 2, 40, f"- {number} -")
        pdf.showPage()
    pdf.save()


def test_pypdf_extracts_cid_font_chinese(tmp_path):
    """Guard for the PDF test below: the built-in CID font must round-trip through pypdf."""
    from pypdf import PdfReader

    path = tmp_path / "cid.pdf"
    _write_pdf(path, [[("left", PARA1[1])]])
    assert PdfReader(path).pages[0].extract_text().splitlines() == [PARA1[1], "- 1 -"]


def test_pdf_rejoins_wrapped_paragraphs_and_drops_page_numbers(tmp_path):
    path = tmp_path / "notice.pdf"
    page1 = [("center", TITLE), ("center", DOC_NUMBER), ("left", SALUTATION)]
    page1 += [("left", line) for line in PARA1] + [("left", HEADING), ("left", PARA2[0])]
    page2 = [("left", line) for line in PARA2[1:]] + [("right", SIGNATURE), ("right", DATE)]
    _write_pdf(path, [page1, page2])

    lines = read_document(path).split("\n")

    assert lines == [TITLE, DOC_NUMBER, SALUTATION, "".join(PARA1), HEADING, "".join(PARA2), SIGNATURE, DATE]
    assert "由市财政局负责" in lines[3]
    assert not any("- 1 -" in line or "- 2 -" in line for line in lines)


def _ruled_table_pdf(path, before: str, rows: list[tuple[str, ...]], after: str, xs: list[int]):
    """A PDF with a line, a table drawn with ruled lines (as a printed table has), and a line after it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, (_, height) = _cid_font(), A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font, 12)
    pdf.drawString(72, height - 72, before)
    top = height - 100
    pdf.grid(xs, [top - 24 * i for i in range(len(rows) + 1)])
    for i, row in enumerate(rows):
        for x, text in zip(xs, row):
            pdf.drawString(x + 4, top - 24 * i - 17, text)
    pdf.drawString(72, top - 24 * len(rows) - 30, after)
    pdf.save()
    return path


def test_pdf_ruled_table_rows_are_read_by_their_cells(tmp_path):
    path = _ruled_table_pdf(tmp_path / "table.pdf", "按下表标准给予奖励：",
                            [("序号", "类别", "奖励标准"), ("1", "年节能量1000吨以上", "20万元"), ("2", "年节能量1000吨以下", "5万元")],
                            "本通知自印发之日起施行。", [72, 120, 320, 500])

    assert read_document(path).split("\n") == [
        "按下表标准给予奖励：",
        "序号为1，类别为年节能量1000吨以上，奖励标准为20万元。",  # the lone "1" is no page number here
        "序号为2，类别为年节能量1000吨以下，奖励标准为5万元。",
        "本通知自印发之日起施行。",
    ]


def test_pdf_table_whose_last_cells_are_bare_numbers_is_read_by_its_cells(tmp_path):
    """A rate table ends in cells such as "800" and "15": the text layer's reading drops them as
    page numbers, and the table's run of lines was then never matched, so its figures were lost
    from the document (a per-day rate table read as its words alone)."""
    path = _ruled_table_pdf(tmp_path / "rates.pdf", "按下表标准给予补助：",
                            [("档次", "每人每天标准（元）", "最长天数"), ("A档", "1500", "25"), ("B档", "800", "15")],
                            "不足3天的，不予补助。", [72, 160, 360, 500])

    assert read_document(path).split("\n") == [
        "按下表标准给予补助：",
        "档次为A档，每人每天标准为1500元，最长天数为25天。",
        "档次为B档，每人每天标准为800元，最长天数为15天。",
        "不足3天的，不予补助。",
    ]


@pytest.mark.parametrize("lines, joined", [
    (["对投资额在500万元（含）", "以上的项目给予补助。"], ["对投资额在500万元（含）以上的项目给予补助。"]),
    (["…不重复支持。（责任单位：", "市经信局）"], ["…不重复支持。（责任单位：市经信局）"]),  # a bracket left open
    (["…不重复支持。（责任单位：市经信局）", "二、下一节"], ["…不重复支持。（责任单位：市经信局）", "二、下一节"]),
])
def test_a_wrapped_line_that_ends_inside_a_sentence_or_a_bracket_is_joined(lines, joined):
    from assistant.documents.loaders import rejoin_wrapped

    assert rejoin_wrapped(lines) == joined


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 200, 300, fill=1)  # an "image" only, no text
    pdf.showPage()
    pdf.save()
    with pytest.raises(BadDocumentError, match=r"scan\.pdf: no text layer.*OCR"):
        read_document(path)


# ---------------------------------------------------------------- .html


def test_html_main_content_in_gb2312(tmp_path):
    page = """<!DOCTYPE html><html><head>
<meta charset="gb2312"><title>成都市人民政府</title>
<style>p { color: red; }</style><script>var menu = "导航脚本";</script></head>
<body>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<header>成都市人民政府门户网站</header>
<div class="sidebar">相关链接 热点专题</div>
<div id="content">
  <h1>关于做好稳岗返还工作的通知</h1>
  <p>各区（市）县人力资源社会保障局：</p>
  <p>为进一步做好稳岗返还工作，
     现就有关事项&nbsp;通知如下。</p>
  <p>联系人：张喆<br>联系电话：028-12345678</p>
  <table><tr><td>类别</td><td>金额</td></tr></table>
</div>
<footer>版权所有 成都市人民政府</footer>
<noscript>请启用脚本</noscript>
</body></html>"""
    path = tmp_path / "notice.HTM"
    path.write_bytes(page.encode("gbk"))  # 喆 is in GBK but not in GB2312, as on real gov sites

    assert read_document(path).split("\n") == [
        "关于做好稳岗返还工作的通知",
        "各区（市）县人力资源社会保障局：",
        "为进一步做好稳岗返还工作， 现就有关事项 通知如下。",
        "联系人：张喆",
        "联系电话：028-12345678",
        "类别 | 金额",
    ]


def test_html_title_above_the_text_container_is_kept_as_one_line(tmp_path):
    # Gov CMS pages put the title in an <h1> beside the text's own container (#zoom), often
    # broken over lines; the site logo is a heading with only an image.
    page = """<html><body>
<div class="header"><h1><a href="/"><img src="logo.png" alt="某区人民政府"></a></h1></div>
<div class="position">当前位置：首页 &gt; 政策文件</div>
<div class="article">
  <h1>某区科技局 某区财政局<br>关于印发《某区促进协同创新若干措施》的通知</h1>
  <div class="info">发布时间：2026-03-20 来源：区科技局 浏览次数：123</div>
  <div id="zoom"><p>某科发〔2026〕1号</p><p>各有关单位：</p><p>现将《某区促进协同创新若干措施》印发给你们。</p>
  <p>一、支持平台</p><p>1.支持共建实验室。按实际投入的30%给予补助，最高不超过100万元。</p>
  <p>2.支持人才兼职。按每人每月1000元给予补贴。</p><p>3.支持成果转化。给予一次性奖励10万元。</p></div>
</div>
<div class="footer">版权所有 某区人民政府 网站标识码 1234</div>
</body></html>"""
    path = tmp_path / "notice.html"
    path.write_text(page, "utf-8")
    lines = read_document(path).split("\n")
    assert lines[:2] == ["某区科技局 某区财政局关于印发《某区促进协同创新若干措施》的通知", "某科发〔2026〕1号"]
    assert not any("发布时间" in line or "版权所有" in line or "当前位置" in line for line in lines)
    document, _ = build_document("\n".join(lines), "notice")
    assert document.meta.title_zh == "某区促进协同创新若干措施"


def test_html_without_content_container_uses_body(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<html><body><nav>菜单</nav><p>第一段。</p><div>第二段。</div></body></html>", "utf-8")
    assert read_document(path) == "第一段。\n第二段。"


def test_html_table_rows_are_spelled_out_by_their_header_with_empty_cells_in_place(tmp_path):
    path = tmp_path / "table.html"
    path.write_text("<html><body><div id='zoom'><p>按下表给予奖励：</p><table>"
                    "<tr><th>类别</th><th>条件</th><th>奖励</th></tr>"
                    "<tr><td>甲类</td><td></td><td>50万元</td></tr>"
                    "<tr><td>乙类</td><td>首次认定</td><td>20万元</td></tr></table></div></body></html>", "utf-8")
    assert read_document(path).split("\n") == ["按下表给予奖励：", "类别为甲类，奖励为50万元。",
                                               "类别为乙类，条件为首次认定，奖励为20万元。"]


# ---------------------------------------------------------------- .txt / .md


def test_txt_gb18030_and_cleanup(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("\u3000\u3000第一条\u00a0总则[bookmark: _GoBack]\r\n\r\n  第二条 附则  \n".encode("gb18030"))
    assert read_document(path) == "第一条 总则\n第二条 附则"


def test_md_utf8_with_bom(tmp_path):
    path = tmp_path / "notice.MD"
    path.write_bytes("\ufeff# 通知\n\n正文。\n".encode("utf-8"))
    assert read_document(path) == "# 通知\n正文。"


# ---------------------------------------------------------------- rejoin_wrapped

LONG = "本市参保企业按规定申请稳岗返还资金，资金审核拨付和监督管理工作由市"  # 33 chars, no closer


@pytest.mark.parametrize(
    "lines, expected",
    [
        pytest.param([], [], id="empty"),
        pytest.param([LONG, "财政局负责。"], [LONG + "财政局负责。"], id="department-split"),
        pytest.param([LONG, LONG, "末行。"], [LONG + LONG + "末行。"], id="three-line-paragraph"),
        pytest.param([LONG + "。", "下一段。"], [LONG + "。", "下一段。"], id="sentence-end"),
        pytest.param([LONG + "：", "下一段"], [LONG + "：", "下一段"], id="colon-end"),
        pytest.param([LONG + "）", "下一段"], [LONG + "）", "下一段"], id="bracket-end"),
        pytest.param([LONG, "一、总体要求"], [LONG, "一、总体要求"], id="section"),
        pytest.param([LONG, "（一）补贴对象"], [LONG, "（一）补贴对象"], id="clause"),
        pytest.param([LONG, "第三条 申请"], [LONG, "第三条 申请"], id="article"),
        pytest.param([LONG, "第二章 管理"], [LONG, "第二章 管理"], id="chapter"),
        pytest.param([LONG, "1. 企业"], [LONG, "1. 企业"], id="arabic-item"),
        pytest.param([LONG, "（1）企业"], [LONG, "（1）企业"], id="arabic-clause"),
        pytest.param([LONG, "附件：申请表"], [LONG, "附件：申请表"], id="attachment"),
        pytest.param([LONG, "2025年3月10日"], [LONG, "2025年3月10日"], id="date"),
        pytest.param([LONG, "某府发〔2026〕9号"], [LONG, "某府发〔2026〕9号"], id="doc-number-stands-alone"),
        pytest.param([LONG, "3.5万元以内。"], [LONG + "3.5万元以内。"], id="decimal-is-not-an-item"),
        pytest.param(
            ["关于做好稳岗返还工作的通知", LONG + "。", "成都市财政局", "2025年3月10日"],
            ["关于做好稳岗返还工作的通知", LONG + "。", "成都市财政局", "2025年3月10日"],
            id="title-signature-date-stay",
        ),
        pytest.param(
            ["这是一个较短的行", "另一行"], ["这是一个较短的行", "另一行"], id="all-short-never-joins"
        ),
        pytest.param(
            ["The employer shall apply for the subsidy through the", "online system."],
            ["The employer shall apply for the subsidy through the online system."],
            id="english-joins-with-space",
        ),
        pytest.param([LONG + "每张床位补贴12", "00元。"], [LONG + "每张床位补贴1200元。"], id="number-cut-by-the-wrap"),
        pytest.param([LONG + "参照ISO 90", "01执行。"], [LONG + "参照ISO 90 01执行。"], id="ascii-word-after-a-space"),
        pytest.param(["  " + LONG + " ", "", " 财政局。"], [LONG + "财政局。"], id="strips-and-drops-empty"),
    ],
)
def test_rejoin_wrapped(lines, expected):
    assert rejoin_wrapped(lines) == expected


@pytest.mark.parametrize("line", ["- 1 -", "— 2 —", "－3－", "第 3 页", "第3页 共10页", "3", "3/10", "Page 3", "page 3 of 10"])
def test_page_numbers(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["第三条", "2025年3月10日", "3.5万元", "一、总则", "1. 企业"])
def test_not_page_numbers(line):
    assert not is_page_number(line)


# ---------------------------------------------------------------- errors


def _error(path) -> str:
    with pytest.raises(BadDocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(path.name + ": ")
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01not a pdf at all\xff" * 50, b"%PDF-1.4\n1 0 obj<<>>\n truncated download"],
    ids=["garbage", "truncated"],
)
def test_broken_pdf(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    assert "cannot be opened as a PDF" in _error(path)


def test_zip_that_is_not_docx(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert "cannot be opened as a Word .docx file" in _error(path)


def test_unsupported_suffix_lists_supported(tmp_path):
    path = tmp_path / "budget.xls"
    path.write_bytes(b"anything")
    message = _error(path)
    assert "'.xls'" in message and all(suffix in message for suffix in SUPPORTED)


def test_empty_txt(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes("\ufeff \r\n\u3000\xa0\n[bookmark: _GoBack]\n".encode("utf-8"))
    assert "contains no text" in _error(path)


def test_undecodable_txt_names_offset(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"abc\xff\xfe\xff")
    message = _error(path)
    assert "offset 3" in message and "UTF-8" in message and "GB18030" in message


def test_missing_file(tmp_path):
    assert "file not found" in _error(tmp_path / "missing.pdf")
