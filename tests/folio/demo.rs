//! The demo site in the repository, built for real and checked page by page, and
//! against the CVs it was made from (../shared/seeds/).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

fn demo() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    out
}

#[test]
fn slack_page_lists_both_of_guidos_roles_there() {
    let out = demo();
    let html = page(out.path(), "employers/slack-technologies/index.html");
    let main = text(&select(&html, "main")[0]);
    assert!(main.contains("Guido Iaquinti"), "{main}");
    assert!(main.contains("2016 – 2018"), "{main}");
    assert!(main.contains("2019 – 2021"), "{main}");
}

/// The elements under `element` matching `css`.
fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

/// The talks index: each year a section headed by the year, with the links to its talks.
fn talks_by_year(index: &scraper::Html) -> Vec<(u32, Vec<String>)> {
    select(index, "main section")
        .iter()
        .map(|section| {
            let heading = select_in(section, "h2");
            assert_eq!(heading.len(), 1, "{}", section.html());
            let year = text(&heading[0])
                .parse()
                .unwrap_or_else(|_| panic!("a year heads {}", section.html()));
            let talks = select_in(section, "h3 a[href*='/talks/']")
                .iter()
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            (year, talks)
        })
        .collect()
}

#[test]
fn kubecon_talks_are_listed_under_2019_and_2020_with_abstracts() {
    let out = demo();
    let index = page(out.path(), "talks/index.html");
    let by_year = talks_by_year(&index);
    let years: Vec<u32> = by_year.iter().map(|(year, _)| *year).collect();
    assert!(
        years.windows(2).all(|w| w[0] > w[1]),
        "newest year first: {years:?}"
    );
    // Each talk is under the year its own page gives.
    for (year, talks) in &by_year {
        assert!(!talks.is_empty(), "{year} lists no talk");
        for href in talks {
            let html = page(
                out.path(),
                &format!("{}index.html", href.strip_prefix("/folio/").unwrap()),
            );
            // The page gives its year once: in the event's name, or in its date.
            let meta = text(&select(&html, "main .page-meta")[0]);
            let years: Vec<&str> = meta
                .split(|c: char| !c.is_ascii_digit())
                .filter(|t| t.len() == 4)
                .collect();
            assert_eq!(years, [year.to_string()], "{href} under {year}: {meta}");
        }
    }
    let listed = |href: &str| {
        by_year
            .iter()
            .find(|(_, talks)| talks.iter().any(|t| t == href))
            .map(|(year, _)| *year)
    };
    // Guido's own talks, as his page links them, that were given at a KubeCon.
    let guido = page(out.path(), "people/guido-iaquinti/index.html");
    let kubecon: Vec<String> = select(&guido, "main a[href*='/talks/2']")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .filter(|href| {
            let html = page(
                out.path(),
                &format!("{}index.html", href.strip_prefix("/folio/").unwrap()),
            );
            text(&select(&html, "main")[0]).contains("KubeCon")
        })
        .collect();
    let under: Vec<u32> = kubecon.iter().filter_map(|h| listed(h)).collect();
    assert!(
        under.contains(&2019) && under.contains(&2020),
        "{kubecon:?} under {under:?}"
    );
    for href in &kubecon {
        let html = page(
            out.path(),
            &format!("{}index.html", href.strip_prefix("/folio/").unwrap()),
        );
        let body = text(&select(&html, "main")[0]);
        assert!(body.contains("Guido Iaquinti"), "{href} names Guido");
        assert!(listed(href).is_some(), "{href} is on the talks index");
        assert!(
            body.split_whitespace().count() > 60,
            "{href} carries its abstract: {body}"
        );
    }
}

#[test]
fn every_person_in_the_seeds_has_a_page_and_a_card() {
    let out = demo();
    let home = page(out.path(), "index.html");
    let cards: Vec<String> = select(&home, "main a[href^='/folio/people/']")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for slug in [
        "guido-iaquinti",
        "giuseppe-lavagetto",
        "dsaiztc",
        "ivan-prisyazhnyy",
        "peter-bourgon",
    ] {
        assert!(
            out.path()
                .join(format!("people/{slug}/index.html"))
                .is_file(),
            "{slug}"
        );
        assert!(
            cards.contains(&format!("/folio/people/{slug}/")),
            "{slug} card on home"
        );
    }
}

#[test]
fn folder_profile_files_are_copied_beside_the_page() {
    let out = demo();
    assert!(out.path().join("people/dsaiztc/cv.txt").is_file());
    let html = page(out.path(), "people/dsaiztc/index.html");
    assert!(!select(&html, "a[href='/folio/people/dsaiztc/cv.txt']").is_empty());
}

#[test]
fn every_link_in_the_demo_resolves() {
    let out = demo();
    assert_eq!(broken_links(out.path(), "/folio/"), Vec::<String>::new());
}

// ---------- the demo, true to the CVs it was made from ----------
//
// Each demo profile was made from one CV in ../shared/seeds/ (beside the repository).
// These tests read the CVs and hold the built demo to what they state: every dated
// role (employer, title, team, place, dates, technologies, highlights), talk and
// degree; no title or location the CV does not state; no contact detail of a CV
// published; company descriptions only in the CV's own words.

/// The CV (seeds/NNN_*.txt) each demo profile was made from.
const PROFILES: [(&str, &str); 5] = [
    ("000", "guido-iaquinti"),
    ("001", "giuseppe-lavagetto"),
    ("002", "dsaiztc"),
    ("003", "ivan-prisyazhnyy"),
    ("004", "peter-bourgon"),
];

