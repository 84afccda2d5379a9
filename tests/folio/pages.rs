//! What the pages show (issue 19): the charts with their accessible names and bars, each
//! skill linked once or twice on a profile, the navigation's current section, plurals and
//! dates written once, and syntax.css only where code is.

use std::collections::HashMap;

use crate::support::*;

fn demo() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    out
}

/// The chart named `id` on a page: its SVG's accessible name, bars and points.
fn chart(html: &scraper::Html, id: &str) -> (String, usize, usize) {
    let svg = select(
        html,
        &format!("figure svg[role='img'][aria-labelledby='{id}-title']"),
    );
    assert_eq!(svg.len(), 1, "one chart {id}");
    let title = select(html, &format!("svg title#{id}-title"));
    assert_eq!(title.len(), 1, "the chart {id} is named by its title");
    let bars = select(
        html,
        &format!("svg[aria-labelledby='{id}-title'] rect.chart-bar"),
    )
    .len();
    // A bar or point says what it is when pointed at, or has no title at all.
    for title in select(html, &format!("svg[aria-labelledby='{id}-title'] title")) {
        assert!(!text(&title).is_empty(), "an empty title in the chart {id}");
    }
    let points = select(
        html,
        &format!("svg[aria-labelledby='{id}-title'] .chart-points circle"),
    )
    .len();
    (text(&title[0]), bars, points)
}

#[test]
fn charts_are_named_and_draw_a_bar_per_role_and_a_point_per_talk() {
    let out = demo();
    let guido = page(out.path(), "people/guido-iaquinti/index.html");
    let (name, bars, points) = chart(&guido, "career-chart");
    assert!(name.contains("Guido Iaquinti"), "{name}");
    // Four dated roles (PostHog, two at Slack, Microsoft) and five talks.
    assert_eq!((bars, points), (4, 5));
    // Its text equivalent lists the same roles.
    assert_eq!(select(&guido, ".career .visually-hidden tbody tr").len(), 4);

    let slack = page(out.path(), "employers/slack-technologies/index.html");
    let (name, bars, _) = chart(&slack, "tenure-chart");
    assert!(name.contains("Slack Technologies"), "{name}");
    assert_eq!(bars, 2, "Guido's two roles at Slack");

    let mysql = page(out.path(), "skills/mysql/index.html");
    let (name, bars, _) = chart(&mysql, "depth-chart");
    assert!(name.contains("MySQL"), "{name}");
    let rows = select(&mysql, "table.holders tbody tr");
    let with_years = rows.iter().filter(|r| !text(r).contains("listed")).count();
    assert!(bars >= 2, "MySQL has people with years: {bars}");
    assert_eq!(bars, with_years, "a bar for each person with years");
}

#[test]
fn guidos_page_links_each_skill_at_most_twice_and_gives_years() {
    let out = demo();
    let html = page(out.path(), "people/guido-iaquinti/index.html");
    let mut counts: HashMap<String, usize> = HashMap::new();
    for a in select(&html, "main a[href*='/skills/']") {
        *counts
            .entry(a.value().attr("href").unwrap().to_string())
            .or_default() += 1;
    }
    assert!(counts.len() >= 20, "{counts:?}");
    let over: Vec<_> = counts.iter().filter(|(_, n)| **n > 2).collect();
    assert!(over.is_empty(), "linked more than twice: {over:?}");
    let years = select(&html, ".skills-panel .skill-duration");
    assert!(
        years.iter().any(|y| text(y) == "10 years"),
        "years beside skills"
    );
    // Each skill with years carries its bar's share of the longest (--share, drawn by the
    // stylesheet's `.skill-years li[style]::after`): the longest full, the rest by years.
    let mut shares = Vec::new();
    let duration_css = scraper::Selector::parse(".skill-duration").unwrap();
    for li in select(&html, ".skills-panel .skill-years li") {
        let duration = li.select(&duration_css);
        let years = duration.map(|d| text(&d)).next();
        let share = li.value().attr("style").map(|s| {
            let n = s
                .strip_prefix("--share: ")
                .and_then(|s| s.strip_suffix('%'));
            n.unwrap_or_else(|| panic!("{s}")).parse::<u32>().unwrap()
        });
        assert_eq!(years.is_some(), share.is_some(), "{}", li.html());
        if let (Some(years), Some(share)) = (years, share) {
            shares.push((years, share));
        }
    }
    assert!(shares.contains(&("10 years".into(), 100)), "{shares:?}");
    assert!(shares.contains(&("3 years".into(), 30)), "{shares:?}");
    let css = std::fs::read_to_string(out.path().join("style.css")).unwrap();
    assert!(
        css.contains(".skill-years li[style]::after") && css.contains("var(--share)"),
        "the stylesheet draws the bars"
    );
}

