//! Watching the site's sources (site.toml, content/, templates/, static/) and turning a burst of
//! file system events into one batch of changed files. Editors' swap, backup and temp files
//! are ignored; a save by write-to-temp-and-rename counts through its rename.
//!
//! `--poll` uses [`Poller`], not notify's PollWatcher: that one compares modification times in
//! whole seconds, so a second save within the same second went unseen.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, CreateKind, MetadataKind, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

use super::Error;

/// The folders whose files are the site's sources; site.toml is the one file beside them.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "static"];
/// A batch ends after this long without a relevant event: one rebuild for a burst of saves.
/// An editor's save (write a temp file, rename it, delete the backup) or a `git checkout` makes
/// its events within a few milliseconds; every millisecond here is added to each reload. 10 ms
/// was tried: on a loaded machine a plain write (truncate, then write) then came as two batches,
/// two rebuilds and two reloads, the first of a half-written file.
const QUIET: Duration = Duration::from_millis(25);
/// ...or after this much shorter quiet when every changed file is known to be complete: its
/// writer closed it, or it was renamed into place (see [`settles`]). Only Linux's inotify
/// reports closes; elsewhere a written file stays unsettled and [`QUIET`] applies.
const SETTLED: Duration = Duration::from_millis(5);
/// ...or after this long in all, so that a file written continuously still gets rebuilt.
const LONGEST: Duration = Duration::from_millis(1000);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

enum Signal {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// Changed sources since the last batch.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// Relative to the site root.
    pub paths: BTreeSet<PathBuf>,
    /// Problems the watcher reported; it may have missed changes, so a batch with problems
    /// rebuilds too.
    pub problems: Vec<String>,
    /// Changed paths that may still be being written: created or modified and not yet closed,
    /// or renamed away or removed (perhaps to be replaced).
    unsettled: BTreeSet<PathBuf>,
}

pub(crate) struct Watcher {
    source: Source,
    /// Canonical, as the paths in events are.
    root: PathBuf,
    signals: Receiver<Signal>,
}

/// Ends [`Watcher::next_batch`] from another thread.
pub(crate) struct Stopper(Sender<Signal>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

/// How the watcher learns that files changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// The file system's events.
    Events,
    /// Looking at every file twice a second (`--poll`).
    Poll,
}

impl Watcher {
    pub fn start(root: &Path, how: Watching) -> Result<(Watcher, Stopper), Error> {
        let root = root.canonicalize().map_err(|e| Error::Watch {
            path: root.to_path_buf(),
            source: notify::Error::io(e),
        })?;
        let (sender, signals) = channel();
        if how == Watching::Poll {
            let source = Source::Poll(Poller::start(&root, sender.clone()));
            return Ok((
                Watcher {
                    source,
                    root,
                    signals,
                },
                Stopper(sender),
            ));
        }
        let events = sender.clone();
        let handler = move |event| {
            let _ = events.send(Signal::Fs(event));
        };
        let watch_error = |source| Error::Watch {
            path: root.clone(),
            source,
        };
        // Links are not followed into: one to `/` under content/ would have the watcher watch
        // the whole machine (the build refuses such a link; files behind links that stay in
        // the site are looked at on every build).
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut events = notify::RecommendedWatcher::new(handler, config).map_err(watch_error)?;
        // The root itself only for site.toml and for source folders appearing or going.
        events
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(watch_error)?;
        let mut watcher = Watcher {
            source: Source::Events(events),
            root: root.clone(),
            signals,
        };
        for folder in SOURCE_FOLDERS {
            if let Err(problem) = watcher.rewatch(folder) {
                return Err(Error::Watch {
                    path: root.join(folder),
                    source: problem,
                });
            }
        }
        Ok((watcher, Stopper(sender)))
    }

