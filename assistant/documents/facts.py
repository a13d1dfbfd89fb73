"""A document's facts read from its text: 文号, title, issuers, dates, validity, responsible units.

Pure functions over lines and clause texts. The patterns are the general forms Chinese
official documents use (GB/T 9704 layout of 文号, 落款 and 成文日期; the usual validity
sentences), never the words of one notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import cn2an
from dateutil.relativedelta import relativedelta

from assistant.documents.loaders import DOC_NUMBER

_DATE = re.compile(r"((?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
                   r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
_DATE_LINE = re.compile(rf"^\s*{_DATE.pattern}\s*$")
_TITLE_IN_BOOK_MARKS = re.compile(r"关于印发《([^》]+)》的通知")
_ISSUER_BEFORE_GUANYU = re.compile(r"^(.{2,80}?)关于")
_TITLE_SHAPED = re.compile(r"^[^。；，,：:]{0,60}关于[^。；：:]{2,80}的(?:通知|意见|办法|决定|规定|若干措施|措施|细则|方案|批复|公告|函)$")
_NUMBER = r"[\d一二两三四五六七八九十]+"
_EFFECTIVE_ON_ISSUE = re.compile(r"自(?:印发|发布|公布|签发)之日起(?:施行|执行|实施|生效)")
_EFFECTIVE_FROM = re.compile(rf"自\s*{_DATE.pattern}\s*起(?:施行|执行|实施|生效)")
_VALID_UNTIL = re.compile(rf"有效期至\s*{_DATE.pattern}|{_DATE.pattern}\s*(?:起)?(?:废止|失效)")
_VALID_FOR = re.compile(rf"有效期(?:为)?\s*({_NUMBER})\s*(年|个月)")
_RESPONSIBLE = (
    # （牵头单位：区委组织部（区人才办）；配合单位：…）: a unit's own brackets stay inside
    re.compile(r"[（(](?:责任单位|牵头单位|责任部门|牵头部门)[：:]((?:[^（()）]|[（(][^（()）]*[）)])+)[）)]"),
    re.compile(r"(?:责任单位|牵头单位|责任部门|牵头部门)[：:]([^。；）)]+)"),
    re.compile(r"由((?:[\u4e00-\u9fff]{2,20}?(?:局|委|厅|部|办|府|会|院|处|室|中心|办公室)(?:[、，和及]|会同)?){1,8})"
               r"(?:共同|联合|会同)?负责"),
    # 市教育局会同市财政局、市税务局制定…; 经市外办会同市商务局认定: the lead body and those it works with
    re.compile(r"(?:^|[，。；由经])((?:市|区|县|省|成都市|四川省)[\u4e00-\u9fff]{1,14}?(?:局|委|厅|部|办|室|中心)会同"
               r"(?:[\u4e00-\u9fff]{2,15}?(?:部门|局|委|厅|部|办|府|会|院|处|室|中心)[、，和及]?){1,6})"),
)
# Between units: 、，；, 会同, and 和/及 only after a unit's last character (经济和信息化局 is one name)
_UNNAMED = ("相关", "有关", "其他", "各相关", "各有关")  # 会同相关部门: no body is named
_UNIT_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:单位|部门)[：:]")  # …；配合单位：区财政局
_UNIT_SPLIT = re.compile(r"会同|[、，,；;\s]+|(?<=[局委厅部办府会院处室心])(?:和|及)")
# Labelled metadata lines of government web pages: 发文字号：… 发布机构：… 成文日期：…
_LABELLED_ISSUERS = re.compile(r"^(?:发文机关|发布机构|发文单位|印发机关|发文机构)\s*[：:]\s*(.+)$")
_LABELLED_DATE = re.compile(r"^(?:成文日期|发布日期|印发日期|发文日期)\s*[：:]\s*(.+)$")


def parse_date(text: str) -> date | None:
    found = _DATE.search(text)
    if not found:
        return None
    year, month, day = found.groups()
    if not year.isdigit():
        year = "".join(str("〇一二三四五六七八九".index(ch.replace("零", "〇"))) for ch in year)
    try:
        return date(int(year), _int(month), _int(day))
    except ValueError:
        return None


def _int(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def find_doc_number(lines: list[str]) -> str:
    """The document's own 文号: one standing on its own line first, else the first one."""
    for line in lines:
        found = DOC_NUMBER.search(line)
        if found and len(line) <= len(found.group(0)) + 4:
            return re.sub(r"\s+", "", found.group(0))
    for line in lines:
        found = DOC_NUMBER.search(line)
        if found and "根据" not in line[: found.start()] and "《" not in line[: found.start()]:
            return re.sub(r"\s+", "", found.group(0))
    return ""


