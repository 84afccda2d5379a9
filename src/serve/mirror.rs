//! The served copy of the site on disk. The first build is written whole with
//! [`crate::output::write`]; after that only the files whose bytes changed are written (each
//! through a rename, so a request never reads half a file) and removed pages are deleted.
//! Writing the whole site again on every save cost more than rendering it: 150-230 ms of the
//! demo's 240 ms rebuild on a busy machine, and 4,000 files at 1,000 profiles.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::Error;
use crate::fs;
use crate::render::Rendered;

/// A fingerprint of every output file, by path under the output folder.
pub(crate) type Fingerprints = HashMap<PathBuf, u64>;

pub(crate) struct Mirror {
    /// What is served.
    folder: PathBuf,
    /// Beside it on the same file system, for files on their way in.
    incoming: PathBuf,
    /// What the folder holds; none before the first write or after a failed one, when the
    /// next write is a whole one.
    on_disk: Option<Fingerprints>,
}

impl Mirror {
    pub fn new(parent: &Path) -> Mirror {
        Mirror {
            folder: parent.join("site"),
            incoming: parent.join("incoming"),
            on_disk: None,
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The output files that differ between what is on disk and `next`; all of them when
    /// nothing was written yet.
    pub fn changes<'a>(&'a self, next: &'a Fingerprints) -> Vec<&'a Path> {
        match &self.on_disk {
            Some(on_disk) => changed_paths(on_disk, next),
            None => next.keys().map(PathBuf::as_path).collect(),
        }
    }

    /// Makes the folder hold exactly `rendered`, whose fingerprints are `next`.
    pub fn update(&mut self, rendered: &Rendered, next: Fingerprints) -> Result<(), Error> {
        // Forgotten until the write succeeds: after a failure, the next write is whole.
        let Some(on_disk) = self.on_disk.take() else {
            crate::output::write(rendered, &self.folder)?;
            self.on_disk = Some(next);
            return Ok(());
        };
        let changed: HashSet<&Path> = changed_paths(&on_disk, &next).into_iter().collect();
        if let Some(bad) = changed.iter().find(|p| !is_plain_relative(p)) {
            return Err(Error::Output(format!(
                "refusing to write {} outside the output folder",
                bad.display()
            )));
        }
        fs::create_dir_all(&self.incoming)?;
        let count = AtomicUsize::new(0);
        let bring_in = |path: &Path, write: &dyn Fn(&Path) -> Result<(), fs::FsError>| {
            let temp = self
                .incoming
                .join(count.fetch_add(1, Ordering::Relaxed).to_string());
            write(&temp)?;
            let target = self.folder.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&temp, &target)
        };
        rendered
            .files
            .par_iter()
            .filter(|(path, _)| changed.contains(path.as_path()))
            .try_for_each(|(path, bytes)| bring_in(path, &|temp| fs::write(temp, bytes)))?;
        rendered
            .copies
            .par_iter()
            .filter(|(_, path)| changed.contains(path.as_path()))
            .try_for_each(|(source, path)| bring_in(path, &|temp| fs::copy(source, temp)))?;
        for gone in on_disk.keys().filter(|p| !next.contains_key(*p)) {
            self.remove(gone)?;
        }
        self.on_disk = Some(next);
        Ok(())
    }

    /// Removes a file that is no longer built, and the folders it leaves empty.
    fn remove(&self, path: &Path) -> Result<(), Error> {
        let file = self.folder.join(path);
        if let Err(source) = std::fs::remove_file(&file)
            && source.kind() != std::io::ErrorKind::NotFound
        {
            return Err(fs::FsError {
                action: "cannot remove",
                path: file,
                source,
            }
            .into());
        }
        let mut folder = file.parent();
        while let Some(f) = folder.filter(|f| *f != self.folder) {
            // Fails, as it should, while the folder still holds something.
            if std::fs::remove_dir(f).is_err() {
                break;
            }
            folder = f.parent();
        }
        Ok(())
    }
}

/// A hash of the bytes of rendered files, and of the source, size and time of copied ones
/// (hashing every avatar on every save would cost more than copying the few that changed).
/// foldhash, not std's SipHash: a 1,000-profile site is 50 MB to hash on every save, 40 ms
/// with SipHash and under 10 with foldhash; collisions by chance are as unlikely with both.
pub(crate) fn fingerprints(rendered: &Rendered) -> Fingerprints {
    let hasher = foldhash::quality::FixedState::with_seed(0);
    let hash = |value: &dyn Fn(&mut foldhash::quality::FoldHasher)| {
        let mut state = hasher.build_hasher();
        value(&mut state);
        state.finish()
    };
    let mut all: Fingerprints = rendered
        .files
        .par_iter()
        .map(|(path, bytes)| (path.clone(), hash(&|h| bytes.hash(h))))
        .collect();
    for (source, path) in &rendered.copies {
        let meta = std::fs::metadata(source).ok();
        let print = hash(&|h| {
            source.hash(h);
            meta.as_ref().map(|m| m.len()).hash(h);
            meta.as_ref().and_then(|m| m.modified().ok()).hash(h);
        });
        all.insert(path.clone(), print);
    }
    all
}

/// The output files added, removed or changed between two builds.
fn changed_paths<'a>(before: &'a Fingerprints, after: &'a Fingerprints) -> Vec<&'a Path> {
    let mut changed: Vec<&Path> = after
        .iter()
        .filter(|(path, print)| before.get(*path) != Some(print))
        .map(|(path, _)| path.as_path())
        .collect();
    changed.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .map(PathBuf::as_path),
    );
    changed
}

