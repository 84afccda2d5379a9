//! sitemap.xml (every page, with lastmod from the content's own dates) and robots.txt.

use std::borrow::Cow;
use std::fmt::Write;

use super::person_updated;
use super::text::xml_escape;
use crate::dates::Date;
use crate::site::Site;

/// Every page's URL, root-relative, with the newest date of what it shows (none for free pages).
pub fn pages(site: &Site) -> Vec<(Cow<'_, str>, Option<Date>)> {
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
        let newest = s.people.iter().filter_map(|&p| person_dates[p]).max();
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
        push_escaped(&mut xml, &url);
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            // The sitemap schema takes a full date; a year or a month stands for its first day.
            let (month, day) = (date.month.unwrap_or(1), date.day.unwrap_or(1));
            let _ = writeln!(
                xml,
                "    <lastmod>{:04}-{month:02}-{day:02}</lastmod>",
                date.year
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `text`, escaped for XML, added to `xml`: most URLs need no escaping.
fn push_escaped(xml: &mut String, text: &str) {
    let plain = text.is_ascii()
        && !text
            .bytes()
            .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b.is_ascii_control());
    match plain {
        true => xml.push_str(text),
        false => xml.push_str(&xml_escape(text)),
    }
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
    fn urls_are_escaped_only_when_they_need_it() {
        let escaped = |text: &str| {
            let mut xml = String::from("<loc>");
            push_escaped(&mut xml, text);
            xml
        };
        assert_eq!(escaped("/people/ada/"), "<loc>/people/ada/");
        assert_eq!(escaped("/a?b=1&c=<2>"), "<loc>/a?b=1&amp;c=&lt;2&gt;");
        assert_eq!(
            escaped("/caf\u{e9}/\u{85}"),
            "<loc>/caf\u{e9}/",
            "C1 controls dropped"
        );
    }
}
