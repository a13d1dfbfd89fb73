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
    "管委会": "Administrative Committee", "管理委员会": "Administrative Committee",
    "街道办事处": "Sub-district Office", "街道办": "Sub-district Office", "乡镇人民政府": "Township Government",
    "公安局": "Public Security Bureau", "公安厅": "Department of Public Security", "民政局": "Civil Affairs Bureau",
    "自然资源和规划局": "Natural Resources and Planning Bureau", "自然资源局": "Natural Resources Bureau",
    "生态环境局": "Ecology and Environment Bureau", "应急管理局": "Emergency Management Bureau",
    "国资委": "State-owned Assets Supervision and Administration Commission",
    "金融工作局": "Financial Work Bureau", "地方金融监督管理局": "Local Financial Supervision and Administration Bureau",
    "金融监管局": "Financial Regulatory Bureau", "审计局": "Audit Bureau", "医保局": "Healthcare Security Bureau",
    "医疗保障局": "Healthcare Security Bureau", "交通运输局": "Transport Bureau", "水务局": "Water Affairs Bureau",
    "退役军人事务局": "Veterans Affairs Bureau", "科协": "Association for Science and Technology",
    "科学技术协会": "Association for Science and Technology", "总工会": "Federation of Trade Unions",
    "团委": "Communist Youth League Committee", "妇联": "Women's Federation", "残联": "Disabled Persons' Federation",
    "经济发展局": "Economic Development Bureau", "新经济委": "New Economy Commission",
    "大数据中心": "Big Data Center", "教育和体育局": "Education and Sports Bureau",
}
ZONES = {"高新区": "Hi-tech Zone", "新区": "New Area", "经开区": "Economic and Technological Development Zone"}
LEVELS = {"省": "Provincial", "市": "Municipal", "区": "District", "县": "County", "国家": "National"}
_PLACES = re.compile(r"^(四川省|成都市|[\u4e00-\u9fff]{2,4}(?:省|市|区|县|高新区|新区|经开区))")


def _romanised(place: str) -> str:
    """A place name in pinyin as English writes it: 锦江 → Jinjiang, 成都 → Chengdu."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(place)).capitalize()


def department_en(name: str) -> str:
    """'市科技局' → 'Municipal Science and Technology Bureau'; 各街道办事处 → 'each Sub-district
    Office'; unknown names stay as they are."""
    name = name.strip()
    if name.startswith("各") and len(name) > 2:  # 各街道办事处: every one of them
        inner = department_en(name[1:])
        return name if inner == name[1:] else f"each {inner}"
    rest, place = name, ""
    if rest.startswith("中共"):
        rest = rest[2:]
    found = _PLACES.match(rest)
    while found and rest != found.group(1):  # 成都市锦江区…: the innermost place names the level
        place_zh = found.group(1)
        rest = rest[len(place_zh):]
        zone = next((z for z in ZONES if place_zh.endswith(z)), "")
        if zone:  # 成都高新区 → Chengdu Hi-tech Zone
            place = f"{_romanised(place_zh[:-len(zone)])} {ZONES[zone]}".strip()
        else:
            level = LEVELS.get(place_zh[-1], "")
            place = place_zh[:-1] if place_zh[-1] in LEVELS else place_zh
            place = f"{_romanised(place)} {level}".strip() if place else level
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
