//! Raw HTML written in markdown, made safe to publish on the site's origin.
//!
//! A profile is written by a contributor the site's owner may not know. Raw HTML in it
//! (`<script>`, `<img onerror=...>`, `<iframe srcdoc=...>`, `<base href=...>`, a
//! `<meta>` refresh) would run with the site's cookies and storage or take its visitors
//! elsewhere. So a text holding raw HTML is rendered as usual, then the whole of its HTML
//! goes through [ammonia], a sanitizer built on a browser's HTML parser (html5ever): what
//! is kept is an allowlist of formatting tags and attributes, and every URL is checked as
//! a markdown link's is. Texts without raw HTML are not touched.

use ammonia::Builder;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Tags kept, beside their text: formatting and structure, nothing that loads, runs,
/// embeds, submits or changes the page around it.
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

#[cfg(test)]
mod tests {
    use super::sanitize;

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

    #[test]
    fn a_checkbox_stays_disabled() {
        assert_eq!(
            sanitize("<input type=\"checkbox\">"),
            "<input type=\"checkbox\" disabled=\"\">"
        );
    }
}
