//! Error messages a person can act on: the entry a problem is in, no Rust type names, what
//! would be valid ("did you mean", the date to write).

use super::*;
use crate::diagnostic::Diagnostic;

pub(super) fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

/// serde-saphyr appends "at line L column C" relative to the front matter; we report our own.
pub(super) fn strip_yaml_location(message: &str) -> String {
    let first = first_line(message);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first,
    }
}

/// Says which entry an error is in, puts serde's words for Rust types in the author's,
/// and adds the help line that the common messages call for.
pub(super) fn explain(
    mut diagnostic: Diagnostic,
    path: Option<String>,
    format: Format,
) -> Diagnostic {
    if let Some(breach) = diagnostic.message.strip_prefix("budget breached: ") {
        // serde-saphyr names the limit as a Rust value ("Nodes { nodes: 250001 }").
        let (message, help) = match breach.split([' ', '{']).next().unwrap_or("") {
            "Depth" => (
                too_deep_message(),
                "profiles need only a few levels".to_string(),
            ),
            "Nodes" | "Events" => (
                "the front matter has more values than folio reads in one file (250,000; \
                 an alias counts every value of the block it repeats, each time)"
                    .to_string(),
                "write each value out once: a long profile has a few thousand".to_string(),
            ),
            "Aliases" | "Anchors" => (
                "the front matter has more YAML anchors or aliases than folio reads in one \
                 file (50,000)"
                    .to_string(),
                "write the values out instead of repeating them with `&anchor` and `*alias`"
                    .to_string(),
            ),
            _ => (
                "the front matter is larger than folio reads in one file".to_string(),
                "profiles need a few thousand values at most, a few levels deep".to_string(),
            ),
        };
        diagnostic.message = message;
        return diagnostic.help(help);
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
    if message.contains(crate::config::POSITIVE) {
        return diagnostic.help("write a whole number without quotes, e.g. 50");
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
pub(super) enum Suggestion {
    Date(String),
    /// "present", "now": a role that has not ended.
    Ongoing,
}

/// "March 2020" -> 2020-03, "Oct. 2019" -> 2019-10, "03/2020" -> 2020-03,
/// "1 March 2020" and "March 1, 2020" -> 2020-03-01, "2020/3" -> 2020-03.
pub(super) fn suggest_date(written: &str) -> Option<Suggestion> {
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

pub(super) fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
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
