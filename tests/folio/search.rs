//! Search: the Pagefind index `folio build` writes under `pagefind/` (a record for each
//! person, talk, employer and skill, with its filters), the search page and the header's
//! box, under a base_url subpath; `[search] enabled = false` turns all of it off.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::support::*;

/// Every record of the index: the fragments of every shard, ungzipped (Pagefind writes
/// `pagefind_dcd` before each file's JSON).
fn records(out: &Path) -> Vec<Value> {
    let mut records = Vec::new();
    for (path, bytes) in tree(&out.join("pagefind")) {
        if path.extension().is_none_or(|e| e != "pf_fragment") {
            continue;
        }
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text.strip_prefix("pagefind_dcd").unwrap_or(&text);
        records.push(serde_json::from_str(json).unwrap());
    }
    records
}

fn record<'a>(records: &'a [Value], url: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["url"] == url)
        .unwrap_or_else(|| panic!("no record of {url}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn the_index_has_a_record_for_each_kind_with_its_filters_under_a_subpath() {
    let site = copy_demo();
    let out = tempfile::tempdir().unwrap();
    build(
        site.path(),
        out.path(),
        &["--base-url", "https://example.org/repo/"],
    );
    let records = records(out.path());

    let guido = record(&records, "/repo/people/guido-iaquinti/");
    assert_eq!(guido["meta"]["title"], "Guido Iaquinti");
    assert_eq!(guido["meta"]["kind"], "Person");
    assert!(guido["meta"]["headline"].is_string(), "{guido}");
    let filters = &guido["filters"];
    assert!(strings(&filters["skill"]).contains(&"Vitess"), "{filters}");
    assert!(
        strings(&filters["employer"]).contains(&"PostHog"),
        "{filters}"
    );
    assert_eq!(strings(&filters["location"]), ["Barcelona, Spain"]);
    // Found by a talk's title and an employer, not only by name.
    let content = guido["content"].as_str().unwrap();
    assert!(content.contains("Slack") && content.contains("Scaling Resilient Systems"));

    let talk = records
        .iter()
        .find(|r| {
            r["meta"]["kind"] == "Talk"
                && r["meta"]["title"]
                    .as_str()
                    .unwrap()
                    .starts_with("Scaling Resilient")
        })
        .expect("a record of Guido's talk");
    assert!(talk["url"].as_str().unwrap().starts_with("/repo/talks/"));
    assert_eq!(strings(&talk["filters"]["year"]), ["2019"]);
    assert!(strings(&talk["filters"]["event"])[0].starts_with("KubeCon"));
    assert!(talk["content"].as_str().unwrap().contains("Guido Iaquinti"));

    for (kind, url) in [
        ("Employer", "/repo/employers/posthog/"),
        ("Skill", "/repo/skills/vitess/"),
    ] {
        assert_eq!(record(&records, url)["meta"]["kind"], kind);
    }
    // One record per page of each kind, and nothing else.
    let pages = |folder: &str| {
        std::fs::read_dir(out.path().join(folder))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
            .count()
    };
    let count = |kind: &str| records.iter().filter(|r| r["meta"]["kind"] == kind).count();
    assert_eq!(count("Person"), pages("people"));
    assert_eq!(count("Talk"), pages("talks"));
    assert_eq!(count("Employer"), pages("employers"));
    assert_eq!(count("Skill"), pages("skills"));
    assert_eq!(
        records.len(),
        pages("people") + pages("talks") + pages("employers") + pages("skills")
    );

    // The scripts the search page loads, and its filters, are there.
    for file in [
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-entry.json",
        "shards.json",
    ] {
        assert!(out.path().join("pagefind").join(file).is_file(), "{file}");
    }
    let filters = std::fs::read_dir(out.path().join("pagefind/filter"))
        .unwrap()
        .count();
    assert!(filters > 0);

    // Every page's header searches the search page, which loads the index under /repo/.
    let home = page(out.path(), "index.html");
    let form = select(&home, "header form[role='search']");
    assert_eq!(form[0].value().attr("action"), Some("/repo/search/"));
    assert_eq!(
        select(&home, "header form input[name='q'][type='search']").len(),
        1
    );
    assert!(
        select(&home, "script[src*='pagefind']").is_empty(),
        "no search script before it is used"
    );
    let search = page(out.path(), "search/index.html");
    let ui = select(&search, "#search");
    assert_eq!(ui[0].value().attr("data-bundle"), Some("/repo/pagefind/"));
    assert_eq!(
        select(&search, "script[src='/repo/pagefind/pagefind-ui.js']").len(),
        1
    );
    // Each facet value links to its page, and to the search narrowed to it.
    let items = select(&search, "#facet-skills + ul li");
    assert!(!items.is_empty());
    for item in &items {
        let links: Vec<&str> = item
            .select(&scraper::Selector::parse("a").unwrap())
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(links[0].starts_with("/repo/skills/"), "{links:?}");
        assert!(links[1].starts_with("/repo/search/?skill="), "{links:?}");
    }
    // The most held first: Linux is on three of the five profiles.
    assert!(!select(&search, ".facets a[href='/repo/search/?skill=Linux']").is_empty());
    assert!(!select(&search, ".facets a[href='/repo/employers/posthog/']").is_empty());
    assert_links_resolve(out.path());
}

fn assert_links_resolve(out: &Path) {
    let broken = broken_links(out, "/repo/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn search_is_off_when_site_toml_says_so() {
    let site = copy_demo();
    edit(&site.path().join("site.toml"), |text| {
        format!("{text}\n[search]\nenabled = false\n")
    });
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    assert!(!out.path().join("pagefind").exists());
    assert!(!out.path().join("search").exists());
    let home = page(out.path(), "index.html");
    assert!(select(&home, "form[role='search']").is_empty());
}

#[test]
fn the_index_is_byte_identical_across_builds() {
    let site = copy_demo();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build(site.path(), a.path(), &[]);
    build(site.path(), b.path(), &[]);
    let (a, b) = (
        tree(&a.path().join("pagefind")),
        tree(&b.path().join("pagefind")),
    );
    assert!(a.len() > 5);
    assert_eq!(a, b);
}

/// Pagefind's UI writes a filter's value into the search page as HTML: a skill, employer,
/// place or event named like markup must reach the index escaped, as Pagefind's own
/// indexer would read it from a page, or visiting `/search/` runs it.
#[test]
fn filter_values_reach_the_index_escaped_as_html() {
    let site = copy_demo();
    std::fs::write(
        site.path().join("content/people/mallory.md"),
        "+++\nname = \"Mallory\"\nlocation = \"Paris <img src=x onerror=alert(1)>\"\n\
         skills = [\"<img src=x onerror=alert(2)>\", \"R&D\", \"Bob's DSL\"]\n\
         [[experience]]\nemployer = \"Acme <b onmouseover=alert(3)>\"\ntitle = \"Engineer\"\nstart = \"2020\"\n\
         [[talks]]\ntitle = \"Zebras\"\nevent = \"Ev <svg onload=alert(4)>\"\ndate = \"2021\"\n+++\nMallory.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let records = records(out.path());

    let filters = &record(&records, "/folio/people/mallory/")["filters"];
    assert!(
        strings(&filters["skill"]).contains(&"&lt;img src=x onerror=alert(2)&gt;"),
        "{filters}"
    );
    assert!(strings(&filters["skill"]).contains(&"R&amp;D"), "{filters}");
    assert!(
        strings(&filters["skill"]).contains(&"Bob&#39;s DSL"),
        "{filters}"
    );
    assert_eq!(
        strings(&filters["location"]),
        ["Paris &lt;img src=x onerror=alert(1)&gt;"]
    );
    assert_eq!(
        strings(&filters["employer"]),
        ["Acme &lt;b onmouseover=alert(3)&gt;"]
    );
    let talk = records
        .iter()
        .find(|r| r["meta"]["title"] == "Zebras")
        .expect("the talk's record");
    assert_eq!(
        strings(&talk["filters"]["event"]),
        ["Ev &lt;svg onload=alert(4)&gt;"]
    );
    for record in &records {
        for (name, values) in record["filters"].as_object().unwrap() {
            for value in strings(values) {
                assert!(!value.contains(['<', '>']), "{name}: {value}");
            }
        }
    }
    // The search page escapes a filter named in its address (`?skill=R%26D`) the same way.
    let search = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
    assert!(search.contains("params.getAll(name).map(escapeFilter)"));
}
