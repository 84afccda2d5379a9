//! Lists a page at a time: the directory, the indexes and a skill's or an employer's people
//! on a generated site large enough to page, with every person reachable and pages that do
//! not grow with the site.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::*;

/// Where the generated site is published (benches/gen-site.rs).
const ROOT: &str = "/engineers/";
const PAGE_SIZE: usize = 48;

/// The output path of a root-relative page URL.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.strip_prefix(ROOT).unwrap())
}

/// The `href` of the first element `css` selects, if one.
fn href(html: &scraper::Html, css: &str) -> Option<String> {
    select(html, css)
        .first()
        .and_then(|e| e.value().attr("href"))
        .map(str::to_string)
}

/// Follows a list's `rel=next` links from its first page: each page's URL and HTML, checking
/// that the pages link back (`rel=prev`) and that each page list is short and marks its page.
fn walk_list(out: &Path, first: &str) -> Vec<(String, scraper::Html)> {
    let mut pages: Vec<(String, scraper::Html)> = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(url) = next {
        assert!(pages.len() < 1000, "{first}: the next links loop");
        let html = page(out, &file_of(&url));
        let n = pages.len() + 1;
        let expected = if n == 1 {
            first.to_string()
        } else {
            format!("{first}page/{n}/")
        };
        assert_eq!(url, expected, "page {n} of {first} has a stable URL");
        let prev = href(&html, "head link[rel='prev']");
        assert_eq!(
            prev,
            pages.last().map(|(u, _)| u.clone()),
            "{url}: rel=prev"
        );
        if let Some(nav) = select(&html, "nav.pager").first() {
            assert!(
                nav.value().attr("aria-label").is_some(),
                "{url}: the nav is named"
            );
            let items = select(&html, "nav.pager li").len();
            assert!(items <= 11, "{url}: a page list of {items} items");
            let current = select(&html, "nav.pager a[aria-current='page']");
            assert_eq!(current.len(), 1, "{url}");
            assert_eq!(current[0].value().attr("href"), Some(url.as_str()));
            assert_eq!(
                href(&html, "nav.pager a[rel='next']"),
                href(&html, "head link[rel='next']")
            );
        }
        next = href(&html, "head link[rel='next']");
        pages.push((url, html));
    }
    pages
}

