//! sitemap.xml (every page, with lastmod from the content's own dates) and robots.txt.

use std::borrow::Cow;
use std::fmt::Write;

use super::xml::{push_xml_escaped, xml_escape};
use crate::dates::Date;
use crate::site::Site;

/// Every page's URL, root-relative, with the newest date of what it shows (none for free pages).
pub fn pages(site: &Site) -> Vec<(Cow<'_, str>, Option<Date>)> {
    let root = site.root();
    let person_dates: Vec<Option<Date>> = site.people.iter().map(|p| p.updated()).collect();
    let newest_person = person_dates.iter().flatten().max().copied();
    let newest_talk = site.talks.iter().map(|t| t.date).max();
    let employer_dates: Vec<Option<Date>> = site
        .employers
        .iter()
        .map(|e| {
            e.members
                .iter()
                .flat_map(|m| {
                    let experience = &site.people[m.person].person.front.experience;
                    m.roles
                        .iter()
                        .flat_map(|&r| experience[r].start.into_iter().chain(experience[r].end))
                })
                .max()
        })
        .collect();

    let mut pages: Vec<(Cow<str>, Option<Date>)> = vec![
        (root.into(), newest_person.max(newest_talk)),
        (
            format!("{root}employers/").into(),
            employer_dates.iter().flatten().max().copied(),
        ),
        (format!("{root}talks/").into(), newest_talk),
        (format!("{root}skills/").into(), newest_person),
    ];
    pages.extend(
        site.people
            .iter()
            .zip(&person_dates)
            .map(|(p, d)| (Cow::from(p.url.as_str()), *d)),
    );
    pages.extend(
        site.employers
            .iter()
            .zip(&employer_dates)
            .map(|(e, d)| (Cow::from(e.url.as_str()), *d)),
    );
    pages.extend(
        site.talks
            .iter()
            .map(|t| (Cow::from(t.url.as_str()), Some(t.date))),
    );
    pages.extend(site.skills.iter().map(|s| {
        let newest = s
            .people
            .iter()
            .filter_map(|&p| person_dates[p.index()])
            .max();
        (Cow::from(s.url.as_str()), newest)
    }));
    pages.extend(site.pages.iter().map(|p| (Cow::from(p.url.as_str()), None)));
    // Every page has its own URL: an unstable sort gives the one order.
    pages.sort_unstable();
    pages
}

/// The sitemap protocol's urlset, with absolute URLs.
pub fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let pages = pages(site);
    xml.reserve(pages.len() * 120);
    // Every URL is the origin and a root-relative path.
    let origin = xml_escape(&site.config.absolute(""));
    for (url, lastmod) in pages {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&origin);
        push_xml_escaped(&mut xml, &url);
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            // The sitemap schema takes a full date; a year or a month stands for its first day.
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", date.iso_day());
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// robots.txt: everything may be crawled; the sitemap is here.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nDisallow:\n\nSitemap: {}\n",
        site.config.absolute(&format!("{}sitemap.xml", site.root()))
    )
}
