"""HTML, Word (.docx) and Markdown -> plain article text with Markdown-style headings.

Every reader returns text in one shape: the title on the first line, blank
lines between paragraphs, and headings as `# ` lines, so one structure parser
(article.py) serves all formats.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from xml.etree import ElementTree as ET

from ..errors import InputError
from .chrome import STAMP, chrome_reason
from .clean import clean_line, junk_reason
from .title import (
    GREETING,
    clean_title,
    cut_with_ellipsis,
    is_red_header,
    name_after_space,
    names_a_site,
    plausible_title,
    similar,
    site_after_comma,
    squash,
    title_parts,
    without_label,
    without_stamp,
)

# Content that is never article text.
_SKIP = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "select",
    "iframe", "svg", "template", "head", "canvas", "video", "audio", "object", "textarea", "menu",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "tr", "table",
    "pre", "hr", "dd", "dt", "dl", "figure", "figcaption", "center", "body", "td", "th",
}  # fmt: skip
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
# Class/id words that mark page chrome rather than the article.
# (of which a page's widgets: boxes of buttons, codes and prompts, that hold no story of their own)
_WIDGET_WORDS = "share|toolbar|qr|qrcode|login|subscribe|player|vjs|advert|ads?|banner"
_CHROME = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|sidebar|footer|header|comment|comments|related|recommend|copyright|"
    rf"{_WIDGET_WORDS}|post-meta|entry-meta|article-meta|meta-date|post-info|entry-info|article-info"
    r"|editsection|sign)([-_ ]|$)",
    re.I,
)
# Class/id words of a heading's edit link.
_EDIT_LINK = re.compile(r"(^|[-_ ])editsection([-_ ]|$)", re.I)
# Class/id words of the links to the posts before and after this one.
_SEQUEL = re.compile(r"(^|[-_ ])(prev|next|prev-next|pagination|pager)([-_ ]|$)", re.I)
# Class/id words of comments and replies: chrome under a story, the content of a thread.
_COMMENT = re.compile(r"(^|[-_ ])(comment|comments|reply|replies)([-_ ]|$)", re.I)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving mini-DOM: enough to find the article body and walk it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # (as browsers do: a whole page pasted into a page's body adds no second <html>, <head>
        # or <body>; what they hold is the body's)
        if tag in ("html", "head", "body") and any(n.tag in ("body", tag) for n in self.stack):
            return
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("html", "body"):
            return  # as browsers do: a stray </html> mid-page (www.gov.cn has one) ends nothing
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _walk(node: _Node, visible: bool = False) -> list[_Node]:
    """Every element under `node`, in document order (without recursion: pages nest deeply);
    with `visible`, only those a reader sees: not inside scripts, styles or hidden parts."""
    out: list[_Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if visible and (n.tag in _SKIP or _hidden(n)):
            continue
        out.append(n)
        stack.extend(c for c in reversed(n.children) if isinstance(c, _Node))
    return out


def _text(node: _Node | str, edit_links: bool = True) -> str:
    """The text of an element, without scripts, styles and hidden parts (nor, without
    `edit_links`, a heading's edit link: "<span class="mw-editsection">[编辑]</span>")."""
    if isinstance(node, str):
        return node
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            parts.append(n)
        elif n.tag not in _SKIP and not _hidden(n) and (edit_links or n is node or not _EDIT_LINK.search(_names(n))):
            stack.extend(reversed(n.children))
    return "".join(parts)


# Not visibility:hidden: pages set it on the article while their scripts load (WeChat's
# #js_content is saved that way), so a saved copy would lose its whole body.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)


def _hidden(n: _Node) -> bool:
    """Hidden from readers: the `hidden` attribute, aria-hidden, or display:none."""
    return (
        "hidden" in n.attrs
        or n.attrs.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(n.attrs.get("style", "")))
    )


#: ... and a sentence's end every this many Chinese characters, on average.
REVEALED_SENTENCE = 150
#: A block a script would show holds this many Chinese characters at least.
REVEALED_CHARS = 200


def _reveal(nodes: list[_Node], root: _Node) -> None:
    """Show the block a page's script would show: the first block set display:none as saved
    that holds sentences of its own, on a page that shows none (an article kept hidden until its
    scripts run, "<div id="js_content" style="display:none">", beside menus and link lists).
    A page that shows its article keeps what it hides hidden."""
    sizes: dict[int, int] | None = None  # (counted only on a page that hides a block)
    found: _Node | None = None
    i = 0
    while i < len(nodes) and found is None:
        n = nodes[i]
        style = n.attrs.get("style", "")
        if n.tag not in _BLOCK or not _HIDDEN_STYLE.search(style) or "hidden" in n.attrs:
            i += 1
            continue
        sizes = sizes if sizes is not None else _sizes(root)
        i += sizes.get(id(n), 1)  # (what it holds stays hidden with it: each element is read once)
        n.attrs["style"] = _HIDDEN_STYLE.sub("", style)
        text = _text(n)
        n.attrs["style"] = style
        # (its different sentences: a notice said over and over is no article)
        shown = sum(len(_CJK_CHAR.findall(x)) for x in set(re.split("[。！？]", text)))
        # (sentences, not a hidden heap of search words stuffed into the page; the first such
        # block: a dialog's agreement after the article is not it)
        if shown >= REVEALED_CHARS and len(re.findall("[。！？]", text)) * REVEALED_SENTENCE >= shown:
            found = n
    # (the page is rendered once, and only when a block might be shown)
    if found is not None and _shown_prose(root) < REVEALED_CHARS // 2:
        found.attrs["style"] = _HIDDEN_STYLE.sub("", found.attrs.get("style", ""))


_WIDGET = re.compile(rf"(^|[-_ ])({_WIDGET_WORDS})(?=[-_ ]|$)", re.I)


def _unmask_widgets(nodes: list[_Node]) -> None:
    """A block named as a widget that holds a paragraph of the story is not a widget: a page
    whose share box is left open around its article ("<div class="share">…<p>…</p>") is read.
    Its widget words are taken off its names."""
    for n in nodes:
        if _WIDGET.search(_names(n)) and any(_story_paragraph(p) for p in _walk(n) if p.tag == "p"):
            for key in ("class", "id"):
                if key in n.attrs:
                    n.attrs[key] = _WIDGET.sub(" ", n.attrs[key]).strip()


def _story_paragraph(p: _Node) -> bool:
    """A paragraph of sentences as a story has: long, with several sentence ends."""
    text = _text(p)
    return len(_CJK_CHAR.findall(text)) >= REVEALED_CHARS and len(re.findall("[。！？]", text)) >= STORY_SENTENCES


#: A paragraph of a story holds this many sentences at least.
STORY_SENTENCES = 3


def _shown_prose(root: _Node) -> int:
    """How many Chinese characters of sentences the page shows."""
    out: list[str] = []
    _render(root, out)
    lines = "".join(out).split("\n")
    return sum(n for line in lines if (n := len(_CJK_CHAR.findall(line))) >= 15 and re.search("[。！？]", line))