/// A CV's misspelt names that its profile corrects: (as in the CV, as in the profile).
const CV_TYPOS: &[(&str, &str)] = &[("Exepdia.com", "Expedia.com")];

/// Technologies a CV names in a role without saying they were used there:
/// (CV, its words, the role's start, what the role must not list).
const NOT_USED: &[(&str, &str, &str, &str)] = &[
    (
        "002",
        "Explore different tech stacks (Python/Airflow, Redshift, BigQuery",
        "2019-05",
        "BigQuery",
    ),
    (
        "002",
        "3 Data Engineers (Data infra. + complex ETLs; Spark, Kafka)",
        "2019-05",
        "Apache Spark",
    ),
    (
        "002",
        "3 Data Engineers (Data infra. + complex ETLs; Spark, Kafka)",
        "2019-05",
        "Apache Kafka",
    ),
    (
        "002",
        "including POC deployment of Tableau",
        "2017-09",
        "Tableau",
    ),
    // Kafka was one of the team library's connectors; dsaiztc's Kafka work starts 06.2023.
    (
        "002",
        "a thin library to provide support for in-house connectors (*Kafka*",
        "2021-06",
        "Apache Kafka",
    ),
];

/// Teams a CV names only in its prose: (CV, its words, the role's start, the team).
const TEAMS_IN_PROSE: &[(&str, &str, &str, &str)] = &[(
    "004",
    "In time, I moved to the core technology group",
    "2010",
    "core technology group",
)];

/// Words of a CV's talk line that name the talk's format, not its event ("IDI 2019 Keynote").
const TALK_FORMATS: &[&str] = &["Keynote"];

/// The folder of CVs, kept beside the repository rather than in it: a fresh clone has none,
/// so the tests that read them are `#[ignore]`d in a plain `cargo test`, and `bash .ci/test`
/// runs them. Without the CVs the demo cannot be checked: there that is a failure, not a skip.
fn seeds() -> PathBuf {
    let dir = repo().join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "the CVs the demo was made from are not at {}: this test reads them from \
         ../shared/seeds/ beside the repository (README, \"The demo\") and cannot check \
         the demo without them",
        dir.display()
    );
    dir
}

/// The text of CV `number` (seeds/<number>_*.txt).
fn cv_text(number: &str) -> String {
    let dir = seeds();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{number}_")) && n.ends_with(".txt"))
        })
        .unwrap_or_else(|| panic!("no CV {number}_*.txt in {}", dir.display()));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[derive(Debug, Default)]
struct Cv {
    /// Where the CV says the person is (not a contact line's address).
    location: Option<String>,
    roles: Vec<CvRole>,
    talks: Vec<CvTalk>,
    degrees: Vec<CvDegree>,
    /// Dated entries that are no role at an employer ("in other companies"): told in the bio.
    others: Vec<String>,
    /// Skill lists under a heading, when the CV groups them.
    skill_groups: Vec<(String, Vec<String>)>,
    /// Skill lists after each employer's roles ("Skillset: ..."), in order.
    skill_sets: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
struct CvRole {
    employer: String,
    /// None: the CV gives the role no title of its own.
    title: Option<String>,
    team: Option<String>,
    /// Where the CV places the role (the page may give part of it).
    location: Option<String>,
    /// "" when the CV gives the role no dates.
    start: String,
    end: Option<String>,
    /// All the CV says about the role.
    text: String,
}

#[derive(Debug)]
struct CvTalk {
    title: String,
    event: String,
    year: String,
    location: Option<String>,
}

#[derive(Debug)]
struct CvDegree {
    institution: String,
    start: String,
    end: String,
}

fn month(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let key = name.get(..3)?.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == key)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A CV's date as a profile writes it ("APR 2014", "June 2021", "06.2023", "2024.08" ->
/// "2014-04", ...); `Some(None)` for "present"; None if it is no date.
fn cv_date(text: &str) -> Option<Option<String>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("present") || text.eq_ignore_ascii_case("now") {
        return Some(None);
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = match text.split_once(['.', ' ']) {
        None if digits(text, 4) => text.to_string(),
        Some((m, y)) if digits(m, 2) && digits(y, 4) => format!("{y}-{m}"),
        Some((y, m)) if digits(y, 4) && digits(m, 2) => format!("{y}-{m}"),
        Some((m, y)) if digits(y, 4) => format!("{y}-{:02}", month(m)?),
        _ => return None,
    };
    Some(Some(date))
}

/// "2019 - 2021", "APR 2014 - PRESENT", "_June 2021 - September 2023 (Rust, Go)_",
/// "2022 – now |" -> (start, end).
fn cv_range(line: &str) -> Option<(String, Option<String>)> {
    let line = line.trim().trim_start_matches('_');
    let (start, end) = line.split_once(" - ").or_else(|| line.split_once(" – "))?;
    let end = end
        .split(" (")
        .next()?
        .trim_end_matches(['_', '.', '|', ' ']);
    Some((cv_date(start)??, cv_date(end)?))
}

fn non_empty_after<'a>(lines: &[&'a str], at: usize) -> Option<&'a str> {
    lines[at + 1..]
        .iter()
        .copied()
        .find(|l| !l.trim().is_empty())
}

