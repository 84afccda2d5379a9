//! `work` and `volunteer` entries as roles: what folio's own export derived from a role
//! (its team, markdown highlights, technologies) taken back while the visible fields still
//! say the same, else the visible fields as they are.

use serde_json::{Map, Value};

use crate::publish::resume_text::{as_written, role_text};

use super::reader::{Edge, Reader, bullets, set};

/// Which of the two sections of roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Work,
    Volunteer,
}

impl Section {
    /// Its name in the file, its field in the profile, and the key naming the entry's
    /// organisation there.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Section::Work => ("work", "experience", "employer"),
            Section::Volunteer => ("volunteer", "volunteer", "organization"),
        }
    }
}

/// The entries of `work` (or `volunteer`) as roles.
pub(super) fn read(r: &mut Reader, value: Value, section: Section) -> Vec<Value> {
    let (name, field, _) = section.names();
    let items = r.list(value, name);
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("{name}[{i}]");
        let Some(entry) = r.object(item, &path, "name") else {
            continue;
        };
        if let Some(role) = role(r, entry, &path, section) {
            r.kept_for(&path, &format!("{field}[{}]", out.len()));
            out.push(Value::Object(role));
        }
    }
    out
}

/// One entry as a role; an entry without a name is kept whole in `extra`.
fn role(
    r: &mut Reader,
    mut w: Map<String, Value>,
    path: &str,
    section: Section,
) -> Option<Map<String, Value>> {
    let originals = w
        .remove("folio")
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let (_, _, organization) = section.names();
    let name = match section {
        Section::Work => r.take(&mut w, "name", path),
        Section::Volunteer => r.take(&mut w, "organization", path),
    };
    let Some(name) = r.text(name, &format!("{path}.name")) else {
        w.insert("folio".into(), Value::Object(originals));
        r.skip(path, w);
        return None;
    };
    let mut role = Map::new();
    set(&mut role, organization, name);
    let position = r.take(&mut w, "position", path);
    set(
        &mut role,
        "title",
        r.text(position, &format!("{path}.position")),
    );
    let start = r.take(&mut w, "startDate", path);
    set(
        &mut role,
        "start",
        r.date(start, &format!("{path}.startDate"), Edge::Start),
    );
    let end = r.take(&mut w, "endDate", path);
    set(
        &mut role,
        "end",
        r.date(end, &format!("{path}.endDate"), Edge::End),
    );
    let location = w.remove("location").unwrap_or(Value::Null);
    set(
        &mut role,
        "location",
        r.text(location, &format!("{path}.location")),
    );
    let unchanged = text_back(r, &mut w, path, section, &originals, &mut role);
    let url = r.take(&mut w, "url", path);
    let url = r.url(url, &format!("{path}.url"));
    let from_employer = originals
        .get("employer_website")
        .is_some_and(|v| v == &Value::Bool(true))
        && unchanged;
    if !from_employer {
        set(&mut role, "url", url);
    }
    if let Some(team) = w.remove("team").filter(|_| section == Section::Work) {
        set(&mut role, "team", r.text(team, &format!("{path}.team")));
    }
    r.rest(w, path);
    Some(role)
}

/// A role's team, highlights and technologies from `summary`, `highlights` and `keywords`:
/// what folio wrote (`originals`) if those still say what it derived from it, else the two
/// texts joined. Returns whether folio's originals were taken.
fn text_back(
    r: &mut Reader,
    w: &mut Map<String, Value>,
    path: &str,
    section: Section,
    originals: &Map<String, Value>,
    role: &mut Map<String, Value>,
) -> bool {
    let technologies = match w.remove("keywords") {
        Some(k) => r.strings(k, &format!("{path}.keywords")),
        None => Vec::new(),
    };
    let summary = w.remove("summary").unwrap_or(Value::Null);
    let summary = r.markdown(summary, &format!("{path}.summary"));
    let highlights = w.remove("highlights").unwrap_or(Value::Null);
    let highlights = r.strings_md(highlights, &format!("{path}.highlights"));
    let team = originals.get("team").and_then(Value::as_str);
    let original = originals.get("highlights").and_then(Value::as_str);
    let shown: &[String] = match section {
        Section::Work => &technologies,
        Section::Volunteer => &[],
    };
    let derived = role_text(original, team, shown, &as_written);
    let unchanged = !originals.is_empty()
        && derived == (summary.clone().unwrap_or_default(), highlights.clone());
    if unchanged {
        set(role, "team", team);
        set(role, "highlights", original);
    } else {
        if !originals.is_empty() {
            r.warn(
                &format!("{path}.summary"),
                &[],
                "changed since folio wrote it: read as it is now".into(),
            );
        }
        let text = [summary.unwrap_or_default(), bullets(&highlights)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        set(role, "highlights", text);
    }
    if section == Section::Work {
        set(role, "technologies", technologies);
    }
    unchanged
}
