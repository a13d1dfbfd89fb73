"""English names of Chinese government bodies, composed from a general glossary.

The glossary is the usual English naming of Chinese government departments (as on
gov.cn English pages: "Education Bureau", "Development and Reform Commission"…), a
table of general terms and not the words of any one notice. A name is read as
level prefix + body (市科技局 → Municipal Science and Technology Bureau; 成都市财政局 →
Chengdu Municipal Finance Bureau); a name it cannot read is kept in Chinese.
"""

from __future__ import annotations

import re

BODIES = {
    "教育局": "Education Bureau", "教育厅": "Department of Education", "教育部": "Ministry of Education",
    "科技局": "Science and Technology Bureau", "科学技术局": "Science and Technology Bureau",
    "科技厅": "Department of Science and Technology", "科学技术厅": "Department of Science and Technology",
    "财政局": "Finance Bureau", "财政厅": "Department of Finance", "财政部": "Ministry of Finance",
    "财政金融局": "Finance Bureau",
    "人社局": "Human Resources and Social Security Bureau",
    "人力资源和社会保障局": "Human Resources and Social Security Bureau",
    "人力资源社会保障局": "Human Resources and Social Security Bureau",
    "人力资源和社会保障厅": "Department of Human Resources and Social Security",
    "发改委": "Development and Reform Commission", "发展和改革委员会": "Development and Reform Commission",
    "发展改革委": "Development and Reform Commission", "发改局": "Development and Reform Bureau",
    "经信局": "Economic and Information Technology Bureau", "经济和信息化局": "Economic and Information Technology Bureau",
    "商务局": "Commerce Bureau", "商务厅": "Department of Commerce",
    "卫健委": "Health Commission", "卫生健康委员会": "Health Commission",
    "住建局": "Housing and Urban-Rural Development Bureau", "住房和城乡建设局": "Housing and Urban-Rural Development Bureau",
    "市场监管局": "Market Regulation Administration", "市场监督管理局": "Market Regulation Administration",
    "税务局": "Tax Bureau", "统计局": "Statistics Bureau", "外办": "Foreign Affairs Office",
    "社会事业局": "Social Affairs Bureau", "投资促进局": "Investment Promotion Bureau",
    "知识产权局": "Intellectual Property Office", "农业农村局": "Agriculture and Rural Affairs Bureau",
    "文广旅局": "Culture, Radio, Television and Tourism Bureau", "司法局": "Justice Bureau",
    "委组织部": "Organization Department of the CPC Committee", "组织部": "Organization Department",
    "委宣传部": "Publicity Department of the CPC Committee", "人才办": "Talent Office",
    "党工委组织部": "Organization Department of the Party Working Committee",
    "人民政府": "People's Government", "政府": "Government", "办公厅": "General Office", "办公室": "Office",
    "管委会": "Administrative Committee",
}
LEVELS = {"省": "Provincial", "市": "Municipal", "区": "District", "县": "County", "国家": "National"}
_PLACES = re.compile(r"^(四川省|成都市|[\u4e00-\u9fff]{2,4}(?:省|市|区|县|高新区|新区))")


def department_en(name: str) -> str:
    """'市科技局' → 'Municipal Science and Technology Bureau'; unknown names stay as they are."""
    name = name.strip()
    rest, place = name, ""
    if rest.startswith("中共"):
        rest = rest[2:]
    found = _PLACES.match(rest)
    while found and rest != found.group(1):  # 成都市锦江区…: the innermost place names the level
        place_zh = found.group(1)
        rest = rest[len(place_zh):]
        level = LEVELS.get(place_zh[-1], "")
        place = place_zh[:-1] if place_zh[-1] in LEVELS else place_zh
        place = {"四川": "Sichuan", "成都": "Chengdu"}.get(place, place)
        place = f"{place} {level}".strip() if re.fullmatch(r"[A-Za-z ]+", place) else level
        found = _PLACES.match(rest)
    level = ""
    for prefix, english in LEVELS.items():
        if rest.startswith(prefix) and rest[len(prefix):] in BODIES:
            level, rest = english, rest[len(prefix):]
            break
    body = BODIES.get(rest)
    if body is None:
        return name
    return " ".join(part for part in (place, level, body) if part)
