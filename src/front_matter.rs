//! Splitting a content file into front matter (TOML `+++` or YAML `---`) and a markdown body,
//! and parsing the front matter into a typed struct with located errors.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, SourceFile, line_offset};

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
/// naming the entry they are in (`experience[2]`) and what would be valid there.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, split: &Split<'_>) -> Result<T, Diagnostic> {
    let started = Instant::now();
    let parsed = parse_now(source, split);
    let spent = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    PARSE_NANOS.fetch_add(spent, Ordering::Relaxed);
    parsed
}

fn parse_now<T: DeserializeOwned>(source: &SourceFile, split: &Split<'_>) -> Result<T, Diagnostic> {
    if let Some(offset) = too_deep(split.front) {
        let at = split.front_offset + offset;
        return Err(Diagnostic::at(
            source,
            at..at + 1,
            format!("the front matter nests deeper than {MAX_DEPTH} levels"),
        )
        .help("profiles need only a few levels: tables of lists of tables"));
    }
    match split.format {
        Format::Toml => {
            let located = |e: toml::de::Error, path: Option<String>| {
                let span = e.span().unwrap_or(0..0);
                let range = split.front_offset + span.start..split.front_offset + span.end;
                explain(Diagnostic::at(source, range, first_line(e.message())), path)
            };
            let de = toml::Deserializer::parse(split.front).map_err(|e| located(e, None))?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().to_string();
                located(e.into_inner(), Some(path))
            })
        }
        Format::Yaml => {
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
    }
}

/// How deep front matter may nest: far more than any profile needs, far less than
/// what would exhaust the stack of a recursive parser.
const MAX_DEPTH: usize = 64;

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

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

/// serde-saphyr appends "at line L column C" relative to the front matter; we report our own.
fn strip_yaml_location(message: &str) -> String {
    let first = first_line(message);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first,
    }
}

/// Says which entry an error is in, and adds the help line that the common serde messages call for.
fn explain(mut diagnostic: Diagnostic, path: Option<String>) -> Diagnostic {
    if diagnostic.message.starts_with("budget breached") {
        diagnostic.message = format!(
            "the front matter is too big or nests too deep ({})",
            diagnostic.message
        );
        return diagnostic.help(format!(
            "profiles need only a few levels: at most {MAX_DEPTH}"
        ));
    }
    let message = diagnostic.message.clone();
    let entry = path
        .as_deref()
        .map(|p| entry_of(p, &message))
        .filter(|e| !e.is_empty());
    if let Some(entry) = &entry {
        diagnostic.message = format!("{message} (in {entry})");
    }
    if let Some(unknown) = between(&message, "unknown field `", "`") {
        let valid: Vec<&str> = message
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let list = valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diagnostic.message = format!(
            "unknown field `{unknown}`{}",
            entry.map(|e| format!(" in {e}")).unwrap_or_default()
        );
        return match closest(unknown, &valid) {
            Some(best) => {
                diagnostic.help(format!("did you mean `{best}`? Valid fields here: {list}"))
            }
            None => diagnostic.help(format!("valid fields here: {list}")),
        };
    }
    if message.contains("invalid date") {
        return diagnostic.help("write the date like \"2019\", \"2019-10\" or \"2019-10-24\"");
    }
    if let Some(field) = between(&message, "missing field `", "`") {
        return diagnostic.help(format!("add `{field}`: it is required here"));
    }
    diagnostic
}

/// The entry an error path points into: `experience[2].start` -> `experience[2]`.
/// For an unknown or missing field the path may end at the field itself; drop it.
fn entry_of(path: &str, message: &str) -> String {
    let path = path.trim_start_matches('.');
    let field = between(message, "unknown field `", "`")
        .or_else(|| between(message, "missing field `", "`"));
    let trimmed = match field {
        Some(f) if path.ends_with(f) => path[..path.len() - f.len()].trim_end_matches('.'),
        _ => path,
    };
    if trimmed == "?" {
        String::new()
    } else {
        trimmed.to_string()
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// The valid name closest to a misspelt one, if any is close enough to be meant.
pub fn closest<'a>(wrong: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(&wrong.to_lowercase(), v), *v))
        .filter(|(d, v)| *d <= (v.len() / 3).max(2))
        .min()
        .map(|(_, v)| v)
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
        let err = parse::<Front>(&s, &split(&s).unwrap()).unwrap_err();
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
        let err = parse::<Front>(&s, &split(&s).unwrap()).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("employeer"), "{}", err.message);
    }
}
