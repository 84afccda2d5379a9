//! `folio build` on fixture sites: merging, links, base paths, and output you can trust.

use std::path::Path;

use scraper::Html;

use crate::support::*;

#[test]
fn a_talk_listed_by_two_profiles_is_one_page_with_both_speakers() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    let talks: Vec<_> = std::fs::read_dir(out.path().join("talks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html" && n != "page")
        .collect();
    assert_eq!(talks, ["2023-scaling-things"]);

    let html = page(out.path(), "talks/2023-scaling-things/index.html");
    let speaker_links: Vec<String> = select(&html, "main a[href*='/people/']")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        speaker_links.contains(&"/people/ada-lovelace/".to_string()),
        "{speaker_links:?}"
    );
    assert!(
        speaker_links.contains(&"/people/bob-babbage/".to_string()),
        "{speaker_links:?}"
    );
    let main = text(&select(&html, "main")[0]);
    // A co-speaker without a profile is named, not linked.
    assert!(main.contains("Carol Chacón"), "{main}");
    assert!(main.contains("How we scaled things"), "{main}");
    assert!(main.contains("RustConf 2023"), "{main}");
}

#[test]
fn roles_under_an_alias_land_on_one_employer_page() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    assert!(
        !out.path().join("employers/acme").exists(),
        "the alias has no page of its own"
    );
    let html = page(out.path(), "employers/acme-corporation/index.html");
    let main = text(&select(&html, "main")[0]);
    for expected in [
        "Ada Lovelace",
        "Bob Babbage",
        "Principal Engineer",
        "Engineer",
        "Staff Engineer",
        "Acme makes everything",
    ] {
        assert!(main.contains(expected), "{expected} missing from: {main}");
    }
    assert!(
        !select(&html, "a[href='https://acme.example/']").is_empty(),
        "the website is linked"
    );
}

#[test]
fn skill_spellings_merge_through_site_aliases() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    assert!(!out.path().join("skills/k8s").exists());
    let html = page(out.path(), "skills/kubernetes/index.html");
    let people: Vec<_> = select(&html, "main a[href^='/people/']")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        people.contains(&"/people/ada-lovelace/".into())
            && people.contains(&"/people/bob-babbage/".into()),
        "{people:?}"
    );

    let index = page(out.path(), "skills/index.html");
    let kubernetes = select(&index, "main a[href='/skills/kubernetes/']");
    assert_eq!(kubernetes.len(), 1);
}

#[test]
fn person_page_links_to_employers_talks_and_skills_and_they_link_back() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    let ada = page(out.path(), "people/ada-lovelace/index.html");
    for href in [
        "/employers/acme-corporation/",
        "/talks/2023-scaling-things/",
        "/skills/rust/",
        "/skills/kubernetes/",
    ] {
        assert!(
            !select(&ada, &format!("main a[href='{href}']")).is_empty(),
            "ada links {href}"
        );
        let target = target_of(out.path(), "/", href).unwrap();
        let back = Html::parse_document(&std::fs::read_to_string(target).unwrap());
        assert!(
            !select(&back, "main a[href='/people/ada-lovelace/']").is_empty(),
            "{href} links back to ada"
        );
    }
}

#[test]
fn internal_markdown_links_resolve_to_page_urls() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    let ada = page(out.path(), "people/ada-lovelace/index.html");
    assert!(!select(&ada, "a[href='/people/bob-babbage/']").is_empty());
    let contact = page(out.path(), "contact/index.html");
    assert!(!select(&contact, "main a[href='/people/ada-lovelace/#experience']").is_empty());
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_a_stylesheet() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    let ada = page(out.path(), "people/ada-lovelace/index.html");
    let function = select(&ada, "pre.hl-code span.nf");
    assert_eq!(function.iter().map(text).collect::<Vec<_>>(), ["main"]);
    assert!(select(&ada, "pre [style]").is_empty(), "no inline styles");
    let css = std::fs::read_to_string(out.path().join("syntax.css")).unwrap();
    let (light, dark) = css
        .split_once("prefers-color-scheme: dark")
        .expect("a dark part");
    for part in [light, dark] {
        assert!(part.contains(".hl-code .nf {"), "{css}");
    }
    assert!(!select(&ada, "link[href='/syntax.css']").is_empty());
}

