//! The files beside a profile that are published with its page.

use std::path::PathBuf;

use super::Asset;
use crate::content::Person;
use crate::diagnostic::Diagnostic;

/// What a profile may publish beside its page: the files content/ holds (inside the site,
/// found by the walk), and which further kinds the owner allows.
pub(super) struct Publishable<'a> {
    /// Sorted, as the walk lists them.
    pub(super) files: &'a [PathBuf],
    pub(super) extra: &'a [String],
}

impl Publishable<'_> {
    fn has(&self, path: &std::path::Path) -> bool {
        self.files
            .binary_search_by(|p| p.as_path().cmp(path))
            .is_ok()
    }

    /// The files under `folder`, in order.
    fn under<'f>(&'f self, folder: &'f std::path::Path) -> impl Iterator<Item = &'f PathBuf> {
        let start = self.files.partition_point(|p| p.as_path() < folder);
        self.files[start..]
            .iter()
            .take_while(move |p| p.starts_with(folder))
    }
}

/// A profile's files to copy beside its page: everything in its folder (a folder profile)
/// and the files its avatar and links name, each checked to be an inert kind.
pub(super) fn person_assets(
    person: &Person,
    publishable: &Publishable,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let dir = match &person.folder {
        Some(folder) => folder.clone(),
        None => match person.disk_path.parent() {
            Some(dir) => dir.to_path_buf(),
            None => return Vec::new(),
        },
    };
    let shown_dir = person
        .source
        .path
        .parent()
        .map_or_else(PathBuf::new, std::path::Path::to_path_buf);
    let mut assets = Vec::new();
    let inert = |source: &std::path::Path, rel: PathBuf, problems: &mut Vec<Diagnostic>| {
        match crate::inert::check(source, publishable.extra) {
            Ok(sanitized) => Some(Asset {
                source: source.to_path_buf(),
                name: rel,
                sanitized,
            }),
            Err(why) => {
                problems.push(
                Diagnostic::file(&shown_dir.join(&rel), format!("this file cannot be published beside {}'s page: {why}", person.front.name))
                    .help("remove the file, or convert it (a PDF or a picture); an owner who trusts every contributor can list the extension in `allow_content_files` under [security] in site.toml"),
                );
                None
            }
        }
    };
    if let Some(folder) = &person.folder {
        for source in publishable.under(folder) {
            let rel = source.strip_prefix(folder).unwrap_or(source).to_path_buf();
            assets.extend(inert(source, rel, problems));
        }
    }
    let relative_links = person
        .front
        .avatar
        .iter()
        .map(|l| ("avatar", l))
        .chain(person.front.links.iter().map(|(k, l)| (k.as_str(), l)));
    for (field, link) in relative_links {
        if !link.is_relative() {
            continue;
        }
        let rel = PathBuf::from(&link.0);
        let plain = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let source = dir.join(&rel);
        let svg = rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        if field == "avatar" && !super::images::is_raster(&rel) && !svg {
            problems.push(
                Diagnostic::near(&person.source, &[field, &link.0], format!("`avatar` names \"{}\", which is not a picture", link.0))
                    .help("name a JPEG, PNG, WebP, GIF or SVG file beside the profile, or give a full https:// URL"),
            );
            continue;
        }
        if !plain || !publishable.has(&source) {
            // A link the walk refused (out of the site) is reported there already.
            if plain && through_a_link(&dir, &rel) {
                continue;
            }
            // A name the walk leaves out (hidden, an editor's backup) is never published.
            // Told by the name alone: asking whether the file is there could look through a
            // link out of the site, and the answer would be in the report.
            let left_out = plain
                && rel
                    .components()
                    .any(|c| crate::content::is_ignored(&c.as_os_str().to_string_lossy()));
            let why = match left_out {
                true => "which is never published (hidden files and editors' backups are not)",
                false => "which does not exist beside the profile",
            };
            problems.push(
                Diagnostic::near(&person.source, &[field, &link.0], format!("`{field}` names the file \"{}\", {why}", link.0))
                    .help("put the file next to the profile (people/<slug>/index.md with the file in the same folder), or use a full https:// URL"),
            );
            continue;
        }
        if person.folder.is_none() && !assets.iter().any(|a| a.source == source) {
            let checked = inert(&source, rel, problems);
            assets.extend(checked);
        }
    }
    assets
}

/// Whether `rel` under `dir` passes through a symbolic link, found without following one:
/// each part is looked at only if the parts before it are plain folders of the site.
fn through_a_link(dir: &std::path::Path, rel: &std::path::Path) -> bool {
    let mut path = dir.to_path_buf();
    rel.components().any(|part| {
        path.push(part);
        path.symlink_metadata().is_ok_and(|m| m.is_symlink())
    })
}
