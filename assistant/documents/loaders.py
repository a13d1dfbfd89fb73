"""Turn a notice file (.txt .md .docx .pdf .html) into plain text, one paragraph per line.

`read_document` is the only I/O entry point. The text-shaping helpers below it
(`clean_lines`, `is_page_number`, `rejoin_wrapped`, `html_to_lines`) are pure
functions of their input, so they can be tested on plain lists and strings.

Every failure raises `BadDocumentError` with a message of the form
"<file name>: <what is wrong>; <how to fix it>", never a traceback.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from pathlib import Path

from assistant.errors import BadDocumentError
from assistant.documents.tables import CELL_SEPARATOR, spell_out_tables

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")

# ---------------------------------------------------------------- pure helpers

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")  # Word export residue, e.g. [bookmark: _GoBack]
_SPACES = str.maketrans({"\u3000": " ", "\xa0": " ", "\u200b": None, "\ufeff": None})


def clean_lines(text: str) -> list[str]:
    """Normalise ideographic/no-break spaces, drop Word artefacts, strip lines, drop empty ones."""
    text = _ARTEFACT.sub("", text.translate(_SPACES))
    return [line.strip() for line in text.splitlines() if line.strip()]


_DASH = r"[-‐‑‒–—―－~～]"
_PAGE_NUMBER = re.compile(
    rf"^(?:{_DASH}*\s*\d+\s*{_DASH}*"  # "3", "- 1 -", "— 2 —"
    r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"  # "第 3 页", "第3页 共10页"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"  # "共10页 第3页"
    r"|\d+\s*/\s*\d+"  # "3/10"
    r"|page\s*\d+(?:\s*(?:of|/)\s*\d+)?)$",  # "Page 3", "Page 3 of 10"
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number in one of the usual notations."""
    return bool(_PAGE_NUMBER.match(line.strip()))


# A line ending with one of these closes a sentence, clause or heading: never join after it.
_CLOSERS = set("。！？；：…”’）」』】》〉.!?;:)]")
_NUM = "一二三四五六七八九十百零〇两"
# A line starting like this opens a new structural unit: never join onto it.
# A 文号 (某府发〔2026〕9号): the brackets and the year are what make it one, whatever the issuer's name
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}\s*[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d+\s*号")
_STRUCTURAL = re.compile(
    rf"^(?:[{_NUM}]+、"  # 一、
    rf"|[（(][{_NUM}]+[）)]"  # （一）
    rf"|第[{_NUM}\d]+[条章节款部分]"  # 第三条 第二章
    r"|\d+\s*[.．、](?!\d)"  # 1.  2、  (but not 3.5万元)
    r"|[（(]\d+[）)]"  # （1）
    r"|附件|抄送|附：|注："
    rf"|[\d{_NUM}]{{4}}\s*年\s*[\d{_NUM}]{{1,3}}\s*月\s*[\d{_NUM}]{{1,3}}\s*日$"  # 2025年3月10日
    rf"|{DOC_NUMBER.pattern}$)"  # a 文号 on its own line, under a title the PDF wrapped
)
WRAP_RATIO = 0.8  # a line at least this fraction of the typical long line counts as "full width"
WRAP_PERCENTILE = 0.8  # "typical long line" = this percentile of line widths
MIN_WRAP_WIDTH = 20  # below this (≈10 CJK characters) a document has no wrapped lines to rejoin


def display_width(line: str) -> int:
    """Width in half-width cells: CJK and full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _full_width_threshold(lines: list[str]) -> float:
    widths = sorted(display_width(line) for line in lines)
    typical = widths[max(0, math.ceil(WRAP_PERCENTILE * len(widths)) - 1)]
    return max(WRAP_RATIO * typical, MIN_WRAP_WIDTH)


def _joiner(left: str, right: str) -> str:
    """Nothing between CJK text; a space between two pieces of ASCII text (English wraps), unless
    the left piece's last word is glued to CJK text: a number or code cut by the wrap
    (补贴12|00元, cut where the bar stands) is one word again."""
    a, b = left[-1], right[0]
    if not (a.isascii() and b.isascii() and a != "-"):
        return ""
    before = left.rstrip(_ASCII_WORD)
    return "" if before and not before[-1].isspace() and not before[-1].isascii() else " "


_ASCII_WORD = "".join(chr(c) for c in range(33, 127))  # printable ASCII but the space


def _ends_paragraph(line: str) -> bool:
    """Whether a line can end a paragraph: it ends a sentence or a heading, and no bracket is
    left open. A closing bracket ends one only after a sentence (…不重复支持。（责任单位：…）);
    投资额在200万元（含） goes on, as does a line that stops at （责任单位：."""
    if line.count("（") + line.count("(") > line.count("）") + line.count(")"):
        return False
    if line[-1] in "）)":
        opening = max(line.rfind("（"), line.rfind("("))
        return opening <= 0 or line[opening - 1] in "。！？；!?;"
    return line[-1] in _CLOSERS


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join lines that a PDF wrapped back into paragraphs.

    A line is joined with the next when it (1) does not end a sentence or heading,
    (2) is full width compared with the document's long lines, and (3) the next
    line does not open a new structural unit (一、 （一） 第X条 1. 附件, a date line).
    Short lines such as centred titles and signatures therefore stay separate.
    """
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return []
    threshold = _full_width_threshold(lines)
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):  # prev is the physical line before `line`
        wrapped = (
            CELL_SEPARATOR not in prev and CELL_SEPARATOR not in line  # a table row stands alone
            and not _ends_paragraph(prev)
            and display_width(prev) >= threshold
            and not _STRUCTURAL.match(line)
        )
        if wrapped:
            out[-1] += _joiner(prev, line) + line
        else:
            out.append(line)
    return out


_DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template")
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "main", "ul", "ol", "table", "blockquote", "pre", "dd", "dt")
_CELL_TAGS = ("td", "th")
_MAIN_HINT = re.compile(r"content|article|zoom", re.IGNORECASE)
_MAIN_SHARE = 0.25  # a main-content candidate must hold this share of the body's text
_BREAK, _CELL = "\ue000", "\ue001"  # private-use sentinels, survive whitespace collapsing
_GB_FAMILY = {"gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "cp936", "euc-cn"}


def _text_len(tag) -> int:
    return len("".join(tag.get_text().split()))


def _main_content(soup):
    """<article>/<main>, else the smallest id/class "content|article|zoom" element that is long; else body."""
    body = soup.body or soup
    enough = _MAIN_SHARE * _text_len(body)

    def long(tag) -> bool:
        return _text_len(tag) >= enough and _text_len(tag) > 0

    for name in ("article", "main"):
        tag = soup.find(name)
        if tag is not None and long(tag):
            return tag
    hinted = [
        tag for tag in body.find_all(True)
        if _MAIN_HINT.search(" ".join([tag.get("id") or "", *tag.get("class", [])])) and long(tag)
    ]
    return min(hinted, key=_text_len) if hinted else body


def html_to_lines(markup: bytes | str) -> list[str]:
    """Visible text of a web page's main content, one block element per line."""
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector

    encoding = None
    if isinstance(markup, bytes):  # gov sites declare gb2312 but use GBK characters: read as gb18030
        declared = EncodingDetector.find_declared_encoding(markup, is_html=True)
        if declared and declared.lower() in _GB_FAMILY:
            encoding = "gb18030"
    soup = BeautifulSoup(markup, "html.parser", from_encoding=encoding)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = _main_content(soup)
    title = _title_above(root)
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    for tag in root.find_all("br"):
        tag.replace_with(_BREAK)
    for tag in root.find_all(_CELL_TAGS):
        tag.insert_after(_CELL)
    lines = []
    for raw in root.get_text().split(_BREAK):
        pieces = [" ".join(piece.translate(_SPACES).split()) for piece in raw.split(_CELL)]
        if len(pieces) > 1 and not pieces[-1]:  # the sentinel after a row's last cell
            pieces.pop()
        line = CELL_SEPARATOR.join(pieces) if any(pieces) else ""  # empty cells kept: columns stay aligned
        if line:
            lines.append(line)
    if title and not any(title in line for line in lines[:3]):
        lines.insert(0, title)
    return clean_lines("\n".join(lines))


def _title_above(root) -> str:
    """The heading just before the text's own container, as one line: a CMS page puts the title
    (often broken with <br>) beside the container that holds the text, not in it. A heading with
    no text of its own (a site logo) is none."""
    if root.name == "body":
        return ""
    heading = root.find_previous(["h1", "h2", "h3"])
    text = " ".join(heading.get_text().split()) if heading is not None else ""
    return text if len(text) >= 6 else ""


# ---------------------------------------------------------------- file readers


def _fail(path: Path, problem: str) -> BadDocumentError:
    return BadDocumentError(f"{path.name}: {problem}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, f"file not found at {path}; check the path") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc}); check the path and permissions") from None


def decode_text(data: bytes, name: str = "text") -> str:
    """UTF-8 (with or without BOM), else GB18030; else an error naming the bad byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise BadDocumentError(
                f"{name}: is neither UTF-8 (bad byte at offset {utf8_error.start}) nor GB18030 "
                f"(bad byte at offset {gb_error.start}); re-save it as UTF-8 text"
            ) from None


def _read_text(path: Path) -> list[str]:
    return clean_lines(decode_text(_read_bytes(path), path.name))


def _docx_row(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell is repeated once per grid column: keep it once
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.translate(_SPACES).split()))  # empty ones too: columns stay aligned
    return CELL_SEPARATOR.join(cells) if any(cells) else ""


def _read_docx(path: Path) -> list[str]:
    import docx
    from docx.table import Table

    if not zipfile.is_zipfile(io.BytesIO(_read_bytes(path))):
        raise _fail(path, "cannot be opened as a Word .docx file (it is not a ZIP package: an old .doc "
                          "or another format renamed?); open it in Word/WPS and save it as .docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises PackageNotFoundError, BadZipFile, KeyError, lxml errors
        raise _fail(path, f"cannot be opened as a Word .docx file ({type(exc).__name__}: {exc}); "
                          "open it in Word/WPS and save it again as .docx (not .doc or .wps)") from None
    blocks = []
    for block in document.iter_inner_content():  # paragraphs and tables in body order
        if isinstance(block, Table):
            blocks.extend(_docx_row(row) for row in block.rows)
        else:
            blocks.append(block.text)
    return clean_lines("\n".join(blocks))


def _read_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    if b"%PDF-" not in _read_bytes(path)[:1024]:
        raise _fail(path, "cannot be opened as a PDF (no %PDF- header: not a PDF or a broken download); "
                          "download or export it again, or provide the text as .txt")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "is password-protected; remove the password or export the text as .txt")
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadDocumentError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError... on broken files
        raise _fail(path, f"cannot be opened as a PDF ({type(exc).__name__}: {exc}); "
                          "download or export it again, or provide the text as .txt") from None
    lines = [line for text in pages for line in clean_lines(text) if not is_page_number(line)]
    if not lines:
        raise _fail(path, "no text layer (a scanned image?); run OCR first or add the text as .txt")
    for rows in _pdf_tables(path):  # a ruled table's cells, each on lines of their own: one line a row
        lines = with_table_rows(lines, rows)
    return rejoin_wrapped(lines)  # over all pages at once, so page breaks are rejoined too


def _pdf_tables(path: Path) -> list[list[list[str]]]:
    """The ruled tables of a PDF as rows of cells (pdfplumber finds them by their lines); [] when
    it cannot read the file (its text still comes from pypdf)."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return [[[_one_line(cell or "") for cell in row] for row in table.extract()]
                    for page in pdf.pages for table in page.find_tables()]
    except Exception:  # pdfminer raises many kinds on odd files: the tables are a refinement only
        return []


