//! Markdown shaped for JSON Resume themes: what folio's markdown fields become in a
//! resume.json, and back. Themes render `summary`, `description` and each highlight as
//! markdown without raw HTML (even, elegant) or with only emphasis and links
//! (stackoverflow: no headings, no lists), so headings become bold paragraphs, raw HTML is
//! dropped, and a role's closing bullet list becomes `highlights`. `folio import` uses the
//! same functions to tell whether a file still says what folio wrote.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Rewrites a link's target, or leaves it (None): relative links made absolute.
pub type Links<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Links left as written.
pub fn as_written(_: &str) -> Option<String> {
    None
}

#[derive(Debug, PartialEq)]
enum Kind {
    Text,
    Heading,
    List,
}

/// A top-level block of markdown: its kind, its text made ready, and, for a list, the text
/// of each item.
#[derive(Debug)]
struct Block {
    kind: Kind,
    text: String,
    items: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// `source[range]` with edits (byte ranges of `source`, replacements) applied.
fn edited(
    source: &str,
    range: std::ops::Range<usize>,
    edits: &[(std::ops::Range<usize>, String)],
) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for (r, with) in edits
        .iter()
        .filter(|(r, _)| r.start >= range.start && r.end <= range.end)
    {
        if r.start < at {
            continue;
        }
        out.push_str(&source[at..r.start]);
        out.push_str(with);
        at = r.end;
    }
    out.push_str(&source[at..range.end]);
    out
}

