"""Spoken-form normalization: digits, dates, times, phones and symbols as Mandarin is read aloud.

The offline voice only knows Chinese characters, so everything numeric must be
spelled out first; Edge reads most of it well itself (`--normalize` forces it).
Display text (captions, chapter titles) always keeps the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]
_BIG = ["", "万", "亿", "万亿"]
# Words after which 2 is read 两 (两个, 两位, 两小时...).
MEASURE_WORDS = (
    "个|位|名|人|次|天|年|岁|本|件|条|只|张|台|辆|场|项|种|户|家|所|座|栋|幢|层|间|套|块|份|双|对|批|支|"
    "小时|分钟|点钟|点|周|星期|个月|公里|千米|米|公斤|斤|吨|元|块钱|角|毛|倍|遍|趟|节|门|架|艘|棵|盏|杯|瓶|碗|口|班|组|队"
)
_CJK = r"[\u4e00-\u9fff]"


def cardinal(n: int) -> str:
    """Read an integer: 12 -> 十二, 105 -> 一百零五, 20000 -> 两万, 1550 -> 一千五百五十."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + cardinal(-n)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    zero_pending = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or g < 1000):
            out += "零"
        out += _group(g) + _BIG[i]
        zero_pending = False
    if out.startswith("一十"):
        out = out[1:]  # 十二, not 一十二
    # 两 reads naturally before 千/万/亿 at the head of a number (两万, 两千).
    return re.sub(r"^二(?=[千万亿])", "两", out)


def _group(g: int) -> str:
    out = ""
    zero = False
    for pos in (3, 2, 1, 0):
        d = g // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + _UNITS[pos]
    return out


def digit_by_digit(s: str, yao: bool = False) -> str:
    """Read digits one by one (years, codes); phone numbers read 1 as 幺."""
    return "".join(("幺" if yao and c == "1" else DIGITS[int(c)]) if c.isdigit() else "" for c in s)


def decimal(s: str) -> str:
    """3.5 -> 三点五, 0.25 -> 零点二五."""
    whole, _, frac = s.partition(".")
    return cardinal(int(whole or "0")) + ("点" + digit_by_digit(frac) if frac else "")


def spoken_time(h: str, m: str) -> str:
    """9:00 -> 九点, 9:30 -> 九点三十分, 14:05 -> 十四点零五分."""
    hour = cardinal(int(h)).replace("二", "两") if int(h) == 2 else cardinal(int(h))
    minutes = int(m)
    if minutes == 0:
        return f"{hour}点"
    if minutes < 10:
        return f"{hour}点零{DIGITS[minutes]}分"
    return f"{hour}点{cardinal(minutes)}分"


def _number(s: str) -> str:
    return decimal(s) if "." in s else cardinal(int(s))


_UNIT_WORDS = {
    "km": "公里",
    "kg": "公斤",
    "cm": "厘米",
    "mm": "毫米",
    "ml": "毫升",
    "mL": "毫升",
    "kW": "千瓦",
    "kWh": "千瓦时",
    "m": "米",
    "g": "克",
    "L": "升",
}


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

