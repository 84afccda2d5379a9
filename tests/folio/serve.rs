//! `folio serve`: the real binary on a copy of a fixture site, asked over HTTP while its files
//! change. Every wait is bounded, and each test kills only the server it started.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::support::*;

/// How long anything may take before a test gives up. A generated site's first build in a
/// debug binary draws its search index and the site's social card: with the whole suite
/// running on 2 cores it took over 10 s.
const PATIENCE: Duration = Duration::from_secs(30);
/// How long `folio serve` may take to print its address: after its first build, which for
/// a generated site with person cards drew every card from a cold cache (over 30 s once,
/// the suite on 2 cores beside two compilations). A bound on a hang, not a measure of speed.
const FIRST_BUILD_PATIENCE: Duration = Duration::from_secs(180);
/// How long to watch for something that must not happen.
const SETTLE: Duration = Duration::from_millis(700);

/// A running `folio serve`, killed when dropped.
struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// The site's address as printed: `http://127.0.0.1:PORT/` or `.../repo/`.
    url: String,
    /// Everything the server printed, stdout and stderr in the order written.
    log: Arc<Mutex<String>>,
    http: ureq::Agent,
}

struct Reply {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

impl Serve {
    fn start(root: &Path, extra: &[&str]) -> Serve {
        Serve::start_with_temp(root, extra, None)
    }

