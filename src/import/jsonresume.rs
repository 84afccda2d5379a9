//! A JSON Resume document read into a profile's fields: each section of the schema to its
//! field, pre-1.0 names renamed, dates and HTML normalised, anything else kept in `extra`;
//! every change is a warning at its place in the file.

use serde_json::{Map, Value};

use crate::content::Link;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::place::{Place, country_name};
use crate::publish::resume_text::{TalkText, as_written, role_text};

use super::dates::{self, Read};
use super::html;

/// A profile read from a file: its front matter (in order) and its bio.
pub struct Profile {
    pub name: String,
    pub front: Map<String, Value>,
    pub body: String,
    pub warnings: Vec<Diagnostic>,
}

/// What the reader may take from the file.
pub struct Wanted {
    /// `basics.phone` is published on the page and in the vCard: only when asked.
    pub phone: Phone,
}

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
    source: &'a SourceFile,
    phone: Phone,
    warnings: Vec<Diagnostic>,
    extra: Map<String, Value>,
}

/// Object keys pre-1.0 files used, and their names now.
const RENAMED: &[(&str, &str)] = &[
    ("picture", "image"),
    ("website", "url"),
    ("company", "name"),
    ("gpa", "score"),
];

impl Reader<'_> {
    pub(super) fn warn(&mut self, path: &str, needles: &[&str], message: String) {
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
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
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

/// Reads a JSON Resume document. Fails only without `basics.name`.
pub fn read(document: Value, source: &SourceFile, wanted: &Wanted) -> Result<Profile, Diagnostic> {
    let mut r = Reader {
        source,
        phone: wanted.phone,
        warnings: Vec::new(),
        extra: Map::new(),
    };
    // The page of the site that wrote the file, when folio did: `meta.canonical` without
    // "resume.json".
    let page = document
        .pointer("/meta/canonical")
        .and_then(Value::as_str)
        .and_then(|c| c.strip_suffix("resume.json"))
        .map(String::from);
    let Value::Object(mut top) = document else {
        return Err(Diagnostic::file(
            &source.path,
            "this is no JSON Resume: the file holds no JSON object",
        )
        .help("a JSON Resume file is an object with `basics`, `work`, `education`..."));
    };
    let mut front = Map::new();
    let basics = top.remove("basics").unwrap_or(Value::Null);
    let mut basics = r.object(basics, "basics", "name").unwrap_or_default();
    let name = r.take(&mut basics, "name", "basics");
    let Some(name) = r.text(name, "basics.name") else {
        return Err(Diagnostic::near(
            source,
            &["\"basics\""],
            "basics.name is missing: a profile needs the person's name",
        )
        .help("add \"name\": \"Full Name\" to `basics`"));
    };
    set(&mut front, "name", name.clone());
    let body = read_basics(&mut r, basics, &mut front, page.as_ref());
    let mut sections = Map::new();
    for (key, value) in top {
        match key.as_str() {
            "$schema" => {}
            "meta" => {
                if let Value::Object(meta) = value {
                    for (k, v) in meta {
                        if !matches!(k.as_str(), "canonical" | "version" | "lastModified") {
                            r.keep(&format!("meta.{k}"), v);
                        }
                    }
                }
            }
            "work" | "volunteer" | "education" | "awards" | "certificates" | "publications"
            | "skills" | "languages" | "interests" | "references" | "projects" => {
                sections.insert(key, value);
            }
            _ => r.keep(&key, value),
        }
    }
    let mut take = |k: &str| sections.remove(k).unwrap_or(Value::Null);
    let (work, volunteer, education) = (take("work"), take("volunteer"), take("education"));
    let (awards, certificates, publications) =
        (take("awards"), take("certificates"), take("publications"));
    let (skills, languages, interests) = (take("skills"), take("languages"), take("interests"));
    let (references, projects) = (take("references"), take("projects"));
    super::sections::skills(&mut r, skills, &mut front);
    super::sections::languages(&mut r, languages, &mut front);
    super::sections::interests(&mut r, interests, &mut front);
    if let Some(links) = front.remove("links") {
        front.insert("links".into(), links);
    }
    set(&mut front, "experience", read_work(&mut r, work, "work"));
    set(
        &mut front,
        "volunteer",
        read_work(&mut r, volunteer, "volunteer"),
    );
    let (projects, talks) = read_projects(&mut r, projects);
    set(&mut front, "talks", talks);
    set(
        &mut front,
        "education",
        super::sections::education(&mut r, education),
    );
    set(
        &mut front,
        "awards",
        super::sections::awards(&mut r, awards),
    );
    set(
        &mut front,
        "certificates",
        super::sections::certificates(&mut r, certificates),
    );
    set(&mut front, "projects", projects);
    set(
        &mut front,
        "writing",
        super::sections::publications(&mut r, publications),
    );
    set(
        &mut front,
        "references",
        super::sections::references(&mut r, references),
    );
    let extra = std::mem::take(&mut r.extra);
    set(&mut front, "extra", extra);
    Ok(Profile {
        name,
        front,
        body,
        warnings: r.warnings,
    })
}

/// `basics` into the profile's top fields; returns the bio.
fn read_basics(
    r: &mut Reader,
    mut b: Map<String, Value>,
    front: &mut Map<String, Value>,
    page: Option<&String>,
) -> String {
    let originals = b
        .remove("folio")
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let label = r.take(&mut b, "label", "basics");
    set(front, "headline", r.text(label, "basics.label"));
    let location = b.remove("location").unwrap_or(Value::Null);
    set(
        front,
        "location",
        read_location(r, location, originals.get("location")),
    );
    let image = r.take(&mut b, "image", "basics");
    set(front, "avatar", r.url(image, "basics.image"));
    if let Some(summary) = originals.get("summary").and_then(Value::as_str) {
        set(front, "summary", summary);
    }
    let email = r.take(&mut b, "email", "basics");
    set(front, "email", r.text(email, "basics.email"));
    let phone = r.take(&mut b, "phone", "basics");
    match r.phone {
        Phone::Keep => set(front, "phone", r.text(phone, "basics.phone")),
        Phone::Drop if !phone.is_null() => r.warn(
            "basics.phone",
            &[],
            "not imported: it would be published; pass --with-phone to keep it".into(),
        ),
        Phone::Drop => {}
    }
    let url = r.take(&mut b, "url", "basics");
    let url = r.url(url, "basics.url");
    let summary = b.remove("summary").unwrap_or(Value::Null);
    // folio's own export: the bio as written, while the summary is the one it wrote.
    let written = originals.get("bio").and_then(Value::as_str).filter(|_| {
        let print = summary
            .as_str()
            .map(|s| format!("{:016x}", crate::hashing::Hashing::new().text(s).finish()));
        print.as_deref() == originals.get("summary_print").and_then(Value::as_str)
    });
    let body = match written {
        Some(bio) => bio.to_string(),
        None => r.markdown(summary, "basics.summary").unwrap_or_default(),
    };
    let profiles = b.remove("profiles").unwrap_or(Value::Null);
    let mut links = super::sections::profiles(r, profiles);
    // The person's own website, unless a profile is it already (folio's own export lists it
    // as both), or it is the page of the site that wrote the file.
    if let Some(url) = url.filter(|u| !links.values().any(|l| l == u) && Some(u) != page) {
        links.insert("website".into(), Value::String(url));
    }
    set(front, "links", Value::Object(links));
    r.rest(b, "basics");
    body
}

fn read_location(r: &mut Reader, value: Value, original: Option<&Value>) -> Option<String> {
    let mut map = match value {
        Value::String(s) => return r.text(Value::String(s), "basics.location"),
        Value::Object(map) => map,
        _ => return None,
    };
    let mut part = |r: &mut Reader, key: &str| {
        let v = map.remove(key).unwrap_or(Value::Null);
        r.text(v, &format!("basics.location.{key}"))
    };
    let city = part(r, "city");
    let region = part(r, "region").or_else(|| part(r, "state"));
    let code = part(r, "countryCode");
    let address = part(r, "address");
    let postal = part(r, "postalCode");
    let country: Option<&'static str> = code.as_deref().and_then(|c| {
        let upper = c.to_ascii_uppercase();
        celes::Country::from_alpha2(&upper).ok().map(|c| c.alpha2)
    });
    let place = Place {
        city: city.clone(),
        region: region.clone(),
        country,
    };
    r.rest(map, "basics.location");
    if let Some(text) = original.and_then(Value::as_str)
        && Place::parse(text) == place
    {
        return Some(text.to_string());
    }
    let mut text = place.text();
    if country.is_none()
        && let Some(code) = code
    {
        text = [text, country_name(&code)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    }
    if address.is_some() || postal.is_some() {
        r.warn(
            "basics.location.address",
            &[],
            "the street address and postal code are not imported: a profile is public".into(),
        );
    }
    (!text.is_empty()).then_some(text)
}

