//! Checking every link of a rendered site: each internal href and src, with its
//! `#anchor`, must point at something the site writes; external URLs must be
//! http, https or mailto.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use scraper::{Html, Selector};

use crate::diagnostic::Diagnostic;
use crate::render::{Origin, Rendered};

/// What the links of one page are, and which ids it has.
struct Scanned {
    links: Vec<String>,
    ids: HashSet<String>,
}

/// How many links were checked, and every broken one.
pub struct LinkReport {
    pub checked: usize,
    pub problems: Vec<Diagnostic>,
}

/// Checks the links of every HTML page in `rendered`, published at the URL path `root`.
pub fn check(rendered: &Rendered, root: &str) -> LinkReport {
    let written: HashSet<String> = rendered
        .files
        .iter()
        .map(|(p, _)| p)
        .chain(&rendered.copies)
        .map(|p| url_path(p))
        .collect();
    let pages: HashMap<String, Scanned> = rendered
        .files
        .par_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (url_path(p), scan(&String::from_utf8_lossy(bytes))))
        .collect();

    let origins: std::collections::HashMap<&Path, &crate::render::Origin> = rendered
        .origins
        .iter()
        .map(|(path, origin)| (path.as_path(), origin))
        .collect();
    let mut names: Vec<&String> = pages.keys().collect();
    names.sort();
    let mut report = LinkReport {
        checked: 0,
        problems: Vec::new(),
    };
    for page in names {
        let origin = origins.get(Path::new(page)).copied();
        let mut broken = 0;
        for link in &pages[page].links {
            report.checked += 1;
            if let Err(why) = resolve(link, page, root, &written, &pages) {
                broken += 1;
                if broken <= MAX_LOCATED_PER_PAGE {
                    report
                        .problems
                        .push(problem(origin, page, root, link, &why));
                }
            }
        }
        if broken > MAX_LOCATED_PER_PAGE {
            let unlocated = broken - MAX_LOCATED_PER_PAGE;
            let file = origin
                .and_then(|o| o.source.as_ref())
                .map_or_else(|| template_of(origin), |s| s.path.as_path());
            report.problems.push(
                Diagnostic::file(
                    file,
                    format!(
                        "the page {root}{} has {unlocated} more broken links",
                        page.trim_end_matches("index.html")
                    ),
                )
                .help(
                    "fix the ones above and run again: many alike are often one mistake repeated",
                ),
            );
        }
    }
    report
}

/// How many broken links of one page are located in its file: each is searched for in the
/// whole file, and tens of thousands in one profile kept `folio check` busy for minutes (a
/// sixth hostile tester). A report shows at most [`crate::diagnostic::MAX_SHOWN_PER_FILE`]
/// of a file anyway; the rest are counted in one line.
const MAX_LOCATED_PER_PAGE: usize = 100;

fn problem(origin: Option<&Origin>, page: &str, root: &str, link: &str, why: &str) -> Diagnostic {
    let message = format!(
        "the page {root}{} links to `{link}`: {why}",
        page.trim_end_matches("index.html")
    );
    let diagnostic = match origin.and_then(|o| o.source.as_ref()) {
        Some(source)
            if source
                .text
                .contains(link.split('#').next_back().unwrap_or(link)) =>
        {
            let needle = if source.text.contains(link) {
                link
            } else {
                link.split('#').next_back().unwrap_or(link)
            };
            Diagnostic::near(source, &[needle], message)
        }
        _ => Diagnostic::file(template_of(origin), message),
    };
    diagnostic.help("link to a page the site writes: a profile with @/people/<file>.md, a heading's #anchor, or a full https:// URL")
}

/// The template a page was made with, where a problem with no place in content is named.
fn template_of(origin: Option<&Origin>) -> &Path {
    origin.map_or(Path::new("templates"), |o| o.template.as_path())
}