    /// With `temp` as the system's temporary folder (TMPDIR), where the server makes its own.
    fn start_with_temp(root: &Path, extra: &[&str], temp: Option<&Path>) -> Serve {
        // Port 0: the system chooses a free one, and the test reads which from the output.
        let port: &[&str] = if extra.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        // One pipe for stdout and stderr, so the log keeps the order the server wrote its
        // lines in: with a reader for each, an error could land before the "Changed:" line
        // printed before it, and a test waiting for an error after that line waited in vain.
        let (output, input) = std::io::pipe().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
        command
            .args(["serve", "--root", root.to_str().unwrap()])
            .args(port)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(input.try_clone().unwrap())
            .stderr(input);
        if let Some(temp) = temp {
            command.env("TMPDIR", temp);
        }
        let child = command.spawn().expect("the folio binary starts");
        // Its copies of the pipe's input go, so that the log ends when the server does.
        drop(command);
        let log = Arc::new(Mutex::new(String::new()));
        let lines = log.clone();
        std::thread::spawn(move || {
            let mut output = std::io::BufReader::new(output);
            let mut line = String::new();
            while matches!(std::io::BufRead::read_line(&mut output, &mut line), Ok(n) if n > 0) {
                lines.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let http = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(PATIENCE))
            .build()
            .new_agent();
        let mut serve = Serve {
            child,
            address: String::new(),
            url: String::new(),
            log,
            http,
        };
        let log = serve.log.clone();
        let log = move || log.lock().unwrap().clone();
        serve.url = crate::support::served_address(&mut serve.child, &log, FIRST_BUILD_PATIENCE);
        let rest = serve.url.strip_prefix("http://").unwrap();
        serve.address = rest[..rest.find('/').unwrap()].to_string();
        serve
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `http://127.0.0.1:PORT`
    fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    fn get(&self, path: &str) -> Reply {
        self.try_get(path)
            .unwrap_or_else(|e| panic!("{e}\n{}", self.log()))
    }

    fn try_get(&self, path: &str) -> Result<Reply, String> {
        let url = format!("{}{path}", self.origin());
        let mut response = self
            .http
            .get(&url)
            .call()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let content_type = header("content-type").unwrap_or_default();
        let location = header("location");
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("GET {url}: {e}"))?;
        Ok(Reply {
            status: response.status().as_u16(),
            content_type,
            location,
            body,
        })
    }

    fn bytes(&self, path: &str) -> Vec<u8> {
        let url = format!("{}{path}", self.origin());
        let mut response = self.http.get(&url).call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "GET {url}");
        response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .unwrap()
    }

    /// Asks for `path` until `ready` holds, and returns that reply. A request that fails on
    /// the way counts as not ready yet: a server starting itself again after a runaway
    /// template drops the connections it had open (a browser asks again; ureq does not).
    fn wait_for(&self, path: &str, what: &str, ready: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let last = match self.try_get(path) {
                Ok(reply) if ready(&reply) => return reply,
                Ok(reply) => format!("{}:\n{}", reply.status, reply.body),
                Err(e) => e,
            };
            assert!(
                Instant::now() < deadline,
                "{path}: still not {what} after {PATIENCE:?}; last reply {last}\n--- server log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Connects to the socket pages listen on for reloads.
    fn live(&self) -> Live {
        let stream = TcpStream::connect(&self.address).unwrap();
        let (socket, _) =
            tungstenite::client(format!("ws://{}/__folio/live", self.address), stream).unwrap();
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        Live { socket }
    }

    /// The rebuilds the server started so far.
    fn rebuilds(&self) -> usize {
        self.log().matches("Changed:").count()
    }

    /// Waits until the server reported `count` finished rebuilds ("Rebuilt in"): done
    /// writing, marker included. A page is served as soon as it moved in, before the rest of
    /// its rebuild, and "Changed:" comes before the rebuild starts.
    fn wait_for_rebuilds(&self, count: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.log().matches("Rebuilt in ").count() < count {
            assert!(
                Instant::now() < deadline,
                "not {count} rebuilds after {PATIENCE:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        crate::support::stop_server(&mut self.child, PATIENCE);
    }
}

/// The server stopped (SIGSTOP) until this is dropped (SIGCONT): file changes made meanwhile
/// reach it all at once, however long the test takes to make them on a busy machine.
#[cfg(unix)]
struct Paused(libc::pid_t);

#[cfg(unix)]
impl Serve {
    fn pause(&self) -> Paused {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: kill and waitpid only signal and observe the child, which is not waited for
        // (reaped) yet, so its id is its own; WUNTRACED returns once it stopped, not reaping it.
        unsafe {
            assert_eq!(libc::kill(pid, libc::SIGSTOP), 0);
            let mut status = 0;
            assert_eq!(libc::waitpid(pid, &mut status, libc::WUNTRACED), pid);
            assert!(libc::WIFSTOPPED(status), "{status}");
        }
        Paused(pid)
    }
}

#[cfg(unix)]
impl Drop for Paused {
    fn drop(&mut self) {
        // SAFETY: as in `Serve::pause`; the Serve it came from outlives it.
        unsafe { libc::kill(self.0, libc::SIGCONT) };
    }
}

impl Reply {
    fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of the elements matching `css`, joined.
    fn text_of(&self, css: &str) -> String {
        let html = self.html();
        select(&html, css)
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn has(&self, css: &str) -> bool {
        !select(&self.html(), css).is_empty()
    }

    /// The version the server tagged this page with.
    fn version(&self) -> String {
        let html = self.html();
        let script = select(&html, "script[src='/__folio/live.js']");
        assert_eq!(script.len(), 1, "one reload script in:\n{}", self.body);
        script[0].value().attr("data-version").unwrap().to_string()
    }
}

struct Live {
    socket: tungstenite::WebSocket<TcpStream>,
}

/// One message from the server to pages.
#[derive(Debug)]
struct Notice {
    kind: String,
    version: String,
}

impl Live {
    /// The next message, which must be of this kind.
    fn expect(&mut self, kind: &str) -> Notice {
        let notice = self
            .next(PATIENCE)
            .unwrap_or_else(|| panic!("no {kind} message within {PATIENCE:?}"));
        assert_eq!(notice.kind, kind, "{notice:?}");
        notice
    }

    fn next(&mut self, patience: Duration) -> Option<Notice> {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(text)) => {
                    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                    return Some(Notice {
                        kind: value["kind"].as_str().unwrap().to_string(),
                        version: value["version"].as_str().unwrap().to_string(),
                    });
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("the reload socket failed: {e}"),
            }
        }
        None
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const CAROL: &str = r#"+++
name = "Carol Chacón"
headline = "Compiler engineer"
skills = ["Haskell"]

[[experience]]
employer = "Initech"
title = "Compiler Lead"
start = "2021"
+++
Carol writes compilers.
"#;

#[test]
fn pages_are_served_with_their_types_and_the_reload_script() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    assert_eq!(serve.url, format!("{}/", serve.origin()));

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    home.version();
    let person = serve.get("/people/ada-lovelace/");
    assert_eq!(person.status, 200);
    assert!(person.text_of("h1").contains("Ada Lovelace"));
    person.version();

    // A folder without its slash would break the page's relative links.
    let bare = serve.get("/people/ada-lovelace");
    assert_eq!(bare.status, 307);
    assert_eq!(bare.location.as_deref(), Some("/people/ada-lovelace/"));

    for (path, kind) in [
        ("/style.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
        ("/people/ada-lovelace/index.html", "text/html"),
        ("/sitemap.xml", "xml"),
    ] {
        let reply = serve.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.contains(kind),
            "{path}: {}",
            reply.content_type
        );
        assert_eq!(
            reply.body.contains("/__folio/live.js"),
            kind == "text/html",
            "{path}: only pages get the script"
        );
    }

    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.content_type.starts_with("text/html"));
    assert!(
        missing.text_of("h1").contains("Page not found"),
        "{}",
        missing.body
    );
    missing.version();

    // Reading the sources for a build makes file events of its own; they are not changes.
    std::thread::sleep(SETTLE);
    assert_eq!(serve.rebuilds(), 0, "{}", serve.log());
}

// A social card shows where the site is published, in the preview too: it showed the
// preview's 127.0.0.1:PORT, so `folio serve` drew every card afresh instead of taking them
// from the cache `folio build` fills (a minute at 10,000 people), on every new port.
#[test]
fn the_preview_takes_the_cards_a_build_drew_from_the_cache() {
    let site = copy_site(&fixture("shared-talk"));
    let (_, set) = site_toml(site.path());
    set("[cards]\npages = [\"person\"]\n");
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let cache = site.path().join(".folio-cache");
    let cached = tree(&cache);
    assert!(!cached.is_empty(), "the build keeps its cards in {cache:?}");
    let card = |html: &Html, origin: &str| -> String {
        let url = select(html, "meta[property='og:image']")[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        url.strip_prefix(origin)
            .unwrap_or_else(|| panic!("{url} is not under {origin}"))
            .to_string()
    };
    let built = card(
        &page(out.path(), "people/ada-lovelace/index.html"),
        "https://example.org",
    );
    assert!(built.contains("/people/ada-lovelace/card-"), "{built}");

    let serve = Serve::start(site.path(), &[]);
    let served = card(&serve.get("/people/ada-lovelace/").html(), &serve.origin());
    assert_eq!(served, built, "the preview's card is the build's");
    let png = raw(&serve.address, "GET", &served);
    assert_eq!(png.status, 200);
    assert_eq!(
        png.body,
        std::fs::read(out.path().join(built.trim_start_matches('/'))).unwrap(),
        "the same picture"
    );
    assert_eq!(
        tree(&cache).keys().collect::<Vec<_>>(),
        cached.keys().collect::<Vec<_>>(),
        "the preview drew no card the cache did not have"
    );
}

#[test]
fn an_edited_profile_is_served_with_the_pages_that_aggregate_it_and_pages_reload() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let mut live = serve.live();
    let hello = live.expect("hello");
    assert_eq!(hello.version, serve.get("/").version());

    edit(
        &site.path().join("content/people/ada-lovelace.md"),
        "Principal Engineer",
        "Chief Engine Officer",
    );
    // A save may come as two rebuilds (a busy machine sees the file truncated, then
    // written), each with its notice; and a page is served as soon as its file moved in, a
    // moment before its rebuild tags the new version. So the page to wait for is the one
    // with the edit, tagged with the version of the latest notice.
    let mut latest = live.expect("reload");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let page = serve.get("/people/ada-lovelace/");
        if page.body.contains("Chief Engine Officer") && page.version() == latest.version {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no page with the edit tagged {} after {PATIENCE:?}; last tagged {}:\n{}",
            latest.version,
            page.version(),
            serve.log()
        );
        if let Some(notice) = live.next(Duration::from_millis(30)) {
            assert_eq!(notice.kind, "reload", "{notice:?}");
            latest = notice;
        }
    }
    assert_ne!(latest.version, hello.version);
    let employer = serve.get("/employers/acme-corporation/");
    assert!(
        employer.text_of("main").contains("Chief Engine Officer"),
        "the employer page lists the role under its new title"
    );
    assert!(!employer.body.contains("Principal Engineer"));
}

/// The search index's files under `folder` (the served site), by shard: path, bytes and
/// modification time of each, and the records of the shard's fragments (Pagefind gzips
/// them, with `pagefind_dcd` before the JSON).
type Shard = (
    BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)>,
    Vec<serde_json::Value>,
);

fn index_shards(folder: &Path) -> BTreeMap<usize, Shard> {
    let index = folder.join("pagefind");
    let mut shards: BTreeMap<usize, Shard> = BTreeMap::new();
    for (path, bytes) in tree(&index) {
        let first = path
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let n = match first.strip_prefix("shard-") {
            Some(n) if path.components().count() > 1 => n.parse().unwrap(),
            _ if first == "shards.json" => continue,
            _ => 0,
        };
        let modified = std::fs::metadata(index.join(&path))
            .unwrap()
            .modified()
            .unwrap();
        let shard = shards.entry(n).or_default();
        if path.extension().is_some_and(|e| e == "pf_fragment") {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            let json = text.strip_prefix("pagefind_dcd").unwrap_or(&text);
            shard.1.push(serde_json::from_str(json).unwrap());
        }
        shard.0.insert(path, (bytes, modified));
    }
    shards
}

/// The shard holding the record of `url`, and that record.
fn shard_of<'a>(shards: &'a BTreeMap<usize, Shard>, url: &str) -> (usize, &'a serde_json::Value) {
    shards
        .iter()
        .find_map(|(n, (_, records))| records.iter().find(|r| r["url"] == url).map(|r| (*n, r)))
        .unwrap_or_else(|| panic!("no record of {url} in the index"))
}

// Issue 21: the search index follows a save, and the edited page does not wait for it: the
// pages are moved in first, the shards whose records changed after; the others keep their
// files as they were.
#[test]
fn a_save_updates_the_search_index_after_the_page_and_keeps_the_shards_it_did_not_change() {
    let site = copy_site(&fixture("shared-talk"));
    // Shards of two records: the fixture's handful of records makes several.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[search]\nshard_size = 2\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("served");
    let serve = Serve::start(site.path(), &["--output", folder.to_str().unwrap()]);
    let before = index_shards(&folder);
    assert!(before.len() >= 3, "shards: {:?}", before.keys());
    let (ada, record) = shard_of(&before, "/people/ada-lovelace/");
    assert!(
        record["content"]
            .as_str()
            .unwrap()
            .contains("Engine programmer")
    );
    // Written again or not, a file rewritten shows a later time.
    std::thread::sleep(Duration::from_millis(20));

    edit(
        &site.path().join("content/people/ada-lovelace.md"),
        "Engine programmer",
        "Difference engineer",
    );
    let page = serve.wait_for("/people/ada-lovelace/", "edited", |r| {
        r.body.contains("Difference engineer")
    });
    assert!(!page.body.contains("Engine programmer"));
    let deadline = Instant::now() + PATIENCE;
    while !serve.log().contains("Search index updated in ") {
        assert!(
            Instant::now() < deadline,
            "the index was not updated after {PATIENCE:?}:\n{}",
            serve.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The rebuild said its pages were done, and that the index followed, before the index
    // was done.
    let log = serve.log();
    let rebuilt = log
        .find("; updating the search index")
        .unwrap_or_else(|| panic!("the rebuild did not leave the index for later:\n{log}"));
    assert!(
        rebuilt < log.find("Search index updated in ").unwrap(),
        "{log}"
    );
    // The page was moved in before the shard's new files were written.
    let after = index_shards(&folder);
    let page_time = std::fs::metadata(folder.join("people/ada-lovelace/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    let (n, record) = shard_of(&after, "/people/ada-lovelace/");
    assert_eq!(n, ada, "a record stays in its shard");
    let content = record["content"].as_str().unwrap();
    assert!(
        content.contains("Difference engineer") && !content.contains("Engine programmer"),
        "{content}"
    );
    let entry = &after[&ada].0[Path::new(
        match ada {
            0 => "pagefind-entry.json".to_string(),
            n => format!("shard-{n}/pagefind-entry.json"),
        }
        .as_str(),
    )];
    assert!(page_time <= entry.1, "the page was written after the index");
    assert_ne!(
        after[&ada].0, before[&ada].0,
        "the edited shard is written again"
    );
    // Every other shard: the same files, neither rewritten nor touched.
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (n, (files, _)) in &before {
        if *n != ada {
            assert_eq!(&after[n].0, files, "shard {n} is kept as it was");
        }
    }
    // And the whole is what a full build writes.
    let built = out.path().join("built");
    let status = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&built)
        .args(["--preview", &serve.origin()])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let differ = differing(&tree(&built), &tree(&folder));
    assert!(
        differ.is_empty(),
        "the served folder differs from a full build: {differ:?}"
    );
}

#[test]
fn a_served_folder_removed_while_serving_is_written_whole_on_the_next_save() {
    let site = copy_site(&fixture("shared-talk"));
    let out = tempfile::tempdir().unwrap();
    let parent = out.path().join("build");
    let folder = parent.join("served");
    let serve = Serve::start(site.path(), &["--output", folder.to_str().unwrap()]);
    assert_eq!(serve.get("/people/bob-babbage/").status, 200);
    // Its parent too, with the lock file beside it (a `git clean -X`, an `rm -rf build`).
    std::fs::remove_dir_all(&parent).unwrap();

    edit(
        &site.path().join("content/people/ada-lovelace.md"),
        "Principal Engineer",
        "Chief Engine Officer",
    );
    serve.wait_for("/people/ada-lovelace/", "edited", |r| {
        r.body.contains("Chief Engine Officer")
    });
    // Bob's page, card and résumé did not change: before, they were kept by the
    // manifest and stayed missing.
    for page in [
        "people/bob-babbage/index.html",
        "people/bob-babbage/bob-babbage.vcf",
        "people/bob-babbage/resume.json",
        "style.css",
    ] {
        assert!(folder.join(page).is_file(), "{page} is written again");
    }
    assert_eq!(serve.get("/people/bob-babbage/").status, 200);
    assert!(parent.join(".served.folio-lock").is_file());
}

/// The files that are not the same in two trees (changed, or in one only).
fn differing(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let changed = a
        .iter()
        .filter(|(path, bytes)| b.get(*path) != Some(*bytes));
    let gone = b.keys().filter(|path| !a.contains_key(*path));
    changed.map(|(path, _)| path).chain(gone).cloned().collect()
}

// Between saves the server trusts what it wrote into its folder: nothing else may write
// there while it runs, or pages would mix two builds (say production links among local ones).
#[test]
fn a_folder_being_served_is_refused_to_other_folio_processes_until_the_server_stops() {
    let site = copy_site(&fixture("shared-talk"));
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("served");
    let serve = Serve::start(site.path(), &["--output", folder.to_str().unwrap()]);
    assert_eq!(serve.get("/people/bob-babbage/").status, 200);
    let served = tree(&folder);

    let other_build = || {
        folio(&[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--output",
            folder.to_str().unwrap(),
        ])
    };
    let second = refused_serve(site.path(), &folder);
    for (what, refused) in [
        ("folio build", other_build()),
        ("a second folio serve", second),
    ] {
        assert_eq!(
            refused.status.code(),
            Some(1),
            "{what}: {}",
            stderr(&refused)
        );
        let message = stderr(&refused);
        assert!(
            message.contains("another folio process is writing into")
                && message.contains(&folder.display().to_string()),
            "{what}: {message}"
        );
    }
    assert!(tree(&folder) == served, "the served folder is untouched");
    assert_eq!(serve.get("/people/bob-babbage/").status, 200);

    // The lock file removed (a `git clean -X`) while serving: the next save locks a new one.
    let lock = out.path().join(".served.folio-lock");
    std::fs::remove_file(&lock).unwrap();
    let profile = site.path().join("content/people/bob-babbage.md");
    edit(&profile, "Difference engineer", "Saved engineer");
    serve.wait_for("/people/bob-babbage/", "saved", |r| {
        r.body.contains("Saved engineer")
    });
    serve.wait_for_rebuilds(1);
    assert!(lock.is_file(), "the server made its lock file again");
    let after_save = tree(&folder);
    let refused = other_build();
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let differ = differing(&tree(&folder), &after_save);
    assert!(differ.is_empty(), "changed: {differ:?}\n{}", serve.log());

    // Removed again, and this time another build ran into the folder before the next save
    // (with the site's own base URL): the server trusts nothing it remembered of the folder,
    // and the save leaves exactly what the server would write.
    std::fs::remove_file(&lock).unwrap();
    let production = other_build();
    assert!(production.status.success(), "{}", stderr(&production));
    assert!(tree(&folder) != after_save);
    edit(&profile, "Saved engineer", "Difference engineer");
    serve.wait_for("/people/bob-babbage/", "saved back", |r| {
        r.body.contains("Difference engineer")
    });
    serve.wait_for_rebuilds(2);
    let differ = differing(&tree(&folder), &served);
    assert!(
        differ.is_empty(),
        "not as served: {differ:?}\n{}",
        serve.log()
    );

    // Stopped, the server removes its lock file, as a build does when done: nothing is left
    // beside the output.
    drop(serve);
    assert!(!lock.exists(), "the server removed its lock file");
    build(site.path(), &folder, &[]);
    assert!(!lock.exists());
    assert!(
        !folder.join(".served.folio-lock").exists(),
        "the lock is beside the output, not in it"
    );
}

#[test]
fn a_save_by_rename_is_seen_and_editor_leftovers_are_ignored() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    let serve = Serve::start(site.path(), &[]);

    // vim checks it may write with a file named 4913, and keeps a swap file; emacs a lock.
    std::fs::write(people.join("4913"), "").unwrap();
    std::fs::remove_file(people.join("4913")).unwrap();
    std::fs::write(people.join(".ada-lovelace.md.swp"), "swap").unwrap();
    std::fs::write(people.join("ada-lovelace.md~"), "backup").unwrap();
    std::thread::sleep(SETTLE);
    assert_eq!(serve.rebuilds(), 0, "{}", serve.log());

    // JetBrains, Helix and vim with `backupcopy=no` write a new file and rename it over the old.
    let profile = people.join("ada-lovelace.md");
    let text = std::fs::read_to_string(&profile).unwrap();
    let temp = people.join("ada-lovelace.md___jb_tmp___");
    std::fs::write(
        &temp,
        text.replace("Engine programmer", "Renamed into place"),
    )
    .unwrap();
    std::fs::rename(&temp, &profile).unwrap();
    serve.wait_for("/people/ada-lovelace/", "saved", |r| {
        r.body.contains("Renamed into place")
    });
}

#[test]
fn deleting_and_adding_profiles_updates_every_page_that_lists_them() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    let serve = Serve::start(site.path(), &[]);
    assert!(serve.get("/").has("a[href='/people/bob-babbage/']"));
    assert_eq!(
        serve.get("/skills/python/").status,
        200,
        "only Bob has Python"
    );

    // Ada's bio links to Bob's profile: that link goes first, or deleting Bob breaks the build.
    edit(
        &people.join("ada-lovelace.md"),
        "[Bob](@/people/bob-babbage.md)",
        "Bob",
    );
    std::fs::remove_file(people.join("bob-babbage.md")).unwrap();
    serve.wait_for("/people/bob-babbage/", "gone", |r| r.status == 404);
    assert!(!serve.get("/").has("a[href='/people/bob-babbage/']"));
    // Bob is no longer among Acme's people (Ada's talk still names him as a co-speaker).
    let acme = serve.get("/employers/acme-corporation/");
    assert!(!acme.has("a[href='/people/bob-babbage/']"), "{}", acme.body);
    assert!(
        !acme.text_of(".person-card").contains("Bob Babbage"),
        "{}",
        acme.body
    );
    // Stale pages go one after another, after the new ones are in: Bob's, then Python's.
    serve.wait_for("/skills/python/", "gone", |r| r.status == 404);
    assert!(
        !serve
            .get("/talks/2023-scaling-things/")
            .has("a[href='/people/bob-babbage/']")
    );

    std::fs::write(people.join("carol-chacon.md"), CAROL).unwrap();
    serve.wait_for("/people/carol-chacon/", "added", |r| r.status == 200);
    assert!(serve.get("/").has("a[href='/people/carol-chacon/']"));
    let employer = serve.get("/employers/initech/");
    assert_eq!(employer.status, 200);
    assert!(employer.text_of("main").contains("Carol Chacón"));
    let skill = serve.get("/skills/haskell/");
    assert_eq!(skill.status, 200);
    assert!(skill.has("a[href='/people/carol-chacon/']"));
    assert!(
        serve
            .get("/talks/2023-scaling-things/")
            .has("a[href='/people/carol-chacon/']"),
        "Ada's co-speaker now has a profile, so the talk links it"
    );
}

#[test]
fn a_renamed_profile_folder_moves_its_page_and_stays_watched() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    let serve = Serve::start(site.path(), &[]);

    std::fs::create_dir(people.join("carol")).unwrap();
    std::fs::write(people.join("carol/index.md"), CAROL).unwrap();
    serve.wait_for("/people/carol/", "added", |r| r.status == 200);

    std::fs::rename(people.join("carol"), people.join("carol-chacon")).unwrap();
    serve.wait_for("/people/carol-chacon/", "moved", |r| r.status == 200);
    serve.wait_for("/people/carol/", "gone", |r| r.status == 404);

    edit(
        &people.join("carol-chacon/index.md"),
        "Compiler engineer",
        "Language designer",
    );
    serve.wait_for("/people/carol-chacon/", "edited", |r| {
        r.body.contains("Language designer")
    });
}

#[test]
fn a_broken_template_shows_its_error_over_the_last_good_site_until_fixed() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let mut live = serve.live();
    live.expect("hello");