/// `work` (or `volunteer`) entries as roles.
fn read_work(r: &mut Reader, value: Value, section: &str) -> Vec<Value> {
    let volunteer = section == "volunteer";
    let items = r.list(value, section);
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("{section}[{i}]");
        let Some(mut w) = r.object(item, &path, "name") else {
            continue;
        };
        let originals = w
            .remove("folio")
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let mut role = Map::new();
        let name = if volunteer {
            r.take(&mut w, "organization", &path)
        } else {
            r.take(&mut w, "name", &path)
        };
        let Some(name) = r.text(name, &format!("{path}.name")) else {
            let mut all = w;
            all.insert("folio".into(), Value::Object(originals));
            r.keep(&path, Value::Object(all));
            continue;
        };
        set(
            &mut role,
            if volunteer {
                "organization"
            } else {
                "employer"
            },
            name,
        );
        let position = r.take(&mut w, "position", &path);
        set(
            &mut role,
            "title",
            r.text(position, &format!("{path}.position")),
        );
        let start = r.take(&mut w, "startDate", &path);
        set(
            &mut role,
            "start",
            r.date(start, &format!("{path}.startDate"), Edge::Start),
        );
        let end = r.take(&mut w, "endDate", &path);
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
        let technologies = match w.remove("keywords") {
            Some(k) => r.strings(k, &format!("{path}.keywords")),
            None => Vec::new(),
        };
        let summary = w.remove("summary").unwrap_or(Value::Null);
        let summary = r.markdown(summary, &format!("{path}.summary"));
        let highlights = w.remove("highlights").unwrap_or(Value::Null);
        let highlights = r.strings_md(highlights, &format!("{path}.highlights"));
        // What folio wrote, if the visible fields still say what it derived from them.
        let team = originals.get("team").and_then(Value::as_str);
        let original = originals.get("highlights").and_then(Value::as_str);
        let derived = role_text(
            original,
            team,
            if volunteer { &[] } else { &technologies },
            &as_written,
        );
        let unchanged = !originals.is_empty()
            && derived == (summary.clone().unwrap_or_default(), highlights.clone());
        if unchanged {
            set(&mut role, "team", team);
            set(&mut role, "highlights", original);
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
            set(&mut role, "highlights", text);
        }
        if !volunteer {
            set(&mut role, "technologies", technologies);
        }
        let url = r.take(&mut w, "url", &path);
        let url = r.url(url, &format!("{path}.url"));
        let from_employer = originals
            .get("employer_website")
            .is_some_and(|v| v == &Value::Bool(true))
            && unchanged;
        if !from_employer {
            set(&mut role, "url", url);
        }
        if let Some(team) = w.remove("team").filter(|_| !volunteer) {
            set(&mut role, "team", r.text(team, &format!("{path}.team")));
        }
        r.rest(w, &path);
        out.push(Value::Object(role));
    }
    out
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

