//! Raw HTML written in markdown, made safe to publish on the site's origin.
//!
//! A profile is written by a contributor the site's owner may not know. Raw HTML in it
//! (`<script>`, `<img onerror=...>`, `<iframe srcdoc=...>`, `<base href=...>`, a
//! `<meta>` refresh) would run with the site's cookies and storage or take its visitors
//! elsewhere. So a text holding raw HTML is rendered as usual, then the whole of its HTML
//! goes through [ammonia], a sanitizer built on a browser's HTML parser (html5ever): what
//! is kept is an allowlist of formatting tags and attributes, and every URL is checked as
//! a markdown link's is. Texts without raw HTML are not touched.

use super::BadLink;
use ammonia::Builder;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// Tags kept, beside their text: formatting and structure, nothing that runs, embeds,
/// submits or changes the page around it. (Pictures from other sites load, as markdown's
/// `![](https://...)` do.)
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on every tag: what markdown itself writes (a heading's `{#id .class}`,
/// a footnote's id) and what describes text.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes kept on one tag.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("q", &["cite"]),
    ("img", &["src", "alt", "width", "height"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "headers", "style"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "style"]),
    ("time", &["datetime"]),
    ("details", &["open"]),
    // A task list's box, as markdown writes it: always a disabled checkbox (its `type`
    // is allowed below, as `checkbox` only).
    ("input", &["checked", "disabled"]),
    // A highlighted code block names its language.
    ("pre", &["data-lang"]),
];

/// The sanitizer, made once.
fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = Builder::empty();
        builder
            .add_tags(TAGS)
            .add_generic_attributes(GENERIC_ATTRIBUTES)
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(None)
            .strip_comments(true)
            // A table cell's alignment, as markdown writes it, and nothing else: no
            // `position: fixed` over the page, no background image from elsewhere.
            .filter_style_properties(["text-align"].into())
            .add_tag_attribute_values("input", "type", ["checkbox"])
            .set_tag_attribute_value("input", "disabled", "")
            .attribute_filter(|_, attribute, value| match attribute {
                "href" | "src" | "cite" if !safe_url(value) => None,
                _ => Some(Cow::Borrowed(value)),
            });
        for (tag, attributes) in TAG_ATTRIBUTES {
            builder.add_tag_attributes(tag, *attributes);
        }
        builder
    })
}

/// A URL as a markdown link's must be (see [`crate::content::Link::parse`]): `http(s)`
/// with a host, `mailto:`, a relative path or an anchor; no backslash (`/\evil.example`
/// is another host to a browser) and no control character.
fn safe_url(url: &str) -> bool {
    url.is_empty() || url.starts_with('#') || crate::content::Link::parse(url).is_ok()
}

/// `html` (a text's whole rendering) with only what [`TAGS`] and the attributes above
/// allow.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

/// How deep a text holding raw HTML may nest, markdown's elements (lists, quotes,
/// emphasis) and raw HTML's together: far more than any profile needs.
pub const MAX_NESTING: usize = 64;

/// Elements without content: no end tag, nothing nested in them.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Formatting elements: closed by the end of what holds them, the parser opens them again
/// in each run of text after, so they must be closed in order.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements whose end tag may be left out: the next one, or the end of what holds them,
/// closes them.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
    "option", "optgroup", "rb", "rt", "rtc", "rp",
];

/// Elements that close a paragraph they start in.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "plaintext",
    "table",
    "hr",
    "xmp",
];

/// Elements whose content is text to the HTML parser, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// An element open at some point of a text: markdown's, or one its raw HTML opened.
enum Open {
    /// Markdown's element; `true` for a paragraph.
    Markdown(bool),
    Raw(String, Range<usize>),
}

/// A tag in raw HTML: its lowercased name, whether it ends an element, whether it sets an
/// `id`, and its byte range in the text.
struct RawTag {
    name: String,
    end: bool,
    id: bool,
    /// Written `<x/>`: an element without content in an `<svg>` or `<math>`, but the
    /// start of one anywhere else.
    self_closing: bool,
    range: Range<usize>,
}