    // The fixture has no templates/ folder: one that appears is watched too.
    let templates = site.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("person.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    )
    .unwrap();
    let page = serve.wait_for("/people/ada-lovelace/", "showing the error", |r| {
        r.has("#folio-error")
    });
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.text_of("main h1").contains("Ada Lovelace"));
    let overlay = page.text_of("#folio-error");
    assert!(overlay.contains("templates/person.html"), "{overlay}");
    assert!(
        overlay.contains("{% if %}"),
        "the offending line is quoted: {overlay}"
    );
    assert!(serve.get("/").has("#folio-error"), "every page shows it");
    live.expect("reload");
    assert!(
        serve.log().contains("templates/person.html"),
        "the terminal shows it too:\n{}",
        serve.log()
    );

    std::fs::copy(
        repo().join("templates/person.html"),
        templates.join("person.html"),
    )
    .unwrap();
    let page = serve.wait_for("/people/ada-lovelace/", "recovered", |r| {
        !r.has("#folio-error")
    });
    assert_eq!(page.status, 200);
    assert!(page.text_of("main h1").contains("Ada Lovelace"));
    live.expect("reload");
}

/// A template that runs away cannot be stopped inside the process: the server starts itself
/// again in place, on the same port, with the last good site and the error over it.
#[cfg(unix)]
#[test]
fn a_runaway_template_does_not_take_the_server_down() {
    let site = copy_site(&fixture("shared-talk"));
    let mut serve = Serve::start(site.path(), &[]);
    let templates = site.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    // Doubled forty times: a terabyte, which aborted the process ("memory allocation
    // failed") before budgets.
    std::fs::write(
        templates.join("page.html"),
        "{% set_global s = \"xxxxxxxx\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    )
    .unwrap();
    let page = serve.wait_for("/people/ada-lovelace/", "showing the runaway", |r| {
        r.has("#folio-error")
    });
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.text_of("main h1").contains("Ada Lovelace"));
    let overlay = page.text_of("#folio-error");
    assert!(overlay.contains("templates/page.html"), "{overlay}");
    assert!(overlay.contains("512 MB of memory"), "{overlay}");
    assert!(
        serve.child.try_wait().unwrap().is_none(),
        "the same process serves on"
    );
    assert!(
        serve.log().contains("starts again on the same port"),
        "{}",
        serve.log()
    );
    // Fixed, it builds again at the next save.
    std::fs::remove_file(templates.join("page.html")).unwrap();
    let page = serve.wait_for("/contact/", "recovered", |r| !r.has("#folio-error"));
    assert_eq!(page.status, 200);
    assert!(page.text_of("main h1").contains("Contact"), "{}", page.body);
}

// Error messages quote the site's files, which may hold markup: it must show, not run.
#[test]
fn a_content_error_names_its_file_and_line_and_is_escaped() {
    let site = copy_site(&fixture("shared-talk"));
    let profile = site.path().join("content/people/ada-lovelace.md");
    let serve = Serve::start(site.path(), &[]);

    edit(
        &profile,
        "start = \"2017\"",
        "start = \"<img src=x onerror=alert(1)>\"",
    );
    let text = std::fs::read_to_string(&profile).unwrap();
    let line = text.lines().position(|l| l.contains("<img")).unwrap() + 1;
    let page = serve.wait_for("/", "showing the error", |r| r.has("#folio-error"));
    let overlay = page.text_of("#folio-error");
    assert!(
        overlay.contains(&format!("content/people/ada-lovelace.md:{line}:9")),
        "{overlay}"
    );
    assert!(
        overlay.contains("<img src=x onerror=alert(1)>"),
        "{overlay}"
    );
    assert!(!page.has("#folio-error img"), "{}", page.body);
}

#[test]
fn a_site_that_does_not_build_at_start_is_served_once_fixed() {
    let site = copy_site(&fixture("shared-talk"));
    let config = site.path().join("site.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, "title = \"Broken\"\nbase_url = 12\n").unwrap();
    let serve = Serve::start(site.path(), &[]);

    for path in ["/", "/people/ada-lovelace/"] {
        let page = serve.get(path);
        assert_eq!(page.status, 500, "{path}");
        assert!(
            page.text_of("#folio-error").contains("site.toml:2"),
            "{}",
            page.body
        );
        page.version();
    }

    std::fs::write(&config, good).unwrap();
    let home = serve.wait_for("/", "built", |r| r.status == 200);
    assert!(!home.has("#folio-error"));
    assert!(home.has("a[href='/people/ada-lovelace/']"));
}

// While site.toml is broken a build reads no content; a profile added meanwhile must still be
// read by the first build that does.
#[test]
fn a_profile_added_while_site_toml_is_broken_is_served_once_it_is_fixed() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let config = site.path().join("site.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, "title = \"Broken\"\nbase_url = 12\n").unwrap();
    serve.wait_for("/", "showing the error", |r| r.has("#folio-error"));

