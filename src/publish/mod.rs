//! What a published site carries besides its pages: sitemap.xml and robots.txt,
//! the Atom feed, each person's JSON Resume and vCard, the files GitHub Pages
//! looks for, and the head data (canonical URL, og:image, schema.org JSON-LD)
//! that lets search engines and link previews read every page.
//!
//! Every date written here comes from the content itself (roles, talks,
//! writing), never from the clock, so two builds stay byte-identical.

mod feed;
mod jsonld;
mod resume;
mod sitemap;
mod text;
mod vcard;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Link;
use crate::dates::Date;
use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, Sink};
use crate::site::{Site, SitePerson};

pub use feed::inputs as feed_inputs;

/// What the dev server's last build lets this one keep as it is.
pub struct Unchanged<'a> {
    /// A person's JSON Resume and vCard, by index, when their inputs did not change.
    pub person: &'a (dyn Fn(usize) -> bool + Sync),
    /// The feed, when [`feed_inputs`] did not change.
    pub feed: bool,
}

/// The files every site publishes besides its pages; what `unchanged` allows is kept as
/// the last build wrote it.
pub fn files(site: &Site, sink: &dyn Sink, unchanged: &Unchanged) -> Result<(), crate::Error> {
    let ours = |name: &str| Path::new("(built-in)").join(name);
    let keep_feed = unchanged.feed && sink.keep(Path::new("feed.xml"), &ours("feed.xml"))?;
    // The sitemap and the feed span the whole site: they are made while the people's
    // files are.
    let (whole, people) = rayon::join(
        || {
            rayon::join(
                || sitemap::sitemap(site),
                || (!keep_feed).then(|| feed::feed(site)),
            )
        },
        || person_files(site, sink, unchanged.person),
    );
    people?;
    let (sitemap, feed) = whole;
    let mut files: Vec<OutputFile> = vec![
        ("sitemap.xml".into(), sitemap.into_bytes()),
        ("robots.txt".into(), sitemap::robots(site).into_bytes()),
        // Branch-published GitHub Pages runs Jekyll first, which drops files
        // whose names start with `_` or `.`; this file turns it off.
        (".nojekyll".into(), Vec::new()),
    ];
    if let Some(feed) = feed {
        files.push(("feed.xml".into(), feed.into_bytes()));
    }
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".into(), cname_file(cname)?.into_bytes()));
    }
    for (path, bytes) in files {
        let from = ours(&path.to_string_lossy());
        sink.put(path, bytes, &from)?;
    }
    Ok(())
}

/// Each person's JSON Resume and vCard.
fn person_files(
    site: &Site,
    sink: &dyn Sink,
    unchanged: &(dyn Fn(usize) -> bool + Sync),
) -> Result<(), crate::Error> {
    site.people.par_iter().enumerate().try_for_each(|(i, p)| {
        let folder = page_folder(site, &p.url);
        let same = unchanged(i);
        let from = &p.person.source.path;
        let resume = folder.join("resume.json");
        if !(same && sink.keep(&resume, from)?) {
            sink.put(resume, resume::resume(site, p).into_bytes(), from)?;
        }
        let vcard = folder.join(format!("{}.vcf", p.slug));
        if !(same && sink.keep(&vcard, from)?) {
            sink.put(vcard, vcard::vcard(site, p).into_bytes(), from)?;
        }
        Ok(())
    })
}

/// The URL of a person's JSON Resume, root-relative like every page URL.
pub fn resume_url(person: &SitePerson) -> String {
    format!("{}resume.json", person.url)
}

/// The URL of a person's vCard: `/people/<slug>/<slug>.vcf`, so a download keeps a telling name.
pub fn vcard_url(person: &SitePerson) -> String {
    format!("{}{}.vcf", person.url, person.slug)
}

/// `CNAME` holds the bare domain GitHub Pages serves the site at.
fn cname_file(cname: &str) -> Result<String, Vec<Diagnostic>> {
    let domain = cname.trim();
    let valid = !domain.is_empty()
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !valid {
        return Err(vec![
            Diagnostic::file(
                Path::new("site.toml"),
                format!("cname = \"{cname}\" is not a bare domain name"),
            )
            .help("write only the domain, e.g. cname = \"www.example.com\" (no https://, no path)"),
        ]);
    }
    Ok(format!("{domain}\n"))
}

/// Where the files of a page with this URL go, under the output folder.
fn page_folder(site: &Site, url: &str) -> PathBuf {
    PathBuf::from(url.strip_prefix(site.root()).unwrap_or(url))
}

/// The page a head is for.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Home,
    Person(usize),
    Employer(usize),
    Talk(usize),
    NotFound,
    /// An index, a skill or a free page: no JSON-LD of its own.
    Other,
}

/// Per-page data for the `<head>`: the template variables `canonical_url`, `og_image`, `json_ld`.
#[derive(Debug)]
pub struct Head {
    /// The page's absolute URL; none on the 404 page, which has no address of its own.
    pub canonical_url: Option<String>,
    /// An absolute image URL for link previews: the avatar of a person, the logo of an employer.
    pub og_image: Option<String>,
    /// A schema.org JSON-LD document, safe to print inside `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
}

