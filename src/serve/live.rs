//! The running preview: the last good build, the last error, and the channel that tells open
//! pages to reload. [`Builder`] changes them; HTTP handlers read them through [`State`].

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::{broadcast, watch};

use super::{Built, Event, Options, inject};
use crate::BuildOptions;
use crate::config::Config;

/// Where the server's messages go (the command line prints them).
pub(crate) type Report = Arc<dyn Fn(Event) + Send + Sync>;

/// What open pages are told after a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Nothing they show changed.
    Nothing,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// Reload the page.
    Page,
}

/// What requests see; shared by every handler and changed only by [`Builder`].
pub(crate) struct State {
    now: RwLock<Now>,
    /// Told to every open page after each build that changes what it shows.
    pub notices: broadcast::Sender<Notice>,
    /// Becomes true on Ctrl-C, to close the pages' sockets.
    pub shutdown: watch::Receiver<bool>,
    /// Differs between two runs of the server, so a page left open across a restart reloads.
    run: u64,
}

/// A snapshot of the state, taken once per request so that a page and the version it is
/// tagged with always belong to the same build.
#[derive(Debug, Clone, Default)]
pub(crate) struct Now {
    /// The last good build; none until one succeeded.
    pub site: Option<Arc<Served>>,
    /// The error overlay (HTML) of the last build, when it failed.
    pub error: Option<Arc<str>>,
    /// Counts the builds that changed what pages show.
    pub version: u64,
}

/// A good build on disk.
#[derive(Debug)]
pub(crate) struct Served {
    pub folder: PathBuf,
    /// The path of base_url it was built for: `/` or `/repo/`.
    pub root: String,
}

/// Sent to open pages: what to do, and the version that is now served.
#[derive(Debug, Clone)]
pub(crate) struct Notice {
    pub reload: Reload,
    /// The tag of the version now served; see [`State::tag`].
    pub tag: String,
}

impl Now {
    pub fn root(&self) -> &str {
        self.site.as_ref().map_or("/", |s| s.root.as_str())
    }
}

impl State {
    pub fn new(shutdown: watch::Receiver<bool>) -> State {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        State {
            now: RwLock::new(Now::default()),
            notices: broadcast::channel(16).0,
            shutdown,
            run,
        }
    }

    /// What pages are tagged with, to tell whether they show the version now served.
    pub fn tag(&self, version: u64) -> String {
        format!("{:x}-{version}", self.run)
    }

    pub fn now(&self) -> Now {
        self.now.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes the state and, unless nothing visible changed, gives it a new version and
    /// tells open pages. The state changes before the notice, so a page reloading on it sees
    /// the new state.
    fn publish(&self, reload: Reload, change: impl FnOnce(&mut Now)) {
        let mut now = self.now.write().unwrap_or_else(|e| e.into_inner());
        change(&mut now);
        if reload == Reload::Nothing {
            return;
        }
        now.version += 1;
        let notice = Notice {
            reload,
            tag: self.tag(now.version),
        };
        drop(now);
        // No receiver is fine: no page is open.
        let _ = self.notices.send(notice);
    }
}

/// Runs builds into the preview folder and publishes the results.
pub(crate) struct Builder {
    root: PathBuf,
    drafts: bool,
    /// `http://127.0.0.1:1111`: base_url is this plus the path of site.toml's base_url.
    origin: String,
    /// What is served: the site as `folio build` writes it, locked for this server.
    folder: crate::output::Lock,
    /// Kept across rebuilds: a save re-reads, re-renders and rewrites only what it touches.
    incremental: crate::Incremental,
    state: Arc<State>,
    report: Report,
}

impl Builder {
    pub fn new(
        options: &Options,
        origin: &str,
        folder: crate::output::Lock,
        state: Arc<State>,
        report: Report,
    ) -> Builder {
        Builder {
            root: options.root.clone(),
            drafts: options.drafts,
            origin: origin.to_string(),
            folder,
            incremental: crate::Incremental::default(),
            state,
            report,
        }
    }

    pub fn report(&self, event: Event) {
        (self.report)(event)
    }

