//! The demo site in the repository, built for real and checked page by page.

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

#[test]
fn kubecon_talks_are_listed_under_2019_and_2020_with_abstracts() {
    let out = demo();
    let index = page(out.path(), "talks/index.html");
    let main = text(&select(&index, "main")[0]);
    let (y2020, y2019) = (main.find("2020").unwrap(), main.find("2019").unwrap());
    assert!(y2020 < y2019, "newest year first");
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
    let years: Vec<&str> = kubecon
        .iter()
        .map(|h| &h["/folio/talks/".len().."/folio/talks/".len() + 4])
        .collect();
    assert!(
        years.contains(&"2019") && years.contains(&"2020"),
        "{kubecon:?}"
    );
    for href in &kubecon {
        let html = page(
            out.path(),
            &format!("{}index.html", href.strip_prefix("/folio/").unwrap()),
        );
        let body = text(&select(&html, "main")[0]);
        assert!(body.contains("Guido Iaquinti"), "{href} names Guido");
        assert!(
            !select(&index, &format!("main a[href='{href}']")).is_empty(),
            "{href} is on the talks index"
        );
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