    std::fs::write(
        site.path().join("content/people/zed-new.md"),
        "+++\nname = \"Zed New\"\n+++\nA bio.\n",
    )
    .unwrap();
    // The build after the new profile fails too, on site.toml.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let log = serve.log();
        let after = log.split("content/people/zed-new.md").nth(1);
        if after.is_some_and(|rest| rest.contains("Error")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no failed build after the profile:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    std::fs::write(&config, good).unwrap();
    serve.wait_for("/people/zed-new/", "built", |r| r.status == 200);
    let home = serve.wait_for("/", "built", |r| r.status == 200);
    assert!(home.has("a[href='/people/zed-new/']"), "{}", home.body);
}

/// A response as it came over the wire.
struct Raw {
    status: u16,
    /// Names in lower case, in the order sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The headers, sorted, but for the date, which differs between two responses.
    fn headers_but_date(&self) -> Vec<(String, String)> {
        let mut headers: Vec<_> = self
            .headers
            .iter()
            .filter(|(n, _)| n != "date")
            .cloned()
            .collect();
        headers.sort();
        headers
    }
}

/// Parses one response: its head, and as much of the body as `bytes` holds.
fn parse_response(bytes: &[u8]) -> Option<Raw> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Raw {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

/// Sends a request as written, without a client cleaning up its path, on a connection of its
/// own, and reads the answer until the server closes it.
fn raw(address: &str, method: &str, path: &str) -> Raw {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    parse_response(&reply).unwrap_or_else(|| {
        panic!(
            "{method} {path}: no response in {}",
            String::from_utf8_lossy(&reply)
        )
    })
}

/// A GET as written; its status, and the whole response as text.
fn raw_get(address: &str, path: &str) -> (u16, String) {
    let reply = raw(address, "GET", path);
    let text = reply
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\n"))
        .collect::<String>()
        + &String::from_utf8_lossy(&reply.body);
    (reply.status, text)
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    for path in [
        "/../../../../../../etc/passwd",
        "/people/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/people/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/%2fetc%2fpasswd",
        "/style.css%00.html",
        "/./style.css",
    ] {
        let (status, reply) = raw_get(&serve.address, path);
        assert!(status == 400 || status == 404, "{path}: {status}\n{reply}");
        assert!(!reply.contains("root:"), "{path}: {reply}");
    }
    assert_eq!(
        raw_get(&serve.address, "/style.css").0,
        200,
        "plain paths work"
    );
}

// The limits the README gives for `folio serve`.
/// A client that has not sent a request's headers this long after connecting, or after its
/// last response, is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_CONNECTIONS: usize = 256;
const MAX_SOCKETS: usize = 128;

#[test]
fn other_methods_get_405_with_the_methods_allowed() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        for path in [
            "/",
            "/people/ada-lovelace/",
            "/no/such/page/",
            "/__folio/live.js",
            "/__folio/live",
        ] {
            let reply = raw(&serve.address, method, path);
            assert_eq!(reply.status, 405, "{method} {path}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method} {path}");
        }
    }
}

