//! HTML inside JSON Resume strings (`<strong>`, `<a href>`, `<br>`, `&amp;`), turned into
//! markdown for markdown fields and into text for plain ones; never passed through raw.
//! A small walker over scraper's tree (already folio's HTML parser) with a whitelist of
//! tags: everything else gives only its text, and `<script>`, `<style>` and pictures
//! nothing.

use scraper::{ElementRef, Html, Node};

use crate::content::Link;

/// Whether a text holds a tag or an entity. Only those are converted: a converter would
/// escape the `*` of markdown already written, and "a < b" is no tag.
pub fn has_markup(text: &str) -> bool {
    let tag = text.match_indices('<').any(|(i, _)| {
        // A tag's name ends at a space, `>` or `/`: `<http://x.org>` is a markdown autolink.
        let rest = text[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = rest[name.len()..].chars().next();
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && matches!(after, Some(c) if c.is_whitespace() || c == '>' || c == '/')
            && rest.contains('>')
    });
    let entity = text.match_indices('&').any(|(i, _)| {
        let rest = &text[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        !name.is_empty() && rest[name.len()..].starts_with(';')
    });
    tag || entity
}

/// What was dropped or changed in converting, for the user's warnings.
#[derive(Debug, Default)]
pub struct Notes(pub Vec<String>);

const SKIPPED: &[&str] = &[
    "script", "style", "img", "iframe", "object", "embed", "svg", "template", "head", "title",
];

/// The plain text of HTML: tags removed, entities decoded, spaces collapsed.
pub fn text(html: &str, notes: &mut Notes) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    collect_text(fragment.root_element(), &mut out, notes);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect_text(element: ElementRef, out: &mut String, notes: &mut Notes) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if SKIPPED.contains(&e.name()) => {
                notes
                    .0
                    .push(format!("<{}> dropped with its content", e.name()));
            }
            Node::Element(e) => {
                if matches!(e.name(), "br" | "p" | "li" | "div") {
                    out.push(' ');
                }
                if let Some(el) = ElementRef::wrap(child) {
                    collect_text(el, out, notes);
                }
            }
            _ => {}
        }
    }
}

/// Markdown's special characters in text, escaped so that text stays text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Markdown as written, but each link or picture whose address is no full URL folio
/// publishes (`javascript:`, `data:`, a path into a site the CV never belonged to) written
/// out as text: the build refuses such a link, so the imported profile would not build.
pub fn external_links_only(markdown: &str, notes: &mut Notes) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let published = crate::content::Link::parse(&dest_url).is_ok_and(|l| l.is_external());
        // A link inside one already written out as text goes with it.
        if published || cut.last().is_some_and(|last| range.start < last.end) {
            continue;
        }
        notes.0.push(format!(
            "the link to \"{dest_url}\" is no full URL (https://...): kept as text"
        ));
        cut.push(range);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for range in cut {
        out.push_str(&markdown[at..range.start]);
        out.push_str(&escape(&markdown[range.clone()]));
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    out
}

/// HTML as markdown: bold, italics, links, line breaks, paragraphs and lists.
pub fn markdown(html: &str, notes: &mut Notes) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    blocks(fragment.root_element(), &mut out, notes, 0);
    // Blank lines collapsed to one; a line break before a paragraph break is the break.
    let mut text = out.replace("\\\n\n", "\n\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn blocks(element: ElementRef, out: &mut String, notes: &mut Notes, depth: usize) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => {
                let collapsed: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let lead = t.starts_with(char::is_whitespace)
                    && !out.is_empty()
                    && !out.ends_with([' ', '\n']);
                let trail = t.ends_with(char::is_whitespace) && !collapsed.is_empty();
                if lead {
                    out.push(' ');
                }
                out.push_str(&escape(&collapsed));
                if trail {
                    out.push(' ');
                }
            }
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(child) else {
                    continue;
                };
                element_markdown(el, e.name(), out, notes, depth);
            }
            _ => {}
        }
    }
}

fn inner(el: ElementRef, notes: &mut Notes, depth: usize) -> String {
    let mut s = String::new();
    blocks(el, &mut s, notes, depth);
    s.trim().to_string()
}

