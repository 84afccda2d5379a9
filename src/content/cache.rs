//! The dev server's cache of parsed content files, read again only when they change.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::file::load_file;
use super::*;

/// Parsed content files kept across the dev server's rebuilds, each with the size and
/// modification time it was read at: a rebuild reads again only the files that changed.
#[derive(Default)]
pub struct Cache {
    files: std::collections::HashMap<PathBuf, (Stamp, LoadResult)>,
    /// The files the last load found under content/, in order, if it found them without
    /// problems and without following a symbolic link.
    listed: Option<Vec<PathBuf>>,
    /// What the caller said changed since the last load.
    changes: Changes,
}

/// What [`Cache::changed`] was told since the last load.
#[derive(Default)]
enum Changes {
    /// Nothing: every file's stamp is looked at.
    #[default]
    Unknown,
    /// Every file that changed.
    All(Vec<PathBuf>),
    /// Changed files, not perhaps all of them: every file's stamp is looked at.
    Partial,
}

/// A file's size and modification time, which change when it is written.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Whether `path` is a plain file reached through no symbolic link below `dir`. A file the
/// last walk found may since have been swapped for a link (a commit checked out while the
/// dev server runs): only a new walk may follow it, since only the walk checks where it
/// leads (a seventh hostile tester's swapped-in `cv.txt -> /etc/passwd` was served).
fn plain_file_under(path: &Path, dir: &Path) -> bool {
    let is_link = |p: &Path| {
        p.symlink_metadata()
            .map_or(true, |m| m.file_type().is_symlink())
    };
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_file())
        && !path
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(dir) && *a != dir)
            .any(is_link)
}

/// Where the list of files a load reads comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    /// The last load's listing ([`Cache::listing`]): only the files said to have changed
    /// did, so the others are reused without a look at their stamps.
    Remembered,
    /// A walk of content/ without problems, which a later load may remember.
    Walked,
    /// A walk with problems, or through symbolic links, which may change where no
    /// watcher sees: every later load walks again.
    WalkedInPart,
}

/// Whether a list of changed files is every file that changed since the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeList {
    /// Every change is listed (a file watcher that reported no problem knows): the other
    /// content files are trusted without a look at their size and time.
    Complete,
    /// Others may have changed too: every file is looked at.
    Partial,
}

impl Cache {
    /// Says that these files (absolute paths) changed: the next load reads them again,
    /// whatever their stamps say (a file system with coarse times can show an edit with an
    /// unchanged stamp). [`ChangeList::Complete`]: they are every file that changed (the dev
    /// server's watcher knows, unless it reported a problem); while every change since the last load came so,
    /// that load trusts the other files without looking at them, unless a file appeared or
    /// went. Changes add up until a load: a build that fails before reading content keeps
    /// them for the next.
    pub fn changed(&mut self, paths: Vec<PathBuf>, list: ChangeList) {
        let all = list == ChangeList::Complete;
        for path in &paths {
            self.files.remove(path);
        }
        self.changes = match (std::mem::take(&mut self.changes), all) {
            (Changes::Unknown, true) => Changes::All(paths),
            (Changes::All(mut known), true) => {
                known.extend(paths);
                Changes::All(known)
            }
            _ => Changes::Partial,
        };
    }

    /// The last load's listing of content/, if every change since then is known and none
    /// of them added or removed a file there.
    pub(super) fn listing(&self, content_dir: &Path) -> Option<Vec<PathBuf>> {
        let (Changes::All(changed), Some(listed)) = (&self.changes, &self.listed) else {
            return None;
        };
        let same = changed
            .iter()
            .filter(|p| p.starts_with(content_dir))
            .all(|p| listed.binary_search(p).is_ok() && plain_file_under(p, content_dir));
        same.then(|| listed.clone())
    }

    /// Loads `files`, reusing what is cached for a file with the same stamp, and keeps
    /// only these files afterwards; `listing` says where the list comes from.
    pub(super) fn load(
        &mut self,
        root: &Path,
        content_dir: &Path,
        files: Vec<PathBuf>,
        listing: Listing,
    ) -> Vec<LoadResult> {
        let trusted = listing == Listing::Remembered;
        let complete = listing == Listing::Walked;
        if !trusted {
            // Walked folder by folder, each sorted by name: the order of paths, which the
            // binary search in `listing` needs.
            self.listed = (complete && files.is_sorted()).then(|| files.clone());
        }
        self.changes = Changes::Unknown;
        // (stamp, result, read now)
        let loaded: Vec<(Option<Stamp>, LoadResult, bool)> = files
            .par_iter()
            .map(|path| {
                let cached = self.files.get(path);
                let stamp = match cached {
                    Some((old, _)) if trusted => Some(*old),
                    _ => stamp(path),
                };
                match cached.filter(|(old, _)| stamp.as_ref() == Some(old)) {
                    Some((_, result)) => (stamp, result.clone(), false),
                    None => (stamp, load_file(root, content_dir, path), true),
                }
            })
            .collect();
        // A trusted listing is the cached one: only what was read now is new. Otherwise the
        // cache keeps just the files listed now.
        if !trusted {
            self.files.clear();
        }
        files
            .into_iter()
            .zip(loaded)
            .map(|(path, (stamp, result, read))| {
                if let Some(stamp) = stamp
                    && (read || !trusted)
                {
                    self.files.insert(path, (stamp, result.clone()));
                }
                result
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dev server's cache, told every change by its watcher: it rereads what it is told,
    /// trusts the rest, and lists the folder again when a file appears or goes.
    #[test]
    fn a_cache_told_every_change_rereads_only_those_and_notices_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        let profile = |name: &str| format!("+++\nname = \"{name}\"\n+++\nA bio.\n");
        let write =
            |file: &str, name: &str| std::fs::write(people.join(file), profile(name)).unwrap();
        let names = |content: &Content| -> Vec<String> {
            let mut names: Vec<String> = content
                .people
                .iter()
                .map(|p| p.front.name.clone())
                .collect();
            names.sort();
            names
        };
        write("ada.md", "Ada");
        write("bob.md", "Bob");
        let mut cache = Cache::default();
        let (content, problems) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&content), ["Ada", "Bob"]);

        // Both change; only Ada is named, so Bob's old profile is trusted.
        write("ada.md", "Ada Lovelace");
        write("bob.md", "Bob Babbage");
        cache.changed(vec![people.join("ada.md")], ChangeList::Complete);
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Bob"]);

        // A new file: the folder is listed again, and every file's stamp looked at.
        write("cy.md", "Cy");
        cache.changed(vec![people.join("cy.md")], ChangeList::Complete);
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Bob Babbage", "Cy"]);

        // A file gone.
        std::fs::remove_file(people.join("bob.md")).unwrap();
        cache.changed(vec![people.join("bob.md")], ChangeList::Complete);
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Cy"]);

        // Without the list of changes, every stamp is looked at.
        write("cy.md", "Cy Young, renamed");
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Cy Young, renamed"]);
    }

