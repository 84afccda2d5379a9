//! Splitting a content file into front matter (TOML `+++` or YAML `---`) and a markdown body,
//! and parsing the front matter into a typed struct with located errors.

mod explain;
mod recover;

pub use explain::closest;
use explain::*;
use recover::*;

use crate::diagnostic::{Diagnostic, SourceFile, line_offset};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A file cut in two, with byte offsets into the file's text.
#[derive(Debug)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Finds the front matter fences. The first line must be `+++` or `---`; the
/// front matter ends at the next line that is the same fence.
pub fn split(source: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text: &str = &source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_line_end].trim_end();
    let (format, fence) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Err(Diagnostic::at(source, 0..first.len(), "this file has no front matter")
                .help("start the file with a line `+++` (TOML) or `---` (YAML), then the fields, then the same line again"));
        }
    };
    let front_offset = first_line_end;
    let mut pos = front_offset;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..line_end].trim_end() == fence {
            return Ok(Split {
                format,
                front: &text[front_offset..pos],
                front_offset,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        pos = line_end;
    }
    Err(Diagnostic::at(
        source,
        0..fence.len(),
        "the front matter opened here is never closed",
    )
    .help(format!(
        "end the front matter with a line that holds only `{fence}`"
    )))
}

/// Nanoseconds spent in [`parse`], summed over all threads since the last [`take_timings`].
static PARSE_NANOS: AtomicU64 = AtomicU64::new(0);

/// The time spent parsing front matter so far, summed over all threads; resets it.
pub fn take_timings() -> Duration {
    Duration::from_nanos(PARSE_NANOS.swap(0, Ordering::Relaxed))
}

/// Parses the front matter of `split` into `T`, reporting errors at their place in the file,
/// naming the entry they are in (`experience[2]`) and what would be valid there. TOML front
/// matter reports every problem in the file; YAML the first.
pub fn parse<T: DeserializeOwned>(
    source: &SourceFile,
    split: &Split<'_>,
) -> Result<T, Vec<Diagnostic>> {
    let started = Instant::now();
    let parsed = parse_now(source, split);
    let spent = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    PARSE_NANOS.fetch_add(spent, Ordering::Relaxed);
    parsed
}

/// So that `?` on one problem returns it where a file's problems are collected.
impl From<Diagnostic> for Vec<Diagnostic> {
    fn from(problem: Diagnostic) -> Self {
        vec![problem]
    }
}

fn parse_now<T: DeserializeOwned>(
    source: &SourceFile,
    split: &Split<'_>,
) -> Result<T, Vec<Diagnostic>> {
    if let Some(offset) = too_deep(split.front) {
        let at = split.front_offset + offset;
        return Err(vec![
            Diagnostic::at(source, at..at + 1, too_deep_message())
                .help("profiles need only a few levels: tables of lists of tables"),
        ]);
    }
    let parsed = match split.format {
        Format::Toml => parse_toml(source, split.front, split.front_offset),
        Format::Yaml => parse_yaml(source, split).map_err(|d| vec![d]),
    }?;
    let strings = || {
        let value = match split.format {
            Format::Toml => toml::from_str::<serde_json::Value>(split.front).ok(),
            Format::Yaml => serde_saphyr::from_str::<serde_json::Value>(split.front).ok(),
        };
        let mut strings = Vec::new();
        if let Some(value) = value {
            crate::content::control::strings_of(&value, &mut strings);
        }
        strings
    };
    if let Some(problem) =
        crate::content::control::escaped_error(source, split.front, split.front_offset, strings)
    {
        return Err(vec![problem]);
    }
    Ok(parsed)
}

fn parse_yaml<T: DeserializeOwned>(
    source: &SourceFile,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    let located = |e: serde_saphyr::Error, path: Option<String>| {
        let start = match e.location() {
            Some(loc) => {
                let front_line_start = line_offset(split.front, loc.line() as usize);
                let line = &split.front[front_line_start..];
                let col = (loc.column() as usize).saturating_sub(1);
                let col_bytes = line.char_indices().nth(col).map_or(0, |(i, _)| i);
                split.front_offset + front_line_start + col_bytes
            }
            None => split.front_offset,
        };
        explain(
            Diagnostic::at(source, start..start, strip_yaml_location(&e.to_string())),
            path,
            Format::Yaml,
        )
    };
    let options = serde_saphyr::options! { with_snippet: false };
    let mut path = None;
    serde_saphyr::with_deserializer_from_str_with_options(split.front, options, |de| {
        serde_path_to_error::deserialize(de).map_err(|e| {
            path = Some(e.path().to_string());
            e.into_inner()
        })
    })
    .map_err(|e| located(e, path))
}

/// At most this many problems are reported per file: past a few dozen, the file is not
/// what folio expects at all, and the first ones say so.
const MAX_PROBLEMS: usize = 30;

/// Parses TOML (front matter at `offset` in `source`, or a whole site.toml) into `T`,
/// reporting every problem: every syntax error, or else every field that is unknown,
/// missing or of the wrong form. serde stops at the first; after each, the offending key
/// is taken out (or a stand-in value put in its place) and the rest parsed again.
pub fn parse_toml<T: DeserializeOwned>(
    source: &SourceFile,
    text: &str,
    offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    let at = |span: Option<std::ops::Range<usize>>| {
        let span = span.unwrap_or(0..0);
        offset + span.start..offset + span.end
    };
    // The common case, a file without problems, costs one parse.
    let first = match toml::Deserializer::parse(text) {
        Ok(de) => T::deserialize(de),
        Err(_) => {
            let (_, errors) = toml::de::DeTable::parse_recoverable(text);
            let mut problems: Vec<Diagnostic> = Vec::new();
            for e in errors {
                let d = Diagnostic::at(source, at(e.span()), first_line(e.message()));
                // Recovery can stumble on the rest of a broken line: one problem a line.
                if problems.iter().all(|p| p.line != d.line) {
                    problems.push(explain(d, None, Format::Toml));
                }
            }
            problems.truncate(MAX_PROBLEMS);
            return Err(problems);
        }
    };
    let misplaced = if suspicious_links(text) {
        misplaced_in_links::<T>(source, text, offset)
    } else {
        Vec::new()
    };
    if let Ok(value) = first
        && misplaced.is_empty()
    {
        return Ok(value);
    }
    let Ok(mut table) = toml::de::DeTable::parse(text) else {
        return Err(misplaced);
    };
    let top_fields = fields_of::<T>();
    let mut problems = misplaced;
    // The stand-in last tried for a key, and at which key: a second error there is the
    // stand-in's, not the author's.
    let mut last: Option<(String, usize)> = None;
    for _ in 0..MAX_PROBLEMS * 4 {
        let de = toml::de::Deserializer::from(table.clone());
        let error = match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(e) => e,
        };
        let path: Vec<Segment> = error.path().iter().cloned().collect();
        let path_text = error.path().to_string();
        let inner = error.into_inner();
        let message = first_line(inner.message());
        let fix = Fix::for_error(&path, &message);
        let key = format!("{path_text} {message:.20}");
        let attempt = match &last {
            Some((k, n)) if *k == key => n + 1,
            _ => 0,
        };
        if attempt == 0 {
            let mut d = explain(
                Diagnostic::at(source, at(inner.span()), message.clone()),
                Some(path_text),
                Format::Toml,
            );
            d = native_date(d, text, inner.span(), &path);
            d = wrong_table(
                d,
                &fix,
                &message,
                table.get_ref(),
                text,
                offset,
                source,
                &top_fields,
            );
            problems.push(d);
            if problems.len() >= MAX_PROBLEMS {
                break;
            }
        }
        if !fix.apply(table.get_mut(), attempt) {
            break;
        }
        last = Some((key, attempt));
    }
    Err(problems)
}