#[test]
fn head_answers_with_the_headers_get_would_send() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let same = |path: &str| {
        let get = raw(&serve.address, "GET", path);
        let head = raw(&serve.address, "HEAD", path);
        assert_eq!(
            get.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "{path}: GET's length is its body's"
        );
        assert_eq!(head.status, get.status, "{path}");
        assert_eq!(head.headers_but_date(), get.headers_but_date(), "{path}");
        assert!(head.body.is_empty(), "{path}");
    };
    for path in [
        "/",
        "/people/ada-lovelace/",
        "/people/ada-lovelace",
        "/style.css",
        "/favicon.svg",
        "/sitemap.xml",
        "/no/such/page/",
        "/__folio/live.js",
    ] {
        same(path);
    }
    // With the error overlay added to pages too.
    edit(
        &site.path().join("content/people/ada-lovelace.md"),
        "start = \"2017\"",
        "start = \"someday\"",
    );
    serve.wait_for("/", "showing the error", |r| r.has("#folio-error"));
    same("/");
    same("/people/ada-lovelace/");
}

// `//people` is a path on this server; as a redirect's target it is the host `people`.
#[test]
fn redirects_never_lead_to_another_host() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    for (path, to) in [
        ("/people", "/people/"),
        ("//people", "/people/"),
        ("///people", "/people/"),
        ("//people//ada-lovelace", "/people/ada-lovelace/"),
        ("//people?page=2", "/people/?page=2"),
    ] {
        let reply = raw(&serve.address, "GET", path);
        assert_eq!(reply.status, 307, "{path}");
        assert_eq!(reply.header("location"), Some(to), "{path}");
    }
    for path in ["/\\people", "/%5cpeople", "/%2fpeople", "/%2F%2Fpeople"] {
        let reply = raw(&serve.address, "GET", path);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
        assert_eq!(reply.header("location"), None, "{path}");
    }
}

/// Reads one response off a connection kept open: its head, then as many bytes as it says.
fn read_one_response(stream: &mut TcpStream) -> Raw {
    let mut bytes = Vec::new();
    let mut chunk = [0; 16 * 1024];
    loop {
        if let Some(reply) = parse_response(&bytes) {
            let length: usize = reply.header("content-length").unwrap().parse().unwrap();
            if reply.body.len() >= length {
                return reply;
            }
        }
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "closed mid-response");
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// Waits until the server closed each connection; when it did, counted from `since`. For the
/// connections in `dribbling`, sends a byte of a header line every 200 ms meanwhile.
fn closing_times(
    connections: &mut [TcpStream],
    dribbling: &[usize],
    since: Instant,
) -> Vec<Option<Duration>> {
    let deadline = Instant::now() + HEADER_READ_TIMEOUT + PATIENCE;
    for c in connections.iter() {
        c.set_nonblocking(true).unwrap();
    }
    let mut closed = vec![None; connections.len()];
    let mut last_byte = Instant::now();
    while closed.iter().any(Option::is_none) && Instant::now() < deadline {
        let dribble = last_byte.elapsed() > Duration::from_millis(200);
        if dribble {
            last_byte = Instant::now();
        }
        for (i, c) in connections.iter_mut().enumerate() {
            if closed[i].is_some() {
                continue;
            }
            if dribble && dribbling.contains(&i) && c.write_all(b"x").is_err() {
                closed[i] = Some(since.elapsed());
                continue;
            }
            let mut buffer = [0; 1024];
            match c.read(&mut buffer) {
                Ok(0) => closed[i] = Some(since.elapsed()),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Ok(_) => {}
                Err(_) => closed[i] = Some(since.elapsed()),
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    closed
}

// Slowloris: connections that never finish a request used to stay open for good, until
// the server ran out of files (about 20,000 of them) and stopped answering.
#[test]
fn silent_and_slow_clients_are_closed_and_others_are_answered_meanwhile() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let opened = Instant::now();
    // Connected, and nothing sent.
    let mut connections: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&serve.address).unwrap())
        .collect();
    // Headers sent a byte at a time, never ending.
    let mut dribbling = TcpStream::connect(&serve.address).unwrap();
    dribbling.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
    // Kept alive after a response, and then idle.
    let mut idle = TcpStream::connect(&serve.address).unwrap();
    write!(
        idle,
        "GET /style.css HTTP/1.1\r\nHost: {}\r\n\r\n",
        serve.address
    )
    .unwrap();
    assert_eq!(read_one_response(&mut idle).status, 200);
    let answered = Instant::now();

    // Meanwhile, a browser is answered at once.
    let home = serve.get("/people/ada-lovelace/");
    assert_eq!(home.status, 200);
    assert!(home.text_of("h1").contains("Ada Lovelace"));
    assert!(
        opened.elapsed() < HEADER_READ_TIMEOUT,
        "answered only after {:?}",
        opened.elapsed()
    );

    connections.push(dribbling);
    connections.push(idle);
    let dribbler = connections.len() - 2;
    let closed = closing_times(&mut connections, &[dribbler], opened);
    let late = HEADER_READ_TIMEOUT + Duration::from_secs(3);
    for (i, when) in closed.iter().enumerate() {
        let what = match i {
            i if i == dribbler => "the dribbling connection",
            i if i == dribbler + 1 => "the idle kept-alive connection",
            _ => "a silent connection",
        };
        let when = when.unwrap_or_else(|| panic!("{what} is still open\n{}", serve.log()));
        assert!(when < late, "{what} was closed only after {when:?}");
        // The timeout closed it, not something else.
        let earliest = if i == dribbler + 1 {
            answered.duration_since(opened) + HEADER_READ_TIMEOUT
        } else {
            HEADER_READ_TIMEOUT
        };
        assert!(
            when + Duration::from_millis(50) >= earliest,
            "{what} was closed already after {when:?}"
        );
    }
    assert_eq!(serve.get("/").status, 200, "still serving");
}

/// The files the process holds open, as Linux counts them.
#[cfg(target_os = "linux")]
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

// Every connection holds a file: past the limit connections wait to be accepted, so a flood
// cannot take the files the builds need.
#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_connections_is_held_to_the_limit_and_served_once_it_passes() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let pid = serve.child.id();
    let before = open_files(pid);
    // More than the limit, few enough past it to fit the system's queue of connections
    // waiting to be accepted (128 or more), so that every connect returns at once.
    let flood: Vec<TcpStream> = (0..MAX_CONNECTIONS + 40)
        .map(|_| TcpStream::connect(&serve.address).unwrap())
        .collect();
    let mut most = 0;
    let watched = Instant::now();
    while watched.elapsed() < Duration::from_secs(1) {
        most = most.max(open_files(pid));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        most >= before + MAX_CONNECTIONS,
        "the flood reached the server: {most} files open, {before} before"
    );
    // A few for files read for answers, or by a build.
    assert!(
        most <= before + MAX_CONNECTIONS + 8,
        "{most} files open, {before} before the flood"
    );

    // The flood's connections are closed by the header-read timeout; a browser waits until
    // then, and is answered.
    let asked = Instant::now();
    assert_eq!(serve.get("/").status, 200);
    assert!(
        asked.elapsed() < HEADER_READ_TIMEOUT + Duration::from_secs(3),
        "answered after {:?}",
        asked.elapsed()
    );
    drop(flood);
}

