//! What the dev server keeps from one build to the next, and how it decides what to make
//! again: each page kind declares its inputs ([`inputs`]); a page whose inputs did not
//! change is kept as the last build wrote it ([`Plan`]). What it builds is byte for byte
//! what a full build writes (tests/folio/staleness.rs and tests/folio/serve.rs check).

mod inputs;
mod plan;

pub use crate::content::ChangeList;
pub use inputs::Inputs;
pub use plan::Plan;

use std::path::PathBuf;
use std::sync::Arc;

use crate::render::{Prepared, Theme};
use crate::site::{PersonId, Site};
use crate::{content, markdown, output};

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;

/// What the dev server keeps from one build to the next, so that a save re-reads,
/// re-renders and rewrites only what it touches.
pub struct Incremental {
    /// The rendered markdown.
    pub(crate) markdown: markdown::Markdown,
    /// The parsed content files.
    pub(crate) content: content::Cache,
    /// What the last good build made.
    last: Memory,
    /// What the last good build left in the output folder, which only this server writes
    /// while it holds the folder's lock (forgotten when the lock had to be taken again).
    pub(crate) manifest: Option<Arc<output::Manifest>>,
}

/// What a good build made, remembered for the next.
#[derive(Default)]
pub struct Memory {
    /// The fingerprint of each page's and file's inputs, by path under the output.
    prints: HashMap<PathBuf, u64>,
    /// Each person's parts other pages show, by slug, with the inputs they were made from.
    people: HashMap<String, (u64, Prepared)>,
    /// Each avatar file's fingerprint, with the stamp it had when it was read.
    pictures: HashMap<PathBuf, (crate::images::Stamp, u64)>,
    /// The fingerprint naming each card's file, by the card's slot.
    cards: HashMap<PathBuf, u64>,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            markdown: markdown::Markdown::remembering(markdown::Html::Escaped),
            content: content::Cache::default(),
            last: Memory::default(),
            manifest: None,
        }
    }
}

impl Incremental {
    /// Says that these files (absolute paths) changed since the last build: it reads them
    /// again.
    pub fn changed(&mut self, paths: Vec<PathBuf>, list: ChangeList) {
        for path in &paths {
            self.last.pictures.remove(path);
        }
        self.content.changed(paths, list);
    }

    /// The fingerprint of an avatar file the last build read, when the watcher did not
    /// name it since and its size and modification time are the same.
    pub(crate) fn picture_print(&self, path: &std::path::Path) -> Option<u64> {
        let (stamp, print) = self.last.pictures.get(path)?;
        (crate::images::stamp(path).as_ref() == Some(stamp)).then_some(*print)
    }

    /// Starts a build whose markdown settings are `html`: [`Incremental::markdown`] keeps
    /// what it rendered for the last build under the same settings.
    pub(crate) fn start(&mut self, html: markdown::Html) {
        if self.markdown.html() != html {
            self.markdown = markdown::Markdown::remembering(html);
        }
        self.markdown.next_generation();
    }

    /// A person's parts as the last build made them, when their inputs are the same now.
    pub(crate) fn kept_person(
        &self,
        site: &Site,
        inputs: &Inputs,
        id: PersonId,
    ) -> Option<Prepared> {
        let (print, prepared) = self.last.people.get(&site.people[id].slug)?;
        (*print == inputs.of_person(id)).then(|| prepared.clone())
    }

    /// What this build makes and keeps of its pages and files, the search index aside
    /// ([`Incremental::plan_search`]).
    pub(crate) fn plan(
        &self,
        site: &Site,
        theme: &Theme,
        inputs: &Inputs,
        people: &[Prepared],
        manifest: Option<&output::Manifest>,
    ) -> Plan {
        Plan::new(
            site,
            theme,
            inputs,
            people,
            &self.last.prints,
            &self.last.cards,
            manifest,
        )
    }

    /// What this build makes and keeps of the search index's shards.
    pub(crate) fn plan_search(
        &self,
        plan: &mut Plan,
        shards: &crate::search::Shards,
        manifest: Option<&output::Manifest>,
    ) {
        plan.plan_search(shards, &self.last.prints, manifest);
    }

    /// Remembers a good build, once the output holds what it made (`manifest`).
    pub(crate) fn remember(&mut self, made: Memory, manifest: output::Manifest) {
        let old = (
            std::mem::replace(&mut self.last, made),
            self.manifest.replace(manifest.into()),
        );
        // Freeing the last build's memory of a large site takes a while no one waits for.
        rayon::spawn(move || drop(old));
    }

    /// Forgets what the output holds: the next build reads its marker instead.
    /// Remembers what the output holds after an update that made no pages (the search
    /// index's shards made after the pages).
    pub(crate) fn remember_output(&mut self, manifest: output::Manifest) {
        let old = self.manifest.replace(manifest.into());
        rayon::spawn(move || drop(old));
    }

    pub(crate) fn forget_output(&mut self) {
        self.manifest = None;
    }
}

impl Memory {
    /// What to remember of a build of `site` that made `plan` from `people`.
    pub(crate) fn new(
        site: &Site,
        inputs: &Inputs,
        people: Vec<Prepared>,
        plan: Plan,
        images: &crate::images::Images,
        cards: &crate::render::CardPrints,
    ) -> Memory {
        Memory {
            cards: cards
                .iter()
                .map(|(card, print)| (card.slot(site), print))
                .collect(),
            pictures: images
                .avatars()
                .filter_map(|(_, a)| Some((a.source.clone(), (a.stamp?, a.print))))
                .collect(),
            prints: plan.prints,
            people: site
                .people()
                .zip(people)
                .map(|((id, sp), prepared)| (sp.slug.clone(), (inputs.of_person(id), prepared)))
                .collect(),
        }
    }
}