def html_to_text(html: str) -> str:
    """Article text of a saved web page (WeChat, news, forum): body only, headings kept."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    nodes = _walk(builder.root)
    for n in nodes:
        if n.tag == "form" and _wraps_content(n):
            n.tag = "div"  # a page wrapped whole in one form (ASP.NET pages are) is no form
    _reveal(nodes, builder.root)
    _unmask_widgets(nodes)
    body = _main_container(nodes)
    # (a headline printed with the day it was posted: "<h1>…“中国风”(2005-12-23 21:05:10)</h1>")
    title = without_stamp(without_label(_html_title(nodes, body)))
    lines: list[str] = []
    _render(body, lines, _comments_are_content(body))
    text = "\n".join(map(_trim_fields, "".join(lines).split("\n")))
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # A Markdown heading pasted into a page's paragraph ("<p>##DNS-F 的应用场景</p>") is a heading
    # (a topic tag "#垃圾分类#" closes with a mark, and is not; a tag's link is left out).
    text = re.sub(r"^(#{1,6})[ \t]*([^\s#][^\n#]{0,38}[^\s#])$", r"\1 \2", text, flags=re.M)
    preface = _paid_preface(nodes) if body.attrs.get("id") == "js_content" else ""
    if preface and squash(preface) not in squash(text):
        text = f"{preface}\n\n{text}"
    deck = _deck(nodes, body, title) or _lede(nodes, body, title)
    if deck and squash(deck) not in squash(text):
        # Said as a sentence of its own, not glued to the first paragraph as a cut line.
        text = f"{deck if deck[-1] in '。！？!?' else deck + '。'}\n\n{text}"
    first, _, rest = text.partition("\n")
    # (not the document the title names: "我市出台《关于…的若干措施》" over the measures' own title)
    named = f"《{first.lstrip('# ').strip()}》" in title
    # (a title the page prints as its h1 is marked so: a line below it worded a little
    # differently, a republisher's rewrite of the headline, does not take its place)
    mark = (
        "# "
        if title and any(squash(_text(n)) == squash(title) for n in nodes if n.tag in ("h1", "h2") and not _hidden(n))
        else ""
    )
    if title and first.startswith("#") and similar(first.lstrip("# "), title) and not named:
        text = f"{mark}{title}\n{rest}"  # the page's h1 is the title: say it as the title, cleaned
    elif title and not text.startswith(title):
        text = f"{mark}{title}\n\n{text}"
    elif mark and first.strip() == title and title.endswith("。"):
        text = f"{mark}{text}"  # (the page's h2 opens the text: marked, it is the title even as a sentence)
    if not text.strip():
        raise InputError("the web page has no article text", "save the page with its content, or copy the text")
    return text + "\n"


#: A deck under a headline is a line or two.
DECK_CHARS = (8, 80)


def _deck(nodes: list[_Node], body: _Node, title: str) -> str:
    """The line set under the headline, outside the article's container: "<h1>变性的“她”盗窃
    被抓…</h1><p>因缺钱导致变性不彻底…</p>" (an e-paper's or a portal's subheading); "" when
    there is none. Only an element right after the h1, in the same parent, without links or
    a date."""
    inside = {id(n) for n in _walk(body)}
    h1s = [n for n in nodes if n.tag == "h1" and id(n) not in inside and similar(_text(n), title)]
    parents = _parents(nodes[0]) if h1s else {}
    for h1 in h1s:
        parent = parents.get(id(h1))
        if parent is None:
            return ""
        after = parent.children[parent.children.index(h1) + 1 :]
        nxt = next((c for c in after if isinstance(c, _Node) or c.strip()), None)
        if not isinstance(nxt, _Node) or nxt.tag not in ("p", "h2", "h3", "h4", "div") or id(nxt) in inside:
            return ""
        line = " ".join(_text(nxt).split())
        low, high = DECK_CHARS
        plain = not any(n.tag == "a" for n in _walk(nxt)) and not STAMP.search(line)
        return line if low <= len(line) <= high and plain and _CJK_CHAR.search(line) and not _hidden(nxt) else ""
    return ""


#: A page's description shown above its article is a paragraph or a few points.
LEDE_CHARS = (30, 600)
#: ... found by its opening words.
LEDE_KEY = 16


def _lede(nodes: list[_Node], body: _Node, title: str) -> str:
    """The page's description (its meta description) shown above the article, outside the
    article's container: a news site's standfirst or summary ("article__announce-text");
    "" when the page shows none."""
    described = [
        n.attrs.get("content", "")
        for n in nodes
        if n.tag == "meta"
        and (n.attrs.get("name") or n.attrs.get("property") or "").lower() in ("description", "og:description")
    ]
    # (a description may open with the headline: the lede is what follows it)
    heads = [squash(d).removeprefix(squash(title)) for d in described]
    key = next((h[:LEDE_KEY] for h in heads if len(h) >= LEDE_KEY), "")
    if not key:
        return ""
    # (a standfirst is set under the headline: a school's introduction in a side column
    # before it, which its description may repeat, is not the article's lead)
    headline = next(
        (i for i, n in enumerate(nodes) if re.fullmatch(r"h[1-3]", n.tag) and similar(_text(n), title)), None
    )
    if headline is None:
        return ""
    inside = {id(n) for n in _walk(body)}
    parents = _parents(nodes[0])
    holders = set()  # the elements that hold the article hold more than its lede
    up = parents.get(id(body))
    while up is not None:
        holders.add(id(up))
        up = parents.get(id(up))
    low, high = LEDE_CHARS
    length = max(len(squash(d)) for d in described)
    found: _Node | None = None
    for n in nodes[headline + 1 :]:
        if n is body:
            break  # only above the article
        if n.tag in ("meta", "title", "script", "style", "a", "head") or id(n) in inside or id(n) in holders:
            continue
        line = " ".join(_text(n).split())
        if (
            squash(line).startswith(key)
            and low <= len(line) <= min(high, LEDE_SPAN * length + LEDE_KEY)
            and re.search("[，。！？；]", line)
            and not line.endswith(("…", "..."))  # a teaser of it, cut short
            and not any(m.tag == "a" for m in _walk(n))
            and not _aside(n, parents)
        ):
            found = n  # (the innermost that holds it: a wrapper may hold a toolbar too)
    return " ".join(_text(found).split()) if found is not None else ""


#: The lead shown holds the description and little more (a wrapper holds a toolbar too).
LEDE_SPAN = 1.5
# Where a page keeps what is not its article: a sidebar, a header, a share box.
_ASIDE = re.compile(r"side|nav|menu|share|toolbar|footer|banner|intro|about", re.I)


def _aside(n: _Node, parents: dict[int, _Node]) -> bool:
    """Whether the element is hidden or sits in a sidebar, a header, a footer or a share box."""
    node: _Node | None = n
    while node is not None:
        if _hidden(node) or node.tag in ("aside", "nav", "footer"):
            return True
        if _ASIDE.search(node.attrs.get("class", "") + " " + node.attrs.get("id", "")):
            return True
        node = parents.get(id(node))
    return False


# A link to a site's or a blog's front page: "/", "https://host/", "https://host/blog", "index.html".
_HOME = re.compile(r"^(?:https?://[^/]+)?/?(?:[^/?#]+/?)?$|(?:^|/)index\.\w+$", re.I)


def _logo(n: _Node) -> bool:
    """An h1 that is the site's logo or name: marked "logo", or all of its text one link to
    the front page (a headline linking to itself has a longer address)."""
    if any("logo" in m.attrs.get("class", "").lower() for m in _walk(n)):
        return True
    links = [m for m in _walk(n) if m.tag == "a"]
    text = squash(_text(n))
    return (
        len(links) == 1
        and squash(_text(links[0])) == text
        and bool(_HOME.match(links[0].attrs.get("href", "").strip()))
    )


#: Elements a form holds only when it wraps a page's content, not a search box or a login.
_CONTENT_TAGS = frozenset({"p", "h1", "h2", "h3", "article", "table"})


def _wraps_content(form: _Node) -> bool:
    """Whether a form holds the page's content: paragraphs, headings or tables, and more
    text than a form's labels and prompts; or a page's worth of text in blocks of any kind
    (an ASP.NET page set in <div>s)."""
    inner = _walk(form)
    said = len(_CJK_CHAR.findall("".join(_text(c) for c in form.children)))
    return said >= 200 and (sum(n.tag in _CONTENT_TAGS for n in inner) >= 2 or said >= WRAPPING_FORM_CHARS)


#: A form holding this much Chinese text is the page, whatever its blocks.
WRAPPING_FORM_CHARS = 500


#: A <title> this short is a word of the site's software or template, not a headline.
TITLE_WORD_CHARS = 4
#: An office's name may be this long: "中山市社会保险基金管理局".
OFFICE_NAME_CHARS = 16
#: A <title> of this many parts is a trail of sections, not a headline with its site's name.
TRAIL_PARTS = 4
#: A site's name is short ("南生论坛", "新华网河北频道"); a headline its page also links to is longer.
SITE_NAME_CHARS = 10


def _html_title(nodes: list[_Node], body: _Node) -> str:
    """The page's own title: WeChat's headline or a Discuz! thread's subject as written; else
    og:title, a CMS's ArticleTitle, <title> or the first h1, whichever comes first, without site
    names and document numbers; a headline
    set in the page about the article (the text of `body`) when those give only the site's name."""
    article = _text(body)
    wechat = [n for n in nodes if n.tag == "h1" and (n.attrs.get("id") == "activity-name"
              or "rich_media_title" in n.attrs.get("class", ""))]  # fmt: skip
    # (a WeChat post's headline is the writer's own, with no site's name after it to cut:
    # "前端播客周刊 #026 - Chrome Speculation Rules 加速网站性能")
    posted = next((t for n in wechat if (t := " ".join(_wechat_headline(n).split()))), "")
    if posted:
        return posted
    # (a Discuz! thread's subject, without the thread type's link before it: "[生命卡] 【TalkOP汉化】…")
    subject = next((t for n in nodes if n.attrs.get("id") == "thread_subject" if (t := " ".join(_text(n).split()))), "")
    if subject:
        return subject
    meta = {
        (n.attrs.get("property") or n.attrs.get("name") or "").lower(): n.attrs.get("content", "")
        for n in nodes
        if n.tag == "meta"
    }
    # A <title> that greets the visitor ("谢谢您访问〖关注中国中心〗") is the site's banner.
    raws = [
        t
        for n in nodes
        if n.tag == "title"
        if not GREETING.match(t := "".join(c for c in n.children if isinstance(c, str)).strip())
    ]
    pairs = _pairs(article)
    # A widget's caption set as an h1 ("导航", "公告") is not about the article; a short h1 the
    # <title> opens with is its headline ("<h1>5G VS 5GHz</h1>" for "5G VS 5GHz | BoyInTheSun").
    # (or its first parts: "<h1>《城堡》-卡夫卡 读后感</h1>" for "《城堡》-卡夫卡 读后感 | Messier’s blog")
    opening = frozenset(
        squash("".join(parts[:k])) for raw in raws for parts in [title_parts(raw)] for k in range(1, len(parts) + 1)
    )
    h1 = [
        n
        for n in nodes
        if n.tag == "h1" and not _hidden(n) and not _logo(n)
        and (len(said := squash(_text(n))) > 8 or _shared_pairs(said, pairs) >= HEADLINE_SHARED or said in opening)
    ]  # fmt: skip
    candidates = [
        meta.get("og:title", ""),
        meta.get("twitter:title", ""),
        meta.get("articletitle", ""),
        *raws,
        *(_text(n) for n in h1),
    ]
    # Short names the page links by (its logo, its home and section links) are the site's,
    # not the headline's: a <title> that is only the site's name gives way to the next candidate.
    site_names = frozenset(
        key
        for n in nodes
        if n.tag in ("a", "img")
        for name in (_text(n) if n.tag == "a" else "", n.attrs.get("alt", ""), n.attrs.get("title", ""))
        if 0 < len(key := squash(name)) <= SITE_NAME_CHARS
    )
    # A part of <title> that is also the page's h1 is the headline, whatever its length; so
    # are its leading parts when the h1 (or, on a page without one, an h2 or h3) holds them
    # all (a column name before the headline, a headline with a separator in it).
    headlines = [_text(n) for n in h1]
    # (not the site's own name set as an h1 beside the headline's: "<h1>广西壮族自治区人民政府
    # 门户网站</h1>" over "<title>广西壮族自治区人民政府门户网站 - www.gxzf.gov.cn")
    if any(not names_a_site(h) for h in headlines):
        headlines = [h for h in headlines if not names_a_site(h)]
    visible = headlines or [_text(n) for n in nodes if n.tag in ("h2", "h3", "h4") and not _hidden(n)]
    # og:title written as a part of <title> is the headline the page gives for sharing.
    shared = meta.get("og:title", "")
    if shared and any(squash(part) == squash(shared) for raw in raws for part in title_parts(raw)):
        return clean_title(shared)
    for raw in raws:
        parts = title_parts(raw)
        # (an h1 printing a short cry before the headline: "换房补贴最高17万元！广州南沙…发布")
        kicked = next((h for part in parts[:1] for h in headlines if _kicker_before(h, part)), None)
        if kicked:
            return clean_title(kicked)
        # (an h1 that sets the site's name and then the headline the <title> gives first: "<h1>
        # 翼世界夢想領域… <span>杜鵑花節</span></h1>" for "杜鵑花節 - 翼世界夢想領域… - 無名小站")
        if len(parts) >= 2 and any(squash(h) == squash(parts[1]) + squash(parts[0]) for h in headlines):
            return clean_title(parts[0])
        for k in range(len(parts), 1, -1):
            lead = squash("".join(parts[:k]))
            match = next((h for h in visible if squash(h) == lead), None)
            if match:
                return " ".join(match.split())
        # A <title> the page prints whole in an element of its own is the headline as printed,
        # with its column's name ("书记市长这一周 | 奋马扬鞭…" set again in a plain <div>).
        flat = " ".join(raw.split())
        if _column_first(parts) and _shown_alone(nodes, flat):
            return flat
        # The h1 and then a site's name after a separator the parts do not split at
        # ("…新版ZoomEye-CSDN.NET"), or a section's name the page shows (a link, a heading)
        # after a space ("科普 | …怎么才算“病”？ 健康教育 -北京安定医院"): the h1 is the headline.
        # So is a plain element's line when the section's name it runs into is shown on its own
        # ("…推进糖尿病干细胞疗法医药新闻-ByDrug-…", the headline set in a <div>).
        lines = [" ".join(_text(n).split()) for n in _holding(nodes, flat[:4]) if not _hidden(n)]
        headings = [" ".join(h.split()) for h in visible]
        for head in headings + lines:
            if head and len(squash(head)) >= TITLED_CHARS and flat.startswith(head):
                rest = flat[len(head) :]
                name = _name_after(rest)
                # (a heading, then a name shaped as a section's and the site's: "… 艺术资讯— 阿特网";
                # not the headline's second half: "香港变性人争取婚姻权案 终审胜诉_卫视频道_凤凰网")
                last = re.split(r"[-_|｜—–]", rest)[-1].strip()
                # (or a site's own name after a space: "图说洛阳| … 过廉洁之年 河南日报网-河南日报官方网站")
                sited = head in headings and bool(
                    name and ((_SECTION_END.search(name) and names_a_site(last)) or names_a_site(name))
                )
                # (not the headline's second line, set in the same block after its first: "山东开展
                # 学雷锋志愿服务活动" / "倡树社会文明新风" under "<title>… 倡树社会文明新风 - 山东文明网";
                # looked for last, as it reads every block's text)
                if (name == "" and head in headings) or (
                    name and (sited or _shown_alone(nodes, name)) and not _one_block(nodes, head + name)
                ):
                    return head
        for k, part in enumerate(parts if len(parts) > 1 else ()):
            # (not the site's name after a longer headline, which the page sets as its logo's h1:
            # "一季度居民消费价格同比上涨_新浪财经" and "<h1>新浪财经</h1>")
            if k and len(squash(part)) <= SITE_NAME_CHARS < len(squash(parts[0])):
                continue
            if any(similar(part, h) for h in headlines):
                # (the h1 as the page shows it, when the part only adds words after it: "…(图)  川普")
                printed = next((h for h in headlines if squash(part).startswith(squash(h))), part)
                return clean_title(printed)
    cleaned = [t for t in (clean_title(raw, site_names) for raw in candidates) if t]
    # A title cut short for sharing ("…分析研究…") gives way to the whole one the page also gives.
    cleaned = [next((w for w in cleaned if cut_with_ellipsis(t, w)), t) for t in cleaned]

    def site_name(t: str) -> bool:
        return squash(t) in site_names and not any(similar(t, h) for h in headlines)

    title = next((t for t in cleaned if not site_name(t)), "")
    # A site's name after a comma is cut only when the page shows the headline without it
    # (a comma may part a headline: "…，织就一张民生保障网").
    parted = site_after_comma(title)
    if parted and _shown_alone(nodes, parted[0]):
        title = parted[0]
    # A name after a space that the page prints elsewhere on its own, and the article never
    # says, is the site's or the office's: "…技能大赛 湖南省中医药研究院附属医院".
    spaced = name_after_space(title)
    if spaced and spaced[1] not in article and _named_elsewhere(nodes, *spaced):
        title = spaced[0]
    shown = {squash(_text(n)) for n in nodes if re.fullmatch(r"h[2-6]", n.tag)}
    # (an office's longer name is a site's name too: "中山市社会保险基金管理局")
    named_office = len(squash(title)) <= OFFICE_NAME_CHARS and bool(_ORG_END.search(title))
    # (so is a <title> of a site's name in capitals over a Chinese article: ":: BERNAMA MANDARIN ::";
    # not "Taylor Swift: The Eras Tour")
    latin = (
        bool(title)
        and not _CJK_CHAR.search(title)
        and title.upper() == title
        and len(_CJK_CHAR.findall(article)) >= LATIN_TITLE_ARTICLE
    )
    # (or one that says it names a site: "中國廣播公司全球資訊網")
    short = (
        bool(title)
        and (len(squash(title)) <= SITE_NAME_CHARS or named_office or latin or names_a_site(title))
        and squash(title) not in shown
    )
    # A subject a thread's page prints under its label ("<b>主题：</b>你知道导游为什么…"), on a
    # page with no h1, is the headline the <title> (the forum's name) does not give.
    # (never a field of the article itself, and only over a <title> that names no article)
    named_only = bool(cleaned) and all(len(squash(t)) <= SUBJECT_TITLE_CHARS or names_a_site(t) for t in cleaned)
    subject = _subject(nodes, pairs, body) if named_only and not headlines else ""
    if subject and not any(similar(subject, t) for t in cleaned):
        return subject
    # A <title> that is a trail of sections ("厦门市人力资源和社会保障局-信息公开-…-医疗保险")
    # and gave a part other than its first gives way to a headline set in the page.
    # (a headline comes first: "和男友口角鎖門吞藥 女墜樓不治｜即時｜蘋果新聞網｜蘋果日報")
    trail = any(len(p := title_parts(raw)) >= TRAIL_PARTS and squash(p[0]) != squash(title) for raw in raws)
    if trail and title and not h1 and not wechat:
        headline = _headline(nodes, site_names, pairs)
        if headline and squash(title) not in squash(headline):
            return headline
    # A short <title> shaped as a site's or an office's name gives way to the page's first h1
    # that is not itself a name (a banner's "某某市卫生健康委员会", the site's logo set as an h1).
    unnamed = [h for h in headlines if not (_ORG_END.search(h.strip()) or names_a_site(h))]
    if (
        title
        and short
        and unnamed
        and (named_office or names_a_site(title))
        and not any(similar(title, h) for h in unnamed)
    ):
        return clean_title(unnamed[0], site_names) or title
    # The one headline set over the article is what the reader sees when the <title> says
    # something else: a post renamed after it was shared ("Kruskal+LCA算法详解-CSDN博客" over
    # "<h1>NOIP2013货车运输</h1>"), a <title> with the post's summary run into it.
    over = _headline_over(h1, body, nodes, site_names)
    if title and over and not wechat and not similar(over, title) and not short:
        return clean_title(over, site_names) or title
    if title and not (short and not h1 and not wechat):
        return title
    headline = _headline(nodes, site_names, pairs, opening) or _above(nodes, body, site_names, pairs)
    if not title:
        return headline or (cleaned[0] if cleaned else "")
    # A short <title>, set nowhere as a heading, and no h1: the site's name ("浙江省淡水水产
    # 研究所"), or its name and a section ("科普中国-辟谣文章"), when the page sets a headline
    # that holds the name, or the <title> is only such short parts.
    splits = [title_parts(raw) for raw in raws]
    named = any(len(p) > 1 and all(len(squash(x)) <= SITE_NAME_CHARS for x in p) for p in splits)
    # A <title> of a word or two ("显示", "正文") names no article.
    word = len(squash(title)) <= TITLE_WORD_CHARS and not _shown_alone(nodes, title)
    # ... nor does one shaped as a paper's, a station's, a news site's or an office's name ("北京青年报",
    # "公共電視台 新聞網").
    paper = bool(_ORG_END.search(title) or re.search("(?:报|報|周刊|杂志|报刊|专栏|栏目|网|網|电视台|電視台)$", title))
    if latin and not headline:
        return ""  # (the article's first line names it better than the site's Latin name)
    # (a site's or a station's name over a story whose first line is its headline)
    headline = headline or (_top_line(nodes, body, site_names, pairs) if paper or named else "")
    return headline if headline and (squash(title) in squash(headline) or named or word or paper or latin) else title


