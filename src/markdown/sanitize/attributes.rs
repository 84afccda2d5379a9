//! The attributes of each tag of a text's HTML, counted before html5ever reads them.
//!
//! html5ever's tokenizer compares each attribute's name with those of every earlier one of
//! its tag (to drop repeats), so a tag's time grows with the square of its attributes: one
//! tag of 100,000 attributes (582 KB) took 101 s, and it was read twice, by [`super::check`]
//! and by the sanitizer. This pass finds such a tag in linear time, before either does.
//!
//! It reads the text as that tokenizer will: the states of the HTML standard's tokenization
//! that decide where a tag, an attribute, a comment or an element's raw text starts and
//! ends ("13.2.5 Tokenization"), with the element names whose content [`super::check`] has
//! the tokenizer read as raw text ([`super::RAW_TEXT`]). [`super::check`] stops its
//! tokenizer at the first problem it finds, so the two agree on every state up to there.
//! A count too low would let the slow tag through, so the tests hold the pass to the
//! tokenizer itself: on random texts made of what switches its states, both must read the
//! same tags with the same attributes.

use html5ever::tokenizer::states::RawKind;

/// A tag with more attributes than allowed.
#[derive(Debug, PartialEq)]
pub struct Crowded {
    /// Lowercased.
    pub name: String,
    /// An end tag (`</p a b c...>`).
    pub end: bool,
}

impl Crowded {
    /// The tag as written up to its name (`<img`, `</p`), to point at it.
    pub fn written(&self) -> String {
        let slash = if self.end { "/" } else { "" };
        format!("<{slash}{}", self.name)
    }
}

/// The first tag of `html` with more than `max` attributes, if any.
pub fn first_crowded(html: &str, max: usize) -> Option<Crowded> {
    let mut crowded = None;
    read_tags(html, max, |tag| {
        if tag.attributes > max {
            crowded = Some(Crowded {
                name: tag.name.clone(),
                end: tag.end,
            });
        }
        crowded.is_none()
    });
    crowded
}

/// A tag as the tokenizer reads it.
#[derive(Debug)]
struct TagRead {
    /// Lowercased.
    name: String,
    /// An end tag (`</p>`).
    end: bool,
    /// Counted up to one past the `max` given to [`read_tags`].
    attributes: usize,
    /// Whether the tag ends with its `>`: the tokenizer gives no tag cut short by the
    /// text's end (its attributes were read all the same). The tests compare the tags
    /// with the tokenizer's.
    #[cfg_attr(not(test), expect(dead_code))]
    closed: bool,
}

/// Reads the tags of `html` in order, for `each` until it returns false.
fn read_tags(html: &str, max: usize, mut each: impl FnMut(&TagRead) -> bool) -> Option<()> {
    let b = html.as_bytes();
    let mut i = 0;
    loop {
        i += b.get(i..)?.iter().position(|&c| c == b'<')? + 1;
        let (name_at, end) = match *b.get(i)? {
            b'!' => {
                i = markup_declaration(b, i + 1);
                continue;
            }
            // A processing instruction: a bogus comment, up to the first `>`.
            b'?' => {
                i = past(b, i, b'>');
                continue;
            }
            b'/' => match *b.get(i + 1)? {
                c if c.is_ascii_alphabetic() => (i + 1, true),
                b'>' => {
                    i += 2;
                    continue;
                }
                _ => {
                    i = past(b, i + 1, b'>');
                    continue;
                }
            },
            c if c.is_ascii_alphabetic() => (i, false),
            // Text: the `<` is a character, and what follows is read again.
            _ => continue,
        };
        let name_end = name_end(b, name_at);
        let name = String::from_utf8_lossy(&b[name_at..name_end]).to_ascii_lowercase();
        let (tag_end, attributes) = read_attributes(b, name_end, max);
        let tag = TagRead {
            name,
            end,
            attributes,
            closed: tag_end.is_some(),
        };
        if !each(&tag) {
            return Some(());
        }
        i = tag_end?;
        let raw = super::RAW_TEXT.iter().find(|(n, _)| *n == tag.name);
        if let (Some(&(_, kind)), false) = (raw, end) {
            // The raw text's end tag, where it starts its attributes.
            let attributes_at = match kind {
                RawKind::ScriptData => script_end(b, i)?,
                _ => raw_end(b, i, &tag.name)?,
            };
            let (tag_end, attributes) = read_attributes(b, attributes_at, max);
            let end_tag = TagRead {
                attributes,
                end: true,
                closed: tag_end.is_some(),
                ..tag
            };
            if !each(&end_tag) {
                return Some(());
            }
            i = tag_end?;
        }
    }
}

