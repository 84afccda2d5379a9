//! The search index: one short record per person, talk, employer and skill, made from the
//! site's model (not by reading the pages again), indexed by Pagefind's own indexer in
//! process and published under `/pagefind/` with Pagefind's web UI.
//!
//! Pagefind's `add_custom_record` looks for an earlier record of the same URL among all
//! the records added before it (and clones each), so one index of n records costs n²:
//! 10,000 records take 3.3 s and 390 MB, 20,000 8.8 s and 770 MB. The records are
//! therefore split into shards of at most [`SHARD_SIZE`], built in parallel; the browser
//! merges them (Pagefind's `mergeIndex`). A record's shard is chosen by a fingerprint of
//! its URL, so an edit changes one shard's files and leaves the others as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::hashing::Hashing;
use crate::output::Sink;
use crate::site::Site;

/// The most records in one shard by default (`[search] shard_size`): small enough that Pagefind's quadratic adding stays
/// cheap, large enough that a search in the browser loads few shards (each brings its own
/// 60 KB of WebAssembly).
pub const SHARD_SIZE: usize = 2_500;

/// Where the index is published, under the site's root.
pub const FOLDER: &str = "pagefind";

/// The list of shard folders the search page merges, under [`FOLDER`].
pub const SHARDS_FILE: &str = "shards.json";

/// One thing a visitor can find.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Root-relative URL of its page.
    pub url: String,
    /// The words it is found by.
    pub content: String,
    /// What the result shows: `title`, `kind` ("Person", "Talk", ...), `headline`.
    pub meta: BTreeMap<String, String>,
    /// Its facets: `skill`, `employer`, `location` (people), `event`, `year` (talks), and
    /// `kind` for every record.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl Record {
    fn new(url: &str, kind: &str, title: &str) -> Record {
        let mut record = Record {
            url: url.to_string(),
            content: String::new(),
            meta: BTreeMap::new(),
            filters: BTreeMap::new(),
        };
        record.meta.insert("title".into(), title.to_string());
        record.meta.insert("kind".into(), kind.to_string());
        record.filters.insert("kind".into(), vec![kind.to_string()]);
        record
    }

    fn words<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Record {
        for word in words {
            if !self.content.is_empty() {
                self.content.push_str(". ");
            }
            self.content.push_str(word);
        }
        self
    }

    fn headline(mut self, headline: Option<String>) -> Record {
        if let Some(headline) = headline.filter(|h| !h.is_empty()) {
            self.meta.insert("headline".into(), headline);
        }
        self
    }

    /// Adds a facet. Pagefind's UI writes a filter's value into the page as HTML, and its
    /// own indexer hands it values read from HTML, so they are escaped here as it would
    /// find them: a skill named `<img onerror=...>` is shown, not run. The search page
    /// escapes a value in its address (`?skill=...`) the same way ([`escape_filter`]).
    fn filter(mut self, name: &str, values: Vec<String>) -> Record {
        let mut values: Vec<String> = values.iter().map(|v| escape_filter(v)).collect();
        values.sort();
        values.dedup();
        if !values.is_empty() {
            self.filters.insert(name.to_string(), values);
        }
        self
    }
}

/// A filter's value as the index holds it: `&`, `<`, `>`, `"` and `'` written as HTML
/// references, as templates/search.html's `escapeFilter` writes one from the address.
pub fn escape_filter(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    pulldown_cmark_escape::escape_html(&mut escaped, value).ok();
    escaped
}

