//! Writing the site. Every page is rendered and checked before the output
//! changes at all; the new or changed files go to a staging folder beside the
//! output as they are rendered, and only when the whole site rendered are they
//! moved into place, stale files removed, and the manifest written. A failed
//! build leaves the previous site exactly as it was.
//!
//! When the output folder does not exist yet, the staging folder is laid out as
//! the site and becomes the output by one rename: a first build of 20,000 pages
//! does not move 40,000 files one by one.
//!
//! Files whose bytes did not change are not touched: the output's marker file
//! holds a manifest (hash, size, path) of what the last build wrote. On large
//! sites this matters: replacing 20,000 unchanged files (and their folders) cost
//! more than rendering them, mostly in the file system's inode churn.
//!
//! folio only ever deletes what it wrote: files listed in its manifest, folders
//! they leave empty, and its own staging folder.

mod lock;
mod manifest;
mod sink;
mod update;

pub use lock::Lock;
pub use manifest::{MARKER, Manifest};
pub use sink::{Claims, Memory, OutputFile, Sink};
pub use update::{Committed, Update};

use std::path::{Component, Path, PathBuf};

use crate::Error;
use crate::fs;

/// Checks that `output` is a folder folio may replace, and returns it as an absolute path.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<PathBuf, Error> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let refuse = |why: String| {
        Err(Error::output(
            &output,
            format!("refusing to write the site to {}: {why}", output.display()),
        ))
    };
    if root.starts_with(&output) {
        return refuse("it is the site's own folder or a folder above it".into());
    }
    for own in ["content", "templates", "static"] {
        if output.starts_with(root.join(own)) {
            return refuse(format!("it is inside the site's {own}/ folder"));
        }
    }
    if output.is_file() {
        return refuse("it is a file".into());
    }
    if output.is_dir() && !output.join(MARKER).is_file() && !is_empty_dir(&output)? {
        return refuse("the folder is not empty and was not made by folio; choose another --output or empty it yourself".into());
    }
    Ok(output)
}

/// A path that stays inside the folder it is joined to.
pub(crate) fn is_plain_relative(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Removes a staging folder left by a build that was killed, but only one that carries folio's marker.
fn remove_own_staging(path: &Path) -> Result<(), Error> {
    if !path.exists() {
        return Ok(());
    }
    if !path.join(MARKER).is_file() {
        return Err(Error::output(
            path,
            format!(
                "{} is in the way and was not made by folio; remove it yourself",
                path.display()
            ),
        ));
    }
    Ok(fs::remove_dir_all(path)?)
}

fn is_empty_dir(path: &Path) -> Result<bool, Error> {
    let mut entries =
        std::fs::read_dir(path).map_err(crate::fs::FsError::at("cannot read folder", path))?;
    Ok(entries.next().is_none())
}

/// An absolute, lexically clean path; symbolic links in the existing part resolved.
fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(crate::fs::FsError::at(
                "cannot read the current folder",
                Path::new("."),
            ))?
            .join(path)
    };
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Resolve symlinks in the longest existing prefix, so `public -> ..` is caught.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_may_not_hold_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("static/x"),
        ] {
            assert!(
                check_output_folder(&root, &bad).is_err(),
                "{}",
                bad.display()
            );
        }
        assert!(check_output_folder(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn output_refuses_a_foreign_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        assert!(
            check_output_folder(dir.path(), &out).is_ok(),
            "empty is fine"
        );
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_output_folder(dir.path(), &out).is_err());
        std::fs::write(out.join(MARKER), "").unwrap();
        assert!(check_output_folder(dir.path(), &out).is_ok());
    }

    #[test]
    fn plain_relative_paths_only() {
        assert!(is_plain_relative(Path::new("people/x/index.html")));
        assert!(!is_plain_relative(Path::new("../x")));
        assert!(!is_plain_relative(Path::new("/etc/passwd")));
    }
}