/// The head data of the page at `url` (root-relative).
pub fn head(site: &Site, subject: Subject, url: &str) -> Head {
    let canonical_url = match subject {
        Subject::NotFound => None,
        _ => Some(site.config.absolute(url)),
    };
    let og_image = match subject {
        Subject::Person(i) => {
            let p = &site.people[i];
            p.person
                .front
                .avatar
                .as_ref()
                .map(|a| absolute_link(site, p, a))
        }
        Subject::Employer(i) => site.employers[i]
            .file
            .as_ref()
            .and_then(|f| f.front.logo.as_ref())
            .map(|l| site_link(site, l)),
        _ => None,
    };
    let json_ld = match subject {
        Subject::Home => Some(jsonld::website(site)),
        Subject::Person(i) => Some(jsonld::person(site, &site.people[i])),
        Subject::Employer(i) => Some(jsonld::organization(site, i)),
        Subject::Talk(i) => Some(jsonld::talk(site, i)),
        Subject::NotFound | Subject::Other => None,
    };
    Head {
        canonical_url,
        og_image,
        json_ld: json_ld.map(|v| script_safe_json(&v)),
    }
}

/// JSON that cannot close its `<script>` element: `<`, `>` and `&` only occur
/// inside JSON strings, where their `\u` escapes mean the same.
fn script_safe_json(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A person's link made absolute: external as is, relative ones beside the person's page.
fn absolute_link(site: &Site, person: &SitePerson, link: &Link) -> String {
    absolute(site, &link.beside(&person.url))
}

/// A link from an employer file (logo, website) made absolute: relative ones are under the site's root.
fn site_link(site: &Site, link: &Link) -> String {
    absolute(site, &link.beside(site.root()))
}

/// A root-relative URL made absolute; an external one as is.
fn absolute(site: &Site, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        site.config.absolute(url)
    } else {
        url.to_string()
    }
}

/// The newest date a profile gives: roles, talks, writing, projects, education.
/// It stands for "last modified" wherever a date is needed.
fn person_updated(person: &SitePerson) -> Option<Date> {
    let front = &person.person.front;
    let roles = front
        .experience
        .iter()
        .flat_map(|r| std::iter::once(r.start).chain(r.end));
    let talks = front.talks.iter().map(|t| t.date);
    let writing = front.writing.iter().filter_map(|w| w.date);
    let projects = front
        .projects
        .iter()
        .flat_map(|p| p.start.into_iter().chain(p.end));
    let education = front
        .education
        .iter()
        .flat_map(|e| e.start.into_iter().chain(e.end));
    roles
        .chain(talks)
        .chain(writing)
        .chain(projects)
        .chain(education)
        .max()
}

/// The job title to show for a person: the current role's, or the headline when
/// there is no current role or it has no title (an older role's title would sit
/// beside the newest one's employer).
fn job_title(person: &SitePerson) -> Option<&str> {
    current_roles(person)
        .next()
        .and_then(|(_, r)| r.title())
        .or(person.person.front.headline.as_deref())
}

/// The roles without an end, newest first, with their employer.
fn current_roles(
    person: &SitePerson,
) -> impl Iterator<Item = (crate::site::EmployerId, &crate::content::Role)> {
    let mut roles: Vec<(crate::site::EmployerId, &crate::content::Role)> = person
        .person
        .front
        .experience
        .iter()
        .enumerate()
        .filter(|(_, r)| r.end.is_none())
        .map(|(i, r)| (person.role_employers[i], r))
        .collect();
    roles.sort_by_key(|(_, r)| crate::site::order::newest_first(r));
    roles.into_iter()
}

/// The one-line summary of a person, as on their card.
fn summary(person: &SitePerson) -> Option<String> {
    let text = match &person.person.front.summary {
        Some(s) => s.trim().to_string(),
        None => crate::markdown::first_paragraph_text(person.person.body()),
    };
    (!text.is_empty()).then_some(text)
}

/// The plain text of an optional markdown field, none when empty.
fn plain_field(markdown: &Option<String>) -> Option<String> {
    markdown
        .as_deref()
        .map(text::plain)
        .filter(|t| !t.is_empty())
}

/// The plain text of a talk's abstract, from wherever the site took it.
fn talk_abstract(site: &Site, talk: &crate::site::Talk) -> Option<String> {
    let (text, _) = talk.abstract_text(site)?;
    plain_field(&Some(text.to_string()))
}

/// An RFC 3339 time for a date of any precision: its first day, at midnight UTC.
fn rfc3339(date: &Date) -> String {
    format!("{}T00:00:00Z", date.iso_day())
}

/// Removes nulls, empty strings, empty lists and empty objects, so optional
/// fields are left out rather than written empty.
fn prune(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, prune(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(prune).filter(|v| !empty(v)).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let v = serde_json::json!({ "name": "</script><b>&" });
        let s = script_safe_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn prune_leaves_out_empty_fields() {
        let v = serde_json::json!({ "a": null, "b": "", "c": [], "d": { "e": null }, "f": [1, null], "g": "x" });
        assert_eq!(prune(v), serde_json::json!({ "f": [1], "g": "x" }));
    }

    #[test]
    fn cname_must_be_a_bare_domain() {
        assert_eq!(
            cname_file(" www.example.com ").unwrap(),
            "www.example.com\n"
        );
        assert!(cname_file("https://example.com/").is_err());
        assert!(cname_file("").is_err());
    }

    #[test]
    fn rfc3339_fills_missing_month_and_day() {
        assert_eq!(
            rfc3339(&Date::parse("2019").unwrap()),
            "2019-01-01T00:00:00Z"
        );
        assert_eq!(
            rfc3339(&Date::parse("2019-11-05").unwrap()),
            "2019-11-05T00:00:00Z"
        );
    }
}
