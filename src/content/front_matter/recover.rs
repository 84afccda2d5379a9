//! Every problem in a TOML file, not only the first: an erroneous key is taken out of the
//! way (removed, or given a stand-in value) and the file parsed again.

use super::explain::*;
use crate::diagnostic::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;

pub(super) type Segment = serde_path_to_error::Segment;

/// What takes an erroneous key out of the way, so that parsing again finds the next problem.
pub(super) enum Fix {
    /// An unknown key: remove it from the table at the path.
    Remove(Vec<Segment>, String),
    /// A missing key: put a stand-in value in the table at the path.
    Insert(Vec<Segment>, String),
    /// A value of the wrong form: put a stand-in in its place.
    Replace(Vec<Segment>),
    None,
}

impl Fix {
    pub(super) fn for_error(path: &[Segment], message: &str) -> Fix {
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
    pub(super) fn apply(&self, root: &mut toml::de::DeTable<'_>, attempt: usize) -> bool {
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
pub(super) fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    let probe = "folio-probe = 0";
    let Err(e) = toml::from_str::<T>(probe) else {
        return Vec::new();
    };
    expected_fields(e.message())
}

/// The fields an "unknown field" message says would be valid (serde and toml quote them in
/// backticks, serde-saphyr does not).
pub(super) fn expected_fields(message: &str) -> Vec<String> {
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
pub(super) fn wrong_table(
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
                let (line, _) = source.line_column(offset + span.start);
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
pub(super) fn suspicious_links(text: &str) -> bool {
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
pub(super) fn misplaced_in_links<T: DeserializeOwned>(
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
pub(super) fn native_date(
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
