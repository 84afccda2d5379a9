//! sitemap.xml (every page, with lastmod from the content's own dates) and robots.txt.

use std::fmt::Write;

use super::person_updated;
use super::text::xml_escape;
use crate::dates::Date;
use crate::site::Site;

/// Every page's URL, root-relative, with the newest date of what it shows (none for free pages).
pub fn pages(site: &Site) -> Vec<(String, Option<Date>)> {
    let root = site.root();
    let person_dates: Vec<Option<Date>> = site.people.iter().map(person_updated).collect();
    let newest_person = person_dates.iter().flatten().max().copied();
    let newest_talk = site.talks.iter().map(|t| t.date).max();
    let employer_dates: Vec<Option<Date>> = site
        .employers
        .iter()
        .map(|e| {
            e.members
                .iter()
                .flat_map(|(p, roles)| {
                    let experience = &site.people[*p].person.front.experience;
                    roles.iter().flat_map(|&r| {
                        std::iter::once(experience[r].start).chain(experience[r].end)
                    })
                })
                .max()
        })
        .collect();

    let mut pages = vec![
        (root.to_string(), newest_person.max(newest_talk)),
        (
            format!("{root}employers/"),
            employer_dates.iter().flatten().max().copied(),
        ),
        (format!("{root}talks/"), newest_talk),
        (format!("{root}skills/"), newest_person),
    ];
    pages.extend(
        site.people
            .iter()
            .zip(&person_dates)
            .map(|(p, d)| (p.url.clone(), *d)),
    );
    pages.extend(
        site.employers
            .iter()
            .zip(&employer_dates)
            .map(|(e, d)| (e.url.clone(), *d)),
    );
    pages.extend(site.talks.iter().map(|t| (t.url.clone(), Some(t.date))));
    pages.extend(site.skills.iter().map(|s| {
        let newest = s.people.iter().filter_map(|&p| person_dates[p]).max();
        (s.url.clone(), newest)
    }));
    pages.extend(site.pages.iter().map(|p| (p.url.clone(), None)));
    pages.sort();
    pages
}

/// The sitemap protocol's urlset, with absolute URLs.
pub fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in pages(site) {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            xml_escape(&site.config.absolute(&url))
        );
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
