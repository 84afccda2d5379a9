//! feed.xml: an Atom feed (RFC 4287) of the site's talks and writing, newest first.

use std::fmt::Write;

use rayon::prelude::*;

use super::xml::xml_escape;
use crate::dates::Date;
use crate::markdown::plain_field;
use crate::site::Site;
use crate::slug::slugify;

struct Entry {
    id: String,
    title: String,
    link: String,
    date: Date,
    /// (name, absolute profile URL if the author has one).
    authors: Vec<(String, Option<String>)>,
    category: &'static str,
    summary: String,
}

fn talk_entries(site: &Site) -> Vec<Entry> {
    site.talks
        .par_iter()
        .map(|talk| {
            let url = site.config.absolute(&talk.url);
            let abstract_text = talk.abstract_plain(site);
            let mut summary = format!("A talk at {}, {}", talk.event, talk.date.display());
            if let Some(location) = &talk.location {
                summary.push_str(", ");
                summary.push_str(location);
            }
            summary.push('.');
            if let Some(text) = abstract_text {
                summary.push_str("\n\n");
                summary.push_str(&text);
            }
            Entry {
                id: url.clone(),
                title: talk.title.clone(),
                link: url,
                date: talk.date,
                authors: talk
                    .speakers
                    .iter()
                    .map(|s| match s.person {
                        Some(p) => (
                            site.people[p].person.front.name.clone(),
                            Some(site.config.absolute(&site.people[p].url)),
                        ),
                        None => (s.name.clone(), None),
                    })
                    .collect(),
                category: "talk",
                summary,
            }
        })
        .collect()
}

/// Dated writing of every person; a piece two people list (same URL) is one entry by both.
/// Undated writing is left out: a feed is ordered by time.
fn writing_entries(site: &Site) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Where each id's entry is, so a piece listed twice is found without a search.
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for person in &site.people {
        let page = site.config.absolute(&person.url);
        let author = (person.person.front.name.clone(), Some(page.clone()));
        for w in &person.person.front.writing {
            let Some(date) = w.date else { continue };
            let (id, link) = match &w.url {
                Some(url) => {
                    let url = site.person_link(person, url);
                    (url.clone(), url)
                }
                None => (
                    format!("{page}#writing-{}", slugify(&w.title)),
                    format!("{page}#writing"),
                ),
            };
            if let Some(&at) = ids.get(&id) {
                let existing = &mut entries[at];
                if !existing.authors.contains(&author) {
                    existing.authors.push(author.clone());
                }
                continue;
            }
            let mut summary = match &w.publisher {
                Some(publisher) => format!("Published by {publisher}, {}.", date.display()),
                None => format!("Published {}.", date.display()),
            };
            if let Some(text) = plain_field(&w.description) {
                summary.push_str("\n\n");
                summary.push_str(&text);
            }
            ids.insert(id.clone(), entries.len());
            entries.push(Entry {
                id,
                title: w.title.clone(),
                link,
                date,
                authors: vec![author.clone()],
                category: "writing",
                summary,
            });
        }
    }
    entries
}

/// The Atom document of the newest `[feed] entries`. `updated` is the newest entry's date
/// (or the newest date anywhere on the site), so the feed changes only when the content does.
pub fn feed(site: &Site) -> String {
    let mut entries = talk_entries(site);
    entries.extend(writing_entries(site));
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(site.config.feed.entries.get());
    let updated = entries
        .iter()
        .map(|e| e.date)
        .max()
        .or_else(|| site.people.iter().filter_map(|p| p.updated()).max())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());

    let base = &site.config.base_url;
    let e = xml_escape;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        e(&site.config.language)
    );
    let _ = writeln!(
        xml,
        "  <title>{}: talks and writing</title>",
        e(&site.config.title)
    );
    if let Some(description) = &site.config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", e(description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        e(&site.config.absolute(&format!("{}feed.xml", site.root())))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        e(base)
    );
    let _ = writeln!(xml, "  <id>{}</id>", e(base));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <author>\n    <name>{}</name>\n    <uri>{}</uri>\n  </author>",
        e(&site.config.title),
        e(base)
    );
    xml.push_str("  <generator>folio</generator>\n");
    for entry in &entries {
        xml.push_str(&entry_xml(entry));
    }
    xml.push_str("</feed>\n");
    xml
}

/// One `<entry>` of the feed.
fn entry_xml(entry: &Entry) -> String {
    let e = xml_escape;
    let mut xml = String::with_capacity(512 + entry.summary.len());
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", e(&entry.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        e(&entry.link)
    );
    let _ = writeln!(xml, "    <id>{}</id>", e(&entry.id));
    let time = entry.date.rfc3339();
    let _ = writeln!(xml, "    <published>{time}</published>");
    let _ = writeln!(xml, "    <updated>{time}</updated>");
    for (name, uri) in &entry.authors {
        let _ = write!(xml, "    <author>\n      <name>{}</name>\n", e(name));
        if let Some(uri) = uri {
            let _ = writeln!(xml, "      <uri>{}</uri>", e(uri));
        }
        xml.push_str("    </author>\n");
    }
    let _ = writeln!(xml, "    <category term=\"{}\"/>", entry.category);
    let _ = writeln!(xml, "    <summary>{}</summary>", e(&entry.summary));
    xml.push_str("  </entry>\n");
    xml
}