/// HTML's whitespace; a carriage return is read as a line feed.
fn space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// What ends a tag's name: whitespace, `/` or `>`.
fn ends_name(c: u8) -> bool {
    space(c) || c == b'/' || c == b'>'
}

/// Just past the first `c` from `from`, or the end.
fn past(b: &[u8], from: usize, c: u8) -> usize {
    b.get(from..)
        .and_then(|rest| rest.iter().position(|&x| x == c))
        .map_or(b.len(), |at| from + at + 1)
}

/// Where a tag's name that starts at `at` ends.
fn name_end(b: &[u8], at: usize) -> usize {
    b[at..]
        .iter()
        .position(|&c| ends_name(c))
        .map_or(b.len(), |n| at + n)
}

/// Where the run of ASCII letters from `at` ends.
fn letters_end(b: &[u8], at: usize) -> usize {
    at + b.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    })
}

/// The ASCII letters from `at` as a whole name (a name's end follows them): where they end.
fn whole_name(b: &[u8], at: usize) -> Option<usize> {
    let end = letters_end(b, at);
    b.get(end).is_some_and(|&c| ends_name(c)).then_some(end)
}

/// The ASCII letters from `at` if they are `name` (in any case), as a whole name: where
/// they end.
fn named(b: &[u8], at: usize, name: &str) -> Option<usize> {
    whole_name(b, at).filter(|&end| b[at..end].eq_ignore_ascii_case(name.as_bytes()))
}

/// Reads a tag's attributes from just after its name, as the states from "before attribute
/// name" to the tag's `>` do: where the tag ends (past its `>`; none if the text ends
/// first), and how many attributes it has, counting no further than one past `max`.
fn read_attributes(b: &[u8], mut i: usize, max: usize) -> (Option<usize>, usize) {
    #[derive(Clone, Copy)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    use State::*;
    let mut count = 0;
    let mut state = BeforeName;
    // "Before attribute name" with `c`, which may be one read again from another state.
    let before_name = |c: u8, count: &mut usize| match c {
        c if space(c) => BeforeName,
        // Through "after attribute name".
        b'/' => SelfClosing,
        // A new attribute; `=` may be the first character of its name.
        _ => {
            *count += 1;
            Name
        }
    };
    while let Some(&c) = b.get(i) {
        if count > max {
            // Where it ends no longer matters.
            return (None, count);
        }
        if c == b'>' && !matches!(state, Quoted(_)) {
            // Every state but a quoted value's ends the tag at `>`.
            return (Some(i + 1), count);
        }
        state = match state {
            BeforeName | SelfClosing | AfterQuoted => before_name(c, &mut count),
            Name if space(c) => AfterName,
            AfterName if space(c) => AfterName,
            Name | AfterName if c == b'/' => SelfClosing,
            Name | AfterName if c == b'=' => BeforeValue,
            Name => Name,
            AfterName => {
                count += 1;
                Name
            }
            BeforeValue if space(c) => BeforeValue,
            BeforeValue if c == b'"' || c == b'\'' => Quoted(c),
            BeforeValue => Unquoted,
            Quoted(quote) => {
                // The value runs to its closing quote, whatever it holds.
                match b[i..].iter().position(|&x| x == quote) {
                    Some(n) => i += n,
                    None => return (None, count),
                }
                AfterQuoted
            }
            Unquoted if space(c) => BeforeName,
            Unquoted => Unquoted,
        };
        i += 1;
    }
    (None, count)
}

