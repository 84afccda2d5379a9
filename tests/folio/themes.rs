//! A site's own theme over the built-in one: templates that extend the built-in ones
//! block by block, stylesheets added beside the theme's, and the theme's words and ids
//! coming from its templates.

use crate::support::*;

/// The shared-talk fixture with these files of its own written into it.
fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let site = copy_site(&fixture("shared-talk"));
    for (path, text) in files {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

#[test]
fn a_site_template_extends_the_built_in_one_and_overrides_one_block() {
    let site = site_with(&[(
        "templates/person.html",
        "{% extends \"folio/person.html\" %}\
         {% block talks %}<p class=\"before-talks\">Ask me to speak</p>{{ super() }}{% endblock talks %}",
    )]);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "people/ada-lovelace/index.html");
    assert_eq!(text(&select(&html, "p.before-talks")[0]), "Ask me to speak");
    // Everything else is the built-in page's: its header, its talks, its other sections.
    assert_eq!(text(&select(&html, "h1")[0]), "Ada Lovelace");
    assert!(!select(&html, "#talks").is_empty());
    assert!(!select(&html, "#experience").is_empty());
    // The built-in page is what a site without the template gets.
    let plain = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), plain.path(), &[]);
    let built_in = page(plain.path(), "people/ada-lovelace/index.html");
    assert!(select(&built_in, "p.before-talks").is_empty());
    assert_eq!(
        select(&html, "section").len(),
        select(&built_in, "section").len()
    );
}

#[test]
fn extra_css_links_the_sites_stylesheets_after_the_themes_on_every_page() {
    let site = site_with(&[("static/css/brand.css", "body { color: teal; }\n")]);
    let toml = site.path().join("site.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.insert_str(0, "extra_css = [\"css/brand.css\"]\n");
    std::fs::write(&toml, config).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(out.join("css/brand.css").is_file());
    for path in ["index.html", "people/ada-lovelace/index.html", "404.html"] {
        let html = page(&out, path);
        let sheets: Vec<String> = select(&html, "link[rel=stylesheet]")
            .iter()
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect();
        // syntax.css only where there is code (the sample profile has a code block).
        let code = std::fs::read_to_string(out.join(path))
            .unwrap()
            .contains("hl-code");
        let expected: &[&str] = match code {
            true => &["/style.css", "/syntax.css", "/css/brand.css"],
            false => &["/style.css", "/css/brand.css"],
        };
        assert_eq!(sheets, expected, "{path}");
    }
}

#[test]
fn extra_css_naming_no_file_is_an_error_in_site_toml() {
    let site = site_with(&[]);
    let toml = site.path().join("site.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.insert_str(0, "extra_css = [\"css/missing.css\"]\n");
    std::fs::write(&toml, config).unwrap();
    let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    assert!(said.contains("site.toml:1:"), "{said}");
    assert!(said.contains("css/missing.css"), "{said}");
    assert!(said.contains("static/"), "{said}");
}

#[test]
fn a_pages_title_and_description_are_its_templates_words() {
    let site = site_with(&[(
        "templates/skills.html",
        "{% extends \"folio/skills.html\" %}\
         {% block page_title %}Know-how{% endblock page_title %}\
         {% block page_description %}All {{ skills | length }} things we know.{% endblock page_description %}",
    )]);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "skills/index.html");
    let count = std::fs::read_dir(out.join("skills"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .filter(|e| e.as_ref().unwrap().file_name() != "page")
        .count();
    assert!(text(&select(&html, "title")[0]).starts_with("Know-how · "));
    let description = |selector: &str| {
        select(&html, selector)[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string()
    };
    let words = format!("All {count} things we know.");
    assert_eq!(description("meta[name=description]"), words);
    assert_eq!(description("meta[property=\"og:description\"]"), words);
    assert_eq!(description("meta[property=\"og:title\"]"), "Know-how");
    // The navigation's words are the templates' too: a site's base.html renames a section.
    let base = include_str!("../../templates/base.html").replace(
        "aria-current=\"true\"{% endif %}>Talks</a>",
        "aria-current=\"true\"{% endif %}>Speaking</a>",
    );
    assert!(
        base.contains(">Speaking</a>"),
        "base.html names the section Talks"
    );
    let renamed = site_with(&[("templates/base.html", &base)]);
    let out = renamed.path().join("public");
    build(renamed.path(), &out, &[]);
    let html = page(&out, "talks/index.html");
    let current: Vec<String> = select(&html, "nav a[aria-current=page]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(current, ["Speaking"]);
}

#[test]
fn headings_in_markdown_do_not_take_ids_the_sites_templates_use() {
    let site = site_with(&[
        (
            "templates/page.html",
            "{% extends \"folio/page.html\" %}\
         {% block content %}<div id=\"colophon\"></div>{{ super() }}{% endblock content %}",
        ),
        (
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\n## Colophon\n\nMade with care.\n",
        ),
    ]);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "about/index.html");
    assert_eq!(select(&html, "#colophon").len(), 1, "one element per id");
    assert_eq!(select(&html, "h2#colophon-1").len(), 1);
}