#: A headline is this long; shorter headings are a section's or a widget's.
TITLED_CHARS = 8
_AFTER_HEADLINE = re.compile(rf"\s*[-_|｜—–]|\s*([^\s\-_|｜—–]{{1,{SITE_NAME_CHARS}}})\s*[-_|｜—–]")


# How a site's section is named: "艺术资讯", "医药新闻", "健康频道".
_SECTION_END = re.compile(r"(?:资讯|新闻|动态|频道|专栏|栏目|要闻|快讯)$")


#: A cry or a column's name printed before a headline is this short at most ("突发！", "视界｜").
KICKER_CHARS = 16


def _kicker_before(headline: str, part: str) -> bool:
    """Whether the page's headline is the <title>'s part with a short cry or a column's name
    before it, closed by its mark: "换房补贴最高17万元！" before "广州南沙“南十条”房地产政策发布"."""
    line, part = " ".join(headline.split()), " ".join(part.split())
    before = line[: len(line) - len(part)]
    if not (line.endswith(part) and 0 < len(squash(before)) <= KICKER_CHARS):
        return False
    # (or a blog's category in brackets, however short the post's title: "[随笔]恍若昨日。黯然销魂")
    if _CATEGORY.fullmatch(before) and not _MEDIA.search(before) and len(squash(part)) >= 2:
        return True
    return len(squash(part)) >= TITLED_CHARS and re.search(r"[！？!?：:|｜丨]\s*$", before) is not None


# A blog's category before a post's title: "[随笔]", "【青春祭】" (not what the post carries,
# "[组图]", "【视频】": said for the eye, and left out of titles as "视频丨" is).
_CATEGORY = re.compile(r"\s*[\[【［][^\]］]{1,14}[\]】］]\s*")
_MEDIA = re.compile("图|视频|音频|直播|多图|图文")


def _column_first(parts: list[str]) -> bool:
    """Whether a <title>'s parts are a column's short name and then a headline ("科普 | …"),
    not a headline and a site's name."""
    return (
        len(parts) == 2
        and len(squash(parts[0])) <= SITE_NAME_CHARS < len(squash(parts[1]))
        and not names_a_site(parts[0])
    )


def _name_after(rest: str) -> str | None:
    """What follows a headline in <title>: "" for a separator and a site's name ("-CSDN.NET"),
    the short name after a space and before a separator (" 健康教育 -北京安定医院": a section's
    name, if the page shows it on its own), None for anything else (the headline goes on)."""
    m = _AFTER_HEADLINE.match(rest)
    return None if m is None else (m.group(1) or "")


def _named_elsewhere(nodes: list[_Node], head: str, name: str) -> bool:
    """Whether the page prints `name` as a name elsewhere: alone in an element (a logo's
    words), or, when it is shaped as an office's or a site's name ("…附属医院", "东区办事处"),
    in an element that is not about the headline `head` (a footer's owner)."""
    start, key, shaped = head[:6], squash(name), bool(_ORG_END.search(name))
    return any(squash(text := _text(n)) == key or (shaped and start not in text) for n in _holding(nodes, name))


