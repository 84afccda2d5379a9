//! Lists that grow with the site, cut into pages of `[directory] page_size` (a skill's
//! people, a table, `table_page_size`): which items a page shows, where each page is
//! (`<list>/`, `<list>/page/2/`, as in Zola and Hugo), and the paginator templates are
//! given (a page list that stays short at any length).

use serde::Serialize;

use crate::site::{EmployerId, Site, SkillId};

/// A list that grows with the site. Its first page is the list's own page (the
/// employers index, a skill's page); the next are `Job::More`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// The directory: `/people/` (and the home page shows its first page).
    People,
    Employers,
    Talks,
    Skills,
    /// The people who have a skill.
    Skill(SkillId),
    /// The people who worked at an employer.
    Employer(EmployerId),
}

impl List {
    /// Every list of the site.
    pub fn all(site: &Site) -> impl Iterator<Item = List> + '_ {
        [List::People, List::Employers, List::Talks, List::Skills]
            .into_iter()
            .chain((0..site.skills.len()).map(|i| List::Skill(SkillId::new(i))))
            .chain((0..site.employers.len()).map(|i| List::Employer(EmployerId::new(i))))
    }

    /// The job of its first page.
    pub fn first(self) -> super::Job {
        use super::Job;
        match self {
            List::People => Job::People,
            List::Employers => Job::Employers,
            List::Talks => Job::Talks,
            List::Skills => Job::Skills,
            List::Skill(i) => Job::Skill(i),
            List::Employer(i) => Job::Employer(i),
        }
    }

    /// How many items the list has.
    pub fn len(self, site: &Site) -> usize {
        match self {
            List::People => site.people.len(),
            List::Employers => site.employers.len(),
            List::Talks => site.talks.len(),
            List::Skills => site.skills.len(),
            List::Skill(i) => site.skills[i].people.len(),
            List::Employer(i) => site.employers[i].members.len(),
        }
    }

    /// How many pages it takes (one when it is empty).
    pub fn pages(self, site: &Site) -> usize {
        self.len(site).div_ceil(self.page_size(site)).max(1)
    }

    /// How many items each page shows: `[directory] table_page_size` for a skill's
    /// people, which its page lists as a table of one line each, else `page_size`.
    pub fn page_size(self, site: &Site) -> usize {
        let directory = &site.config.directory;
        match self {
            List::Skill(_) => directory.table_page_size.get(),
            _ => directory.page_size.get(),
        }
    }

    /// The URL of its first page.
    pub fn url(self, site: &Site) -> String {
        let root = site.root();
        match self {
            List::People => format!("{root}people/"),
            List::Employers => format!("{root}employers/"),
            List::Talks => format!("{root}talks/"),
            List::Skills => format!("{root}skills/"),
            List::Skill(i) => site.skills[i].url.clone(),
            List::Employer(i) => site.employers[i].url.clone(),
        }
    }

    /// The URL of page `n` (from 1).
    pub fn page_url(self, site: &Site, n: usize) -> String {
        match n {
            1 => self.url(site),
            n => format!("{}page/{n}/", self.url(site)),
        }
    }

    /// The items page `n` shows, as a range of the list's indexes.
    pub fn range(self, site: &Site, n: usize) -> std::ops::Range<usize> {
        let size = self.page_size(site);
        let len = self.len(site);
        let start = ((n - 1) * size).min(len);
        start..(start + size).min(len)
    }

    /// What templates are told about page `n`.
    pub fn paginator(self, site: &Site, n: usize) -> Paginator {
        let total_pages = self.pages(site);
        let url = |n: usize| self.page_url(site, n);
        Paginator {
            current_index: n,
            number_pagers: total_pages,
            total: self.len(site),
            paginate_by: self.page_size(site),
            first_item: self.range(site, n).start + 1,
            last_item: self.range(site, n).end,
            first: url(1),
            last: url(total_pages),
            previous: (n > 1).then(|| url(n - 1)),
            next: (n < total_pages).then(|| url(n + 1)),
            links: window(n, total_pages)
                .into_iter()
                .map(|number| PageLink {
                    number,
                    url: number.map(url),
                    current: number == Some(n),
                })
                .collect(),
        }
    }
}