/// Checks the raw HTML of a text before [`sanitize`] parses it. A browser's HTML parser
/// mends tags left open or closed out of order by re-opening formatting elements and
/// searching the elements still open; on thousands of tags nested or misnested on
/// purpose that takes minutes to hours (16,000 `<b>` took 8.6 s, 32,000 took 79 s). So
/// raw HTML's formatting elements (`<b>`, `<a>`...) must be closed in order, inside the
/// markdown element (paragraph, emphasis...) they open in; no block may open inside a
/// paragraph; and a text nests at most [`MAX_NESTING`] deep. What the parser then mends
/// costs it a step per tag, and it parses in linear time. Raw HTML may not
/// set an `id` either: the page's own script and links use its ids (a heading takes one
/// as `{#id}`, made unique on the page).
pub fn check_nesting(events: &[(Event<'_>, Range<usize>)], text: &str) -> Result<(), BadLink> {
    let mut open: Vec<Open> = Vec::new();
    // Inside a script, style... of raw HTML: the parser reads text up to its end tag.
    let mut raw_text: Option<String> = None;
    for (event, range) in events {
        match event {
            // A block of raw HTML is no element: what it opens may hold markdown and be
            // closed by a later block (`<details>`, a blank line, markdown, `</details>`).
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(tag) => {
                open.push(Open::Markdown(matches!(tag, Tag::Paragraph)));
                if open.len() > MAX_NESTING {
                    return Err(too_deep(range.clone(), text));
                }
            }
            Event::End(_) => {
                close_optional(&mut open);
                if let Some(Open::Raw(name, at)) = open.last() {
                    return Err(left_open(name, at.clone(), text));
                }
                open.pop();
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                tags(html, range.start, &mut raw_text, |tag| {
                    raw_tag(&mut open, tag, text)
                })?;
            }
            _ => {}
        }
    }
    // What is still open when the text ends is closed with nothing after it.
    Ok(())
}

/// One tag of raw HTML met: the elements open after it; whether its content is text to
/// the parser (a script, a style... outside an `<svg>` or `<math>`, where they are
/// elements like any other).
fn raw_tag(open: &mut Vec<Open>, tag: RawTag, text: &str) -> Result<bool, BadLink> {
    if tag.id {
        return Err(BadLink {
            target: text.get(tag.range.clone()).unwrap_or("").to_string(),
            range: tag.range,
            reason: "raw HTML may not set an `id`: the page's own links and script use them".into(),
            help: Some("for an anchor, write a markdown heading with `{#id}` after it"),
        });
    }
    if VOID.contains(&tag.name.as_str()) {
        return Ok(false);
    }
    if tag.end {
        end_tag(open, &tag, text)?;
        return Ok(false);
    }
    if OPTIONAL_END.contains(&tag.name.as_str())
        && matches!(open.last(), Some(Open::Raw(name, _)) if *name == tag.name)
    {
        open.pop();
    }
    // A block in a paragraph closes the paragraph, and every formatting element left open
    // in it is opened again in each later run of text: a paragraph holding hundreds of
    // `<b>` and thousands of `<div>` made millions of elements.
    let in_paragraph = open.iter().any(|o| {
        matches!(o, Open::Markdown(true)) || matches!(o, Open::Raw(name, _) if name == "p")
    });
    if BLOCKS.contains(&tag.name.as_str()) && in_paragraph {
        return Err(BadLink {
            target: text.get(tag.range.clone()).unwrap_or("").to_string(),
            range: tag.range,
            reason: format!("`<{}>` is a block, inside a paragraph", tag.name),
            help: Some(
                "put raw HTML blocks on lines of their own, with a blank line before and after",
            ),
        });
    }
    let foreign = open
        .iter()
        .any(|o| matches!(o, Open::Raw(name, _) if name == "svg" || name == "math"));
    if foreign && tag.self_closing {
        return Ok(false);
    }
    if RAW_TEXT.contains(&tag.name.as_str()) && !foreign {
        return Ok(true);
    }
    open.push(Open::Raw(tag.name, tag.range.clone()));
    if open.len() > MAX_NESTING {
        return Err(too_deep(tag.range, text));
    }
    Ok(false)
}

/// Pops the raw elements on top that the end of what holds them closes without harm:
/// all but formatting elements.
fn close_optional(open: &mut Vec<Open>) {
    while matches!(open.last(), Some(Open::Raw(name, _)) if !FORMATTING.contains(&name.as_str())) {
        open.pop();
    }
}

/// An end tag closes the raw element of its name opened last, and what is open inside it,
/// but not a formatting element or one of markdown's. An end tag that closes nothing is
/// left to the sanitizer, which drops it.
fn end_tag(open: &mut Vec<Open>, tag: &RawTag, text: &str) -> Result<(), BadLink> {
    let Some(at) = open
        .iter()
        .rposition(|o| matches!(o, Open::Raw(name, _) if *name == tag.name))
    else {
        return Ok(());
    };
    for inner in &open[at + 1..] {
        match inner {
            Open::Raw(name, _) if !FORMATTING.contains(&name.as_str()) => {}
            Open::Raw(name, _) => {
                return Err(out_of_order(
                    tag,
                    format!("`<{name}>` opened inside it is still open"),
                    text,
                ));
            }
            Open::Markdown(_) => {
                return Err(out_of_order(
                    tag,
                    "it was opened outside the markdown element (paragraph, list item, \
                     emphasis...) this end tag is in"
                        .into(),
                    text,
                ));
            }
        }
    }
    open.truncate(at);
    Ok(())
}

fn out_of_order(tag: &RawTag, why: String, text: &str) -> BadLink {
    BadLink {
        target: text.get(tag.range.clone()).unwrap_or("").to_string(),
        range: tag.range.clone(),
        reason: format!("`</{}>` closes raw HTML out of order: {why}", tag.name),
        help: Some(
            "close raw HTML tags in the order they were opened, inside the paragraph or \
             list item that opens them",
        ),
    }
}

fn left_open(name: &str, at: Range<usize>, text: &str) -> BadLink {
    BadLink {
        target: text.get(at.clone()).unwrap_or("").to_string(),
        range: at,
        reason: format!(
            "`<{name}>` is not closed before the markdown element around it (paragraph, list \
             item, emphasis...) or the text ends"
        ),
        help: Some(
            "close raw HTML tags in the order they were opened, inside the paragraph or \
             list item that opens them",
        ),
    }
}

fn too_deep(range: Range<usize>, text: &str) -> BadLink {
    // The element's first line, at most a tag's worth of it: what the report shows.
    let shown = text
        .get(range.clone())
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("");
    let shown: String = shown.chars().take(40).collect();
    BadLink {
        range: range.start..range.start + shown.len(),
        target: shown,
        reason: format!(
            "this text nests deeper than {MAX_NESTING} levels here, counting its raw HTML \
             and its markdown (lists, quotes, emphasis)"
        ),
        help: Some("nest fewer elements: no profile needs this many levels"),
    }
}

/// Hands `each` the tags in `html` (raw HTML at `offset` in the text) as a browser's
/// tokenizer reads them: comments, doctypes and text between tags are skipped, and after a
/// tag `each` says starts raw text (a script, a style...: `raw_text`), only its end tag is
/// looked for.
fn tags(
    html: &str,
    offset: usize,
    raw_text: &mut Option<String>,
    mut each: impl FnMut(RawTag) -> Result<bool, BadLink>,
) -> Result<(), BadLink> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(step) = html[i..].find('<') {
        let at = i + step;
        let rest = &html[at + 1..];
        if let Some(name) = raw_text.as_deref() {
            let closes = rest.strip_prefix('/').is_some_and(|r| {
                r.get(..name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            });
            if !closes {
                i = at + 1;
                continue;
            }
            *raw_text = None;
        }
        if let Some(comment) = rest.strip_prefix("!--") {
            // `<!-->` and `<!--->` are whole (empty) comments; `--!>` ends one too.
            let ends = if comment.starts_with('>') {
                Some(1)
            } else if comment.starts_with("->") {
                Some(2)
            } else {
                let end = |pattern: &str| comment.find(pattern).map(|e| e + pattern.len());
                end("-->").into_iter().chain(end("--!>")).min()
            };
            i = ends.map_or(html.len(), |e| at + 4 + e);
            continue;
        }
        if rest.starts_with(['!', '?']) {
            i = rest.find('>').map_or(html.len(), |e| at + 1 + e + 1);
            continue;
        }
        let end = rest.starts_with('/');
        let name_start = at + 1 + usize::from(end);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        // A tag's name runs to a space, `/` or `>`, whatever it holds (`<b"x>` is `b"x`).
        let name_len = html[name_start..]
            .bytes()
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
            .count();
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (close, id, self_closing) = attributes(&html[name_start + name_len..]);
        let stop = name_start + name_len + close;
        let starts_text = each(RawTag {
            name: name.clone(),
            end,
            id: id && !end,
            self_closing,
            range: offset + at..offset + stop,
        })?;
        if starts_text {
            *raw_text = Some(name);
        }
        i = stop;
    }
    Ok(())
}

/// Reads a tag's attributes up to its `>` as the tokenizer does: where the tag ends
/// (after the `>`, or the end of `rest`), whether one of them is `id`, and whether the tag
/// ends `/>` (a `/` in an unquoted value, `<g r=1/>`, is the value's).
fn attributes(rest: &str) -> (usize, bool, bool) {
    let bytes = rest.as_bytes();
    let (mut id, mut self_closing) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (i + 1, id, self_closing),
            b'/' => {
                self_closing = bytes.get(i + 1) == Some(&b'>');
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                self_closing = false;
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                {
                    i += 1;
                }
                id |= rest[start..i].eq_ignore_ascii_case("id");
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i) {
                        Some(&q @ (b'"' | b'\'')) => {
                            i += 1;
                            i += rest[i..].find(q as char).map_or(rest.len() - i, |e| e + 1);
                        }
                        _ => {
                            while i < bytes.len()
                                && !bytes[i].is_ascii_whitespace()
                                && bytes[i] != b'>'
                            {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    (rest.len(), id, self_closing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_handlers_and_what_loads_elsewhere_are_removed() {
        for (hostile, kept) in [
            ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
            (
                "<img src=\"a.png\" onerror=\"alert(1)\">",
                "<img src=\"a.png\">",
            ),
            ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", ""),
            ("<base href=\"https://evil.example/\">", ""),
            (
                "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
                "",
            ),
            ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"/\\evil.example\">x</a>", "<a>x</a>"),
            ("<a href=\"data:text/html,x\">x</a>", "<a>x</a>"),
            ("<svg><script>alert(1)</script></svg>", ""),
            ("<style>body{display:none}</style>", ""),
            (
                "<form action=\"https://evil.example\"><input type=\"text\" name=\"p\"></form>",
                "<input disabled=\"\">",
            ),
            ("<p style=\"position:fixed;inset:0\">x</p>", "<p>x</p>"),
            ("<object data=\"x.pdf\"></object><embed src=\"x\">", ""),
        ] {
            assert_eq!(sanitize(hostile), kept, "{hostile}");
        }
    }

    #[test]
    fn what_markdown_writes_is_kept() {
        for html in [
            "<h2 id=\"about\" class=\"lead\">About</h2>",
            "<p><a href=\"https://example.com/x?a=1&amp;b=2\" title=\"t\">x</a> \
             <a href=\"/people/ada/#talks\">y</a> <a href=\"#fn\">z</a></p>",
            "<p><img src=\"photo.png\" alt=\"Ada\"></p>",
            "<table><thead><tr><th style=\"text-align:center\">a</th></tr></thead></table>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li></ul>",
            "<pre class=\"code hl-code\" data-lang=\"rust\"><code><span class=\"k\">fn</span></code></pre>",
            "<details><summary>More</summary><p>x</p></details>",
            "<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup></div>",
        ] {
            assert_eq!(sanitize(html), html);
        }
    }

    /// `text` rendered as a contributor's markdown is, or the first problem's words.
    fn render(text: &str) -> Result<String, String> {
        use crate::markdown::{Context, Html, Markdown};
        let links = std::collections::HashMap::new();
        let cx = Context {
            internal_links: &links,
            top_heading: 1,
            reserved_ids: &[],
        };
        Markdown::new(Html::Sanitized)
            .render(text, &cx)
            .map_err(|e| e[0].reason.clone())
    }

    #[test]
    fn raw_html_nested_in_order_is_kept() {
        for text in [
            "Press <kbd>Ctrl</kbd> and *<b>C</b>*.",
            "<details>\n<summary>More</summary>\n\nA *paragraph* inside.\n\n</details>\n",
            "<ul><li>one<li>two</ul>\n\n<p>a<p>b\n",
            "<table><tr><td>a<td>b<tr><td>c</table>\n",
            "<script>if (a<b && c<d) { x('</div>') }</script>\n\nText <br> <img src=\"a.png\">.",
            "<!-- <div> --> <b>x</b> </span> stray end tags close nothing.",
            "A general-purpose <engine> and <span>never closed\n",
            "<div><span>closed with the div</div>\n\n<div>never closed\n",
            "<svg><animate onbegin=\"alert(1)\"/><circle r=\"1\" /></svg>",
        ] {
            assert!(render(text).is_ok(), "{text}: {:?}", render(text));
        }
    }

    #[test]
    fn raw_html_the_parser_would_mend_at_length_is_refused() {
        for (text, said) in [
            (
                "<b>open in one paragraph\n\nclosed in the next</b>",
                "`<b>` is not closed",
            ),
            ("*<b>across* emphasis</b>", "`<b>` is not closed"),
            ("<b><i>x</b></i>", "`<i>` opened inside it is still open"),
            ("<span id=\"people-filter\">x</span>", "may not set an `id`"),
            ("<span ID=x>x</span>", "may not set an `id`"),
            ("<div><b>x</div>", "`<b>` opened inside it is still open"),
            (
                "Some <b>text <div>x</div></b>",
                "`<div>` is a block, inside a paragraph",
            ),
            (
                "<p>a <b>b <ul><li>c</ul></b>\n",
                "`<ul>` is a block, inside a paragraph",
            ),
        ] {
            let got = render(text).expect_err(text);
            assert!(got.contains(said), "{text}: {got}");
        }
        let deep: String = (0..MAX_NESTING).map(|i| format!("<b title={i}>")).collect();
        assert!(render(&deep).unwrap_err().contains("nests deeper than"));
        let quotes = format!("{}<b>x</b>", "> ".repeat(MAX_NESTING));
        assert!(render(&quotes).unwrap_err().contains("nests deeper than"));
        // In an <svg>, a style is an element like any other: what it holds is counted.
        let breakout = format!(
            "<div><svg><style>{}{}</style></svg></div>\n",
            "<span>".repeat(MAX_NESTING),
            "</span>".repeat(MAX_NESTING)
        );
        assert!(render(&breakout).unwrap_err().contains("nests deeper than"));
        // Read as the browser's tokenizer reads them: `<!-->` is a whole comment, and
        // `</b"x>` closes no `<b>`.
        let comment = format!("<!-->{}<b>x</b>", "<b title=1>".repeat(MAX_NESTING + 1));
        assert!(render(&comment).is_err());
        let names = format!(
            "{}{}",
            "<b>".repeat(MAX_NESTING - 1),
            "</b\"x>".repeat(MAX_NESTING)
        );
        assert!(render(&names).is_err());
        // `<g r=1/>` is no empty element: the `/` is the value's.
        let unquoted = format!("<div><svg>{}</svg></div>\n", "<g r=1/>".repeat(MAX_NESTING));
        assert!(render(&unquoted).unwrap_err().contains("nests deeper than"));
        // An id in an attribute's value, or an attribute named like one, is no id.
        assert!(render("<span title=\"id=x\" data-id=\"y\">x</span>").is_ok());
    }

    #[test]
    fn thousands_of_misnested_tags_are_refused_at_once() {
        let started = std::time::Instant::now();
        let tags: String = (0..16_000).map(|i| format!("<b title={i}>")).collect();
        assert!(render(&tags).is_err());
        let divs = "<div>".repeat(100_000);
        assert!(render(&divs).is_err());
        let flat = "<b>x</b> ".repeat(20_000);
        assert!(render(&flat).is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn a_checkbox_stays_disabled() {
        assert_eq!(
            sanitize("<input type=\"checkbox\">"),
            "<input type=\"checkbox\" disabled=\"\">"
        );
    }
}