# How the name of an office or a site ends.
_ORG_END = re.compile(
    r"(?:医院|学校|中学|小学|大学|学院|政府|委员会|办事处|办公室|局|厅|中心|协会|学会|公司|集团|研究院|研究所"
    r"|报社|电视台|网|频道|街道|社区)$"
)


def _one_block(nodes: list[_Node], line: str) -> bool:
    """Whether a block element of the page holds exactly this line, its parts perhaps in
    elements of their own (a headline broken over two lines)."""
    key = squash(line)
    return any(squash(_text(n)) == key for n in nodes if n.tag in _BLOCK)


def _shown_alone(nodes: list[_Node], line: str) -> bool:
    """Whether an element of the page holds exactly this line (a headline set in the page)."""
    key = squash(line)
    return any(squash(_text(n)) == key for n in _holding(nodes, line[:4]) if not _hidden(n))


def _holding(nodes: list[_Node], words: str) -> list[_Node]:
    """The elements of the page's body whose own text holds `words` (not <title> or <meta>)."""
    return [
        n
        for n in nodes
        if n.tag not in ("title", "head", "meta") and any(isinstance(c, str) and words in c for c in n.children)
    ]


# A date in figures or in words: a byline's or a signature's, not a headline's.
_DATED = re.compile(r"[\d〇零一二三四五六七八九十]{2,4}年[\d〇零一二三四五六七八九十]{1,2}月")


def _centered(n: _Node) -> bool:
    """A block set in the middle of the line (<center>, align="center", text-align: center)."""
    return n.tag == "center" or (
        n.tag in ("p", "div", "td")
        and (n.attrs.get("align", "").lower() == "center" or bool(_CENTER_STYLE.search(n.attrs.get("style", ""))))
    )


_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.I)


#: Class names of a headline set in a plain element: "rumor-title", "news_title", "biaoti".
_TITLE_CLASS = re.compile(
    r"(?:^|[-_ ]|(?<=[a-z])(?=[A-Z]))(?i:title(?:[a-z]{0,8}\d+)?|tit\d*|headline|heading|biaoti|bt)(?:$|[-_ ])"
)
# A class naming the post's or the article's own title: "post-title", "articleTitle", "entry_title".
_POST_TITLE_CLASS = re.compile(
    r"(?i)(?:^|[\s_-])(?:post|article|entry|blog|news|detail)[-_]?(?:title|headline)(?:$|[\s_-])"
)
#: A headline is longer than a box's caption ("相关新闻", "热点推荐"), and about the article.
HEADLINE_CHARS = (5, 80)
HEADLINE_SHARED = 0.5


def _shared_pairs(text: str, pairs: set[str]) -> float:
    """Share of the text's character pairs that are in `pairs`."""
    return _pairs_in(text, pairs) / (len(text) - 1) if len(text) > 1 else 0.0


def _pairs_in(text: str, pairs: set[str]) -> int:
    """How many of the text's character pairs are in `pairs`."""
    return sum(text[i : i + 2] in pairs for i in range(len(text) - 1))