/// Past the end of a comment whose text starts at `at` (after `<!--`): `<!-->` and
/// `<!--->` are whole comments, and any other ends at the first `-->` or `--!>`.
fn comment_end(b: &[u8], at: usize) -> usize {
    let rest = &b[at..];
    if rest.starts_with(b">") {
        return at + 1;
    }
    if rest.starts_with(b"->") {
        return at + 2;
    }
    let mut from = at;
    while let Some(n) = b[from..].iter().position(|&c| c == b'>') {
        let gt = from + n;
        let before = &b[at..gt];
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return gt + 1;
        }
        from = gt + 1;
    }
    b.len()
}

/// Past the end of what starts with `<!`, its text starting at `at`: a comment, or else a
/// DOCTYPE or a bogus comment (`<![CDATA[` among them, outside SVG and MathML), which end
/// at the first `>`.
fn markup_declaration(b: &[u8], at: usize) -> usize {
    if b[at..].starts_with(b"--") {
        comment_end(b, at + 2)
    } else {
        past(b, at, b'>')
    }
}

/// In raw text (RCDATA or RAWTEXT) from `at`, where the end tag of `name` starts its
/// attributes (just after its name), if it has one. `</` and letters that are not `name`
/// are text.
fn raw_end(b: &[u8], mut at: usize, name: &str) -> Option<usize> {
    loop {
        at += b.get(at..)?.windows(2).position(|w| w == b"</")? + 2;
        if let Some(end) = named(b, at, name) {
            return Some(end);
        }
        at = letters_end(b, at);
    }
}

