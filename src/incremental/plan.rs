//! Which pages and files a build makes, and which it keeps as the last build wrote them:
//! decided in one place, before anything is rendered.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::output::Manifest;
use crate::render::{CardOf, Job, Prepared, Theme};
use crate::search::Shards;
use crate::site::Site;

use super::inputs::Inputs;

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;
type HashSet<T> = foldhash::HashSet<T>;

/// A card kept as the last build drew it: its path, and the fingerprint naming it.
type KeptCard = (PathBuf, u64);

/// What a build makes and what it keeps.
#[derive(Default)]
pub struct Plan {
    /// The pages to render.
    pub jobs: Vec<crate::render::Job>,
    /// The output files kept as they are, each with the file it is made from (a page
    /// kept still claims its path: a new file may clash with it).
    pub kept: Vec<(PathBuf, PathBuf)>,
    /// The files besides pages that are kept, which publishing asks about.
    kept_files: HashSet<PathBuf>,
    /// The fingerprint of the inputs of every page and file (of a card: under its
    /// [`CardOf::slot`]), for the next build to compare with; empty when there is no next
    /// build to remember for.
    pub(super) prints: HashMap<PathBuf, u64>,
    /// The cards kept as the last build drew them, by slot, with the fingerprint that
    /// names each one's file.
    kept_cards: HashMap<PathBuf, u64>,
    /// What becomes of the search index's shards.
    pub search: SearchPlan,
}

/// Which shards of the search index a build indexes, and when.
#[derive(Default, Debug)]
pub struct SearchPlan {
    /// The shards indexed with the pages.
    pub now: Vec<usize>,
    /// The shards indexed after the pages are in place (the files the last build wrote for
    /// the index are kept meanwhile): the edited page does not wait for them.
    pub later: Vec<usize>,
    /// Whether the list of shards is written with the pages (else it is kept, and written
    /// with the shards indexed later when there are any).
    pub list_now: bool,
}

impl Plan {
    /// Every page made, nothing kept.
    pub fn everything(site: &Site, shards: Option<&Shards>) -> Plan {
        Plan {
            jobs: Job::all(site),
            search: SearchPlan {
                now: (0..shards.map_or(0, Shards::count)).collect(),
                later: Vec::new(),
                list_now: true,
            },
            ..Plan::default()
        }
    }