def _pairs(text: str) -> set[str]:
    """The character pairs of a text, to tell what is about it."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


#: A labelled subject shares this many character pairs with the article at least.
SUBJECT_SHARED = 2
#: A <title> this short (or a site's name) names no article: a labelled subject may.
SUBJECT_TITLE_CHARS = 16
_SUBJECT_LABEL = re.compile(r"^(?:帖子|文章|新闻)?(?:主题|标题)\s*[:：]$")


def _subject(nodes: list[_Node], pairs: set[str], body: _Node) -> str:
    """The subject an element outside the article's container (`body`) prints after its label in
    an element of its own ("<b>主题：</b>…"), when it is headline-shaped and about the article
    (`pairs`: the article's pairs)."""
    low, high = HEADLINE_CHARS
    inside = {id(n) for n in _walk(body)}
    for n in nodes:
        if id(n) in inside:
            continue
        labelled = any(
            isinstance(c, _Node)
            and c.tag in ("b", "strong", "span", "font", "label", "th", "td")
            and any(isinstance(x, str) and _SUBJECT_LABEL.match(x.strip()) for x in c.children)
            for c in n.children
        )
        if not labelled:
            continue
        text = without_label(" ".join(_text(n).split()))
        # (its label says what it is: a question's words need share only a few pairs with the answer)
        shared = _pairs_in(squash(text), pairs)
        if low <= len(text) <= high and not re.search("[。；]", text) and shared >= SUBJECT_SHARED:
            return text
    return ""


#: A Chinese article this long (characters) is not named by a <title> in Latin letters.
LATIN_TITLE_ARTICLE = 100
#: How many elements before the article's container a thread's subject may stand.
ABOVE_ELEMENTS = 40
#: The share of a subject row's character pairs the article uses, at least.
ABOVE_SHARED = 0.3


def _above(nodes: list[_Node], body: _Node, site_names: frozenset[str], pairs: set[str]) -> str:
    """The nearest headline-shaped line above the article's container, in no heading and with
    no class to say so: an old forum's subject row over its first post ("<font>惊爆日企…</font>").
    Not a link, a stamp, a sentence or a site's name; about the article (`pairs`)."""
    at = next((i for i, n in enumerate(nodes) if n is body), 0)
    return _headline_line(reversed(nodes[max(0, at - ABOVE_ELEMENTS) : at]), site_names, pairs)


def _top_line(nodes: list[_Node], body: _Node, site_names: frozenset[str], pairs: set[str]) -> str:
    """The first headline-shaped line at the top of the article's container, set in a plain
    block: a radio's story under its site's name ("<div class="tt26">強烈大陸冷氣團明發威  愈晚愈冷</div>")."""
    inside = _walk(body)[1 : 1 + TOP_ELEMENTS]
    return _headline_line(inside, site_names, pairs)


#: How many elements at the top of the article's container its headline may stand in.
TOP_ELEMENTS = 12


def _headline_line(candidates: Iterable[_Node], site_names: frozenset[str], pairs: set[str]) -> str:
    """The first of the elements whose own text is a headline-shaped line about the article."""
    low, high = HEADLINE_CHARS
    for n in candidates:
        if n.tag in ("a", "script", "style", "title", "option", "button") or _hidden(n):
            continue
        line = " ".join("".join(c for c in n.children if isinstance(c, str)).split())
        key = squash(line)
        # (not a greeting, a field, a phone number or anything else the chrome rules know)
        if (
            low <= len(line) <= high
            and _CJK_CHAR.search(line)
            and not re.search("[。；：:]|\\d{7}", line)
            and key not in site_names
            and not STAMP.search(line)
            and not GREETING.match(line)
            and chrome_reason(line) is None
            and _shared_pairs(key, pairs) >= ABOVE_SHARED
        ):
            return line
    return ""


def _headline(
    nodes: list[_Node], site_names: frozenset[str], pairs: set[str], opening: frozenset[str] = frozenset()
) -> str:
    """The first headline-shaped element about the article, for a page whose <title> and h1
    give only the site's name: an h2-h5, or an element classed as a title ("postTitle"),
    holding at most one link, with a line of 8 to 80 characters that is not a sentence, and half of whose
    character pairs the article uses ("<div class="rumor-title">", "<h5>浙江省淡水水产
    研究所召开干部职工大会…</h5>"); a sidebar's caption is about something else. `pairs`
    are the article's character pairs. An element classed as a post's own title comes first
    (a blog's "post-title" after its sidebar's "<h2>我的另外2个博客</h2>"); one the <title> opens
    with (`opening`) need not share the article's words ("免费详解" over an essay on a giveaway)."""
    own = [n for n in nodes if _POST_TITLE_CLASS.search(_names(n))]
    own_ids = {id(n) for n in own}
    for n in (*own, *nodes):
        named = bool(_TITLE_CLASS.search(_names(n)))
        if not (
            re.fullmatch(r"h[2-5]", n.tag)
            or (named and n.tag in ("div", "p", "span", "strong", "td"))
            or (
                _centered(n)
                and _bold_heading(n)
                and not _ORG_END.search(_text(n).strip())
                and not is_red_header(_text(n))
                and not _DATED.search(_text(n))
            )
        ):
            continue
        # (a title's box may hold the day it was posted under the headline: "…的政策解读 2025-10-09")
        text = without_stamp(" ".join(_text(n).split()))
        low, high = HEADLINE_CHARS
        titled = id(n) in own_ids and squash(text) in opening  # (any length then: "免费详解")
        # (an element classed as a title may end its headline with a full stop: "<h2
        # class="newsDetailTitle">鉴于美方…对美反制措施。</h2>")
        said = text.removesuffix("。") if named else text
        if (
            (low <= len(text) or titled)
            and len(text) <= high
            and _CJK_CHAR.search(text)
            and not re.search("[。；]", said)
            # (a post's own title may be short and linked to itself: not a site's name then)
            and (squash(text) not in site_names or id(n) in own_ids)
            and not _hidden(n)
            and sum(a.tag == "a" for a in _walk(n)) <= 1  # a blog's headline links to itself
            and (_shared_pairs(squash(text), pairs) >= HEADLINE_SHARED or titled)
        ):
            return text
    return ""


def _wechat_headline(h1: _Node) -> str:
    """A WeChat headline's own text, without the tags set beside it in the h1 ("已付费")."""
    inner = [n for n in _walk(h1) if "js_title_inner" in n.attrs.get("class", "").split()]
    return _text(inner[0]) if inner else _text(h1)


def _paid_preface(nodes: list[_Node]) -> str:
    """A paid WeChat post's preface, shown above its body ("<div class="pay__summary">"), as
    text with its heading: the writer's own opening, outside #js_content."""
    for n in nodes:
        if "pay__summary" in n.attrs.get("class", "").split():
            parts = [(m, m.attrs.get("class", "")) for m in _walk(n)]
            head = next((" ".join(_text(m).split()) for m, c in parts if "pay__summary-head" in c.split()), "")
            body = next((_text(m) for m, c in parts if "pay__summary-content" in c.split()), "")
            paragraphs = [" ".join(x.split()) for x in re.split(r"\n\s*\n", body) if x.strip()]
            if paragraphs:
                return "\n\n".join([f"## {head}"] * bool(head) + paragraphs)
    return ""


def _main_container(nodes: list[_Node]) -> _Node:
    """The element holding the article: WeChat's #js_content, <article>, <main>, else the densest block."""
    for n in nodes:
        if n.attrs.get("id") == "js_content" or "rich_media_content" in n.attrs.get("class", ""):
            return n
    body = next((n for n in nodes if n.tag == "body"), nodes[0])
    page_text = len(_text(body))
    for tag in ("article", "main"):
        found = [n for n in nodes if n.tag == tag]
        # (a blog theme may set the cards of the posts before and after as an <article>, named
        # so: then the page's semantic elements say nothing, and the densest block is the post)
        if tag == "article":
            kept = [n for n in found if not (_is_chrome(n) or _SEQUEL.search(_names(n)))]
            if found and not kept:
                break
            found = kept
        if found:
            best = max(found, key=lambda n: len(_text(n)))
            if tag == "article":
                best = _posts(body, found, best)
            # An empty or token <main> (a script framework's mount point) is not the article.
            if len(_text(best)) >= min(MIN_ARTICLE_CHARS, page_text // 4):
                return best
    candidates = [n for n in _walk(body, visible=True) if n.tag in ("div", "section", "td") and not _is_chrome(n)]
    # (a page whose paragraphs are each a <div> of text has no block dense by its own strings:
    # then such <div>s count as its paragraphs)
    weight = {id(n): CONTENT_WEIGHT if _named_content(n) else 1 for n in candidates}
    for line_divs in (False, True):
        scores = {id(n): _own_text_score(n, line_divs) * weight[id(n)] for n in candidates}
        best = max(candidates, key=lambda n: scores[id(n)], default=body)
        if scores.get(id(best), 0) > DENSE_BLOCK:
            break
    else:
        return body
    parents = _parents(body)
    return _thread(body, nodes, best, parents) or _article_span(body, best, scores, parents)


# An element numbered by its id: one post of a thread ("postmessage_697700", "post_123456").
_NUMBERED_ID = re.compile(r"^([A-Za-z][A-Za-z_-]*?)[_-]?\d{3,}$")
#: A thread has its first post and at least two replies.
THREAD_POSTS = 3


def _mostly_links(n: _Node) -> bool:
    """Whether half the element's text or more is the text of its links."""
    linked = sum(len(_text(a)) for a in _walk(n) if a.tag == "a")
    return 2 * linked >= len(_text(n).strip())


def _thread(body: _Node, nodes: list[_Node], best: _Node, parents: dict[int, _Node]) -> _Node | None:
    """When the densest block is one post of a thread (an element numbered by its id, as the
    others are), the element holding all the posts: a forum's replies are read with it.
    `parents` is the page's parent map (`_parents(body)`)."""
    node: _Node | None = best
    while node is not None and node is not body:
        m = _NUMBERED_ID.match(node.attrs.get("id", ""))
        if m:
            kind = (node.tag, m.group(1))
            posts = [
                n
                for n in nodes
                if n.tag == kind[0]
                and (k := _NUMBERED_ID.match(n.attrs.get("id", "")))
                and k.group(1) == kind[1]
                and _text(n).strip()
                and not _is_chrome(n)
                and not _mostly_links(n)  # a related post's teaser, numbered as posts are
            ]
            if len(posts) >= THREAD_POSTS:
                held = _posts(body, posts, node, share=1.0, parents=parents)
                return held if held is not body else None
        node = parents.get(id(node))
    return None


#: Share of all <article>s' text under which the longest is one post of a thread, not the article.
POST_SHARE = 0.6


def _posts(
    body: _Node, articles: list[_Node], longest: _Node, share: float = 0.0, parents: dict[int, _Node] | None = None
) -> _Node:
    """The longest <article>, or, when the page has several that each hold text and none
    most of it (a thread's posts, each an <article>), the element holding them all; with
    `share`, every post however short (a thread's replies), unless the longest holds all of
    that share of their text. `parents`, the page's parent map, when the caller has it."""
    texts = {id(a): len(_text(a)) for a in articles}
    posts = [a for a in articles if share or texts[id(a)] >= MIN_ARTICLE_CHARS]
    if len(posts) < 2:
        return longest
    parents = parents if parents is not None else _parents(body)
    # (an <article> inside another is part of it, not a post beside it: a news page may set its
    # story's body as an <article> within the story's)
    ids = {id(a) for a in articles}
    posts = [a for a in posts if not any(id(up) in ids for up in _ancestors(a, parents))]
    total = sum(texts[id(a)] for a in posts)
    if len(posts) < 2 or texts[id(longest)] >= (share or POST_SHARE) * total:
        return longest
    lines = [[post, *_ancestors(post, parents)] for post in posts]  # each post and what holds it
    shared = {id(n) for n in lines[0]}.intersection(*({id(n) for n in chain} for chain in lines[1:]))
    return next(n for n in lines[0] if id(n) in shared)


def _ancestors(node: _Node, parents: dict[int, _Node]) -> list[_Node]:
    """The elements holding `node`, nearest first."""
    chain: list[_Node] = []
    up = parents.get(id(node))
    while up is not None:
        chain.append(up)
        up = parents.get(id(up))
    return chain


#: An h1 this many levels or fewer above the article's container heads it.
HEADLINE_LEVELS = 3


def _headline_over(h1: list[_Node], body: _Node, nodes: list[_Node], site_names: frozenset[str]) -> str:
    """The page's only h1 when it is set over the article (under an element at most
    HEADLINE_LEVELS above the article's container, not in the page's banner) and reads as
    a headline: longer than a name, not a sentence, not a name the page links by or a site's
    or an office's ("新浪财经" over a story that says it)."""
    if len(h1) != 1:
        return ""
    text = " ".join(_text(h1[0]).split())
    if (
        len(squash(text)) <= TITLED_CHARS
        or squash(text) in site_names
        or not plausible_title(text)
        or re.search("[。]", text)
        or names_a_site(text)
        or _ORG_END.search(text)
    ):
        return ""
    parents = _parents(nodes[0])
    ancestors = {id(h1[0])}
    node: _Node | None = h1[0]
    while node is not None:
        node = parents.get(id(node))
        if node is not None:
            ancestors.add(id(node))
    around: _Node | None = body
    for _ in range(HEADLINE_LEVELS + 1):
        if around is None or around.tag in ("body", "html"):
            return ""
        if id(around) in ancestors:
            return text
        around = parents.get(id(around))
    return ""


def _parents(root: _Node) -> dict[int, _Node]:
    """Each element's parent, by the element's id."""
    return {id(c): n for n in _walk(root) for c in n.children if isinstance(c, _Node)}


#: How much more a block named as the article's ("article-content", "the_content", "post-body")
#: weighs in the search for the densest block: a one-paragraph story beside a wordy footer.
CONTENT_WEIGHT = 2
_CONTENT_NAME = re.compile(r"article|content|post|entry|detail|story|zhengwen|(^|[-_ ])zw([-_ ]|$)", re.I)


def _named_content(n: _Node) -> bool:
    return bool(_CONTENT_NAME.search(n.attrs.get("class", "")) or _CONTENT_NAME.search(n.attrs.get("id", "")))


#: The densest block holds more than this (its own Chinese characters), or the page is read whole.
DENSE_BLOCK = 100

#: An <article> or <main> holding less than this (or a quarter of the page) is a placeholder.
MIN_ARTICLE_CHARS = 50

#: Sibling blocks of one kind that make a run (a story set paragraph by paragraph).
RUN_BLOCKS = 3

#: Share of the page's text blocks the article container should hold.
ARTICLE_SHARE = 0.7


def _article_span(body: _Node, best: _Node, scores: dict[int, int], parents: dict[int, _Node]) -> _Node:
    """The densest block, or the smallest element around it that holds most of the page's
    text when the article is split over sibling blocks (a poem, its translation and notes);
    never the whole page. `parents` is the page's parent map (`_parents(body)`)."""
    total = sum(s for s in scores.values() if s > 0)
    held = {id(n): 0 for n in _walk(body)}
    for key, score in scores.items():
        node_id = key
        while score > 0:
            held[node_id] = held.get(node_id, 0) + score
            parent = parents.get(node_id)
            if parent is None:
                break
            node_id = id(parent)
    node = best
    while held.get(id(node), 0) < ARTICLE_SHARE * total:
        parent = parents.get(id(node))
        if parent is None or parent is body:
            return _run(best, parents.get(id(best)), body, scores)
        node = parent
    return _named_holder(node, parents, body)


#: A block named as the content may hold this much more text than the densest block in it.
HOLDER_SHARE = 1.6
#: ... and be this many levels above it (unnamed wrappers between).
HOLDER_LEVELS = 3


def _named_holder(node: _Node, parents: dict[int, _Node], body: _Node) -> _Node:
    """The element named as the page's content ("<div id="Content">") around the densest block,
    perhaps through a few unnamed wrappers, when it holds little more: a notice's lead and
    signature set beside the document it issues, a story's first paragraph in a block of its own."""
    if _named_content(node):
        return node
    parent = parents.get(id(node))
    for level in range(HOLDER_LEVELS):
        if parent is None or parent is body:
            return node
        # (a wrapper above the first holds only the blocks of the story, <section>s as the
        # densest one is, or only the one element; a wrapper with a sidebar beside them is the
        # page's layout, named content or not, and <div>s side by side may be its columns)
        blocks = [c for c in parent.children if isinstance(c, _Node) and c.tag not in _SKIP]
        pure = len(blocks) == 1 or (node.tag != "div" and {c.tag for c in blocks} == {node.tag})
        if _named_content(parent) and (level == 0 or pure):
            return parent if len(_text(parent)) <= HOLDER_SHARE * len(_text(node)) else node
        if not pure:
            return node
        parent = parents.get(id(parent))
    return node


def _run(best: _Node, parent: _Node | None, body: _Node, scores: dict[int, int]) -> _Node:
    """The densest block, or the run of blocks of its kind it belongs to: a story set as
    paragraph blocks of one class (`<div class="qnt-p">` each) amid more text than it holds."""
    if parent is None or parent is body:
        return best
    kind = (best.tag, best.attrs.get("class", ""))
    run = [c for c in parent.children if isinstance(c, _Node) and (c.tag, c.attrs.get("class", "")) == kind]
    if len(run) >= RUN_BLOCKS and sum(max(scores.get(id(c), 0), 0) for c in run) >= 2 * scores[id(best)]:
        return parent
    return best


# A topic tag's link: "#跨性別者" (not "#垃圾分类#", a topic named inside a sentence).
_TOPIC_TAG = re.compile(r"^#[^\s#，。！？]{1,16}$")
_INLINE = {"span", "font", "b", "strong", "em", "i", "u", "a", "br", "img", "sup", "sub", "small", "big", "p"}


def _line_div(n: _Node) -> bool:
    """A <div> of nothing but text and inline elements: a paragraph set as a block of its own."""
    return n.tag == "div" and all(isinstance(c, str) or c.tag in _INLINE for c in n.children)


def _own_text_score(n: _Node, line_divs: bool = False) -> int:
    """Chinese text the element holds itself, in its own strings, paragraphs and inline
    elements (a body separated by <br>s counts as much as one in <p>s; with `line_divs`, one set
    as <div>s of nothing but text as much too), minus link text: navigation and teaser lists are
    all links."""
    own = [
        c
        for c in n.children
        if isinstance(c, str) or ((c.tag in _INLINE or (line_divs and _line_div(c))) and not _hidden(c))
    ]
    text = "".join(_text(c) for c in own)
    links = "".join(_text(a) for c in own if isinstance(c, _Node) for a in _walk(c) if a.tag == "a")
    return len(_CJK_CHAR.findall(text)) - 2 * len(_CJK_CHAR.findall(links))


def _names(n: _Node) -> str:
    """An element's class and id, the words a page names its parts by."""
    return n.attrs.get("class", "") + " " + n.attrs.get("id", "")


def _is_chrome(n: _Node, comments: bool = False) -> bool:
    """Marked as chrome by its class or id; with `comments`, comments and replies are not."""
    names = _names(n)
    return bool(_CHROME.search(_COMMENT.sub(" ", names) if comments else names)) or _is_toc(names)


# A table of contents beside a post ("post-toc", "toc-content-container"); not a post's body
# that can show one ("card-body markdown markdown-toc").
_TOC = re.compile(r"(^|[-_ ])toc([-_ ]|$)", re.I)
_TOC_HOLDER = re.compile(r"markdown|article|entry|body", re.I)


def _is_toc(names: str) -> bool:
    """Whether an element's class and id name a table of contents beside the post."""
    return bool(_TOC.search(names)) and not _TOC_HOLDER.search(names)


#: How much more text the comments of a page must hold than the rest of its article
#: container for them to be its content: a thread's replies, a film's short reviews.
COMMENT_SHARE = 2
MIN_COMMENT_CHARS = 200


def _comments_are_content(container: _Node) -> bool:
    """Whether the comments in the article container are what the page is for: they hold
    more than twice the text of everything else in it (a question and its answers, a film
    page's reviews), where a story's comment box holds less than the story."""
    inner = _walk(container)
    outer = [n for n in inner if _is_chrome(n) and _COMMENT.search(_names(n))]
    ids = {id(m) for n in outer for m in _walk(n)[1:]}
    said = sum(len(_CJK_CHAR.findall(_text(n))) for n in outer if id(n) not in ids)
    rest = len(_CJK_CHAR.findall(_text(container))) - said
    return said >= MIN_COMMENT_CHARS and said >= COMMENT_SHARE * rest


#: The most elements a block of teasers or a one-link line holds.
TEASER_ELEMENTS = 2000


def _sizes(root: _Node) -> dict[int, int]:
    """How many elements each element holds, itself included (by the element's id)."""
    sizes: dict[int, int] = {}
    for n in reversed(_walk(root)):
        sizes[id(n)] = 1 + sum(sizes[id(c)] for c in n.children if isinstance(c, _Node))
    return sizes


def _render(root: _Node, out: list[str], comments: bool = False) -> None:
    """Text of the article container: blocks as paragraphs, <br> as line breaks, h1-h6 as
    `#` headings; chrome, scripts and hidden parts left out (comments too, unless
    `comments`: they are the content)."""
    # (node, closing tag, inside <pre>): preformatted text keeps its line breaks (a bulletin
    # board's post, a poem set in <pre>), everywhere else whitespace is one space.
    stack: list[tuple[_Node | str, bool, bool]] = [(root, False, root.tag == "pre")]
    sizes = _sizes(root)
    while stack:
        node, closing, pre = stack.pop()
        if isinstance(node, str):
            if pre:
                out.append(re.sub(r"[ \t]+", " ", node.replace("\r\n", "\n")))
            elif len(node) >= PRE_WRAPPED_CHARS and _BLANK_LINE.search(node) and _typed_prose(node):
                # (a long text with blank lines in it is shown as its writer set it: a review or a
                # post kept as typed, its paragraphs and headings apart, by a style the page links)
                out.append("\n\n".join(re.sub(r"[ \t\r\n]+", " ", p) for p in _BLANK_LINE.split(node)))
            else:
                out.append(re.sub(r"[ \t\r\n]+", " ", node))
            continue
        tag = node.tag
        if closing:
            out.append("\n\n" if tag != "td" else " ")
            continue
        if tag in _SKIP or _is_chrome(node, comments) or _hidden(node):
            continue
        if tag == "a" and _TOPIC_TAG.match(_text(node).strip()):
            continue  # a topic tag's link: "#跨性別者"
        if tag == "br":
            out.append("\n")
            continue
        if re.fullmatch(r"h[1-6]", tag):
            # (a Discuz! thread's h1 holds its type's link before the subject: the subject is the heading)
            subject = next((n for n in _walk(node) if n.attrs.get("id") == "thread_subject"), node)
            text = " ".join(_text(subject, edit_links=False).split())
            if text:
                out.append(f"\n\n{'#' * int(tag[1])} {text}\n\n")
            continue
        # A teaser or a card list is a small block: a block of thousands of elements (a page
        # nested ten thousand deep) is not looked through again at every level.
        small = sizes[id(node)] <= TEASER_ELEMENTS
        if small and tag in ("p", "li", "dd", "dt", "tr", "ul", "ol") and _all_link(node):
            continue  # a teaser, a related story, a menu entry: the whole block is one link
        if small and tag in ("div", "h3", "h4") and _all_link(node) and len(_text(node).strip()) <= LINK_LINE_CHARS:
            continue  # the same as a line of its own: "<div><a>如何评价…地震？</a></div>"
        if small and tag in ("ul", "ol", "div", "section", "dl") and _teaser_cards(node):
            continue
        if small and tag in _BLOCK and _tag_links(node):
            continue  # a post's tags: "<div class="post-tags"><a rel="tag"># 婚礼</a></div>"
        if _heading_class(node):
            bold = _heading_text(node)
        else:
            bold = (_bold_heading(node) or _boxed_heading(node)) if tag in ("p", "div", "section") else None
        if bold:
            out.append(f"\n\n### {bold}\n\n")
            continue
        if tag in _BLOCK:
            out.append("\n\n" if tag in ("p", "li", "blockquote", "tr", "section", "article", "div") else "\n")
            stack.append((node, True, pre))
        elif tag in _FIELDS:
            out.append(FIELD_MARK)
            stack.append((FIELD_MARK, False, pre))
        inner = pre or tag == "pre"
        children = node.children
        # A bold line between <br>s of a body set in line breaks is its subheading (pushed as
        # preformatted text, so its line breaks stay).
        broken = not inner and any(isinstance(c, _Node) and c.tag == "br" for c in children)
        for i in reversed(range(len(children))):
            child = children[i]
            if not inner and _box_caption(children, i):
                continue
            line = _bold_line(children, i) if broken and isinstance(child, _Node) else None
            stack.append((f"\n\n### {line}\n\n", False, True) if line else (child, False, inner))


#: A text this long with blank lines in it keeps its paragraphs.
PRE_WRAPPED_CHARS = 200
_BLANK_LINE = re.compile(r"[ \t]*\r?\n[ \t\u3000]*\r?\n\s*")


def _typed_prose(text: str) -> bool:
    """Whether a text is Chinese prose in paragraphs: mostly Chinese, two paragraphs of sentences
    or more (not a formula's source and its rendering)."""
    cjk = len(_CJK_CHAR.findall(text))
    written = [p for p in _BLANK_LINE.split(text) if len(_CJK_CHAR.findall(p)) >= TYPED_PARAGRAPH_CHARS]
    return cjk * 2 >= len(text.replace(" ", "")) and len(written) >= 2


#: A paragraph typed in such a text holds this many Chinese characters at least.
TYPED_PARAGRAPH_CHARS = 20


#: Inline elements that may each hold one field of a line: a stamp, a source, a button.
_FIELDS = {"span", "a", "em", "font", "b", "strong", "i", "small", "label", "time", "cite", "u"}
#: Where such an element starts and ends in the rendered text (an invisible separator).
FIELD_MARK = "\u2063"


def _trim_fields(line: str) -> str:
    """A line without the chrome fields glued to its start or end by inline elements
    ("<span>2020-10-04 20:30</span><span>来源：长江网</span>长江网10月4日讯…", "…原文。
    <a>返回搜狐，查看更多</a>"). A line that is chrome as a whole is left whole, for the
    cleaning rules to drop, and a label waiting for its value ("来源：") is not a field."""
    if FIELD_MARK not in line:
        return line
    whole = line.replace(FIELD_MARK, "")
    if junk_reason(clean_line(whole)):
        return whole
    parts = [p for p in line.split(FIELD_MARK) if p]
    verdicts = [_field_verdict(p) for p in parts]
    # (a short aside after a number is the number's: "咨询电话：<span>88661165</span>（肖老师）")
    for i in range(1, len(parts)):
        if _ASIDE.fullmatch(parts[i].strip()) and parts[i - 1].rstrip()[-1:].isdigit():
            verdicts[i] = None
    start, end = 0, len(parts)
    for i, v in enumerate(verdicts):  # from the start: drop up to the last chrome field before the text
        if v is None:
            break
        if v:
            start = i + 1
    for i in range(len(parts) - 1, start - 1, -1):
        v = verdicts[i]
        if v is None:
            break
        if v:
            end = i
    return "".join(parts[start:end])


def _field_verdict(part: str) -> bool | None:
    """True for a chrome field, False for mere separators or space, None for text."""
    text = clean_line(part)
    if not any(c.isalnum() for c in text):
        return False
    # (a numbering set in an element of its own, "<span>（三）</span>", is the line's start; a
    # value after its bold label's colon, "<strong>开班人数</strong>：50 人", is the label's)
    if (
        text.endswith(("：", ":"))
        or text.startswith(("：", ":"))
        or junk_reason(text) is None
        or _NUMBERING.fullmatch(text)
    ):
        return None
    return True


_ASIDE = re.compile(r"[（(][^（）()]{1,10}[）)]")
_NUMBERING = re.compile(
    r"[（(]\s*(?:[一二三四五六七八九十]{1,3}|[1-9]\d?)\s*[）)]|[一二三四五六七八九十]{1,3}[、.．]|[1-9]\d?[、.．]"
)


#: A block that is one link and no longer than this is a line of links; a longer one may be
#: an unclosed <a> that swallowed the rest of the page.
LINK_LINE_CHARS = 80


#: A box's caption is a few words: "本日点击排行榜", "手机上看新闻".
BOX_CAPTION_CHARS = 12


def _box_caption(children: list[_Node | str], i: int) -> bool:
    """Whether children[i] is the caption of a list of links that follows it (the list is left
    out, so its caption would head nothing): an h2-h6 of a few words right before a list or
    block whose text is all links."""
    child = children[i]
    if not isinstance(child, _Node) or not re.fullmatch(r"h[2-6]", child.tag):
        return False
    if not 2 <= len(squash(_text(child))) <= BOX_CAPTION_CHARS:
        return False
    nxt = next((c for c in children[i + 1 :] if isinstance(c, _Node) or c.strip()), None)
    return isinstance(nxt, _Node) and nxt.tag in ("ul", "ol", "div", "dl", "table") and _all_link(nxt)


def _all_link(node: _Node) -> bool:
    """A block whose text is all inside links (and has some), but for the dates and the marks
    beside them: "<li><a>other story</a><span>2024-05-24</span></li>", "<a>现场</a>：<a>…</a>"."""
    text = _LINK_MARKS.sub("", STAMP.sub("", "".join(_text(node).split())))
    if len(text) < 4:
        return False
    return len(_LINK_MARKS.sub("", "".join("".join(_text(a).split()) for a in _links(node)))) >= len(text)


# Marks set between links in a row of them: "<a>现场</a>：<a>…</a>", "<a>…</a> | <a>…</a>" (not
# a list's "、" nor a route's "—": "<a>《七里香》</a>、<a>《晴天》</a>" is a list of works).
_LINK_MARKS = re.compile(r"[：:|｜·•\[\]【】]")


def _tag_links(node: _Node) -> bool:
    """A block of the post's tags and nothing else: every link in it marked rel="tag", and no
    text beside them but separators ("玉峰道路, 上宇老觀景台"; not "详见<a rel="tag">…</a>一文")."""
    links = _links(node)
    if not links or not all("tag" in a.attrs.get("rel", "").split() for a in links):
        return False
    beside = "".join(_text(node).split())
    for a in links:
        beside = beside.replace("".join(_text(a).split()), "", 1)
    return not re.sub(r"[,，、;；|｜/#]", "", beside)


def _links(node: _Node) -> list[_Node]:
    """The outermost links under the node (a page that never closes its <a>s nests the rest
    of itself in them: their text counts once)."""
    out: list[_Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag == "a" and n is not node:
            out.append(n)
            continue
        stack.extend(c for c in n.children if isinstance(c, _Node))
    return out


#: Items of one kind that make a list of other stories, each at most a headline and a
#: snippet long (a thread's replies and a Q&A page's answers run longer).
TEASER_ITEMS = 3
TEASER_CHARS = 150


def _teaser_cards(node: _Node) -> bool:
    """A list of other stories told as cards: at least three short items of one kind, each with
    a link with a headline and a thumbnail or a date ("<li><a><img></a><a>headline</a>
    <p>snippet…<a>【详细】</a> 2024-05-22</p></li>"). An article's own list of links has
    neither pictures nor dates on every item."""
    items = [c for c in node.children if isinstance(c, _Node) and c.tag not in _SKIP and _text(c).strip()]
    if len(items) < TEASER_ITEMS or len({(c.tag, c.attrs.get("class", "")) for c in items}) != 1:
        return False
    return all(_teaser_card(c) for c in items)


def _teaser_card(item: _Node) -> bool:
    inner = _walk(item)
    headline = any(a.tag == "a" and len(_CJK_CHAR.findall(_text(a))) >= 6 for a in inner)
    if not headline or len(_CJK_CHAR.findall(_text(item))) > TEASER_CHARS:
        return False
    return any(n.tag == "img" for n in inner) or bool(STAMP.search(_text(item)))


_BOLD = {"strong", "b"}
_BOLD_CLASS = re.compile(r"(?:^|[\s_-])(?:bold|bolder|strong)(?:$|[\s_-])", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)


def _styled_bold(node: _Node) -> bool:
    """<strong>/<b>, or an element styled bold (style="font-weight: bold" or 600-900), or
    classed bold by a stylesheet or a CMS (class="bold", cms-style="font-L strong-Bold")."""
    if node.tag in _BOLD or _BOLD_STYLE.search(node.attrs.get("style", "")):
        return True
    return any(_BOLD_CLASS.search(v) for k, v in node.attrs.items() if k == "class" or k.endswith("style"))


def _bold_heading(node: _Node) -> str | None:
    """A paragraph that is all bold, short and not a sentence: a subheading the page styled
    by hand ("<p><strong>扛稳粮食安全重任，加快建设农业强省</strong></p>",
    "<p><span style="font-weight: bold;">…</span></p>"); line breaks around it do not count."""
    parts = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    while parts and _br(parts[0]):
        parts.pop(0)
    while parts and _br(parts[-1]):
        parts.pop()
    if not parts or any(_br(c) for c in parts):
        return None  # lines set apart by <br>s are not one heading
    if not _styled_bold(node) and not all(isinstance(c, _Node) and _all_bold(c) for c in parts):
        return None
    return _heading_text(node)


# A colour behind a block's text, not white or none: "background-color: rgb(241, 197, 129)".
_BACKGROUND = re.compile(
    r"background(?:-color)?\s*:\s*(?!\s*(?:#fff\b|#ffffff\b|white\b|transparent\b|rgba?\(\s*255\s*,\s*255\s*,\s*255\b|inherit\b|initial\b|none\b))(?:#|rgb|[a-z])",
    re.I,
)
_INLINE_BLOCK = re.compile(r"display\s*:\s*inline-block", re.I)
#: A heading set in a coloured box is this short at most ("银行划扣", "活动流程").
BOXED_HEADING_CHARS = 16


def _boxed_heading(node: _Node) -> str | None:
    """A short line set in a coloured box of its own, sized to its text, as WeChat's editors
    style a subheading
    ("<section style="display: inline-block; background-color: rgb(241, 197, 129)">
    <section>银行划扣</section></section>")."""
    style = node.attrs.get("style", "")
    if not (_BACKGROUND.search(style) and _INLINE_BLOCK.search(style)) or any(_br(c) for c in _walk(node)):
        return None
    text = _heading_text(node)
    return text if text and len(text) <= BOXED_HEADING_CHARS and not re.search("[，。；：,;:！？!?]", text) else None


def _br(c: _Node | str) -> bool:
    return isinstance(c, _Node) and c.tag == "br"


def _heading_text(node: _Node) -> str | None:
    """The node's text when it is shaped as a heading: short, Chinese, no sentence inside it
    (a question or an exclamation may be in it: "03减肥有多难？这样做是有害的", and a
    semicolon between short phrases)."""
    text = " ".join(_text(node).split())
    # A semicolon may part two short phrases ("谁欠保 谁失信；谁失信 重罚谁"), not two clauses.
    parted = re.search("[；;]", text) and len(text) > 20
    if not 2 <= len(text) <= 40 or re.search("[。]", text) or parted or not _CJK_CHAR.search(text):
        return None
    return text


#: Class names that say "heading": "bjh-h3", "article-h2", "h4".
_HEADING_CLASS = re.compile(r"(?:^|[-_ ])h[2-6](?:$|[-_ ])", re.I)


def _heading_class(node: _Node) -> bool:
    return bool(_HEADING_CLASS.search(node.attrs.get("class", "")))


def _bold_line(children: list[_Node | str], i: int) -> str | None:
    """The text of children[i] when it is bold, shaped as a heading and alone on its line:
    only <br>s, blocks or the container's edge beside it ("…盈利。<br><strong>市场竞争、
    资本寒冬下的自我救赎</strong><br>"). Asked only of children set among <br>s: bold text
    leading a paragraph of its own is its start."""
    node = children[i]
    if not isinstance(node, _Node) or not (_styled_bold(node) or _all_bold(node)) or node.tag in _BLOCK:
        return None

    def edge(step: int) -> bool:
        j = i + step
        while 0 <= j < len(children):
            c = children[j]
            if isinstance(c, str):
                if c.strip():
                    return False
            else:
                return c.tag == "br" or c.tag in _BLOCK
            j += step
        return True

    return _heading_text(node) if edge(-1) and edge(1) else None


def _all_bold(node: _Node) -> bool:
    """An inline element whose text is all bold."""
    if _styled_bold(node):
        return bool(_text(node).strip())
    if node.tag not in ("span", "font", "a", "em", "u"):
        return False
    parts = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    return bool(parts) and all(isinstance(c, _Node) and _all_bold(c) for c in parts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)$|^(title|标题)$", re.I)


#: The most a .docx part may unpack to: an article's document.xml is a few MB; a zip bomb
#: (1.5 MB unpacking to 1 GB) is refused before a byte of it is read.
MAX_DOCX_PART = 64 * 1024 * 1024


def docx_to_text(data: bytes) -> str:
    """Paragraph text of a Word document; heading styles become `#` headings."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            for name in ("word/document.xml", "word/styles.xml"):
                if name in z.namelist() and z.getinfo(name).file_size > MAX_DOCX_PART:
                    size = z.getinfo(name).file_size // (1024 * 1024)
                    raise InputError(
                        f"this .docx file unpacks to {size} MiB of {name}: too large to be an article",
                        f"an article's text is a few MB; split it or save it as .txt (limit {MAX_DOCX_PART >> 20} MiB)",
                    )
            document = ET.fromstring(z.read("word/document.xml"))
            styles = ET.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        raise InputError("this .docx file is damaged or not a Word document", "re-save it from Word or WPS") from e
    names = _style_names(styles)
    lines: list[str] = []
    body = document.find(f"{_W}body")
    for p in body.iter(f"{_W}p") if body is not None else ():
        text = "".join(
            (t.text or "") if t.tag == f"{_W}t" else ("\t" if t.tag == f"{_W}tab" else "\n")
            for t in p.iter()
            if t.tag in (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr")
        ).strip()
        if not text:
            continue
        style = p.find(f"{_W}pPr/{_W}pStyle")
        name = names.get(style.get(f"{_W}val", "") if style is not None else "", "")
        m = _HEADING_STYLE.match(name)
        if m and m.group(3):
            lines.append(text)  # the document's Title style: the episode title
        elif m:
            lines.append(f"{'#' * int(m.group(2))} {text}")
        else:
            lines.append(text)
    if not lines:
        raise InputError("the Word document has no text")
    return "\n\n".join(lines) + "\n"


def _style_names(styles: ET.Element | None) -> dict[str, str]:
    names: dict[str, str] = {}
    if styles is None:
        return names
    for s in styles.iter(f"{_W}style"):
        sid = s.get(f"{_W}styleId", "")
        name = s.find(f"{_W}name")
        names[sid] = (name.get(f"{_W}val", sid) if name is not None else sid).strip()
    return names


# A blog's front matter (Jekyll, Hexo, Hugo): YAML between --- lines, or TOML between +++.
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)


def _front_matter(md: str) -> str:
    """The post without its front matter; its title, when it has one, as the first heading."""
    m = _FRONT_MATTER.match(md)
    if not m or not re.search(r"^[A-Za-z_][\w-]*[ \t]*[:=]", m.group(2), re.M):
        return md  # (rules around prose are no front matter)
    rest = md[m.end() :]
    front = m.group(2)
    title = _front_field(front, "title")
    if title.lower() in ("未命名", "无标题", "untitled", "new note"):
        title = ""  # a clipper's placeholder names no article
    # A page saved whole keeps the site's name after its title, named again as its source:
    # "title: 攻击面管理工具简介… - 郑瀚Andrew" with "source: 博客园 - 郑瀚Andrew".
    site = _front_field(front, "source", "site", "site_name", "author")
    parts = title_parts(title)
    if site and len(parts) > 1 and parts[-1] in site:
        # (and the page's own heading that repeats the whole <title> is the title too)
        whole, title = title, " ".join(parts[:-1])
        rest = re.sub(rf"^(#{{1,6}}[ \t]+){re.escape(whole)}[ \t]*$", lambda h: h.group(1) + title, rest, flags=re.M)
    elif len(parts) > 1:
        # ... or its headline is the part the post prints as a heading, or gives as its
        # description: "…商业模式_AI&大模型_华卫_InfoQ精选文章" over "## Cloudflare 公司 CEO：…商业模式".
        described = _front_field(front, "description")
        shown = {squash(h) for h in re.findall(r"^#{1,6}[ \t]+(.+)$", rest, flags=re.M)}
        shown |= {squash(described)} if described else set()
        title = parts[0] if squash(parts[0]) in shown else title
    return f"# {title}\n\n{rest}" if title else rest


def _front_field(front: str, *keys: str) -> str:
    """The first of these keys' value in front matter, without quotes; "" when none is set."""
    m = re.search(rf"^(?:{'|'.join(keys)})[ \t]*[:=][ \t]*(.+?)[ \t]*$", front, re.M)
    return m.group(1).strip().strip("\"'").strip() if m else ""


# A line that is only a link (in a list, after an icon): a menu's entry, another story, a
# call to read the original ("[阅读原文](…)"), a bare address ("<https://…>").
_LINK_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:!\[[^\]]*\]\([^)]*\)[ \t]*)*"
    r"(?:\[[^\]\n]{1,80}\]\([^)]*\)|<https?://[^>\s]+>)[ \t]*$"
)


