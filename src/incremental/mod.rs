//! What the dev server keeps from one build to the next.

use std::path::PathBuf;

use crate::{content, markdown, output, render};

/// What the dev server keeps from one build to the next, so that a save re-reads,
/// re-renders and rewrites only what it touches: the parsed content files, the
/// rendered markdown, the fingerprint of every page's context, and the manifest of its
/// output folder. What it builds is byte for byte what a full build writes
/// (tests/folio/serve.rs checks).
pub struct Incremental {
    pub(crate) markdown: markdown::Markdown,
    pub(crate) content: content::Cache,
    pub(crate) memo: render::Memo,
    /// What the last good build left in the output folder, which only this server writes
    /// while it holds the folder's lock (forgotten when the lock had to be taken again).
    pub(crate) manifest: Option<std::sync::Arc<output::Manifest>>,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            markdown: markdown::Markdown::remembering(true),
            content: content::Cache::default(),
            memo: render::Memo::default(),
            manifest: None,
        }
    }
}

impl Incremental {
    /// Says that these files (absolute paths) changed since the last build: it reads them
    /// again. `all`: they are every file that changed (as a file watcher that reported no
    /// problem knows); then the other content files are trusted without a look at their
    /// size and time, unless a file appeared or went.
    pub fn changed(&mut self, paths: Vec<PathBuf>, all: bool) {
        self.content.changed(paths, all);
    }
}
