//! `folio serve`: the live preview. Builds the site into a folder (a temporary one unless
//! `--output`), serves it over HTTP, rebuilds on every change to the site's files and tells
//! open pages to reload.
//!
//! - [`watch`]: file system events -> debounced batches of changed source files.
//! - [`live`]: the builds, and the state every request reads (last good site, last error).
//! - the served copy of the build on disk is updated like `folio build` updates its output ([`crate::build_into`]): only what changed is written.
//! - [`http`]: requests -> files of the last good build; the reload socket.
//! - [`inject`]: the reload script and the error overlay, added to every HTML response.
//! - [`scratch`]: the temporary folder of the preview, and those left by killed servers.
//!
//! Every rebuild is a [`crate::build_into`] with what the last one kept
//! ([`crate::Incremental`]): unchanged files are not read again, pages whose context did not
//! change are not rendered again, unchanged files are not written again; what is served is
//! byte for byte what `folio build` writes for the same files.

mod http;
mod inject;
mod live;
mod restart;
mod scratch;
mod watch;
pub use watch::Watching;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::render::PageCounts;

pub use live::Reload;

/// What `folio serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The first port to try; 0 lets the system choose.
    pub port: u16,
    pub drafts: bool,
    /// How changes to the files are noticed.
    pub watching: Watching,
    /// Where the preview's files go; a temporary folder when none.
    pub output: Option<PathBuf>,
}

/// What the server has to tell its user, in the order it happens.
#[derive(Debug)]
pub enum Event {
    /// The first build is done (or failed) and requests are answered from now on.
    Serving {
        /// The site's address, with the path of base_url.
        url: String,
        /// Where the server listens.
        address: SocketAddr,
        /// Ports that were tried first and found in use.
        taken: Vec<u16>,
    },
    /// These source files changed (relative to the site root); a rebuild starts.
    Changed(Vec<PathBuf>),
    Built(Built),
    /// The search index's shards whose records changed were made after the rebuild's pages
    /// were served ([`Built::indexing`]).
    Indexed {
        elapsed: Duration,
        /// Output files of the index written or removed.
        changed_files: usize,
    },
    /// The build failed; the last good site stays served, with the error over it.
    Failed(crate::Error),
    /// A template ran away while rendering a page: the server starts itself again in place,
    /// keeping its port and its last good site.
    Restarting(crate::diagnostic::Diagnostic),
    /// The file watcher had a problem; the server goes on.
    WatchProblem(String),
    /// Ctrl-C or SIGTERM: the server is stopping.
    Stopping,
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// The first good build of this run: no page was open to reload.
    pub first: bool,
    pub counts: PageCounts,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub stages: Vec<(&'static str, Duration)>,
    /// Output files whose bytes differ from the previous good build.
    pub changed_files: usize,
    /// What open pages were told to do.
    pub reload: Reload,
    /// The search index is being updated after the pages ([`Event::Indexed`] follows).
    pub indexing: bool,
}

/// Why the server could not start or run. Build errors are not here: they never stop it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error(
        "cannot listen on {bind}: ports {first} to {last} are all in use; choose another with --port"
    )]
    NoFreePort { bind: IpAddr, first: u16, last: u16 },
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("cannot create a temporary folder for the preview: {0}")]
    TempDir(std::io::Error),
    #[error(transparent)]
    Output(crate::Error),
    #[error("the server failed: {0}")]
    Server(std::io::Error),
}

/// How many ports are tried, from the requested one up, before giving up.
const PORT_TRIES: u16 = 10;

