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

/// The paths taken, each by its [`plain`] spelling: a path is hashed as one run of bytes,
/// not component by component (a rebuild of `folio serve` claims every file of the site).
#[derive(Default)]
struct Taken {
    files: HashMap<Vec<u8>, PathBuf>,
    /// Every folder that holds a file: of its files, the first by maker then path (files
    /// come in any order from many threads; a report must not), and that file's maker.
    folders: HashMap<Vec<u8>, (PathBuf, PathBuf)>,
}

/// `path` spelled one way for each path [`Path`] holds equal: its components joined by
/// `/`. Every path folio makes is spelled so already (no `.`, no doubled or trailing
/// separator) and is taken as it is; another is rebuilt from its components.
fn plain(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    // On Windows `\\` separates too: there every path is taken apart.
    let is_plain = !cfg!(windows)
        && bytes
            .split(|&b| b == b'/')
            .all(|part| !part.is_empty() && part != b".");
    if is_plain {
        return bytes.into();
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    for part in path.components() {
        if !out.is_empty() && !out.ends_with(b"/") {
            out.push(b'/');
        }
        out.extend_from_slice(part.as_os_str().as_encoded_bytes());
    }
    out.into()
}

/// The folders holding the file at the plain path `path`, innermost first.
fn folders_of(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut end = path.len();
    std::iter::from_fn(move || {
        end = path[..end].iter().rposition(|&b| b == b'/')?;
        Some(&path[..end]).filter(|folder| !folder.is_empty())
    })
}

impl Claims {
    /// Takes `path` for a file made from `from`, or says what already has it.
    pub fn claim(&self, path: &Path, from: &Path) -> Result<(), crate::Error> {
        self.claim_all([(path, from)])
    }

    /// Takes each path for the file made from the one beside it, under one lock: a
    /// rebuild of `folio serve` claims every file it keeps.
    pub fn claim_all<'a>(
        &self,
        claims: impl IntoIterator<Item = (&'a Path, &'a Path)>,
    ) -> Result<(), crate::Error> {
        let mut taken = self.0.lock().unwrap_or_else(|e| e.into_inner());
        claims
            .into_iter()
            .try_for_each(|(path, from)| taken.take(path, from))
    }
}

impl Taken {
    fn take(&mut self, path: &Path, from: &Path) -> Result<(), crate::Error> {
        let key = plain(path);
        let clash = match (self.files.get(&*key), self.folders.get(&*key)) {
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
            (None, None) => folders_of(&key).find_map(|folder| {
                self.files.get(folder).map(|first| {
                    let message = format!(
                        "{} would be a file and also the folder of {}",
                        String::from_utf8_lossy(folder),
                        path.display()
                    );
                    (first.clone(), message)
                })
            }),
        };
        if let Some((first, message)) = clash {
            return Err(clash_error(&first, from, &message));
        }
        for folder in folders_of(&key) {
            // Most folders are known, with a first file that stays first: nothing to copy.
            match self.folders.get_mut(folder) {
                Some((maker, file)) if (maker.as_path(), file.as_path()) <= (from, path) => {}
                Some(first) => *first = (from.to_path_buf(), path.to_path_buf()),
                None => {
                    let entry = (from.to_path_buf(), path.to_path_buf());
                    self.folders.insert(folder.to_vec(), entry);
                }
            }
        }
        self.files.insert(key.into_owned(), from.to_path_buf());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_plain_however_it_is_spelled() {
        let plain = |p: &str| String::from_utf8(plain(Path::new(p)).into_owned()).unwrap();
        assert_eq!(plain("people/ada/index.html"), "people/ada/index.html");
        assert_eq!(plain("people//ada/./index.html"), "people/ada/index.html");
        assert_eq!(plain("people/ada/"), "people/ada");
        assert_eq!(plain("./people"), "./people");
        assert_eq!(plain("/people"), "/people");
        let folders: Vec<&[u8]> = folders_of(b"people/ada/index.html").collect();
        assert_eq!(folders, [&b"people/ada"[..], b"people"]);
        assert_eq!(folders_of(b"index.html").count(), 0);
    }

    #[test]
    fn two_spellings_of_one_path_clash() {
        let claims = Claims::default();
        let from = Path::new("content/people/ada.md");
        claims
            .claim(Path::new("people/ada/index.html"), from)
            .unwrap();
        for clash in [
            "people//ada/index.html",
            "people/./ada/index.html",
            "people/ada",
            "people",
        ] {
            assert!(claims.claim(Path::new(clash), from).is_err(), "{clash}");
        }
        claims.claim(Path::new("people/ada.vcf"), from).unwrap();
        assert!(claims.claim(Path::new("people/ada.vcf/x"), from).is_err());
        // A folder taken by a file is refused whichever comes first.
        let claims = Claims::default();
        claims.claim(Path::new("skills/go"), from).unwrap();
        assert!(
            claims
                .claim(Path::new("skills/go/index.html"), from)
                .is_err()
        );
    }
}
