//! Raw HTML written in markdown, made safe to publish on the site's origin.
//!
//! A profile is written by a contributor the site's owner may not know. Raw HTML in it
//! (`<script>`, `<img onerror=...>`, `<iframe srcdoc=...>`, `<base href=...>`, a
//! `<meta>` refresh) would run with the site's cookies and storage or take its visitors
//! elsewhere. So a text holding raw HTML is rendered as usual, then the whole of its HTML
//! goes through [ammonia], a sanitizer built on a browser's HTML parser (html5ever): what
//! is kept is an allowlist of formatting tags and attributes, and every URL is checked as
//! a markdown link's is. Texts without raw HTML are not touched.

mod attributes;

use ammonia::Builder;
use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag as HtmlTag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
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

/// How many attributes a tag of raw HTML may have.
pub const MAX_ATTRIBUTES: usize = 64;

/// Elements without content: no end tag, nothing nested in them.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "image",
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
    "table",
    "hr",
    "xmp",
];

/// Elements whose content is text to the parser, up to their end tag, and how it reads it.
const RAW_TEXT: &[(&str, RawKind)] = &[
    ("script", RawKind::ScriptData),
    ("style", RawKind::Rawtext),
    ("xmp", RawKind::Rawtext),
    ("iframe", RawKind::Rawtext),
    ("noembed", RawKind::Rawtext),
    ("noframes", RawKind::Rawtext),
    ("noscript", RawKind::Rawtext),
    ("textarea", RawKind::Rcdata),
    ("title", RawKind::Rcdata),
];

/// Elements the parser gives rules of their own (other namespaces, the document's frame,
/// forms' lists, templates): not worth their cost in a profile, and removed by the
/// sanitizer anyway.
const REFUSED: &[&str] = &[
    "svg",
    "math",
    "html",
    "head",
    "body",
    "frameset",
    "frame",
    "plaintext",
    "template",
    "select",
    "option",
    "optgroup",
    "datalist",
    "image",
    "form",
    "button",
    "nobr",
];

/// Table elements that hold rows and cells, not text or other elements.
const TABLE_PARTS: &[&str] = &["table", "thead", "tbody", "tfoot", "tr", "colgroup"];
const TABLE_CHILDREN: &[&str] = &[
    "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
];

/// What is wrong with a text's raw HTML: what to say, and the tag to point at.
#[derive(Debug)]
pub struct Unfit {
    pub reason: String,
    pub help: &'static str,
    /// The tag as it starts in the text (`<b`, `</b`), to find where it was written.
    pub tag: String,
}