// Issue 21: highlighted code as compact as Hugo's, one flat span per run of a class.
#[test]
fn highlighted_code_is_flat_spans_with_no_two_neighbours_of_one_class() {
    let site = generated_site(25);
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let mut blocks = 0;
    for entry in std::fs::read_dir(out.path().join("people")).unwrap() {
        let path = entry.unwrap().path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&path) else {
            continue;
        };
        let html = Html::parse_document(&html);
        for code in select(&html, "pre.hl-code > code") {
            blocks += 1;
            let mut previous: Option<String> = None;
            for child in code.children() {
                if let Some(span) = scraper::ElementRef::wrap(child) {
                    assert_eq!(span.value().name(), "span", "{}", code.html());
                    assert!(
                        span.children().all(|c| c.value().is_text()),
                        "nested: {}",
                        span.html()
                    );
                    let class = span.value().attr("class").unwrap().to_string();
                    assert!(
                        class.len() <= 2 && class.bytes().all(|b| b.is_ascii_lowercase()),
                        "class {class}"
                    );
                    assert_ne!(previous.as_ref(), Some(&class), "{}", code.html());
                    previous = Some(class);
                } else if let Some(text) = child.value().as_text() {
                    // Spaces between two spans of one class belong inside them.
                    if !text.trim_matches([' ', '\t']).is_empty() {
                        previous = None;
                    }
                }
            }
        }
    }
    assert!(blocks >= 20, "{blocks} highlighted blocks");
}

#[test]
fn a_broken_internal_link_fails_the_build_naming_file_and_line() {
    let out = tempfile::tempdir().unwrap();
    let root = fixture("broken-link");
    let output = folio(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().join("public").to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("people/ada.md:6"), "{err}");
    assert!(err.contains("@/people/nobody.md"), "{err}");
    assert!(!out.path().join("public").exists(), "nothing written");
}

fn assert_links_resolve(out: &Path, root: &str) {
    for (page, url) in links(out) {
        assert!(
            is_external(&url) || url.starts_with(root) || url.starts_with('#'),
            "{}: {url} is not under {root}",
            page.display()
        );
    }
    assert_eq!(broken_links(out, root), Vec::<String>::new());
}

#[test]
fn every_link_in_a_fixture_site_resolves() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    assert_links_resolve(out.path(), "/");
}