/// How deep front matter may nest: far more than any profile needs, far less than
/// what would exhaust the stack of a recursive parser.
const MAX_DEPTH: usize = 64;

/// Said when the front matter nests past [`MAX_DEPTH`], found by folio or by the YAML parser.
fn too_deep_message() -> String {
    format!("the front matter nests deeper than {MAX_DEPTH} levels")
}

/// The offset of the first bracket that opens a level past MAX_DEPTH, if any.
/// Counts `[` and `{` outside quotes; crude, but it only has to stop hostile input.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if b == b'\\' && q == b'"' {
                    escaped = true;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::new("people/x.md", text)
    }

    #[test]
    fn split_toml_front_matter() {
        let s = source("+++\nname = \"A\"\n+++\nBio\n");
        let split = split(&s).unwrap();
        assert_eq!(split.format, Format::Toml);
        assert_eq!(split.front, "name = \"A\"\n");
        assert_eq!(split.body, "Bio\n");
    }

    #[test]
    fn split_yaml_front_matter_with_windows_line_endings() {
        let s = source("---\r\nname: A\r\n---\r\nBio\r\n");
        let split = split(&s).unwrap();
        assert_eq!(split.format, Format::Yaml);
        assert_eq!(split.front, "name: A\r\n");
        assert_eq!(split.body, "Bio\r\n");
    }

    #[test]
    fn split_front_matter_without_closing_fence() {
        let err = split(&source("+++\nname = \"A\"\n")).unwrap_err();
        assert!(err.message.contains("never closed"), "{}", err.message);
    }

    #[test]
    fn split_file_without_front_matter() {
        let err = split(&source("# Just markdown\n")).unwrap_err();
        assert!(err.message.contains("no front matter"));
        assert_eq!(err.line, 1);
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        name: String,
        start: Option<crate::dates::Date>,
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let s = source("+++\nname = \"A\"\nstart = \"Oct 2019\"\n+++\n");
        let err = parse::<Front>(&s, &split(&s).unwrap())
            .unwrap_err()
            .remove(0);
        assert_eq!(err.line, 3);
        assert!(err.message.contains("YYYY-MM"), "{}", err.message);
    }

    #[test]
    fn parsing_time_is_counted() {
        let s = source("+++\nname = \"A\"\n+++\n");
        parse::<Front>(&s, &split(&s).unwrap()).unwrap();
        assert!(take_timings() > Duration::ZERO);
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let s = source("---\nname: A\nemployeer: B\n---\n");
        let err = parse::<Front>(&s, &split(&s).unwrap())
            .unwrap_err()
            .remove(0);
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("employeer"), "{}", err.message);
        // serde-saphyr lists the valid fields without backticks: they are named all the same.
        let help = err.help.unwrap_or_default();
        assert!(
            help.contains("`name`") && help.contains("`start`"),
            "{help}"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Profile {
        name: String,
        headline: Option<String>,
        #[serde(default)]
        links: indexmap::IndexMap<String, String>,
        #[serde(default)]
        talks: Vec<Talk>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Talk {
        title: String,
        date: crate::dates::Date,
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        let s = source(text);
        parse::<Profile>(&s, &split(&s).unwrap()).unwrap_err()
    }

    #[test]
    fn every_problem_in_a_toml_file_is_reported() {
        let found = problems(
            "+++\nnam = \"A\"\n\n[[talks]]\ntitel = \"T\"\ndate = \"March 2020\"\n\n[[talks]]\ntitle = \"U\"\ndate = \"2021-13\"\n+++\n",
        );
        let lines: Vec<usize> = found.iter().map(|d| d.line).collect();
        let said: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        // The unknown `nam`, and `name` missing; `titel` unknown and `title` missing in the
        // first talk; its date; the second talk's date. Nothing about the stand-ins.
        assert_eq!(found.len(), 6, "{said:#?}");
        for (line, words) in [
            (2, "`nam`"),
            (5, "`titel`"),
            (6, "March 2020"),
            (10, "2021-13"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|d| d.line == line && d.message.contains(words)),
                "{words} at line {line}: {lines:?} {said:#?}"
            );
        }
        let march = found.iter().find(|d| d.message.contains("March")).unwrap();
        assert!(
            march
                .help
                .as_deref()
                .unwrap_or("")
                .contains("write \"2020-03\""),
            "{march:?}"
        );
    }

    #[test]
    fn a_top_level_key_after_a_table_line_gets_a_hint() {
        let found = problems(
            "+++\nname = \"A\"\n\n[[talks]]\ntitle = \"T\"\ndate = \"2020\"\nheadline = \"Engineer\"\n+++\n",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let help = found[0].help.as_deref().unwrap_or("");
        assert!(
            help.contains("`headline` is a field of the top level") && help.contains("[[talks]]"),
            "{help}"
        );

        let found = problems(
            "+++\n[links]\ngithub = \"https://github.com/a\"\nname = \"Ada Lovelace\"\nheadline = \"Engineer\"\n+++\n",
        );
        let said: Vec<String> = found
            .iter()
            .map(|d| format!("{}:{} {:?}", d.line, d.message, d.help))
            .collect();
        assert!(
            found
                .iter()
                .any(|d| d.line == 4 && d.message.contains("`name` is written under `[links]`")),
            "{said:#?}"
        );
        assert!(
            found.iter().any(|d| d.line == 5 && d.message.contains("`headline` is written under `[links]`")),
            "{said:#?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("missing field `name`")
                    && d.help
                        .as_deref()
                        .unwrap_or("")
                        .contains("line 4, after `[links]`")),
            "{said:#?}"
        );
    }

    #[test]
    fn an_unquoted_toml_date_is_asked_to_be_quoted() {
        let found =
            problems("+++\nname = \"A\"\n[[talks]]\ntitle = \"T\"\ndate = 2019-06-01\n+++\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .contains("2019-06-01 is written without quotes"),
            "{found:#?}"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("date = \"2019-06-01\""),
            "{found:#?}"
        );
        assert!(!found[0].message.contains("map"), "{found:#?}");
    }

    #[test]
    fn skills_of_the_wrong_form_are_explained_without_rust_names() {
        let s = source("+++\nname = \"A\"\nskills = \"Go\"\n+++\n");
        let found = parse::<crate::content::PersonFront>(&s, &split(&s).unwrap()).unwrap_err();
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert!(
            !d.message.contains("enum") && !d.message.contains("Skills"),
            "{d:?}"
        );
        assert!(d.message.contains("`skills` must be a list"), "{d:?}");
        let help = d.help.as_deref().unwrap_or("");
        assert!(
            help.contains("skills = [") && help.contains("[skills]"),
            "{help}"
        );
        let s = source("+++\nname = \"A\"\nexperience = [\"Slack\"]\n+++\n");
        let d = parse::<crate::content::PersonFront>(&s, &split(&s).unwrap())
            .unwrap_err()
            .remove(0);
        assert!(!d.message.contains("struct"), "{d:?}");
        assert!(d.message.contains("expected a role"), "{d:?}");
    }

    #[test]
    fn dates_written_in_words_get_the_date_to_write() {
        for (written, meant) in [
            ("March 2020", "2020-03"),
            ("Oct. 2019", "2019-10"),
            ("sept 2019", "2019-09"),
            ("03/2020", "2020-03"),
            ("2020/3", "2020-03"),
            ("1 March 2020", "2020-03-01"),
            ("March 1, 2020", "2020-03-01"),
            ("2020.03.01", "2020-03-01"),
        ] {
            assert_eq!(
                suggest_date(written),
                Some(Suggestion::Date(meant.to_string())),
                "{written}"
            );
        }
        assert_eq!(suggest_date("Present"), Some(Suggestion::Ongoing));
        for nonsense in ["Marching 2020", "13/2020", "someday", "31 Feb 2020"] {
            assert_eq!(suggest_date(nonsense), None, "{nonsense}");
        }
    }
}
