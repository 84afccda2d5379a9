//! Any text as markdown: rendering must return HTML or bad links, never panic.
#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use folio::markdown::{Context, Markdown};
use libfuzzer_sys::fuzz_target;

fn markdown() -> &'static Markdown {
    // syntect's syntaxes are slow to load; once per fuzzing process.
    static MARKDOWN: OnceLock<Markdown> = OnceLock::new();
    MARKDOWN.get_or_init(|| Markdown::new(folio::markdown::Html::Escaped))
}

fuzz_target!(|text: &str| {
    let mut links = HashMap::new();
    links.insert("people/ada.md".to_string(), "/people/ada/".to_string());
    let cx = Context { internal_links: &links, top_heading: 3, reserved_ids: &["about".to_string()] };
    let _ = markdown().render(text, &cx);
    let _ = folio::markdown::first_paragraph_text(text);
});
