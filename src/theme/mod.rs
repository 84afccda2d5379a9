//! The built-in theme, compiled into the binary so `folio init` sites work anywhere.
//! A site's own `templates/` and `static/` files win over these by name.

/// Built-in templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("charts.html", include_str!("../../templates/charts.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    (
        "sections.html",
        include_str!("../../templates/sections.html"),
    ),
    (
        "employers.html",
        include_str!("../../templates/employers.html"),
    ),
    (
        "employer.html",
        include_str!("../../templates/employer.html"),
    ),
    ("talks.html", include_str!("../../templates/talks.html")),
    ("talk.html", include_str!("../../templates/talk.html")),
    ("skills.html", include_str!("../../templates/skills.html")),
    ("skill.html", include_str!("../../templates/skill.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("icons.html", include_str!("../../templates/icons.html")),
    ("card.svg", include_str!("../../templates/card.svg")),
];

/// The built-in stylesheet, one file per concern (src/theme/css/), in this order: the
/// colours and sizes every rule uses, then the page's parts from the outside in, then
/// small screens and print, which adjust the rest.
const STYLE: &str = concat!(
    include_str!("css/00-colors.css"),
    include_str!("css/01-base.css"),
    include_str!("css/02-layout.css"),
    include_str!("css/03-header.css"),
    include_str!("css/04-headings.css"),
    include_str!("css/05-prose.css"),
    include_str!("css/06-avatars.css"),
    include_str!("css/07-tags.css"),
    include_str!("css/08-cards.css"),
    include_str!("css/09-filter.css"),
    include_str!("css/10-profile.css"),
    include_str!("css/11-profile-sections.css"),
    include_str!("css/12-listings.css"),
    include_str!("css/12-charts.css"),
    include_str!("css/12a-icons.css"),
    include_str!("css/12b-search.css"),
    include_str!("css/13-small-screens.css"),
    include_str!("css/14-print.css"),
);

/// Built-in static files: (path under the output root, bytes).
pub const STATIC: &[(&str, &[u8])] = &[("style.css", STYLE.as_bytes()), ("favicon.svg", FAVICON)];

/// folio's own favicon, which the PNG icons are drawn from when the site has no favicon.svg.
pub const FAVICON: &[u8] = include_bytes!("../../static/favicon.svg");

/// How problems name a built-in template, which is on no disk: `(built-in) person.html`.
pub const BUILT_IN: &str = "(built-in)";

/// The name a problem in the built-in template `name` is reported under.
pub fn built_in_path(name: &str) -> std::path::PathBuf {
    format!("{BUILT_IN} {name}").into()
}

/// Whether a problem's path names a built-in template rather than a file.
pub fn is_built_in(path: &std::path::Path) -> bool {
    path.to_string_lossy().starts_with(BUILT_IN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    // A template added to templates/ but not here would silently be missing from `folio init` sites.
    #[test]
    fn every_theme_file_is_embedded() {
        let mut templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        templates.sort();
        assert_eq!(templates, files_in("templates"));
        // The repository's own static/ holds what the stylesheet does not: the favicon.
        for file in files_in("static") {
            assert!(STATIC.iter().any(|(n, _)| *n == file), "{file}");
        }
        // Every part of the stylesheet is in it, once.
        for part in files_in("src/theme/css") {
            let text = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/theme/css")
                    .join(&part),
            )
            .unwrap();
            assert_eq!(STYLE.matches(text.as_str()).count(), 1, "{part}");
        }
    }
}
