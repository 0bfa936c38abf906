"""HTML, Word (.docx) and Markdown -> plain article text with Markdown-style headings.

Every reader returns text in one shape: the title on the first line, blank
lines between paragraphs, and headings as `# ` lines, so one structure parser
(article.py) serves all formats.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from xml.etree import ElementTree as ET

from ..errors import InputError
from .chrome import STAMP
from .title import clean_title, similar, squash, title_parts

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
_CHROME = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|sidebar|footer|header|comment|comments|share|related|recommend|"
    r"advert|ads?|banner|copyright|toolbar|qr|qrcode|login|subscribe)([-_ ]|$)",
    re.I,
)


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
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _walk(node: _Node) -> list[_Node]:
    """Every element under `node`, in document order (without recursion: pages nest deeply)."""
    out: list[_Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(c for c in reversed(n.children) if isinstance(c, _Node))
    return out


def _text(node: _Node | str) -> str:
    """The text of an element, without scripts, styles and hidden parts."""
    if isinstance(node, str):
        return node
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            parts.append(n)
        elif n.tag not in _SKIP and not _hidden(n):
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


def html_to_text(html: str) -> str:
    """Article text of a saved web page (WeChat, news, forum): body only, headings kept."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    nodes = _walk(builder.root)
    for n in nodes:
        if n.tag == "form" and _wraps_content(n):
            n.tag = "div"  # a page wrapped whole in one form (ASP.NET pages are) is no form
    title = _html_title(nodes)
    body = _main_container(nodes)
    lines: list[str] = []
    _render(body, lines)
    text = "".join(lines)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    first, _, rest = text.partition("\n")
    if title and first.startswith("#") and similar(first.lstrip("# "), title):
        text = f"{title}\n{rest}"  # the page's h1 is the title: say it as the title, cleaned
    elif title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    if not text.strip():
        raise InputError("the web page has no article text", "save the page with its content, or copy the text")
    return text + "\n"


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
    text than a form's labels and prompts."""
    inner = _walk(form)
    return (
        sum(n.tag in _CONTENT_TAGS for n in inner) >= 2
        and len(_CJK_CHAR.findall("".join(_text(c) for c in form.children))) >= 200
    )


#: A site's name is short ("南生论坛", "新华网河北频道"); a headline its page also links to is longer.
SITE_NAME_CHARS = 10


