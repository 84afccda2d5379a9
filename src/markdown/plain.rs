//! Markdown made plain for formats that take text (JSON, XML, vCard).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A block of plain text: a paragraph (or heading, quote, code) or a top-level list item.
#[derive(Debug, PartialEq)]
enum Block {
    Text(String),
    Item(String),
}

fn blocks(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut lists = 0usize;
    let finish = |current: &mut String, blocks: &mut Vec<Block>, block: fn(String) -> Block| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        if !text.is_empty() {
            blocks.push(block(text));
        }
    };
    let _turn = super::turn_for(markdown);
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::List(_)) => {
                if lists == 0 {
                    finish(&mut current, &mut blocks, Block::Text);
                }
                lists += 1;
            }
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::End(TagEnd::Item) if lists == 1 => {
                finish(&mut current, &mut blocks, Block::Item)
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) if lists == 0 => finish(&mut current, &mut blocks, Block::Text),
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            // Block boundaries inside a list item, and line breaks, become spaces.
            Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Item)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableCell,
            ) => current.push(' '),
            _ => {}
        }
    }
    let last = match lists > 0 {
        true => Block::Item,
        false => Block::Text,
    };
    finish(&mut current, &mut blocks, last);
    blocks
}

/// The plain text of markdown: blocks separated by a blank line, list items as `- item` lines.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut last_was_item = false;
    for block in blocks(markdown) {
        let (text, item) = match &block {
            Block::Text(t) => (t.as_str(), false),
            Block::Item(t) => (t.as_str(), true),
        };
        if !out.is_empty() {
            out.push_str(if item && last_was_item { "\n" } else { "\n\n" });
        }
        if item {
            out.push_str("- ");
        }
        out.push_str(text);
        last_was_item = item;
    }
    out
}

/// Markdown split into the plain text of its top-level list items and of everything else.
/// Highlights written as a bullet list become one string per bullet.
/// The plain text of an optional markdown field, none when empty.
pub fn plain_field(markdown: &Option<String>) -> Option<String> {
    markdown.as_deref().map(plain).filter(|t| !t.is_empty())
}

pub fn split_list(markdown: &str) -> (String, Vec<String>) {
    let mut texts = Vec::new();
    let mut items = Vec::new();
    for block in blocks(markdown) {
        match block {
            Block::Text(t) => texts.push(t),
            Block::Item(t) => items.push(t),
        }
    }
    (texts.join("\n\n"), items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_markup_and_keeps_list_items_apart() {
        let md = "Wrote the **engine**, see [docs](https://x.org).\n\n- One `thing`\n- Two\n  - nested\n\nAfter.";
        assert_eq!(
            plain(md),
            "Wrote the engine, see docs.\n\n- One thing\n- Two nested\n\nAfter."
        );
    }

    #[test]
    fn split_list_gives_one_string_per_bullet() {
        let (text, items) = split_list("Led the team.\n\n- Cut costs by *half*.\n- Shipped v2.\n");
        assert_eq!(text, "Led the team.");
        assert_eq!(items, ["Cut costs by half.", "Shipped v2."]);
        let (text, items) = split_list("Just a paragraph\nover two lines.");
        assert_eq!(text, "Just a paragraph over two lines.");
        assert!(items.is_empty());
    }
}
