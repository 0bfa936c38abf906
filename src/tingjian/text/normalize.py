"""Spoken-form normalization: digits, dates, times, phones and symbols as Mandarin is read aloud.

The offline voice only knows Chinese characters, so everything numeric must be
spelled out first; Edge reads most of it well itself (`--normalize` forces it).
Display text (captions, chapter titles) always keeps the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .chrome import chrome_words

DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]
_BIG = ["", "万", "亿", "万亿"]
# Words after which 2 is read 两 (两个, 两位, 两小时...).
MEASURE_WORDS = (
    "个|位|名|人|次|天|年|岁|本|件|条|只|张|台|辆|场|项|种|户|家|所|座|栋|幢|层|间|套|块|份|双|对|批|支|"
    "小时|分钟|点钟|点|周|星期|个月|公里|千米|米|公斤|千克|斤|克|吨|升|毫升|亩|元|块钱|角|毛|倍|遍|趟|节|门|架|艘|棵|盏|杯|瓶|碗|口|班|组|队"
)
# What a number counts or measures, besides the measure words: "2000美元", "2000平米".
_COUNTED = "万|亿|多|余|年|美元|港元|欧元|日元|英镑|平方|平米|户|人次|公斤|毫升"
_CJK = r"[\u4e00-\u9fff]"
# Traditional characters and their simplified forms, in pairs ("萬万與与…").
_PAIRS = chrome_words()["traditional"]
_TRADITIONAL, _SIMPLIFIED = frozenset(_PAIRS[0::2]), frozenset(_PAIRS[1::2])
# ... so that a measure word in traditional characters reads 2 as 两 too (2個, 2張).
MEASURE_WORDS += "|" + MEASURE_WORDS.translate(str.maketrans(_PAIRS[1::2], _PAIRS[0::2]))
# Number words in the text's own script: a page in traditional characters hears 兩萬 and 點.
_AS_TRADITIONAL = str.maketrans("两万亿点负号时钟个摄", "兩萬億點負號時鐘個攝")


def in_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (more of them than simplified)."""
    return sum(c in _TRADITIONAL for c in text) > sum(c in _SIMPLIFIED for c in text)