def _one_line(cell: str) -> str:
    """A table cell's wrapped lines as one (投资额200万元 + （含）以上的: no space between CJK)."""
    pieces = [" ".join(piece.split()) for piece in cell.splitlines() if piece.strip()]
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += _joiner(out, piece) + piece
    return out


def with_table_rows(lines: list[str], rows: list[list[str]]) -> list[str]:
    """`lines` with the run of lines that holds a table's cells one after another replaced by the
    table's rows, cells joined by " | " (as the .docx and web readers give them); unchanged when
    the run is not found. A cell the text layer dropped (a lone "1" read as a page number) or
    wrapped over two lines is allowed for, also at the table's end (a rate table whose last cells,
    "800" and "15", were all dropped)."""
    def flat(text: str) -> str:
        return "".join(text.split())

    cells = [flat(cell) for row in rows for cell in row if flat(cell)]
    whole = "".join(cells)
    last_kept = next((cell for cell in reversed(cells) if not is_page_number(cell)), None)
    if len(cells) < 4 or last_kept is None:
        return lines
    table = [CELL_SEPARATOR.join(row) for row in rows]
    for start, line in enumerate(lines):
        if not flat(line) or not any(cell.startswith(flat(line)) for cell in cells[:3]):
            continue
        end, joined = start, ""
        while end < len(lines) and flat(lines[end]) and flat(lines[end]) in whole:
            joined += flat(lines[end])
            end += 1
            if joined.endswith(cells[-1]):
                return lines[:start] + table + lines[end:]
        if joined.endswith(last_kept):  # the cells after it were read as page numbers and dropped
            return lines[:start] + table + lines[end:]
    return lines


def _read_html(path: Path) -> list[str]:
    return html_to_lines(_read_bytes(path))


_READERS = {".txt": _read_text, ".md": _read_text, ".docx": _read_docx,
            ".pdf": _read_pdf, ".html": _read_html, ".htm": _read_html}


def read_document(path: Path) -> str:
    """The text of a notice file, one paragraph per line ("\\n" between paragraphs)."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise _fail(path, f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                          f"convert it to one of {', '.join(SUPPORTED)}")
    lines = spell_out_tables(reader(path))
    if not lines:
        raise _fail(path, "contains no text; check that it is the right file and not empty")
    return "\n".join(lines)