/// A list item's text without its marker, continuation lines dedented.
fn item_text(raw: &str) -> String {
    let first = raw.trim_start();
    let marker_len = first
        .find(|c: char| c.is_whitespace())
        .filter(|&i| {
            let m = &first[..i];
            matches!(m, "-" | "*" | "+")
                || (m.len() > 1
                    && (m.ends_with('.') || m.ends_with(')'))
                    && m[..m.len() - 1].bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or(0);
    let body = first[marker_len..].trim_start_matches([' ', '\t']);
    // Continuation lines are indented by the marker's width.
    let width = raw.len() - body.len();
    let mut lines = body.lines();
    let mut out = lines.next().unwrap_or("").trim_end().to_string();
    for line in lines {
        out.push('\n');
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(line[spaces.min(width)..].trim_end());
    }
    out.trim_end().to_string()
}

/// Splits markdown into its top-level blocks, raw HTML dropped and links rewritten.
fn blocks(markdown: &str, links: Links) -> Vec<Block> {
    let _turn = crate::markdown::turn_for(markdown);
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in &events {
        match event {
            Event::InlineHtml(_) => edits.push((range.clone(), String::new())),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let text = &markdown[range.clone()];
                if let (Some(new), Some(at)) =
                    (links(dest_url), text.rfind(&format!("]({dest_url}")))
                {
                    let start = range.start + at + 2;
                    edits.push((start..start + dest_url.len(), new));
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(Kind, std::ops::Range<usize>)> = None;
    let mut heading = String::new();
    let mut items: Vec<String> = Vec::new();
    for (event, range) in &events {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Heading { .. } => Kind::Heading,
                        Tag::List(_) => Kind::List,
                        _ => Kind::Text,
                    };
                    current = Some((kind, range.clone()));
                    heading.clear();
                    items.clear();
                } else if depth == 1
                    && matches!(tag, Tag::Item)
                    && matches!(current, Some((Kind::List, _)))
                {
                    items.push(item_text(&edited(markdown, range.clone(), &edits)));
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((kind, range)) = current.take()
                {
                    let text = match kind {
                        Kind::Heading => format!("**{}**", heading.trim()),
                        _ => edited(markdown, range, &edits).trim_end().to_string(),
                    };
                    let empty = text.trim().is_empty() || text == "****";
                    if !empty && !matches!(end, TagEnd::HtmlBlock) {
                        blocks.push(Block {
                            kind,
                            text,
                            items: std::mem::take(&mut items),
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => heading.push_str(t),
            // Raw HTML at the top level is dropped with its block; a rule is kept.
            Event::Rule if depth == 0 => blocks.push(Block {
                kind: Kind::Text,
                text: "---".into(),
                items: Vec::new(),
            }),
            _ => {}
        }
    }
    blocks
}

/// Markdown made ready for a theme's markdown field: headings as bold paragraphs, raw HTML
/// dropped, links rewritten.
pub fn clean(markdown: &str, links: Links) -> String {
    blocks(markdown, links)
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text of each item when `markdown` is one bullet list and nothing else.
pub fn list_items(markdown: &str, links: Links) -> Option<Vec<String>> {
    match blocks(markdown, links).as_mut_slice() {
        [only] if only.kind == Kind::List => Some(std::mem::take(&mut only.items)),
        _ => None,
    }
}

/// A role's highlights, team and technologies as JSON Resume's `summary` and `highlights`:
/// prose followed by one bullet list is split there; anything else stays whole, in order,
/// in `summary`. "Team: X." opens the summary, "Technologies: A, B." closes it: every theme
/// shows `summary`, and none shows a role's keywords but stackoverflow.
pub fn role_text(
    highlights: Option<&str>,
    team: Option<&str>,
    technologies: &[String],
    links: Links,
) -> (String, Vec<String>) {
    let mut blocks = highlights
        .map(|h| self::blocks(h, links))
        .unwrap_or_default();
    let split = matches!(blocks.last(), Some(b) if b.kind == Kind::List)
        && blocks[..blocks.len() - 1]
            .iter()
            .all(|b| b.kind == Kind::Text);
    let items = match split {
        true => blocks.pop().map(|b| b.items).unwrap_or_default(),
        false => Vec::new(),
    };
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(team) = team.map(str::trim).filter(|t| !t.is_empty()) {
        paragraphs.push(format!("Team: {team}."));
    }
    paragraphs.extend(blocks.into_iter().map(|b| b.text));
    if !technologies.is_empty() {
        paragraphs.push(format!("Technologies: {}.", technologies.join(", ")));
    }
    (paragraphs.join("\n\n"), items)
}

/// What a talk shows in a theme, as a project: its `description` (the event, place and
/// co-speakers in one line, then the abstract) and `highlights` (links to slides and video).
pub struct TalkText<'a> {
    pub event: &'a str,
    pub location: Option<&'a str>,
    pub with: &'a [String],
    pub abstract_: Option<&'a str>,
    pub slides: Option<&'a str>,
    pub video: Option<&'a str>,
}

impl TalkText<'_> {
    /// "Speaker at EVENT (LOCATION), with A and B." then the abstract.
    pub fn description(&self, links: Links) -> String {
        let mut line = format!("Speaker at {}", self.event.trim());
        if let Some(place) = self.location.map(str::trim).filter(|p| !p.is_empty()) {
            line.push_str(&format!(" ({place})"));
        }
        let names: Vec<&str> = self
            .with
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        match names.as_slice() {
            [] => {}
            [one] => line.push_str(&format!(", with {one}")),
            [first @ .., last] => line.push_str(&format!(", with {} and {last}", first.join(", "))),
        }
        line.push('.');
        match self
            .abstract_
            .map(|a| clean(a, links))
            .filter(|a| !a.is_empty())
        {
            Some(text) => format!("{line}\n\n{text}"),
            None => line,
        }
    }

    /// "[Slides](url)" and "[Video](url)", those the talk has.
    pub fn highlights(&self) -> Vec<String> {
        [("Slides", self.slides), ("Video", self.video)]
            .into_iter()
            .filter_map(|(what, url)| url.map(|u| format!("[{what}]({u})")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_then_a_list_is_split_there() {
        let (summary, items) = role_text(
            Some(
                "Led the **team**.\n\n- Cut costs by *half*.\n- Shipped [v2](https://x.org).\n  - nested\n",
            ),
            Some("Core"),
            &["Go".into(), "Rust".into()],
            &as_written,
        );
        assert_eq!(
            summary,
            "Team: Core.\n\nLed the **team**.\n\nTechnologies: Go, Rust."
        );
        assert_eq!(
            items,
            [
                "Cut costs by *half*.",
                "Shipped [v2](https://x.org).\n- nested"
            ]
        );
    }

    #[test]
    fn headings_become_bold_and_order_is_kept() {
        let md = "### Areas:\n\n- one\n- two\n\nAfter the list.<b>x</b>\n\n<div>raw</div>\n";
        let (summary, items) = role_text(Some(md), None, &[], &as_written);
        assert!(items.is_empty());
        assert_eq!(summary, "**Areas:**\n\n- one\n- two\n\nAfter the list.x");
    }

    #[test]
    fn relative_links_are_rewritten() {
        let links = |url: &str| (!url.contains("://")).then(|| format!("https://site.org/p/{url}"));
        assert_eq!(
            clean("See [cv](cv.txt) and [x](https://x.org).", &links),
            "See [cv](https://site.org/p/cv.txt) and [x](https://x.org)."
        );
    }

    #[test]
    fn a_talk_says_its_event_place_and_co_speakers() {
        let with = ["A".to_string(), "B".to_string(), "C".to_string()];
        let talk = TalkText {
            event: "KubeCon",
            location: Some("San Diego, CA, USA"),
            with: &with,
            abstract_: Some("Why."),
            slides: Some("https://s"),
            video: None,
        };
        assert_eq!(
            talk.description(&as_written),
            "Speaker at KubeCon (San Diego, CA, USA), with A, B and C.\n\nWhy."
        );
        assert_eq!(talk.highlights(), ["[Slides](https://s)"]);
    }
}
