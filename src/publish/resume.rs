//! `/people/<slug>/resume.json`: a profile as a JSON Resume document
//! (<https://jsonresume.org/schema>, v1.2.1), written so that the themes people render it
//! with (even, stackoverflow, elegant) show everything the person page shows, and so that
//! `folio import jsonresume` gives the profile back.
//!
//! Each entry holds the schema's fields, which themes show, and, where those cannot hold a
//! profile's field exactly (a role's team and markdown highlights, a talk's co-speakers), a
//! `folio` object with the field as written; themes ignore it.

use serde_json::{Map, Value, json};

use crate::content::{PersonFront, Role, TalkEntry};
use crate::json::prune;
use crate::place::Place;
use crate::site::{Site, SitePerson};

use super::resume_text::{Links, TalkText, clean, list_items, role_text};

pub const SCHEMA: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.2.1/schema.json";
pub const VERSION: &str = "v1.2.1";

/// Link keys whose URL ends in the user name on that network.
const NETWORKS: &[&str] = &[
    "github",
    "gitlab",
    "linkedin",
    "twitter",
    "x",
    "mastodon",
    "bluesky",
    "codeberg",
    "stackoverflow",
    "youtube",
];

/// A place as JSON Resume's `location`: city, region and country code where recognised.
pub fn location(text: &str) -> Value {
    let place = Place::parse(text);
    json!({ "city": place.city, "region": place.region, "countryCode": place.country })
}

/// The last path segment of a profile URL: github.com/ada -> "ada".
fn last_segment(url: &str) -> Option<&str> {
    let path = url.split_once("://")?.1.split_once('/')?.1;
    path.split(['?', '#'])
        .next()?
        .split('/')
        .rfind(|s| !s.is_empty())
}

/// What a theme shows for a link: the user name on a known network, else the URL without
/// its scheme (stackoverflow shows an empty link without one).
pub fn username(key: &str, url: &str) -> String {
    let known = NETWORKS.contains(&key.to_lowercase().as_str());
    match last_segment(url).filter(|_| known) {
        Some(name) => name.trim_start_matches('@').to_string(),
        None => {
            let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
            bare.trim_end_matches('/').to_string()
        }
    }
}

/// A skill group's key made readable: "cloud_platforms" -> "Cloud platforms".
pub fn readable(key: &str) -> String {
    crate::content::link_label(key)
}

/// The key a link's network name stands for: "GitHub" -> "github", "Personal site" ->
/// "personal_site".
pub fn link_key(network: &str) -> String {
    network.trim().to_lowercase().replace([' ', '-'], "_")
}

