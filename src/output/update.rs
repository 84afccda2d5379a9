//! An update of the output folder: files staged as they are made, moved in when the whole
//! site rendered, stale ones removed.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::Sink;
use crate::Error;
use crate::fs;

/// Maps and sets over every file of the site, used on every build: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;
type HashSet<T> = foldhash::HashSet<T>;
use super::lock::beside;
use super::manifest::*;
use super::*;

/// An update of the output folder in progress: a [`Sink`] for rendered files.
pub struct Update {
    output: PathBuf,
    staging: PathBuf,
    previous: std::sync::Arc<Manifest>,
    /// The output folder did not exist: files are staged at their own paths, and the
    /// staging folder is renamed to the output at the end.
    fresh: bool,
    /// `previous` is what the caller kept of its own last update of this folder, which is
    /// still there: a file it lists may be kept without being rendered ([`Sink::keep`]).
    /// A manifest read from the folder's marker is not trusted that far, since another
    /// process may have written the folder.
    trusted: bool,
    /// Every file of the new site: its fingerprint, and its staged name if it changed.
    files: Mutex<Vec<Entry>>,
    staged: AtomicUsize,
    /// How many of the new site's files the last build wrote too: when that is all of
    /// them, none is stale.
    known: AtomicUsize,
    /// Every path of the new site, with what it is made from: a clash is found as the
    /// second file comes, before a fresh output's staging folder can be confused by it.
    claims: super::Claims,
}

/// What an update did.
pub struct Committed {
    /// The paths that changed: written, or removed.
    pub changed: Vec<PathBuf>,
    /// What the output holds now.
    pub manifest: Manifest,
}

impl Update {
    /// Starts updating `output` (already checked by [`check_output_folder`]). `last` is the
    /// manifest of the last update of this folder when the caller kept it; without it the
    /// folder's marker file is read. The caller holds the folder's [`Lock`].
    pub fn begin(output: &Path, last: Option<std::sync::Arc<Manifest>>) -> Result<Update, Error> {
        let staging = beside(output, "folio-staging")?;
        remove_own_staging(&staging)?;
        fs::create_dir_all(&staging)?;
        fs::write(&staging.join(MARKER), MARKER_TEXT.as_bytes())?;
        // Not even a dangling link: a fresh output is made by renaming the staging folder.
        let fresh = output.symlink_metadata().is_err();
        let trusted = last.is_some() && !fresh;
        Ok(Update {
            previous: last.unwrap_or_else(|| read_manifest(&output.join(MARKER)).into()),
            fresh,
            trusted,
            output: output.to_path_buf(),
            staging,
            files: Mutex::new(Vec::new()),
            staged: AtomicUsize::new(0),
            known: AtomicUsize::new(0),
            claims: super::Claims::default(),
        })
    }

    fn put_bytes(&self, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
        if !is_plain_relative(rel) {
            return Err(Error::output(
                rel,
                format!(
                    "refusing to write {} outside the output folder",
                    rel.display()
                ),
            ));
        }
        let print = fingerprint(bytes);
        let last = self.previous.get(rel);
        if last.is_some() {
            self.known.fetch_add(1, Ordering::Relaxed);
        }
        let unchanged = last == Some(&print) && self.output.join(rel).is_file();
        let staged = if unchanged {
            None
        } else if self.fresh {
            self.stage_in_place(rel, bytes)?;
            Some(rel.to_path_buf())
        } else {
            let name = PathBuf::from(self.staged.fetch_add(1, Ordering::Relaxed).to_string());
            // The staging folder exists: no need to make it again for every file.
            let path = self.staging.join(&name);
            std::fs::write(&path, bytes).map_err(crate::fs::FsError::at("cannot write", &path))?;
            Some(name)
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Entry {
                path: rel.to_path_buf(),
                print,
                staged,
            });
        Ok(())
    }

