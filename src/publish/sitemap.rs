//! sitemap.xml (every page, with lastmod from the content's own dates) and robots.txt.

use std::borrow::Cow;
use std::fmt::Write;

use super::xml::{push_xml_escaped, xml_escape};
use crate::dates::Date;
use crate::render::List;
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
        (format!("{root}people/").into(), newest_person),
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
    // A list's later pages are dated as its first.
    let more: Vec<(Cow<str>, Option<Date>)> = {
        let dated: std::collections::HashMap<&str, Option<Date>> = pages
            .iter()
            .map(|(url, date)| (url.as_ref(), *date))
            .collect();
        List::all(site)
            .flat_map(|list| {
                let date = dated.get(list.url(site).as_str()).copied().flatten();
                (2..=list.pages(site)).map(move |n| (Cow::from(list.page_url(site, n)), date))
            })
            .collect()
    };
    pages.extend(more);
    // Every page has its own URL: an unstable sort gives the one order.
    pages.sort_unstable();
    pages
}

/// The sitemap protocol's limits on one file: 50,000 URLs and 50 MB (uncompressed).
pub const MAX_URLS: usize = 50_000;
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_TAIL: &str = "</urlset>\n";

/// The sitemap files: `sitemap.xml` alone when every URL fits one file, else
/// `sitemap.xml` as a sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, ... each
/// holding at most `max_urls` URLs ([`MAX_URLS`] but in tests).
pub fn sitemaps(site: &Site, max_urls: usize) -> Vec<(String, String)> {
    let pages = pages(site);
    // Every URL is the origin and a root-relative path.
    let origin = xml_escape(&site.config.absolute(""));
    let entries: Vec<(String, Option<Date>)> = pages
        .into_iter()
        .map(|(url, lastmod)| {
            let mut xml = String::with_capacity(origin.len() + url.len() + 64);
            xml.push_str("  <url>\n    <loc>");
            xml.push_str(&origin);
            push_xml_escaped(&mut xml, &url);
            xml.push_str("</loc>\n");
            if let Some(date) = lastmod {
                // The sitemap schema takes a full date; a year or a month stands for its first day.
                let _ = writeln!(xml, "    <lastmod>{}</lastmod>", date.iso_day());
            }
            xml.push_str("  </url>\n");
            (xml, lastmod)
        })
        .collect();
    let room = MAX_BYTES - URLSET_HEAD.len() - URLSET_TAIL.len();
    let parts = split(&entries, max_urls, room, |(xml, _)| xml.len());
    let urlset = |part: &[(String, Option<Date>)]| {
        let mut xml = String::with_capacity(part.iter().map(|(x, _)| x.len()).sum::<usize>() + 200);
        xml.push_str(URLSET_HEAD);
        part.iter().for_each(|(entry, _)| xml.push_str(entry));
        xml.push_str(URLSET_TAIL);
        xml
    };
    if parts.len() <= 1 {
        return vec![("sitemap.xml".into(), urlset(&entries))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = vec![];
    for (n, part) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap>\n    <loc>");
        push_xml_escaped(
            &mut index,
            &site.config.absolute(&format!("{}{name}", site.root())),
        );
        index.push_str("</loc>\n");
        if let Some(newest) = part.iter().filter_map(|(_, d)| *d).max() {
            let _ = writeln!(index, "    <lastmod>{}</lastmod>", newest.iso_day());
        }
        index.push_str("  </sitemap>\n");
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// Cuts `items` into runs of at most `max_items`, whose sizes add up to at most `max_size`
/// (an item larger than that alone is a run of its own).
fn split<T>(
    items: &[T],
    max_items: usize,
    max_size: usize,
    size: impl Fn(&T) -> usize,
) -> Vec<&[T]> {
    let mut parts = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let n = size(item);
        if i > start && (i - start == max_items || bytes + n > max_size) {
            parts.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += n;
    }
    if start < items.len() {
        parts.push(&items[start..]);
    }
    parts
}

/// robots.txt: everything may be crawled; the sitemap is here.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nDisallow:\n\nSitemap: {}\n",
        site.config.absolute(&format!("{}sitemap.xml", site.root()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_cuts_at_the_count_limit() {
        let items: Vec<usize> = (0..7).collect();
        let parts = split(&items, 3, usize::MAX, |_| 1);
        assert_eq!(parts, [&[0, 1, 2][..], &[3, 4, 5], &[6]]);
        assert_eq!(split(&items, 7, usize::MAX, |_| 1).len(), 1);
        assert_eq!(split(&items[..0], 3, usize::MAX, |_| 1).len(), 0);
    }

    #[test]
    fn split_cuts_at_the_size_limit() {
        let items = [4, 4, 4, 9, 1, 1];
        let parts = split(&items, 100, 8, |&n| n);
        assert_eq!(parts, [&[4, 4][..], &[4], &[9], &[1, 1]]);
    }

    #[test]
    fn the_limits_are_the_protocols() {
        assert_eq!(MAX_URLS, 50_000);
        assert_eq!(MAX_BYTES, 52_428_800);
    }
}