/// A written file's path with `/` separators, as URLs see it.
fn url_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn scan(html: &str) -> Scanned {
    let document = Html::parse_document(html);
    let linked = Selector::parse("[href], [src]").expect("a valid selector");
    let with_id = Selector::parse("[id], a[name]").expect("a valid selector");
    let mut links = Vec::new();
    for element in document.select(&linked) {
        for attr in ["href", "src"] {
            if let Some(value) = element.value().attr(attr) {
                links.push(value.to_string());
            }
        }
    }
    let ids = document
        .select(&with_id)
        .filter_map(|e| e.value().attr("id").or_else(|| e.value().attr("name")))
        .map(str::to_string)
        .collect();
    Scanned { links, ids }
}

/// Ok when `link` on `page` points at something that exists.
fn resolve(
    link: &str,
    page: &str,
    root: &str,
    written: &HashSet<String>,
    pages: &HashMap<String, Scanned>,
) -> Result<(), String> {
    let link = link.trim();
    // The same rules as every URL a profile gives: a link the build refuses in front matter
    // is refused here too, with the same words.
    if !link.is_empty() && crate::content::Link::parse(link)?.is_external() {
        return Ok(());
    }
    let (path, anchor) = link
        .split_once('#')
        .map_or((link, None), |(p, a)| (p, Some(a)));
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let within = if let Some(absolute) = decoded.strip_prefix('/') {
            match format!("/{absolute}").strip_prefix(root) {
                Some(rest) => rest.to_string(),
                None => return Err(format!("it is outside the site's base path {root}")),
            }
        } else {
            let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            join(dir, &decoded).ok_or("it climbs out of the site")?
        };
        if within.is_empty() || within.ends_with('/') {
            format!("{within}index.html")
        } else if written.contains(&within) {
            within
        } else if written.contains(&format!("{within}/index.html")) {
            format!("{within}/index.html")
        } else {
            within
        }
    };
    if !written.contains(&target) {
        return Err("the site does not write that file".into());
    }
    match (anchor, pages.get(&target)) {
        (Some(anchor), Some(scanned)) if !anchor.is_empty() => {
            let anchor = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
            if scanned.ids.contains(anchor.as_ref()) {
                Ok(())
            } else {
                Err(format!("that page has no element with id \"{anchor}\""))
            }
        }
        _ => Ok(()),
    }
}

/// `dir` + a relative path, with `.` and `..` applied; None if it climbs above the root.
fn join(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = relative.ends_with('/');
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> (HashSet<String>, HashMap<String, Scanned>) {
        let written = pages.iter().map(|(p, _)| p.to_string()).collect();
        let scanned = pages
            .iter()
            .map(|(p, html)| (p.to_string(), scan(html)))
            .collect();
        (written, scanned)
    }

    #[test]
    fn resolves_pretty_urls_anchors_and_relative_files() {
        let (written, pages) = site(&[
            ("index.html", "<a href='/repo/people/ada/#talks'>x</a>"),
            ("people/ada/index.html", "<h2 id='talks'>Talks</h2>"),
            ("people/ada/cv.txt", ""),
        ]);
        let ok = |link: &str, page: &str| resolve(link, page, "/repo/", &written, &pages);
        assert!(ok("/repo/people/ada/#talks", "index.html").is_ok());
        assert!(ok("/repo/people/ada", "index.html").is_ok());
        assert!(ok("cv.txt", "people/ada/index.html").is_ok());
        assert!(ok("#talks", "people/ada/index.html").is_ok());
        assert!(ok("https://example.org/", "index.html").is_ok());
        assert!(ok("/repo/people/bob/", "index.html").is_err());
        assert!(
            ok("/repo/people/ada/#skills", "index.html")
                .unwrap_err()
                .contains("no element with id")
        );
        assert!(
            ok("/people/ada/", "index.html")
                .unwrap_err()
                .contains("base path")
        );
        assert!(ok("javascript:alert(1)", "index.html").is_err());
        assert!(ok("https:javascript:alert(1)", "index.html").is_err());
        assert!(ok("/\\evil.example", "index.html").is_err());
        assert!(ok("../../../etc/passwd", "people/ada/index.html").is_err());
    }
}