_RULES: list[_Rule] = [
    # Thousands separators: 1,000 -> 1000 (only groups of exactly three digits).
    (re.compile(r"(?<=\d),(?=\d{3}(?!\d))"), lambda m: ""),
    # Mobile and landline phone numbers, hotlines: digit by digit, 1 as 幺.
    (
        re.compile(r"(?<!\d)(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[-－ ]?\d{7,8}|400[- ]?\d{3}[- ]?\d{4})(?!\d)"),
        lambda m: digit_by_digit(m.group(0), yao=True),
    ),
    (
        re.compile(r"(电话|热线|拨打|致电|联系|号码)([:：]?\s*)(\d{3,12})(?!\d)"),
        lambda m: m.group(1) + m.group(2) + digit_by_digit(m.group(3), yao=True),
    ),
    # ISO-like dates: 2020-03-01, 2020/3/1, 2020.3.1
    (
        re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])"),
        lambda m: f"{digit_by_digit(m.group(1))}年{cardinal(int(m.group(2)))}月{cardinal(int(m.group(3)))}日",
    ),
    # Clock time ranges and times: 9:00-11:00 -> 九点到十一点
    (
        re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})\s*[-－~～至到]\s*(\d{1,2})[:：](\d{2})(?!\d)"),
        lambda m: f"{spoken_time(m.group(1), m.group(2))}到{spoken_time(m.group(3), m.group(4))}",
    ),
    (re.compile(r"(?<!\d)([01]?\d|2[0-4])[:：]([0-5]\d)(?!\d)"), lambda m: spoken_time(m.group(1), m.group(2))),
    # Percentages and permille
    (re.compile(r"(\d+(?:\.\d+)?)\s*[%％]"), lambda m: "百分之" + _number(m.group(1))),
    (re.compile(r"(\d+(?:\.\d+)?)\s*‰"), lambda m: "千分之" + _number(m.group(1))),
    # Years digit by digit: 2019年, 2020-2021年
    (
        re.compile(r"(?<!\d)(\d{4})\s*[-－~～至到]\s*(\d{4})年"),
        lambda m: f"{digit_by_digit(m.group(1))}到{digit_by_digit(m.group(2))}年",
    ),
    (re.compile(r"(?<!\d)(\d{4})(?=年(?![龄级纪代]))"), lambda m: digit_by_digit(m.group(1))),
    # Numeric ranges: 4月1日-5日, 10-15人 -> 至 / 到
    (
        re.compile(r"(?<=[日号])\s*[-－~～]\s*(?=\d{1,2}[日号])"),
        lambda m: "至",
    ),
    (
        re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[-－~～]\s*(\d+(?:\.\d+)?)(?![\d.])"),
        lambda m: f"{_number(m.group(1))}到{_number(m.group(2))}",
    ),
    # Temperatures and common units/symbols
    (re.compile(r"[-－](\d+(?:\.\d+)?)\s*(?:℃|°C)"), lambda m: "零下" + _number(m.group(1)) + "摄氏度"),
    (re.compile(r"(\d+(?:\.\d+)?)\s*(?:℃|°C)"), lambda m: _number(m.group(1)) + "摄氏度"),
    (re.compile(r"[¥￥]\s*(\d+(?:\.\d+)?)"), lambda m: _number(m.group(1)) + "元"),
    (re.compile(r"\$\s*(\d+(?:\.\d+)?)"), lambda m: _number(m.group(1)) + "美元"),
    (re.compile(r"(?<=\d)\s*(?:㎡|m²|平米)"), lambda m: "平方米"),
    (re.compile(r"(?<=\d)\s*(km|kg|cm|mm|ml|mL|kW|kWh|m|g|L)(?![A-Za-z])"), lambda m: _UNIT_WORDS[m.group(1)]),
    (re.compile(r"(?<=元)/(?=[\u4e00-\u9fff])"), lambda m: "每"),
    # A list item number at the start: "1.血压" -> "一、血压"
    (re.compile(r"^(\d{1,2})[.．、)）]\s*(?=\D)"), lambda m: cardinal(int(m.group(1))) + "、"),
    # Room numbers digit by digit: 住在502, 302室
    (re.compile(r"(?<=住在)(\d{3,4})|(\d{3,4})(?=室|房间|号房)"), lambda m: digit_by_digit(m.group(0))),
    # Ordinals: 第2 -> 第二 (never 两)
    (re.compile(r"第\s*(\d+)"), lambda m: "第" + cardinal(int(m.group(1)))),
    # Long digit strings without a unit are codes or numbers read digit by digit.
    (re.compile(r"(?<![\d.])(\d{7,})(?![\d.]|\s*[万亿元人])"), lambda m: digit_by_digit(m.group(1))),
    # 2 before a measure word is 两: 2个 -> 两个
    (re.compile(rf"(?<![\d.])2(?=\s*(?:{MEASURE_WORDS}))"), lambda m: "两"),
    (re.compile(r"(\d+\.\d+)"), lambda m: decimal(m.group(1))),
    (re.compile(r"(\d+)"), lambda m: cardinal(int(m.group(1)))),
    (re.compile(r"(?<=[\u4e00-\u9fff])\s*[+＋]\s*(?=[\u4e00-\u9fff])"), lambda m: "加"),
    (re.compile(r"[~～]"), lambda m: "到"),
]


@lru_cache(maxsize=8192)
def spoken_form(text: str) -> str:
    """Spell numbers, dates, times, phone numbers and symbols out in Chinese."""
    if not re.search(r"[\d%％‰℃¥￥$~～+＋㎡]", text):
        return text
    for pattern, fn in _RULES:
        text = pattern.sub(fn, text)
    return text
