//! Walking the site's folders without ever leaving the site.
//!
//! `content/` is written by contributors: a symbolic link committed beside a profile
//! (`secret.txt -> /etc/passwd`, `env -> /proc/self/environ`, `all -> /`) must not
//! publish, read or even walk anything outside the site. A link is followed only when
//! its target, resolved by the file system (not compared as text), is inside the site's
//! root and not in a hidden file or folder there (`.git/config`, `.env`), unless the owner
//! allows links outside in site.toml; loops are reported, never followed. Only plain files are ever listed: a FIFO or a device could block a read.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Where walks may go: the site's root, resolved, and whether links may leave it.
#[derive(Debug, Clone)]
pub struct Confine {
    /// The site root as given (paths shown to the user are relative to it).
    root: PathBuf,
    /// The site root with every link resolved.
    real_root: PathBuf,
    allow_outside: bool,
}

/// A hidden file or folder (`.git`, `.env`): the repository's and the machine's own, never
/// content, and some hold secrets (a CI checkout leaves its token in `.git/config`).
fn hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// A plain file found by a walk.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where the walk found it (under the folder walked, links not resolved).
    pub path: PathBuf,
    /// Reached through a symbolic link (to the file, or to a folder above it): it may
    /// change where no watcher of the site's folders looks.
    pub linked: bool,
}

impl Confine {
    /// Walks under `root` stay under it, unless the site's `[security]` settings let
    /// symbolic links lead anywhere.
    pub fn new(root: &Path, security: &crate::config::SecurityConfig) -> Confine {
        Confine {
            allow_outside: security.allow_outside_links,
            ..Confine::inside(root)
        }
    }

    /// Walks under `root` stay under it.
    pub fn inside(root: &Path) -> Confine {
        Confine {
            real_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            root: root.to_path_buf(),
            allow_outside: false,
        }
    }

    /// A path as the user knows it: relative to the site root.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Whether `path` (perhaps a symbolic link, or under one) may be read: it resolves to
    /// a place inside the site, or links may lead anywhere. The reason when it may not.
    pub fn check(&self, path: &Path) -> Result<(), String> {
        let leaves = |kind: &str| {
            format!("is a symbolic link to {kind} outside the site, which folio does not read")
        };
        match path.canonicalize() {
            Ok(_) if self.allow_outside => Ok(()),
            Ok(real) => match real.strip_prefix(&self.real_root) {
                Ok(inside) if inside.components().any(|c| hidden(c.as_os_str())) => Err(
                    "is a symbolic link to a hidden file or folder of the site (such as `.git` \
                     or `.env`), which folio does not read"
                        .into(),
                ),
                Ok(_) => Ok(()),
                Err(_) => Err(leaves(kind_of(&real))),
            },
            Err(_) if path.symlink_metadata().is_ok() => {
                Err("is a symbolic link that leads nowhere (its target does not exist)".into())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Every plain file under `dir`, sorted by name folder by folder, and a located problem
    /// for each link that leaves the site, leads nowhere or loops, and for each folder that
    /// cannot be read. `skip` leaves out a file or folder (and what is under it) by its
    /// name, before anything about it is resolved. A missing `dir` gives nothing.
    pub fn files(
        &self,
        dir: &Path,
        skip: impl Fn(&std::ffi::OsStr) -> bool,
    ) -> (Vec<Found>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let mut problems = Vec::new();
        if dir.symlink_metadata().is_err() {
            return (found, problems);
        }
        let mut refused = Vec::new();
        // Links followed so far: a file under one was reached through it.
        let mut followed: Vec<PathBuf> = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() > 0 && skip(entry.file_name()) {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                // A link to a folder that holds it would walk the same files again under
                // longer names (walkdir sees a loop only once it is inside it).
                let looped = || entry.file_type().is_dir() && self.above(entry.path());
                match self.check(entry.path()) {
                    Ok(()) if looped() => {
                        refused.push((
                            entry.path().to_path_buf(),
                            "is a symbolic link to a folder above it (a loop), which folio does \
                             not follow"
                                .into(),
                        ));
                        false
                    }
                    Ok(()) => {
                        followed.push(entry.path().to_path_buf());
                        true
                    }
                    Err(why) => {
                        refused.push((entry.path().to_path_buf(), why));
                        false
                    }
                }
            });
        // `filter_entry` borrows `refused` and `followed` while the walk runs: collect first.
        let entries: Vec<_> = walk.collect();
        for (path, why) in refused {
            problems.push(self.problem(&path, why));
        }
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let linked = followed.iter().any(|link| e.path().starts_with(link));
                    found.push(Found {
                        path: e.into_path(),
                        linked,
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                    let why = if e.loop_ancestor().is_some() {
                        "is a symbolic link to a folder above it (a loop), which folio does not follow"
                            .to_string()
                    } else if path.symlink_metadata().is_ok_and(|m| m.is_symlink())
                        && path.metadata().is_err()
                    {
                        "is a symbolic link that leads nowhere (its target does not exist)".into()
                    } else {
                        match e.io_error() {
                            Some(io) => format!("cannot be read: {io}"),
                            None => e.to_string(),
                        }
                    };
                    problems.push(self.problem(&path, why));
                }
            }
        }
        (found, problems)
    }

    /// Whether the folder the link at `link` leads to holds the link.
    fn above(&self, link: &Path) -> bool {
        match (link.canonicalize(), link.parent().map(Path::canonicalize)) {
            (Ok(target), Some(Ok(parent))) => parent.starts_with(target),
            _ => false,
        }
    }

    fn problem(&self, path: &Path, why: String) -> Diagnostic {
        let shown = self.shown(path);
        Diagnostic::file(&shown, format!("this {why}")).help(
            "commit the file itself instead of a link; an owner who needs links outside the site \
             can set `allow_outside_links = true` under [security] in site.toml",
        )
    }
}

/// What a resolved path is, in words, without reading it.
fn kind_of(real: &Path) -> &'static str {
    match real.metadata() {
        Ok(m) if m.is_dir() => "a folder",
        Ok(m) if m.is_file() => "a file",
        Ok(_) => "a special file",
        Err(_) => "something",
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/people/ada")).unwrap();
        std::fs::write(root.join("content/people/ada/index.md"), "x").unwrap();
        (dir, root)
    }