/// Checks the HTML of a text that holds raw HTML (its whole rendering, markdown's markup
/// and the raw HTML together) before [`sanitize`] parses it. A browser's HTML parser mends
/// what is not well formed (tags left open, closed out of order, blocks in paragraphs,
/// text in tables) by closing, moving and opening elements again; on thousands of tags
/// written for it, that took minutes to hours and gigabytes (16,000 nested `<b>` took
/// 8.6 s, 32,000 took 79 s). So the HTML must be well formed, as XHTML is: every tag
/// closed, in the order opened (void tags such as `<br>` aside); no block in a paragraph;
/// tables hold rows and cells; at most [`MAX_NESTING`] levels; none of the elements with
/// rules of their own ([`REFUSED`]). The parser then has nothing to mend, and parses in
/// linear time. The tags are read by html5ever's own tokenizer, the one the sanitizer's
/// parser uses, so they are read as it will read them. Raw HTML may not set an `id`
/// either (`own_ids` are the ids markdown gave headings and footnotes): the page's own
/// links and script use ids.
///
/// A tag may have at most [`MAX_ATTRIBUTES`] attributes: the tokenizer compares each with
/// every earlier one of its tag, so its time grows with their square ([`attributes`] counts
/// them first, in linear time).
pub fn check(html: &str, own_ids: &HashSet<String>) -> Result<(), Unfit> {
    if let Some(crowded) = attributes::first_crowded(html, MAX_ATTRIBUTES) {
        return Err(Unfit {
            reason: format!(
                "`<{}>` has more than {MAX_ATTRIBUTES} attributes",
                crowded.name
            ),
            help: "a tag needs a few attributes at most; the sanitizer keeps only \
                   `class`, `title`, `lang`, `dir` and each tag's own (`href`, `src`, `alt`...)",
            tag: crowded.written(),
        });
    }
    let sink = Checker {
        own_ids,
        state: RefCell::new(State::default()),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // The checker stops the tokenizer at the first problem (see `process_token`).
    if let TokenizerResult::Done = tokenizer.feed(&input) {
        tokenizer.end();
    }
    let state = tokenizer.sink.state.into_inner();
    if let Some(unfit) = state.unfit {
        return Err(unfit);
    }
    match state.open.last() {
        Some(name) => Err(Unfit {
            reason: format!("`<{name}>` is never closed"),
            help: HELP,
            tag: format!("<{name}"),
        }),
        None => Ok(()),
    }
}

const HELP: &str = "write raw HTML well formed: close each tag, in the order opened (`<br>` and \
                    `<img>` need no end tag), and put blocks (`<div>`, `<table>`...) on lines \
                    of their own, with a blank line before and after; to show `<` as text, \
                    write `\\<`";

struct Checker<'a> {
    own_ids: &'a HashSet<String>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// The elements open, innermost last.
    open: Vec<String>,
    /// The element whose content is being read as text (a script, a style...).
    raw_text: Option<String>,
    /// The first problem found.
    unfit: Option<Unfit>,
}

impl State {
    fn refuse(&mut self, reason: String, tag: String) {
        if self.unfit.is_none() {
            self.unfit = Some(Unfit {
                reason,
                help: HELP,
                tag,
            });
        }
    }

    fn start(&mut self, tag: &HtmlTag, own_ids: &HashSet<String>) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        let at = format!("<{name}");
        if REFUSED.contains(&name.as_str()) {
            self.refuse(format!("`<{name}>` is not published from raw HTML"), at);
            return TokenSinkResult::Continue;
        }
        if let Some(id) = tag
            .attrs
            .iter()
            .find(|a| &*a.name.local == "id" && !own_ids.contains(&*a.value))
        {
            self.refuse(
                format!(
                    "raw HTML may not set an `id` (`{}`): the page's own links and script use \
                     ids; for an anchor, write a markdown heading with `{{#id}}` after it",
                    id.value
                ),
                at,
            );
            return TokenSinkResult::Continue;
        }
        if let Some(reason) = misplaced(&self.open, &name) {
            self.refuse(reason, at);
            return TokenSinkResult::Continue;
        }
        if VOID.contains(&name.as_str()) {
            return TokenSinkResult::Continue;
        }
        if let Some((_, kind)) = RAW_TEXT.iter().find(|(n, _)| *n == name) {
            self.raw_text = Some(name);
            return TokenSinkResult::RawData(*kind);
        }
        self.open.push(name);
        if self.open.len() > MAX_NESTING {
            self.refuse(
                format!(
                    "this text nests deeper than {MAX_NESTING} levels here, counting its raw \
                     HTML and its markdown (lists, quotes, emphasis)"
                ),
                at,
            );
        }
        TokenSinkResult::Continue
    }

    fn end(&mut self, tag: &HtmlTag) {
        let name = tag.name.to_string();
        if self.raw_text.as_deref() == Some(name.as_str()) {
            self.raw_text = None;
            return;
        }
        if VOID.contains(&name.as_str()) {
            return;
        }
        match self.open.last() {
            Some(last) if *last == name => {
                self.open.pop();
            }
            Some(last) if self.open.contains(&name) => {
                let last = last.clone();
                self.refuse(
                    format!("`<{last}>` is not closed before `</{name}>`"),
                    format!("<{last}"),
                );
            }
            _ => self.refuse(format!("`</{name}>` closes no tag"), format!("</{name}")),
        }
    }
}