#[test]
fn the_navigation_marks_the_section_of_every_page() {
    let out = demo();
    for (page_path, section) in [
        ("index.html", "People"),
        ("people/guido-iaquinti/index.html", "People"),
        ("employers/index.html", "Employers"),
        ("employers/slack-technologies/index.html", "Employers"),
        ("talks/index.html", "Talks"),
        (
            "talks/2019-scaling-resilient-systems-a-journey-into-slack-s-database-service/index.html",
            "Talks",
        ),
        ("skills/index.html", "Skills"),
        ("skills/go/index.html", "Skills"),
    ] {
        let html = page(out.path(), page_path);
        let current: Vec<String> = select(&html, ".site-nav a[aria-current]")
            .iter()
            .map(text)
            .collect();
        assert_eq!(current, [section], "{page_path}");
    }
}

/// Every HTML page of the built site, by its path.
fn every_page(out: &std::path::Path) -> Vec<(String, String)> {
    walk(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().display().to_string();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn no_page_says_one_people_or_repeats_a_talks_year() {
    let out = demo();
    for (rel, text_of_page) in every_page(out.path()) {
        let html = scraper::Html::parse_document(&text_of_page);
        let description = select(&html, "meta[name='description']")
            .first()
            .and_then(|m| m.value().attr("content").map(String::from))
            .unwrap_or_default();
        let words = format!("{} {description}", text(&select(&html, "body")[0]));
        for wrong in [
            "1 people",
            "1 engineers",
            "1 organisations",
            "1 skills",
            "1 talks",
        ] {
            assert!(
                !format!(" {words}").contains(&format!(" {wrong}")),
                "{rel} says {wrong:?}: {description}"
            );
        }
        assert!(
            description.ends_with('.') || description.ends_with('!') || description.is_empty(),
            "{rel}: a meta description reads as a sentence: {description:?}"
        );
        for item in select(&html, "li.talk-item") {
            let event = select_in(&item, ".talk-event")
                .first()
                .map(text)
                .unwrap_or_default();
            let when = select_in(&item, ".talk-when")
                .first()
                .map(text)
                .unwrap_or_default();
            let year_twice = when
                .split_whitespace()
                .any(|w| w.len() == 4 && event.contains(w));
            assert!(!year_twice, "{rel}: {event} · {when}");
        }
    }
    // A page with one person says so in the singular.
    let slack = page(out.path(), "employers/slack-technologies/index.html");
    let description = select(&slack, "meta[name='description']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert!(
        description.starts_with("One person on this site has worked at Slack"),
        "{description}"
    );
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

#[test]
fn syntax_css_is_linked_only_by_pages_with_code() {
    let site = copy_demo();
    edit(
        &site.path().join("content/people/guido-iaquinti.md"),
        |text| format!("{text}\n```rust\nfn main() {{}}\n```\n"),
    );
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let mut with = 0;
    for (rel, text_of_page) in every_page(out.path()) {
        let code = text_of_page.contains("hl-code");
        let linked = text_of_page.contains("syntax.css");
        assert_eq!(code, linked, "{rel}: code {code}, syntax.css {linked}");
        with += usize::from(code);
    }
    assert_eq!(with, 1, "Guido's page alone has highlighted code");
}

#[test]
fn the_home_filter_finds_people_by_employer_and_any_skill() {
    let out = demo();
    let home = page(out.path(), "index.html");
    let guido = select(&home, "#people-list > li")
        .into_iter()
        .find(|li| text(li).contains("Guido Iaquinti"))
        .unwrap();
    let keywords = guido.value().attr("data-keywords").unwrap_or_default();
    for word in ["slack technologies", "vitess", "posthog", "mysql"] {
        assert!(keywords.contains(word), "{word} in {keywords:?}");
    }
}