/// Every record of the site, in the site's order: people, talks, employers, skills.
pub fn records(site: &Site) -> Vec<Record> {
    // In parallel, in the site's order: `folio serve` makes every record on every save.
    let mut records: Vec<Record> = site.people.par_iter().map(|p| person(site, p)).collect();
    records.par_extend(site.talks.par_iter().map(|talk| {
        let speakers: Vec<&str> = talk.speakers.iter().map(|s| s.name.as_str()).collect();
        let year = talk.date.year.to_string();
        Record::new(&talk.url, "Talk", &talk.title)
            .words([talk.title.as_str(), talk.event.as_str()])
            .words(speakers.iter().copied())
            .headline(Some(format!("{} · {}", talk.event, speakers.join(", "))))
            .filter("event", vec![talk.event.clone()])
            .filter("year", vec![year])
    }));
    records.extend(site.employers.iter().map(|employer| {
        let people = employer.members.len();
        let count = match people {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        };
        Record::new(&employer.url, "Employer", &employer.name)
            .words([employer.name.as_str()])
            .headline(Some(count))
    }));
    records.extend(site.skills.iter().map(|skill| {
        let count = match skill.people.len() {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        };
        Record::new(&skill.url, "Skill", &skill.name)
            .words([skill.name.as_str()])
            .headline(Some(count))
    }));
    records
}

fn person(site: &Site, p: &crate::site::SitePerson) -> Record {
    let front = &p.person.front;
    let mut employers: Vec<&str> = Vec::new();
    for &id in &p.role_employers {
        let name = site.employers[id].name.as_str();
        if !employers.contains(&name) {
            employers.push(name);
        }
    }
    let skills: Vec<&str> = p
        .all_skills
        .iter()
        .map(|&id| site.skills[id].name.as_str())
        .collect();
    let talks: Vec<&str> = p
        .talk_ids
        .iter()
        .map(|&id| site.talks[id].title.as_str())
        .collect();
    Record::new(&p.url, "Person", &front.name)
        .words([front.name.as_str()])
        .words(front.headline.as_deref())
        .words(front.location.as_deref())
        .words(employers.iter().copied())
        .words(skills.iter().copied())
        .words(talks.iter().copied())
        .headline(p.job_title().map(str::to_string))
        .filter("skill", skills.iter().map(|s| s.to_string()).collect())
        .filter(
            "employer",
            employers.iter().map(|s| s.to_string()).collect(),
        )
        .filter("location", front.location.iter().cloned().collect())
}

/// The shard a record is in, of `shards`: by its URL alone, so that it stays in its shard
/// while other records change.
fn shard_of(url: &str, shards: usize) -> usize {
    (Hashing::new().text(url).finish() % shards as u64) as usize
}

/// The folder of shard `n` under the output: the first is [`FOLDER`] itself, beside
/// Pagefind's scripts; the others are folders in it.
pub fn shard_folder(n: usize) -> PathBuf {
    match n {
        0 => PathBuf::from(FOLDER),
        n => Path::new(FOLDER).join(format!("shard-{n}")),
    }
}

/// The files of Pagefind's bundle a site publishes: the index, the scripts of its default
/// UI, and only in the first shard (the others are merged into it by the browser).
fn published(name: &Path, first: bool) -> bool {
    let name = name.to_string_lossy();
    let index = name.starts_with("fragment/")
        || name.starts_with("index/")
        || name.starts_with("filter/")
        || name.ends_with(".pf_meta")
        || name.starts_with("wasm.")
        || name == "pagefind-entry.json";
    let scripts = matches!(
        name.as_ref(),
        "pagefind.js" | "pagefind-worker.js" | "pagefind-ui.js" | "pagefind-ui.css"
    );
    index || (first && scripts)
}

/// Which shards the search page merges into the first one, as URLs under the site.
#[derive(Serialize)]
struct MergeList {
    merge: Vec<String>,
}

/// The site's records split into shards, before any is indexed: each shard's files are
/// made from its records alone, so a shard whose records did not change keeps its files.
pub struct Shards {
    language: String,
    /// The path of base_url.
    root: String,
    parts: Vec<Vec<Record>>,
}

impl Shards {
    /// The records of `site` in shards of at most `[search] shard_size` ([`SHARD_SIZE`]
    /// unless site.toml says otherwise).
    pub fn of(site: &Site, records: Vec<Record>) -> Shards {
        let language = site
            .config
            .language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_lowercase();
        Shards::split(
            records,
            &language,
            site.root(),
            site.config.search.shard_size.0,
        )
    }

