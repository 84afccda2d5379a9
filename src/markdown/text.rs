//! Plain text out of markdown: summaries and meta descriptions.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The plain text of the first paragraph, for summaries and meta descriptions.
pub fn first_paragraph_text(text: &str) -> String {
    let mut out = String::new();
    let mut in_paragraph = false;
    let _turn = super::turn_for(text);
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => break,
            Event::Text(t) | Event::Code(t) if in_paragraph => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph_text("# T\n\nHello *there*\nfriend.\n\nMore."),
            "Hello there friend."
        );
    }
}