    /// Waits for a change to the sources, then for the burst it starts to end. None when stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        while batch.is_empty() {
            match self.signals.recv() {
                Ok(Signal::Fs(event)) => {
                    self.take(event, &mut batch);
                }
                Ok(Signal::Stop) | Err(_) => return None,
            }
        }
        let deadline = Instant::now() + LONGEST;
        let mut last = Instant::now();
        loop {
            let until = (last + batch.quiet()).min(deadline);
            let wait = until.saturating_duration_since(Instant::now());
            match self.signals.recv_timeout(wait) {
                Ok(Signal::Fs(event)) => {
                    // Only relevant events extend the burst: reading the sources for the build
                    // causes events of its own.
                    if self.take(event, &mut batch) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Some(batch),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Adds what an event changed to the batch, and follows source folders that appear,
    /// disappear or are renamed. True when the event concerned the sources.
    fn take(&mut self, event: notify::Result<notify::Event>, batch: &mut Batch) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(problem) => {
                batch.problems.push(problem.to_string());
                return true;
            }
        };
        let mut relevant = false;
        if event.need_rescan() {
            batch
                .problems
                .push("the file watcher missed some events; rebuilding everything".into());
            relevant = true;
        }
        if !changes_files(&event.kind) {
            return relevant;
        }
        for (index, path) in event.paths.iter().enumerate() {
            let Ok(relative) = path.strip_prefix(&self.root) else {
                continue;
            };
            if let Some(folder) = SOURCE_FOLDERS.iter().find(|f| relative == Path::new(f))
                && let Err(problem) = self.rewatch(folder)
            {
                batch
                    .problems
                    .push(format!("cannot watch {}: {problem}", path.display()));
            }
            if is_source(relative) {
                match settles(&event.kind, index) {
                    Some(true) => batch.unsettled.remove(relative),
                    Some(false) => batch.unsettled.insert(relative.to_path_buf()),
                    None => false,
                };
                batch.paths.insert(relative.to_path_buf());
                relevant = true;
            }
        }
        relevant
    }

    /// Watches a source folder afresh: after a rename or delete, the old watch follows the
    /// moved folder or nothing.
    fn rewatch(&mut self, folder: &str) -> notify::Result<()> {
        let Source::Events(events) = &mut self.source else {
            return Ok(()); // the poller looks at every folder afresh each time
        };
        let path = self.root.join(folder);
        let _ = events.unwatch(&path);
        if path.is_dir() {
            events.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

enum Source {
    /// The system's file events: inotify, FSEvents, ReadDirectoryChangesW.
    Events(notify::RecommendedWatcher),
    /// `--poll`, for file systems without events (network mounts, WSL, some containers).
    Poll(#[expect(dead_code, reason = "kept for its Drop, which stops the polling")] Poller),
}

/// Looks at the size and modification time of every source file at an interval, and reports
/// the differences as file events. Stops when dropped.
pub(crate) struct Poller {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Size and modification time, to the precision the file system keeps.
type Stamp = (u64, Option<SystemTime>);

impl Poller {
    fn start(root: &Path, signals: Sender<Signal>) -> Poller {
        let (stop, stopped) = channel::<()>();
        let root = root.to_path_buf();
        let thread = std::thread::spawn(move || {
            let mut before = stamps(&root);
            // Sleeps between looks; a message or a hang-up means stop.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL_INTERVAL) {
                let after = stamps(&root);
                let changed: Vec<PathBuf> = after
                    .iter()
                    .filter(|(path, stamp)| before.get(*path) != Some(stamp))
                    .map(|(path, _)| path.clone())
                    .chain(before.keys().filter(|p| !after.contains_key(*p)).cloned())
                    .collect();
                before = after;
                if changed.is_empty() {
                    continue;
                }
                let mut event = notify::Event::new(EventKind::Modify(ModifyKind::Any));
                event.paths = changed;
                if signals.send(Signal::Fs(Ok(event))).is_err() {
                    return;
                }
            }
        });
        Poller {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The stamp of site.toml and of every file under the source folders.
fn stamps(root: &Path) -> HashMap<PathBuf, Stamp> {
    let stamp = |meta: &std::fs::Metadata| (meta.len(), meta.modified().ok());
    let mut all = HashMap::new();
    let config = root.join("site.toml");
    if let Ok(meta) = std::fs::metadata(&config) {
        all.insert(config, stamp(&meta));
    }
    // The walks the builds make: a link out of the site (to `/`) is not walked every half
    // second; the build reports it.
    let confine = crate::walk::Confine::inside(root);
    for folder in SOURCE_FOLDERS {
        for file in confine.files(&root.join(folder), |_| false).0 {
            if let Ok(meta) = std::fs::metadata(&file.path) {
                all.insert(file.path, stamp(&meta));
            }
        }
    }
    all
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.problems.is_empty()
    }

    /// How long to wait for more events before the batch is built.
    fn quiet(&self) -> Duration {
        if self.unsettled.is_empty() && self.problems.is_empty() {
            SETTLED
        } else {
            QUIET
        }
    }
}

/// Whether an event leaves a path (the `index`th it names) complete: Some(true) when its
/// writer closed it or it was renamed into place, Some(false) when it may still change
/// (being written, or moved away or removed and perhaps about to be replaced), None when the
/// event says neither (a change of permissions).
fn settles(kind: &EventKind, index: usize) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Create(CreateKind::Folder)
        | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
        // [from, to]
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Some(index == 1),
        EventKind::Modify(ModifyKind::Metadata(_)) => None,
        _ => Some(false),
    }
}

/// Reading a file (as every build does) is not a change; closing a file written to may be
/// the end of one.
fn changes_files(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
    ) || !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// site.toml, or a file under a source folder that is not an editor's leftover.
fn is_source(relative: &Path) -> bool {
    let mut parts = relative.iter().map(|p| p.to_string_lossy());
    match parts.next().as_deref() {
        Some("site.toml") => parts.next().is_none(),
        Some(first) if SOURCE_FOLDERS.contains(&first) => !parts.any(|p| is_editor_file(&p)),
        _ => false,
    }
}

/// Swap, backup, lock and temporary files that editors write beside the file being saved.
fn is_editor_file(name: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        "~",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".bak",
        ".kate-swp",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name == "4913" // vim's check that it may write in the folder
        || name == ".DS_Store"
        || name.starts_with(".#") // emacs lock
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name.starts_with(".goutputstream-") // gedit
        || is_sed_temporary(name)
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// `sed -i`'s copy of the file it edits, renamed over it when done: `sed` and six letters
/// or digits (GNU sed's `sedXXXXXX`), no extension.
fn is_sed_temporary(name: &str) -> bool {
    name.strip_prefix("sed")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_site_toml_and_files_under_source_folders() {
        for source in [
            "site.toml",
            "content/people/ada.md",
            "content",
            "templates/person.html",
            "static/.well-known/security.txt",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for other in [
            "public/index.html",
            "README.md",
            "site.toml/x",
            "contents/a.md",
            ".git/index",
        ] {
            assert!(!is_source(Path::new(other)), "{other}");
        }
    }

    #[test]
    fn editor_leftovers_are_not_sources() {
        for leftover in [
            "content/people/.ada.md.swp",
            "content/people/ada.md~",
            "content/people/4913",
            "content/people/.#ada.md",
            "content/people/#ada.md#",
            "content/people/ada.md.tmp",
            "content/people/ada.md___jb_tmp___",
            "templates/.goutputstream-XYZ123",
            "content/people/sedK3xq9Z",
        ] {
            assert!(!is_source(Path::new(leftover)), "{leftover}");
        }
        // Files whose names only start like sed's are sources.
        for source in [
            "content/people/sedona.md",
            "static/sediment",
            "static/sed12345",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, DataChange, RenameMode};
        assert!(!changes_files(&EventKind::Access(AccessKind::Any)));
        assert!(!changes_files(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(changes_files(&EventKind::Remove(
            notify::event::RemoveKind::Any
        )));
    }

    #[test]
    fn a_closed_or_renamed_file_is_complete_and_a_written_or_removed_one_is_not() {
        use notify::event::{DataChange, RemoveKind};
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let rename = |mode| EventKind::Modify(ModifyKind::Name(mode));
        assert_eq!(settles(&close, 0), Some(true));
        assert_eq!(settles(&rename(RenameMode::To), 0), Some(true));
        assert_eq!(
            settles(&rename(RenameMode::Both), 1),
            Some(true),
            "the new name"
        );
        assert_eq!(
            settles(&rename(RenameMode::Both), 0),
            Some(false),
            "the old name"
        );
        assert_eq!(settles(&rename(RenameMode::From), 0), Some(false));
        assert_eq!(
            settles(&EventKind::Create(CreateKind::File), 0),
            Some(false)
        );
        assert_eq!(
            settles(&EventKind::Create(CreateKind::Folder), 0),
            Some(true)
        );
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert_eq!(settles(&write, 0), Some(false));
        assert_eq!(
            settles(&EventKind::Remove(RemoveKind::File), 0),
            Some(false)
        );
        let chmod = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions));
        assert_eq!(settles(&chmod, 0), None);
        assert!(changes_files(&close), "a close after writing ends a save");
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!changes_files(&read));
    }

    /// The system's own events for the ways files are saved: a batch waits the short quiet
    /// only when every file in it is complete.
    #[cfg(target_os = "linux")]
    #[test]
    fn saves_settle_and_removals_wait() {
        let dir = tempfile::tempdir().unwrap();
        let people = dir.path().join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        let (mut watcher, _stop) = Watcher::start(dir.path(), Watching::Events).unwrap();
        let ada = Path::new("content/people/ada.md");

        // A plain write: created, written, closed.
        std::fs::write(people.join("ada.md"), "one").unwrap();
        let batch = watcher.next_batch().unwrap();
        assert!(batch.paths.contains(ada), "{batch:?}");
        assert_eq!(batch.quiet(), SETTLED, "{batch:?}");

        // Written to a temporary name and renamed over the file.
        std::fs::write(people.join("ada.md.tmp"), "two").unwrap();
        std::fs::rename(people.join("ada.md.tmp"), people.join("ada.md")).unwrap();
        let batch = watcher.next_batch().unwrap();
        assert_eq!(batch.paths.iter().collect::<Vec<_>>(), [ada], "{batch:?}");
        assert_eq!(batch.quiet(), SETTLED, "{batch:?}");

        // Removed: perhaps about to be written again, so the batch waits longer.
        std::fs::remove_file(people.join("ada.md")).unwrap();
        let batch = watcher.next_batch().unwrap();
        assert!(batch.unsettled.contains(ada), "{batch:?}");
        assert_eq!(batch.quiet(), QUIET);
    }
}