fn element_markdown(el: ElementRef, name: &str, out: &mut String, notes: &mut Notes, depth: usize) {
    match name {
        _ if SKIPPED.contains(&name) => notes.0.push(format!("<{name}> dropped with its content")),
        "strong" | "b" => wrap(out, "**", &inner(el, notes, depth)),
        "em" | "i" => wrap(out, "*", &inner(el, notes, depth)),
        "code" => wrap(out, "`", &inner(el, notes, depth)),
        "br" => out.push_str("\\\n"),
        "p" | "div" => {
            out.push_str("\n\n");
            blocks(el, out, notes, depth);
            out.push_str("\n\n");
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.push_str("\n\n");
            wrap(out, "**", &inner(el, notes, depth));
            out.push_str("\n\n");
        }
        "ul" | "ol" => {
            out.push_str(if depth == 0 { "\n\n" } else { "\n" });
            let mut n = 0;
            for item in el
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "li")
            {
                n += 1;
                let marker = if name == "ol" {
                    format!("{n}. ")
                } else {
                    "- ".to_string()
                };
                let text = inner(item, notes, depth + 1);
                out.push_str(&"  ".repeat(depth));
                out.push_str(&marker);
                out.push_str(&text.replace('\n', &format!("\n{}", "  ".repeat(depth + 1))));
                out.push('\n');
            }
            if depth == 0 {
                out.push('\n');
            }
        }
        "a" => {
            let text = inner(el, notes, depth);
            let href = el.value().attr("href").unwrap_or("").trim();
            match Link::parse(href) {
                Ok(link) if !href.is_empty() => {
                    out.push_str(&format!("[{text}]({})", link.0.replace(' ', "%20")))
                }
                Ok(_) => out.push_str(&text),
                Err(why) => {
                    notes
                        .0
                        .push(format!("a link dropped (its text kept): {why}"));
                    out.push_str(&text);
                }
            }
        }
        _ => blocks(el, out, notes, depth),
    }
}

/// `text` between `mark`s, with the spaces around it kept outside.
fn wrap(out: &mut String, mark: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str(mark);
    out.push_str(text);
    out.push_str(mark);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> (String, Vec<String>) {
        let mut notes = Notes::default();
        (markdown(html, &mut notes), notes.0)
    }

    #[test]
    fn tags_become_markdown() {
        assert_eq!(
            md("I build <strong>fast</strong> &amp; <i>safe</i> sites.").0,
            "I build **fast** & *safe* sites."
        );
        assert_eq!(
            md("See my <a href=\"https://x.example\">portfolio</a>.").0,
            "See my [portfolio](https://x.example)."
        );
        assert_eq!(md("<p>One</p><p>Two<br>three</p>").0, "One\n\nTwo\\\nthree");
        assert_eq!(
            md("Did:<ul><li>A</li><li><b>B</b></li></ul>").0,
            "Did:\n\n- A\n- **B**"
        );
        assert_eq!(md("<ol><li>A</li><li>B</li></ol>").0, "1. A\n2. B");
        assert_eq!(md("a &lt; b &nbsp;x").0, "a \\< b x");
    }

    #[test]
    fn script_and_script_links_are_dropped() {
        let (text, notes) =
            md("Hi<script>alert(1)</script> <a href=\"javascript:alert(1)\">me</a>");
        assert_eq!(text, "Hi me");
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn only_markup_is_converted() {
        assert!(!has_markup("a < b && c > d, 5 * 3, snake_case"));
        assert!(!has_markup("**already** markdown"));
        assert!(has_markup("x<br/>y"));
        assert!(has_markup("Tom &amp; Jerry"));
        let mut notes = Notes::default();
        assert_eq!(
            text("Senior <b>Frontend</b> Engineer", &mut notes),
            "Senior Frontend Engineer"
        );
    }

    #[test]
    fn markdown_keeps_only_links_to_full_urls() {
        let mut notes = Notes::default();
        let md = external_links_only(
            "[a](https://a.example/) [b](javascript:x) [![c](data:x)](https://c.example/) \
             <javascript:y> [d](mailto:d@d.example) [e](../e/)",
            &mut notes,
        );
        assert_eq!(
            md,
            "[a](https://a.example/) \\[b\\](javascript:x) [!\\[c\\](data:x)](https://c.example/) \
             \\<javascript:y\\> [d](mailto:d@d.example) \\[e\\](../e/)"
        );
        assert_eq!(notes.0.len(), 4, "{:?}", notes.0);
        let mut none = Notes::default();
        assert_eq!(external_links_only("no *links*", &mut none), "no *links*");
        assert!(none.0.is_empty());
    }
}