/// CV 000: a Toptal profile page.
fn toptal(text: &str) -> Cv {
    let lines: Vec<&str> = text.lines().collect();
    let mut cv = Cv::default();
    let heading = |label: &str| lines.iter().position(|l| *l == label);
    cv.location = heading("Location").and_then(|i| non_empty_after(&lines, i).map(String::from));
    if let Some(i) = heading("Preferred Environment") {
        let list = non_empty_after(&lines, i).unwrap();
        cv.skill_groups
            .push(("Preferred Environment".into(), split_list(list)));
    }
    for (i, line) in lines.iter().enumerate() {
        if let Some((start, end)) = cv_range(line) {
            if lines
                .get(i + 2)
                .is_some_and(|l| l.trim_start().starts_with('•'))
            {
                // Title, blank line, dates, employer, highlights and technologies.
                let text: Vec<&str> = lines[i + 2..]
                    .iter()
                    .copied()
                    .take_while(|l| !l.is_empty())
                    .collect();
                cv.roles.push(CvRole {
                    employer: lines[i + 1].to_string(),
                    title: Some(lines[i - 2].to_string()),
                    team: None,
                    location: None,
                    start,
                    end,
                    text: text.join("\n"),
                });
            } else {
                // Dates, degree, "Institution - Place".
                let place = lines[i + 1..]
                    .iter()
                    .filter(|l| !l.is_empty())
                    .nth(1)
                    .unwrap();
                cv.degrees.push(CvDegree {
                    institution: place.split(" - ").next().unwrap().to_string(),
                    start,
                    end: end.unwrap(),
                });
            }
        }
        // Title, blank line, link, "Event 2019, Place."
        if line.starts_with("https://")
            && let Some((event, place)) = lines.get(i + 1).and_then(|l| l.split_once(", "))
            && let Some(year) = event.get(event.len().saturating_sub(4)..)
            && cv_date(year).is_some()
        {
            cv.talks.push(CvTalk {
                title: lines[i - 2].to_string(),
                event: event.to_string(),
                year: year.to_string(),
                location: Some(place.trim_end_matches('.').to_string()),
            });
        }
    }
    // Skill groups: heading, blank line, list; from "Paradigms" to the education.
    if let Some(from) = heading("Paradigms") {
        let block: Vec<&str> = lines[from..]
            .iter()
            .copied()
            .take_while(|l| cv_range(l).is_none())
            .filter(|l| !l.is_empty())
            .collect();
        for pair in block.chunks(2) {
            if let [name, list] = pair {
                cv.skill_groups.push((name.to_string(), split_list(list)));
            }
        }
    }
    cv
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',').map(|s| s.trim().to_string()).collect()
}

/// CV 001: "Employer, Place — Title", the dates on the next line.
fn giuseppe(text: &str) -> Cv {
    let lines: Vec<&str> = text.lines().collect();
    let mut cv = Cv::default();
    let at = |label: &str| lines.iter().position(|l| *l == label).unwrap();
    let (education, projects, talks) = (at("EDUCATION"), at("SOFTWARE PROJECTS"), at("Talks"));
    let is_header = |l: &str| l.contains(" — ");
    // A section heading in capitals ("SKILLS") or "Talks" ends a role's text too.
    let ends_role = |l: &str| {
        is_header(l)
            || l == "Talks"
            || (l.len() > 3 && l.chars().all(|c| c.is_ascii_uppercase() || c == ' '))
    };
    for (i, line) in lines.iter().enumerate() {
        let Some((who, title)) = line.split_once(" — ") else {
            continue;
        };
        let (start, end) = cv_range(non_empty_after(&lines, i).unwrap()).unwrap();
        let (name, place) = who.split_once(", ").unwrap();
        if (education..projects).contains(&i) {
            cv.degrees.push(CvDegree {
                institution: name.to_string(),
                start,
                end: end.unwrap(),
            });
            continue;
        }
        let text: Vec<&str> = lines[i + 1..]
            .iter()
            .copied()
            .take_while(|l| !ends_role(l))
            .collect();
        cv.roles.push(CvRole {
            employer: name.to_string(),
            title: Some(title.to_string()),
            team: None,
            location: Some(place.to_string()),
            start,
            end,
            text: text.join("\n"),
        });
    }
    // "Event - Title" lines, from "Talks" to the next role.
    for line in lines[talks + 1..].iter().take_while(|l| !is_header(l)) {
        if let Some((event, title)) = line.split_once(" - ").or_else(|| line.split_once(" – ")) {
            let year = event
                .split_whitespace()
                .find(|w| cv_date(w).is_some())
                .unwrap();
            cv.talks.push(CvTalk {
                title: title.to_string(),
                event: event.to_string(),
                year: year.to_string(),
                location: None,
            });
        }
    }
    cv
}