    /// The dev server says what changed before each build, but a build that fails before
    /// reading content (a broken site.toml) loads nothing: what it was told must add up.
    #[test]
    fn changes_said_before_a_build_that_read_nothing_are_kept_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        let write = |file: &str, name: &str| {
            std::fs::write(people.join(file), format!("+++\nname = \"{name}\"\n+++\n")).unwrap()
        };
        let has =
            |content: &Content, name: &str| content.people.iter().any(|p| p.front.name == name);
        write("ada.md", "Ada");
        let mut cache = Cache::default();
        Content::load(root, &Confine::inside(root), Some(&mut cache));

        // A profile added, then site.toml: the new file is not forgotten.
        write("cy.md", "Cy");
        cache.changed(vec![people.join("cy.md")], ChangeList::Complete);
        cache.changed(vec![root.join("site.toml")], ChangeList::Complete);
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert!(
            has(&content, "Cy"),
            "the profile added before site.toml was fixed"
        );

        // One batch with a watcher problem among complete ones: every stamp is looked at.
        write("ada.md", "Ada Lovelace, unnamed");
        cache.changed(vec![people.join("cy.md")], ChangeList::Complete);
        cache.changed(vec![], ChangeList::Partial);
        cache.changed(vec![people.join("cy.md")], ChangeList::Complete);
        let (content, _) = Content::load(root, &Confine::inside(root), Some(&mut cache));
        assert!(has(&content, "Ada Lovelace, unnamed"));
    }

    /// A file the last walk found, swapped for a symbolic link while the server runs (a
    /// commit checked out): the folder is walked again, which refuses a link out of the
    /// site or into a hidden file, rather than the file read through the link.
    #[cfg(unix)]
    #[test]
    fn a_file_swapped_for_a_link_out_of_the_site_is_walked_again_and_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let eve = root.join("content/people/eve");
        std::fs::create_dir_all(&eve).unwrap();
        std::fs::write(eve.join("index.md"), "+++\nname = \"Eve\"\n+++\n").unwrap();
        std::fs::write(eve.join("cv.txt"), "my cv").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s3cret").unwrap();
        std::fs::write(root.join(".env"), "TOKEN=s3cret").unwrap();
        let mut cache = Cache::default();
        let (_, problems) = Content::load(&root, &Confine::inside(&root), Some(&mut cache));
        assert!(problems.is_empty(), "{problems:?}");

        for (target, said) in [
            (dir.path().join("secret.txt"), "outside the site"),
            (root.join(".env"), "hidden file or folder"),
        ] {
            let cv = eve.join("cv.txt");
            std::fs::remove_file(&cv).unwrap();
            std::os::unix::fs::symlink(&target, &cv).unwrap();
            cache.changed(vec![cv.clone()], ChangeList::Complete);
            let (content, problems) =
                Content::load(&root, &Confine::inside(&root), Some(&mut cache));
            assert!(
                problems.iter().any(|p| p.message.contains(said)),
                "{problems:?}"
            );
            assert!(!content.files.contains(&cv), "{:?}", content.files);
            std::fs::remove_file(&cv).unwrap();
            std::fs::write(&cv, "my cv").unwrap();
            cache.changed(vec![cv], ChangeList::Complete);
            let (_, problems) = Content::load(&root, &Confine::inside(&root), Some(&mut cache));
            assert!(problems.is_empty(), "{problems:?}");
        }
    }

    /// A profile reached through a symbolic link may be edited where no watcher looks: its
    /// stamp is always looked at.
    #[cfg(unix)]
    #[test]
    fn a_cache_does_not_trust_files_behind_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        // Inside the site, outside content/: a link there is followed.
        let elsewhere = root.join("shared/ada.md");
        std::fs::create_dir_all(root.join("shared")).unwrap();
        let profile = |name: &str| format!("+++\nname = \"{name}\"\n+++\nA bio.\n");
        std::fs::write(&elsewhere, profile("Ada")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, people.join("ada.md")).unwrap();
        std::fs::write(people.join("bob.md"), profile("Bob")).unwrap();
        let mut cache = Cache::default();
        Content::load(&root, &Confine::inside(&root), Some(&mut cache));
        std::fs::write(&elsewhere, profile("Ada Lovelace, longer")).unwrap();
        cache.changed(vec![people.join("bob.md")], ChangeList::Complete);
        let (content, _) = Content::load(&root, &Confine::inside(&root), Some(&mut cache));
        assert!(
            content
                .people
                .iter()
                .any(|p| p.front.name == "Ada Lovelace, longer")
        );
    }
}