# An article kept as HTML inside Markdown (a feed's post): its blocks and headings.
_HTML_BLOCK = re.compile(
    r"(?<!`)</?(?:p|div|section|blockquote|li|ul|ol|br|h[1-6]|table|tr)(?:\s[^<>`]*)?/?>(?!`)", re.I
)
_HTML_TAG = re.compile(
    r"(?<!`)</?(?:p|div|span|br|img|a|strong|b|em|i|u|h[1-6]|li|ul|ol|blockquote|section|article|table|tbody|thead"
    r"|tr|td|th|figure|figcaption|font|center|hr|sup|sub|small|big|iframe|video|audio|source|button|input|label"
    r"|svg|path|code|pre|nav|header|footer|aside|form|select|option|noscript|mark|del|ins|s|strike)"
    r"(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>(?!`)",
    re.I,
)
#: This many block tags make a Markdown file an HTML article.
HTML_BLOCKS = 5


def _html_blocks(md: str) -> str:
    """Markdown whose article is written in HTML, as Markdown: headings as `#` lines, blocks as
    paragraphs, bold as bold, other tags and pictures left out, entities read."""
    if len(_HTML_BLOCK.findall(re.sub(r"`[^`\n]*`", "", md))) < HTML_BLOCKS:
        return md
    md = re.sub(
        r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>",
        lambda m: "\n\n" + "#" * int(m.group(1)) + " " + " ".join(re.sub(r"<[^>]+>", "", m.group(2)).split()) + "\n\n",
        md,
        flags=re.I | re.S,
    )
    md = re.sub(r"<(strong|b)\b[^>]*>(.*?)</\1\s*>", r"**\2**", md, flags=re.I | re.S)
    md = _HTML_BLOCK.sub("\n\n", md)
    md = _HTML_TAG.sub("", md)  # (only tags: "停放时间<30分钟", "<三体>" and `<p>` stay)
    return html.unescape(md)