    fn names(found: &[Found], root: &Path) -> Vec<String> {
        found
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn links_inside_the_site_are_followed_and_marked() {
        let (_dir, root) = site();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/cv.pdf"), "%PDF-").unwrap();
        symlink(
            root.join("shared/cv.pdf"),
            root.join("content/people/ada/cv.pdf"),
        )
        .unwrap();
        symlink("../../shared", root.join("content/people/more")).unwrap();
        let confine = Confine::inside(&root);
        let (found, problems) = confine.files(&root.join("content"), |_| false);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            names(&found, &root),
            [
                "content/people/ada/cv.pdf",
                "content/people/ada/index.md",
                "content/people/more/cv.pdf"
            ]
        );
        assert_eq!(
            found.iter().map(|f| f.linked).collect::<Vec<_>>(),
            [true, false, true]
        );
    }

    #[test]
    fn links_that_leave_the_site_are_refused_without_reading_them() {
        let (dir, root) = site();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "TOKEN=hunter2").unwrap();
        let people = root.join("content/people");
        symlink(&secret, people.join("ada/secret.txt")).unwrap();
        symlink("/", people.join("everything")).unwrap();
        symlink("/proc/self/environ", people.join("ada/env.txt")).unwrap();
        symlink(people.join("nowhere.md"), people.join("ada/gone.md")).unwrap();
        symlink(&people, people.join("ada/loop")).unwrap();
        let confine = Confine::inside(&root);
        let (found, problems) = confine.files(&root.join("content"), |_| false);
        assert_eq!(names(&found, &root), ["content/people/ada/index.md"]);
        let said: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}", p.path.display(), p.message))
            .collect();
        let all = said.join("\n");
        assert!(!all.contains("hunter2"), "{all}");
        for expected in [
            "content/people/ada/secret.txt this is a symbolic link to a file outside the site",
            "content/people/ada/env.txt this is a symbolic link to a file outside the site",
            "content/people/everything this is a symbolic link to a folder outside the site",
            "content/people/ada/gone.md this is a symbolic link that leads nowhere",
            "content/people/ada/loop this is a symbolic link to a folder above it (a loop)",
        ] {
            assert!(
                said.iter().any(|s| s.starts_with(expected)),
                "{expected}\n{all}"
            );
        }
        // The owner may allow links outside; the loop is still no place to go. (Not with
        // the link to / beside it: allowed, it would be walked whole.)
        std::fs::remove_file(people.join("everything")).unwrap();
        let open = Confine::new(
            &root,
            &crate::config::SecurityConfig {
                allow_outside_links: true,
                ..Default::default()
            },
        );
        let (found, problems) = open.files(&people.join("ada"), |_| false);
        assert!(names(&found, &root).contains(&"content/people/ada/secret.txt".to_string()));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn skipped_names_are_not_resolved() {
        let (_dir, root) = site();
        symlink("/", root.join("content/.hidden")).unwrap();
        let confine = Confine::inside(&root);
        let (found, problems) = confine.files(&root.join("content"), |name| {
            name.to_string_lossy().starts_with('.')
        });
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&found, &root), ["content/people/ada/index.md"]);
    }
}