/// `projects` as projects, and talks (`type` talk, presentation or conference, or a
/// "Speaker" role) as talks.
fn read_projects(r: &mut Reader, value: Value) -> (Vec<Value>, Vec<Value>) {
    let (mut projects, mut talks) = (Vec::new(), Vec::new());
    for (i, item) in r.list(value, "projects").into_iter().enumerate() {
        let path = format!("projects[{i}]");
        let Some(mut p) = r.object(item, &path, "name") else {
            continue;
        };
        let kind = p
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let roles = p.remove("roles").unwrap_or(Value::Null);
        let roles = r.strings(roles, &format!("{path}.roles"));
        let is_talk = ["talk", "presentation", "conference"].contains(&kind.as_str())
            || roles
                .iter()
                .any(|role| role.eq_ignore_ascii_case("speaker"));
        let name = p.remove("name").unwrap_or(Value::Null);
        let Some(name) = r.text(name, &format!("{path}.name")) else {
            r.keep(&path, Value::Object(p));
            continue;
        };
        let start = p.remove("startDate").unwrap_or(Value::Null);
        let start = r.date(start, &format!("{path}.startDate"), Edge::Start);
        let end = p.remove("endDate").unwrap_or(Value::Null);
        let end = r.date(end, &format!("{path}.endDate"), Edge::End);
        let entity = p.remove("entity").unwrap_or(Value::Null);
        let entity = r.text(entity, &format!("{path}.entity"));
        let url = p.remove("url").unwrap_or(Value::Null);
        let url = r.url(url, &format!("{path}.url"));
        let description = p.remove("description").unwrap_or(Value::Null);
        let description = r.markdown(description, &format!("{path}.description"));
        let highlights = p.remove("highlights").unwrap_or(Value::Null);
        let highlights = r.strings_md(highlights, &format!("{path}.highlights"));
        if is_talk && entity.is_some() && start.is_some() {
            p.remove("type");
            let talk = read_talk(
                r,
                &path,
                p,
                (name, entity, start, end, url),
                description,
                highlights,
            );
            talks.push(talk);
            continue;
        }
        let mut project = Map::new();
        set(&mut project, "name", name);
        set(&mut project, "url", url);
        set(&mut project, "role", roles.join(", "));
        set(&mut project, "start", start);
        set(&mut project, "end", end);
        set(&mut project, "description", description);
        set(&mut project, "highlights", bullets(&highlights));
        let keywords = p.remove("keywords").unwrap_or(Value::Null);
        set(
            &mut project,
            "keywords",
            r.strings(keywords, &format!("{path}.keywords")),
        );
        set(&mut project, "entity", entity);
        let kind = p.remove("type").unwrap_or(Value::Null);
        set(&mut project, "type", r.text(kind, &format!("{path}.type")));
        r.rest(p, &path);
        projects.push(Value::Object(project));
    }
    (projects, talks)
}