#[test]
fn reload_sockets_are_limited_in_number() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let mut pages: Vec<Live> = (0..MAX_SOCKETS).map(|_| serve.live()).collect();
    for page in &mut pages {
        page.expect("hello");
    }
    // The status of one more page's socket: 101 when it opened (it is closed again).
    let one_more = || {
        let stream = TcpStream::connect(&serve.address).unwrap();
        match tungstenite::client(format!("ws://{}/__folio/live", serve.address), stream) {
            Ok((_, response)) => response.status().as_u16(),
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
                response.status().as_u16()
            }
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(one_more(), 503, "past the limit of {MAX_SOCKETS}");
    assert_eq!(serve.get("/").status, 200, "pages are still served");

    // A page that closes leaves its place to another.
    drop(pages.pop());
    let deadline = Instant::now() + PATIENCE;
    while one_more() != 101 {
        assert!(Instant::now() < deadline, "no place freed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// Pages send nothing on their socket; without a bound a client could make the server hold
// 64 MB for each (tungstenite's default).
#[test]
fn a_reload_socket_that_sends_a_large_message_is_closed() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let mut live = serve.live();
    live.expect("hello");
    let _ = live
        .socket
        .send(tungstenite::Message::Text("x".repeat(64 * 1024).into()));
    let deadline = Instant::now() + PATIENCE;
    loop {
        match live.socket.read() {
            Ok(tungstenite::Message::Close(_)) => break,
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
        assert!(Instant::now() < deadline, "the socket is still open");
    }
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn a_base_url_with_a_path_is_served_under_that_path() {
    let site = copy_site(&fixture("shared-talk"));
    edit(
        &site.path().join("site.toml"),
        "https://example.org/",
        "https://u.github.io/repo/",
    );
    let serve = Serve::start(site.path(), &[]);
    assert_eq!(serve.url, format!("{}/repo/", serve.origin()));

    for path in ["/", "/repo"] {
        let reply = serve.get(path);
        assert_eq!(reply.status, 307, "{path}");
        assert_eq!(reply.location.as_deref(), Some("/repo/"), "{path}");
    }
    let home = serve.get("/repo/");
    assert_eq!(home.status, 200);
    assert!(
        home.has("a[href='/repo/people/ada-lovelace/']"),
        "{}",
        home.body
    );
    assert_eq!(serve.get("/repo/people/ada-lovelace/").status, 200);
    assert_eq!(serve.get("/repo/style.css").status, 200);
    let doubled = raw(&serve.address, "GET", "/repo//people//ada-lovelace");
    assert_eq!(doubled.status, 307);
    assert_eq!(
        doubled.header("location"),
        Some("/repo/people/ada-lovelace/")
    );
    assert_eq!(raw(&serve.address, "GET", "//repo//people").status, 404);
    let outside = serve.get("/people/ada-lovelace/");
    assert_eq!(outside.status, 404);
    assert!(outside.text_of("h1").contains("Page not found"));
}

// Serve mode rebuilds in its own way; what it serves must still be what `folio build` writes.
#[test]
fn what_is_served_after_edits_equals_what_folio_build_writes() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    let serve = Serve::start(site.path(), &[]);

    edit(&people.join("ada-lovelace.md"), "London", "Paris");
    edit(
        &people.join("ada-lovelace.md"),
        "[Bob](@/people/bob-babbage.md)",
        "Bob",
    );
    std::fs::remove_file(people.join("bob-babbage.md")).unwrap();
    // A folder profile, whose files beside it are copied, not rendered.
    std::fs::create_dir(people.join("carol-chacon")).unwrap();
    std::fs::write(people.join("carol-chacon/index.md"), CAROL).unwrap();
    std::fs::write(people.join("carol-chacon/talk.txt"), "first").unwrap();
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/extra.txt"), "hello").unwrap();
    serve.wait_for("/people/carol-chacon/talk.txt", "added", |r| {
        r.status == 200
    });
    std::fs::write(people.join("carol-chacon/talk.txt"), "second").unwrap();
    serve.wait_for("/people/carol-chacon/talk.txt", "copied again", |r| {
        r.body == "second"
    });
    serve.wait_for("/people/bob-babbage/", "gone", |r| r.status == 404);
    serve.wait_for("/people/ada-lovelace/", "edited", |r| {
        r.body.contains("Paris")
    });
    assert_eq!(
        serve.get("/skills/python/").status,
        404,
        "Bob's only skill is gone"
    );

    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &["--preview", &serve.origin()]);
    for (relative, built) in tree(out.path()) {
        if relative == Path::new(".folio-output") {
            continue;
        }
        let url = format!("/{}", relative.display());
        let mut served = serve.bytes(&url);
        if url.ends_with(".html") {
            served = without_reload_script(&served);
        }
        assert!(
            served == built,
            "{url} differs from the build:\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(&built)
        );
    }
}

/// A page without the one script tag the server adds to it.
fn without_reload_script(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(page.to_vec()).unwrap();
    let start = text
        .find("<script src=\"/__folio/live.js\"")
        .expect("the reload script");
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_without_a_reload() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let mut live = serve.live();
    live.expect("hello");

    let own = "body { color: rebeccapurple }\n";
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/style.css"), own).unwrap();
    live.expect("css");
    assert_eq!(serve.get("/style.css").body, own);
}

/// What `git checkout` or a formatter does: many saves at once make one rebuild.
#[cfg(unix)]
#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    let (ada, bob) = (
        people.join("ada-lovelace.md"),
        people.join("bob-babbage.md"),
    );
    let (ada_text, bob_text) = (
        std::fs::read_to_string(&ada).unwrap(),
        std::fs::read_to_string(&bob).unwrap(),
    );
    let serve = Serve::start(site.path(), &[]);
    // The server is paused while the test saves, so that the twenty saves reach it at once,
    // as they do on an idle machine. Unpaused, a busy machine often held this test for longer
    // than the watcher's quiet period (5 ms) between two saves, or held the watcher's reader:
    // with four copies of the test at once, a burst took up to 100 ms and made two rebuilds
    // one time in two, the first of them sometimes of a file cut short. (How long a quiet
    // period is, is watch.rs's business; this test is about the server making one rebuild of
    // all it was told at once, and not one per save.)
    let paused = serve.pause();
    for i in 0..20 {
        if i % 2 == 0 {
            std::fs::write(&ada, format!("{ada_text}\nSave {i}.\n")).unwrap();
        } else {
            std::fs::write(&bob, format!("{bob_text}\nAgain {i}.\n")).unwrap();
        }
    }
    drop(paused);
    serve.wait_for("/people/ada-lovelace/", "saved", |r| {
        r.body.contains("Save 18.")
    });
    serve.wait_for("/people/bob-babbage/", "saved", |r| {
        r.body.contains("Again 19.")
    });
    // Long enough for a second rebuild, if there were one, to show in the log.
    std::thread::sleep(SETTLE);
    let log = serve.log();
    let changed: Vec<&str> = log.lines().filter(|l| l.starts_with("Changed:")).collect();
    assert_eq!(
        changed,
        ["Changed: content/people/ada-lovelace.md, content/people/bob-babbage.md"],
        "{log}"
    );
    assert_eq!(log.matches("Rebuilt in ").count(), 1, "{log}");
}

#[cfg(unix)]
#[test]
fn polling_sees_every_save_even_two_in_one_second() {
    let site = copy_site(&fixture("shared-talk"));
    let profile = site.path().join("content/people/ada-lovelace.md");
    let serve = Serve::start(site.path(), &["--poll"]);
    edit(&profile, "Engine programmer", "Polled programmer");
    serve.wait_for("/people/ada-lovelace/", "edited", |r| {
        r.body.contains("Polled programmer")
    });
    // Same length, same second: only a precise modification time tells this save apart. The
    // second save is given a time half a second from the first's within the same second, and
    // made while the server is paused, so that it cannot look in between. Left to the clock,
    // the two saves could fall in different seconds (the first is seen up to half a second
    // after it is made), where a poller comparing whole seconds passes too.
    let first = std::fs::metadata(&profile).unwrap().modified().unwrap();
    let since = first.duration_since(std::time::UNIX_EPOCH).unwrap();
    let nanos = (since.subsec_nanos() + 500_000_000) % 1_000_000_000;
    let same_second = std::time::UNIX_EPOCH + Duration::new(since.as_secs(), nanos);
    let paused = serve.pause();
    edit(&profile, "Polled programmer", "Polled progrAmmer");
    std::fs::File::options()
        .write(true)
        .open(&profile)
        .unwrap()
        .set_modified(same_second)
        .unwrap();
    drop(paused);
    serve.wait_for("/people/ada-lovelace/", "edited again", |r| {
        r.body.contains("Polled progrAmmer")
    });
}

