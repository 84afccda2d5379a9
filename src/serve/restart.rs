//! When a template runs away (see [`crate::budget`]), the page's thread cannot be stopped:
//! the dev server starts itself again in place. The same process (its id, its terminal),
//! the same listening socket (open pages reconnect to the same port), the same preview
//! folder holding the last good site; the new program shows the runaway's error over that
//! site and builds again at the next save, when the template has been fixed.
//!
//! What crosses the restart goes in the environment: the socket's file descriptor (kept
//! open across `exec`), the preview folder, and the error.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

const LISTENER: &str = "FOLIO_SERVE_LISTENER";
const FOLDER: &str = "FOLIO_SERVE_FOLDER";
const RUNAWAY: &str = "FOLIO_SERVE_RUNAWAY";

/// What a server started again by [`arm`]'s hook takes over.
pub(crate) struct Restarted {
    pub listener: TcpListener,
    /// Its temporary preview folder, if it had one (not `--output`).
    pub folder: Option<PathBuf>,
    /// Why it started again: shown over the last good site until the next build.
    pub error: Diagnostic,
}

/// What the last program left in the environment, if it started this one again; the
/// variables are removed, so that a `folio serve` started from this one's shell is new.
pub(crate) fn take() -> Option<Restarted> {
    let listener = std::env::var(LISTENER).ok();
    let folder = std::env::var_os(FOLDER).map(PathBuf::from);
    let runaway = std::env::var(RUNAWAY).ok();
    // SAFETY: read once at start-up, before any other thread of this program runs.
    unsafe {
        std::env::remove_var(LISTENER);
        std::env::remove_var(FOLDER);
        std::env::remove_var(RUNAWAY);
    }
    let listener = adopt_listener(listener?.parse().ok()?)?;
    let mut lines = runaway.as_deref().unwrap_or("").splitn(3, '\n');
    let path = lines.next().unwrap_or("templates");
    let message = lines.next().unwrap_or("a template ran away");
    let mut error = Diagnostic::file(Path::new(path), message);
    if let Some(help) = lines.next() {
        error = error.help(help);
    }
    Some(Restarted {
        listener,
        folder: folder.filter(|f| !f.as_os_str().is_empty()),
        error,
    })
}

#[cfg(unix)]
fn adopt_listener(fd: i32) -> Option<TcpListener> {
    use std::os::fd::FromRawFd;
    // SAFETY: the descriptor was this server's listening socket, kept open across exec
    // by `arm`'s hook for this program alone, and nothing else here owns it.
    let listener = unsafe { TcpListener::from_raw_fd(fd) };
    listener.local_addr().ok()?;
    Some(listener)
}

#[cfg(not(unix))]
fn adopt_listener(_fd: i32) -> Option<TcpListener> {
    None
}

/// Makes a runaway template start this server again in place (Unix), keeping `listener`
/// and the preview `folder`. `report` is told the error first.
#[cfg(unix)]
pub(crate) fn arm(listener: &TcpListener, folder: Option<PathBuf>, report: super::live::Report) {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let fd = listener.as_raw_fd();
    crate::budget::on_runaway(move |error| {
        report(super::Event::Restarting(error.clone()));
        // SAFETY: fcntl on a descriptor this process owns; it only changes its flags.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
        }
        let said = format!(
            "{}\n{}\n{}",
            error.path.display(),
            error.message,
            error.help.as_deref().unwrap_or("")
        );
        let Ok(program) = std::env::current_exe() else {
            std::process::exit(1);
        };
        let failed = std::process::Command::new(program)
            .args(std::env::args_os().skip(1))
            .env(LISTENER, fd.to_string())
            .env(FOLDER, folder.as_deref().unwrap_or(Path::new("")))
            .env(RUNAWAY, said)
            .exec();
        report(super::Event::Failed(crate::Error::output(
            &std::env::current_exe().unwrap_or_default(),
            format!("cannot start the server again: {failed}"),
        )));
        std::process::exit(1);
    });
}

/// Elsewhere the server reports the template and stops.
#[cfg(not(unix))]
pub(crate) fn arm(_listener: &TcpListener, _folder: Option<PathBuf>, report: super::live::Report) {
    crate::budget::on_runaway(move |error| {
        report(super::Event::Failed(crate::Error::Content(vec![error])));
        std::process::exit(1);
    });
}