/// The people pages linked from the cards or rows of `css` on a page.
fn people_on(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_person_is_reachable_through_the_directory_pages_and_no_page_grows_with_the_site() {
    let site = generated_site(600);
    // A skill's people in pages of 48 too, so that the popular skill's take several.
    let (_, set_toml) = site_toml(site.path());
    set_toml(&format!("[directory]\ntable_page_size = {PAGE_SIZE}\n"));
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let everyone: BTreeSet<String> = std::fs::read_dir(out.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir() && e.file_name() != "page")
        .map(|e| e.file_name().into_string().unwrap())
        .map(|slug| format!("{ROOT}people/{slug}/"))
        .collect();
    assert_eq!(everyone.len(), 600);

    // The directory: pages of 48 by name, each person once.
    let pages = walk_list(out.path(), &format!("{ROOT}people/"));
    assert_eq!(pages.len(), 600usize.div_ceil(PAGE_SIZE));
    let mut listed = Vec::new();
    for (url, html) in &pages {
        let here = people_on(html, "ul.cards > li h2 a");
        assert!(here.len() <= PAGE_SIZE, "{url}: {}", here.len());
        listed.extend(here);
    }
    assert_eq!(listed.len(), 600, "each person once");
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), everyone);
    let names: Vec<String> = pages
        .iter()
        .flat_map(|(_, html)| {
            select(html, "ul.cards > li h2 a")
                .iter()
                .map(text)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names.first(), sorted.first(), "by name");

    // The home page shows the first page, and links the rest.
    let home = page(out.path(), "index.html");
    assert_eq!(
        people_on(&home, "#people-list > li h3 a"),
        people_on(&pages[0].1, "ul.cards > li h2 a")
    );
    assert_eq!(
        href(&home, "nav.pager a[rel='next']").as_deref(),
        Some(format!("{ROOT}people/page/2/").as_str())
    );

    // The indexes page too, and list everything once.
    for (index, row) in [
        ("employers/", "ul.rows h2 a"),
        ("skills/", "ul.skill-cloud a"),
        ("talks/", "ul.entries h3 a"),
    ] {
        let pages = walk_list(out.path(), &format!("{ROOT}{index}"));
        let entries: Vec<String> = pages.iter().flat_map(|(_, h)| people_on(h, row)).collect();
        let unique: BTreeSet<&String> = entries.iter().collect();
        assert_eq!(unique.len(), entries.len(), "{index}: each entry once");
        let on_disk = std::fs::read_dir(out.path().join(index.trim_end_matches('/')))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "page")
            .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
            .count();
        assert_eq!(entries.len(), on_disk, "{index}: every entry is listed");
    }

    // The most widely held skill: its people a page at a time, each once.
    let skills = walk_list(out.path(), &format!("{ROOT}skills/"));
    let (count, popular) = skills
        .iter()
        .flat_map(|(_, h)| {
            select(h, "ul.skill-cloud a")
                .iter()
                .map(|a| {
                    let count: usize = text(&select_in(a, ".count")[0])
                        .split_whitespace()
                        .find_map(|w| w.trim_matches(['(', ')']).parse().ok())
                        .unwrap();
                    (count, a.value().attr("href").unwrap().to_string())
                })
                .collect::<Vec<_>>()
        })
        .max()
        .unwrap();
    assert!(
        count > 2 * PAGE_SIZE,
        "the popular skill has {count} people"
    );
    let pages = walk_list(out.path(), &popular);
    assert_eq!(pages.len(), count.div_ceil(PAGE_SIZE));
    let holders: Vec<String> = pages
        .iter()
        .flat_map(|(_, h)| people_on(h, "table.holders tbody th a"))
        .collect();
    assert_eq!(holders.len(), count);
    assert_eq!(
        holders.iter().collect::<BTreeSet<_>>().len(),
        count,
        "each holder once"
    );

    // No page grows with the site: every list shows a page of it.
    let mut largest = (0, String::new());
    for (rel, bytes) in tree(out.path()) {
        if rel.extension().is_some_and(|e| e == "html") {
            largest = largest.max((bytes.len(), rel.display().to_string()));
        }
    }
    assert!(
        largest.0 < 150_000,
        "the largest page, {}, is {} bytes",
        largest.1,
        largest.0
    );
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

#[test]
fn page_sizes_come_from_site_toml_and_must_be_whole_numbers() {
    let site = copy_site(&repo().join("tests/fixtures/published"));
    let (original, set_toml) = site_toml(site.path());
    set_toml("[directory]\npage_size = 1\n");
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let people = std::fs::read_dir(out.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir() && e.file_name() != "page")
        .count();
    assert!(people > 1);
    assert!(
        out.path()
            .join(format!("people/page/{people}/index.html"))
            .is_file()
    );
    assert!(
        !out.path()
            .join(format!("people/page/{}/index.html", people + 1))
            .exists()
    );

    // A skill's people are a table, paged by `table_page_size` (200), not by `page_size`:
    // Go's two people are on one page.
    let go = out.path().join("skills/go");
    assert_eq!(
        select(
            &page(out.path(), "skills/go/index.html"),
            "table.holders tbody tr"
        )
        .len(),
        2
    );
    assert!(!go.join("page/2/index.html").exists());
    let employer = out.path().join("employers/acme-corporation");
    assert!(employer.join("page/2/index.html").is_file());
    set_toml("[directory]\ntable_page_size = 1\n");
    build(site.path(), out.path(), &[]);
    assert!(go.join("page/2/index.html").is_file());
    assert!(!employer.join("page/2/index.html").exists());

    for key in ["page_size", "table_page_size"] {
        set_toml(&format!("[directory]\n{key} = 0\n"));
        let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
        assert!(!output.status.success());
        let line = original.lines().count() + 3;
        let said = stderr(&output);
        assert!(
            said.contains(&format!("site.toml:{line}:"))
                && said.contains("a whole number of 1 or more"),
            "{key}: {said}"
        );
    }
}

