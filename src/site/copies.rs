//! The files a build publishes as they are rather than makes: the site's `static/` files,
//! the built-in ones it does not replace, and the files beside profiles.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::theme;
use crate::walk::Confine;

use super::Site;

/// What a build publishes as it is.
#[derive(Debug, Default)]
pub struct Copies {
    /// (file on disk, path under the output): copied byte for byte, sorted by the latter.
    pub files: Vec<(PathBuf, PathBuf)>,
    /// (file on disk, path under the output, bytes): SVG files beside profiles, published
    /// only as [`crate::inert::sanitized_svg`] made them when they were checked.
    pub sanitized: Vec<(PathBuf, PathBuf, Arc<[u8]>)>,
    /// The built-in static files the site's `static/` does not replace: (path, bytes).
    pub built_in: Vec<(&'static str, &'static [u8])>,
    /// The favicon's PNGs and the web manifest the site's `static/` does not replace,
    /// by name: folio makes them ([`crate::images::favicon`]).
    pub icons: Vec<&'static str>,
    /// The site's own `static/favicon.svg`, which its PNGs are then drawn from.
    pub favicon: Option<PathBuf>,
}

impl Site {
    /// What this site publishes as it is. The walk of `static/` stays inside the site, as
    /// every walk does; a folder it cannot read is an error, not a part of the site
    /// silently left out.
    pub fn copies(&self, confine: &Confine) -> Result<Copies, Vec<Diagnostic>> {
        let mut copies = Copies::default();
        for person in &self.people {
            let folder = self.folder_of(&person.url);
            // A processed avatar is published only as its processed files (src/images/).
            let avatar = self.avatar_file(person);
            for asset in &person.assets {
                if avatar == Some(asset) {
                    continue;
                }
                let super::Asset {
                    source,
                    name,
                    sanitized,
                } = asset;
                let path = folder.join(name);
                match sanitized {
                    Some(bytes) => copies.sanitized.push((source.clone(), path, bytes.clone())),
                    None => copies.files.push((source.clone(), path)),
                }
            }
        }
        let dir = self.config.root.join("static");
        let (found, problems) = confine.files(&dir, |_| false);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut own = HashSet::new();
        for file in found {
            let rel = file
                .path
                .strip_prefix(&dir)
                .unwrap_or(&file.path)
                .to_path_buf();
            own.insert(rel.clone());
            copies.files.push((file.path, rel));
        }
        self.check_extra_css(&own)?;
        self.check_employer_files(&own, &dir)?;
        copies.built_in = theme::STATIC
            .iter()
            .filter(|(name, _)| !own.contains(Path::new(name)))
            .copied()
            .collect();
        copies.icons = crate::images::favicon::MADE
            .iter()
            .filter(|name| !own.contains(Path::new(name)))
            .copied()
            .collect();
        copies.favicon = own
            .contains(Path::new("favicon.svg"))
            .then(|| dir.join("favicon.svg"));
        copies.files.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(copies)
    }

    /// A relative `logo` or `website` in an employer file is under the site's root, so it
    /// must name a file of `static/` (`own`, by path) or one folio writes there: a picture
    /// beside the employer file is not published, and the page would show a broken one.
    fn check_employer_files(
        &self,
        own: &HashSet<PathBuf>,
        dir: &Path,
    ) -> Result<(), Vec<Diagnostic>> {
        let written = |path: &str| {
            let path = path.split(['?', '#']).next().unwrap_or("");
            let path = Path::new(path);
            crate::output::is_plain_relative(path)
                && (own.contains(path)
                    || theme::STATIC
                        .iter()
                        .any(|(name, _)| Path::new(name) == path)
                    || crate::images::favicon::MADE
                        .iter()
                        .any(|name| Path::new(name) == path))
        };
        let mut problems = Vec::new();
        for file in self.employers.iter().filter_map(|e| e.file.as_ref()) {
            let front = &file.front;
            for (field, link) in [("logo", &front.logo), ("website", &front.website)] {
                let Some(link) = link.as_ref().filter(|l| l.is_relative()) else {
                    continue;
                };
                if written(&link.0) {
                    continue;
                }
                let beside = file.source.path.parent().map(|p| p.join(&link.0));
                let help = match beside {
                    Some(beside) if self.config.root.join(&beside).is_file() => format!(
                        "a file beside an employer file is not published: move {} to {} and keep {field} = \"{}\", or give a full https:// URL",
                        beside.display(),
                        dir.strip_prefix(&self.config.root)
                            .unwrap_or(dir)
                            .join(&link.0)
                            .display(),
                        link.0
                    ),
                    _ => format!(
                        "put the file in static/ ({field} = \"logos/x.png\" for static/logos/x.png), or give a full https:// URL"
                    ),
                };
                problems.push(
                    Diagnostic::near(
                        &file.source,
                        &[link.0.as_str(), field],
                        format!("the {field} \"{}\" is no file of the site: a relative {field} is a path under static/", link.0),
                    )
                    .help(help),
                );
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(problems),
        }
    }

    /// Every stylesheet `extra_css` names must be a file of `static/` (`own`, by path).
    fn check_extra_css(&self, own: &HashSet<PathBuf>) -> Result<(), Vec<Diagnostic>> {
        let missing: Vec<&String> = self
            .config
            .extra_css
            .iter()
            .filter(|css| {
                !crate::output::is_plain_relative(Path::new(css)) || !own.contains(Path::new(css))
            })
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let text = std::fs::read_to_string(self.config.root.join("site.toml")).unwrap_or_default();
        let source = crate::diagnostic::SourceFile::new("site.toml", text.as_str());
        Err(missing
            .into_iter()
            .map(|css| {
                Diagnostic::near(
                    &source,
                    &[css.as_str(), "extra_css"],
                    format!("extra_css names \"{css}\", which is no file in static/"),
                )
                .help("list stylesheets by their path under static/, e.g. extra_css = [\"css/brand.css\"] for static/css/brand.css")
            })
            .collect())
    }
}
