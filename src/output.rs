//! Writing the site: into a staging folder beside the output, swapped in whole
//! only when everything was written, so a failed build leaves the last site as it was.
//!
//! folio only ever deletes folders it made: the output (marked with a file of
//! its own), and its staging and retired copies beside it.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::fs;
use crate::render::Rendered;

/// The file that marks a folder as folio's output, safe to replace.
pub const MARKER: &str = ".folio-output";
const MARKER_TEXT: &str = "This folder is written by `folio build` and replaced on every build.\n";

/// Checks that `output` is a folder folio may replace, and returns it as an absolute path.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<PathBuf, Error> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let refuse = |why: String| {
        Err(Error::Output(format!(
            "refusing to write the site to {}: {why}",
            output.display()
        )))
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

/// Writes every file into a staging folder, then swaps it in for `output`.
pub fn write(rendered: &Rendered, output: &Path) -> Result<(), Error> {
    let parent = output
        .parent()
        .ok_or_else(|| Error::Output(format!("{} has no parent folder", output.display())))?;
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.folio-staging"));
    let retired = parent.join(format!(".{name}.folio-old"));
    for leftover in [&staging, &retired] {
        remove_own(leftover)?;
    }
    fs::create_dir_all(&staging)?;
    fs::write(&staging.join(MARKER), MARKER_TEXT.as_bytes())?;
    let written = write_all(rendered, &staging);
    if let Err(e) = written {
        remove_own(&staging)?;
        return Err(e);
    }
    if output.join(MARKER).is_file() {
        fs::rename(output, &retired)?;
    } else if output.exists() {
        // An empty folder someone made for us: remove_dir refuses if anything appeared in it.
        std::fs::remove_dir(output).map_err(|source| fs::FsError {
            action: "cannot replace",
            path: output.to_path_buf(),
            source,
        })?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        // Put the previous site back before reporting.
        if retired.exists() {
            fs::rename(&retired, output).ok();
        }
        return Err(e.into());
    }
    remove_own(&retired)?;
    Ok(())
}

fn write_all(rendered: &Rendered, staging: &Path) -> Result<(), Error> {
    for (_, rel) in rendered
        .files
        .iter()
        .map(|(p, _)| ((), p))
        .chain(rendered.copies.iter().map(|(_, p)| ((), p)))
    {
        if !is_plain_relative(rel) {
            return Err(Error::Output(format!(
                "refusing to write {} outside the output folder",
                rel.display()
            )));
        }
    }
    rendered
        .files
        .par_iter()
        .try_for_each(|(rel, bytes)| fs::write(&staging.join(rel), bytes))?;
    rendered
        .copies
        .par_iter()
        .try_for_each(|(from, rel)| fs::copy(from, &staging.join(rel)))?;
    Ok(())
}

/// A path that stays inside the folder it is joined to.
fn is_plain_relative(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Removes a staging or retired folder, but only one that carries folio's marker.
fn remove_own(path: &Path) -> Result<(), Error> {
    if !path.exists() {
        return Ok(());
    }
    if !path.join(MARKER).is_file() {
        return Err(Error::Output(format!(
            "{} is in the way and was not made by folio; remove it yourself",
            path.display()
        )));
    }
    Ok(fs::remove_dir_all(path)?)
}

fn is_empty_dir(path: &Path) -> Result<bool, Error> {
    let mut entries = std::fs::read_dir(path).map_err(|source| fs::FsError {
        action: "cannot read folder",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(entries.next().is_none())
}

/// An absolute, lexically clean path; symbolic links in the existing part resolved.
fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|source| fs::FsError {
                action: "cannot read the current folder",
                path: ".".into(),
                source,
            })?
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