def cardinal(n: int) -> str:
    """Read an integer: 12 -> 十二, 105 -> 一百零五, 20000 -> 两万, 1550 -> 一千五百五十."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + cardinal(-n)
    if n >= 10**16:
        return digit_by_digit(str(n))  # past 万亿 no listener follows place values: read the digits
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
    return "".join(("幺" if yao and c == "1" else DIGITS[int(c)]) if c.isdecimal() else "" for c in s)


def decimal(s: str) -> str:
    """3.5 -> 三点五, 0.25 -> 零点二五."""
    whole, _, frac = s.partition(".")
    return cardinal(int(whole or "0")) + ("点" + digit_by_digit(frac) if frac else "")


def spoken_time(h: str, m: str) -> str:
    """9:00 -> 九点, 9:30 -> 九点半, 9:45 -> 九点四十五分, 14:05 -> 十四点零五分."""
    hour = cardinal(int(h)).replace("二", "两") if int(h) == 2 else cardinal(int(h))
    minutes = int(m)
    if minutes == 0:
        return f"{hour}点"
    if minutes == 30:
        return f"{hour}点半"
    if minutes < 10:
        return f"{hour}点零{DIGITS[minutes]}分"
    return f"{hour}点{cardinal(minutes)}分"


def _number(s: str) -> str:
    return decimal(s) if "." in s else cardinal(int(s))


def _year_month(year: str, month: str) -> str:
    """2023, 11 -> 二零二三年十一月."""
    return f"{digit_by_digit(year)}年{cardinal(int(month))}月"


def _ratio_chain(m: re.Match[str]) -> str:
    """Numbers parted by colons read as a ratio when no clock writes them: one has a decimal,
    or three or more with a one-figure part after the first (3:2:1; not 10:30:15, 1:05:30)."""
    parts = re.split("[:：]", m.group(0))
    if "." in m.group(0) or (len(parts) >= 3 and any(len(p) == 1 for p in parts[1:])):
        return "比".join(map(_number, parts))
    return m.group(0)


# The prefixes of standards' codes: national (GB, GB/T), trade (JGJ, YY, HJ…), international (ISO, IEC).
_STANDARDS = (
    r"(?:GB|GBJ|ISO|IEC|JGJ|CJJ|JTG|JT|JB|HG|YY|SL|NB|NY|DL|QB|HJ|WS|SJ|YD|TB|CJ|JC|JR|GA|DB\d{0,2})(?:/[TZ])?"
    r"|T/[A-Z]{2,6}"
)


_UNIT_WORDS = {
    "km": "公里",
    "kg": "公斤",
    "cm": "厘米",
    "mm": "毫米",
    "ml": "毫升",
    "mL": "毫升",
    "mg": "毫克",
    "μg": "微克",
    "ug": "微克",
    "kW": "千瓦",
    "kWh": "千瓦时",
    "KM": "公里",
    "KG": "公斤",
    "CM": "厘米",
    "MM": "毫米",
    "H": "小时",
    "ms": "毫秒",
    "m": "米",
    "g": "克",
    "L": "升",
    "h": "小时",
    "s": "秒",
}


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

#: Words after a figure of a year's size that count with it or name a unit, besides the measure
#: words (2000多, 1999元, 2020个, 2000米, 2000万, 2000立方米, 价格2000的): a number then, not a year
#: before what happened in it.
_YEAR_NOT_BEFORE = (
    MEASURE_WORDS
    + "|"
    + _COUNTED
    + r"|[来來几幾强強了级級版萬億千百十塊分秒點號個戶篇條項輛臺隻頭間平字首部場種例噸畝株頁步码碼度屆期集章節"
    r"票股手雙對片盒箱袋枚颗顆粒棟帧幀卡層樓室厅廳日月時小公毫厘吋寸尺里瓦伏的零〇一二三四五六七八九]"
    r"|立方|港币|港幣|台币|台幣|新台币|新台幣|歐元|英鎊|韩元|韓元|澳元|加元|卢布|盧布|人民币|人民幣"
)

#: Two years a range spans are this many years apart at most (2016-2021); further, they are counts.
YEAR_SPAN = 50

#: Number words written digit by digit, and numbers in number words (below ten thousand).
_CN_DIGITS = "〇○零一二三四五六七八九"
_CN_NUMBER = rf"[{_CN_DIGITS}十百千]+"
_CN_VALUES = {"〇": 0, "○": 0, **{c: i for i, c in enumerate("零一二三四五六七八九")}}


def _cn_value(words: str) -> int:
    """The value of number words: digit by digit ("一二○○" -> 1200) or with their units
    ("三十" -> 30, "一千零五" -> 1005)."""
    if all(c in _CN_VALUES for c in words):
        return int("".join(str(_CN_VALUES[c]) for c in words))
    total = current = 0
    for c in words:
        if c in _CN_VALUES:
            current = _CN_VALUES[c]
        else:
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            current = 0
    return total + current


# Separators of a range: hyphens, dashes (en, em, Chinese), tildes and the words themselves.
_TO = r"\s*(?:[-－–—~～]|至|到)\s*"
#: Periods of the day after which a clock time is read on the 12-hour clock (下午14:00 -> 下午两点).
_PERIOD = r"(上午|早上|早晨|中午|下午|傍晚|晚上|晚间|夜间|夜里|凌晨)"
#: Units that may follow a slash meaning "per" (75微克/立方米, 5元/斤, 60km/h).
_PER_UNIT = (
    r"千瓦时|立方米|平方米|平方公里|平米|公里|千米|米|小时|分钟|秒|人次|万人|千人|百人|人|天|日|周|月|年|次|斤|公斤|千克|克|升|毫升|吨|"
    r"度|件|份|个|户|间|套|台|瓶|盒|袋|箱|包|位|辆|亩|桶|盎司|磅|股|晚|张|头|只|h|H|s|km|kg|m|L|"
    # (in traditional characters: 59公里/小時)
    r"千瓦時|小時|分鐘|噸|個|戶|間|臺|張|頭|隻|輛|畝"
)
#: Words after which a number is a hotline, read digit by digit (拨打12345, 96777热线).
_DIAL = (
    r"(电话给|電話給|电话|電話|热线|熱線|专线|專線|生命线|生命線|拨打|撥打|请拨|請撥|致电|致電|联系|聯繫|号码|號碼|求助"
    r"|急救|手机|手機|座机|傳真|传真)"
)
#: Words of a match, after which two numbers joined by a dash are its score.
# What happens in a year, not over years: 98年获…, 21年毕业.
_EVENT = (
    r"(?:荣?获(?![评得取])|毕业|入学|考入|进入|加入|成立|创办|创立|出生|生人(?![\u4e00-\u9fff])|结婚|当选|调任|担任|退休|参军|入伍|入党|出版|发表"
    r"|建成|竣工|开业|上市)"
)
# What happened in a year of the last century: 57年的整风运动, 79年的民主墙运动, 98年洪水.
_HAPPENED = r"的?[\u4e00-\u9fff]{0,4}(?:运动|事件|风波|战争|大选|地震|洪水|高考)"
# The books of the Bible as Chinese references shorten them (和合本), the two-character ones first.
_BIBLE_BOOKS = (
    "林前|林后|帖前|帖后|提前|提后|彼前|彼后|约壹|约贰|约叁|撒上|撒下|王上|王下|代上|代下"
    "|创|出|利|民|申|书|士|得|拉|尼|斯|伯|诗|箴|传|歌|赛|耶|哀|结|但|何|珥|摩|俄|拿|弥|鸿|哈|番|该|亚|玛"
    "|太|可|路|约|徒|罗|加|弗|腓|西|多|门|来|雅|犹|启"
)
_SCORE_WORDS = re.compile(r"比分|战胜|击败|负于|不敌|战平|逆转|大胜|险胜|惜败|比赛|获胜|取胜")
#: Latin-letter codes of trains and flights: G1234次, K56次, CA1234航班.
_TRAIN = r"(?<![A-Za-z])([GDCZTKYLS]|[A-Z]{2})(\d{1,5})(?=次|列车|车次|航班)"


def _twelve_hour(period: str, h: str, m: str) -> str:
    hour = int(h)
    if hour > 12 and period not in ("上午", "早上", "早晨", "凌晨"):
        hour -= 12
    return spoken_time(str(hour), m)


def _to(separator: str) -> str:
    """How a range separator is read: 至 stays 至, dashes and tildes are 到."""
    return "至" if "至" in separator else "到"


def _period_time(m: re.Match[str]) -> str:
    period = m.group(1)
    out = period + _twelve_hour(period, m.group(2), m.group(3))
    if m.group(5):
        out += _to(m.group(4)) + _twelve_hour(period, m.group(5), m.group(6))
    return out


# Words of a text about the Bible: a one-character book's reference needs them ("（约3:16）" in a
# sermon; "集合时间（约8:30）" in a notice is a time).
_SCRIPTURE = re.compile("圣经|经文|耶稣|基督|上帝|神|主|圣灵|祷告|信徒|弟兄|姊妹|教会")


# One-character books that are no everyday word before a time: 弗4:29, 箴3:5-6, 太22:37.
_BOOKS_ONLY = "弗腓箴诗赛耶罗太哀珥鸿弥徒雅申创伯结俄番该玛启犹"


def _bible_reference(m: re.Match[str]) -> str:
    """A Bible reference's chapter and verses: 弗4:29 -> 弗四章二十九节, 箴3:5-6 -> 箴三章五到六节;
    a one-character book only in a text about the Bible (else the clock's rules read it)."""
    if len(m.group(1)) == 1 and m.group(1) not in _BOOKS_ONLY and not _SCRIPTURE.search(m.string):
        return m.group(0)
    verses = f"到{cardinal(int(m.group(5)))}" if m.group(5) else ""
    return f"{m.group(1)}{cardinal(int(m.group(2)))}章{cardinal(int(m.group(3)))}{verses}节"


#: A two-digit year is this many years after a full year said before it in the sentence at most.
SHORT_YEAR_SPAN = 5


def _short_year(m: re.Match[str]) -> str:
    """A clause's two-digit year, digit by digit, when a full year near it in the same sentence
    says which century it is in; else left for the other rules."""
    sentence = re.split("[。！？!?]", m.string[: m.start()])[-1]
    years = [int(y[2:]) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", sentence)]
    # (a later year, and no span of years after it: "15年过去了", "15年如一日", "20年一遇", "15年刑期")
    later = bool(years) and 0 < int(m.group(1)) - years[-1] <= SHORT_YEAR_SPAN
    span = _YEARS_SPAN.match(m.string, m.end() + 1)
    return digit_by_digit(m.group(1)) if later and not span else m.group(1)


# What follows a count of years, not a year: "15年过去了", "15年如一日", "20年一遇", "10年磨一剑".
_YEARS_SPAN = re.compile("过去|如一日|一遇|磨|没|未|刑|徒刑|累计|坚守|光阴|时间|时光|工龄|党龄|教龄|之久|了")


def _percent(s: str) -> str:
    return "百分之百" if s == "100" else "百分之" + _number(s)


def _thousands(s: str) -> str:
    """A number written in thousands (2.5 of "2.5k") as plain digits: 2500."""
    whole, _, frac = s.partition(".")
    return str(int(whole) * 1000 + int(frac.ljust(3, "0")[:3] or "0"))


def _celsius(s: str) -> str:
    return ("零下" + _number(s[1:]) if s.startswith(("-", "－")) else _number(s)) + "摄氏度"


def _spell_address(text: str) -> str:
    """An e-mail address or web host as it is read: digits one by one, 点, 艾特, letters kept."""
    words = {"@": "艾特", ".": "点", "_": "下划线", "-": "杠"}
    return "".join(words.get(c, DIGITS[int(c)] if c.isdecimal() else c) for c in text)


# A date written with dots (2024.05.20), read as a date further on, not as a version.
_DOTTED_DATE = re.compile(r"^(?:19|20)\d\d\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])$")


def _dotted(text: str) -> str:
    """A version read part by part, digit by digit (一三六点零点七一零三); an IP address by
    its numbers (一百二十七点零点零点一)."""
    parts = text.split(".")
    address = len(parts) == 4 and all(int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in parts)
    return "点".join(cardinal(int(p)) if address else digit_by_digit(p) for p in parts)


def _slash(m: re.Match[str]) -> str:
    a, b = m.group(1), m.group(2)
    if m.group(3) is not None:  # 12/10（周二）, 12/10周二: a date; a weekday in brackets is for the eye
        return f"{cardinal(int(a))}月{cardinal(int(b))}日"
    return f"{_number(b)}分之{_number(a)}"


_RULES: list[_Rule] = [
    # Full-width digits, decimal points, slashes and percent signs are the same numbers:
    # ２８．０７亿, ２．５％, １／２.
    (re.compile("[０-９]"), lambda m: chr(ord(m.group(0)) - 0xFEE0)),
    (re.compile(r"(?<=\d)[．／](?=\d)"), lambda m: "./"["．／".index(m.group(0))]),
    # ... and a colon set as a vertical form: a clock's in Hong Kong, 7︰30 -> 7:30; else a ratio's, 1︰2 -> 1∶2.
    # (a clock's after the half of the day or 於/至: "晚上7︰30", "於9︰00"; a score's else: "以21︰15")
    (
        re.compile(
            r"(上午|下午|晚上|早上|中午|凌晨|傍晚|夜間|夜间|於|于|至|到|時間[:：]?|时间[:：]?)(\s*)([01]?\d|2[0-4])︰([0-5]\d)(?!\d)"
        ),
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}:{m.group(4)}",
    ),
    (re.compile(r"(?<=\d)︰(?=\d)"), lambda m: "∶"),
    # Other waves written for a tilde: 31∽34, 3∼5, 5〜10 -> 31～34 (∽ only between figures: △ABC∽△DEF is "similar").
    (re.compile(r"[∼〜]|(?<=\d)\s*∽\s*(?=\d)"), lambda m: "～"),
    # A licence's or a permit's number of a letter and figure groups, figure by figure:
    # 导游证号D-5332-000183 -> D 五三三二 零零零一八三.
    (
        re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,3})-(\d{3,})-(\d{3,})(?![\d-])"),
        lambda m: f"{m.group(1)} {digit_by_digit(m.group(2))} {digit_by_digit(m.group(3))}",
    ),
    # The minutes of a time written 时…分 with a leading zero: 15时09分 -> 十五时零九分.
    (re.compile(r"(?<=\d时)0[1-9](?=分)"), lambda m: digit_by_digit(m.group(0))),
    # A standard's code and its year, figure by figure: GB/T 51267-2017 -> GB/T 五一二六七 二零一七.
    (
        re.compile(
            rf"(?<![A-Za-z])({_STANDARDS})\s*(?!(?:19|20)\d\d\D)(\d{{2,5}})(?:\.(\d{{1,2}}))?\s*[-—–]\s*"
            r"((?:19|20)\d\d)(?!\d)"
        ),
        lambda m: (
            f"{m.group(1)} {digit_by_digit(m.group(2))}"
            + (f"点{digit_by_digit(m.group(3))}" if m.group(3) else "")
            + f" {digit_by_digit(m.group(4))}"
        ),
    ),
    # A product with a quantity named in words: 月平均工资×0.8%×12个月 -> …乘百分之零点八乘十二个月
    # (between two numbers the product rule reads it).
    (
        # (after two characters of a quantity's name or its brackets, not a name's mask: "王×1985年出生")
        re.compile(
            r"(?:(?<=[\u4e00-\u9fff][\u4e00-\u9fff])|(?<=[）)]))\s*×\s*(?=\d)|(?<=[%％])\s*×\s*"
            r"|(?<=\d)\s*×\s*(?=[\u4e00-\u9fff(（])"
        ),
        lambda m: "乘",
    ),
    # Numbers a paper prints in number words with a figure's signs are read as figures: 四．七億 ->
    # 4.7億, ○．六％ -> 0.6％, 三十到四十％ -> 30到40％, 一二○○萬 -> 1200萬 (a year's 二○一三年 is not).
    (
        re.compile(rf"(?<!第)({_CN_NUMBER})．([{_CN_DIGITS}]+)"),
        lambda m: f"{_cn_value(m.group(1))}.{_cn_value(m.group(2)):0{len(m.group(2))}d}",
    ),
    (
        re.compile(rf"({_CN_NUMBER})(?:{_TO}({_CN_NUMBER}))?(?=[％%])"),
        lambda m: str(_cn_value(m.group(1))) + (f"到{_cn_value(m.group(2))}" if m.group(2) else ""),
    ),
    (
        re.compile(rf"[一二三四五六七八九][{_CN_DIGITS}]*[〇○][{_CN_DIGITS}]*(?=萬|万|億|亿|元|美元|人)"),
        lambda m: str(_cn_value(m.group(0))),
    ),
    # A zero among number words is 零, however it is written: 二〇一七年, 二00七年 -> 二零一七年, 二零零七年.
    (
        # (an Arabic 0 only between two number words; never beside a figure: "2020三季度", "100一张")
        re.compile(
            r"(?<=[零〇○一二三四五六七八九])0+(?=[零〇○一二三四五六七八九])"
            r"|(?<=[零一二三四五六七八九])[〇○]+|[〇○]+(?=[零一二三四五六七八九])"
        ),
        lambda m: "零" * len(m.group(0)),
    ),
    # A year a book came out, after its publisher: "北京大学出版社，2015." -> 二零一五.
    (re.compile(r"(?<=出版社)([，,:：]\s*)((?:19|20)\d\d)(?!\d)"), lambda m: m.group(1) + digit_by_digit(m.group(2))),
    # ... unless it stands in a range of clock times: 12∶00―14∶00 -> 12:00-14:00 (a horizontal bar
    # too, or a doubled hyphen: 14∶00--17∶00).
    (
        re.compile(r"(?<![\d.])([01]?\d|2[0-4])[∶:]([0-5]\d)\s*(?:[―─]|--)\s*([01]?\d|2[0-4])[∶:]([0-5]\d)(?!\d)"),
        lambda m: f"{m.group(1)}:{m.group(2)}-{m.group(3)}:{m.group(4)}",
    ),
    (
        re.compile(r"(?<![\d.])([01]?\d|2[0-4])∶([0-5]\d)(?=\s*[-－–—~～至到]\s*(?:[01]?\d|2[0-4])[∶:][0-5]\d)"),
        lambda m: f"{m.group(1)}:{m.group(2)}",
    ),
    (
        re.compile(r"(?<=[-－–—~～至到])(\s*)([01]?\d|2[0-4])∶([0-5]\d)(?!\d)"),
        lambda m: f"{m.group(1)}{m.group(2)}:{m.group(3)}",
    ),
    # The ratio colon is a ratio or a score, never a clock: 2.97∶1, 21∶15, 1∶1∶4 -> 二点九七比一,
    # 二十一比十五, 一比一比四.
    (
        re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:∶\d+(?:\.\d+)?)+(?![\d.])"),
        lambda m: "比".join(map(_number, m.group(0).split("∶"))),
    ),
    # A doubled dash between numbers is one range dash: 7月3日--7月5日, 9:00--17:00.
    (re.compile(r"(?<=[\d日号月年])\s*(?:--|－－|——)\s*(?=\d)"), lambda m: "-"),
    # A title that is a number is said as it is named: 《1984》 -> 《一九八四》, 《2001太空漫游》,
    # 《皮娜的独舞1971》.
    (
        re.compile(r"(?<=《)\s*((?:19|20)\d\d)(?=[^》\d]{0,12}》)|(?<=[^\d.\-－–—~～])((?:19|20)\d\d)(?=》)"),
        lambda m: digit_by_digit(m.group(1) or m.group(2)),
    ),
    # Thousands separators: 1,000 -> 1000 (only groups of exactly three digits after a first
    # group of one to three: "50,80,100行" is a list).
    (re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])"), lambda m: m.group(0).replace(",", "")),
    # ... and thin spaces, as papers set large numbers: 5 059.5亿元, 1 234 567人.
    (
        re.compile(
            r"(?<![\d.,])\d{1,3}(?:[ \u2009\u202f\xa0]\d{3})+(?![\d])(?=(?:\.\d+)?\s*(?:万|亿|元|美元|人|%|％))"
        ),
        lambda m: re.sub(r"\D", "", m.group(0)),
    ),
    # ... and full-width ones, where a sum of money shows they are not a list: 93，708，580元,
    # or a count: 原文约15，000字, 150，000人 (120，150，180户 is a list: a group of a thousand
    # after three digits starts with 0).
    (re.compile(r"(?<=\d)，(?=\d{3}(?:，\d{3})*(?:元|美元|港元|欧元|万|亿|股))"), lambda m: ""),
    (
        re.compile(
            r"(?<![\d，,.])(?:\d{1,2}(?:，\d{3})+|\d{3}(?:，\d{3})*，0\d\d(?:，\d{3})*)(?![\d，])"
            r"(?=\s*(?:字|人|名|户|个|件|份|册|辆|吨|斤|公里|公斤|平方米|米|亩|次|年|天|只|头|株|棵|座|家|所))"
        ),
        lambda m: m.group(0).replace("，", ""),
    ),
    # E-mail addresses and web addresses: spelled, the path of a URL left out.
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), lambda m: _spell_address(m.group(0))),
    (
        re.compile(
            r"(?:https?://)?((?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:cn|com|net|org|gov|edu)(?:\.cn)?)(?:/[\x21-\x7e]*)?"
        ),
        lambda m: _spell_address(m.group(1)),
    ),
    # An identifier of letters and numbered parts: CVE-2025-4664 -> CVE 二零二五 四六六四.
    (
        re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,}\d*)((?:[-－]\d{3,})+)(?![\d.])"),
        lambda m: m.group(1) + "".join(" " + digit_by_digit(g) for g in re.split(r"[-－]", m.group(2)) if g),
    ),
    # A version or an address in dotted parts: 136.0.7103.113, 127.0.0.1.
    (
        re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])"),
        lambda m: m.group(0) if _DOTTED_DATE.match(m.group(0)) else _dotted(m.group(0)),
    ),
    # QQ and WeChat numbers, area codes, postcodes: digit by digit.
    (
        re.compile(r"((?:QQ|qq)群?号?|微信号?)(\s*[:：]?\s*)(\d{5,12})"),
        lambda m: m.group(1) + m.group(2) + digit_by_digit(m.group(3), yao=True),
    ),
    (
        re.compile(r"[（(](0\d{2,3})[）)]\s*[-－]?\s*(\d{7,8})(?!\d)"),
        lambda m: digit_by_digit(m.group(1) + m.group(2), yao=True),
    ),
    (
        re.compile(r"(邮编|邮政编码)(\s*[:：]?\s*)(\d{6})(?!\d)"),
        lambda m: m.group(1) + m.group(2) + digit_by_digit(m.group(3)),
    ),
    # Mobile and landline phone numbers: digit by digit, 1 as 幺.
    (
        re.compile(r"(?<!\d)(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[-－ ]?\d{7,8}|400[- ]?\d{3}[- ]?\d{4})(?!\d)"),
        lambda m: digit_by_digit(m.group(0), yao=True),
    ),
    # Other numbers written with a leading 0 in hyphened groups ("03-584-7231", "0937-141993"):
    # a number starting with 0 is never a quantity, and 8-12 digits of it are a phone number.
    (
        re.compile(r"(?<![\d.])0\d{1,3}(?:[-－]\d{2,8}){1,2}(?![\d.])"),
        lambda m: digit_by_digit(m.group(0), yao=True) if 8 <= len(re.sub(r"\D", "", m.group(0))) <= 12 else m.group(0),
    ),
    (
        re.compile(_DIAL + r"(了?[:：]?\s*[【「“]?)(\d{3,12})(?!\d|\s*(?:多|余|个|次|通|遍|人|名|位|万|千|条|户|家))"),
        lambda m: m.group(1) + m.group(2) + digit_by_digit(m.group(3), yao=True),
    ),
    # A number that names a hotline: 12345热线, 96777服务热线.
    (
        re.compile(r"(?<![\d.])(\d{3,6})(?=[”\"」』]?(?:[\u4e00-\u9fff]{0,4})?(?:热线|专线|服务电话|服务台|急救电话))"),
        lambda m: digit_by_digit(m.group(1), yao=True),
    ),
    # A government service number (123xx) is said figure by figure wherever it stands, unless it
    # counts something: 12306的性能问题, 拨12345 (not 12345人).
    (
        re.compile(rf"(?<![\d.])(123(?!00)\d\d)(?![\d.])(?!\s*(?:{MEASURE_WORDS}|[万亿元人名个次位%％]))"),
        lambda m: digit_by_digit(m.group(1), yao=True),
    ),
    # The emergency and service numbers, named by what they take: 110通报, 120急救, 12345投诉.
    (
        re.compile(
            r"(?<![\d.])(11[09]|12[02]|123\d\d|9[56]\d{3})(?![\d.])"
            r"(?=\s*(?:通报|通報|报警|報警|报案|報案|电话|電話|指挥|指揮|急救|求助|接警|平台|投诉|投訴|举报|舉報|转接|轉接"
            r"|网站|網站|官网|官網|客户端|App|APP))"
        ),
        lambda m: digit_by_digit(m.group(1), yao=True),
    ),
    # A season or a school or fiscal year across two years, the second by its last figures:
    # Classes of two years: 2021-2022 届 -> 二零二一到二零二二届.
    (
        re.compile(r"(?<![\d.])((?:19|20)\d\d)" + _TO + r"((?:19|20)\d\d)(?=\s*届)"),
        lambda m: digit_by_digit(m.group(1)) + "到" + digit_by_digit(m.group(2)),
    ),
    # 2016-17赛季 -> 二零一六到二零一七赛季; 22-23雪季 -> 二二到二三雪季.
    (
        re.compile(r"(?<![\d.])((19|20)\d\d)\s*[-–—/]\s*(\d\d)(?![\d.])(?=\s*(?:赛季|雪季|财年|学年|年度))"),
        lambda m: digit_by_digit(m.group(1)) + "到" + digit_by_digit(m.group(2) + m.group(3)),
    ),
    (
        re.compile(r"(?<![\d.])(\d\d)\s*[-–—/]\s*(\d\d)(?![\d.])(?=\s*(?:赛季|雪季|财年|学年))"),
        lambda m: digit_by_digit(m.group(1)) + "到" + digit_by_digit(m.group(2)),
    ),
    # A number that names a thing is said digit by digit: 996工作制, 360浏览器, 606产业园, 213国道, “985”高校
    # (not “100”后面, a number talked about);
    # and so is the year that names a plan: 中国制造2025, 健康中国2030.
    (
        re.compile(
            r"(?<![\d.])(\d{3,4})(?=\s*(?:工作制|浏览器|安全卫士|产业园|艺术区|创意园|文创园|号段|国道|省道|县道))"
            rf"|(?<=[“\"「])(\d{{3}})(?=[”\"」][\u4e00-\u9fff])(?![”\"」]\s*(?:{MEASURE_WORDS}|点|元|分|米|度|[后前之以里内外上下中左右]))"
            r"|(?<=制造|中国|愿景|规划|议程)(20\d\d)(?![\d年])"
        ),
        lambda m: digit_by_digit(m.group(1) or m.group(2) or m.group(3)),
    ),
    # A number that names an event is said digit by digit: “911”后, 911事件, 315晚会.
    (
        re.compile(r"(?<![\d.第])(\d{3,4})(?=[”\"」]?\s*(?:事件|晚会|纪念日)|[”\"」](?:后|之后)(?![面边的]))"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # ... and a day that names an event, written with a middle dot: 3·15打假, “9·11”, “7·21”特大暴雨.
    (
        re.compile(r"(?<![\d.·•・第])(1[0-2]|[1-9])[·•・]([1-9]|[12]\d|3[01])(?![\d.·•・])"),
        lambda m: digit_by_digit(m.group(1) + m.group(2)),
    ),
    # Radio stations: FM103.9, 1039交通广播.
    (re.compile(r"(FM|AM|调频|中波)\s*(\d{2,4}(?:\.\d)?)"), lambda m: m.group(1) + _spell_address(m.group(2))),
    (
        re.compile(r"(?<![\d.])(\d{3,4})(?=(?:[\u4e00-\u9fff]{0,4})(?:广播|电台|频道|之声|交通台))"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # Trains and flights: K1234次 -> K一二三四次.
    (re.compile(_TRAIN), lambda m: m.group(1) + digit_by_digit(m.group(2), yao=True)),
    # The year of a document number: 〔2018〕27号, [2023]6号 -> 〔二零一八〕二十七号.
    (re.compile(r"(?<=[〔［\[【（(])(\d{4})(?=[〕］\]】）)]\s*第?\d+号)"), lambda m: digit_by_digit(m.group(1))),
    # ISO-like dates: 2020-03-01, 2020/3/1, 2020.3.1
    (
        re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])"),
        lambda m: f"{digit_by_digit(m.group(1))}年{cardinal(int(m.group(2)))}月{cardinal(int(m.group(3)))}日",
    ),
    # Versions, addresses, section numbers: 4.4.1 -> 四点四点一, 127.0.0.1.
    (
        re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])"),
        lambda m: "点".join(cardinal(int(p)) if len(p) <= 4 else digit_by_digit(p) for p in m.group(0).split(".")),
    ),
    # Month-day after a date word: 创建于09-19 -> 创建于九月十九日.
    (
        re.compile(
            r"((?:创建|发布|发表|更新|修改|截止|出版)于|日期[:：]|时间[:：])\s*(\d{1,2})[-/.](\d{1,2})(?![\d.:：])"
        ),
        lambda m: f"{m.group(1)}{cardinal(int(m.group(2)))}月{cardinal(int(m.group(3)))}日",
    ),
    # Thousands written k in a range or a pay: 2k-3k, 15k/月 -> 2000-3000, 15000/月 (4K video stays).
    (
        re.compile(
            r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)\s*[kK](?=\s*(?:[-－~～—到至]\s*\d+(?:\.\d+)?\s*[kK]|/月|每月|元))"
        ),
        lambda m: _thousands(m.group(1)),
    ),
    (re.compile(r"(?<=[-－~～—到至])\s*(\d+(?:\.\d+)?)\s*[kK](?![A-Za-z])"), lambda m: _thousands(m.group(1))),
    # Ten thousands written w: 满1w打97折, 3w粉丝 -> 1万, 3万 (100W, watts, stays).
    (re.compile(r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)w(?![A-Za-z])"), lambda m: m.group(1) + "万"),
    # A clock's minutes written with 点 and a leading zero: 9点05分 -> 9点零5分.
    (re.compile(r"(?<=\d点)0(?=[1-9]分)"), lambda m: "零"),
    # A Bible reference, book, chapter and verses, in brackets or a list or alone: （弗4:29） -> 弗四章二十九节,
    # （箴3:5-6） -> 箴三章五到六节 (not a time after 约: "约8:30到达").
    (
        re.compile(
            rf"(?:(?<=[（(；;、])|^\s*)({_BIBLE_BOOKS})\s*([1-9]\d{{0,2}})[:：]([1-9]\d{{0,2}})"
            r"(?:\s*([-－–—~～])\s*([1-9]\d{0,2}))?(?=\s*(?:[）)；;、]|$))"
        ),
        _bible_reference,
    ),
    # Ratios with a decimal or of three parts with a one-figure part (a clock time has neither):
    # 8.7:48.5:42.8 -> 八点七比四十八点五比四十二点八, 3:2:1 -> 三比二比一 (10:30:15 is a clock's).
    (
        re.compile(r"(?<![\d.:：])\d+(?:\.\d+)?(?:[:：]\d+(?:\.\d+)?)+(?![\d:：])"),
        _ratio_chain,
    ),
    # A clock time written with its 分: 14：20分 -> 14：20 (read 十四点二十分 once).
    # (not a word that starts with 分: 9:30分别, 7:30分发, 8:30分批)
    (
        re.compile(
            r"(?<=\d[:：][0-5]\d)分"
            r"(?!别|发|批|组|赛|配|工|享|析|开|成|为|布|钟|数|类|期|摊|段|流|送|散|居|离|裂|明|头|管|局|行|会|校|部|队"
            r"|区|院|站|店|红|歧|解|拣|身|手|外|量|子|母|号|线|寸|担|辨|清|泌|娩|得|给|赴|乘|到手)"
        ),
        lambda m: "",
    ),
    # A colon between numbers that a ratio's words surround is a ratio, never a clock: 变成1:20以上,
    # 比例为1:10 -> 一比二十以上, 一比十.
    (
        re.compile(
            r"(?:(?<=比例)|(?<=比值)|(?<=配比)|(?<=比率))(\s*(?:为|是|达到|达|约为|约|仅|高达)?\s*)"
            r"(?<![\d:：.])(\d{1,4})[:：](\d{1,4})(?![\d:：])"
            r"|(?<![\d:：.])(\d{1,4})[:：]([1-9]\d{0,3})(?![\d:：])(?=\s*(?:以上(?![班午同])|以下(?![班午同])|的比例|的比值|的配比))"
        ),
        lambda m: (
            f"{m.group(1)}{cardinal(int(m.group(2)))}比{cardinal(int(m.group(3)))}"
            if m.group(2)
            else f"{cardinal(int(m.group(4)))}比{cardinal(int(m.group(5)))}"
        ),
    ),
    # Clock times with seconds: 10:30:15 -> 十点三十分十五秒.
    (
        re.compile(r"(?<![\d:：.])([01]?\d|2[0-4])[:：]([0-5]\d)[:：]([0-5]\d)(?![\d:：])"),
        lambda m: f"{cardinal(int(m.group(1)))}点{cardinal(int(m.group(2)))}分{cardinal(int(m.group(3)))}秒",
    ),
    # Clock times after 上午/下午/晚上..., on the 12-hour clock, single or as a range.
    (
        re.compile(_PERIOD + r"\s*(\d{1,2})[:：](\d{2})(?:(" + _TO + r")(\d{1,2})[:：](\d{2}))?(?!\d)"),
        _period_time,
    ),
    # Clock time ranges and times: 9:00-11:00 -> 九点到十一点
    (
        re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})(" + _TO + r")(\d{1,2})[:：](\d{2})(?!\d)"),
        lambda m: f"{spoken_time(m.group(1), m.group(2))}{_to(m.group(3))}{spoken_time(m.group(4), m.group(5))}",
    ),
    (
        re.compile(r"(?<![\d:：])([01]?\d|2[0-4])[:：]([0-5]\d)(?![\d:：])"),
        lambda m: spoken_time(m.group(1), m.group(2)),
    ),
    # Anything else with a colon between numbers is a score or a ratio: 3:2 -> 三比二.
    (
        re.compile(r"(?<![\d:：.])(\d{1,4})[:：](\d{1,4})(?![\d:：])"),
        lambda m: f"{cardinal(int(m.group(1)))}比{cardinal(int(m.group(2)))}",
    ),
    # A minus sign after a word of change or a colon: 增长-3.2% -> 增长负百分之三点二
    # (a temperature below zero is 零下, further on).
    (
        re.compile(
            r"(增长|下降|增速|增幅|同比|环比|变化|为|[：:（(，,])\s*[-－−](?=\d+(?:\.\d+)?(?!\d|\.\d|\s*(?:℃|°C|摄氏度)))"
        ),
        lambda m: m.group(1) + "负",
    ),
    # Percentages and permille, and their ranges: 30%-40%, 30-40%.
    (
        re.compile(r"(\d+(?:\.\d+)?)\s*[%％]?(" + _TO + r")(\d+(?:\.\d+)?)\s*[%％]"),
        lambda m: f"{_percent(m.group(1))}{_to(m.group(2))}{_percent(m.group(3))}",
    ),
    (re.compile(r"(\d+(?:\.\d+)?)\s*[%％]"), lambda m: _percent(m.group(1))),
    (re.compile(r"(\d+(?:\.\d+)?)\s*‰"), lambda m: "千分之" + _number(m.group(1))),
    # Temperatures, with ranges: -5~3℃.
    (
        re.compile(
            r"([-－]?\d+(?:\.\d+)?)\s*(?:℃|°C)?" + r"\s*(?:[~～—–]|至|到)\s*" + r"([-－]?\d+(?:\.\d+)?)\s*(?:℃|°C)"
        ),
        lambda m: f"{_celsius(m.group(1))[:-3]}到{_celsius(m.group(2))}",
    ),
    (re.compile(r"([-－]?\d+(?:\.\d+)?)\s*(?:℃|°C)"), lambda m: _celsius(m.group(1))),
    # ... and with the word written out: -5摄氏度 -> 零下五摄氏度.
    (re.compile(r"(?<![\d.])[-－−](\d+(?:\.\d+)?)\s*(?=摄氏度)"), lambda m: "零下" + _number(m.group(1))),
    # Degrees of an angle or a latitude: 北纬28.34° -> 北纬二十八点三四度.
    (re.compile(r"(\d+(?:\.\d+)?)\s*°(?!\s*[CF])"), lambda m: _number(m.group(1)) + "度"),
    # A span of years ago from a smaller number is a count, not a year: 约为400至1000年前 -> 四百至一千年前
    # (北宋（960—1127年） gives years).
    (
        re.compile(r"(?<![\d.])(\d{1,3})(\s*(?:至|到|~|～|-|－|—)\s*)(\d{4})(?=\s*(?:多)?年前)"),
        lambda m: f"{cardinal(int(m.group(1)))}{_to(m.group(2))}{cardinal(int(m.group(3)))}",
    ),
    # A year and month written with a slash is a time, never a fraction: 1993/08就任 (not 1/2).
    (
        re.compile(r"(?<![\d./])((?:19|20)\d\d)/(1[0-2]|0?[1-9])(?![\d./])"),
        lambda m: _year_month(m.group(1), m.group(2)),
    ),
    # A year and month written with a dot, where it is a time: 成立于2023.11的, 2020.10-2021.05.
    (
        re.compile(
            r"(?:(?<=于)|(?<=在)|(?<=自)|(?<=从))((?:19|20)\d\d)\.(1[0-2]|0?[1-9])(?![\d.])(?!\s*[万亿元%％倍])"
            r"|(?<![\d.])((?:19|20)\d\d)\.(1[0-2]|0?[1-9])\s*[-－–—至到]\s*((?:19|20)\d\d)\.(1[0-2]|0?[1-9])(?![\d.])"
        ),
        lambda m: (
            f"{_year_month(m.group(3), m.group(4))}到{_year_month(m.group(5), m.group(6))}"
            if m.group(3)
            else _year_month(m.group(1), m.group(2))
        ),
    ),
    # A year to now: 2001－现在 -> 二零零一到现在.
    (
        re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*[-－–—~～]\s*(?=(现在|至今|今天|今))"),
        lambda m: digit_by_digit(m.group(1)) + ("" if m.group(2) == "至今" else "到"),
    ),
    # A year before what happened in it, 年 left out: 2011毕业之后 -> 二零一一毕业之后 (not 2000毕业生).
    (
        re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=(?:届|级)?(?:毕业(?!生)|入学|出生|结婚|退休|入职|参军|入伍|考研))"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # A text-message service's number set in groups: 发送TD至1066 919 155 -> 一零六六九一九一五五.
    (
        re.compile(
            r"(发送|回复|短信|编辑|拨打|至|到)([A-Za-z\u4e00-\u9fff]{0,8}?)(106\d(?:[ \u3000]\d{3,4}){1,3})(?![\d.])"
        ),
        lambda m: m.group(1) + m.group(2) + digit_by_digit(re.sub(r"\s", "", m.group(3))),
    ),
    # A two-digit year that opens a clause after a full year of the same decade in the sentence:
    # "2017全国高校毕业生为795万，18年突破了800万" -> 一八年 (not "2017年入职，15年来…").
    (
        re.compile(r"(?<=[，、；,;\s])(\d\d)(?=年(?![内里间中来前后之多左以的半期度龄代级纪时]))"),
        _short_year,
    ),
    # Years digit by digit: 2019年, 2020-2021年
    (
        re.compile(r"(?<!\d)(\d{4})" + _TO + r"(\d{4})年"),
        lambda m: f"{digit_by_digit(m.group(1))}到{digit_by_digit(m.group(2))}年",
    ),
    (
        # (a span is not a year: 距今3000年, 近2000年, 长达1000年, 短短1000年内)
        re.compile(
            r"(?<!\d)(?<!距今|长达|超过|历时|短短)(?<![近约])(?!1[0-8]\d\d\s?年(?:内|之久))"
            r"((?:1\d|20)\d\d)(?=[鼠牛虎兔龙蛇马羊猴鸡狗猪]?\s?年(?![龄级纪代]))"
            # a decade of the last centuries: 1960年代 (2000年代 is 两千年代)
            r"|(?<!\d)(1\d\d0)(?=年代)"
        ),
        lambda m: digit_by_digit(m.group(1) or m.group(2)),
    ),
    # Two-digit years, digit by digit, where the words say it is a year and not a span of
    # years: 05年, 98年3月, 99年底, 98年获…, 21年毕业, 57年的整风运动, 于98年 (but 30年来, 工作了15年).
    (
        re.compile(
            r"(?<![\d.])(0\d(?=年)"
            r"|(?<![有近约了少过达足整满第每])\d\d(?=年\d{1,2}月)"
            # An event or a season of a year starts its clause: "98年获…", "99年底" (not 连续10年获评,
            # 坚守30年初心).
            r"|(?<![\u4e00-\u9fff])\d\d(?=年(?:底|初(?![心衷识见次步])|末|" + _EVENT + r"))"
            # (its end or a season: 12年年底, 从18年秋, 从18年起)
            r"|(?<![\d.])\d\d(?=年年[底初末])|(?<=从)\d\d(?=年(?:[春夏秋冬]|起|开始))"
            r"|(?:(?<![\u4e00-\u9fff])|(?<=的))[4-9]\d(?=年" + _HAPPENED + r")"
            # After "in", "since", "by": 于98年, 在98年, 从98年起 (not 不少于15年, 来自20年经验).
            r"|(?:(?<=于)(?<![少低高等当大小多长短过]于)|(?<=在)(?<![存现实正所]在)|(?<=截至|直到|早在))"
            r"\d\d(?=年(?![内里间中来前后之多左以的半期度龄代级纪时]))"
            r"|(?:(?<=从)|(?<=自)(?<!来自))\d\d(?=年(?:起|开始|以来|至今)))"
        ),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # Discounts are said digit by digit: 98折 -> 九八折, 8.5折 -> 八五折.
    (
        re.compile(r"(?<![\d.])([1-9])\.?([0-9])(?=\s*折(?![算合叠旧射返磨腾]))"),
        lambda m: digit_by_digit(m.group(1) + m.group(2)),
    ),
    # Generations: 90后, 00后 -> 九零后, 零零后.
    (re.compile(r"(?<![\d.])(\d{2})(?=后(?![面来果续期方边]))"), lambda m: digit_by_digit(m.group(1))),
    # Day ranges: 4月1日-5日, 5日—8日 -> 至
    (re.compile(r"(?<=[日号])\s*[-－–—~～]{1,3}\s*(?=(?:\d{1,2}月)?\d{1,2}[日号])"), lambda m: "至"),
    # A weekday in brackets after a date is for the eye: 12月10日（周二） -> 十二月十日.
    (re.compile(r"(?<=[日号])\s*[（(]\s*(?:周|星期|礼拜)[一二三四五六日天]\s*[）)]"), lambda m: ""),
    # A range between fractions: 1/3-1/2 -> 三分之一到二分之一.
    (
        re.compile(
            r"(?<![\d/.])(\d{1,3})/(\d{1,3})\s*[-－–—~～至]\s*(\d{1,3})/(\d{1,3})(?![\d/.]|\s*[（(]?\s*(?:周|星期))"
        ),
        lambda m: f"{_number(m.group(2))}分之{_number(m.group(1))}到{_number(m.group(4))}分之{_number(m.group(3))}",
    ),
    # Fractions, or a date before a weekday: 1/3 -> 三分之一; 12/10（周二） -> 十二月十日.
    (
        re.compile(
            r"(?<![\d/.])(\d{1,4})/(\d{1,4})(?![\d/.])"
            r"(\s*[（(]\s*(?:周|星期|礼拜)[一二三四五六日天]\s*[）)]|(?=\s*(?:周|星期|礼拜)[一二三四五六日天]))?"
        ),
        _slash,
    ),
    # Money
    (re.compile(r"[¥￥]\s*(\d+(?:\.\d+)?)"), lambda m: _number(m.group(1)) + "元"),
    # A dollar sign before yuan is only a mark: 入园费$50元 -> 入园费五十元.
    # ("$53741.3 亿美元": the sign and the word say the currency once)
    (re.compile(r"\$\s*(\d+(?:\.\d+)?)(?=\s*(?:[万亿]\s*)?(?:美)?元)"), lambda m: m.group(1)),
    (re.compile(r"\$\s*(\d+(?:\.\d+)?)"), lambda m: _number(m.group(1)) + "美元"),
    # Per: 5元/斤, 75微克/立方米, km/h
    # ... and a sum per whom or what: 1350元/生/年 -> 一千三百五十元每生每年.
    # (with a full-width slash too: 4880元／平方米)
    (re.compile(r"(?<=\d元)\s*[/／]\s*(?=[\u4e00-\u9fff](?:\s*[/／]|[，。；、）)\s]|$))"), lambda m: "每"),
    # (a price without its 元: 门票是30/车，年票55/年)
    (
        re.compile(r"(?:(?<=\d)|(?<=\d[万千亿]))\s*[/／]\s*(?=[\u4e00-\u9fff][，。；、）)]|[\u4e00-\u9fff]$)"),
        lambda m: "每",
    ),
    (re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\s*[/／]\s*(?=(?:" + _PER_UNIT + r")(?![A-Za-z]))"), lambda m: "每"),
    (re.compile(r"(?<=\d)\s*(?:㎡|m²)"), lambda m: "平方米"),
    (
        re.compile(r"(?<=[\d每])\s*(kWh|km|kg|cm|mm|ml|mL|mg|μg|ug|kW|ms|KM|KG|CM|MM|m|g|L|h|H|s)(?![A-Za-z])"),
        lambda m: _UNIT_WORDS[m.group(1)],
    ),
    # Dimensions and products: 2560*1440 -> 两千五百六十乘一千四百四十
    (
        re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[*×xX]\s*(\d+(?:\.\d+)?)(?![\d.])"),
        lambda m: f"{_number(m.group(1))}乘{_number(m.group(2))}",
    ),
    # 2 at the start of a range of things counted is 两: 2～3岁 -> 两到三岁.
    (
        re.compile(rf"(?<![\d.])2\s*([-－–—~～到至])\s*(?=\d+\s*(?:{MEASURE_WORDS}))"),
        lambda m: "两" + _to(m.group(1)),
    ),
    # A range whose ends say whether they are included: 3000（含）—5000辆（不含） -> 三千（含）到五千辆（不含）.
    (re.compile(r"(?<=\d)([（(]不?含[）)])\s*[-－–—~～]\s*(?=\d)"), lambda m: m.group(1) + "到"),
    # A range whose ends both carry the unit: 1600元-1700元, 5月—6月 -> 一千六百元到一千七百元.
    (
        re.compile(
            r"(?<=\d)(万元|亿元|元|万|亿|千米|公里|米|人次|人|天|个月|月|周|岁|小时|分钟|秒|次|倍|吨|公斤|千克|斤|度|期|届|名|家|所|篇|本|页)"
            r"(半)?\s*[-－–—~～]\s*(?=\d)"
        ),
        lambda m: m.group(1) + (m.group(2) or "") + "到",
    ),
    # A range between ordinals: 第1週-第3週 -> 第一週到第三週.
    (re.compile(r"(第\s*\d+\s*[\u4e00-\u9fff]{1,2})\s*[-－–—~～]\s*(?=第\s*\d)"), lambda m: m.group(1) + "到"),
    # Single digits in a chain of three or more are said one by one: 4-7-8呼吸法 -> 四七八; a
    # ratio when the words say so: 按3-2-1的比例 -> 三比二比一.
    (
        re.compile(r"(?<![\d.\-－])\d(?:[-－]\d){2,}(?![\d.\-－])(?=\s*(?:的)?(?:比例|配比))"),
        lambda m: "比".join(digit_by_digit(d) for d in re.findall(r"\d", m.group(0))),
    ),
    (
        re.compile(r"(?<![\d.\-－])\d(?:[-－]\d){2,}(?![\d.\-－])"),
        lambda m: digit_by_digit(re.sub(r"\D", "", m.group(0))),
    ),
    # Two years without 年, where the words say they are years: 2021-2022乐季, 《诗歌总集2017—1987》,
    # （1970–1990） (not 1999-2099元, 1900-2000之间).
    (
        re.compile(
            r"(?<![\d.])((?:19|20)\d\d)" + _TO + r"((?:19|20)\d\d)(?![\d.%％])"
            r"(?=\s*(?:[乐赛]季|学年|学期|年度|财年|》|」|』))"
            r"|(?<=[（(])((?:19|20)\d\d)" + _TO + r"((?:19|20)\d\d)(?=[）)])"
        ),
        lambda m: f"{digit_by_digit(m.group(1) or m.group(3))}到{digit_by_digit(m.group(2) or m.group(4))}",
    ),
    # ... or a span of years (the second a few years after the first), not before a count's word:
    # 2016-2021的五年, 2010-2020这十年, 1999-2001期间 (not 2000-3000元, 2000-2010人).
    (
        re.compile(
            r"(?<![\d.])((?:19|20)\d\d)"
            + _TO
            + r"((?:19|20)\d\d)(?![\d.%％])(?!\s*(?:"
            + MEASURE_WORDS
            + "|"
            + _COUNTED
            + "))"
        ),
        lambda m: (
            f"{digit_by_digit(m.group(1))}到{digit_by_digit(m.group(2))}"
            if 0 < int(m.group(2)) - int(m.group(1)) <= YEAR_SPAN
            else m.group(0)
        ),
    ),
    # Scores: a range runs upwards, so two whole numbers joined by a dash that do not (130-109,
    # 2-2), or any after a word of a match (比分 98-102), are a score: 一百三十比一百零九.
    (
        re.compile(
            r"(?<![\d.图表式例第章节条款附件号(（])(\d{1,3})\s*[-－–—]\s*(\d{1,3})(?![\d.%％\-－–—]|\s*[条款章节页号)）])"
        ),
        lambda m: (
            f"{cardinal(int(m.group(1)))}比{cardinal(int(m.group(2)))}"
            if int(m.group(1)) >= int(m.group(2)) or _SCORE_WORDS.search(m.string, max(0, m.start() - 8), m.start())
            else m.group(0)
        ),
    ),
    # Numeric ranges: 10-15人, 200—300元 -> 到
    (
        re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:[-－–—~～])\s*(\d+(?:\.\d+)?)(?![\d.])"),
        lambda m: f"{_number(m.group(1))}到{_number(m.group(2))}",
    ),
    # A list item number at the start: "1.血压" -> "一、血压", "2．10月15日~…" (no month is a fraction)
    (
        re.compile(r"^(\d{1,2})[.．、)）]\s*(?=\D|\d{1,2}月\d{1,2}[日号])"),
        lambda m: cardinal(int(m.group(1))) + "、",
    ),
    # Room numbers digit by digit: 住在502, 302室; a count of rooms: 2室1厅 -> 两室一厅.
    (re.compile(r"(?<=住在)(\d{3,4})|(\d{3,4})(?=室|房间|号房)"), lambda m: digit_by_digit(m.group(0))),
    (re.compile(r"(?<!\d)(\d)(?=[室厅卫厨])"), lambda m: "两" if m.group(1) == "2" else cardinal(int(m.group(1)))),
    # Ordinals: 第2 -> 第二 (never 两)
    (re.compile(r"第\s*(\d+)(?![.\d])"), lambda m: "第" + cardinal(int(m.group(1)))),
    # Six figures alone in brackets or after 代码 are a code (a stock's, a post office's), said figure
    # by figure: 陕西煤业（601522）, 股票代码：600519 -> 六零零五一九.
    (
        re.compile(r"(?<=[（(])\d{6}(?=[）)])|(?<=代码)[：:]?\s?\d{6}(?![\d.])"),
        lambda m: re.sub(r"\d+", lambda d: digit_by_digit(d.group(0)), m.group(0)),
    ),
    # Long digit strings without a unit are codes or numbers read digit by digit.
    # (not before a measure word: 19,805,147股 is a count)
    (
        re.compile(rf"(?<![\d.])(\d{{7,}})(?![\d.]|\s*(?:[万亿元人股]|{MEASURE_WORDS}))"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # 2 before a measure word is 两: 2个 -> 两个
    (re.compile(rf"(?<![\d.])2(?=\s*(?:{MEASURE_WORDS}))"), lambda m: "两"),
    # A school year's class, by its last two figures or all four: 95级同学, 2024级本科生 ->
    # 九五级, 二零二四级.
    (
        re.compile(
            r"(?<![\d.])((?:19|20)?\d\d)(\s*级)(?=\s*(?:新?同学|学生|校友|本科|专科|硕士|博士|研究生|新生|毕业生|学员|\d{1,2}\s*班"
            r"|[至到-]\s*(?:19|20)?\d\d\s*级))"
        ),
        lambda m: digit_by_digit(m.group(1)) + m.group(2),
    ),
    # A year without 年, named by what follows: 《南通市2022“营商环境提升年”…》, 2023款, 2022届
    # (not 了, 级 or 版: 涨到2000了, 2000级台阶) ...
    (
        re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%％])(?=\s*(?:[“”\"「」]|款|赛季|财年|学年|届|版\s*《))"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # ... or set before the name of what happened in it, a word no count goes with: 2014高雄電影節,
    # ２０１４國內年終調查, 媒體問到2016是否… (not 2000多, 1999元, 2020个, 2000美元, 价格2000的).
    (
        re.compile(
            r"(?<![\d.A-Za-z$¥￥第])(?<![A-Za-z]\s)(?<!超过)(?<!超過)(?<!多达)(?<!多達)(?<!高达)(?<!高達)(?<!约)(?<!約)(?<!共)(?<!近)(?<!逾)"
            r"(19[5-9]\d|20[0-3]\d)(?=[\u4e00-\u9fff])(?!" + _YEAR_NOT_BEFORE + ")"
        ),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # ... or by what comes before it: a year bid farewell or welcomed (告别2020，迎来2021, 即将过去的
    # 2016), or a year after a name in Latin letters (German Open 2019, Office 2016; not Windows 2000,
    # nor a sum: iPhone 2999元).
    (
        re.compile(
            r"(?:(?<=告别)|(?<=迎来)|(?<=迎接)|(?<=再见)|(?<=你好)|(?<=拥抱)|(?<=过去的)|(?<=走过))"
            r"\s*((?:19|20)\d\d)(?![\d%％年]|\.\d)"
            # (... or coming: 在2019来临之际, 2017 感谢有你)
            r"|(?<![\d.])((?:19|20)\d\d)(?=\s*(?:来临|到来|将至|感谢有你))"
            rf"|(?<=[A-Za-z] )((?:19|20)(?!00)\d\d)(?![\d.%％])(?!\s*(?:{MEASURE_WORDS}|{_COUNTED}|元|多))"
            # (a work cited by its author's name and year: Leiter (1997))
            r"|(?<=[A-Za-z] \()((?:19|20)\d\d)(?=\))"
        ),
        lambda m: digit_by_digit(m.group(1) or m.group(2) or m.group(3) or m.group(4)),
    ),
    # The pair of university programmes, perhaps with a few words between: 985、211, 拼搏985，超越211
    # -> 九八五、二一一.
    (
        re.compile(r"(?<![\d.])(985|211)(\D{1,4}?)(985|211)(?![\d.])"),
        lambda m: digit_by_digit(m.group(1)) + m.group(2) + digit_by_digit(m.group(3)),
    ),
    # A room's, a flight's or a standard's code, letters and three or four figures: 品学楼A106,
    # CA1501航班, GB2312 (not a model counted in hundreds, A100, nor a train, K1234次).
    (
        re.compile(
            rf"(?<![A-Za-z0-9.])([A-Z]{{1,2}})(\d{{3,4}})(?<!00)(?![\d.%％]|\s*(?:次|{MEASURE_WORDS}|{_COUNTED}|元))"
        ),
        lambda m: m.group(1) + digit_by_digit(m.group(2)),
    ),
    # ... or the year that opens a name in quotes: “2010旅游盛典” (not “2000多人”, “2000元”).
    (
        re.compile(rf"(?<=[“\"「《『])((?:19|20)\d\d)(?=[\u4e00-\u9fff])(?!{MEASURE_WORDS}|{_COUNTED})"),
        lambda m: digit_by_digit(m.group(1)),
    ),
    # A number written with a leading zero is a code, not a quantity: (0591), 编号007.
    (re.compile(r"(?<![\d.:：])(0\d+)(?![\d.:：]|\s*[年月日号时点分秒])"), lambda m: digit_by_digit(m.group(1))),
    (re.compile(r"(\d+\.\d+)"), lambda m: decimal(m.group(1))),
    # (two of ten thousands or of a hundred millions is 两: 开了2万公里 -> 开了两万公里, not after 第)
    (re.compile(r"(?<![第\d])2(?=[万亿])"), lambda m: "两"),
    (re.compile(r"(\d+)"), lambda m: cardinal(int(m.group(1)))),
    (re.compile(r"(?<=[\u4e00-\u9fff])\s*[+＋]\s*(?=[\u4e00-\u9fff])"), lambda m: "加"),
    # A sum written with numbers and letters: 5+5+50+X -> 五加五加五十加X.
    (re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\s*[+＋]\s*(?=[A-Za-z\u4e00-\u9fff])"), lambda m: "加"),
    # A tilde that ends a clause draws a word out ("可能搞混了吧～", "不存在的～ 所以"): said
    # as nothing; between two things it is a range (北京～上海, 周一 ~ 周五, 《论语》～《孟子》).
    (
        re.compile(r"(?<!\s)[~～]+(?=\s*(?:$|[，。！？、；：…,.!?;:）)」』”’]))|(?<![\s~～])[~～]+(?=\s+\w)"),
        lambda m: "",
    ),
    (re.compile(r"[~～]"), lambda m: "到"),
    # A range between spelled ends that both carry their unit: 二零二零年-二零二一年, 第三期-第五期,
    # 四千点-五千点, 一号楼-三号楼.
    (
        re.compile(
            r"(?<=[年期月日号天周届岁次点楼元米层栋室])\s*[-－–—]\s*"
            r"(?=第?[零〇一二三四五六七八九十两][零〇一二三四五六七八九十两百千万]*[年期月日号天周届岁次点楼元米层栋室])"
        ),
        lambda m: "到",
    ),
    # An equation: 2^16 = 65536 -> ... 等于 ...
    (re.compile(r"(?<=[\w)）])\s*=\s*(?=[\w(（])"), lambda m: "等于"),
]


# Circled numbers ①-⑳ that number notes and list items.
_CIRCLED = re.compile("[\u2460-\u2473]")
# Roman numerals set as one character (Ⅰ-Ⅻ, ⅰ-ⅻ): a sequel, a volume, a grade: 澳门风云Ⅱ -> 澳门风云二.
_ROMAN = re.compile("[\u2160-\u216b\u2170-\u217b]")


@lru_cache(maxsize=8192)
def spoken_form(text: str) -> str:
    """Spell numbers, dates, times, phone numbers and symbols out in Chinese."""
    text = _CIRCLED.sub(lambda m: cardinal(ord(m.group()) - 0x245F), text)
    text = _ROMAN.sub(lambda m: cardinal((ord(m.group()) - 0x2160) % 16 + 1), text)
    if not re.search(r"[\d%％‰℃¥￥$~～+＋㎡@〇○．]|www\.|https?://", text):
        return text
    traditional = in_traditional(text)
    for pattern, fn in _RULES:
        text = pattern.sub(_in_traditional(fn) if traditional else fn, text)
    return text


def _in_traditional(fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """The rule's reading with its number words in traditional characters."""
    return lambda m: fn(m).translate(_AS_TRADITIONAL)
