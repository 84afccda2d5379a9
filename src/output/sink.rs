//! Where rendered files go as they are made, and the claims that keep every output path
//! taken once.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;
/// A file of the site: its path under the output folder and its bytes.
pub type OutputFile = (PathBuf, Vec<u8>);

/// Where rendered files go as they are made: memory (check, serve) or the
/// output's staging folder (build), so a large site is never held whole.
pub trait Sink: Sync {
    /// Takes the file at `path`, made from `from`: the file a clash with another is
    /// reported in (a content file, a template, a static file, or folio's own).
    fn put(&self, path: PathBuf, bytes: Vec<u8>, from: &Path) -> Result<(), crate::Error>;
}

/// The paths of a site being made, each with what it is made from. The second file at a
/// path, or a file where another needs a folder, is refused as it comes, naming both:
/// `folio check` finds what `folio build` would fail on (`static/people` as a file, a
/// profile's `index.html` beside its page).
#[derive(Default)]
pub struct Claims(Mutex<Taken>);

#[derive(Default)]
struct Taken {
    files: HashMap<PathBuf, PathBuf>,
    /// Every folder that holds a file: of its files, the first by maker then path (files
    /// come in any order from many threads; a report must not), and that file's maker.
    folders: HashMap<PathBuf, (PathBuf, PathBuf)>,
}

impl Claims {
    /// Takes `path` for a file made from `from`, or says what already has it.
    pub fn claim(&self, path: &Path, from: &Path) -> Result<(), crate::Error> {
        let mut taken = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let folders = || {
            path.ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
        };
        let clash = match (taken.files.get(path), taken.folders.get(path)) {
            (Some(first), _) => Some((
                first.clone(),
                format!("two files would be written to {}", path.display()),
            )),
            (None, Some((first, inside))) => Some((
                first.clone(),
                format!(
                    "{} would be a file and also the folder of {}",
                    path.display(),
                    inside.display()
                ),
            )),
            (None, None) => folders().find_map(|folder| {
                taken.files.get(folder).map(|first| {
                    let message = format!(
                        "{} would be a file and also the folder of {}",
                        folder.display(),
                        path.display()
                    );
                    (first.clone(), message)
                })
            }),
        };
        if let Some((first, message)) = clash {
            return Err(clash_error(&first, from, &message));
        }
        taken.files.insert(path.to_path_buf(), from.to_path_buf());
        for folder in folders() {
            let entry = (from.to_path_buf(), path.to_path_buf());
            match taken.folders.get_mut(folder) {
                Some(first) if *first <= entry => {}
                Some(first) => *first = entry,
                None => {
                    taken.folders.insert(folder.to_path_buf(), entry);
                }
            }
        }
        Ok(())
    }
}

/// Two makers of one output path, reported in the one a contributor is likeliest to have
/// just changed: a content file, then a static file, then a template, then folio's own.
fn clash_error(first: &Path, second: &Path, message: &str) -> crate::Error {
    let rank = |p: &Path| {
        ["content", "static", "templates"]
            .iter()
            .position(|top| p.starts_with(top))
            .unwrap_or(3)
    };
    let mut both = [first, second];
    both.sort_by_key(|p| (rank(p), p.to_path_buf()));
    let [blamed, other] = both;
    crate::Error::Content(vec![
        Diagnostic::file(
            blamed,
            format!(
                "{message}: it is made from {} and from {}",
                blamed.display(),
                other.display()
            ),
        )
        .help("rename or move one of them: each page and file of the site needs an address of its own"),
    ])
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
    claims: Claims,
}

impl Sink for Memory {
    fn put(&self, path: PathBuf, bytes: Vec<u8>, from: &Path) -> Result<(), crate::Error> {
        self.claims.claim(&path, from)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, bytes));
        Ok(())
    }
}

impl Memory {
    /// Claims the paths of the files a build copies, as it does when it copies them.
    pub fn claim_copies(
        &self,
        copies: &[(PathBuf, PathBuf)],
        root: &Path,
    ) -> Result<(), crate::Error> {
        copies.iter().try_for_each(|(source, rel)| {
            self.claims
                .claim(rel, source.strip_prefix(root).unwrap_or(source))
        })
    }

    /// The files this sink collected, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}
