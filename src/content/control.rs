//! Control characters (NUL, ESC, BEL...) in content: no page, feed or vCard can hold
//! them (HTML forbids them; a NUL cuts a vCard short; an ESC in a name would colour or
//! rewrite the terminal of whoever builds the site). A file that holds one, as a raw byte or
//! as an escape in a front matter string (`"\u0000"`), is an error at its place.

use crate::diagnostic::{Diagnostic, SourceFile};

/// Characters a page cannot show: C0 and C1 controls and DEL, but not the tab, line
/// breaks and form feed, which are whitespace to HTML and markdown.
pub fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// The byte offset and character of the first [`forbidden`] character in `text`.
pub fn first_raw(text: &str) -> Option<(usize, char)> {
    // Every content file is scanned, so first a pass the compiler can vectorize: blocks
    // of bytes folded without branching, looking for any byte that may start a forbidden
    // character (a C1 control's first byte is 0xC2). Only a block with one is read again.
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) | (b == 0x7F) | (b == 0xC2)
    };
    let bytes = text.as_bytes();
    for (block, chunk) in bytes.chunks(64).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        let start = block * 64;
        let from = crate::diagnostic::floor_char_boundary(text, start);
        for (i, c) in text[from..].char_indices() {
            if forbidden(c) {
                return Some((from + i, c));
            }
            if from + i >= start + 64 {
                break;
            }
        }
    }
    None
}

/// The error for a raw control character at `at` in `source` (the report shows it as a
/// symbol, ␛ for ESC, not as itself: see [`crate::diagnostic::visible`]).
pub fn raw_error(source: &SourceFile, at: usize, c: char) -> Diagnostic {
    Diagnostic::at(source, at..at + c.len_utf8(), message(c)).help(HELP)
}

/// The escapes that front matter strings decode to a [`forbidden`] character, with their
/// byte ranges in `front`: `\0`, `\a`, `\b`, `\e`, `\v`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`,
/// and YAML's `\N` (U+0085). Found by reading the text, so an escape inside a string that
/// does not decode escapes (TOML's `'...'`, YAML's plain scalars) is listed too: the
/// caller confirms with the parsed values.
fn escapes(front: &str) -> Vec<(std::ops::Range<usize>, char)> {
    let bytes = front.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(step) = front[i..].find('\\') {
        let at = i + step;
        // Two backslashes are one, escaped: what follows them is text.
        if bytes.get(at + 1) == Some(&b'\\') {
            i = at + 2;
            continue;
        }
        let hex = |len: usize| {
            front
                .get(at + 2..at + 2 + len)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
                .map(|c| (c, 2 + len))
        };
        let decoded = match bytes.get(at + 1) {
            Some(b'0') => Some(('\0', 2)),
            Some(b'a') => Some(('\u{7}', 2)),
            Some(b'b') => Some(('\u{8}', 2)),
            Some(b'e') => Some(('\u{1b}', 2)),
            Some(b'v') => Some(('\u{b}', 2)),
            Some(b'N') => Some(('\u{85}', 2)),
            Some(b'x') => hex(2),
            Some(b'u') => hex(4),
            Some(b'U') => hex(8),
            _ => None,
        };
        if let Some((c, len)) = decoded
            && forbidden(c)
        {
            found.push((at..at + len, c));
        }
        i = at + 1;
    }
    found
}

/// The first control character that a front matter string holds as an escape, as an error
/// at the escape; `strings` gives every string (keys included) of the parsed front matter,
/// and is called only when the text has such an escape.
pub fn escaped_error(
    source: &SourceFile,
    front: &str,
    front_offset: usize,
    strings: impl FnOnce() -> Vec<String>,
) -> Option<Diagnostic> {
    let candidates = escapes(front);
    if candidates.is_empty() {
        return None;
    }
    let held: Vec<char> = strings()
        .iter()
        .flat_map(|s| s.chars().filter(|&c| forbidden(c)))
        .collect();
    let (range, c) = candidates.into_iter().find(|(_, c)| held.contains(c))?;
    let at = front_offset + range.start..front_offset + range.end;
    Some(Diagnostic::at(source, at, message(c)).help(HELP))
}

fn message(c: char) -> String {
    format!(
        "this is the control character U+{:04X}, which no page, feed or vCard can hold",
        c as u32
    )
}

const HELP: &str = "delete it: text may hold any printable character, tabs and line \
                    breaks (`\\n` in a quoted string), but not controls such as NUL or ESC";

/// Every string in a parsed value, keys included.
pub fn strings_of(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => into.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings_of(v, into)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                into.push(k.clone());
                strings_of(v, into);
            }
        }
        _ => {}
    }
}

/// Removes every [`forbidden`] character from the strings (keys included) of `value`, for
/// `folio import`, which writes a profile from another tool's document; says how many.
pub fn strip(value: &mut serde_json::Value) -> usize {
    let clean = |s: &mut String| {
        let before = s.chars().count();
        s.retain(|c| !forbidden(c));
        before - s.chars().count()
    };
    match value {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Array(items) => items.iter_mut().map(strip).sum(),
        serde_json::Value::Object(map) => {
            let mut removed = 0;
            let keys: Vec<String> = map
                .keys()
                .filter(|k| k.chars().any(forbidden))
                .cloned()
                .collect();
            for key in keys {
                if let Some(v) = map.shift_remove(&key) {
                    let mut clean_key = key;
                    removed += clean(&mut clean_key);
                    map.insert(clean_key, v);
                }
            }
            removed + map.values_mut().map(strip).sum::<usize>()
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_controls_are_found_but_not_whitespace_or_other_letters() {
        assert_eq!(first_raw("a\tb\r\nc\u{c}d é ü €"), None);
        assert_eq!(first_raw("ab\0c"), Some((2, '\0')));
        assert_eq!(first_raw("é\u{1b}[31m"), Some((2, '\u{1b}')));
        assert_eq!(first_raw("x\u{85}"), Some((1, '\u{85}')));
        assert_eq!(first_raw("x\u{7f}"), Some((1, '\u{7f}')));
        // Across the blocks the first pass reads, and far into a long text.
        let straddling = format!("{}\u{85}", "a".repeat(63));
        assert_eq!(first_raw(&straddling), Some((63, '\u{85}')));
        let long = format!("{}\0", "é ü € a\n".repeat(1000));
        assert_eq!(first_raw(&long), Some((long.len() - 1, '\0')));
        assert_eq!(first_raw(&"é ü € a\n".repeat(1000)), None);
    }

    #[test]
    fn escapes_of_controls_are_found_but_not_escaped_backslashes() {
        let found = escapes(r#"a = "x\u0000" b = "\\u0000" c = "\e[1m" d = "\n\t" e = "\x07""#);
        let found: Vec<char> = found.into_iter().map(|(_, c)| c).collect();
        assert_eq!(found, ['\0', '\u{1b}', '\u{7}']);
        assert!(escapes(r#"a = "\u00e9 \\\\x00""#).is_empty());
    }
}