# A caption over links to sources, not a list to read: "参考链接：", "原文地址：".
_REFERENCES = re.compile(r"(?:参考(?:链接|资料|文献)|原文(?:链接|地址)|来源|链接)\s*[：:]")


def _without_menus(md: str) -> str:
    """Markdown without its link-only lines: a saved page's menus and link lists (a heading
    that links to its post stays, and so does a list a line ending in a colon leads into:
    "我常用的有这么几款：" / "- [Typora](…)")."""
    out: list[str] = []
    listed = False
    for line in md.split("\n"):
        linked = bool(_LINK_LINE.match(line))
        if line.strip() and not linked:
            # (not a list of references: "参考链接：")
            listed = line.rstrip().endswith(("：", ":")) and not _REFERENCES.fullmatch(line.strip(" \t*#>-"))
        if not linked or listed:
            out.append(line)
    return "\n".join(out)


def _unless_masking(m: re.Match[str]) -> str:
    """Emphasis marks dropped, a mask between figures kept ("138****5678")."""
    text = m.string
    masking = m.start() > 0 and text[m.start() - 1].isdigit() and text[m.end() : m.end() + 1].isdigit()
    return m.group(0) if masking else ""


# A link's title after its address: "…" or '…' or (…).
_LINK_TITLE = r"""(?:\s+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|\([^)\n]{0,200}\)))?"""