fn date(d: Option<crate::dates::Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// `entry` with a `folio` object of the originals, when there are any.
fn with_originals(mut entry: Value, originals: Value) -> Value {
    let originals = prune(originals);
    if originals.as_object().is_some_and(|o| !o.is_empty()) {
        entry["folio"] = originals;
    }
    entry
}

/// `entry` with its `folio` object always: even with no originals to keep, it says that
/// folio derived the visible fields (a role's "Technologies:" line is no highlight).
fn derived(entry: Value, originals: Value) -> Value {
    let mut entry = with_originals(entry, originals);
    entry["folio"]["derived"] = true.into();
    entry
}

/// A role as a `work` entry. `website` is the employer file's, used when the role names none.
pub fn work(role: &Role, website: Option<String>, links: Links) -> Value {
    let (summary, highlights) = role_text(
        role.highlights.as_deref(),
        role.team.as_deref(),
        &role.technologies,
        links,
    );
    let url = role.url.as_ref().map(|u| u.0.clone());
    let entry = json!({
        "name": role.employer,
        "position": role.title(),
        "url": url.clone().or(website.clone()),
        "location": role.location,
        "startDate": date(role.start),
        "endDate": date(role.end),
        "summary": summary,
        "highlights": highlights,
        // Not in the schema; stackoverflow shows them as tags.
        "keywords": role.technologies,
    });
    let from_employer = url.is_none() && website.is_some();
    derived(
        entry,
        json!({ "team": role.team, "highlights": role.highlights, "employer_website": from_employer.then_some(true) }),
    )
}

/// A talk as a dated `projects` entry: the event as `entity`, start and end the talk's date
/// (so that no theme shows it as ongoing), the talk's own URL (else its slides, video, or
/// folio's page of it).
pub fn talk(entry: &TalkEntry, page: String, links: Links) -> Value {
    let text = TalkText {
        event: &entry.event,
        location: entry.location.as_deref(),
        with: &entry.with,
        abstract_: entry.abstract_.as_deref(),
        slides: entry.slides.as_ref().map(|l| l.0.as_str()),
        video: entry.video.as_ref().map(|l| l.0.as_str()),
    };
    let url = [&entry.url, &entry.slides, &entry.video]
        .into_iter()
        .find_map(|u| u.as_ref().map(|l| l.0.clone()))
        .unwrap_or(page);
    derived(
        json!({
            "name": entry.title,
            "type": "talk",
            "roles": ["Speaker"],
            "entity": entry.event,
            "startDate": entry.date.to_string(),
            "endDate": entry.date.to_string(),
            "url": url,
            "description": text.description(links),
            "highlights": text.highlights(),
        }),
        json!({
            "location": entry.location,
            "with": entry.with,
            "abstract": entry.abstract_,
            "url": entry.url.as_ref().map(|l| &l.0),
            "slides": entry.slides.as_ref().map(|l| &l.0),
            "video": entry.video.as_ref().map(|l| &l.0),
        }),
    )
}

/// Markdown highlights as a list of strings: the items of a bullet list, else the whole text.
fn highlight_list(markdown: Option<&str>, links: Links) -> Vec<String> {
    let Some(text) = markdown.filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    list_items(text, links).unwrap_or_else(|| vec![clean(text, links)])
}

fn projects(
    front: &PersonFront,
    link: &dyn Fn(&crate::content::Link) -> String,
    links: Links,
) -> Vec<Value> {
    let md = |t: &Option<String>| t.as_deref().map(|t| clean(t, links));
    front
        .projects
        .iter()
        .map(|p| {
            let roles: Vec<&str> = p.role.iter().flat_map(|r| r.split(", ")).collect();
            json!({
                "name": p.name,
                "description": md(&p.description),
                "highlights": highlight_list(p.highlights.as_deref(), links),
                "keywords": p.keywords,
                "url": p.url.as_ref().map(link),
                "roles": roles,
                "startDate": date(p.start),
                "endDate": date(p.end),
                "entity": p.entity,
                "type": p.kind,
            })
        })
        .collect()
}

fn skills(front: &PersonFront) -> Vec<Value> {
    let level = |name: &str| front.skill_levels.get(name);
    front
        .skills
        .groups()
        .into_iter()
        .flat_map(|(group, names)| match group {
            Some(key) => {
                let name = readable(key);
                let original = (name != key).then_some(key);
                vec![with_originals(
                    json!({ "name": name, "level": level(key), "keywords": names }),
                    json!({ "key": original }),
                )]
            }
            None => names
                .iter()
                .map(|n| json!({ "name": n, "level": level(n) }))
                .collect(),
        })
        .collect()
}

/// The sections that are the profile's lists as they are.
fn lists(
    front: &PersonFront,
    link: &dyn Fn(&crate::content::Link) -> String,
    links: Links,
) -> Map<String, Value> {
    let md = |t: &Option<String>| t.as_deref().map(|t| clean(t, links));
    let education: Vec<Value> = front
        .education
        .iter()
        .map(|e| {
            json!({
                "institution": e.institution,
                "url": e.url.as_ref().map(link),
                "area": e.field,
                "studyType": e.degree,
                "startDate": date(e.start),
                "endDate": date(e.end),
                "score": e.score,
                // The pre-1.0 name, the one stackoverflow and elegant show.
                "gpa": e.score,
                "courses": e.courses,
                // Not in the schema; stackoverflow shows both.
                "summary": md(&e.description),
                "location": e.location,
            })
        })
        .collect();
    let volunteer: Vec<Value> = front
        .volunteer
        .iter()
        .map(|v| {
            let (summary, highlights) = role_text(v.highlights.as_deref(), None, &[], links);
            derived(
                json!({
                    "organization": v.organization,
                    "position": v.title,
                    "url": v.url.as_ref().map(link),
                    "startDate": date(v.start),
                    "endDate": date(v.end),
                    "summary": summary,
                    "highlights": highlights,
                }),
                json!({ "highlights": v.highlights }),
            )
        })
        .collect();
    let publications: Vec<Value> = front
        .writing
        .iter()
        .map(|w| {
            json!({
                "name": w.title,
                "publisher": w.publisher,
                "releaseDate": date(w.date),
                "url": w.url.as_ref().map(link),
                "summary": md(&w.description),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("volunteer".into(), volunteer.into());
    out.insert("education".into(), education.into());
    out.insert("awards".into(), front.awards.iter().map(|a| json!({ "title": a.title, "date": date(a.date), "awarder": a.awarder, "summary": md(&a.description) })).collect());
    out.insert("certificates".into(), front.certificates.iter().map(|c| json!({ "name": c.name, "date": date(c.date), "issuer": c.issuer, "url": c.url.as_ref().map(link) })).collect());
    out.insert("publications".into(), publications.into());
    out.insert("skills".into(), skills(front).into());
    out.insert(
        "languages".into(),
        front
            .spoken_languages
            .iter()
            .map(|l| json!({ "language": l.name, "fluency": l.level }))
            .collect(),
    );
    out.insert(
        "interests".into(),
        front
            .interests
            .iter()
            .map(|i| json!({ "name": i.name, "keywords": i.keywords }))
            .collect(),
    );
    out.insert(
        "references".into(),
        front
            .references
            .iter()
            .map(|r| json!({ "name": r.name, "reference": clean(&r.reference, links) }))
            .collect(),
    );
    out
}

fn basics(site: &Site, person: &SitePerson, picture: Option<String>, links: Links) -> Value {
    let front = &person.person.front;
    let page = site.config.absolute(&person.url);
    let profiles: Vec<Value> = front
        .links
        .iter()
        .map(|(key, link)| {
            let url = site.person_link(person, link);
            let network = crate::content::link_label(key);
            let original = (link_key(&network) != *key).then_some(key);
            with_originals(
                json!({ "network": network, "username": username(key, &url), "url": url }),
                json!({ "key": original }),
            )
        })
        .collect();
    let website = front
        .links
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("website"))
        .map(|(_, link)| site.person_link(person, link));
    let url = website.unwrap_or(page);
    let summary = clean(person.person.body(), links);
    with_originals(
        json!({
            "name": front.name,
            "label": front.headline,
            "image": picture,
            "email": front.email,
            "phone": front.phone,
            "url": url,
            // The pre-1.0 name, the only one stackoverflow and elegant show.
            "website": url,
            "summary": summary,
            "location": front.location.as_deref().map_or(json!({}), location),
            "profiles": profiles,
        }),
        json!({
            "summary": front.summary,
            "location": front.location,
            // The bio as written, when the summary themes show had to change it (headings
            // made bold, links made absolute), with a print of that summary: an import
            // takes the bio back while the summary is still the one written here.
            "bio": (summary != person.person.body().trim()).then(|| person.person.body().trim()),
            "summary_print": (summary != person.person.body().trim())
                .then(|| format!("{:016x}", crate::hashing::Hashing::new().text(&summary).finish())),
        }),
    )
}

/// Sets `value` at `path` ("hobbies", "basics.nickname", "work[2].contact") in `document`,
/// if the path's entries exist; objects on the way are made.
fn put(document: &mut Value, path: &str, value: Value) -> bool {
    let mut here = document;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*part, None),
        };
        let Some(object) = here.as_object_mut() else {
            return false;
        };
        let last = i + 1 == parts.len() && index.is_none();
        if last {
            // Never over what folio wrote: its values are the checked ones (a URL, the
            // name, the schema), and the page shows them.
            if object.contains_key(name) {
                return false;
            }
            object.insert(name.to_string(), value);
            return true;
        }
        // An entry of a list is never made: only objects on the way are.
        here = match index {
            Some(index) => match object.get_mut(name).and_then(|list| list.get_mut(index)) {
                Some(item) => item,
                None => return false,
            },
            None => object.entry(name.to_string()).or_insert_with(|| json!({})),
        };
    }
    false
}

/// `picture` is the absolute URL of the person's avatar ([`crate::images::Images::picture`]).
pub fn resume(site: &Site, person: &SitePerson, picture: Option<String>) -> String {
    let front = &person.person.front;
    // Relative and internal links made absolute, as on the page.
    let resolve = |url: &str| -> Option<String> {
        if let Some(path) = url.strip_prefix("@/") {
            let (file, anchor) = path
                .split_once('#')
                .map_or((path, None), |(f, a)| (f, Some(a)));
            let target = site.absolute(site.internal_links.get(file)?);
            return Some(anchor.map_or(target.clone(), |a| format!("{target}#{a}")));
        }
        let link = crate::content::Link(url.to_string());
        (link.is_relative() && !url.starts_with('#')).then(|| site.person_link(person, &link))
    };
    let links: Links = &resolve;
    let link = |l: &crate::content::Link| site.person_link(person, l);

    // Newest first, as on the page; `positions[i]` is where role i lands.
    let mut order: Vec<usize> = (0..front.experience.len()).collect();
    order.sort_by_key(|&i| crate::site::order::newest_first(&front.experience[i]));
    let work: Vec<Value> = order
        .iter()
        .map(|&i| {
            let employer = &site.employers[person.role_employers[i]];
            let website = employer
                .file
                .as_ref()
                .and_then(|f| f.front.website.as_ref())
                .map(|l| site.site_link(l));
            work(&front.experience[i], website, links)
        })
        .collect();
    let mut projects = projects(front, &link, links);
    let talk_pages = person
        .talk_ids
        .iter()
        .map(|&t| site.config.absolute(&site.talks[t].url));
    projects.extend(
        front
            .talks
            .iter()
            .zip(talk_pages)
            .map(|(t, page)| talk(t, page, links)),
    );

    // Made entry by entry, not with json!: json! copies every Value given to it, and the
    // entries are most of a resume.
    let mut document = serde_json::Map::new();
    document.insert("$schema".into(), SCHEMA.into());
    document.insert("basics".into(), basics(site, person, picture, links));
    document.insert("work".into(), work.into());
    document.extend(lists(front, &link, links));
    document.insert("projects".into(), projects.into());
    document.insert(
        "meta".into(),
        json!({
            "canonical": site.config.absolute(&person.resume_url()),
            "version": VERSION,
        }),
    );
    let mut document = prune(Value::Object(document));
    // elegant crashes without these two, even empty.
    let basics = &mut document["basics"];
    if basics.get("location").is_none() {
        basics["location"] = json!({});
    }
    if basics.get("profiles").is_none() {
        basics["profiles"] = json!([]);
    }
    for (path, value) in &front.extra {
        let path = extra_path(path, &order, front);
        if !put(&mut document, &path, value.clone()) {
            // Its entry is gone (the list is shorter now), or folio writes that field
            // itself: kept, where no theme looks.
            document["meta"]["folio"]["extra"][path] = value.clone();
        }
    }
    let mut text = crate::json::markup_safe(&document, true);
    text.push('\n');
    text
}

/// An `extra` key as a path of the resume.json. Keys are resume.json's paths, but for the
/// entries whose place there is not their place in the profile, named by the latter:
/// `experience[2].x` (roles are written newest first) and `talks[0].x` (talks after the
/// projects).
fn extra_path(path: &str, order: &[usize], front: &PersonFront) -> String {
    let indexed = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)))
    };
    if let Some((n, rest)) = indexed("experience[") {
        return match order.iter().position(|&i| i == n) {
            Some(at) => format!("work[{at}]{rest}"),
            // No such role (any more): a path no entry has, kept under `meta`.
            None => path.to_string(),
        };
    }
    if let Some((n, rest)) = indexed("talks[")
        && n < front.talks.len()
    {
        return format!("projects[{}]{rest}", front.projects.len() + n);
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_is_the_last_path_segment_on_known_networks() {
        assert_eq!(username("github", "https://github.com/ada"), "ada");
        assert_eq!(
            username("linkedin", "https://www.linkedin.com/in/ada-lovelace/"),
            "ada-lovelace"
        );
        assert_eq!(username("website", "https://example.com/"), "example.com");
        assert_eq!(username("cv", "https://x.org/p/cv.txt"), "x.org/p/cv.txt");
    }

    #[test]
    fn location_splits_city_region_and_country() {
        assert_eq!(
            location("San Diego, CA, USA"),
            json!({ "city": "San Diego", "region": "CA", "countryCode": "US" })
        );
        assert_eq!(
            location("Rome, Italy"),
            json!({ "city": "Rome", "region": null, "countryCode": "IT" })
        );
    }

    #[test]
    fn put_reaches_into_lists_and_makes_objects() {
        let mut doc = json!({ "work": [{ "name": "A" }] });
        assert!(put(&mut doc, "work[0].contact", json!("x")));
        assert!(put(&mut doc, "meta.theme", json!("even")));
        assert!(!put(&mut doc, "work[3].contact", json!("y")));
        assert!(
            !put(&mut doc, "talks[0].x", json!("z")),
            "no list made for it"
        );
        assert_eq!(
            doc,
            json!({ "work": [{ "name": "A", "contact": "x" }], "meta": { "theme": "even" } })
        );
    }
}