#[test]
fn a_taken_port_moves_the_server_to_the_next_one() {
    let site = copy_site(&fixture("shared-talk"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let serve = Serve::start(site.path(), &["--port", &port.to_string()]);
    let served: u16 = serve
        .address
        .strip_prefix("127.0.0.1:")
        .unwrap()
        .parse()
        .unwrap();
    // The next free one: port + 1 unless another program holds that too (the server tries
    // ten ports).
    assert!(
        (port + 1..port + 10).contains(&served),
        "{port} taken, served on {served}"
    );
    assert!(
        serve.log().contains(&format!(
            "Port {port} is in use; serving on port {served} instead"
        )),
        "{}",
        serve.log()
    );
    assert_eq!(serve.get("/").status, 200);
}

/// The preview folders (`folio-serve-*`) in a temporary folder.
fn preview_folders(temp: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(temp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("folio-serve-")
        })
        .collect();
    folders.sort();
    folders
}

/// Sends `signal` to the server and waits for it to exit; how long that took.
#[cfg(unix)]
fn stop(serve: &mut Serve, signal: libc::c_int) -> Duration {
    let pid = libc::pid_t::try_from(serve.child.id()).unwrap();
    let sent = Instant::now();
    // SAFETY: kill only sends a signal; the child is not waited for yet, so its id is its own.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let status = serve.child.wait().unwrap();
    let took = sent.elapsed();
    assert!(status.success(), "{status}:\n{}", serve.log());
    // Its output is read by other threads: give them the last lines.
    let deadline = Instant::now() + PATIENCE;
    while !serve.log().contains("Stopping") {
        assert!(Instant::now() < deadline, "{}", serve.log());
        std::thread::sleep(Duration::from_millis(10));
    }
    took
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_within_200_ms_with_a_page_open_or_not() {
    let site = copy_site(&fixture("shared-talk"));
    for page_open in [true, false] {
        let temp = tempfile::tempdir().unwrap();
        let mut serve = Serve::start_with_temp(site.path(), &[], Some(temp.path()));
        let folders = preview_folders(temp.path());
        assert_eq!(folders.len(), 1, "{folders:?}");
        let mut open = Vec::new();
        if page_open {
            // What a browser holds: the page's connection, kept alive by the client, its
            // reload socket, and a request it has begun to send.
            serve.get("/people/ada-lovelace/").version();
            let mut live = serve.live();
            live.expect("hello");
            let mut half = TcpStream::connect(&serve.address).unwrap();
            half.write_all(b"GET /people/ HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            open.push((live, half));
        }
        let took = stop(&mut serve, libc::SIGINT);
        assert!(
            took < Duration::from_millis(200),
            "with a page open: {page_open}; stopped {took:?} after Ctrl-C\n{}",
            serve.log()
        );
        assert!(!folders[0].exists(), "Ctrl-C removes the preview's folder");
    }
}

// A SIGKILL leaves no chance to remove the preview's folder: the next server removes it, and
// only it, proving its server gone by the lock it held.
#[cfg(unix)]
#[test]
fn a_killed_server_s_folder_is_removed_by_the_next_one_and_a_running_one_s_is_not() {
    let site = copy_site(&fixture("shared-talk"));
    let temp = tempfile::tempdir().unwrap();
    let start = || Serve::start_with_temp(site.path(), &[], Some(temp.path()));
    let new_folder = |before: &[PathBuf]| {
        let mut new: Vec<PathBuf> = preview_folders(temp.path())
            .into_iter()
            .filter(|f| !before.contains(f))
            .collect();
        assert_eq!(new.len(), 1, "one new folder: {new:?}");
        new.pop().unwrap()
    };
    let mut running = start();
    let running_folder = new_folder(&[]);
    let mut killed = start();
    let killed_folder = new_folder(std::slice::from_ref(&running_folder));
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert!(
        killed_folder.join("site/index.html").is_file(),
        "a SIGKILL leaves it"
    );

    let mut next = start();
    assert!(!killed_folder.exists(), "the next server removed it");
    assert!(
        running_folder.join("site/index.html").is_file(),
        "a running server's folder stays"
    );
    assert_eq!(running.get("/").status, 200);
    let next_folder = new_folder(std::slice::from_ref(&running_folder));

    // SIGTERM and Ctrl-C clean up on their own.
    stop(&mut next, libc::SIGTERM);
    assert!(
        !next_folder.exists(),
        "SIGTERM removes the preview's folder"
    );
    stop(&mut running, libc::SIGINT);
    assert!(
        !running_folder.exists(),
        "Ctrl-C removes the preview's folder"
    );
    assert!(preview_folders(temp.path()).is_empty());
}

/// Sets the first `key` line's quoted value (TOML `key = "v"`, YAML `key: "v"` or `- key: "v"`).
fn set_value(text: String, key: &str, value: &str) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let bare = line.trim_start().trim_start_matches("- ");
            let is_key = bare
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':') || rest.trim_start().starts_with('='));
            match (done, is_key, line.find('"'), line.rfind('"')) {
                (false, true, Some(a), Some(b)) if b > a => {
                    done = true;
                    format!("{}\"{value}\"{}", &line[..a], &line[b + 1..])
                }
                _ => line.to_string(),
            }
        })
        .collect();
    assert!(done, "no `{key}` line");
    lines.join("\n") + "\n"
}