#[test]
fn a_subpath_base_url_keeps_every_link_under_it() {
    let out = tempfile::tempdir().unwrap();
    build(
        &fixture("shared-talk"),
        out.path(),
        &["--base-url", "https://user.github.io/repo"],
    );
    assert_links_resolve(out.path(), "/repo/");
    let ada = page(out.path(), "people/ada-lovelace/index.html");
    assert!(!select(&ada, "a[href='/repo/people/bob-babbage/']").is_empty());
}

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), a.path(), &[]);
    build(&fixture("shared-talk"), b.path(), &[]);
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn a_failing_build_leaves_the_previous_site_in_place() {
    let site = copy_site(&fixture("shared-talk"));
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let before = tree(&out);
    std::fs::write(
        site.path().join("content/people/bob-babbage.md"),
        "---\nname: [unclosed\n---\n",
    )
    .unwrap();
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("bob-babbage.md"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("folio-"))
        // The pictures' cache is kept between builds on purpose.
        .filter(|n| n != ".folio-cache")
        .collect();
    // The lock file goes with the lock, as after a build that worked.
    assert!(
        leftovers.is_empty(),
        "no staging folder or lock file left: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_removes_pages_of_deleted_profiles() {
    let site = copy_site(&fixture("shared-talk"));
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(out.join("people/bob-babbage/index.html").is_file());
    std::fs::remove_file(site.path().join("content/people/bob-babbage.md")).unwrap();
    let ada = site.path().join("content/people/ada-lovelace.md");
    edit(&ada, |text| {
        text.replace("@/people/bob-babbage.md", "https://example.org/bob")
    });
    build(site.path(), &out, &[]);
    assert!(!out.join("people/bob-babbage").exists());
    assert!(
        !out.join("skills/python").exists(),
        "Bob's only skill page is gone"
    );
}

#[test]
fn output_folders_that_would_lose_user_files_are_refused() {
    let site = copy_site(&fixture("shared-talk"));
    let root = site.path();
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(root.join("notes/todo.txt"), "mine").unwrap();
    for bad in [
        root.to_path_buf(),
        root.join(".."),
        root.join("content"),
        root.join("static"),
        root.join("templates"),
        root.join("notes"),
    ] {
        let output = folio(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            bad.to_str().unwrap(),
        ]);
        assert!(
            !output.status.success(),
            "{} must be refused",
            bad.display()
        );
        assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    }
    assert_eq!(
        std::fs::read_to_string(root.join("notes/todo.txt")).unwrap(),
        "mine"
    );
    assert!(root.join("content/people/ada-lovelace.md").is_file());
}