def find_title(lines: list[str], doc_number: str) -> str:
    """The notice's title: what 关于印发《…》的通知 names, else a 关于…的通知 line, else the first
    line that is neither the 文号, a date nor the letterhead (…文件). A title the layout broke over
    two or three lines (a PDF's centred title, a Word file's manual breaks) is read joined."""
    head = lines[:8]
    plain = lambda line: not DOC_NUMBER.search(line) and not _LETTERHEAD.search(line)  # noqa: E731
    joined = ["".join(head[i:i + n]) for n in (1, 2, 3) for i in range(len(head) - n + 1)  # single lines first
              if n == 1 or all(plain(line) for line in head[i:i + n])]
    for text in joined:
        inner = _TITLE_IN_BOOK_MARKS.search(text)
        if inner:
            return inner.group(1)
    for text in joined:  # below a red header of several issuers' names: 关于…的通知
        if _TITLE_SHAPED.match(text):
            return text.strip("《》")
    for text in joined:  # 某区支持某产业发展的若干措施: a line named for the kind of document it is
        if _TITLE_KIND.search(text) and not re.search(r"[。；，,：:]", text) and len(text) >= 8:
            return text.strip("《》")
    for line in lines[:6]:
        if line != doc_number and not _DATE_LINE.match(line) and len(line) >= 6 and not _LETTERHEAD.search(line):
            return line.strip("《》")
    return lines[0] if lines else ""


_TITLE_KIND = re.compile(r"(?:通知|意见|办法|决定|规定|措施|细则|方案|政策|条例|规划|指引)》?$")
_LETTERHEAD = re.compile(r"文件$")  # 某某人民政府办公室文件: the red letterhead, not the title


def find_issue_date(preamble: list[str], closing: list[str]) -> tuple[date | None, int | None, str]:
    """(date, index of its line, 'preamble'|'closing'); a date alone on a line, the 成文日期."""
    for where, lines in (("closing", closing), ("preamble", preamble)):
        for index, line in enumerate(lines):
            if _DATE_LINE.match(line.replace(" ", "")):
                return parse_date(line), index, where
    for index, line in enumerate(preamble):
        labelled = _LABELLED_DATE.match(line)
        if labelled and parse_date(labelled.group(1)):
            return parse_date(labelled.group(1)), None, "preamble"
    return None, None, ""


def find_issuers(lines: list[str], date_index: int | None, title_line: str) -> list[str]:
    """The signing bodies: the short lines just above the date; else the title's '…关于' prefix."""
    issuers: list[str] = []
    for line in lines:
        labelled = _LABELLED_ISSUERS.match(line)
        if labelled:
            return [part for part in re.split(r"[\s、，,]+", labelled.group(1)) if part]
    if date_index is not None:
        for line in reversed(lines[:date_index]):
            if re.search(r"[。：:；，,]", line) or len(line) > 60 or DOC_NUMBER.search(line):
                break
            issuers[:0] = [part for part in re.split(r"\s{1,}", line) if part]
    if not issuers and title_line:
        prefix = _ISSUER_BEFORE_GUANYU.match(title_line)
        if prefix:
            issuers = [part for part in re.split(r"[\s、]+", prefix.group(1)) if part]
    return issuers


@dataclass(frozen=True)
class Validity:
    effective: date | None
    expires: date | None  # first day no longer in force
    text: str
    clause: int | None


