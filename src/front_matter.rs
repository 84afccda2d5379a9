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
            Diagnostic::at(
                source,
                at..at + 1,
                format!("the front matter nests deeper than {MAX_DEPTH} levels"),
            )
            .help("profiles need only a few levels: tables of lists of tables"),
        ]);
    }
    match split.format {
        Format::Toml => parse_toml(source, split.front, split.front_offset),
        Format::Yaml => parse_yaml(source, split).map_err(|d| vec![d]),
    }
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

type Segment = serde_path_to_error::Segment;

/// What takes an erroneous key out of the way, so that parsing again finds the next problem.
enum Fix {
    /// An unknown key: remove it from the table at the path.
    Remove(Vec<Segment>, String),
    /// A missing key: put a stand-in value in the table at the path.
    Insert(Vec<Segment>, String),
    /// A value of the wrong form: put a stand-in in its place.
    Replace(Vec<Segment>),
    None,
}

impl Fix {
    fn for_error(path: &[Segment], message: &str) -> Fix {
        let table_and = |field: &str| match path.split_last() {
            Some((Segment::Map { key }, parent)) if key == field => parent.to_vec(),
            _ => path.to_vec(),
        };
        if let Some(field) = between(message, "unknown field `", "`") {
            return Fix::Remove(table_and(field), field.to_string());
        }
        if let Some(field) = between(message, "missing field `", "`") {
            return Fix::Insert(table_and(field), field.to_string());
        }
        if path.is_empty() || path.iter().any(|s| matches!(s, Segment::Unknown)) {
            return Fix::None;
        }
        Fix::Replace(path.to_vec())
    }

    /// The table the key of the problem is in, as a path.
    fn table(&self) -> Option<&[Segment]> {
        match self {
            Fix::Remove(table, _) | Fix::Insert(table, _) => Some(table),
            Fix::Replace(path) => path.split_last().map(|(_, parent)| parent),
            Fix::None => None,
        }
    }

    /// The key of the problem.
    fn key(&self) -> Option<&str> {
        match self {
            Fix::Remove(_, key) | Fix::Insert(_, key) => Some(key),
            Fix::Replace(path) => match path.last() {
                Some(Segment::Map { key }) => Some(key),
                _ => None,
            },
            Fix::None => None,
        }
    }

    /// Applies the fix with the `attempt`-th stand-in; false when there is nothing (more) to try.
    fn apply(&self, root: &mut toml::de::DeTable<'_>, attempt: usize) -> bool {
        match self {
            Fix::Remove(table, key) => {
                attempt == 0
                    && table_at(root, table).is_some_and(|t| t.remove(key.as_str()).is_some())
            }
            Fix::Insert(table, key) => {
                let (Some(table), Some(value)) = (table_at(root, table), stand_in(attempt)) else {
                    return false;
                };
                let key = toml::Spanned::new(0..0, std::borrow::Cow::Owned(key.clone()));
                table.insert(key, toml::Spanned::new(0..0, value));
                true
            }
            Fix::Replace(path) => {
                let (Some(slot), Some(value)) = (value_at(root, path), stand_in(attempt)) else {
                    return false;
                };
                *slot = toml::Spanned::new(slot.span(), value);
                true
            }
            Fix::None => false,
        }
    }
}

/// Values tried in turn in place of a missing or wrong one: most fields are strings
/// (dates are too), then lists, tables and switches.
fn stand_in(attempt: usize) -> Option<toml::de::DeValue<'static>> {
    use toml::de::DeValue;
    Some(match attempt {
        0 => DeValue::String("2000".into()),
        1 => DeValue::Array(toml::de::DeArray::new()),
        2 => DeValue::Table(toml::de::DeTable::new()),
        3 => DeValue::Boolean(false),
        _ => return None,
    })
}

