//! The manifest: what the last build wrote to an output folder (hash, size, path of each
//! file), kept in its marker file.

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use super::is_plain_relative;

/// Maps and sets over every file of the site, used on every build: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;

/// The file that marks a folder as folio's output and lists what folio wrote there.
pub const MARKER: &str = ".folio-output";

pub(super) const MARKER_TEXT: &str = "# Written by `folio build`, which updates this folder on every build.\n# hash size path of every file it wrote:\n";

/// (hash, size) of a file's bytes.
pub(super) type Fingerprint = (u64, u64);

/// What the last build wrote to an output folder: each file's fingerprint, as its marker
/// file lists them. The dev server keeps it between builds rather than reading it again.
pub type Manifest = HashMap<PathBuf, Fingerprint>;

pub(super) fn fingerprint(bytes: &[u8]) -> Fingerprint {
    // A fixed seed: the manifest is compared across runs.
    (
        foldhash::quality::FixedState::with_seed(0x0066_6f6c_696f).hash_one(bytes),
        bytes.len() as u64,
    )
}

/// The marker file's text listing these files.
pub(super) fn manifest_text<'a>(entries: impl Iterator<Item = (&'a Path, Fingerprint)>) -> String {
    use std::fmt::Write;
    let mut text = String::from(MARKER_TEXT);
    for (rel, (hash, size)) in entries {
        write!(text, "{hash:016x} {size} ").ok();
        text.push_str(&rel.to_string_lossy());
        text.push('\n');
    }
    text
}

/// The manifest of the last build, or nothing if there is none (or it is unreadable).
pub(super) fn read_manifest(marker: &Path) -> Manifest {
    let Ok(text) = std::fs::read_to_string(marker) else {
        return HashMap::default();
    };
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            let path = PathBuf::from(parts.next()?);
            is_plain_relative(&path).then_some((path, (hash, size)))
        })
        .collect()
}