/// A path that stays inside the folder it is joined to.
fn is_plain_relative(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prints(files: &[(&str, u64)]) -> Fingerprints {
        files.iter().map(|(p, h)| (PathBuf::from(p), *h)).collect()
    }

    fn rendered(files: &[(&str, &str)]) -> Rendered {
        Rendered {
            files: files
                .iter()
                .map(|(p, text)| (PathBuf::from(p), text.as_bytes().to_vec()))
                .collect(),
            ..Rendered::default()
        }
    }

    #[test]
    fn changed_paths_counts_added_removed_and_changed_files() {
        let before = prints(&[("a.html", 1), ("b.html", 2), ("gone.html", 3)]);
        let after = prints(&[("a.html", 1), ("b.html", 20), ("new.html", 4)]);
        let mut changed: Vec<String> = changed_paths(&before, &after)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        changed.sort();
        assert_eq!(changed, ["b.html", "gone.html", "new.html"]);
    }

    #[test]
    fn an_update_writes_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut mirror = Mirror::new(dir.path());
        let first = rendered(&[
            ("index.html", "home"),
            ("people/bob/index.html", "bob"),
            ("style.css", "css"),
        ]);
        mirror.update(&first, fingerprints(&first)).unwrap();
        let css = mirror.folder().join("style.css");
        let before = std::fs::metadata(&css).unwrap().modified().unwrap();

        let second = rendered(&[
            ("index.html", "home, edited"),
            ("people/carol/index.html", "carol"),
            ("style.css", "css"),
        ]);
        let next = fingerprints(&second);
        assert_eq!(mirror.changes(&next).len(), 3);
        mirror.update(&second, next).unwrap();

        let site = mirror.folder();
        let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
        assert_eq!(read("index.html"), "home, edited");
        assert_eq!(read("people/carol/index.html"), "carol");
        assert!(
            !site.join("people/bob").exists(),
            "the emptied folder goes too"
        );
        assert_eq!(
            std::fs::metadata(&css).unwrap().modified().unwrap(),
            before,
            "an unchanged file is not written again"
        );
        assert!(mirror.changes(&fingerprints(&second)).is_empty());
    }

    #[test]
    fn an_update_refuses_paths_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut mirror = Mirror::new(dir.path());
        let first = rendered(&[("index.html", "home")]);
        mirror.update(&first, fingerprints(&first)).unwrap();
        let evil = rendered(&[("index.html", "home"), ("../escaped.html", "x")]);
        assert!(mirror.update(&evil, fingerprints(&evil)).is_err());
        assert!(!dir.path().join("escaped.html").exists());
    }
}
