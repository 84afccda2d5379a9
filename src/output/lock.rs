//! One writer at a time: the advisory lock on an output folder.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::fs;

/// The right to write into an output folder, held by one folio process at a time: a build
/// for its run, the dev server for its whole session (between its rebuilds it trusts what it
/// wrote there last). Another process that wants the same folder stops at once with an
/// error rather than mixing its files, staging folder and manifest with this one's.
///
/// An exclusive advisory lock on a file beside the output (`.public.folio-lock`), which,
/// like the staging folder, is there only while it is held: the holder removes it, still
/// holding the lock, when done, so that a build with `--output /tmp/x` leaves nothing in
/// `/tmp`. The lock, not the file, is what counts: the file is never written, one left by a
/// killed process is simply locked again (and then removed), and a process that locked a
/// file just removed by its holder sees that the path names another file now, and tries
/// again ([`lock_file`]). Removing the file while it is held lets another writer in; the dev
/// server looks before each rebuild ([`Lock::hold`]).
pub struct Lock {
    output: PathBuf,
    path: PathBuf,
    file: std::fs::File,
}

impl Lock {
    /// Takes the lock on `output` (already checked by [`check_output_folder`]).
    pub fn take(output: &Path) -> Result<Lock, Error> {
        let path = beside(output, "folio-lock")?;
        let file = lock_file(output, &path)?;
        Ok(Lock {
            output: output.to_path_buf(),
            path,
            file,
        })
    }

    /// Makes sure the lock is still held: when its file was removed (or replaced) since it
    /// was taken, another process may have locked a new one; the lock is taken on the file
    /// now at the path, or refused as [`Lock::take`] refuses. True when the lock was taken
    /// again: another process may have written into the folder meanwhile, so nothing
    /// remembered of its files may be trusted.
    pub fn hold(&mut self) -> Result<bool, Error> {
        if still_named_by(&self.file, &self.path) {
            return Ok(false);
        }
        self.file = lock_file(&self.output, &self.path)?;
        Ok(true)
    }

    /// The output folder this lock is for.
    pub fn output(&self) -> &Path {
        &self.output
    }
}

