//! Staleness: `folio serve` rebuilds incrementally (it keeps parsed files, page fingerprints
//! and the output's manifest between saves), and what it writes must always be byte for byte
//! what a full `folio build` writes for the same files. These tests make random sequences of
//! edits of every kind ([`edits::KINDS`]) to a generated site ([`site::Site`]); after each
//! step they wait for the real server's rebuild ("Rebuilt in", or its error) and compare the
//! folder it serves, manifest included, with a fresh `folio build` of the same files. An edit
//! that breaks the build ([`edits::BREAKS`]) must leave the served folder as it was, and the
//! fix, a step or three later, bring it level with the full build again.
//!
//! ```sh
//! cargo test --test folio staleness                          # CI size: 30 profiles, 30 steps
//! FOLIO_STALENESS_SEED=N cargo test --test folio staleness   # replay the seed a failure printed
//! FOLIO_STALENESS_EDITS=2000 cargo test --release --test folio staleness -- --ignored --nocapture
//! ```
//!
//! `FOLIO_STALENESS_PEOPLE` sets the size of the site; `FOLIO_STALENESS_VERBOSE=1` prints
//! each step as it is made. The seed decides the site and every edit (not how the watcher
//! happens to batch them); without one, each run draws its own, and prints it. A failure names the step, every step before it, the files that differ and the
//! first line that does, and keeps the site and both output folders to look at. The long run
//! goes in sessions of 500 steps, each on a new site and server (seeds N, N+1, ...).

mod edits;
mod site;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fastrand::Rng;

use edits::Deck;
use site::{Files, Site};

/// How long a rebuild may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);
/// How long a served folder that differs may take to come level (a save seen in two batches).
const LEVEL: Duration = Duration::from_secs(10);
/// How long the server must have said nothing before its rebuild counts as the last one.
const QUIET: Duration = Duration::from_millis(150);
/// Steps on one site and server; a longer run starts again on a new site.
const SESSION: usize = 500;
/// The share of steps that break the build.
const BREAKING: f32 = 0.08;
/// The share of steps that make several edits at once (a `git checkout`, a formatter).
const BURSTS: f32 = 0.1;

#[test]
fn served_site_equals_a_full_build_after_random_edits() {
    run(30, 30);
}

#[test]
#[ignore = "long: FOLIO_STALENESS_EDITS=2000 cargo test --release --test folio staleness -- --ignored"]
fn served_site_equals_a_full_build_after_thousands_of_random_edits() {
    run(40, 2000);
}

fn env(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value}: expected a number")),
    )
}

