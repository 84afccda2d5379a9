//! The templates: the built-in theme with the site's own over it, and their errors located.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::theme;
use crate::walk::Confine;

use super::*;

/// The templates a site's pages are rendered with: the built-in theme, the site's own
/// `templates/` over it by name, and the global `site` value every template sees.
pub struct Theme {
    pub(super) tera: Tera,
    /// Where each template is, as problems name it: the site's file, or the built-in one.
    paths: BTreeMap<String, PathBuf>,
    /// A fingerprint of every template's text and of the `site` value: a page rendered
    /// under another theme may differ though its own inputs did not change.
    pub print: u64,
    /// The ids the templates give to parts of pages (`id="about"`), which headings in
    /// markdown must not take, sorted.
    pub reserved_ids: Vec<String>,
}

impl Theme {
    /// Loads the theme of `site` (its root's `templates/` over the built-in ones).
    pub fn load(site: &Site, confine: &Confine) -> Result<Theme, Vec<Diagnostic>> {
        let sources = template_sources(&site.config.root, confine)?;
        let mut tera = Tera::new();
        // A name the site has no template of is looked up among the built-in ones, which
        // the site's own may also name to extend them: `{% extends "folio/person.html" %}`.
        tera.set_fallback_prefixes([BUILT_IN_PREFIX])
            .map_err(|e| vec![template_error(&e, &sources, None)])?;
        tera.autoescape_on(vec![".html", ".xml", ".htm", ".svg"]);
        // Known before the templates are parsed, which checks the functions they call.
        tera.register_function("wrap_text", super::cards::wrap_text);
        tera.register_filter("about", super::cards::about);
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|e| vec![template_error(&e, &sources, None)])?;
        // The built-in range(), counting the values it makes against each page's budget.
        tera.register_function("range", crate::budget::range);
        let site_view = SiteView::new(site);
        tera.global_context().insert("site", &site_view);
        let mut print = crate::hashing::Hashing::new();
        for (name, (_, text)) in &sources {
            print.text(name);
            print.text(text);
        }
        print.serialized(&site_view);
        let reserved_ids = ids_in(sources.values().map(|(_, text)| text.as_str()));
        Ok(Theme {
            reserved_ids,
            tera,
            paths: sources
                .into_iter()
                .map(|(name, (path, _))| (name, path))
                .collect(),
            print: print.finish(),
        })
    }

    /// Where the template pages ask for by `name` is, as problems name it: the site's
    /// file, or the built-in one.
    pub fn path(&self, name: &str) -> PathBuf {
        self.paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| theme::built_in_path(name))
    }
}

/// The literal ids (`id="about"`, not `id="{{ ... }}"`) in these templates' texts, sorted.
fn ids_in<'t>(texts: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut ids: Vec<String> = texts
        .flat_map(|text| text.split(" id=\"").skip(1))
        .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
        .filter(|id| !id.is_empty() && !id.contains(['{', '}', ' ']))
        .map(str::to_string)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The prefix of the built-in templates' names.
const BUILT_IN_PREFIX: &str = "folio/";

/// Every template by name, with the path problems in it are reported under (the site's
/// file, or `(built-in) name`) and its text: the built-in theme's, named `folio/<name>`,
/// and the site's `templates/`, which Tera looks at first.
pub(super) fn template_sources(
    root: &Path,
    confine: &Confine,
) -> Result<BTreeMap<String, (PathBuf, String)>, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = theme::TEMPLATES
        .iter()
        .map(|(name, text)| {
            let text = match name.ends_with(".html") {
                true => unindent(text),
                false => text.to_string(),
            };
            (
                format!("{BUILT_IN_PREFIX}{name}"),
                (theme::built_in_path(name), text),
            )
        })
        .collect();
    let dir = root.join("templates");
    // Hidden files and editors' backups are not templates.
    let (found, mut problems) = confine.files(&dir, |name| {
        let name = name.to_string_lossy();
        name.starts_with('.') || name.ends_with('~')
    });
    for file in found {
        let name = file
            .path
            .strip_prefix(&dir)
            .unwrap_or(&file.path)
            .to_string_lossy()
            .replace('\\', "/");
        let rel = crate::content::relative(root, &file.path);
        match std::fs::read_to_string(&file.path) {
            Ok(text) => {
                sources.insert(name, (rel, text));
            }
            Err(e) => problems.push(Diagnostic::file(&rel, format!("cannot read template: {e}"))),
        }
    }
    match problems.is_empty() {
        true => Ok(sources),
        false => Err(problems),
    }
}

