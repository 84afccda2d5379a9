//! Third-party checkers on the demo: the Nu Html Checker and axe-core in headless Chromium.
//! They are installed by `.ci/setup`; `bash .ci/test` runs these tests (see tools.rs).

use std::collections::BTreeSet;
use std::process::Command;

use crate::support::*;
use crate::tools;

fn demo_build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), &out.path().join("site"), &[]);
    out
}

#[test]
#[ignore = "needs java and the npm package vnu-jar: run bash .ci/test"]
fn demo_html_passes_the_nu_html_checker() {
    tools::program("java", "default-jre-headless");
    tools::node_package("vnu-jar", "build/dist/vnu.jar");
    let out = demo_build();
    let result = Command::new("bash")
        .arg(repo().join("tests/browser/vnu.sh"))
        .arg(out.path().join("site"))
        .output()
        .expect("bash runs");
    assert!(
        result.status.success(),
        "vnu reported errors:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
#[ignore = "needs java and the npm package vnu-jar: run bash .ci/test"]
fn a_generated_site_with_paged_lists_and_the_search_page_passes_the_nu_html_checker() {
    tools::program("java", "default-jre-headless");
    tools::node_package("vnu-jar", "build/dist/vnu.jar");
    // 150 people in pages of 48: the directory, the employers' and the skills' people page.
    let site = generated_site(150);
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    assert!(out.path().join("people/page/2/index.html").is_file());
    assert!(out.path().join("search/index.html").is_file());
    let result = Command::new("bash")
        .arg(repo().join("tests/browser/vnu.sh"))
        .arg(out.path())
        .output()
        .expect("bash runs");
    assert!(
        result.status.success(),
        "vnu reported errors:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
#[ignore = "needs chromium, node and the npm packages axe-core, playwright-core: run bash .ci/test"]
fn demo_pages_of_every_kind_have_no_axe_violations_light_and_dark() {
    tools::installed("/usr/bin/chromium", "chromium");
    let mut node = tools::program("node", "nodejs");
    for package in ["axe-core", "@axe-core/playwright", "playwright-core"] {
        tools::node_package(package, "package.json");
    }
    let out = demo_build();
    let root = "/folio/";
    let pages = [
        "",
        "people/guido-iaquinti/",
        "people/dsaiztc/",
        "employers/",
        "employers/slack-technologies/",
        "talks/",
        "talks/2019-scaling-resilient-systems-a-journey-into-slack-s-database-service/",
        "skills/",
        "skills/go/",
        "about/",
        "search/",
        "404.html",
    ];
    let result = node
        .arg(repo().join("tests/browser/axe.mjs"))
        .arg(out.path().join("site"))
        .arg(root)
        .args(pages)
        .output()
        .expect("node runs");
    assert!(
        result.status.success(),
        "axe reported violations:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
#[ignore = "needs chromium, node and the npm package lighthouse: run bash .ci/test"]
fn demo_pages_of_every_kind_score_100_in_lighthouse_accessibility_seo_and_best_practices() {
    tools::installed("/usr/bin/chromium", "chromium");
    let mut node = tools::program("node", "nodejs");
    tools::node_package("lighthouse", "package.json");
    let out = demo_build();
    let pages = [
        "",
        "people/guido-iaquinti/",
        "employers/slack-technologies/",
        "talks/2019-scaling-resilient-systems-a-journey-into-slack-s-database-service/",
        "skills/go/",
    ];
    let result = node
        .arg(repo().join("tests/browser/lighthouse.mjs"))
        .arg(out.path().join("site"))
        .arg("/folio/")
        .args(pages)
        .output()
        .expect("node runs");
    assert!(
        result.status.success(),
        "Lighthouse scored a page under 100:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

// The demo shows no code; themes' own code colours can fall under 4.5:1 (InspiredGitHub's
// comments are 2.9:1 on white), so syntax.css raises them: checked on generated profiles,
// each with a code block, under the default themes and under two others.
#[test]
#[ignore = "needs chromium, node and the npm packages axe-core, playwright-core: run bash .ci/test"]
fn highlighted_code_has_no_axe_violations_light_and_dark() {
    tools::installed("/usr/bin/chromium", "chromium");
    for package in ["axe-core", "@axe-core/playwright", "playwright-core"] {
        tools::node_package(package, "package.json");
    }
    let site = generated_site(6);
    let pages: Vec<String> = std::fs::read_dir(site.path().join("content/people"))
        .unwrap()
        .take(3)
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            format!("people/{}/", name.trim_end_matches(".md"))
        })
        .collect();
    for themes in [
        "",
        "[markdown]\nhighlight_theme = \"base16-ocean.light\"\nhighlight_theme_dark = \"Solarized (dark)\"\n",
    ] {
        let config = site.path().join("site.toml");
        let mut toml = std::fs::read_to_string(&config).unwrap();
        toml.push_str(themes);
        std::fs::write(&config, toml).unwrap();
        let out = tempfile::tempdir().unwrap();
        build(site.path(), out.path(), &[]);
        let result = tools::program("node", "nodejs")
            .arg(repo().join("tests/browser/axe.mjs"))
            .arg(out.path())
            .arg("/engineers/")
            .args(&pages)
            .output()
            .expect("node runs");
        assert!(
            result.status.success(),
            "axe reported violations ({themes:?}):\n{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

/// Where the generated site of the search test is published: a subpath, as on GitHub Pages.
const SUBPATH: &str = "/sub/path/";

/// The people a list links to (`css` picks the links), following its `rel=next` pages, and
/// the `h1` of its first page.
fn listed_people(out: &std::path::Path, first: &str, css: &str) -> (String, BTreeSet<String>) {
    let mut people = BTreeSet::new();
    let mut title = None;
    let mut next = Some(first.to_string());
    while let Some(url) = next {
        let rel = format!("{}index.html", url.strip_prefix(SUBPATH).unwrap());
        let html = page(out, &rel);
        title.get_or_insert_with(|| text(&select(&html, "h1")[0]));
        people.extend(
            select(&html, css)
                .iter()
                .filter_map(|a| a.value().attr("href"))
                .map(str::to_string),
        );
        next = select(&html, "head link[rel='next']")
            .first()
            .and_then(|l| l.value().attr("href"))
            .map(str::to_string);
    }
    (title.unwrap(), people)
}

/// The pages of every entry of an index (`employers`, `skills`): each entry's URL.
fn entries(out: &std::path::Path, index: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(out.join(index))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != "page" && e.path().join("index.html").is_file())
        .map(|e| format!("{SUBPATH}{index}/{}/", e.file_name().to_string_lossy()))
        .collect();
    found.sort();
    found
}

#[test]
#[ignore = "needs chromium, node and the npm packages axe-core, playwright-core: run bash .ci/test"]
fn search_finds_people_beyond_the_first_page_and_its_facets_narrow_them_by_keyboard() {
    tools::installed("/usr/bin/chromium", "chromium");
    let mut node = tools::program("node", "nodejs");
    for package in ["axe-core", "@axe-core/playwright", "playwright-core"] {
        tools::node_package(package, "package.json");
    }
    // 150 people in pages of 48: the directory has four pages.
    let site = generated_site(150);
    let out = tempfile::tempdir().unwrap();
    // The port the script serves on is the one base_url names: taken free here, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base_url = format!("http://127.0.0.1:{port}{SUBPATH}");
    build(site.path(), out.path(), &["--base-url", &base_url]);
    let out = out.path();

    // Someone not on the directory's first page: the last person of its last page.
    let cards = "ul.cards > li h2 a";
    let first_page: BTreeSet<String> = select(&page(out, "people/index.html"), cards)
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(!first_page.is_empty());
    assert!(
        out.join("people/page/2/index.html").is_file(),
        "the directory has more than one page"
    );
    let last_page = (2..)
        .take_while(|n| out.join(format!("people/page/{n}/index.html")).is_file())
        .last()
        .unwrap();
    let html = page(out, &format!("people/page/{last_page}/index.html"));
    let last = select(&html, cards)
        .last()
        .cloned()
        .expect("people on the last page");
    let person_url = last.value().attr("href").unwrap().to_string();
    assert!(!first_page.contains(&person_url));
    let person_name = text(
        &select(
            &page(
                out,
                &format!("{}index.html", person_url.strip_prefix(SUBPATH).unwrap()),
            ),
            "h1",
        )[0],
    );

    // A skill and an employer whose people overlap in a few, fewer than either has: the pair
    // with the most people in common, at most one page of results (10).
    let skills: Vec<(String, BTreeSet<String>)> = entries(out, "skills")
        .iter()
        .map(|url| listed_people(out, url, "table.holders tbody th a"))
        .collect();
    let employers: Vec<(String, BTreeSet<String>)> = entries(out, "employers")
        .iter()
        .map(|url| listed_people(out, url, "li.person-card .card-title a"))
        .collect();
    let mut pairs = Vec::new();
    for (skill, holders) in &skills {
        for (employer, staff) in &employers {
            let both: BTreeSet<String> = holders.intersection(staff).cloned().collect();
            if (2..=10).contains(&both.len())
                && both.len() < holders.len()
                && both.len() < staff.len()
            {
                pairs.push((both.len(), skill.clone(), employer.clone(), both));
            }
        }
    }
    let (_, skill, employer, both) = pairs
        .into_iter()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)))
        .expect("a skill and an employer with a few people in common");

    let spec = serde_json::json!({
        "site": out,
        "base": SUBPATH,
        "port": port,
        "person": { "name": person_name, "url": person_url },
        "skill": skill,
        "employer": employer,
        "both": both,
        "holders": skills.iter().find(|(name, _)| *name == skill).unwrap().1.len(),
        "axe": ["people/page/2/", "people/", "people/page/1/", "skills/page/1/"],
    });
    let result = node
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(spec.to_string())
        .output()
        .expect("node runs");
    assert!(
        result.status.success(),
        "the search checks failed ({spec}):\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}