/// Builds, serves and watches the site until Ctrl-C. `report` receives everything worth
/// telling the user; it is called from several threads.
pub fn run(options: &Options, report: impl Fn(Event) + Send + Sync + 'static) -> Result<(), Error> {
    // This program may be the same server started again after a runaway template.
    let restarted = restart::take();
    let report: live::Report = Arc::new(report);
    let (listener, taken) = match &restarted {
        Some(again) => (
            again.listener.try_clone().map_err(Error::Server)?,
            Vec::new(),
        ),
        None => listen(options.bind, options.port)?,
    };
    let address = listener.local_addr().map_err(Error::Server)?;
    let origin = format!("http://{}", reachable(address));
    allow_open_files();
    // Its own folder first, so that it is not taken for a gone server's.
    let adopted = restarted
        .as_ref()
        .and_then(|again| again.folder.as_deref())
        .and_then(|folder| scratch::Scratch::adopt(folder).ok());
    scratch::remove_abandoned(&std::env::temp_dir());
    let mut temporary = adopted;
    let folder = match (&options.output, &temporary) {
        (Some(output), _) => {
            crate::output::check_output_folder(&options.root, output).map_err(Error::Output)?
        }
        (None, Some(adopted)) => adopted.path().join("site"),
        (None, None) => temporary
            .insert(scratch::Scratch::make().map_err(Error::TempDir)?)
            .path()
            .join("site"),
    };
    restart::arm(
        &listener,
        temporary.as_ref().map(|t| t.path().to_path_buf()),
        report.clone(),
    );
    // Held until the server stops: its rebuilds trust what it wrote there before.
    let folder = crate::output::Lock::take(&folder).map_err(Error::Output)?;

    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let state = Arc::new(live::State::new(shutdown));
    // Watch before the first build, so that a save during it is not missed.
    let (mut watcher, stop_watching) = watch::Watcher::start(&options.root, options.watching)?;
    let mut builder = live::Builder::new(options, &origin, folder, state.clone(), report.clone());
    match restarted {
        // The template that ran away would run away again: it is shown over the last good
        // site until a save starts a build.
        Some(again) => builder.ran_away(again.error),
        None => builder.build(Vec::new(), crate::incremental::ChangeList::Partial),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Server)?;
    // Until now Ctrl-C ends the process (a first build of a large site takes seconds, and the
    // next server removes the folder it leaves); from here on it stops the server cleanly.
    let signal = {
        let _inside = runtime.enter();
        http::stop_signal()
    };
    report(Event::Serving {
        url: format!("{origin}{}", state.now().root()),
        address,
        taken,
    });

    let rebuilds = std::thread::spawn(move || {
        while let Some(batch) = watcher.next_batch() {
            // Without problems, the batch names every file that changed since the last one.
            let list = match batch.problems.is_empty() {
                true => crate::incremental::ChangeList::Complete,
                false => crate::incremental::ChangeList::Partial,
            };
            for problem in batch.problems {
                builder.report(Event::WatchProblem(problem));
            }
            builder.build(batch.paths.into_iter().collect(), list);
        }
    });

    let served = runtime.block_on(http::serve(listener, state, signal, stop, report.clone()));
    stop_watching.stop();
    // A build in progress finishes first; its files are in the preview folder.
    let _ = rebuilds.join();
    // What is left are connections past their grace period and file reads for them: they
    // are dropped, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(10));
    drop(temporary);
    served
}

/// Open files the server may need at once: a connection or a reload socket each, and files
/// for its builds and its watcher.
const OPEN_FILES: usize = http::MAX_CONNECTIONS + http::MAX_SOCKETS + 512;

/// Raises the limit of open files to [`OPEN_FILES`] when it is lower and the system allows it
/// (macOS gives 256 by default): with it, the connection limits leave the builds files to
/// open however many clients come.
#[cfg(unix)]
fn allow_open_files() {
    let wanted = OPEN_FILES as libc::rlim_t;
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the limit into the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 || limit.rlim_cur >= wanted
    {
        return;
    }
    limit.rlim_cur = wanted.min(limit.rlim_max);
    // SAFETY: setrlimit only reads the struct; a refusal leaves the limit as it was.
    unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
}

#[cfg(not(unix))]
fn allow_open_files() {}

/// Binds the first free port from `port` up; port 0 lets the system choose.
fn listen(bind: IpAddr, port: u16) -> Result<(TcpListener, Vec<u16>), Error> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    let mut taken = Vec::new();
    for candidate in port..=last {
        match TcpListener::bind((bind, candidate)) {
            Ok(listener) => return Ok((listener, taken)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                taken.push(candidate)
            }
            Err(source) => {
                return Err(Error::Bind {
                    address: SocketAddr::new(bind, candidate),
                    source,
                });
            }
        }
    }
    Err(Error::NoFreePort {
        bind,
        first: port,
        last,
    })
}

/// The address a browser on this machine uses: loopback for a server on every interface.
fn reachable(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_moves_to_the_next_port_when_one_is_taken() {
        // The test holds ports N and N+1 (N chosen free by the system), and frees N+2 just
        // before listening from N: listen must skip both and take N+2.
        let held = (0..100).find_map(|_| {
            let first = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
            let port = first.local_addr().unwrap().port();
            let next = |n: u16| {
                port.checked_add(n)
                    .and_then(|p| TcpListener::bind((Ipv4Addr::LOCALHOST, p)).ok())
            };
            Some((port, first, next(1)?, next(2)?))
        });
        let (port, first, second, third) = held.expect("three free ports in a row on loopback");
        drop(third);
        let (listener, taken) = listen(IpAddr::V4(Ipv4Addr::LOCALHOST), port).unwrap();
        assert_eq!(taken, [port, port + 1]);
        assert_eq!(listener.local_addr().unwrap().port(), port + 2);
        drop((first, second));
    }

    #[test]
    fn an_unspecified_address_is_reached_through_loopback() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(reachable(any).to_string(), "127.0.0.1:1111");
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        assert_eq!(reachable(any6).to_string(), "[::1]:1111");
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert_eq!(reachable(lan), lan);
    }
}
