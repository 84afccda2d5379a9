//! The demo's resume.json files as JSON Resume's own tooling shows them: `resumed` with the
//! even, stackoverflow and elegant themes (npm packages of tests/browser/, pinned). Each
//! file renders without a crash, and every talk shows its event and its date, never as an
//! ongoing entry ("Present", "Current").

use std::path::Path;

use serde_json::Value;

use crate::support::*;
use crate::tools;

/// Each theme's package, and the element that holds one entry of `projects`.
const THEMES: &[(&str, &str)] = &[
    ("jsonresume-theme-even", "#projects article"),
    ("jsonresume-theme-stackoverflow", "#projects .timeline-item"),
    ("jsonresume-theme-elegant", "#projects-experience li.card"),
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How the themes print a date: its month (January for a year alone), abbreviated at least
/// to three letters ("Sep", "Sept"), and its year, with a comma between in elegant.
fn shows_date(text: &str, date: &str) -> bool {
    let mut parts = date.split('-');
    let year = parts.next().unwrap();
    let month = parts.next().map_or(1, |m| m.parse::<usize>().unwrap());
    let name = MONTHS[month - 1];
    text.match_indices(name).any(|(at, _)| {
        let rest = text[at + name.len()..].trim_start_matches(|c: char| c.is_ascii_lowercase());
        let rest = rest.trim_start_matches([',', '.']).trim_start();
        rest.starts_with(year)
    })
}

/// The HTML `resumed` renders from `resume` with `theme`, in UTC (stackoverflow formats
/// dates in the machine's time zone: "2020" would be "Dec 2019" west of Greenwich).
fn render(resume: &Path, theme: &str, out: &Path) -> String {
    let html = out.join(format!("{theme}.html"));
    let output = tools::node_command("resumed", "resumed")
        .env("TZ", "UTC")
        .arg("render")
        .arg(resume)
        .args(["--theme", theme, "--output"])
        .arg(&html)
        .output()
        .expect("resumed runs");
    assert!(
        output.status.success(),
        "resumed render {} --theme {theme} failed:\n{}",
        resume.display(),
        stderr(&output)
    );
    std::fs::read_to_string(&html).unwrap()
}

#[test]
#[ignore = "needs node packages: run from .ci/test"]
fn the_demos_resumes_render_with_three_themes_and_talks_are_dated() {
    for (theme, _) in THEMES {
        tools::node_package(theme, "package.json");
    }
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    let scratch = tempfile::tempdir().unwrap();
    let mut people: Vec<_> = std::fs::read_dir(out.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap().path().join("resume.json"))
        .filter(|p| p.is_file())
        .collect();
    people.sort();
    assert_eq!(people.len(), 5, "the demo's five people");
    let mut talks_seen = 0;
    let mut wrong = Vec::new();
    for resume in &people {
        let json: Value = serde_json::from_slice(&std::fs::read(resume).unwrap()).unwrap();
        let talks: Vec<&Value> = json["projects"]
            .as_array()
            .map(|p| p.iter().filter(|p| p["type"] == "talk").collect())
            .unwrap_or_default();
        let person = resume
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        for (theme, entry) in THEMES {
            let html = scraper::Html::parse_document(&render(resume, theme, scratch.path()));
            let entries: Vec<String> = select(&html, entry).iter().map(text).collect();
            for talk in &talks {
                talks_seen += 1;
                let (name, event) = (
                    talk["name"].as_str().unwrap(),
                    talk["entity"].as_str().unwrap(),
                );
                let date = talk["startDate"].as_str().unwrap();
                let at = format!("{person}, {theme}: the talk {name:?}");
                let Some(shown) = entries.iter().find(|e| e.contains(name)) else {
                    wrong.push(format!("{at} is not shown"));
                    continue;
                };
                if !shown.contains(event) {
                    wrong.push(format!("{at} does not name its event {event:?}: {shown}"));
                }
                if !shows_date(shown, date) {
                    wrong.push(format!("{at} does not show its date {date}: {shown}"));
                }
                for ongoing in ["Present", "Current"] {
                    if shown
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == ongoing)
                    {
                        wrong.push(format!("{at} is shown as ongoing ({ongoing}): {shown}"));
                    }
                }
            }
        }
    }
    assert!(
        talks_seen >= 9 * THEMES.len(),
        "the demo's talks were checked"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn dates_are_read_as_the_themes_print_them() {
    assert!(shows_date("Jan 2020 – Jan 2020", "2020"));
    assert!(shows_date("Sept 2019 - Sept 2019", "2019-09"));
    assert!(shows_date("Nov, 2019 - Nov, 2019 · 1 day", "2019-11"));
    assert!(!shows_date("Dec 2019 - Current", "2020"));
    assert!(!shows_date("Jan 2021", "2020"));
}