impl Drop for Lock {
    /// Removes the lock file while the lock is still held, if it is still this lock's and
    /// empty (folio never writes it: a file with something in it is someone's, and stays).
    fn drop(&mut self) {
        let empty = self.file.metadata().is_ok_and(|m| m.len() == 0);
        if empty && still_named_by(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Opens (or makes) the lock file at `path`, and its folder, and locks it without waiting.
/// A file its holder removed between the opening and the locking is let go, and the file
/// now at the path locked instead.
fn lock_file(output: &Path, path: &Path) -> Result<std::fs::File, Error> {
    let mut tries = 0;
    loop {
        let file = lock_file_once(output, path)?;
        tries += 1;
        if still_named_by(&file, path) || tries == 10 {
            return Ok(file);
        }
    }
}

fn lock_file_once(output: &Path, path: &Path) -> Result<std::fs::File, Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let fs_error = crate::fs::FsError::at("cannot lock", path);
    let not_ours = || {
        Error::output(
            path,
            format!(
                "{} is where folio locks {}, but it is not a plain file (a link, a folder or \
             another kind of file that folio did not make); move it away",
                path.display(),
                output.display()
            ),
        )
    };
    let existing = std::fs::symlink_metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Err(not_ours());
    }
    let open = |write: bool| {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(write).create(write);
        // A link put there meanwhile is not followed: folio would lock a file elsewhere.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        options.open(path)
    };
    let file = match open(true) {
        // Left by another user (a killed `sudo folio build`): a lock needs no write access.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && existing.is_some() => {
            open(false).map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => Error::output(
                    path,
                    format!(
                        "cannot open {} to lock {}: permission denied; another user's folio may \
                     have left it: if no folio process is running, remove it",
                        path.display(),
                        output.display()
                    ),
                ),
                _ => fs_error(e).into(),
            })?
        }
        opened => opened.map_err(fs_error)?,
    };
    if !file.metadata().map_err(fs_error)?.is_file() {
        return Err(not_ours());
    }
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::output(
            path,
            format!(
                "another folio process is writing into {} (it holds {}): wait for that `folio build` \
             to finish, or stop that `folio serve --output`, or choose another --output",
                output.display(),
                path.display()
            ),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(fs_error(e).into()),
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_named_by(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Elsewhere the check is not made: a lock file removed while held goes unnoticed.
#[cfg(not(unix))]
fn still_named_by(_file: &std::fs::File, _path: &Path) -> bool {
    true
}

/// A hidden file or folder beside `output`: `.public.folio-staging` for `public`.
pub(super) fn beside(output: &Path, what: &str) -> Result<PathBuf, Error> {
    let parent = output.parent().ok_or_else(|| {
        Error::output(output, format!("{} has no parent folder", output.display()))
    })?;
    let name = output
        .file_name()
        .ok_or_else(|| Error::output(output, format!("{} names no folder", output.display())))?;
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let first = Lock::take(&site).unwrap();
        let Err(Error::Output {
            message: refused, ..
        }) = Lock::take(&site)
        else {
            panic!("a second lock on {} was given", site.display());
        };
        let file = dir.path().join(".public.folio-lock");
        assert!(
            refused.contains("another folio process is writing into")
                && refused.contains(&file.display().to_string()),
            "{refused}"
        );
        drop(first);
        // The holder, done, removes its lock file: nothing is left beside the output.
        assert!(!file.exists());
        let again = Lock::take(&site).unwrap();
        assert_eq!(again.output(), site);
        drop(again);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_lock_file_removed_by_its_holder_after_another_opened_it_is_not_locked_twice() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let file = dir.path().join(".public.folio-lock");
        let first = Lock::take(&site).unwrap();
        // Another process opened the file just before the holder removed it and let go.
        let opened = std::fs::File::open(&file).unwrap();
        drop(first);
        opened.try_lock().unwrap();
        assert!(!still_named_by(&opened, &file));
        // A third one makes a new file and locks it: a lock taken now must be refused.
        let third = Lock::take(&site).unwrap();
        assert!(Lock::take(&site).is_err());
        drop((third, opened));
    }

    #[test]
    fn a_lock_file_left_behind_is_locked_again_and_a_file_with_content_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let left = dir.path().join(".public.folio-lock");
        // Left by a killed build: locked again, then removed like any lock file of folio's.
        std::fs::write(&left, "").unwrap();
        drop(Lock::take(&site).unwrap());
        assert!(!left.exists());
        // Not folio's: locked, but neither written nor removed.
        std::fs::write(&left, "notes of mine").unwrap();
        drop(Lock::take(&site).unwrap());
        assert_eq!(std::fs::read_to_string(&left).unwrap(), "notes of mine");
    }

    #[test]
    fn a_lock_whose_file_was_removed_is_taken_again_or_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let file = dir.path().join(".public.folio-lock");
        let mut first = Lock::take(&site).unwrap();
        std::fs::remove_file(&file).unwrap();
        // Another writer locks a new file: the first one finds out before it writes.
        let second = Lock::take(&site).unwrap();
        let Err(Error::Output {
            message: refused, ..
        }) = first.hold()
        else {
            panic!("both held the lock on {}", site.display());
        };
        assert!(refused.contains("another folio process"), "{refused}");
        // Nor does the first one, done, free the second one's lock.
        drop(first);
        assert!(Lock::take(&site).is_err());
        drop(second);
        // Alone, a holder whose file went makes it again and locks it.
        let mut alone = Lock::take(&site).unwrap();
        std::fs::remove_file(&file).unwrap();
        alone.hold().unwrap();
        assert!(file.is_file());
        assert!(Lock::take(&site).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_folder_named_like_the_lock_file_is_refused_and_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let file = dir.path().join(".public.folio-lock");
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, &file).unwrap();
        let Err(Error::Output {
            message: refused, ..
        }) = Lock::take(&site)
        else {
            panic!("a lock was taken through a link");
        };
        assert!(refused.contains("is where folio locks"), "{refused}");
        assert!(!target.exists(), "the link was followed");
        assert!(file.is_symlink());
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let Err(Error::Output {
            message: refused, ..
        }) = Lock::take(&site)
        else {
            panic!("a lock was taken on a folder");
        };
        assert!(refused.contains("is where folio locks"), "{refused}");
        assert!(file.is_dir());
    }
}
