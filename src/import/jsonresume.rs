//! A JSON Resume document read into a profile's fields: each section of the schema to its
//! field, pre-1.0 names renamed, dates and HTML normalised, anything else kept in `extra`;
//! every change is a warning at its place in the file.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::place::{Place, country_name};

use super::reader::{Phone, Reader, set};
use super::work::Section;
use super::{html, projects, sections, work};

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

/// Reads a JSON Resume document. Fails only without `basics.name`.
pub fn read(document: Value, source: &SourceFile, wanted: &Wanted) -> Result<Profile, Diagnostic> {
    let mut r = Reader::new(source, wanted.phone);
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
    let sections = schema_sections(&mut r, top);
    read_sections(&mut r, sections, &mut front);
    let extra = std::mem::take(&mut r.extra);
    set(&mut front, "extra", extra);
    Ok(Profile {
        name,
        front,
        body,
        warnings: r.warnings,
    })
}

/// The sections of the schema, by name; `meta`'s own keys and `$schema` dropped (folio
/// writes its own), anything else kept in `extra`.
fn schema_sections(r: &mut Reader, top: Map<String, Value>) -> Map<String, Value> {
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
    sections
}

/// Each section into its profile field, in the order a profile is written.
fn read_sections(r: &mut Reader, mut sections: Map<String, Value>, front: &mut Map<String, Value>) {
    let mut take = |k: &str| sections.remove(k).unwrap_or(Value::Null);
    let (work, volunteer, education) = (take("work"), take("volunteer"), take("education"));
    let (awards, certificates, publications) =
        (take("awards"), take("certificates"), take("publications"));
    let (skills, languages, interests) = (take("skills"), take("languages"), take("interests"));
    let (references, projects) = (take("references"), take("projects"));
    sections::skills(r, skills, front);
    sections::languages(r, languages, front);
    sections::interests(r, interests, front);
    if let Some(links) = front.remove("links") {
        front.insert("links".into(), links);
    }
    set(front, "experience", work::read(r, work, Section::Work));
    set(
        front,
        "volunteer",
        work::read(r, volunteer, Section::Volunteer),
    );
    let (projects, talks) = projects::read(r, projects);
    set(front, "talks", talks);
    set(front, "education", sections::education(r, education));
    set(front, "awards", sections::awards(r, awards));
    set(
        front,
        "certificates",
        sections::certificates(r, certificates),
    );
    set(front, "projects", projects);
    set(front, "writing", sections::publications(r, publications));
    set(front, "references", sections::references(r, references));
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
    // What folio wrote is taken as written only without markup: anyone can edit a `folio`
    // object, and raw HTML never reaches a profile from an import.
    let original = |key: &str| {
        originals
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !html::has_markup(s))
    };
    if let Some(summary) = original("summary") {
        set(front, "summary", summary);
    }
    let email = r.take(&mut b, "email", "basics");
    match r.text(email, "basics.email") {
        Some(email) if !crate::content::is_one_address(&email) => r.warn(
            "basics.email",
            &[],
            "not imported: it is not one email address (it goes into the vCard as written)".into(),
        ),
        email => set(front, "email", email),
    }
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
    let written = original("bio").filter(|_| {
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
    let mut links = sections::profiles(r, profiles);
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