    fn split(records: Vec<Record>, language: &str, root: &str, shard_size: usize) -> Shards {
        let shards = records.len().div_ceil(shard_size).max(1);
        let mut parts: Vec<Vec<Record>> = vec![Vec::new(); shards];
        for record in records {
            let n = shard_of(&record.url, shards);
            parts[n].push(record);
        }
        Shards {
            language: language.to_string(),
            root: root.to_string(),
            parts,
        }
    }

    /// How many shards there are.
    pub fn count(&self) -> usize {
        self.parts.len()
    }

    /// The fingerprint of everything shard `n`'s files are made from.
    pub fn print(&self, n: usize) -> u64 {
        Hashing::new()
            .text(env!("CARGO_PKG_VERSION"))
            .text(&self.language)
            .text(&self.root)
            .u64(self.parts.len() as u64)
            .u64(n as u64)
            .value(&self.parts[n])
            .finish()
    }

    /// Where shard `n`'s fingerprint is remembered between builds: a path under the
    /// output that no file has.
    pub fn slot(n: usize) -> PathBuf {
        shard_folder(n).join("(records)")
    }

    /// Indexes the shards `which` chooses, in parallel, and hands their files to the sink.
    pub fn write(
        &self,
        which: &(dyn Fn(usize) -> bool + Sync),
        sink: &dyn Sink,
    ) -> Result<(), crate::Error> {
        let from = Path::new("(built-in)").join("search");
        self.parts
            .par_iter()
            .enumerate()
            .filter(|(n, _)| which(*n))
            .try_for_each(|(n, part)| {
                let files = index(part.clone(), &self.language).map_err(|e| {
                    vec![Diagnostic::file(
                        Path::new("site.toml"),
                        format!("the search index could not be built: {e}"),
                    )]
                })?;
                let folder = shard_folder(n);
                for (name, bytes) in files {
                    if published(&name, n == 0) {
                        sink.put(folder.join(name), bytes, &from)?;
                    }
                }
                Ok::<(), crate::Error>(())
            })
    }

    /// Writes the list of the shards the search page merges ([`SHARDS_FILE`]).
    pub fn write_list(&self, sink: &dyn Sink) -> Result<(), crate::Error> {
        let from = Path::new("(built-in)").join("search");
        let merge = (1..self.parts.len())
            .map(|n| {
                format!(
                    "{}{}/",
                    self.root,
                    shard_folder(n).to_string_lossy().replace('\\', "/")
                )
            })
            .collect();
        let list = serde_json::to_vec(&MergeList { merge }).expect("a list of strings serializes");
        sink.put(Path::new(FOLDER).join(SHARDS_FILE), list, &from)
    }

    /// Every shard and the list of them.
    #[cfg(test)]
    pub fn write_all(&self, sink: &dyn Sink) -> Result<(), crate::Error> {
        self.write(&|_| true, sink)?;
        self.write_list(sink)
    }
}

/// What an output file under [`FOLDER`] belongs to: `Some(Some(n))` for shard `n`'s files,
/// `Some(None)` for the list of shards, `None` for files outside the index.
pub fn part_of(path: &Path) -> Option<Option<usize>> {
    // Asked of every file of the output on each rebuild: most are told apart by a byte.
    if !path
        .as_os_str()
        .as_encoded_bytes()
        .starts_with(FOLDER.as_bytes())
    {
        return None;
    }
    let rest = path.strip_prefix(FOLDER).ok()?;
    let first = rest.components().next()?.as_os_str().to_str()?;
    if first == SHARDS_FILE && rest.components().count() == 1 {
        return Some(None);
    }
    let shard = first
        .strip_prefix("shard-")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|_| rest.components().count() > 1);
    Some(Some(shard.unwrap_or(0)))
}

/// One shard's files: (path in the bundle, bytes).
fn index(records: Vec<Record>, language: &str) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(said)?;
        for record in records {
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    language.to_string(),
                    Some(record.meta),
                    Some(record.filters),
                    None,
                )
                .await
                .map_err(said)?;
        }
        let mut files: Vec<(PathBuf, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(said)?
            .into_iter()
            .map(|file| (file.filename, file.contents))
            .collect();
        files.sort();
        Ok(files)
    })
}