/// `<list>/page/1/` of every list: a small page that sends the visitor to the list's first
/// page (`<list>/`), as Hugo writes for `/page/1/`, so that a URL made by counting pages
/// from 1 works. Not a page of the site: it has no template, is not in the sitemap and
/// asks search engines not to index it. Written for every list, paged or not, so that the
/// URL works before a list grows a second page.
pub fn first_page_redirects(site: &Site) -> Vec<(std::path::PathBuf, String)> {
    let language = escape(&site.config.language);
    List::all(site)
        .map(|list| {
            let url = escape(&list.url(site));
            let canonical = escape(&site.config.absolute(&list.url(site)));
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>Moved to {url}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
                 <link rel=\"canonical\" href=\"{canonical}\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
                 <main>\n<h1>This list has moved</h1>\n\
                 <p>Its first page is <a href=\"{url}\">{url}</a>.</p>\n</main>\n\
                 </body>\n</html>\n"
            );
            let path = site
                .folder_of(&format!("{}page/1/", list.url(site)))
                .join("index.html");
            (path, html)
        })
        .collect()
}

/// Text for HTML, in an attribute or not.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page of a list, as templates see it (`paginator`).
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// This page's number, from 1.
    pub current_index: usize,
    /// How many pages the list has.
    pub number_pagers: usize,
    /// How many items the whole list has.
    pub total: usize,
    /// Items to a page.
    pub paginate_by: usize,
    /// The position in the whole list of this page's first and last items (from 1).
    pub first_item: usize,
    pub last_item: usize,
    /// The URLs of the first, last, previous and next pages.
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The page list to draw: the first and last pages, two each side of this one, and a
    /// gap (`number` none) where pages are left out.
    pub links: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

/// Pages either side of the current one in the page list.
const AROUND: usize = 2;

/// The page numbers to show for page `current` of `total`, `None` for a gap: at most
/// 2·AROUND + 5 entries, whatever `total` is. A gap of one page shows that page instead.
fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend(current.saturating_sub(AROUND).max(1)..=(current + AROUND).min(total));
    shown.sort_unstable();
    shown.dedup();
    let mut links = Vec::new();
    for (i, &n) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|p| n - shown[p]) {
            // A gap of one page is that page: "1 … 3" says less than "1 2 3".
            Some(2) => links.push(Some(n - 1)),
            Some(gap) if gap > 2 => links.push(None),
            _ => {}
        }
        links.push(Some(n));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(current: usize, total: usize) -> String {
        window(current, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_short_list_shows_every_page() {
        assert_eq!(drawn(1, 1), "1");
        assert_eq!(drawn(2, 5), "1 2 3 4 5");
        assert_eq!(drawn(4, 7), "1 2 3 4 5 6 7");
    }

    #[test]
    fn a_long_list_shows_the_ends_and_a_window_with_gaps() {
        assert_eq!(drawn(1, 500), "1 2 3 … 500");
        assert_eq!(drawn(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(drawn(500, 500), "1 … 498 499 500");
        // A gap of one page is that page.
        assert_eq!(drawn(4, 500), "1 2 3 4 5 6 … 500");
        assert_eq!(drawn(497, 500), "1 … 495 496 497 498 499 500");
    }

    #[test]
    fn the_page_list_stays_short_at_any_length() {
        for total in [1, 2, 9, 10, 11, 500, 100_000] {
            for current in [1, 2, 3, 4, 5, total / 2 + 1, total - 1, total] {
                let current = current.clamp(1, total);
                let links = window(current, total);
                assert!(
                    links.len() <= 2 * AROUND + 5,
                    "{current}/{total}: {links:?}"
                );
                assert!(links.contains(&Some(current)) && links.contains(&Some(1)));
                assert!(links.contains(&Some(total)));
            }
        }
    }
}