    /// Keeps each page and file whose inputs are what they were in the last build
    /// (`last`), and which the output still holds as that build wrote it (`manifest`,
    /// when it can be trusted); the rest is made.
    pub(super) fn new(
        site: &Site,
        theme: &Theme,
        inputs: &Inputs,
        people: &[Prepared],
        last: &HashMap<PathBuf, u64>,
        last_cards: &HashMap<PathBuf, u64>,
        manifest: Option<&Manifest>,
    ) -> Plan {
        let still = |path: &Path, print: u64| {
            last.get(path) == Some(&print) && manifest.is_some_and(|m| m.contains_key(path))
        };
        // Lists' later pages come last, once their first pages' fingerprints are known.
        let (later, first): (Vec<Job>, Vec<Job>) = Job::all(site)
            .into_iter()
            .partition(|&job| Inputs::made_like_first(job).is_some());
        // Each page's path, fingerprint and whether it is kept, worked out in parallel: a
        // rebuild of a large site asks it of tens of thousands of pages.
        let page = |job: Job, print: u64| {
            let path = job.path(site);
            let kept = still(&path, print).then(|| crate::render::maker(site, theme, job));
            (job, path, print, kept)
        };
        let mut pages: Vec<(Job, PathBuf, u64, Option<PathBuf>)> = first
            .into_par_iter()
            .map(|job| page(job, inputs.page(job, theme.print, people)))
            .collect();
        let firsts: HashMap<Job, u64> = pages
            .iter()
            .filter(|(job, ..)| job.paged().is_some())
            .map(|&(job, _, print, _)| (job, print))
            .collect();
        pages.par_extend(later.into_par_iter().map(|job| {
            let first = Inputs::made_like_first(job).and_then(|l| firsts.get(&l.first()));
            let print = match first {
                Some(&first) => inputs.later_page(job, theme.print, first),
                None => inputs.page(job, theme.print, people),
            };
            page(job, print)
        }));
        let mut plan = Plan::default();
        plan.prints.reserve(pages.len() * 2);
        for (job, path, print, kept) in pages {
            match kept {
                Some(maker) => plan.kept.push((path.clone(), maker)),
                None => plan.jobs.push(job),
            }
            plan.prints.insert(path, print);
        }
        let files: Vec<(PathBuf, u64, bool, &Path)> = site
            .people
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, person)| {
                let print = inputs.person_files(crate::site::PersonId::new(i));
                crate::publish::person_paths(site, person).map(|path| {
                    let kept = still(&path, print);
                    (path, print, kept, person.person.source.path.as_path())
                })
            })
            .collect();
        for (path, print, kept, source) in files {
            if kept {
                plan.keep(path.clone(), source.to_path_buf());
            }
            plan.prints.insert(path, print);
        }
        // An avatar's files are named by its source's fingerprint: the name is the input.
        for (_, avatar) in inputs.images.avatars() {
            for (path, _) in avatar.published() {
                let print = crate::hashing::Hashing::new()
                    .value(&path)
                    .u64(avatar.print)
                    .finish();
                if still(&path, print) {
                    plan.keep(path.clone(), avatar.source.clone());
                }
                plan.prints.insert(path, print);
            }
        }
        // A card's file is named by what it is drawn from, known once it is drawn: kept
        // when its inputs are the last build's, under the name that build gave it.
        let cards: Vec<(PathBuf, u64, Option<KeptCard>)> = CardOf::all(site)
            .into_par_iter()
            .map(|card| {
                let slot = card.slot(site);
                let print = inputs.card(card, theme.print);
                let named = last_cards.get(&slot).copied();
                let kept = named
                    .filter(|_| last.get(&slot) == Some(&print))
                    .map(|name| (card.path(site, name), name))
                    .filter(|(path, _)| manifest.is_some_and(|m| m.contains_key(path)));
                (slot, print, kept)
            })
            .collect();
        let template = theme.path(crate::render::CARD_TEMPLATE);
        for (slot, print, kept) in cards {
            if let Some((path, name)) = kept {
                plan.keep(path, template.clone());
                plan.kept_cards.insert(slot.clone(), name);
            }
            plan.prints.insert(slot, print);
        }
        let feed = PathBuf::from(crate::publish::FEED);
        let print = inputs.feed();
        if still(&feed, print) {
            plan.keep(feed.clone(), Path::new("(built-in)").join(&feed));
        }
        plan.prints.insert(feed, print);
        plan
    }

    /// Keeps each shard of the search index whose records are the last build's; the others
    /// are indexed after the pages when the output holds an index to serve meanwhile.
    pub(super) fn plan_search(
        &mut self,
        shards: &Shards,
        last: &HashMap<PathBuf, u64>,
        manifest: Option<&Manifest>,
    ) {
        let mut files: HashMap<usize, Vec<PathBuf>> = HashMap::default();
        let mut list = None;
        for path in manifest.into_iter().flat_map(|m| m.keys()) {
            match crate::search::part_of(path) {
                Some(Some(n)) => files.entry(n).or_default().push(path.clone()),
                Some(None) => list = Some(path.clone()),
                None => {}
            }
        }
        let maker = Path::new("(built-in)").join("search");
        let mut changed = Vec::new();
        for n in 0..shards.count() {
            let (slot, print) = (Shards::slot(n), shards.print(n));
            match last.get(&slot) == Some(&print) && files.contains_key(&n) {
                true => {
                    for path in files.remove(&n).unwrap_or_default() {
                        self.keep(path, maker.clone());
                    }
                }
                false => changed.push(n),
            }
            self.prints.insert(slot, print);
        }
        match (changed.is_empty(), list) {
            (true, Some(list)) => self.keep(list, maker),
            // The last build's index is served until the changed shards are made.
            (false, Some(list)) => {
                for path in files.into_values().flatten().chain([list]) {
                    self.keep(path, maker.clone());
                }
                self.search.later = changed;
            }
            (_, None) => {
                self.search.now = changed;
                self.search.list_now = true;
            }
        }
    }

    fn keep(&mut self, path: PathBuf, maker: PathBuf) {
        self.kept_files.insert(path.clone());
        self.kept.push((path, maker));
    }

    /// The fingerprint naming `card` when the output keeps it as the last build drew it.
    pub fn kept_card(&self, site: &Site, card: CardOf) -> Option<u64> {
        match self.kept_cards.is_empty() {
            true => None,
            false => self.kept_cards.get(&card.slot(site)).copied(),
        }
    }

    /// Whether the file at `path` (under the output), not a page, is kept as the last
    /// build wrote it.
    pub fn keeps_file(&self, path: &Path) -> bool {
        self.kept_files.contains(path)
    }
}