type Visible = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn read_talk(
    r: &mut Reader,
    path: &str,
    mut p: Map<String, Value>,
    visible: Visible,
    description: Option<String>,
    highlights: Vec<String>,
) -> Value {
    let (name, entity, start, end, url) = visible;
    let event = entity.unwrap_or_default();
    let originals = p
        .remove("folio")
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let text = |k: &str| originals.get(k).and_then(Value::as_str).map(String::from);
    let with: Vec<String> = originals
        .get("with")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let (location, abstract_, own_url, slides, video) = (
        text("location"),
        text("abstract"),
        text("url"),
        text("slides"),
        text("video"),
    );
    let derived = TalkText {
        event: &event,
        location: location.as_deref(),
        with: &with,
        abstract_: abstract_.as_deref(),
        slides: slides.as_deref(),
        video: video.as_deref(),
    };
    let shown_url = own_url.clone().or(slides.clone()).or(video.clone());
    let unchanged = !originals.is_empty()
        && description.as_deref() == Some(derived.description(&as_written).as_str())
        && highlights == derived.highlights()
        && (shown_url.is_none() || shown_url == url);
    let mut talk = Map::new();
    set(&mut talk, "title", name);
    set(&mut talk, "event", event);
    set(&mut talk, "date", start.clone());
    if end.is_some() && end != start {
        r.warn(
            &format!("{path}.endDate"),
            &[],
            "a talk has one date: the end date is dropped".into(),
        );
    }
    if unchanged {
        set(&mut talk, "location", location);
        set(&mut talk, "url", own_url);
        set(&mut talk, "slides", slides);
        set(&mut talk, "video", video);
        set(&mut talk, "with", with);
        set(&mut talk, "abstract", abstract_);
    } else {
        if !originals.is_empty() {
            r.warn(
                &format!("{path}.description"),
                &[],
                "changed since folio wrote it: read as it is now".into(),
            );
        }
        set(&mut talk, "url", url);
        let text = [description.unwrap_or_default(), bullets(&highlights)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        set(&mut talk, "abstract", text);
    }
    p.remove("keywords")
        .into_iter()
        .for_each(|k| r.keep(&format!("{path}.keywords"), k));
    r.rest(p, path);
    Value::Object(talk)
}
