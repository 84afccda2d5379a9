//! Processed pictures kept between builds in `.folio-cache/` under the site: a photo is
//! decoded, resized and encoded once, not on every build. An entry is found by a key made
//! from the source's bytes and everything that shapes the result (size, format, folio's
//! version of the processing), so a changed source is never served from the cache. Each
//! entry carries a checksum of itself: a damaged one (a disk error, an edit by hand) is
//! made again. Failing to write the cache is not an error: the build only costs more.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::hashing::Hashing;

/// The cache folder's name, under the site's folder (listed in `folio init`'s .gitignore).
pub const FOLDER: &str = ".folio-cache";

/// What starts every entry, then its checksum, then its bytes.
const MAGIC: &[u8; 8] = b"folio-c1";

/// An entry's name: 128 bits of the source and the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub u64, pub u64);

impl Key {
    /// The key of `parts`, hashed twice under different prefixes.
    pub fn of(parts: &[&[u8]]) -> Key {
        let half = |prefix: u64| {
            let mut h = Hashing::new();
            h.u64(prefix);
            for part in parts {
                h.value(part);
            }
            h.finish()
        };
        Key(half(0x6b31), half(0x6b32))
    }

    fn file_name(&self) -> String {
        format!("{:016x}{:016x}", self.0, self.1)
    }
}

/// Where entries are read and, unless the command writes nothing, written.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    writes: Writes,
    /// Every entry this build read or wrote: what [`Cache::prune`] keeps.
    used: Arc<Mutex<foldhash::HashSet<Key>>>,
}

/// Whether a command may add to the cache (`folio check` writes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    Allowed,
    Never,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn of_site(root: &Path, writes: Writes) -> Cache {
        Cache {
            dir: Some(root.join(FOLDER)),
            writes,
            used: Arc::default(),
        }
    }

    /// No cache at all: everything is made every time.
    #[cfg(test)]
    pub fn none() -> Cache {
        Cache {
            dir: None,
            writes: Writes::Never,
            used: Arc::default(),
        }
    }

    fn mark_used(&self, key: Key) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
    }

    fn path(&self, key: Key) -> Option<PathBuf> {
        let name = key.file_name();
        Some(self.dir.as_ref()?.join(&name[..2]).join(name))
    }

    /// The entry for `key`, when there is one and it is whole.
    pub fn get(&self, key: Key) -> Option<Vec<u8>> {
        self.mark_used(key);
        let bytes = std::fs::read(self.path(key)?).ok()?;
        let rest = bytes.strip_prefix(MAGIC)?;
        if rest.len() < 8 {
            return None;
        }
        let (sum, body) = rest.split_at(8);
        let expected = Hashing::new().value(body).finish().to_le_bytes();
        (sum == expected).then(|| body.to_vec())
    }

    /// Keeps `bytes` under `key`, written whole or not at all (a temporary file renamed).
    pub fn put(&self, key: Key, bytes: &[u8]) {
        self.mark_used(key);
        if self.writes == Writes::Never {
            return;
        }
        let Some(path) = self.path(key) else { return };
        let Some(dir) = path.parent() else { return };
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            let mut file = tempfile::NamedTempFile::new_in(dir)?;
            let sum = Hashing::new().value(bytes).finish().to_le_bytes();
            std::io::Write::write_all(&mut file, MAGIC)?;
            std::io::Write::write_all(&mut file, &sum)?;
            std::io::Write::write_all(&mut file, bytes)?;
            file.persist(&path).map_err(|e| e.error)?;
            Ok(())
        };
        // A cache that cannot be written costs time, not correctness.
        let _ = write();
    }

    /// The entry for `key`, made by `make` (and kept) when there is none.
    pub fn get_or_make<E>(
        &self,
        key: Key,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        if let Some(bytes) = self.get(key) {
            return Ok(bytes);
        }
        let bytes = make()?;
        self.put(key, &bytes);
        Ok(bytes)
    }

    /// Removes every entry this build did not read or write (called after a full build:
    /// what it did not ask for, no page of the site shows). Only files named as entries
    /// are, inside the cache's own folders; nothing is followed out of `.folio-cache/`.
    /// Returns how many were removed; a file that cannot be removed stays.
    pub fn prune(&self) -> usize {
        let (Some(dir), Writes::Allowed) = (&self.dir, self.writes) else {
            return 0;
        };
        let Ok(used) = self.used.lock() else { return 0 };
        let is_hex = |name: &str, len: usize| {
            name.len() == len && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        let Ok(folders) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut removed = 0;
        for folder in folders.flatten() {
            let name = folder.file_name();
            let is_folder = folder.file_type().is_ok_and(|t| t.is_dir());
            if !is_folder || !name.to_str().is_some_and(|n| is_hex(n, 2)) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str().filter(|n| is_hex(n, 32)) else {
                    continue;
                };
                let key = Key(
                    u64::from_str_radix(&name[..16], 16).unwrap_or_default(),
                    u64::from_str_radix(&name[16..], 16).unwrap_or_default(),
                );
                let is_file = entry.file_type().is_ok_and(|t| t.is_file());
                if is_file && !used.contains(&key) && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
            // Gone only when nothing is left in it.
            let _ = std::fs::remove_dir(folder.path());
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_entry_is_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::of_site(dir.path(), Writes::Allowed);
        let key = Key::of(&[b"photo", b"128"]);
        assert_eq!(cache.get(key), None);
        cache.put(key, b"pixels");
        assert_eq!(cache.get(key).as_deref(), Some(&b"pixels"[..]));
        let path = cache.path(key).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get(key), None);
        let made = cache.get_or_make(key, || Ok::<_, ()>(b"pixels".to_vec()));
        assert_eq!(made.unwrap(), b"pixels");
        assert_eq!(cache.get(key).as_deref(), Some(&b"pixels"[..]));
    }

    #[test]
    fn keys_differ_by_every_part() {
        assert_ne!(Key::of(&[b"ab", b"c"]), Key::of(&[b"a", b"bc"]));
        assert_ne!(Key::of(&[b"a", b"64"]), Key::of(&[b"a", b"128"]));
    }

    #[test]
    fn pruning_removes_only_entries_the_build_did_not_use() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, stale) = (Key::of(&[b"kept"]), Key::of(&[b"stale"]));
        Cache::of_site(dir.path(), Writes::Allowed).put(stale, b"old card");
        let cache = Cache::of_site(dir.path(), Writes::Allowed);
        cache.put(kept, b"card");
        // Files in the cache that are not entries, and a folder beside it, are not touched.
        let folder = dir.path().join(FOLDER);
        std::fs::write(folder.join("README"), b"mine").unwrap();
        let stranger = folder.join("ab").join("notes.txt");
        std::fs::create_dir_all(stranger.parent().unwrap()).unwrap();
        std::fs::write(&stranger, b"mine").unwrap();
        std::fs::write(dir.path().join(stale.file_name()), b"outside").unwrap();
        assert_eq!(cache.prune(), 1);
        assert_eq!(cache.get(stale), None);
        assert_eq!(cache.get(kept).as_deref(), Some(&b"card"[..]));
        assert!(folder.join("README").exists() && stranger.exists());
        assert!(dir.path().join(stale.file_name()).exists());
        // A command that writes nothing removes nothing either.
        let reader = Cache::of_site(dir.path(), Writes::Never);
        assert_eq!(reader.prune(), 0);
        assert_eq!(cache.get(kept).as_deref(), Some(&b"card"[..]));
    }
}
