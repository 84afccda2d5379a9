//! Text made safe inside XML (the feed, the sitemap).

/// Text safe inside XML elements and double-quoted attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml_escaped(&mut out, text);
    out
}

/// [`xml_escape`], added to `out`; runs of text that need no escaping (most URLs are one)
/// are copied whole.
pub fn push_xml_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            // Control characters other than tab and newlines are not allowed in XML 1.0,
            // nor are U+FFFE and U+FFFF (a name holding one made feed.xml ill-formed).
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => "",
            '\u{FFFE}' | '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(escaped);
        plain = i + c.len_utf8();
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_escaped_only_when_they_need_it() {
        let escaped = |text: &str| {
            let mut xml = String::from("<loc>");
            push_xml_escaped(&mut xml, text);
            xml
        };
        assert_eq!(escaped("/people/ada/"), "<loc>/people/ada/");
        assert_eq!(escaped("/a?b=1&c=<2>"), "<loc>/a?b=1&amp;c=&lt;2&gt;");
        assert_eq!(
            escaped("/caf\u{e9}/\u{85}"),
            "<loc>/caf\u{e9}/",
            "C1 controls dropped"
        );
    }

    #[test]
    fn xml_escape_covers_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("a<b> & \"c\" 'd'\u{7}"),
            "a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(xml_escape("Ada\u{FFFF}\u{FFFE} L"), "Ada L");
    }
}