def _html_title(nodes: list[_Node]) -> str:
    """The page's own title: WeChat's headline, og:title, a CMS's ArticleTitle, <title> or the
    first h1, whichever comes first, without site names and document numbers."""
    wechat = [n for n in nodes if n.tag == "h1" and (n.attrs.get("id") == "activity-name"
              or "rich_media_title" in n.attrs.get("class", ""))]  # fmt: skip
    meta = {
        (n.attrs.get("property") or n.attrs.get("name") or "").lower(): n.attrs.get("content", "")
        for n in nodes
        if n.tag == "meta"
    }
    raws = ["".join(c for c in n.children if isinstance(c, str)) for n in nodes if n.tag == "title"]
    h1 = [n for n in nodes if n.tag == "h1" and not _hidden(n) and not _logo(n)]
    candidates = [
        *(_text(n) for n in wechat),
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
    # are its leading parts when the h1 holds them all (a column name before the headline).
    headlines = [_text(n) for n in h1]
    # og:title written as a part of <title> is the headline the page gives for sharing.
    shared = meta.get("og:title", "")
    if shared and any(squash(part) == squash(shared) for raw in raws for part in title_parts(raw)):
        return clean_title(shared)
    for raw in raws:
        parts = title_parts(raw)
        for k in range(len(parts) - 1, 1, -1):
            lead = squash("".join(parts[:k]))
            match = next((h for h in headlines if squash(h) == lead), None)
            if match:
                return " ".join(match.split())
        for part in parts if len(parts) > 1 else ():
            if any(similar(part, h) for h in headlines):
                return clean_title(part)
    cleaned = [t for t in (clean_title(raw, site_names) for raw in candidates) if t]

    def site_name(t: str) -> bool:
        return squash(t) in site_names and not any(similar(t, h) for h in headlines)

    return next((t for t in cleaned if not site_name(t)), cleaned[0] if cleaned else "")


def _main_container(nodes: list[_Node]) -> _Node:
    """The element holding the article: WeChat's #js_content, <article>, <main>, else the densest block."""
    for n in nodes:
        if n.attrs.get("id") == "js_content" or "rich_media_content" in n.attrs.get("class", ""):
            return n
    body = next((n for n in nodes if n.tag == "body"), nodes[0])
    page_text = len(_text(body))
    for tag in ("article", "main"):
        found = [n for n in nodes if n.tag == tag]
        if found:
            best = max(found, key=lambda n: len(_text(n)))
            if tag == "article":
                best = _posts(body, found, best)
            # An empty or token <main> (a script framework's mount point) is not the article.
            if len(_text(best)) >= min(MIN_ARTICLE_CHARS, page_text // 4):
                return best
    candidates = [n for n in _walk(body) if n.tag in ("div", "section", "td") and not _is_chrome(n)]
    scores = {id(n): _own_text_score(n) * (CONTENT_WEIGHT if _named_content(n) else 1) for n in candidates}
    best = max(candidates, key=lambda n: scores[id(n)], default=body)
    if scores.get(id(best), 0) <= 100:
        return body
    return _article_span(body, best, scores)


#: Share of all <article>s' text under which the longest is one post of a thread, not the article.
POST_SHARE = 0.6


def _posts(body: _Node, articles: list[_Node], longest: _Node) -> _Node:
    """The longest <article>, or, when the page has several that each hold text and none
    most of it (a thread's posts, each an <article>), the element holding them all."""
    texts = {id(a): len(_text(a)) for a in articles}
    posts = [a for a in articles if texts[id(a)] >= MIN_ARTICLE_CHARS]
    total = sum(texts[id(a)] for a in posts)
    if len(posts) < 2 or texts[id(longest)] >= POST_SHARE * total:
        return longest
    parents = _parents(body)
    lines: list[list[_Node]] = []
    for post in posts:  # each post's ancestors, nearest first
        chain: list[_Node] = []
        node: _Node | None = post
        while node is not None:
            chain.append(node)
            node = parents.get(id(node))
        lines.append(chain)
    shared = {id(n) for n in lines[0]}.intersection(*({id(n) for n in chain} for chain in lines[1:]))
    return next(n for n in lines[0] if id(n) in shared)


def _parents(root: _Node) -> dict[int, _Node]:
    """Each element's parent, by the element's id."""
    return {id(c): n for n in _walk(root) for c in n.children if isinstance(c, _Node)}


#: How much more a block named as the article's ("article-content", "the_content", "post-body")
#: weighs in the search for the densest block: a one-paragraph story beside a wordy footer.
CONTENT_WEIGHT = 2
_CONTENT_NAME = re.compile(r"article|content|post|entry|detail|story|zhengwen|(^|[-_ ])zw([-_ ]|$)", re.I)


def _named_content(n: _Node) -> bool:
    return bool(_CONTENT_NAME.search(n.attrs.get("class", "")) or _CONTENT_NAME.search(n.attrs.get("id", "")))


#: An <article> or <main> holding less than this (or a quarter of the page) is a placeholder.
MIN_ARTICLE_CHARS = 50

#: Sibling blocks of one kind that make a run (a story set paragraph by paragraph).
RUN_BLOCKS = 3

#: Share of the page's text blocks the article container should hold.
ARTICLE_SHARE = 0.7


def _article_span(body: _Node, best: _Node, scores: dict[int, int]) -> _Node:
    """The densest block, or the smallest element around it that holds most of the page's
    text when the article is split over sibling blocks (a poem, its translation and notes);
    never the whole page."""
    parents = _parents(body)
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


_INLINE = {"span", "font", "b", "strong", "em", "i", "u", "a", "br", "img", "sup", "sub", "small", "big", "p"}


def _own_text_score(n: _Node) -> int:
    """Chinese text the element holds itself, in its own strings, paragraphs and inline
    elements (a body separated by <br>s counts as much as one in <p>s), minus link text:
    navigation and teaser lists are all links."""
    own = [c for c in n.children if isinstance(c, str) or (c.tag in _INLINE and not _hidden(c))]
    text = "".join(_text(c) for c in own)
    links = "".join(_text(a) for c in own if isinstance(c, _Node) for a in _walk(c) if a.tag == "a")
    return len(_CJK_CHAR.findall(text)) - 2 * len(_CJK_CHAR.findall(links))


def _is_chrome(n: _Node) -> bool:
    return bool(_CHROME.search(n.attrs.get("class", "")) or _CHROME.search(n.attrs.get("id", "")))


def _render(root: _Node, out: list[str]) -> None:
    """Text of the article container: blocks as paragraphs, <br> as line breaks, h1-h6 as
    `#` headings; chrome, scripts and hidden parts left out."""
    # (node, closing tag, inside <pre>): preformatted text keeps its line breaks (a bulletin
    # board's post, a poem set in <pre>), everywhere else whitespace is one space.
    stack: list[tuple[_Node | str, bool, bool]] = [(root, False, root.tag == "pre")]
    while stack:
        node, closing, pre = stack.pop()
        if isinstance(node, str):
            out.append(re.sub(r"[ \t]+", " ", node.replace("\r\n", "\n")) if pre else re.sub(r"[ \t\r\n]+", " ", node))
            continue
        tag = node.tag
        if closing:
            out.append("\n\n" if tag != "td" else " ")
            continue
        if tag in _SKIP or _is_chrome(node) or _hidden(node):
            continue
        if tag == "br":
            out.append("\n")
            continue
        if re.fullmatch(r"h[1-6]", tag):
            text = " ".join(_text(node).split())
            if text:
                out.append(f"\n\n{'#' * int(tag[1])} {text}\n\n")
            continue
        if tag in ("p", "li", "dd", "dt", "tr", "ul", "ol") and _all_link(node):
            continue  # a teaser, a related story, a menu entry: the whole block is one link
        bold = _bold_heading(node) if tag in ("p", "div", "section") else None
        if bold:
            out.append(f"\n\n### {bold}\n\n")
            continue
        if tag in _BLOCK:
            out.append("\n\n" if tag in ("p", "li", "blockquote", "tr", "section", "article", "div") else "\n")
            stack.append((node, True, pre))
        inner = pre or tag == "pre"
        stack.extend((c, False, inner) for c in reversed(node.children))


def _all_link(node: _Node) -> bool:
    """A block whose text is all inside links (and has some), but for the dates beside them:
    "<li><a>other story</a><span>2024-05-24</span></li>"."""
    text = STAMP.sub("", "".join(_text(node).split()))
    if len(text) < 4:
        return False
    linked = "".join("".join(_text(a).split()) for a in _walk(node) if a.tag == "a")
    return len(linked) >= len(text)


_BOLD = {"strong", "b"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)


def _styled_bold(node: _Node) -> bool:
    """<strong>/<b>, or an element styled bold (style="font-weight: bold" or 600-900)."""
    return node.tag in _BOLD or bool(_BOLD_STYLE.search(node.attrs.get("style", "")))


def _bold_heading(node: _Node) -> str | None:
    """A paragraph that is all bold, short and not a sentence: a subheading the page styled
    by hand ("<p><strong>扛稳粮食安全重任，加快建设农业强省</strong></p>",
    "<p><span style="font-weight: bold;">…</span></p>")."""
    parts = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    if not parts:
        return None
    if not _styled_bold(node) and not all(isinstance(c, _Node) and _all_bold(c) for c in parts):
        return None
    text = " ".join(_text(node).split())
    if not 2 <= len(text) <= 40 or re.search("[。！？；!?;]", text) or not _CJK_CHAR.search(text):
        return None
    return text


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


def markdown_to_text(md: str) -> str:
    """Markdown with emphasis, links, images and code fences reduced to plain text."""
    md = re.sub(r"```.*?```", "", md, flags=re.S)
    # A line that is all bold is a heading written by hand: "**政策1 限行京A蓝牌**".
    md = re.sub(r"^[ \t]*(\*\*|__)([^*_\n]{2,40}?)\1[ \t]*$", lambda m: f"### {m.group(2).strip()}", md, flags=re.M)
    # Bullets are layout, not words: "- 带身份证" -> "带身份证".
    md = re.sub(r"^[ \t]*[-*+][ \t]+(?=\S)", "", md, flags=re.M)
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"(\*\*|__)(.+?)\1", r"\2", md)
    md = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", md)
    md = re.sub(r"`([^`]*)`", r"\1", md)
    md = re.sub(r"^[ \t]*>[ \t]?", "", md, flags=re.M)
    md = re.sub(r"^[ \t]*([-*_][ \t]*){3,}$", "", md, flags=re.M)
    return md
