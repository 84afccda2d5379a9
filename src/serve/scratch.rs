//! The preview's temporary folder (`folio-serve-*` in the system's temporary folder), and the
//! removal of those left by servers that had no chance to clean up (SIGKILL, a crash, a power
//! cut).
//!
//! A server holds an exclusive lock on a file in its folder for as long as it runs, and the
//! system releases the lock when the process ends, however it ends: a folder whose lock can be
//! taken belongs to no running server. Age proves nothing (a server may run for weeks), and a
//! process id may be reused by another program.

use std::fs::File;
use std::path::{Path, PathBuf};

/// How the temporary folders of `folio serve` are named.
const PREFIX: &str = "folio-serve-";
/// The file a running server keeps locked in its folder.
const ALIVE: &str = ".folio-serve.lock";

/// A server's temporary folder, removed when dropped (on Ctrl-C, SIGTERM or an error).
pub(crate) struct Scratch {
    /// Unlocked just before the folder is removed; a server starting meanwhile may remove it
    /// too, which is what is happening anyway (and on Windows a file still open cannot go).
    alive: Option<File>,
    folder: PathBuf,
}

impl Scratch {
    /// Makes a new temporary folder, locked for this server's life.
    pub fn make() -> std::io::Result<Scratch> {
        let folder = tempfile::Builder::new().prefix(PREFIX).tempdir()?.keep();
        // Locked under another name, then renamed: another server never finds the lock
        // file of a running one unlocked, even while it is being made.
        let fresh = folder.join(".folio-serve.lock.new");
        let made = File::create(&fresh).and_then(|alive| {
            alive.lock()?;
            std::fs::rename(&fresh, folder.join(ALIVE))?;
            Ok(alive)
        });
        match made {
            Ok(alive) => Ok(Scratch {
                alive: Some(alive),
                folder,
            }),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&folder);
                Err(e)
            }
        }
    }

    /// Takes over the folder of this same server before it started itself again (see
    /// [`super::restart`]): its lock went with the old program, and is taken again.
    pub fn adopt(folder: &Path) -> std::io::Result<Scratch> {
        let alive = File::open(folder.join(ALIVE))?;
        alive.try_lock()?;
        Ok(Scratch {
            alive: Some(alive),
            folder: folder.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.folder
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop(self.alive.take());
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Removes from `temp` the folders of servers that are gone: those whose lock file is not
/// locked. A folder without one (a server making it right now) is left alone, and so is one
/// of another user. Whatever cannot be removed stays; it only takes room.
pub(crate) fn remove_abandoned(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let folder = entry.path();
        // Not through a link: it could lead anywhere.
        let Ok(meta) = std::fs::symlink_metadata(&folder) else {
            continue;
        };
        if !meta.is_dir() || !mine(&meta) {
            continue;
        }
        let Ok(alive) = File::open(folder.join(ALIVE)) else {
            continue;
        };
        // Held while removing, so that no other server starts on the same folder.
        if alive.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(&folder);
        }
    }
}

#[cfg(unix)]
fn mine(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

/// Elsewhere the system's temporary folder is the user's own.
#[cfg(not(unix))]
fn mine(_meta: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_in(temp: &Path) -> Scratch {
        let folder = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(temp)
            .unwrap();
        let alive = File::create(folder.path().join(ALIVE)).unwrap();
        alive.lock().unwrap();
        Scratch {
            alive: Some(alive),
            folder: folder.keep(),
        }
    }

    #[test]
    fn only_folders_of_servers_that_are_gone_are_removed() {
        let temp = tempfile::tempdir().unwrap();
        let running = scratch_in(temp.path());
        // A server that was killed: its lock went with it, its folder stayed.
        let mut killed = scratch_in(temp.path());
        let killed_path = killed.path().to_path_buf();
        std::fs::write(killed_path.join("page.html"), "left").unwrap();
        drop(killed.alive.take());
        std::mem::forget(killed);
        // Being made by a server starting now: no lock file yet.
        let starting = temp.path().join(format!("{PREFIX}starting"));
        std::fs::create_dir(&starting).unwrap();
        // Someone else's folders that only look like ours.
        let other = temp.path().join("other-folder");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join(ALIVE), "").unwrap();
        let file = temp.path().join(format!("{PREFIX}file"));
        std::fs::write(&file, "").unwrap();

        remove_abandoned(temp.path());
        assert!(
            !killed_path.exists(),
            "the killed server's folder is removed"
        );
        assert!(
            running.path().join(ALIVE).is_file(),
            "a running server's stays"
        );
        assert!(starting.is_dir());
        assert!(other.join(ALIVE).is_file());
        assert!(file.is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_like_a_server_folder_is_not_followed() {
        let temp = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join(ALIVE), "").unwrap();
        let link = temp.path().join(format!("{PREFIX}link"));
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        remove_abandoned(temp.path());
        assert!(elsewhere.path().join(ALIVE).is_file());
        assert!(link.symlink_metadata().is_ok());
    }

    #[test]
    fn a_scratch_folder_is_locked_while_it_lives_and_removed_after() {
        let scratch = Scratch::make().unwrap();
        let path = scratch.path().to_path_buf();
        let alive = File::open(path.join(ALIVE)).unwrap();
        assert!(alive.try_lock().is_err(), "locked by its server");
        assert!(!path.join(".folio-serve.lock.new").exists());
        drop(scratch);
        assert!(!path.exists());
    }
}