// Issue 21: `<list>/page/1/` is the list's first page, `<list>/`, as in Hugo: a small page
// sends the visitor there (meta refresh, canonical link, a plain link), asks search engines
// not to index it and is not in the sitemap; every list has one, paged or not, and `folio
// check` finds its links good.
#[test]
fn page_one_of_every_list_sends_the_visitor_to_the_list() {
    let site = copy_site(&repo().join("tests/fixtures/published"));
    let (_, set_toml) = site_toml(site.path());
    set_toml("[directory]\npage_size = 1\ntable_page_size = 1\n");
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let lists = [
        "people/",
        "employers/",
        "skills/",
        "talks/",
        "skills/rust/",
        "employers/acme-corporation/",
    ];
    let mut paged = BTreeSet::new();
    for list in lists {
        assert!(out.path().join(list).join("index.html").is_file(), "{list}");
        paged.insert(out.path().join(list).join("page/2/index.html").is_file());
        let url = format!("/team/{list}");
        let html = page(out.path(), &format!("{list}page/1/index.html"));
        let refresh = select(&html, "meta[http-equiv='refresh']");
        assert_eq!(
            refresh[0].value().attr("content"),
            Some(format!("0; url={url}").as_str()),
            "{list}"
        );
        assert_eq!(
            href(&html, "link[rel='canonical']"),
            Some(format!("https://people.example.org{url}"))
        );
        assert_eq!(href(&html, "main a"), Some(url.clone()));
        // axe asks every page for a level-one heading, this one too.
        assert_eq!(select(&html, "main h1").len(), 1, "{list}");
        let robots = select(&html, "meta[name='robots']");
        assert_eq!(robots[0].value().attr("content"), Some("noindex"));
        assert!(html.root_element().value().attr("lang").is_some());
    }
    assert_eq!(paged.len(), 2, "lists with one page and with more");
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/team/people/page/2/"));
    assert!(!sitemap.contains("page/1/"), "{sitemap}");
    let checked = folio(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

// Issue 21: a skill's page shows one slice of its people. `skill.people` (by name) and
// `skill.holders` (most years first) were cut at the same positions of two orders, so page
// 2 could list different people in each; now both hold the page's holders.
#[test]
fn a_skill_page_lists_the_same_people_by_name_and_by_years() {
    let site = generated_site(150);
    let (_, set_toml) = site_toml(site.path());
    set_toml("[directory]\ntable_page_size = 5\n");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/skill.html"),
        "{% extends \"base.html\" %}{% block content %}\
         <ol class=\"by-name\">{% for p in skill.people %}<li>{{ p.url }}</li>{% endfor %}</ol>\
         <ol class=\"by-years\">{% for h in skill.holders %}<li data-months=\"{{ h.months }}\">{{ h.person.url }}</li>{% endfor %}</ol>\
         {% endblock content %}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let listed = |html: &scraper::Html, css: &str| -> Vec<String> {
        select(html, css).iter().map(text).collect()
    };
    let (mut paged, mut differently_ordered) = (0, 0);
    for skill in std::fs::read_dir(out.path().join("skills")).unwrap() {
        let folder = skill.unwrap().path();
        if !folder.join("index.html").is_file() {
            continue;
        }
        let mut everyone = Vec::new();
        let mut months_before = u64::MAX;
        for n in 1.. {
            let file = match n {
                1 => folder.join("index.html"),
                n => folder.join(format!("page/{n}/index.html")),
            };
            if !file.is_file() {
                paged += usize::from(n > 2);
                break;
            }
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            let by_name = listed(&html, "ol.by-name li");
            let by_years = listed(&html, "ol.by-years li");
            let mut names = by_name.clone();
            names.sort();
            let mut years = by_years.clone();
            years.sort();
            assert_eq!(names, years, "{}: the same people", file.display());
            differently_ordered += usize::from(by_name != by_years);
            for li in select(&html, "ol.by-years li") {
                let months: u64 = li.value().attr("data-months").unwrap().parse().unwrap();
                assert!(
                    months <= months_before,
                    "{}: most years first",
                    file.display()
                );
                months_before = months;
            }
            everyone.extend(by_years);
        }
        let unique: BTreeSet<&String> = everyone.iter().collect();
        assert_eq!(
            unique.len(),
            everyone.len(),
            "{}: each person once",
            folder.display()
        );
    }
    assert!(
        paged > 0 && differently_ordered > 0,
        "{paged} {differently_ordered}"
    );
}