/// CV 002: "Employer (Place)" or "Title @ Team" or "Title", a blank line, then dates.
fn dsaiztc(text: &str) -> Cv {
    let lines: Vec<&str> = text.lines().collect();
    let mut cv = Cv::default();
    for list in lines.iter().filter_map(|l| l.strip_prefix("Skillset: ")) {
        // "AWS (S3, Lambda)" is AWS, S3 and Lambda.
        let items: Vec<String> = list
            .split([',', '(', ')'])
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        cv.skill_sets.push(items);
    }
    let heads: Vec<usize> = (2..lines.len())
        .filter(|&i| lines[i - 1].is_empty() && cv_range(lines[i]).is_some())
        .map(|i| i - 2)
        .collect();
    let (mut employer, mut place) = (String::new(), String::new());
    for (n, &head) in heads.iter().enumerate() {
        let (start, end) = cv_range(lines[head + 2]).unwrap();
        let line = lines[head];
        if let Some(inside) = line.strip_suffix(')') {
            let (name, at) = inside.split_once(" (").unwrap();
            (employer, place) = (name.to_string(), at.to_string());
            continue;
        }
        let stop = heads.get(n + 1).copied().unwrap_or(lines.len());
        let text: Vec<&str> = lines[head + 3..stop]
            .iter()
            .copied()
            .take_while(|l| !l.starts_with("Skillset:"))
            .collect();
        let (title, team) = match line.split_once(" @ ") {
            Some((title, team)) => (title, Some(team.to_string())),
            None => (line, None),
        };
        cv.roles.push(CvRole {
            employer: employer.clone(),
            title: Some(title.to_string()),
            team,
            location: Some(place.clone()),
            start,
            end,
            text: text.join("\n"),
        });
    }
    cv.roles.extend(undated_roles(&lines));
    cv
}

/// CV 002's earlier roles, after its dated ones: each a title line (under a paragraph
/// "Employer is a ..." when the CV names the employer), its text, then its "Skillset:".
fn undated_roles(lines: &[&str]) -> Vec<CvRole> {
    let mut roles = Vec::new();
    let skillsets: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("Skillset:"))
        .collect();
    for &at in &skillsets {
        let Some(next) = (at + 1..lines.len()).find(|&i| !lines[i].trim().is_empty()) else {
            continue;
        };
        if lines[next] == "Education" {
            break;
        }
        let (employer, head) = match lines[next].split_once(" is a ") {
            Some((employer, _)) => (
                employer.to_string(),
                (next + 1..lines.len())
                    .find(|&i| !lines[i].trim().is_empty())
                    .unwrap(),
            ),
            None => (String::new(), next),
        };
        // A dated role's heading is followed by its dates: not one of these.
        if non_empty_after(lines, head).is_some_and(|l| cv_range(l).is_some()) {
            continue;
        }
        let text: Vec<&str> = lines[head + 1..]
            .iter()
            .copied()
            .take_while(|l| !l.starts_with("Skillset:"))
            .collect();
        roles.push(CvRole {
            employer,
            title: Some(lines[head].to_string()),
            team: None,
            location: None,
            start: String::new(),
            end: None,
            text: text.join("\n"),
        });
    }
    roles
}

/// CV 003: "### Title in Team at Employer", dates in italics below.
fn ivan(text: &str) -> Cv {
    let lines: Vec<&str> = text.lines().collect();
    let mut cv = Cv::default();
    for (i, line) in lines.iter().enumerate() {
        let Some(head) = line.strip_prefix("### ") else {
            if *line == "## EDUCATION" {
                let name = non_empty_after(&lines, i).unwrap();
                let dates = lines[i + 1..]
                    .iter()
                    .find_map(|l| cv_range(l.rsplit(", ").next().unwrap()))
                    .unwrap();
                cv.degrees.push(CvDegree {
                    institution: name.split(" (").next().unwrap().to_string(),
                    start: dates.0,
                    end: dates.1.unwrap(),
                });
            }
            continue;
        };
        let block: Vec<&str> = lines[i + 1..]
            .iter()
            .copied()
            .take_while(|l| !l.starts_with("##"))
            .collect();
        let Some((who, employer)) = head.split_once(" at ") else {
            cv.others.push(head.to_string());
            continue;
        };
        let (start, end) = block.iter().find_map(|l| cv_range(l)).unwrap();
        let (title, team) = match who.split_once(" in ") {
            Some((title, team)) => (title, Some(team.to_string())),
            None => (who, None),
        };
        cv.roles.push(CvRole {
            employer: employer.to_string(),
            title: Some(title.to_string()),
            team,
            location: None,
            start,
            end,
            text: block.join("\n"),
        });
    }
    cv
}

/// CV 004: "2017 – 2021 |", "Employer, Place |", what was done there; no titles.
/// Whether an entry is a role, a degree or neither is read from the page.
fn peter(text: &str) -> Cv {
    let lines: Vec<&str> = text.lines().collect();
    let mut cv = Cv::default();
    for (i, line) in lines.iter().enumerate() {
        let Some((start, end)) = line.strip_suffix(" |").and_then(cv_range) else {
            continue;
        };
        let (name, place) = lines[i + 1]
            .trim_end_matches(" |")
            .split_once(", ")
            .unwrap();
        cv.roles.push(CvRole {
            employer: name.to_string(),
            title: None,
            team: None,
            location: Some(place.to_string()),
            start,
            end,
            text: lines[i + 2].trim_end_matches(" |").to_string(),
        });
    }
    cv
}

fn read_cv(number: &str) -> Cv {
    let text = cv_text(number);
    let mut cv = match number {
        "000" => toptal(&text),
        "001" => giuseppe(&text),
        "002" => dsaiztc(&text),
        "003" => ivan(&text),
        "004" => peter(&text),
        _ => unreachable!(),
    };
    for role in &mut cv.roles {
        if let Some((_, right)) = CV_TYPOS.iter().find(|(typo, _)| *typo == role.employer) {
            role.employer = right.to_string();
        }
    }
    // A reader that finds nothing would check nothing.
    assert!(
        cv.roles.len() >= 4,
        "CV {number}: only {} roles read",
        cv.roles.len()
    );
    cv
}