#[test]
fn build_prints_a_one_line_summary() {
    let out = tempfile::tempdir().unwrap();
    let output = build(&fixture("shared-talk"), out.path(), &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let line = lines[0];
    assert!(
        line.starts_with("Built ")
            && line.contains("2 people")
            && line.contains("1 talk")
            && line.contains(" ms -> ")
            && line.ends_with(&out.path().display().to_string()),
        "{line}"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn a_site_without_templates_or_static_uses_the_built_in_theme() {
    let site = fixture("shared-talk");
    assert!(!site.join("templates").exists() && !site.join("static").exists());
    let out = tempfile::tempdir().unwrap();
    build(&site, out.path(), &[]);
    assert!(out.path().join("style.css").is_file());
    assert!(out.path().join("404.html").is_file());
    // The built-in templates' indentation is not published; code keeps its own.
    let mut pages = 0;
    for (path, bytes) in tree(out.path()) {
        if path.extension().is_some_and(|e| e == "html") {
            let text = String::from_utf8(bytes).unwrap();
            let outside_code = text.split("<pre").enumerate().map(|(i, part)| match i {
                0 => part,
                _ => part.split_once("</pre>").map_or("", |(_, after)| after),
            });
            for part in outside_code {
                let indented = part.lines().find(|l| l.starts_with([' ', '\t']));
                assert_eq!(indented, None, "{}", path.display());
            }
            pages += 1;
        }
    }
    assert!(pages > 5);
    // The same site with the built-in theme written into it (`folio eject`) builds the same
    // pages, with the indentation the built-in templates drop and a site's own keep.
    let ejected = copy_site(&site);
    let root = ejected.path().to_str().unwrap();
    let output = folio(&["--root", root, "eject"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(ejected.path().join("templates/person.html").is_file());
    assert!(ejected.path().join("static/style.css").is_file());
    let themed = tempfile::tempdir().unwrap();
    build(ejected.path(), themed.path(), &[]);
    assert_ne!(tree(out.path()), tree(themed.path()));
    assert_eq!(unindented_tree(out.path()), unindented_tree(themed.path()));
}

#[test]
fn a_site_template_overrides_the_built_in_one_by_name() {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/skill.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">Custom {{ skill.name }}</h1>{% endblock content %}",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "skills/rust/index.html");
    assert_eq!(text(&select(&html, "h1.custom")[0]), "Custom Rust");
}

/// A custom employer page can show each role in full, as the README's context lists it.
const ROLES_IN_FULL: &str = "{% extends \"base.html\" %}{% block content %}\
{% for entry in employer.people %}{% for role in entry.roles %}\
<div class=\"role\">{{ entry.person.name }}: {{ role.title }} ({{ role.dates }}) at \
<a href=\"{{ role.employer_url }}\">{{ role.employer }}</a>\
{% for t in role.technologies %} <a class=\"tech\" href=\"{{ t.url }}\">{{ t.name }}</a>{% endfor %}\
{{ role.highlights_html | default(value=\"\") | safe }}</div>\
{% endfor %}{% endfor %}{% endblock content %}";

#[test]
fn an_employer_template_gets_each_role_with_its_highlights_and_technologies() {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/employer.html"), ROLES_IN_FULL).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "employers/acme-corporation/index.html");
    let roles: Vec<String> = select(&html, "div.role").iter().map(text).collect();
    let ada = roles
        .iter()
        .find(|r| r.starts_with("Ada Lovelace: Principal Engineer"))
        .unwrap_or_else(|| panic!("{roles:?}"));
    assert!(ada.contains("Wrote the analytical engine."), "{ada}");
    let principal = &select(&html, "div.role")[roles.iter().position(|r| r == ada).unwrap()];
    let links: Vec<_> = principal
        .select(&scraper::Selector::parse("a").unwrap())
        .map(|a| (a.value().attr("href").unwrap(), text(&a)))
        .collect();
    assert_eq!(
        links,
        [
            (
                "/employers/acme-corporation/",
                "Acme Corporation".to_string()
            ),
            ("/skills/rust/", "Rust".to_string()),
            ("/skills/kubernetes/", "Kubernetes".to_string()),
        ]
    );
    assert!(
        principal.html().contains("<strong>analytical</strong>"),
        "highlights are markdown made HTML: {}",
        principal.html()
    );
    assert_eq!(
        roles[1..],
        [
            "Ada Lovelace: Engineer (2017 – Feb 2020) at Acme Corporation",
            // The employer as the profile names it (an alias), linked to the one page.
            "Bob Babbage: Staff Engineer (2019 – 2022) at Acme",
        ]
    );
}

#[test]
fn a_role_without_a_title_reads_well_on_every_page_and_check_says_nothing() {
    let site = fixture("untitled-role");
    let out = tempfile::tempdir().unwrap();
    build(&site, out.path(), &[]);

    let ada = page(out.path(), "people/ada-lovelace/index.html");
    let roles = select(&ada, "main li.role");
    assert_eq!(roles.len(), 2);
    let headings: Vec<String> = select(&ada, "main li.role h4").iter().map(text).collect();
    assert_eq!(
        headings,
        ["Engineer"],
        "no empty heading for the untitled role"
    );
    let untitled = roles[0]
        .select(&scraper::Selector::parse("p.entry-meta").unwrap())
        .map(|p| text(&p))
        .next();
    assert_eq!(untitled.as_deref(), Some("2020 – Present Core"));
    let employer = "/employers/engine-works/";
    let current = select(&ada, "main .profile-meta span");
    assert_eq!(text(&current[0]), "At Engine Works");
    assert!(!select(&ada, &format!(".profile-meta a[href='{employer}']")).is_empty());

    let home = page(out.path(), "index.html");
    assert_eq!(
        text(&select(&home, "main .card-role")[0]),
        "At Engine Works"
    );

    let works = page(out.path(), "employers/engine-works/index.html");
    let lines: Vec<String> = select(&works, "main .card-roles li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(lines, ["2020 – Present Core", "Engineer 2016 – 2019"]);
    assert_eq!(select(&works, "main .card-roles .card-role-title").len(), 1);

    let check = folio(&["check", "--root", site.to_str().unwrap()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        stderr(&check)
    );
    assert!(check.status.success(), "{said}");
    assert!(said.contains("no errors, no warnings"), "{said}");
}

#[test]
fn a_talk_file_adds_its_write_up_links_and_speakers() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    let html = page(out.path(), "talks/2023-scaling-things/index.html");
    let main = text(&select(&html, "main")[0]);
    assert!(main.contains("The long story of the talk"), "{main}");
    assert!(main.contains("Dee Dijkstra"), "{main}");
    assert!(!select(&html, "a[href='https://example.org/video']").is_empty());
    assert!(
        !select(&html, "a[href='https://example.org/slides.pdf']").is_empty(),
        "slides from the profile stay"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), out.path(), &[]);
    assert!(!out.path().join("people/draft-dan").exists());
    assert!(!out.path().join("skills/cobol").exists());
    assert!(
        !std::fs::read_to_string(out.path().join("index.html"))
            .unwrap()
            .contains("Draft Dan")
    );

    let with_drafts = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), with_drafts.path(), &["--drafts"]);
    assert!(
        with_drafts
            .path()
            .join("people/draft-dan/index.html")
            .is_file()
    );
    assert!(with_drafts.path().join("skills/cobol/index.html").is_file());
}

#[test]
fn a_rebuild_leaves_unchanged_files_untouched() {
    use std::os::unix::fs::MetadataExt;
    let site = copy_site(&fixture("shared-talk"));
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let stamp = |rel: &str| {
        let m = std::fs::metadata(out.join(rel)).unwrap();
        (m.ino(), m.mtime_nsec(), m.mtime())
    };
    let ada_before = stamp("people/ada-lovelace/index.html");
    let bob_before = stamp("people/bob-babbage/index.html");
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let bob = site.path().join("content/people/bob-babbage.md");
    edit(&bob, |text| {
        text.replace(
            "Bob computes differences.",
            "Bob computes more differences.",
        )
    });
    build(site.path(), &out, &[]);
    assert_eq!(
        stamp("people/ada-lovelace/index.html"),
        ada_before,
        "an unchanged page is not rewritten"
    );
    assert_ne!(
        stamp("people/bob-babbage/index.html"),
        bob_before,
        "the edited page is"
    );
    assert!(
        std::fs::read_to_string(out.join("people/bob-babbage/index.html"))
            .unwrap()
            .contains("more differences")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine",
        "a file folio did not write is kept"
    );
}

// A name Windows keeps for a device (CON, NUL, AUX, COM1...) made a folder or file of that
// name (`people/con/con.vcf`, `skills/aux/`), which Windows can neither create nor check
// out: folio itself failed there, and a published site could not be cloned.
#[test]
fn names_windows_keeps_for_devices_make_no_file_or_folder_of_that_name() {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::write(
        site.path().join("content/people/con.md"),
        "+++\nname = \"Con\"\nskills = [\"AUX\"]\n\n[[experience]]\nemployer = \"NUL\"\n\
         title = \"Engineer\"\nstart = \"2020\"\ntechnologies = [\"COM1\"]\n+++\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    for page in [
        "people/con-1/index.html",
        "people/con-1/con-1.vcf",
        "skills/aux-1/index.html",
        "skills/com1-1/index.html",
        "employers/nul-1/index.html",
    ] {
        assert!(out.path().join(page).is_file(), "{page}");
    }
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1"];
    for path in tree(out.path()).keys() {
        for part in path.components() {
            let name = part.as_os_str().to_string_lossy().to_lowercase();
            let stem = name.split('.').next().unwrap_or_default();
            assert!(!reserved.contains(&stem), "{}", path.display());
        }
    }
    // A `slug` field that names a device is refused, and the help says why.
    std::fs::write(
        site.path().join("content/people/con.md"),
        "+++\nname = \"Con\"\nslug = \"con\"\n+++\n",
    )
    .unwrap();
    let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("not a valid slug") && said.contains("Windows keeps \"con\""),
        "{said}"
    );
}