/// Why the parser would close or move open elements to place a `name` element where
/// `open` are open, which a well-formed text never asks of it: a block closes a paragraph
/// (and every formatting element in it, which each later run of text opens again: a third
/// hostile tester made 60 copies of each run so), a list item closes the one it is in,
/// a link the link it is in, a heading the heading, and a table moves what is not in its
/// cells out of it.
fn misplaced(open: &[String], name: &str) -> Option<String> {
    let parent = open.last().map(String::as_str);
    let inside = |names: &[&str]| open.iter().any(|o| names.contains(&o.as_str()));
    let nearest = |names: &[&str]| {
        open.iter()
            .rev()
            .find(|o| names.contains(&o.as_str()))
            .map(String::as_str)
    };
    const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
    if BLOCKS.contains(&name) && inside(&["p"]) {
        return Some(format!("`<{name}>` is a block, inside a paragraph"));
    }
    if parent.is_some_and(|p| TABLE_PARTS.contains(&p)) && !TABLE_CHILDREN.contains(&name) {
        return Some(format!(
            "`<{name}>` is inside a table but outside its cells"
        ));
    }
    let table_parents: &[&str] = match name {
        "td" | "th" => &["tr"],
        "tr" => &["table", "thead", "tbody", "tfoot"],
        "thead" | "tbody" | "tfoot" | "caption" | "colgroup" => &["table"],
        "col" => &["table", "colgroup"],
        _ => &[],
    };
    if !table_parents.is_empty() && !parent.is_some_and(|p| table_parents.contains(&p)) {
        return Some(format!(
            "`<{name}>` belongs directly inside `<{}>`",
            table_parents[0]
        ));
    }
    match name {
        "li" if nearest(&["li", "ul", "ol", "menu"]) == Some("li") => Some(
            "`<li>` is inside another list item: put it in a list (`<ul>`, `<ol>`) of its own"
                .into(),
        ),
        "dd" | "dt" if matches!(nearest(&["dd", "dt", "dl"]), Some("dd" | "dt")) => Some(format!(
            "`<{name}>` is inside another `<dd>` or `<dt>`: put it in a `<dl>` of its own"
        )),
        "a" if inside(&["a"]) => Some("`<a>` is inside another link".into()),
        _ if HEADINGS.contains(&name) && inside(HEADINGS) => {
            Some(format!("`<{name}>` is a heading inside a heading"))
        }
        _ => None,
    }
}