def _table_row(line: str) -> str:
    """A Markdown table's row as it is read: a key and its value ("| Tags | 性别变更 |" ->
    "Tags：性别变更"), other cells parted by commas; the rule under the header row goes."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
        return ""
    cells = [c for c in cells if c]
    if len(cells) == 2 and not re.search(r"[：:，。！？]$", cells[0]):
        return f"{cells[0]}：{cells[1]}"
    return "，".join(cells)


def markdown_to_text(md: str) -> str:
    """Markdown with front matter, emphasis, links, images and code fences reduced to plain text."""
    md = _without_menus(_front_matter(md))
    md = re.sub(r"```.*?```", "", md, flags=re.S)
    md = _html_blocks(md)
    md = re.sub(r"^[ \t]*\|.*\|[ \t]*$", lambda m: _table_row(m.group(0)), md, flags=re.M)
    # Escapes a converter wrote ("1\\. 教培与养老"), and bold marks doubled over ("**********动物…？**********").
    md = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1", md)
    # Bold runs set side by side are one: "**iOS/macOS****和让人“哇塞”的两个0day**".
    md = re.sub(r"(?<=[^\s*])\*\*\*\*(?=[^\s*])(?<!\d\*{4}(?=\d))", "", md)  # (not a mask: "138****5678")
    # (only a line that opens in bold closes in bold: "李***" is a mask)
    md = re.sub(r"^(?=[ \t]*\*\*)(.*?[^\s*])\*{3,}(?=[ \t]*$|[：:，。！？、；])", r"\1**", md, flags=re.M)
    md = re.sub(r"^([ \t]*)\*{3,}(?=[^\s*])", r"\1**", md, flags=re.M)
    # Bold runs parted by a space on one line are one: "**1** **从“规则主导”到“实力主导”**".
    md = re.sub(r"^([ \t]*\*\*[^*\n]+)\*\*[ \t]+\*\*(?=[^*\s][^*\n]*\*\*[ \t]*$)", r"\1 ", md, flags=re.M)
    # A heading's emphasis is the heading's: "## ****二、车机的结构****".
    md = re.sub(
        r"^(#{1,6}[ \t]+)(.*)$",
        lambda m: m.group(1) + re.sub(r"\*{2,}|_{2,}", _unless_masking, m.group(2)),
        md,
        flags=re.M,
    )
    # A line that is all bold is a heading written by hand: "**政策1 限行京A蓝牌**".
    # (not a sentence in bold: "**1. 继续协同减少内存损坏漏洞。**" is stressed, as in a page)
    md = re.sub(r"^[ \t]*(\*\*|__)([^*_\n。]{2,40}?)\1[ \t]*$", lambda m: f"### {m.group(2).strip()}", md, flags=re.M)
    # A heading is a block of its own, even with no blank line around it ("**Part01**" / "### …").
    md = re.sub(r"(?<=\S)([ \t]*)\n(?=[ \t]*#{1,6}[ \t]+\S)", "\n\n", md)
    md = re.sub(r"^([ \t]*#{1,6}[ \t]+\S[^\n]*?)[ \t]*\n(?=[^\n])", "\\1\n\n", md, flags=re.M)
    # Bullets are layout, not words: "- 带身份证" -> "带身份证".
    md = re.sub(r"^[ \t]*[-*+][ \t]+(?=\S)", "", md, flags=re.M)
    # (a link or an image is on one line: an unclosed "(https://…" takes no paragraphs with it)
    # (an address has no spaces and is not endless: an unclosed one is no link, found at once)
    md = re.sub(rf"!\[[^\]\n]{{0,500}}\]\([^)\s]{{0,2000}}{_LINK_TITLE}\)", "", md)
    md = re.sub(rf"\[([^\]\n]{{0,500}})\]\([^)\s]{{0,2000}}{_LINK_TITLE}\)", r"\1", md)
    md = re.sub(r"(\*\*|__)(.+?)\1", r"\2", md)
    md = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", md)
    md = re.sub(r"`([^`]*)`", r"\1", md)
    # (struck-through words keep their words, not their tildes: "来自~~澎湃新闻~~")
    md = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", md)
    md = re.sub(r"^[ \t]*>[ \t]?", "", md, flags=re.M)
    md = re.sub(r"^[ \t]*([-*_][ \t]*){3,}$", "", md, flags=re.M)
    return md