/// The profile files of a generated site, sorted.
fn profiles(site: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/people"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// Waits until the folder the server writes equals, file for file and byte for byte (its
/// manifest included), what `folio build` writes for the same files.
fn assert_served_equals_build(serve: &Serve, site: &Path, served: &Path, step: &str) {
    let built = tempfile::tempdir().unwrap();
    let out = build(site, built.path(), &["--preview", &serve.origin()]);
    assert!(out.status.success(), "{step}: {}", stderr(&out));
    let expected = tree(built.path());
    let deadline = Instant::now() + PATIENCE * 6;
    loop {
        let now = tree(served);
        if now == expected {
            return;
        }
        if Instant::now() > deadline {
            let missing: Vec<_> = expected.keys().filter(|k| !now.contains_key(*k)).collect();
            let extra: Vec<_> = now.keys().filter(|k| !expected.contains_key(*k)).collect();
            let differ: Vec<_> = expected
                .iter()
                .filter(|(k, v)| now.get(*k).is_some_and(|n| n != *v))
                .map(|(k, _)| k)
                .collect();
            // The first line that differs in the first page that does.
            let first = differ
                .iter()
                .find(|k| k.extension().is_some_and(|e| e == "html"));
            let line = first.map_or(String::new(), |k| {
                let lines = |bytes: &[u8]| {
                    String::from_utf8_lossy(bytes)
                        .lines()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                };
                let (want, got) = (lines(&expected[*k]), lines(&now[*k]));
                let at = (0..want.len().max(got.len()))
                    .find(|&i| want.get(i) != got.get(i))
                    .unwrap_or(0);
                format!(
                    "{}, line {}:\nbuilt:  {:?}\nserved: {:?}",
                    k.display(),
                    at + 1,
                    want.get(at),
                    got.get(at)
                )
            });
            panic!(
                "{step}: the served folder differs from the build\nmissing: {missing:?}\nextra: {extra:?}\ndiffer: {differ:?}\n{line}\n{}",
                serve.log()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

// The dev server renders only what a change touches; after every kind of change, what it
// has written must be exactly what a full build writes.
#[test]
fn incremental_rebuilds_of_a_generated_site_equal_full_builds() {
    let site = generated_site(120);
    let root = site.path();
    let served = tempfile::tempdir().unwrap();
    let folder = served.path().join("site");
    let serve = Serve::start(root, &["--output", folder.to_str().unwrap()]);
    assert_served_equals_build(&serve, root, &folder, "first build");
    let files = profiles(root);

    // A bio: only that person's page changes.
    crate::support::edit(&files[3], |t| t + "\nOne more closing line.\n");
    assert_served_equals_build(&serve, root, &folder, "bio edited");

    // A headline and an employer: the cards on the home, skill and employer pages, and a
    // new employer page.
    crate::support::edit(&files[5], |t| set_value(t, "headline", "Principal Tester"));
    crate::support::edit(&files[5], |t| set_value(t, "employer", "Brand New Works"));
    assert_served_equals_build(&serve, root, &folder, "headline and employer");

    // A co-speaker's profile deleted: the talk page and the other speaker's page change.
    let with = files
        .iter()
        .find_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let line = text.lines().find(|l| {
                let l = l.trim_start();
                (l.starts_with("with") || l.starts_with("- with")) && l.contains('"')
            })?;
            Some(line.split('"').nth(1)?.to_string())
        })
        .expect("a talk with a co-speaker");
    let co_speaker = files
        .iter()
        .find(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains(&format!("name: \"{with}\""))
                || text.contains(&format!("name = \"{with}\""))
        })
        .expect("the co-speaker's profile");
    std::fs::remove_file(co_speaker).unwrap();
    assert_served_equals_build(&serve, root, &folder, "co-speaker deleted");

    // A new profile, a copy of another under a new name: it joins their talks and skills.
    let new = root.join("content/people/zz-new-person.md");
    std::fs::copy(&files[7], &new).unwrap();
    crate::support::edit(&new, |t| set_value(t, "name", "Zed New Person"));
    // A new skill in another's role.
    crate::support::edit(&files[9], |t| {
        t.replacen("technologies: [", "technologies: [\"Brand New Skill\", ", 1)
            .replacen(
                "technologies = [",
                "technologies = [\"Brand New Skill\", ",
                1,
            )
    });
    assert_served_equals_build(&serve, root, &folder, "profile added, skill added");

    // site.toml: every page shows the title.
    crate::support::edit(&root.join("site.toml"), |t| {
        set_value(t, "title", "Renamed Directory")
    });
    assert_served_equals_build(&serve, root, &folder, "site.toml");

    // A template of the site's own over the built-in one.
    let template = std::fs::read_to_string(repo().join("templates/person.html")).unwrap();
    let overridden = template.replacen(
        "<article class=\"profile h-card\">",
        "<p>Overridden</p><article class=\"profile h-card\">",
        1,
    );
    assert_ne!(overridden, template, "the marker is gone from person.html");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/person.html"), overridden).unwrap();
    assert_served_equals_build(&serve, root, &folder, "template added");
    let page = std::fs::read_to_string(
        folder
            .join("people")
            .join(files[3].file_stem().unwrap())
            .join("index.html"),
    )
    .unwrap();
    assert!(page.contains("<p>Overridden</p>"), "{page}");

    // And the first edit undone.
    crate::support::edit(&files[3], |t| t.replace("\nOne more closing line.\n", ""));
    assert_served_equals_build(&serve, root, &folder, "bio restored");
}

/// Runs `folio serve --output output`, which is expected to stop at once; a server that
/// keeps running fails the test instead of hanging it.
fn refused_serve(root: &Path, output: &Path) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .arg("--output")
        .arg(output)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("folio serve --output {} was not refused", output.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

// `--output` is checked like `folio build --output`: a folder of someone else's files is refused.
#[test]
fn serve_refuses_an_output_folder_it_did_not_make() {
    let site = copy_site(&fixture("shared-talk"));
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "mine").unwrap();
    let out = refused_serve(site.path(), foreign.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&foreign.path().display().to_string()),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(foreign.path()).unwrap().count(), 1);
}

// A person's own page is kept when nothing it shows changed: what it shows of other files
// (a linked profile's address, a co-speaker's name, an employer file, a talk file) must
// count as a change of its own.
#[test]
fn a_profile_page_follows_what_it_shows_of_other_files() {
    let site = copy_site(&fixture("shared-talk"));
    let root = site.path();
    let served = tempfile::tempdir().unwrap();
    let folder = served.path().join("site");
    let serve = Serve::start(root, &["--output", folder.to_str().unwrap()]);
    assert_served_equals_build(&serve, root, &folder, "first build");
    let people = root.join("content/people");
    let ada = || std::fs::read_to_string(folder.join("people/ada-lovelace/index.html")).unwrap();

    // Ada's bio links to the contact page's file: its new address is on her page.
    edit(
        &people.join("ada-lovelace.md"),
        "Ada builds engines.",
        "Ada builds engines ([contact](@/pages/contact.md)).",
    );
    // Out of the menu, which every page shows.
    edit(&root.join("content/pages/contact.md"), "menu = true\n", "");
    assert_served_equals_build(&serve, root, &folder, "link added");
    edit(
        &root.join("content/pages/contact.md"),
        "title = \"Contact\"",
        "title = \"Contact\"\nslug = \"write-to-us\"",
    );
    assert_served_equals_build(&serve, root, &folder, "linked page moved");
    assert!(ada().contains("href=\"/write-to-us/\""), "{}", ada());

    // Bob speaks with Ada, and her bio links to him: his new address is on her page.
    edit(
        &people.join("bob-babbage.md"),
        "name: Bob Babbage",
        "name: Bob Babbage\nslug: bob-b",
    );
    assert_served_equals_build(&serve, root, &folder, "linked profile moved");
    assert!(ada().contains("href=\"/people/bob-b/\""), "{}", ada());

    // Bob speaks with Ada: his new name is on her page.
    edit(
        &people.join("bob-babbage.md"),
        "name: Bob Babbage",
        "name: Robert Babbage",
    );
    assert_served_equals_build(&serve, root, &folder, "co-speaker renamed");
    assert!(ada().contains("Robert Babbage"), "{}", ada());

    // Ada's roles are at Acme Corporation, which the employer file now calls Acme Works.
    edit(
        &root.join("content/employers/acme-corporation.md"),
        "name = \"Acme Corporation\"\naliases = [\"Acme\"]",
        "name = \"Acme Works\"\naliases = [\"Acme\", \"Acme Corporation\"]",
    );
    assert_served_equals_build(&serve, root, &folder, "employer file renamed");
    assert!(
        ada().contains("href=\"/employers/acme-works/\""),
        "{}",
        ada()
    );

    // The talk file adds a speaker, who is listed on Ada's page with the talk.
    edit(
        &root.join("content/talks/scaling-things.md"),
        "speakers = [\"Dee Dijkstra\"]",
        "speakers = [\"Dee Dijkstra\", \"Eve Euler\"]",
    );
    assert_served_equals_build(&serve, root, &folder, "talk file edited");
    assert!(ada().contains("Eve Euler"), "{}", ada());
}

/// A page on another site whose name is made to resolve to this machine (DNS rebinding)
/// asks with its own name as the Host; any page may try the reload socket. Only this
/// machine's names and addresses are answered (a seventh hostile tester got 200 and 101).
#[test]
fn requests_for_another_sites_name_or_from_another_origin_are_refused() {
    let site = copy_site(&fixture("shared-talk"));
    let serve = Serve::start(site.path(), &[]);
    let port = serve.address.rsplit(':').next().unwrap().to_string();
    let ask = |headers: &str| {
        let mut stream = TcpStream::connect(&serve.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        parse_response(&reply).unwrap().status
    };
    assert_eq!(ask(&format!("Host: attacker.example:{port}\r\n")), 403);
    assert_eq!(ask("Host: 127.0.0.1.nip.io\r\n"), 403);
    assert_eq!(
        ask(&format!(
            "Host: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n"
        )),
        403
    );
    assert_eq!(ask(&format!("Host: localhost:{port}\r\n")), 200);
    assert_eq!(
        ask(&format!(
            "Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        )),
        200
    );
}

/// `folio serve --output DIR` serves what is in DIR: a symbolic link put there (`etc ->
/// /etc`, `leak.txt -> ../secret.txt`) is not followed out of it (a seventh hostile tester
/// read /etc/passwd this way).
#[cfg(unix)]
#[test]
fn links_in_the_served_folder_are_not_followed_out_of_it() {
    let site = copy_site(&fixture("shared-talk"));
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("served");
    std::fs::write(out.path().join("secret.txt"), "s3cret").unwrap();
    let serve = Serve::start(site.path(), &["--output", folder.to_str().unwrap()]);
    assert_eq!(serve.get("/people/bob-babbage/").status, 200);
    std::os::unix::fs::symlink(out.path().join("secret.txt"), folder.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(out.path(), folder.join("up")).unwrap();
    for path in ["/leak.txt", "/up/secret.txt"] {
        let (status, reply) = raw_get(&serve.address, path);
        assert_eq!(status, 404, "{path}: {reply}");
        assert!(!reply.contains("s3cret"), "{path}: {reply}");
    }
    // A link inside the folder to a file inside it is still served.
    std::os::unix::fs::symlink(folder.join("style.css"), folder.join("copy.css")).unwrap();
    assert_eq!(raw_get(&serve.address, "/copy.css").0, 200);
}