/// In a script's text from `at`, where its end tag `</script` starts its attributes. A
/// script's text has states of its own: after `<!--` it is escaped, and in it, after
/// `<script` it is double escaped, where `</script>` only ends the double escape.
fn script_end(b: &[u8], mut i: usize) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Data,
        Escaped,
        EscapedDash,
        EscapedDashDash,
        Double,
        DoubleDash,
        DoubleDashDash,
    }
    use State::*;
    // `</script` at `at` (after `</`), as a whole name: where its attributes start.
    let closes = |at: usize| named(b, at, "script");
    let mut state = Data;
    loop {
        let c = *b.get(i)?;
        if c != b'<' {
            state = match (state, c) {
                (Escaped, b'-') => EscapedDash,
                (EscapedDash | EscapedDashDash, b'-') => EscapedDashDash,
                (EscapedDashDash | DoubleDashDash, b'>') => Data,
                (EscapedDash | EscapedDashDash, _) => Escaped,
                (Double, b'-') => DoubleDash,
                (DoubleDash | DoubleDashDash, b'-') => DoubleDashDash,
                (DoubleDash | DoubleDashDash, _) => Double,
                (other, _) => other,
            };
            i += 1;
            continue;
        }
        // A `<`: what follows decides, and is read again in the state given when it does
        // not.
        let next = i + 1;
        match (state, b.get(next).copied()) {
            (Data, Some(b'/')) => {
                if let Some(end) = closes(next + 1) {
                    return Some(end);
                }
                i = letters_end(b, next + 1);
            }
            (Data, Some(b'!')) => {
                if b[next + 1..].starts_with(b"--") {
                    state = EscapedDashDash;
                    i = next + 3;
                } else {
                    i = next + 1;
                }
            }
            (Data, _) => i = next,
            (Escaped | EscapedDash | EscapedDashDash, Some(b'/')) => {
                if let Some(end) = closes(next + 1) {
                    return Some(end);
                }
                state = Escaped;
                i = letters_end(b, next + 1);
            }
            (Escaped | EscapedDash | EscapedDashDash, Some(c)) if c.is_ascii_alphabetic() => {
                // `<script` and a name's end starts a double escape; other letters are
                // text, read again from after them.
                (state, i) = match whole_name(b, next) {
                    Some(end) if named(b, next, "script").is_some() => (Double, end + 1),
                    Some(end) => (Escaped, end + 1),
                    None => (Escaped, letters_end(b, next)),
                };
            }
            (Escaped | EscapedDash | EscapedDashDash, _) => {
                state = Escaped;
                i = next;
            }
            (_, Some(b'/')) => {
                // `</script` and a name's end ends the double escape.
                (state, i) = match whole_name(b, next + 1) {
                    Some(end) if named(b, next + 1, "script").is_some() => (Escaped, end + 1),
                    Some(end) => (Double, end + 1),
                    None => (Double, letters_end(b, next + 1)),
                };
            }
            (_, _) => {
                state = Double;
                i = next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::RefCell;

    const MAX: usize = 64;

    /// `n` distinct attributes, written `a0 a1 ...`.
    fn many(n: usize) -> String {
        (0..n).map(|k| format!(" a{k}")).collect()
    }

    fn crowded(html: &str) -> Option<String> {
        first_crowded(html, MAX).map(|tag| tag.written())
    }

    #[test]
    fn a_tag_with_more_attributes_than_allowed_is_found() {
        let at_most = many(MAX);
        let over = many(MAX + 1);
        assert_eq!(crowded(&format!("<p{at_most}>x</p>")), None);
        assert_eq!(crowded(&format!("<p{at_most}/>")), None);
        assert_eq!(
            crowded(&format!("<p>x</p><img{over}>")).as_deref(),
            Some("<img")
        );
        assert_eq!(crowded(&format!("<IMG{over}")).as_deref(), Some("<img"));
        // End tags' attributes are read too.
        assert_eq!(crowded(&format!("<p>x</p{over}>")).as_deref(), Some("</p"));
        // However attributes are separated: `/`, a quoted value's end, `=` starting a name.
        let packed: String = (0..=MAX).map(|k| format!("a{k}=\"v\"")).collect();
        assert_eq!(crowded(&format!("<b {packed}>")).as_deref(), Some("<b"));
        let slashed: String = (0..=MAX).map(|k| format!("/a{k}")).collect();
        assert_eq!(crowded(&format!("<b{slashed}>")).as_deref(), Some("<b"));
        let equals: String = (0..=MAX).map(|k| format!(" =a{k}=v")).collect();
        assert_eq!(crowded(&format!("<b{equals}>")).as_deref(), Some("<b"));
    }

    #[test]
    fn what_is_not_a_tag_to_the_tokenizer_is_not_counted() {
        let over = many(MAX + 1);
        for text in [
            format!("&lt;b{over}>"),
            format!("< b{over}>"),
            format!("<!-- <b{over}> -->"),
            format!("<!-- -- > <b{over}> -->"),
            format!("<!DOCTYPE html <b{over}>"),
            format!("<?xml <b{over}>"),
            format!("</ <b{over}>"),
            format!("<b title=\"<i{over}>\">"),
            format!("<b title='<i{over}>'>"),
            format!("<textarea><b{over}></textarea>"),
            format!("<style></styles><b{over}></style>"),
            format!("<script>if (a <b{over}) {{}}</script>"),
            format!("<script><!--<script></script><b{over}></script>"),
        ] {
            assert_eq!(crowded(&text), None, "{text}");
        }
    }

    #[test]
    fn a_tag_hidden_from_a_simpler_reading_is_found() {
        let over = many(MAX + 1);
        for text in [
            // A `>` in a quoted value does not end the tag.
            format!("<b title=\">\"{over}>"),
            // A quote in a name or an unquoted value is a character, not a quoted value.
            format!("<b x\"{over} \">"),
            format!("<b x=y\"{over} \">"),
            // `=` after spaces is still the value's.
            format!("<b x  = \">\"{over}>"),
            // Comments end at `-->`, `--!>`, and `<!-->` and `<!--->` are whole.
            format!("<!-- x --!><b{over}>"),
            format!("<!--><b{over}>"),
            format!("<!---><b{over}>"),
            format!("<!----><b{over}>"),
            // `<![CDATA[` outside SVG is a bogus comment, up to the first `>`.
            format!("<![CDATA[ > ]]><b{over}>"),
            // Raw text ends at its own end tag, whatever its case, attributes and all.
            format!("<style><a title=\"</STYLE><b{over}>\">"),
            format!("<title><a title=\"</title ><b{over}>\">"),
            // A script's double-escaped `</script>` only ends the double escape.
            format!("<script><!--<script></script><a x=\"</script><b{over}>\">"),
            format!("<script><!--</script><b{over}>"),
            format!("<script><!-- --></script><b{over}>"),
        ] {
            assert_eq!(crowded(&text).as_deref(), Some("<b"), "{text}");
        }
        assert_eq!(
            crowded(&format!("<script></script{over}>")).as_deref(),
            Some("</script")
        );
    }

    /// A tag as html5ever's tokenizer gave it: name, end tag, attributes, and whether
    /// repeated ones were dropped.
    type Given = (String, bool, usize, bool);

    /// Records the tags html5ever's tokenizer gives, and has it read raw text where
    /// `check` does.
    struct Record(RefCell<Vec<Given>>);

    impl TokenSink for Record {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            let start = tag.kind == TagKind::StartTag;
            self.0.borrow_mut().push((
                tag.name.to_string(),
                !start,
                tag.attrs.len(),
                tag.had_duplicate_attributes,
            ));
            match super::super::RAW_TEXT
                .iter()
                .find(|(n, _)| **n == *tag.name)
            {
                Some(&(_, kind)) if start => TokenSinkResult::RawData(kind),
                _ => TokenSinkResult::Continue,
            }
        }
    }

    fn tokenized(html: &str) -> Vec<Given> {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(Record(RefCell::default()), TokenizerOpts::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.0.take()
    }

    /// Random texts of the characters and words that move the tokenizer from state to
    /// state: this pass reads the tags html5ever's tokenizer gives, in order, with as many
    /// attributes (or more, where the tokenizer dropped repeated ones), and one more at
    /// the end where the text cuts a tag short.
    #[test]
    fn tags_are_read_as_the_tokenizer_reads_them() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "/",
            "!",
            "-",
            "--",
            "\"",
            "'",
            "=",
            " ",
            "\n",
            "a",
            "b",
            "x",
            "?",
            "[",
            "<!--",
            "-->",
            "--!>",
            "<!",
            "</",
            "script",
            "style",
            "title",
            "textarea",
            "SCRIPT",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<![CDATA[",
            "]]>",
            "DOCTYPE",
            "&",
            "&gt;",
            "<b",
            "<i",
            " c",
            " d=",
            "e",
            "f",
        ];
        let seed = fastrand::u64(..);
        let mut rng = fastrand::Rng::with_seed(seed);
        for _ in 0..30_000 {
            let len = rng.usize(1..60);
            let text: String = (0..len)
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            let given = tokenized(&text);
            let mut read = Vec::new();
            read_tags(&text, usize::MAX - 1, |tag| {
                read.push((tag.name.clone(), tag.end, tag.attributes, tag.closed));
                true
            });
            let cut_short = read.last().filter(|tag| !tag.3).cloned();
            let closed: Vec<_> = read.iter().filter(|tag| tag.3).collect();
            let same = closed.len() == given.len()
                && closed
                    .iter()
                    .zip(&given)
                    .all(|(r, g)| r.0 == g.0 && r.1 == g.1 && (r.2 == g.2 || g.3 && r.2 > g.2));
            assert!(
                same && read.len() <= given.len() + 1,
                "{text:?}: the tokenizer gives {given:?}, this pass reads {read:?} \
                 (seed {seed}; cut short: {cut_short:?})"
            );
        }
    }
}
