//! The reader of one JSON Resume file: each value read as the kind of field it goes to
//! (text, markdown, URL, date, list), pre-1.0 names taken for the new ones, and whatever
//! folio has no field for kept in `extra`; every change a warning at its place in the file.

use serde_json::{Map, Value};

use crate::content::Link;
use crate::diagnostic::{Diagnostic, SourceFile};

use super::dates::{self, Read};
use super::html;

/// Which end of a span a date is: "Present" is an end, never a start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phone {
    Keep,
    Drop,
}

pub(super) struct Reader<'a> {
    pub(super) source: &'a SourceFile,
    pub(super) phone: Phone,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) extra: Map<String, Value>,
}

/// Object keys pre-1.0 files used, and their names now.
const RENAMED: &[(&str, &str)] = &[
    ("picture", "image"),
    ("website", "url"),
    ("company", "name"),
    ("gpa", "score"),
];

impl<'a> Reader<'a> {
    pub(super) fn new(source: &'a SourceFile, phone: Phone) -> Self {
        Reader {
            source,
            phone,
            warnings: Vec::new(),
            extra: Map::new(),
        }
    }
}

impl Reader<'_> {
    /// Moves what `extra` keeps of the file's entry `from` ("work[3]") to the profile's
    /// entry `to` ("experience[2]"): entries skipped, split into talks or dropped before it
    /// would otherwise send it to another entry's place in resume.json.
    pub(super) fn kept_for(&mut self, from: &str, to: &str) {
        if from == to {
            return;
        }
        let prefix = format!("{from}.");
        for key in self.kept_last(&prefix) {
            if let Some(value) = self.extra.shift_remove(&key) {
                self.extra
                    .insert(format!("{to}.{}", &key[prefix.len()..]), value);
            }
        }
    }

    /// Keeps a whole entry that cannot be read (it has no name) in `extra`, with what was
    /// already kept of it: under its place in the file, which resume.json's entries never
    /// take, so that it goes to `meta.folio.extra` there, not onto another entry.
    pub(super) fn skip(&mut self, path: &str, mut entry: Map<String, Value>) {
        let prefix = format!("{path}.");
        for key in self.kept_last(&prefix) {
            if let Some(value) = self.extra.shift_remove(&key) {
                entry.insert(key[prefix.len()..].to_string(), value);
            }
        }
        if !entry.is_empty() {
            self.keep(path, Value::Object(entry));
        }
    }

    /// The keys `extra` holds under `prefix` (`work[3].`), in order. An entry's are the last
    /// ones kept, since each is kept while its entry is read: looking only there, not
    /// through every key kept before, keeps a file of 40,000 entries with an unknown field
    /// each from taking half a minute (the search was quadratic).
    fn kept_last(&self, prefix: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .extra
            .keys()
            .rev()
            .take_while(|k| k.starts_with(prefix))
            .cloned()
            .collect();
        keys.reverse();
        keys
    }

    pub(super) fn warn(&mut self, path: &str, needles: &[&str], message: String) {
        // Past what a report shows of one file, a warning is only counted: locating one
        // searches the file from its start, and a file of 100,000 unknown keys took minutes.
        if self.warnings.len() >= crate::diagnostic::MAX_SHOWN_PER_FILE {
            let at = Diagnostic::file(&self.source.path, format!("{path}: {message}"));
            self.warnings.push(at.warning());
            return;
        }
        let mut quoted: Vec<String> = Vec::new();
        for part in path.split('.') {
            let key = part.split('[').next().unwrap_or(part);
            quoted.push(format!("\"{key}\""));
        }
        quoted.extend(needles.iter().map(|n| n.to_string()));
        let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
        self.warnings
            .push(Diagnostic::near(self.source, &refs, format!("{path}: {message}")).warning());
    }

    /// Keeps a value folio has no field for in `extra`, by its path.
    pub(super) fn keep(&mut self, path: &str, value: Value) {
        if value.is_null() {
            return;
        }
        self.warn(
            path,
            &[],
            "folio has no field for it: kept in the profile's `extra`, and in its resume.json"
                .into(),
        );
        self.extra.insert(path.to_string(), value);
    }

    /// Keeps a value folio shows otherwise in `extra`, without a warning: nothing is lost.
    pub(super) fn keep_as_is(&mut self, path: &str, value: Value) {
        self.extra.insert(path.to_string(), value);
    }

    /// The value of `key` in `object`, also under its pre-1.0 name, which is then a warning.
    pub(super) fn take(&mut self, object: &mut Map<String, Value>, key: &str, path: &str) -> Value {
        let current = object.remove(key).filter(|v| !v.is_null());
        for (old, new) in RENAMED.iter().filter(|(_, new)| *new == key) {
            if let Some(value) = object.remove(*old) {
                match &current {
                    Some(now) if *now == value => {}
                    Some(_) => self.keep(&format!("{path}.{old}"), value),
                    None if value.is_null() => {}
                    None => {
                        self.warn(
                            &format!("{path}.{old}"),
                            &[],
                            format!("the pre-1.0 field `{old}` read as `{new}`"),
                        );
                        return value;
                    }
                }
            }
        }
        current.unwrap_or(Value::Null)
    }

    /// A plain-text field: HTML made text, numbers written out.
    pub(super) fn text(&mut self, value: Value, path: &str) -> Option<String> {
        let text = match value {
            Value::Null => return None,
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                self.keep(path, other);
                return None;
            }
        };
        let text = if html::has_markup(&text) {
            let mut notes = html::Notes::default();
            let plain = html::text(&text, &mut notes);
            self.warn(path, &[], format!("HTML made plain text: \"{plain}\""));
            plain
        } else {
            text.trim().to_string()
        };
        (!text.is_empty()).then_some(text)
    }

    /// A markdown field: HTML made markdown; markdown as written.
    pub(super) fn markdown(&mut self, value: Value, path: &str) -> Option<String> {
        match value {
            Value::String(s) if html::has_markup(&s) => {
                let mut notes = html::Notes::default();
                let md = html::markdown(&s, &mut notes);
                self.warn(path, &[], "HTML made markdown".into());
                for note in notes.0 {
                    self.warn(path, &[], note);
                }
                (!md.is_empty()).then_some(md)
            }
            Value::String(s) => {
                let mut notes = html::Notes::default();
                let md = html::external_links_only(s.trim(), &mut notes);
                for note in notes.0 {
                    self.warn(path, &[], note);
                }
                (!md.is_empty()).then_some(md)
            }
            other => self.text(other, path),
        }
    }

    pub(super) fn url(&mut self, value: Value, path: &str) -> Option<String> {
        let text = self.text(value.clone(), path)?;
        match Link::parse(&text) {
            Ok(link) if link.is_external() => Some(link.0),
            Ok(_) => {
                self.warn(
                    path,
                    &[],
                    format!("\"{text}\" is no full URL (https://...): dropped"),
                );
                None
            }
            Err(why) => {
                self.warn(path, &[], format!("{why}: dropped"));
                None
            }
        }
    }

    pub(super) fn date(&mut self, value: Value, path: &str, edge: Edge) -> Option<String> {
        let text = match &value {
            Value::Number(n) => n.to_string(),
            _ => self.text(value, path)?,
        };
        match dates::read(&text) {
            Read::Empty => None,
            Read::Ongoing if edge == Edge::End => {
                self.warn(
                    path,
                    &[],
                    format!("\"{text}\" read as ongoing: no end date"),
                );
                None
            }
            Read::Ongoing => {
                self.warn(path, &[], format!("\"{text}\" is no start date: dropped"));
                None
            }
            Read::Date(date, note) => {
                if let Some(note) = note {
                    self.warn(path, &[], note);
                }
                Some(date.to_string())
            }
            Read::Invalid(why) => {
                self.warn(path, &[], format!("{why}: dropped"));
                None
            }
        }
    }

    /// A list: an array, or one value where a list was expected (a warning).
    pub(super) fn list(&mut self, value: Value, path: &str) -> Vec<Value> {
        match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items.into_iter().filter(|v| !v.is_null()).collect(),
            other => {
                self.warn(
                    path,
                    &[],
                    "one value where a list belongs: read as a list of one".into(),
                );
                vec![other]
            }
        }
    }

    /// A list of strings; one string "A, B" is split at its commas.
    pub(super) fn strings(&mut self, value: Value, path: &str) -> Vec<String> {
        if let Value::String(s) = &value
            && s.contains(',')
        {
            self.warn(
                path,
                &[],
                "a comma-separated text where a list belongs: split at the commas".into(),
            );
            return s
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
        }
        let items = self.list(value, path);
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, v)| self.text(v, &format!("{path}[{i}]")))
            .collect()
    }

    /// An object; a plain string stands for `{key: string}` (a warning).
    pub(super) fn object(
        &mut self,
        value: Value,
        path: &str,
        key: &str,
    ) -> Option<Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            Value::String(s) => {
                self.warn(
                    path,
                    &[],
                    format!("a text where an entry belongs: read as its `{key}`"),
                );
                Some(Map::from_iter([(key.to_string(), Value::String(s))]))
            }
            Value::Null => None,
            other => {
                self.keep(path, other);
                None
            }
        }
    }

    /// Whatever is left of an object: kept in `extra`.
    pub(super) fn rest(&mut self, object: Map<String, Value>, path: &str) {
        for (key, value) in object {
            self.keep(&format!("{path}.{key}"), value);
        }
    }
}

/// Inserts `value` under `key` unless it is empty.
pub(super) fn set(map: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    let value = value.into();
    let empty = match &value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if !empty {
        map.insert(key.to_string(), value);
    }
}

/// "- a\n- b": highlights as one markdown list.
pub(super) fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("- {}", i.replace('\n', "\n  ")))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Reader<'_> {
    /// Highlights: strings, each markdown (HTML made markdown).
    pub(super) fn strings_md(&mut self, value: Value, path: &str) -> Vec<String> {
        let items = self.list(value, path);
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, v)| self.markdown(v, &format!("{path}[{i}]")))
            .collect()
    }
}