impl TokenSink for Checker<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        // Once a problem is found, the tokenizer is stopped at the next tag (only a tag's
        // result may stop it): the rest of the text is not read, and what it reads up to
        // there is what `attributes` counted, raw text included.
        let tag = matches!(token, Token::TagToken(_));
        if state.unfit.is_some() {
            return if tag {
                TokenSinkResult::Script(())
            } else {
                TokenSinkResult::Continue
            };
        }
        let result = match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                state.start(&tag, self.own_ids)
            }
            Token::TagToken(tag) => {
                state.end(&tag);
                TokenSinkResult::Continue
            }
            Token::CharacterTokens(text) => {
                let parent = state.open.last().map(String::as_str);
                if parent.is_some_and(|p| TABLE_PARTS.contains(&p))
                    && !text
                        .chars()
                        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}'))
                {
                    let parent = parent.unwrap_or_default().to_string();
                    state.refuse(
                        format!("text is inside a table but outside its cells (in `<{parent}>`)"),
                        format!("<{parent}"),
                    );
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        };
        if tag && state.unfit.is_some() {
            return TokenSinkResult::Script(());
        }
        result
    }
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
    fn well_formed_raw_html_is_kept() {
        for text in [
            "Press <kbd>Ctrl</kbd> and *<b>C</b>*.",
            "<details>\n<summary>More</summary>\n\nA *paragraph* inside.\n\n</details>\n",
            "<ul><li>one</li><li>two</li></ul>\n",
            "<table><tr><td>a</td><td>b</td></tr>\n</table>\n",
            "<script>if (a<b && c<d) { x('</div>') }</script>\n\nText <br> <img src=\"a.png\">.",
            "<!-- <div> --> <b>x</b> and a footnote[^n].\n\n[^n]: Note.\n\n## Heading {#mine}\n",
            "A <span title=\"id=x\" data-id=\"y\">title naming an id</span>.",
        ] {
            assert!(render(text).is_ok(), "{text}: {:?}", render(text));
        }
    }

    #[test]
    fn raw_html_the_parser_would_have_to_mend_is_refused() {
        for (text, said) in [
            (
                "<b>open in one paragraph\n\nclosed in the next</b>",
                "`<b>` is not closed before `</p>`",
            ),
            (
                "*<b>across* emphasis</b>",
                "`<b>` is not closed before `</em>`",
            ),
            ("<b><i>x</b></i>", "`<i>` is not closed before `</b>`"),
            (
                "<ul><li>one<li>two</ul>\n",
                "`<li>` is inside another list item",
            ),
            ("<div>never closed\n", "`<div>` is never closed"),
            (
                "A general-purpose <engine> can compute.",
                "`<engine>` is not closed before `</p>`",
            ),
            ("A stray </span> here.", "`</span>` closes no tag"),
            (
                "Some <b>text <div>x</div></b>",
                "`<div>` is a block, inside a paragraph",
            ),
            (
                "<table>x<tr><td>a</td></tr></table>\n",
                "text is inside a table",
            ),
            // A no-break space is text to HTML, whitespace only to Rust's `trim`: the
            // parser moves each run of it out of the table (a fourth tester's find).
            ("<table>\u{a0}<col></table>\n", "text is inside a table"),
            ("<table>&nbsp;<col></table>\n", "text is inside a table"),
            (
                "<table><tr><b><td>a</td></b></tr></table>\n",
                "`<b>` is inside a table",
            ),
            ("<svg><circle r=\"1\"/></svg>", "`<svg>` is not published"),
            (
                "<ul><li><b title=0><b title=1><li>y</li><p>y</p></b></b></li></ul>\n",
                "`<li>` is inside another list item",
            ),
            (
                "<dl><dt><b title=0><dd>y</dd></b></dt></dl>\n",
                "`<dd>` is inside another `<dd>` or `<dt>`",
            ),
            (
                "<p><b>x<hr>y</b></p>\n",
                "`<hr>` is a block, inside a paragraph",
            ),
            ("[a <a href=\"b\">c</a>](d)", "`<a>` is inside another link"),
            (
                "<h2>a <h3>b</h3></h2>\n",
                "`<h3>` is a heading inside a heading",
            ),
            (
                "<table><tr><td><td>x</td></td></tr></table>\n",
                "`<td>` belongs directly inside `<tr>`",
            ),
            (
                "<div><td>x</td></div>\n",
                "`<td>` belongs directly inside `<tr>`",
            ),
            ("<span id=\"people-filter\">x</span>", "may not set an `id`"),
            ("<span ID=x>x</span>", "may not set an `id`"),
        ] {
            let got = render(text).expect_err(text);
            assert!(got.contains(said), "{text}: {got}");
        }
        let deep: String = (0..MAX_NESTING).map(|i| format!("<b title={i}>")).collect();
        assert!(render(&deep).unwrap_err().contains("nests deeper than"));
        let quotes = format!("{}<b>x</b>", "> ".repeat(MAX_NESTING));
        assert!(render(&quotes).unwrap_err().contains("nests deeper than"));
        // Tags are read as the parser reads them: `<span =">` is a span with an attribute
        // named `="`, not one whose value runs on to the next quote.
        let hidden = format!(
            "<div><span =\">{}</span>\"></div>\n",
            "<b title=1>".repeat(MAX_NESTING)
        );
        assert!(render(&hidden).unwrap_err().contains("nests deeper than"));
        assert!(render("<b>x</b\"x>").is_err());
        let comment = format!("<!-->{}", "<b title=1>".repeat(MAX_NESTING + 1));
        assert!(render(&comment).is_err());
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
