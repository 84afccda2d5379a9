//! Files under `content/`: profiles, employer and talk files, free pages, read and parsed.

mod cache;
mod checks;
pub mod control;
mod file;
pub mod front_matter;
mod link;
mod schema;

pub use cache::{Cache, ChangeList};
pub use checks::check_person;
pub use file::{MAX_ENTRIES, MAX_FILE_SIZE, check_profile, utf8_text};
pub use link::{Link, is_one_address, link_label};
pub use schema::*;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::walk::Confine;
use file::load_file;

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Shared, so the dev server's cache hands an unchanged profile to the next build as is.
    pub people: Vec<Arc<Person>>,
    pub employers: Vec<EmployerFile>,
    pub talks: Vec<TalkFile>,
    pub pages: Vec<PageFile>,
    pub index: Option<PageFile>,
    /// Files that could not be read or parsed (already reported): links to them
    /// are not reported again as pointing nowhere.
    pub failed: Vec<PathBuf>,
    /// Every other file found under content/ (pictures, PDFs beside profiles), inside the
    /// site and not an editor's leftover, sorted: what profiles may publish.
    pub files: Vec<PathBuf>,
}

impl Content {
    /// Reads every file under `root/content`, collecting every problem instead of stopping at
    /// the first. Walks never leave the site (`confine`). With a `cache` (the dev server keeps
    /// one across rebuilds), only the files that changed since it saw them are read again.
    pub fn load(
        root: &Path,
        confine: &Confine,
        cache: Option<&mut Cache>,
    ) -> (Content, Vec<Diagnostic>) {
        let content_dir = root.join("content");
        // A missing folder is a bad checkout or a rename, not an empty site: building would
        // replace every published page with empty indexes.
        for (dir, shown) in [
            (&content_dir, "content"),
            (&content_dir.join("people"), "content/people"),
        ] {
            if !dir.is_dir() {
                let problem = Diagnostic::file(Path::new(shown), format!("the site has no {shown}/ folder, so it has no profiles"))
                    .help("run folio in the site's folder (the one holding site.toml and content/), or pass --root; a site with no one yet has an empty content/people/ folder");
                return (Content::default(), vec![problem]);
            }
        }
        let mut problems = Vec::new();
        let listed = cache.as_ref().and_then(|c| c.listing(&content_dir));
        let trusted = listed.is_some();
        // A file or folder reached through a symbolic link may change where no watcher sees.
        let mut linked = false;
        let files = match listed {
            Some(listed) => listed,
            None => {
                let (found, walk_problems) =
                    confine.files(&content_dir, |name| is_ignored(&name.to_string_lossy()));
                problems.extend(walk_problems);
                linked = found.iter().any(|f| f.linked);
                found.into_iter().map(|f| f.path).collect()
            }
        };

        let loaded: Vec<LoadResult> = match cache {
            None => files
                .par_iter()
                .map(|path| load_file(root, &content_dir, path))
                .collect(),
            Some(cache) => {
                // A listing with problems is not reused: they must be reported again.
                let listing = match (trusted, problems.is_empty() && !linked) {
                    (true, _) => cache::Listing::Remembered,
                    (false, true) => cache::Listing::Walked,
                    (false, false) => cache::Listing::WalkedInPart,
                };
                cache.load(root, &content_dir, files.clone(), listing)
            }
        };
        let mut content = Content::default();
        for (path, result) in files.into_iter().zip(loaded) {
            match result {
                Ok(Some(Loaded::Person(p))) => content.people.push(p),
                Ok(Some(Loaded::Employer(e))) => content.employers.push(e),
                Ok(Some(Loaded::Talk(t))) => content.talks.push(t),
                Ok(Some(Loaded::Page(p))) => content.pages.push(p),
                Ok(Some(Loaded::Index(p))) => content.index = Some(p),
                // Not content: a picture or a PDF beside a profile, which it may publish.
                Ok(None) => content.files.push(path),
                Err(file_problems) => {
                    content
                        .failed
                        .extend(file_problems.first().map(|d| d.path.clone()));
                    problems.extend(file_problems);
                }
            }
        }
        (content, problems)
    }

    /// The files under `folder` that are not content files, in order.
    pub fn files_in<'a>(&'a self, folder: &'a Path) -> impl Iterator<Item = &'a PathBuf> {
        let start = self.files.partition_point(|p| p.as_path() < folder);
        self.files[start..]
            .iter()
            .take_while(move |p| p.starts_with(folder))
    }
}

/// What one content file gave: a parsed file, nothing (not content), or its errors.
type LoadResult = Result<Option<Loaded>, Vec<Diagnostic>>;

#[derive(Clone)]
enum Loaded {
    Person(Arc<Person>),
    Employer(EmployerFile),
    Talk(TalkFile),
    Page(PageFile),
    Index(PageFile),
}

/// Editor leftovers and hidden files are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// A path shown to the user: relative to the site root.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".guido.md.swp",
            "guido.md~",
            "#guido.md#",
            ".#guido.md",
            "4913.tmp",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("guido.md"));
    }
}