fn run(people: usize, steps: usize) {
    let seed = env("FOLIO_STALENESS_SEED").unwrap_or_else(|| fastrand::u64(..1 << 48));
    let steps = env("FOLIO_STALENESS_EDITS").map_or(steps, |n| n as usize);
    let people = env("FOLIO_STALENESS_PEOPLE").map_or(people, |n| n as usize);
    eprintln!(
        "staleness: FOLIO_STALENESS_SEED={seed} FOLIO_STALENESS_EDITS={steps} FOLIO_STALENESS_PEOPLE={people}"
    );
    let started = Instant::now();
    let mut totals = Totals::default();
    let (mut done, mut session) = (0, 0);
    while done < steps {
        let length = SESSION.min(steps - done);
        let mut run = Session::start(seed + session, people);
        session += 1;
        for step in 1..=length {
            if let Err(problem) = run.step(step) {
                run.fail(step, &problem);
            }
            if (done + step) % 100 == 0 {
                eprintln!(
                    "staleness: {} steps in {:.0} s",
                    done + step,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        done += length;
        totals.add(&run.totals);
    }
    let kinds = edits::KINDS.len() + edits::BREAKS.len();
    let unused: Vec<&str> = edits::KINDS
        .iter()
        .chain(edits::BREAKS)
        .map(|k| k.name)
        .filter(|name| !totals.kinds.contains_key(name))
        .collect();
    eprintln!(
        "staleness: seed {seed}: {steps} steps, {} edits of {} kinds out of {kinds}, {} builds broken and \
         fixed, {} steps' files renamed into place, in {:.1} s; kinds not drawn: {unused:?}",
        totals.edits,
        totals.kinds.len(),
        totals.broken,
        totals.by_rename,
        started.elapsed().as_secs_f64()
    );
}

/// What a run did, for its closing line.
#[derive(Default)]
struct Totals {
    edits: usize,
    broken: usize,
    by_rename: usize,
    kinds: BTreeMap<&'static str, usize>,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.edits += other.edits;
        self.broken += other.broken;
        self.by_rename += other.by_rename;
        for (kind, n) in &other.kinds {
            *self.kinds.entry(kind).or_default() += n;
        }
    }
}

/// One generated site, its server, and the steps made to it so far.
struct Session {
    seed: u64,
    people: usize,
    rng: Rng,
    site: Site,
    root: tempfile::TempDir,
    /// Holds `site/`, the folder the server writes.
    served: tempfile::TempDir,
    /// Holds `site/`, the last full build.
    built: tempfile::TempDir,
    server: Server,
    /// The files the site has on disk.
    written: BTreeSet<PathBuf>,
    /// What the server wrote at the last good build: what it must keep while the site is broken.
    last_good: Files,
    deck: Deck,
    breaks: Deck,
    /// Steps since the site was broken, while it is.
    broken_for: usize,
    history: Vec<String>,
    /// Print each step as it is made (`FOLIO_STALENESS_VERBOSE=1`).
    verbose: bool,
    totals: Totals,
}

impl Session {
    fn start(seed: u64, people: usize) -> Session {
        let mut rng = Rng::with_seed(seed);
        let site = Site::generate(&mut rng, people);
        let root = tempfile::tempdir().unwrap();
        let mut written = BTreeSet::new();
        site::write(root.path(), &site.files(), &[], &mut written, false);
        let served = tempfile::tempdir().unwrap();
        let server = Server::start(root.path(), &served.path().join("site"));
        let mut session = Session {
            seed,
            people,
            rng,
            site,
            root,
            served,
            built: tempfile::tempdir().unwrap(),
            server,
            written,
            last_good: Files::new(),
            deck: Deck::new(edits::KINDS),
            breaks: Deck::new(edits::BREAKS),
            broken_for: 0,
            history: Vec::new(),
            verbose: env("FOLIO_STALENESS_VERBOSE").is_some_and(|v| v > 0),
            totals: Totals::default(),
        };
        session
            .history
            .push("step 0: the generated site, first build".into());
        if let Err(problem) = session.compare(0) {
            session.fail(0, &problem);
        }
        if session.last_good.is_empty() {
            session.fail(0, "the generated site does not build");
        }
        session
    }

    /// One step: edits written, the server's rebuild awaited and compared with a full build.
    fn step(&mut self, step: usize) -> Result<(), String> {
        let before = self.server.events().len();
        let what = self.edit();
        self.history.push(format!("step {step}: {what}"));
        if self.verbose {
            eprintln!("{}", self.history.last().unwrap());
        }
        self.compare(before)
    }

    /// Makes the next step's edits, and writes them; says what they were and which files
    /// they touched.
    fn edit(&mut self) -> String {
        let rng = &mut self.rng;
        for _ in 0..1000 {
            let mut said = Vec::new();
            let broken = !self.site.broken.is_empty();
            if broken && (self.broken_for >= 3 || rng.bool()) {
                self.site.broken.clear();
                said.push("[fixed] the broken file written as it should be".to_string());
            } else if !broken && rng.f32() < BREAKING {
                let kind = self.breaks.draw(rng);
                if let Some(what) = kind.apply(&mut self.site, rng) {
                    said.push(format!("[{}] {what}", kind.name));
                    *self.totals.kinds.entry(kind.name).or_default() += 1;
                }
            } else {
                let edits = if rng.f32() < BURSTS {
                    rng.usize(2..=4)
                } else {
                    1
                };
                for _ in 0..edits {
                    let kind = self.deck.draw(rng);
                    if let Some(what) = kind.apply(&mut self.site, rng) {
                        said.push(format!("[{}] {what}", kind.name));
                        *self.totals.kinds.entry(kind.name).or_default() += 1;
                    }
                }
            }
            let renames = std::mem::take(&mut self.site.renames);
            let by_rename = rng.bool();
            let touched = site::write(
                self.root.path(),
                &self.site.files(),
                &renames,
                &mut self.written,
                by_rename,
            );
            if touched.is_empty() {
                // Nothing on disk changed (an edit the files do not show): another one.
                continue;
            }
            self.totals.edits += said.len();
            self.totals.by_rename += usize::from(by_rename);
            match (broken, self.site.broken.is_empty()) {
                (false, false) => {
                    self.totals.broken += 1;
                    self.broken_for = 1;
                }
                (true, false) => self.broken_for += 1,
                _ => self.broken_for = 0,
            }
            let touched: Vec<String> = touched.iter().map(|p| p.display().to_string()).collect();
            let how = if by_rename {
                "each renamed into place"
            } else {
                "each written in place"
            };
            return format!(
                "{}\n    files ({how}): {}",
                said.join("\n    "),
                touched.join(", ")
            );
        }
        panic!("a thousand edits in a row changed no file: the edits are broken");
    }

    /// Waits for the server's rebuild after the events it had reported (`before`), and
    /// compares what it serves with a full build of the same files: equal when the build
    /// succeeds, the last good site when it fails.
    fn compare(&mut self, before: usize) -> Result<(), String> {
        self.built = tempfile::tempdir().unwrap();
        let out = self.built.path().join("site");
        let build = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", "--root"])
            .arg(self.root.path())
            .arg("--output")
            .arg(&out)
            .args(["--preview", origin_of(&self.server.url)])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio build starts");
        let built = build.wait_with_output().unwrap();
        let succeeded = built.status.success();
        let expected = match succeeded {
            true => read_tree(&out),
            false => self.last_good.clone(),
        };
        let served = self.served.path().join("site");
        let deadline = Instant::now() + LEVEL;
        loop {
            let last = self.server.settle(before)?;
            let now = read_tree(&served);
            let problem = match (succeeded, last) {
                (true, Seen::Failed) => Some(format!(
                    "folio build succeeded, but the server's last rebuild failed:\n{}",
                    self.server.tail(25)
                )),
                (false, Seen::Rebuilt) => Some(format!(
                    "folio build failed, but the server's last rebuild succeeded; folio build said:\n{}",
                    String::from_utf8_lossy(&built.stderr)
                )),
                _ => differences(&expected, &now).map(|d| {
                    let against = match succeeded {
                        true => "a full build of the same files",
                        false => "the last good build (this one failed)",
                    };
                    format!("the served folder differs from {against}:\n{d}")
                }),
            };
            match problem {
                None => {
                    if succeeded {
                        self.last_good = now;
                    }
                    return Ok(());
                }
                // A late event may still bring it level (a save seen in two batches).
                Some(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(250))
                }
                Some(problem) => return Err(problem),
            }
        }
    }

    /// Reports a failed step with what to replay it with, and keeps the folders to look at.
    fn fail(&mut self, step: usize, problem: &str) -> ! {
        let keep = |dir: &mut tempfile::TempDir| {
            let kept = std::mem::replace(dir, tempfile::tempdir().unwrap());
            kept.keep().display().to_string()
        };
        let (root, served, built) = (
            keep(&mut self.root),
            keep(&mut self.served),
            keep(&mut self.built),
        );
        let steps = self.history.len();
        let shown = &self.history[steps.saturating_sub(25)..];
        panic!(
            "staleness: step {step} of seed {seed}: {problem}\n\n\
             replay: FOLIO_STALENESS_SEED={seed} FOLIO_STALENESS_EDITS={step} FOLIO_STALENESS_PEOPLE={people} \
             cargo test --test folio staleness\n\
             kept: the site {root}, what the server wrote {served}/site, the full build {built}/site\n\n\
             the steps ({} of {steps} shown):\n{}\n\nthe server's last lines:\n{}",
            shown.len(),
            shown.join("\n"),
            self.server.tail(30),
            seed = self.seed,
            people = self.people,
        );
    }
}

/// Every file under `dir` with its bytes; files that go while it reads are left out (the
/// comparison is made again).
fn read_tree(dir: &Path) -> Files {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            Some((e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes))
        })
        .collect()
}

