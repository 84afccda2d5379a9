//! Splitting a content file into front matter (TOML `+++` or YAML `---`) and a markdown body,
//! and parsing the front matter into a typed struct with located errors.

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

/// Parses the front matter of `split` into `T`, reporting errors at their place in the file.
pub fn parse<T: DeserializeOwned>(source: &SourceFile, split: &Split<'_>) -> Result<T, Diagnostic> {
    match split.format {
        Format::Toml => toml::from_str(split.front).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let range = split.front_offset + span.start..split.front_offset + span.end;
            with_help(Diagnostic::at(source, range, first_line(e.message())))
        }),
        Format::Yaml => {
            let options = serde_saphyr::options! { with_snippet: false };
            serde_saphyr::from_str_with_options(split.front, options).map_err(|e| {
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
                let message = strip_yaml_location(&e.to_string());
                with_help(Diagnostic::at(source, start..start, message))
            })
        }
    }
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

/// Adds the help line that the common serde messages call for.
fn with_help(diagnostic: Diagnostic) -> Diagnostic {
    let message = diagnostic.message.clone();
    if message.contains("unknown field") {
        if let Some(expected) = message.split("expected ").nth(1) {
            return diagnostic.help(format!("valid fields here: {expected}"));
        }
    } else if message.contains("invalid date") {
        return diagnostic.help(format!("write {}", crate::dates::EXPECTED));
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            path: "people/x.md".into(),
            text: Arc::from(text),
        }
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
    fn yaml_errors_point_at_the_file_line() {
        let s = source("---\nname: A\nemployeer: B\n---\n");
        let err = parse::<Front>(&s, &split(&s).unwrap()).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("employeer"), "{}", err.message);
    }
}