    /// Writes a file of a fresh output at its own path in the staging folder, making its
    /// folder only when the write finds it missing.
    fn stage_in_place(&self, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
        let path = self.staging.join(rel);
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => fs::write(&path, bytes)?,
            other => other.map_err(crate::fs::FsError::at("cannot write", &path))?,
        }
        Ok(())
    }

    /// Stages the files to copy (static files, files beside profiles), from the site at
    /// `root`.
    pub fn copy_all(&self, copies: &[(PathBuf, PathBuf)], root: &Path) -> Result<(), Error> {
        copies.par_iter().try_for_each(|(from, rel)| {
            self.claims
                .claim(rel, from.strip_prefix(root).unwrap_or(from))?;
            let bytes = fs::read(from)?;
            self.put_bytes(rel, &bytes)
        })
    }

    /// Moves the staged files into place, removes what the last build wrote and
    /// this one did not, and writes the manifest. The staging folder goes either way.
    /// What the output holds as this caller's last update of it left it, when that can be
    /// trusted: a file it lists may be kept without being made again ([`Update::keep_all`]).
    pub fn keepable(&self) -> Option<&Manifest> {
        self.trusted.then_some(&*self.previous)
    }

    /// Keeps these files (path under the output, and what each is made from) as the last
    /// update left them; each must be listed in [`Update::keepable`].
    pub fn keep_all(&self, kept: &[(PathBuf, PathBuf)]) -> Result<(), Error> {
        let mut files = Vec::with_capacity(kept.len());
        for (path, _) in kept {
            let print = match (self.keepable(), self.previous.get(path)) {
                (Some(_), Some(&print)) => print,
                _ => {
                    return Err(Error::output(
                        path,
                        format!(
                            "cannot keep {}: the last build did not leave it",
                            path.display()
                        ),
                    ));
                }
            };
            files.push(Entry {
                path: path.clone(),
                print,
                staged: None,
            });
        }
        // A kept file is part of the new site: a new file may clash with it.
        self.claims.claim_all(
            kept.iter()
                .map(|(path, from)| (path.as_path(), from.as_path())),
        )?;
        self.known.fetch_add(files.len(), Ordering::Relaxed);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(files);
        Ok(())
    }

    pub fn commit(self) -> Result<Committed, Error> {
        let staging = self.staging.clone();
        let committed = self.move_in();
        if committed.is_err() {
            fs::remove_dir_all(&staging).ok();
        }
        committed
    }

    fn move_in(self) -> Result<Committed, Error> {
        let mut files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        // By bytes: comparing paths component by component is slow for 40,000 of them.
        files.par_sort_unstable_by(|a, b| {
            a.path
                .as_os_str()
                .as_encoded_bytes()
                .cmp(b.path.as_os_str().as_encoded_bytes())
        });
        // Two files at one path, or a file where another needs a folder, were refused as
        // they were put ([`super::Claims`]), before anything moved.
        let manifest = manifest_text(files.iter().map(|f| (f.path.as_path(), f.print)));
        if self.fresh {
            fs::write(&self.staging.join(MARKER), manifest.as_bytes())?;
            fs::rename(&self.staging, &self.output)?;
            let changed = files.iter().map(|f| f.path.clone()).collect();
            let manifest = files.into_iter().map(|f| (f.path, f.print)).collect();
            return Ok(Committed { changed, manifest });
        }
        if !self.output.is_dir() {
            return Err(Error::output(
                &self.output,
                format!(
                    "{} was removed while the site was built; nothing was written, build again",
                    self.output.display()
                ),
            ));
        }
        let all_known = self.known.load(Ordering::Relaxed) == self.previous.len();
        let stale = Stale::new(&self.previous, &files, all_known);
        self.refuse_foreign(&files, &stale)?;
        let mut changed: Vec<PathBuf> = Vec::new();
        if let Err(e) = self.move_files(&files, &stale, &mut changed) {
            // Part of the site moved in: the marker keeps only what is still as it lists,
            // so the next build writes every file this one touched again.
            let touched: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
            let kept = self
                .previous
                .iter()
                .filter(|(p, _)| !touched.contains(p.as_path()))
                .map(|(p, print)| (p.as_path(), *print));
            fs::write(&self.output.join(MARKER), manifest_text(kept).as_bytes()).ok();
            return Err(e);
        }
        changed.sort();
        changed.dedup();
        fs::write(&self.output.join(MARKER), manifest.as_bytes())?;
        fs::remove_dir_all(&self.staging)?;
        let manifest = files.into_iter().map(|f| (f.path, f.print)).collect();
        Ok(Committed { changed, manifest })
    }

    /// Stops the build before a file moves when a new file takes the place of a folder
    /// (a page folder that became a file) that holds more than the stale files folio wrote.
    fn refuse_foreign(&self, files: &[Entry], stale: &Stale) -> Result<(), Error> {
        for file in files.iter().filter(|f| f.staged.is_some()) {
            let Some(inside) = stale.folders.get(file.path.as_path()) else {
                continue;
            };
            let folder = self.output.join(&file.path);
            let ours: HashSet<PathBuf> = inside.iter().map(|p| self.output.join(p)).collect();
            let foreign = walkdir::WalkDir::new(&folder)
                .into_iter()
                .flatten()
                .find(|e| e.file_type().is_file() && !ours.contains(e.path()));
            if let Some(entry) = foreign {
                return Err(Error::output(
                    entry.path(),
                    format!(
                        "{} is in the way of the file {}: folio did not write it; move it away",
                        entry.path().display(),
                        folder.display()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Moves the staged files in and removes the stale ones, noting each path it changes.
    /// New files go in before stale ones go, so a reader never sees a page gone while the
    /// pages linking to it still list it (the dev server's tabs read the folder while it
    /// changes).
    fn move_files(
        &self,
        files: &[Entry],
        stale: &Stale,
        changed: &mut Vec<PathBuf>,
    ) -> Result<(), Error> {
        // Folders known to exist in the output, so each is made (or checked) once.
        let mut folders: HashSet<PathBuf> = HashSet::default();
        for file in files {
            let Some(name) = &file.staged else {
                continue;
            };
            let rel = &file.path;
            let to = self.output.join(rel);
            if !stale.set.is_empty() {
                // A stale file where this one needs a folder (a page that became a
                // folder) goes first.
                for ancestor in rel
                    .ancestors()
                    .skip(1)
                    .filter(|a| !a.as_os_str().is_empty())
                {
                    if stale.set.contains(ancestor) {
                        self.remove(ancestor)?;
                        changed.push(ancestor.to_path_buf());
                        folders.remove(&self.output.join(ancestor));
                    }
                }
                // Stale files in a folder this file replaces go first too. No folder
                // under it is in `folders`: no new file is inside it.
                for &inside in stale.folders.get(rel.as_path()).into_iter().flatten() {
                    self.remove(inside)?;
                    changed.push(inside.to_path_buf());
                }
            }
            if let Some(parent) = to.parent()
                && !folders.contains(parent)
            {
                fs::create_dir_all(parent)?;
                folders.insert(parent.to_path_buf());
            }
            changed.push(rel.clone());
            fs::rename(&self.staging.join(name), &to)?;
        }
        for &rel in &stale.files {
            self.remove(rel)?;
            changed.push(rel.to_path_buf());
        }
        Ok(())
    }

    /// Removes a file folio wrote, and the folders it leaves empty.
    fn remove(&self, rel: &Path) -> Result<(), Error> {
        let path = self.output.join(rel);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(crate::fs::FsError::at("cannot remove", &path))?;
        }
        remove_empty_parents(&self.output, &path);
        Ok(())
    }

    /// Gives up: the output stays as it was.
    pub fn abort(self) {
        fs::remove_dir_all(&self.staging).ok();
    }
}

impl Sink for Update {
    fn put(&self, path: PathBuf, bytes: Vec<u8>, from: &Path) -> Result<(), Error> {
        self.claims.claim(&path, from)?;
        self.put_bytes(&path, &bytes)
    }
}

/// A file of the new site: its fingerprint, and its name in the staging folder if it
/// changed.
struct Entry {
    path: PathBuf,
    print: Fingerprint,
    staged: Option<PathBuf>,
}

/// The files the last build wrote that this one does not, and the folders that hold them.
struct Stale<'a> {
    /// Sorted.
    files: Vec<&'a Path>,
    set: HashSet<&'a Path>,
    /// Each folder holding stale files: a new file may take its place once they are gone.
    folders: HashMap<&'a Path, Vec<&'a Path>>,
}

impl<'a> Stale<'a> {
    /// `all_known`: every file the last build wrote is written again (paths are
    /// distinct), so none is stale.
    fn new(previous: &'a Manifest, files: &[Entry], all_known: bool) -> Stale<'a> {
        let mut stale: Vec<&Path> = Vec::new();
        if !all_known {
            let current: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
            stale.extend(
                previous
                    .keys()
                    .map(PathBuf::as_path)
                    .filter(|p| !current.contains(p)),
            );
            stale.sort();
        }
        let mut folders: HashMap<&Path, Vec<&Path>> = HashMap::default();
        for &rel in &stale {
            for folder in rel
                .ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
            {
                folders.entry(folder).or_default().push(rel);
            }
        }
        Stale {
            set: stale.iter().copied().collect(),
            files: stale,
            folders,
        }
    }
}

/// Removes the folders a removed file leaves empty, up to (not including) the output.
fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(files: &[(&str, &str)]) -> crate::render::Rendered {
        crate::render::Rendered {
            files: files
                .iter()
                .map(|(p, text)| (PathBuf::from(p), text.as_bytes().to_vec()))
                .collect(),
            ..crate::render::Rendered::default()
        }
    }

    fn update(output: &Path, site: &crate::render::Rendered) -> Result<Vec<PathBuf>, Error> {
        let update = Update::begin(output, None)?;
        for (path, bytes) in &site.files {
            if let Err(e) = update.put(path.clone(), bytes.clone(), Path::new("test")) {
                update.abort();
                return Err(e);
            }
        }
        let mut changed = update.commit()?.changed;
        changed.sort();
        Ok(changed)
    }

    #[test]
    fn an_update_writes_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let first = rendered(&[
            ("index.html", "home"),
            ("people/bob/index.html", "bob"),
            ("style.css", "css"),
        ]);
        assert_eq!(update(&site, &first).unwrap().len(), 3, "everything is new");
        let css = site.join("style.css");
        let before = std::fs::metadata(&css).unwrap().modified().unwrap();

        let second = rendered(&[
            ("index.html", "home, edited"),
            ("people/carol/index.html", "carol"),
            ("style.css", "css"),
        ]);
        let changed = update(&site, &second).unwrap();
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "index.html",
                "people/bob/index.html",
                "people/carol/index.html"
            ],
            "added, removed and changed files"
        );

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
        assert!(update(&site, &second).unwrap().is_empty());
    }

    #[test]
    fn an_update_from_a_kept_manifest_is_the_same_as_one_from_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let build = |files: &[(&str, &str)], last: Option<Manifest>| {
            let update = Update::begin(&site, last.map(Into::into)).unwrap();
            for (path, text) in files {
                update.put_bytes(Path::new(path), text.as_bytes()).unwrap();
            }
            let mut committed = update.commit().unwrap();
            committed.changed.sort();
            committed
        };
        let first = build(
            &[("index.html", "home"), ("people/bob/index.html", "bob")],
            None,
        );
        assert_eq!(first.manifest, read_manifest(&site.join(MARKER)));
        let second = build(&[("index.html", "home")], Some(first.manifest));
        assert_eq!(
            second.changed,
            [Path::new("people/bob/index.html")],
            "bob is stale"
        );
        assert!(!site.join("people/bob").exists());
        assert_eq!(second.manifest, read_manifest(&site.join(MARKER)));
        let third = build(&[("index.html", "home, edited")], Some(second.manifest));
        assert_eq!(third.changed, [Path::new("index.html")]);
        assert_eq!(third.manifest, read_manifest(&site.join(MARKER)));
    }

    #[test]
    fn a_first_build_fills_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let first = rendered(&[("index.html", "home"), ("people/bob/index.html", "bob")]);
        assert_eq!(update(&site, &first).unwrap().len(), 2);
        assert_eq!(
            std::fs::read_to_string(site.join("people/bob/index.html")).unwrap(),
            "bob"
        );
        assert!(read_manifest(&site.join(MARKER)).contains_key(Path::new("index.html")));
        assert!(!dir.path().join(".site.folio-staging").exists());
        assert!(update(&site, &first).unwrap().is_empty(), "nothing changed");
    }

    #[test]
    fn a_failed_first_build_leaves_no_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let twice = rendered(&[("index.html", "a"), ("index.html", "b")]);
        assert!(update(&site, &twice).is_err());
        assert!(!site.exists());
        assert!(!dir.path().join(".site.folio-staging").exists());
        let update = Update::begin(&site, None).unwrap();
        update.put_bytes(Path::new("index.html"), b"home").unwrap();
        update.abort();
        assert!(!site.exists());
        assert!(!dir.path().join(".site.folio-staging").exists());
    }

    #[test]
    fn a_first_build_renames_its_staging_folder_to_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let first = rendered(&[
            ("index.html", "home"),
            ("people/bob/index.html", "bob"),
            ("people/bob/bob.vcf", "card"),
            ("people/carol/index.html", "carol"),
        ]);
        let fresh = Update::begin(&site, None).unwrap();
        assert!(fresh.fresh);
        let staging = dir.path().join(".site.folio-staging");
        for (path, bytes) in &first.files {
            fresh.put_bytes(path, bytes).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(staging.join("people/bob/bob.vcf")).unwrap(),
            "card",
            "staged at its own path"
        );
        let committed = fresh.commit().unwrap();
        assert_eq!(committed.changed.len(), 4);
        assert!(!staging.exists());
        for (path, bytes) in &first.files {
            assert_eq!(&std::fs::read(site.join(path)).unwrap(), bytes);
        }
        assert_eq!(committed.manifest, read_manifest(&site.join(MARKER)));
        assert_eq!(committed.manifest.len(), 4);
        assert!(update(&site, &first).unwrap().is_empty(), "nothing changed");
    }

    #[test]
    fn files_are_kept_only_on_the_word_of_a_kept_manifest_of_a_folder_still_there() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let first = Update::begin(&site, None).unwrap();
        first.put_bytes(Path::new("index.html"), b"home").unwrap();
        let manifest = first.commit().unwrap().manifest;
        // Another process may have written the folder since: its marker is not trusted.
        let from_marker = Update::begin(&site, None).unwrap();
        let page = [(PathBuf::from("index.html"), PathBuf::from("test"))];
        assert!(from_marker.keepable().is_none());
        assert!(from_marker.keep_all(&page).is_err());
        from_marker.abort();
        let kept = Update::begin(&site, Some(manifest.clone().into())).unwrap();
        assert!(
            kept.keepable()
                .unwrap()
                .contains_key(Path::new("index.html"))
        );
        kept.keep_all(&page).unwrap();
        let committed = kept.commit().unwrap();
        assert!(committed.changed.is_empty(), "{:?}", committed.changed);
        assert_eq!(committed.manifest, manifest);

        std::fs::remove_dir_all(&site).unwrap();
        let again = Update::begin(&site, Some(manifest.into())).unwrap();
        assert!(again.keepable().is_none(), "the file is gone");
        again.put_bytes(Path::new("index.html"), b"home").unwrap();
        again.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "home"
        );
    }

    #[test]
    fn a_first_build_does_not_replace_a_folder_with_files_made_while_it_ran() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let update = Update::begin(&site, None).unwrap();
        update.put_bytes(Path::new("index.html"), b"home").unwrap();
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("notes.txt"), "mine").unwrap();
        assert!(update.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(site.join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!site.join("index.html").exists());
        assert!(!dir.path().join(".site.folio-staging").exists());
    }

    #[test]
    fn a_path_that_is_a_file_and_a_folder_stops_the_build_before_anything_moves() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let first = rendered(&[("index.html", "home"), ("b.html", "b")]);
        update(&site, &first).unwrap();
        let clash = rendered(&[
            ("index.html", "home, edited"),
            ("a", "a file"),
            ("a/index.html", "a page"),
        ]);
        let error = match update(&site, &clash) {
            Err(Error::Content(problems)) => problems[0].message.clone(),
            other => panic!("{:?}", other.map_err(|e| e.to_string())),
        };
        assert!(
            error.contains("a would be a file and also the folder of a/index.html"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "home"
        );
        assert!(!site.join("a").exists());
        assert!(!dir.path().join(".site.folio-staging").exists());
        // The same error on a first build.
        let other = dir.path().join("other");
        assert!(update(&other, &clash).is_err());
        assert!(!other.exists());
    }

    #[test]
    fn a_build_that_fails_halfway_leaves_a_marker_that_lists_only_untouched_files() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let first = rendered(&[("a.html", "a"), ("index.html", "home")]);
        update(&site, &first).unwrap();
        // Something folio did not write, where the next build puts a file.
        std::fs::create_dir_all(site.join("c/inner")).unwrap();
        std::fs::write(site.join("c/inner/mine.txt"), "mine").unwrap();
        let second = rendered(&[("a.html", "a, edited"), ("c", "c"), ("index.html", "home")]);
        assert!(update(&site, &second).is_err());
        assert_eq!(
            std::fs::read_to_string(site.join("c/inner/mine.txt")).unwrap(),
            "mine"
        );
        // a.html moved in before the failure: the marker no longer vouches for it...
        let marker = read_manifest(&site.join(MARKER));
        assert!(!marker.contains_key(Path::new("a.html")), "{marker:?}");
        assert!(marker.contains_key(Path::new("index.html")));
        // ...so going back to the first site writes it again.
        std::fs::remove_dir_all(site.join("c")).unwrap();
        update(&site, &first).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "a");
    }

    #[test]
    fn a_page_folder_that_becomes_a_file_replaces_the_stale_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        update(
            &site,
            &rendered(&[("about/index.html", "page"), ("index.html", "home")]),
        )
        .unwrap();
        let changed = update(
            &site,
            &rendered(&[("about", "a file"), ("index.html", "home")]),
        )
        .unwrap();
        assert_eq!(changed, [Path::new("about"), Path::new("about/index.html")]);
        assert_eq!(
            std::fs::read_to_string(site.join("about")).unwrap(),
            "a file"
        );
        // A file of yours in that folder stops the build instead.
        update(
            &site,
            &rendered(&[("about/index.html", "page"), ("index.html", "home")]),
        )
        .unwrap();
        std::fs::write(site.join("about/notes.txt"), "mine").unwrap();
        assert!(
            update(
                &site,
                &rendered(&[("about", "a file"), ("index.html", "home")])
            )
            .is_err()
        );
        assert_eq!(
            std::fs::read_to_string(site.join("about/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(site.join("about/index.html")).unwrap(),
            "page"
        );
    }

    #[test]
    fn an_output_removed_during_the_build_is_not_made_again_in_part() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        update(&site, &rendered(&[("index.html", "home"), ("b.html", "b")])).unwrap();
        let again = Update::begin(&site, None).unwrap();
        again
            .put_bytes(Path::new("index.html"), b"home, edited")
            .unwrap();
        again.put_bytes(Path::new("b.html"), b"b").unwrap();
        std::fs::remove_dir_all(&site).unwrap();
        assert!(again.commit().is_err());
        assert!(!site.exists());
        assert!(!dir.path().join(".site.folio-staging").exists());
    }

    #[test]
    fn a_page_that_becomes_a_folder_replaces_the_stale_file() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        update(&site, &rendered(&[("talks", "old")])).unwrap();
        let changed = update(&site, &rendered(&[("talks/index.html", "new")])).unwrap();
        assert_eq!(changed.len(), 2);
        assert_eq!(
            std::fs::read_to_string(site.join("talks/index.html")).unwrap(),
            "new"
        );
    }

    #[test]
    fn an_update_refuses_paths_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        update(&site, &rendered(&[("index.html", "home")])).unwrap();
        let evil = rendered(&[("index.html", "home"), ("../escaped.html", "x")]);
        assert!(update(&site, &evil).is_err());
        assert!(!dir.path().join("escaped.html").exists());
    }
}