/// What differs between two trees: files missing, extra, changed, and the first line that
/// differs in the first changed file.
fn differences(expected: &Files, found: &Files) -> Option<String> {
    if expected == found {
        return None;
    }
    let missing: Vec<_> = expected
        .keys()
        .filter(|k| !found.contains_key(*k))
        .collect();
    let extra: Vec<_> = found
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let changed: Vec<_> = expected
        .iter()
        .filter(|(k, v)| found.get(*k).is_some_and(|f| f != *v))
        .map(|(k, _)| k)
        .collect();
    let mut out = format!("missing: {missing:?}\nextra: {extra:?}\nchanged: {changed:?}");
    // The first changed file that is not the manifest, which changes with any other.
    let first = changed
        .iter()
        .find(|k| k.as_os_str() != ".folio-output")
        .or(changed.first());
    if let Some(path) = first {
        let lines = |bytes: &[u8]| -> Vec<String> {
            String::from_utf8_lossy(bytes)
                .lines()
                .map(str::to_string)
                .collect()
        };
        let (want, got) = (lines(&expected[*path]), lines(&found[*path]));
        let at = (0..want.len().max(got.len()))
            .find(|&i| want.get(i) != got.get(i))
            .unwrap_or(0);
        let cut = |line: Option<&String>| -> String {
            line.map_or("(none)".into(), |l| l.chars().take(600).collect())
        };
        out.push_str(&format!(
            "\n{}, line {}:\nexpected: {}\nserved:   {}",
            path.display(),
            at + 1,
            cut(want.get(at)),
            cut(got.get(at))
        ));
    }
    Some(out)
}