/// `text` with the spaces and tabs that begin its lines taken out, lines kept. The
/// built-in HTML templates are indented to be read, and every page would carry that
/// indentation (7% of the HTML at 10,000 profiles). They hold no `<pre>`, no
/// `<textarea>` and no attribute value over two lines, where it would show; elsewhere in
/// HTML, and in the inline SVG of the charts, a line break and the spaces after it read as
/// one space, as the line break alone does. A site's own templates are taken as written.
fn unindent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(line.trim_start_matches([' ', '\t']));
    }
    out
}

/// A page being rendered: its address and the template rendering it.
pub(super) struct Rendering<'a> {
    pub url: &'a str,
    pub template: &'a Path,
}

/// A template error at its line and column in the template it is in (the site's file, or a
/// built-in template named as such), when Tera says where; else at the template of the page
/// being rendered, if one.
pub(super) fn template_error(
    error: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    rendering: Option<Rendering>,
) -> Diagnostic {
    let said = |message: &str| match &rendering {
        Some(page) => format!("cannot render {}: {message}", page.url),
        None => format!("template error: {message}"),
    };
    let help = match rendering {
        Some(_) => {
            "check the template against the variables listed in the README's template reference"
        }
        None => "templates use Tera 2 syntax: https://keats.github.io/tera/",
    };
    let message = error_chain(error);
    // Tera stops at the page's limit wherever the template is: it is the page's template that
    // prints too much (with the built-in ones, whose values are bounded, no content can).
    if let Some(page) = &rendering
        && message.contains(crate::budget::TOO_LARGE)
    {
        return Diagnostic::file(
            page.template,
            format!("cannot render {}: {}", page.url, crate::budget::TOO_LARGE),
        )
        .help(format!(
            "the template prints more than a page can hold, for instance a long list in one \
             page (the lists folio pages are given as `paginator`) or a long value many times; \
             a page may be at most {} MB",
            crate::budget::MAX_OUTPUT / (1024 * 1024)
        ));
    }
    // The report Tera located, wherever it is in the chain of causes.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(tera) = e.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera.kind()
            && let Some((path, text)) = sources.get(report.filename())
        {
            let source = SourceFile::new(path.clone(), text.as_str());
            return Diagnostic::at(&source, report.span().range.clone(), said(report.message()))
                .help(help);
        }
        cause = e.source();
    }
    // Tera points at the file as ` --> name:line:column`.
    let pointed = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .map(str::trim);
    let name = pointed
        .and_then(|p| sources.keys().find(|name| name.as_str() == p))
        .or_else(|| sources.keys().find(|name| message.contains(name.as_str())));
    let path = match (name.and_then(|n| sources.get(n)), &rendering) {
        (Some((path, _)), _) => path.clone(),
        (None, Some(page)) => page.template.to_path_buf(),
        (None, None) => PathBuf::from("templates"),
    };
    Diagnostic::file(&path, said(&message)).help(help)
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_templates_give_are_found_and_computed_ones_left_out() {
        let ids = ids_in(
            [
                r#"<h2 id="about">About</h2><div data-id="x">"#,
                r#"<section id="{{ slug }}"><h2 id="talks" class="a">"#,
                r##"<a href="#about" id="">"##,
            ]
            .into_iter(),
        );
        assert_eq!(ids, ["about", "talks"]);
    }

    #[test]
    fn unindenting_keeps_every_line_and_what_follows_the_indentation() {
        let text = "<ul>\n  <li>a</li>\n\t\t{%- if x %}\n    <li>b  c</li>\r\n</ul>";
        assert_eq!(
            unindent(text),
            "<ul>\n<li>a</li>\n{%- if x %}\n<li>b  c</li>\r\n</ul>"
        );
        assert_eq!(unindent(""), "");
    }

    #[test]
    fn the_built_in_html_templates_have_nothing_whose_indentation_shows() {
        for (name, text) in theme::TEMPLATES
            .iter()
            .filter(|(n, _)| n.ends_with(".html"))
        {
            for tag in ["<pre", "<textarea"] {
                assert!(!text.contains(tag), "{name} holds {tag}");
            }
        }
    }

    #[test]
    fn the_built_in_theme_reserves_the_person_page_sections() {
        let ids = ids_in(theme::TEMPLATES.iter().map(|(_, text)| *text));
        for section in [
            "main",
            "about",
            "experience",
            "talks",
            "skills",
            "people-heading",
        ] {
            assert!(ids.iter().any(|id| id == section), "{section}: {ids:?}");
        }
    }
}