/// An element's text as a reader sees it: text nodes joined as they are, spaces collapsed.
fn plain(element: &scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn inside(element: &scraper::ElementRef<'_>, css: &str) -> Vec<String> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .map(|e| plain(&e))
        .collect()
}

/// Text compared as words: lowercase, spaces collapsed, markdown emphasis and escapes dropped.
fn words(text: &str) -> String {
    text.replace(['*', '\\'], "")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` has `phrase` as whole words ("engineering" does not say "engineer").
fn says(text: &str, phrase: &str) -> bool {
    let bare = |s: &str| {
        let kept: String = s
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "+#".contains(c) {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        format!(
            " {} ",
            kept.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    bare(text).contains(&bare(phrase))
}

#[derive(Debug)]
struct PageRole {
    employer: String,
    title: Option<String>,
    team: Option<String>,
    location: Option<String>,
    start: String,
    end: Option<String>,
    technologies: Vec<String>,
    /// The text of each paragraph and innermost list item of the highlights.
    highlights: Vec<String>,
}

#[derive(Debug)]
struct PageTalk {
    title: String,
    event: String,
    date: String,
    location: Option<String>,
    /// The text of the talk's own page.
    page_text: String,
}

/// A built profile: its page, with the dates and places of its JSON Resume.
struct Profile {
    roles: Vec<PageRole>,
    talks: Vec<PageTalk>,
    degrees: Vec<(String, Option<String>, Option<String>)>,
    location: Option<String>,
    skill_groups: Vec<(String, Vec<String>)>,
    text: String,
}

/// "2014-04" -> "Apr 2014", as pages show dates.
fn shown(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match date.split_once('-') {
        Some((year, m)) => format!("{} {year}", MONTHS[m.parse::<usize>().unwrap() - 1]),
        None => date.to_string(),
    }
}

fn profile(out: &Path, slug: &str) -> Profile {
    let html = page(out, &format!("people/{slug}/index.html"));
    let resume: Value = serde_json::from_slice(
        &std::fs::read(out.join(format!("people/{slug}/resume.json"))).unwrap(),
    )
    .unwrap();
    let work = resume["work"].as_array().unwrap();
    let items = select(&html, "main li.role");
    assert_eq!(
        items.len(),
        work.len(),
        "{slug}: page and resume.json roles"
    );
    let string = |v: &Value| v.as_str().map(String::from);
    let roles = items
        .iter()
        .zip(work)
        .map(|(item, w)| {
            let title = inside(item, "h4.role-title").into_iter().next();
            assert_eq!(
                title,
                string(&w["position"]),
                "{slug}: the title on the page and in resume.json"
            );
            // A role the CV gives no dates has none (its start is "" here, as in `CvRole`).
            let start = string(&w["startDate"]).unwrap_or_default();
            let end = string(&w["endDate"]);
            let dates = (!start.is_empty()).then(|| {
                format!(
                    "{} – {}",
                    shown(&start),
                    end.as_deref().map_or("Present".into(), shown)
                )
            });
            let shown_dates = inside(item, ".entry-meta span.role-dates");
            assert_eq!(
                shown_dates.first(),
                dates.as_ref(),
                "{slug}: dates on the page"
            );
            let location = string(&w["location"]);
            let team = inside(item, ".entry-meta span:not(.role-dates)")
                .into_iter()
                .find(|m| Some(m) != location.as_ref());
            let highlights = item
                .select(
                    &scraper::Selector::parse(".role-highlights p, .role-highlights li").unwrap(),
                )
                .filter(|e| {
                    e.select(&scraper::Selector::parse("ul, ol, p").unwrap())
                        .next()
                        .is_none()
                })
                .map(|e| plain(&e))
                .collect();
            PageRole {
                employer: string(&w["name"]).unwrap(),
                title,
                team,
                location,
                start,
                end,
                technologies: inside(item, ".role-technologies .tech"),
                highlights,
            }
        })
        .collect();
    let talks = select(&html, "main li.talk-item")
        .iter()
        .map(|item| {
            let link = item
                .select(&scraper::Selector::parse("h3 a").unwrap())
                .next()
                .unwrap();
            let event = inside(item, ".talk-event").remove(0);
            // The year is the event's when its name gives it ("KubeCon NA 2019 · Nov").
            let when = inside(item, ".talk-when").pop().unwrap_or_default();
            let year = |text: &str| {
                text.split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 4)
                    .map(String::from)
            };
            PageTalk {
                title: plain(&link),
                date: year(&when).or_else(|| year(&event)).unwrap_or(when),
                event,
                location: inside(item, ".talk-location").pop(),
                page_text: {
                    let href = link.value().attr("href").unwrap();
                    let rel = href.strip_prefix("/folio/").unwrap();
                    plain(&select(&page(out, &format!("{rel}index.html")), "main")[0])
                },
            }
        })
        .collect();
    let degrees = resume["education"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| {
                    (
                        // A degree may name no school (dsaiztc's CV names none).
                        string(&e["institution"]).unwrap_or_default(),
                        string(&e["startDate"]),
                        string(&e["endDate"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let skill_groups = select(&html, "main .skill-group")
        .iter()
        .map(|g| {
            // Each skill links to its page; a short name carries a hidden " (skill)" for
            // screen readers and search engines, which is not part of the name.
            let skills = inside(g, "a[href*='/skills/']")
                .into_iter()
                .map(|s| s.trim_end_matches("(skill)").trim().to_string())
                .collect();
            (inside(g, ".skill-group-name").remove(0), skills)
        })
        .collect();
    Profile {
        roles,
        talks,
        degrees,
        location: inside(&select(&html, "main")[0], ".profile-meta .p-locality")
            .into_iter()
            .next(),
        skill_groups,
        text: plain(&select(&html, "main")[0]),
    }
}

/// The ways a technology may be written in a CV: "Amazon Web Services (AWS)" as "AWS",
/// "Apache Airflow" as "Airflow", "CRDTs" as "CRDT", or a spelling site.toml maps onto it.
fn spellings(tech: &str, aliases: &toml::Table) -> Vec<String> {
    let mut all = vec![tech.to_string()];
    if let Some((long, short)) = tech.split_once(" (") {
        all.push(long.to_string());
        all.push(short.trim_end_matches(')').to_string());
    }
    all.extend(tech.strip_prefix("Apache ").map(String::from));
    all.extend(tech.strip_suffix('s').map(String::from));
    all.extend(
        aliases
            .iter()
            .filter(|(_, to)| to.as_str() == Some(tech))
            .map(|(from, _)| from.clone()),
    );
    all.into_iter().map(|s| s.to_lowercase()).collect()
}

/// A role's "Technologies:" list in the CV, if it has one: then only its items count.
fn technology_list(text: &str) -> Option<Vec<String>> {
    let at = ["Technologies:", "Technology Stack:"]
        .iter()
        .find_map(|label| text.find(label).map(|i| i + label.len()))?;
    let list = text[at..].trim_start();
    let list = list.split("\n\n").next().unwrap();
    Some(
        list.split([',', '\n'])
            .map(|s| s.trim().trim_end_matches('.').to_lowercase())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Everything one profile shows that its CV does not state, or states otherwise.
fn differences(
    number: &str,
    slug: &str,
    cv: &Cv,
    page: &Profile,
    aliases: &toml::Table,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let cv_words = words(&cv_text(number));
    let mut matched = vec![false; page.roles.len()];
    for role in &cv.roles {
        let found = page
            .roles
            .iter()
            .position(|p| p.employer == role.employer && p.start == role.start);
        let Some(i) = found else {
            // Not a role on the page: then a degree, or told in the bio.
            let degree = page.degrees.iter().any(|(name, start, end)| {
                *name == role.employer && start.as_ref() == Some(&role.start) && *end == role.end
            });
            if !degree && !words(&page.text).contains(&words(&role.text)) {
                wrong.push(format!(
                    "{role:?}: no role, degree or bio passage on the page"
                ));
            }
            continue;
        };
        matched[i] = true;
        let p = &page.roles[i];
        let at = format!("{slug}: {} ({})", role.employer, role.start);
        if p.end != role.end {
            wrong.push(format!(
                "{at}: ends {:?} on the page, {:?} in the CV",
                p.end, role.end
            ));
        }
        match (&role.title, &p.title) {
            (Some(cv), page) if Some(cv) != page.as_ref() => {
                wrong.push(format!(
                    "{at}: title {page:?} on the page, {cv:?} in the CV"
                ));
            }
            // The CV gives no title: the page may use only what the CV says ("an engineer on").
            (None, Some(title)) if !says(&role.text, title) => {
                wrong.push(format!(
                    "{at}: title {title:?}, which the CV does not state"
                ));
            }
            _ => {}
        }
        match (&role.team, &p.team) {
            (Some(cv), page) if Some(cv) != page.as_ref() => {
                wrong.push(format!("{at}: team {page:?} on the page, {cv:?} in the CV"));
            }
            (None, Some(team)) => {
                for part in team.split("; ") {
                    if !says(&role.text, part) {
                        wrong.push(format!("{at}: team {part:?}, which the CV does not name"));
                    }
                }
            }
            _ => {}
        }
        match (&role.location, &p.location) {
            (Some(cv), Some(page)) if words(cv).contains(&words(page)) => {}
            (None, None) => {}
            (cv, page) => wrong.push(format!(
                "{at}: place {page:?} on the page, {cv:?} in the CV"
            )),
        }
        let list = technology_list(&role.text);
        for tech in &p.technologies {
            let ways = spellings(tech, aliases);
            let stated = match &list {
                Some(items) => items.iter().any(|item| {
                    ways.iter()
                        .any(|w| item == w || item.split('/').any(|part| part == w))
                }),
                None => ways.iter().any(|w| says(&role.text, w)),
            };
            if !stated {
                wrong.push(format!(
                    "{at}: technology {tech:?}, which the CV does not name there"
                ));
            }
        }
        for passage in &p.highlights {
            if !cv_words.contains(&words(passage)) {
                wrong.push(format!("{at}: highlight not in the CV: {passage:?}"));
            }
        }
    }
    for (p, matched) in page.roles.iter().zip(matched) {
        if !matched {
            wrong.push(format!("{slug}: role {p:?} is not in the CV"));
        }
    }
    // Talks: the title as written, the event and year the CV gives.
    for talk in &cv.talks {
        let Some(p) = page.talks.iter().find(|p| p.title == talk.title) else {
            wrong.push(format!("{slug}: talk {:?} is missing", talk.title));
            continue;
        };
        let event: Vec<String> = words(&talk.event)
            .split(' ')
            .filter(|w| !TALK_FORMATS.iter().any(|f| f.eq_ignore_ascii_case(w)))
            .map(String::from)
            .collect();
        let shown: Vec<&str> = p.event.split(' ').collect();
        let page_words = words(&p.event);
        // "KubeCon 2019" may be written out as "KubeCon + CloudNativeCon NA 2019".
        if !event.iter().all(|w| page_words.split(' ').any(|s| s == w)) {
            wrong.push(format!(
                "{slug}: talk {:?} at {:?}, the CV says {:?}",
                talk.title, p.event, talk.event
            ));
        }
        // A format the CV gives ("Keynote") is said on the talk's page, not in the event's name.
        for format in TALK_FORMATS {
            if shown.iter().any(|w| w.eq_ignore_ascii_case(format)) {
                wrong.push(format!(
                    "{slug}: event {:?} names the talk's format",
                    p.event
                ));
            }
            let in_cv = words(&talk.event).split(' ').any(|w| w == words(format));
            if in_cv && !words(&p.page_text).contains(&words(format)) {
                wrong.push(format!(
                    "{slug}: talk {:?} does not say it was a {format}",
                    talk.title
                ));
            }
        }
        if p.date != talk.year {
            wrong.push(format!(
                "{slug}: talk {:?} dated {:?}, the CV says {}",
                talk.title, p.date, talk.year
            ));
        }
        if let Some(place) = &talk.location
            && p.location.as_deref().map(words) != Some(words(place))
        {
            wrong.push(format!(
                "{slug}: talk {:?} at {:?}, the CV says {place:?}",
                talk.title, p.location
            ));
        }
    }
    if page.talks.len() != cv.talks.len() {
        wrong.push(format!(
            "{slug}: {} talks on the page, {} in the CV",
            page.talks.len(),
            cv.talks.len()
        ));
    }
    for degree in &cv.degrees {
        let found = page.degrees.iter().any(|(name, start, end)| {
            *name == degree.institution
                && start.as_ref() == Some(&degree.start)
                && end.as_ref() == Some(&degree.end)
        });
        if !found {
            wrong.push(format!(
                "{slug}: degree {degree:?} is not on the page as the CV dates it"
            ));
        }
    }
    for entry in &cv.others {
        if !words(&page.text).contains(&words(entry)) {
            wrong.push(format!("{slug}: {entry:?} is not on the page"));
        }
    }
    // Each CV skill set is one group on the page: every skill there as the CV writes it
    // (or more fully: "Lambda" as "AWS Lambda"), and no other.
    let groups = page.skill_groups.iter().map(|(_, skills)| skills);
    for (set, skills) in cv.skill_sets.iter().zip(groups) {
        for item in set {
            if !skills.iter().any(|s| says(s, item)) {
                wrong.push(format!(
                    "{slug}: skill {item:?} is not in its group as written: {skills:?}"
                ));
            }
        }
        for skill in skills {
            if !set.iter().any(|item| says(skill, item)) {
                wrong.push(format!(
                    "{slug}: skill {skill:?} is not in the CV's list {set:?}"
                ));
            }
        }
    }
    if page.location != cv.location {
        wrong.push(format!(
            "{slug}: located {:?}, the CV says {:?}",
            page.location, cv.location
        ));
    }
    for (name, skills) in &cv.skill_groups {
        let group = page
            .skill_groups
            .iter()
            .find(|(g, _)| words(g) == words(name));
        let shown = group.map(|(_, s)| s.iter().map(|s| words(s)).collect::<Vec<_>>());
        if shown != Some(skills.iter().map(|s| words(s)).collect()) {
            wrong.push(format!(
                "{slug}: skills {name:?} are {:?}, the CV lists {skills:?}",
                group.map(|g| &g.1)
            ));
        }
    }
    wrong
}

fn skill_aliases() -> toml::Table {
    let site: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("site.toml")).unwrap()).unwrap();
    site.get("skill_aliases")
        .and_then(|a| a.as_table())
        .cloned()
        .unwrap_or_default()
}

#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn every_profile_states_what_its_cv_states_and_nothing_else() {
    let out = demo();
    let aliases = skill_aliases();
    let mut wrong = Vec::new();
    for (number, slug) in PROFILES {
        let cv = read_cv(number);
        wrong.extend(differences(
            number,
            slug,
            &cv,
            &profile(out.path(), slug),
            &aliases,
        ));
    }
    assert!(
        wrong.is_empty(),
        "the demo differs from its CVs:\n{}",
        wrong.join("\n")
    );
}

/// Email addresses and phone numbers written anywhere in the CVs.
fn contact_details() -> Vec<String> {
    let mut found = Vec::new();
    for (number, _) in PROFILES {
        let text = cv_text(number);
        for token in text.split_whitespace() {
            let token = token.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some((user, host)) = token.split_once('@')
                && !user.is_empty()
                && host.contains('.')
            {
                found.push(token.to_string());
            }
        }
        // A run of digits, spaces and ()+-. with at least nine digits, starting with + or (.
        let mut run = String::new();
        for c in text.chars().chain(['\n']) {
            if c.is_ascii_digit() || "+()-. ".contains(c) && (!run.is_empty() || "+(".contains(c)) {
                run.push(c);
                continue;
            }
            if run.chars().filter(char::is_ascii_digit).count() >= 9 {
                found.push(run.trim().to_string());
            }
            run.clear();
        }
    }
    found
}

#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn no_email_phone_or_address_of_a_cv_is_published() {
    let details = contact_details();
    // Giuseppe's CV gives his email: a scan that finds nothing would check nothing.
    assert!(!details.is_empty(), "no contact details found in the CVs");
    let out = demo();
    for (path, bytes) in tree(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        for detail in &details {
            assert!(
                !text.contains(detail.as_str()),
                "{} publishes {detail}",
                path.display()
            );
        }
    }
    for (_, slug) in PROFILES {
        let html = page(out.path(), &format!("people/{slug}/index.html"));
        assert!(
            select(&html, "a[href^='mailto:'], a[href^='tel:']").is_empty(),
            "{slug}"
        );
        let vcard =
            std::fs::read_to_string(out.path().join(format!("people/{slug}/{slug}.vcf"))).unwrap();
        for field in ["EMAIL", "TEL"] {
            assert!(
                !vcard.lines().any(|l| l.starts_with(field)),
                "{slug}: {field} in\n{vcard}"
            );
        }
        // An address may say where the person is (the profile's location), never a street:
        // ADR's parts are post office box, extended address, street, city, region, postal
        // code, country.
        for adr in vcard.lines().filter(|l| l.starts_with("ADR")) {
            let parts: Vec<&str> = adr.split_once(':').unwrap().1.split(';').collect();
            assert_eq!(parts.len(), 7, "{slug}: {adr}");
            for (i, part) in [
                (0, "box"),
                (1, "extended"),
                (2, "street"),
                (5, "postal code"),
            ] {
                assert!(parts[i].is_empty(), "{slug}: a {part} in {adr}");
            }
        }
        let resume: Value = serde_json::from_slice(
            &std::fs::read(out.path().join(format!("people/{slug}/resume.json"))).unwrap(),
        )
        .unwrap();
        for field in ["email", "phone"] {
            assert!(
                resume["basics"].get(field).is_none(),
                "{slug}: basics.{field}"
            );
        }
    }
}

#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn technologies_a_cv_only_mentions_are_not_claimed() {
    let out = demo();
    for (number, cv_words, start, tech) in NOT_USED {
        let text = cv_text(number);
        assert!(
            words(&text).contains(&words(cv_words)),
            "CV {number} says {cv_words:?}"
        );
        let slug = PROFILES.iter().find(|(n, _)| n == number).unwrap().1;
        let page = profile(out.path(), slug);
        let role = page
            .roles
            .iter()
            .find(|r| r.start == *start)
            .unwrap_or_else(|| panic!("{slug}: no role from {start}"));
        assert!(
            !role.technologies.iter().any(|t| t == tech),
            "{slug}: the role from {start} lists {tech}, though the CV only says {cv_words:?}"
        );
    }
}

#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn teams_a_cv_names_in_its_prose_are_the_roles_teams() {
    let out = demo();
    for (number, cv_words, start, team) in TEAMS_IN_PROSE {
        assert!(
            words(&cv_text(number)).contains(&words(cv_words)),
            "CV {number} says {cv_words:?}"
        );
        let slug = PROFILES.iter().find(|(n, _)| n == number).unwrap().1;
        let page = profile(out.path(), slug);
        let role = page.roles.iter().find(|r| r.start == *start).unwrap();
        assert_eq!(
            role.team.as_deref().map(words),
            Some(words(team)),
            "{slug}: the role from {start}"
        );
    }
}

/// A company described in a CV is described in those words on its page, and only there.
#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn company_descriptions_are_the_cvs_words_on_employer_pages() {
    let out = demo();
    let cvs: Vec<String> = PROFILES.iter().map(|(n, _)| words(&cv_text(n))).collect();
    let mut described = Vec::new();
    for (path, bytes) in tree(&out.path().join("employers")) {
        if path.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for description in select(&html, "main .employer-description") {
            let text = words(&plain(&description));
            assert!(
                cvs.iter().any(|cv| cv.contains(&text)),
                "{}: {text:?} is in no CV",
                path.display()
            );
            described.push(text);
        }
    }
    // dsaiztc's CV describes each employer under its name and dates.
    let text = cv_text("002");
    let lines: Vec<&str> = text.lines().collect();
    for i in 2..lines.len() {
        if lines[i - 2].ends_with(')') && lines[i - 1].is_empty() && cv_range(lines[i]).is_some() {
            let (name, _) = lines[i - 2].split_once(" (").unwrap();
            let description = words(non_empty_after(&lines, i).unwrap());
            let html = page(
                out.path(),
                &format!("employers/{}/index.html", name.to_lowercase()),
            );
            let shown = select(&html, "main .employer-description")
                .first()
                .map(|d| words(&plain(d)));
            assert_eq!(shown.as_ref(), Some(&description), "{name}'s page");
        }
    }
    for (_, slug) in PROFILES {
        let html = page(out.path(), &format!("people/{slug}/index.html"));
        for highlights in select(&html, "main .role-highlights") {
            let text = words(&plain(&highlights));
            for d in &described {
                assert!(
                    !text.contains(d.as_str()),
                    "{slug}: a role's highlights describe the company: {d}"
                );
            }
        }
    }
}

#[test]
#[ignore = "needs the CVs in ../shared/seeds/ beside the repository: run bash .ci/test"]
fn the_cv_beside_dsaiztcs_profile_is_the_cv_itself() {
    let out = demo();
    let published = std::fs::read_to_string(out.path().join("people/dsaiztc/cv.txt")).unwrap();
    assert!(
        published == cv_text("002"),
        "people/dsaiztc/cv.txt is not the text of CV 002"
    );
}