def find_validity(clauses: list[tuple[int, str]], issued: date | None) -> Validity:
    """From the sentences that state it: 自印发之日起施行 / 自2025年4月1日起施行 / 有效期三年 /
    有效期至2028年3月31日 (the last day in force)."""
    effective, expires, text, where = None, None, "", None
    for number, clause_text in clauses:
        for sentence in re.split(r"(?<=[。；])", clause_text):
            hit = False
            if _EFFECTIVE_ON_ISSUE.search(sentence):
                effective, hit = issued, True
            found = _EFFECTIVE_FROM.search(sentence)
            if found:
                effective, hit = parse_date(found.group(0)), True
            found = _VALID_UNTIL.search(sentence)
            if found:
                last_day = parse_date(found.group(0))
                if last_day:
                    expires = last_day + timedelta(days=1) if "有效期至" in found.group(0) else last_day
                    hit = True
            found = _VALID_FOR.search(sentence)
            if found and expires is None:
                start = effective or issued
                amount = _int(found.group(1))
                if start is not None:
                    delta = relativedelta(years=amount) if found.group(2) == "年" else relativedelta(months=amount)
                    expires = start + delta
                hit = True
            if hit:
                text = (text + sentence.strip()) if where == number else sentence.strip()
                where = number
    return Validity(effective or issued, expires, text, where)


def split_units(text: str) -> tuple[str, ...]:
    """The bodies a run of names lists (市科技局、市财政局 / 区经济和信息化局和区财政局), the unnamed
    (相关部门) left out."""
    units = (_UNIT_LABEL.sub("", unit) for unit in _UNIT_SPLIT.split(text))
    return tuple(unit for unit in units if len(unit) >= 2 and not unit.startswith(_UNNAMED))


def find_responsible(text: str) -> tuple[str, ...]:
    for pattern in _RESPONSIBLE:
        found = pattern.search(text)
        if found:
            named = split_units(found.group(1))
            if named:
                return named
    return ()


# Clauses nearly every notice carries that answer questions about the notice itself rather than
# about a payment: who interprets it, what befalls a false claim, when claims are made. Each is
# found by the boilerplate such clauses are written in, and scored by how many of its marks a
# clause carries (a clause of exclusions that mentions a false claim in passing scores lower
# than the clause on false claims).
_FACET_MARKS: dict[str, tuple[tuple[re.Pattern, ...], ...]] = {
    "interpretation": ((re.compile(r"由[^。；]{2,80}?负责(?:对本\S{1,6})?解释|解释权(?:归|属)|负责解释"),),),
    "penalty": ((re.compile(r"骗取|虚报|冒领|弄虚作假|套取|伪造|欺诈|不实"),),
                (re.compile(r"追回|收回|取消|失信|追究|不得(?:再)?申报|不予(?:受理|支持)"),)),
    "application": ((re.compile(r"集中申报|申报时间|受理时间|申报期|逾期(?:未|不)?(?:申报|提交)|补报|"
                                r"每年\s*[\d一二三四五六七八九十]{1,3}\s*月[^。]{0,30}(?:申报|受理|申请)"),),),
    "exclusion": ((re.compile(r"有下列情形之一|不得享受|不予支持|不得申报|不予受理|不得申请|不予(?:享受|申报)|"
                              r"未发生|未被列入"),),
                  (re.compile(r"事故|失信|违法|违规|拖欠|处罚"),)),
    "eligibility": ((re.compile(r"适用于|适用范围|支持对象|申报主体|申报条件|申请条件|应当(?:同时)?(?:具备|符合|满足)"),),
                    (re.compile(r"注册|纳税|税务|统计关系|登记"),)),
    "overlap": ((re.compile(r"不(?:得|再|予)?重复(?:享受|支持|申报|计算|补贴|奖励)?|就高|从高|择优|择一|"
                            r"不(?:得|予|可)?叠加|不(?:得|能|可)同时享受|只能(?:选择|享受)其中"),),),
}
FACETS = tuple(_FACET_MARKS)


def facet_score(facet: str, text: str) -> int:
    """How strongly a clause's text reads as the clause on `facet` (0: not at all). Every group of
    marks must be met; the score counts the marks found."""
    groups = _FACET_MARKS[facet]
    found = [sum(len(pattern.findall(text)) for pattern in group) for group in groups]
    return sum(found) if all(found) else 0


def facet_clause(facet: str, clauses: list[tuple[int, str]]) -> int | None:
    """The clause of a document on `facet` (the highest score; of equals, the later one, as such
    clauses stand near the end), or None when no clause is."""
    scored = [(facet_score(facet, text), number) for number, text in clauses if number]
    best = max(scored, default=(0, None))
    return best[1] if best[0] else None