    /// A build after these files (relative paths) changed; `list` says whether they are
    /// every file that changed since the last build, as the watcher knows when it reported
    /// no problem.
    pub fn build(&mut self, changed: Vec<PathBuf>, list: crate::incremental::ChangeList) {
        let absolute: Vec<PathBuf> = changed.iter().map(|p| self.root.join(p)).collect();
        self.incremental.changed(absolute, list);
        if !changed.is_empty() {
            self.report(Event::Changed(changed));
        }
        let start = Instant::now();
        let options = BuildOptions {
            root: self.root.clone(),
            output: None,
            base_url: None,
            preview: Some(self.origin.clone()),
            drafts: self.drafts,
            strict: false,
            cache: crate::CacheWrites::Allowed,
            sitemap_urls: None,
        };
        let mut stages = Vec::new();
        // The same update as `folio build`'s: only changed files are written, each
        // moved in by a rename, so a request never reads half a file.
        let built = crate::build_into(
            &options,
            &mut self.folder,
            &mut stages,
            Some(&mut self.incremental),
        )
        .map(|built| {
            let reload = self.reload_after(&built.changed);
            (built, reload)
        });
        match built {
            Ok((built, reload)) => {
                let crate::Built {
                    counts,
                    warnings,
                    changed,
                    root,
                    index,
                } = built;
                let changed_files = changed.len();
                let first = self.state.now().site.is_none();
                let folder = self.folder.output().to_path_buf();
                self.state.publish(reload, |now| {
                    now.site = Some(Arc::new(Served { folder, root }));
                    now.error = None;
                });
                self.report(Event::Built(Built {
                    first,
                    counts,
                    warnings,
                    elapsed: start.elapsed(),
                    stages,
                    changed_files,
                    reload,
                    indexing: index.is_some(),
                }));
                if let Some(index) = index {
                    self.index(index);
                }
            }
            Err(error) => {
                let overlay: Arc<str> = inject::overlay(&error).into();
                let same = self.state.now().error.as_deref() == Some(&*overlay);
                let reload = if same { Reload::Nothing } else { Reload::Page };
                self.state.publish(reload, |now| now.error = Some(overlay));
                self.report(Event::Failed(error));
            }
        }
    }

    /// Makes the search index's shards a rebuild left, once its pages are served: the
    /// edited page did not wait for them. Open pages are not reloaded: what they show did
    /// not change, only what a search finds.
    fn index(&mut self, index: crate::IndexLater) {
        let start = Instant::now();
        match crate::index_into(&mut self.folder, &mut self.incremental, index) {
            Ok(changed) => self.report(Event::Indexed {
                elapsed: start.elapsed(),
                changed_files: changed.len(),
            }),
            Err(error) => {
                let overlay: Arc<str> = inject::overlay(&error).into();
                self.state
                    .publish(Reload::Page, |now| now.error = Some(overlay));
                self.report(Event::Failed(error));
            }
        }
    }

    /// Starts from the folder the server had before it started itself again: its last good
    /// site (if a build ever finished there) is served with the runaway's error over it.
    pub fn ran_away(&mut self, error: crate::diagnostic::Diagnostic) {
        let root = Config::load(&self.root).map_or_else(|_| "/".to_string(), |c| c.root().into());
        let folder = self.folder.output().to_path_buf();
        let built = folder.join(crate::output::MARKER).is_file();
        let error = crate::Error::Content(vec![error]);
        let overlay: Arc<str> = inject::overlay(&error).into();
        self.state.publish(Reload::Page, |now| {
            if built {
                now.site = Some(Arc::new(Served { folder, root }));
            }
            now.error = Some(overlay);
        });
        self.report(Event::Failed(error));
    }

    /// What open pages must do to show a good build that changes these output files.
    fn reload_after(&self, changed: &[PathBuf]) -> Reload {
        let now = self.state.now();
        if now.site.is_none() || now.error.is_some() {
            // The first good build, or one after an error: the overlay must go.
            Reload::Page
        } else if changed.is_empty() {
            Reload::Nothing
        } else if changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"))
        {
            Reload::Css
        } else {
            Reload::Page
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_tags_a_new_version_and_tells_open_pages() {
        let (_stop, shutdown) = watch::channel(false);
        let state = State::new(shutdown);
        let mut pages = state.notices.subscribe();
        let first = state.now().version;
        state.publish(Reload::Nothing, |_| {});
        assert_eq!(
            state.now().version,
            first,
            "nothing changed, nothing to tell"
        );
        assert!(pages.try_recv().is_err());
        state.publish(Reload::Page, |now| now.error = Some("broken".into()));
        let notice = pages.try_recv().unwrap();
        assert_eq!(notice.reload, Reload::Page);
        assert_eq!(notice.tag, state.tag(state.now().version));
        assert_ne!(state.now().version, first);
        assert_eq!(state.now().error.as_deref(), Some("broken"));
    }
}