/// What the server reports, in order: a rebuild started, one finished, one failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Changed,
    Rebuilt,
    Failed,
}

/// A running `folio serve --output`, stopped when dropped.
struct Server {
    child: Child,
    /// The site's address as printed: `http://127.0.0.1:PORT/team/`.
    url: String,
    /// Everything the server printed, stdout and stderr in the order written.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, output: &Path) -> Server {
        // One pipe for stdout and stderr, so the log keeps the order of the server's lines.
        let (reader, writer) = std::io::pipe().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .arg("--output")
            .arg(output)
            .stdin(Stdio::null())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .spawn()
            .expect("folio serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let lines = log.clone();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(reader);
            let mut line = String::new();
            while matches!(std::io::BufRead::read_line(&mut reader, &mut line), Ok(n) if n > 0) {
                lines.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            log,
        };
        let log = server.log.clone();
        let log = move || log.lock().unwrap().clone();
        server.url = crate::support::served_address(&mut server.child, &log, PATIENCE);
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn tail(&self, lines: usize) -> String {
        let log = self.log();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    fn events(&self) -> Vec<Seen> {
        events(&self.log())
    }

    /// Waits until the server finished a rebuild after its first `before` events and has
    /// been quiet since, and says how that rebuild ended.
    fn settle(&mut self, before: usize) -> Result<Seen, String> {
        let deadline = Instant::now() + PATIENCE;
        let (mut length, mut since) = (usize::MAX, Instant::now());
        loop {
            let log = self.log();
            if log.len() != length {
                (length, since) = (log.len(), Instant::now());
            }
            let events = events(&log);
            if let Some(&last) = events.last()
                && events.len() > before
                && last != Seen::Changed
                && since.elapsed() >= QUIET
            {
                return Ok(last);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "folio serve exited with {status}:\n{}",
                    self.tail(30)
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no rebuild finished within {PATIENCE:?} of the edit:\n{}",
                    self.tail(30)
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn events(log: &str) -> Vec<Seen> {
    log.lines()
        .filter_map(|line| {
            // A rebuild whose search index follows is not done until the index is.
            if line.starts_with("Changed: ") || line.ends_with("; updating the search index") {
                Some(Seen::Changed)
            } else if line.starts_with("Rebuilt in ")
                || line.starts_with("Built ")
                || line.starts_with("Search index updated in ")
            {
                Some(Seen::Rebuilt)
            } else if line.starts_with("The pages show this error") {
                Some(Seen::Failed)
            } else {
                None
            }
        })
        .collect()
}

impl Drop for Server {
    fn drop(&mut self) {
        crate::support::stop_server(&mut self.child, Duration::from_secs(10));
    }
}

/// `http://127.0.0.1:PORT` of `http://127.0.0.1:PORT/team/`: what `folio build --preview`
/// takes, as `folio serve` is given it.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or(url, |i| &url[..after_scheme + i])
}