fn value_at<'a, 'i>(
    root: &'a mut toml::de::DeTable<'i>,
    path: &[Segment],
) -> Option<&'a mut toml::Spanned<toml::de::DeValue<'i>>> {
    use toml::de::DeValue;
    let (Segment::Map { key }, rest) = path.split_first()? else {
        return None;
    };
    let mut value = root.get_mut(key.as_str())?;
    for segment in rest {
        value = match (segment, value.get_mut()) {
            (Segment::Map { key }, DeValue::Table(t)) => t.get_mut(key.as_str())?,
            (Segment::Seq { index }, DeValue::Array(a)) => a.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

fn table_at<'a, 'i>(
    root: &'a mut toml::de::DeTable<'i>,
    path: &[Segment],
) -> Option<&'a mut toml::de::DeTable<'i>> {
    if path.is_empty() {
        return Some(root);
    }
    match value_at(root, path)?.get_mut() {
        toml::de::DeValue::Table(t) => Some(t),
        _ => None,
    }
}

/// The top-level fields of `T`, as its "unknown field" error lists them.
fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    let probe = "folio-probe = 0";
    let Err(e) = toml::from_str::<T>(probe) else {
        return Vec::new();
    };
    expected_fields(e.message())
}

/// The fields an "unknown field" message says would be valid (serde and toml quote them in
/// backticks, serde-saphyr does not).
fn expected_fields(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once("expected ") else {
        return Vec::new();
    };
    let list = list.lines().next().unwrap_or("");
    let list = list.strip_prefix("one of ").unwrap_or(list);
    list.split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|f| f.trim().trim_matches('`').to_string())
        .filter(|f| !f.is_empty() && !f.contains(' '))
        .collect()
}

/// The header line of the table a top-level key is under, e.g. `[[talks]]` or `[links]`,
/// when the file has such a line.
fn header_of(text: &str, name: &str) -> Option<String> {
    [format!("[[{name}]]"), format!("[{name}]")]
        .into_iter()
        .find(|header| text.lines().any(|l| l.trim() == header))
}

/// A hint when a key was written after a `[table]` or `[[list]]` line but belongs to the
/// top level (TOML reads every key after such a line into that table), or the other way.
#[allow(clippy::too_many_arguments)]
fn wrong_table(
    diagnostic: Diagnostic,
    fix: &Fix,
    message: &str,
    root: &toml::de::DeTable<'_>,
    text: &str,
    offset: usize,
    source: &SourceFile,
    top_fields: &[String],
) -> Diagnostic {
    let (Some(table), Some(key)) = (fix.table(), fix.key()) else {
        return diagnostic;
    };
    // The top-level field meant: the key itself, or the one it is a misspelling of when
    // nothing in its table is close.
    let top: Vec<&str> = top_fields.iter().map(String::as_str).collect();
    let here = expected_fields(message);
    let here: Vec<&str> = here.iter().map(String::as_str).collect();
    let meant = match top.contains(&key) {
        true => Some(key),
        false if message.starts_with("unknown field") && closest(key, &here).is_none() => {
            closest(key, &top)
        }
        false => None,
    };
    if let Some(Segment::Map { key: outer }) = table.first()
        && let Some(meant) = meant
        && let Some(header) = header_of(text, outer)
    {
        let what = if header.starts_with("[[") {
            format!("the last `{header}` entry")
        } else {
            format!("`{header}`")
        };
        let which = match meant == key {
            true => format!("`{key}` is a field of the top level"),
            false => format!("did you mean `{meant}`? It is a field of the top level"),
        };
        return diagnostic.help(format!(
            "{which}, but it is written after `{header}`, and TOML reads every key after that \
             line as part of {what}: move `{meant} = ...` above the first line that starts with `[`"
        ));
    }
    // A required top-level key that is there, but under a table.
    if table.is_empty() && message.starts_with("missing field") {
        for (name, value) in root.iter() {
            let toml::de::DeValue::Table(inner) = value.get_ref() else {
                continue;
            };
            if let Some((written, _)) = inner.get_key_value(key)
                && let Some(header) = header_of(text, name.get_ref())
            {
                let span = written.span();
                let (line, _) = crate::diagnostic::line_column(&source.text, offset + span.start);
                return diagnostic.help(format!(
                    "`{key}` is written on line {line}, after `{header}`, and TOML reads every \
                     key after that line as part of `{header}`: move `{key} = ...` above it"
                ));
            }
        }
    }
    diagnostic
}

/// Whether a line after `[links]` has a quoted value that cannot be a link (no `.`, `/`,
/// `:` or `@`): a cheap look before parsing the file again for [`misplaced_in_links`].
fn suspicious_links(text: &str) -> bool {
    let Some(at) = text.find("[links]") else {
        return false;
    };
    text[at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| l.split_once('=').map(|(_, value)| value.trim()))
        .any(|value| value.starts_with('"') && !value.contains(['.', '/', ':', '@']))
}

/// Keys of `[links]` that are the profile's own fields and whose value is no link: written
/// after `[links]` by mistake (TOML reads every key after that line as a link).
fn misplaced_in_links<T: DeserializeOwned>(
    source: &SourceFile,
    text: &str,
    offset: usize,
) -> Vec<Diagnostic> {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let Some(toml::de::DeValue::Table(links)) = root.get_ref().get("links").map(|v| v.get_ref())
    else {
        return Vec::new();
    };
    let top = fields_of::<T>();
    let mut problems = Vec::new();
    for (key, value) in links.iter() {
        let toml::de::DeValue::String(written) = value.get_ref() else {
            continue;
        };
        let looks_like_a_link = written.contains(['.', '/', ':', '@']);
        if key.get_ref() == "links" || !top.iter().any(|f| f == key.get_ref()) || looks_like_a_link
        {
            continue;
        }
        let span = key.span();
        problems.push(
            Diagnostic::at(
                source,
                offset + span.start..offset + span.end,
                format!(
                    "`{}` is written under `[links]`, so it is read as a link to \"{written}\"",
                    key.get_ref()
                ),
            )
            .help(format!(
                "TOML reads every key after the `[links]` line as a link: move `{} = ...` above `[links]`",
                key.get_ref()
            )),
        );
    }
    problems
}

/// A TOML date written without quotes (`start = 2019-06-01`) is a TOML datetime, which
/// serde sees as a map: say to quote it.
fn native_date(
    diagnostic: Diagnostic,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    path: &[Segment],
) -> Diagnostic {
    if !diagnostic.message.contains("invalid type: table") || !diagnostic.message.contains("a date")
    {
        return diagnostic;
    }
    let Some(written) = span.and_then(|s| text.get(s)) else {
        return diagnostic;
    };
    let written = written.trim();
    if !written.starts_with(|c: char| c.is_ascii_digit()) {
        return diagnostic;
    }
    let date = written.get(..10).unwrap_or(written);
    let field = match path.last() {
        Some(Segment::Map { key }) => key.as_str(),
        _ => "date",
    };
    let mut diagnostic = diagnostic;
    let entry = diagnostic
        .message
        .rfind(" (in ")
        .map(|i| diagnostic.message[i..].to_string())
        .unwrap_or_default();
    diagnostic.message = format!("the date {written} is written without quotes{entry}");
    diagnostic.help(format!(
        "write dates as strings: {field} = \"{date}\" (YYYY, YYYY-MM or YYYY-MM-DD)"
    ))
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

/// Says which entry an error is in, puts serde's words for Rust types in the author's,
/// and adds the help line that the common messages call for.
fn explain(mut diagnostic: Diagnostic, path: Option<String>, format: Format) -> Diagnostic {
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
    if message.contains("untagged enum Skills") {
        diagnostic.message = "`skills` must be a list of skills, or named groups of them".into();
        return diagnostic.help(match format {
            Format::Toml => {
                "write skills = [\"Go\", \"Kubernetes\"], or groups: a `[skills]` table with \
                 languages = [\"Go\"] and platforms = [\"Kubernetes\"]"
            }
            Format::Yaml => {
                "write skills: [Go, Kubernetes], or groups: skills: { languages: [Go], \
                 platforms: [Kubernetes] }"
            }
        });
    }
    let plain = plain_words(&message);
    diagnostic.message = match &entry {
        Some(entry) => format!("{plain} (in {entry})"),
        None => plain,
    };
    if let Some(unknown) = between(&message, "unknown field `", "`") {
        let valid = expected_fields(&message);
        let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
        let list = valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        diagnostic.message = format!(
            "unknown field `{unknown}`{}",
            entry.map(|e| format!(" in {e}")).unwrap_or_default()
        );
        return match (closest(unknown, &valid), valid.is_empty()) {
            (_, true) => diagnostic.help("this table takes no fields"),
            (Some(best), false) => {
                diagnostic.help(format!("did you mean `{best}`? Valid fields here: {list}"))
            }
            (None, false) => diagnostic.help(format!("valid fields here: {list}")),
        };
    }
    if let Some(written) = between(&message, "invalid date \"", "\"") {
        return match suggest_date(written) {
            Some(Suggestion::Date(date)) => diagnostic.help(format!(
                "write \"{date}\": dates are YYYY, YYYY-MM or YYYY-MM-DD"
            )),
            Some(Suggestion::Ongoing) => diagnostic
                .help("leave `end` out for a role that goes on: it is shown as \"Present\""),
            None => diagnostic.help("write the date like \"2019\", \"2019-10\" or \"2019-10-24\""),
        };
    }
    if let Some(field) = between(&message, "missing field `", "`") {
        return diagnostic.help(format!("add `{field}`: it is required here"));
    }
    diagnostic
}

/// serde's names for Rust types, in the words of the file: a sequence is a list, a map a
/// table, `struct Role` a role.
fn plain_words(message: &str) -> String {
    let mut plain = message
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map", "invalid type: table")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a table");
    let tables = [
        (
            "struct Role",
            "a role (a table with employer, title and start)",
        ),
        (
            "struct TalkEntry",
            "a talk (a table with title, event and date)",
        ),
        (
            "struct Education",
            "an education entry (a table with institution)",
        ),
        ("struct Project", "a project (a table with name)"),
        ("struct Writing", "a piece of writing (a table with title)"),
        (
            "struct SpokenLanguage",
            "a language (a table with name and level)",
        ),
    ];
    for (rust, words) in tables {
        plain = plain.replace(rust, words);
    }
    // Any other `struct Name` (the settings, a file's front matter) is a table of fields.
    while let Some(at) = plain.find("struct ") {
        let name_end = plain[at + 7..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(plain.len(), |i| at + 7 + i);
        plain.replace_range(at..name_end, "a table of fields");
    }
    plain
}

/// What a date written some other way was meant to be.
#[derive(Debug, PartialEq, Eq)]
enum Suggestion {
    Date(String),
    /// "present", "now": a role that has not ended.
    Ongoing,
}

/// "March 2020" -> 2020-03, "Oct. 2019" -> 2019-10, "03/2020" -> 2020-03,
/// "1 March 2020" and "March 1, 2020" -> 2020-03-01, "2020/3" -> 2020-03.
fn suggest_date(written: &str) -> Option<Suggestion> {
    let lower = written.trim().to_lowercase();
    if ["present", "now", "current", "today", "ongoing"].contains(&lower.as_str()) {
        return Some(Suggestion::Ongoing);
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '.' | '-' | '_'))
        .filter(|w| !w.is_empty())
        .collect();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month_name = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(m) && (w.len() == 3 || w == "sept" || full_month(w)))
            .map(|i| i as u32 + 1)
    };
    let number = |w: &str| w.parse::<u32>().ok().filter(|_| w.len() <= 4);
    let year = |w: &str| number(w).filter(|_| w.len() == 4);
    let month = |w: &str| number(w).filter(|m| (1..=12).contains(m) && w.len() <= 2);
    let day = |w: &str| number(w).filter(|d| (1..=31).contains(d) && w.len() <= 2);
    let ym = |y: u32, m: u32| format!("{y:04}-{m:02}");
    let ymd = |y: u32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    let found = match words.as_slice() {
        [m, y] => match (month_name(m).or_else(|| month(m)), year(y)) {
            (Some(m), Some(y)) => Some(ym(y, m)),
            _ => match (year(m), month_name(y).or_else(|| month(y))) {
                (Some(y), Some(m)) => Some(ym(y, m)),
                _ => None,
            },
        },
        [a, b, c] => {
            if let (Some(d), Some(m), Some(y)) = (day(a), month_name(b), year(c)) {
                Some(ymd(y, m, d))
            } else if let (Some(m), Some(d), Some(y)) = (month_name(a), day(b), year(c)) {
                Some(ymd(y, m, d))
            } else if let (Some(y), Some(m), Some(d)) = (year(a), month(b), day(c)) {
                Some(ymd(y, m, d))
            } else {
                None
            }
        }
        _ => None,
    };
    found
        .filter(|date| crate::dates::Date::parse(date).is_some())
        .map(Suggestion::Date)
}

fn full_month(word: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    .contains(&word)
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