/// Pagefind's error with its causes.
fn said(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Files(Mutex<BTreeMap<PathBuf, Vec<u8>>>);

    impl Sink for Files {
        fn put(&self, path: PathBuf, bytes: Vec<u8>, _: &Path) -> Result<(), crate::Error> {
            self.0.lock().unwrap().insert(path, bytes);
            Ok(())
        }
    }

    fn urls_in(files: &BTreeMap<PathBuf, Vec<u8>>, folder: &Path) -> Vec<String> {
        let mut urls = Vec::new();
        for (path, bytes) in files {
            let Ok(rest) = path.strip_prefix(folder) else {
                continue;
            };
            if !rest.starts_with("fragment") {
                continue;
            }
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            let json: serde_json::Value =
                serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
            urls.push(json["url"].as_str().unwrap().to_string());
        }
        urls
    }

    // What the dev server keeps of the index, shard by shard.
    #[test]
    fn each_file_of_the_index_belongs_to_its_shard_or_to_the_list() {
        let of = |p: &str| part_of(Path::new(p));
        assert_eq!(of("pagefind/pagefind-entry.json"), Some(Some(0)));
        assert_eq!(of("pagefind/fragment/en_1.pf_fragment"), Some(Some(0)));
        assert_eq!(of("pagefind/pagefind-ui.js"), Some(Some(0)));
        assert_eq!(of("pagefind/shard-3/index/en_2.pf_index"), Some(Some(3)));
        assert_eq!(of("pagefind/shards.json"), Some(None));
        assert_eq!(of("people/ada/index.html"), None);
        assert_eq!(of("pagefinder/x"), None);
    }

    // A shard's fingerprint changes with its records and with how many shards there are.
    #[test]
    fn a_shard_print_follows_its_records_only() {
        let records =
            |headline: &str| -> Vec<Record> {
                (0..20)
                    .map(|i| {
                        Record::new(&format!("/p{i}/"), "Person", &format!("P{i}"))
                            .words([if i == 7 { headline } else { "same" }])
                    })
                    .collect()
            };
        let (a, b) = (
            Shards::split(records("old"), "en", "/", 5),
            Shards::split(records("new"), "en", "/", 5),
        );
        let edited = shard_of("/p7/", a.count());
        for n in 0..a.count() {
            assert_eq!(a.print(n) == b.print(n), n != edited, "shard {n}");
        }
        let fewer = Shards::split(records("old"), "en", "/", 10);
        assert_ne!(fewer.print(0), a.print(0));
    }

    // A large site's records are split into shards the browser merges: each record in
    // exactly one, the scripts in the first only, and the list of the others published.
    #[test]
    fn records_are_split_into_shards_each_record_in_one() {
        let records: Vec<Record> = (0..30)
            .map(|i| {
                Record::new(
                    &format!("/repo/people/p{i}/"),
                    "Person",
                    &format!("Person {i}"),
                )
                .words(["someone"])
            })
            .collect();
        let files = Files::default();
        Shards::split(records, "en", "/repo/", 10)
            .write_all(&files)
            .unwrap();
        let files = files.0.into_inner().unwrap();
        let mut all = Vec::new();
        for n in 0..3 {
            let folder = shard_folder(n);
            let urls = urls_in(&files, &folder);
            assert!(!urls.is_empty() && urls.len() < 30, "shard {n}: {urls:?}");
            if n > 0 {
                // Only the shard's own records, not its neighbours' in pagefind/shard-n/.
                assert!(files.contains_key(&folder.join("pagefind-entry.json")));
                assert!(!files.contains_key(&folder.join("pagefind-ui.js")));
            }
            all.extend(urls);
        }
        assert_eq!(all.len(), 30);
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 30);
        assert!(files.contains_key(&PathBuf::from("pagefind/pagefind-ui.js")));
        let shards: serde_json::Value =
            serde_json::from_slice(&files[&PathBuf::from("pagefind/shards.json")]).unwrap();
        assert_eq!(
            shards["merge"],
            serde_json::json!(["/repo/pagefind/shard-1/", "/repo/pagefind/shard-2/"])
        );
    }
}
