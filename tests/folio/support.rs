//! Running the binary on sites in temporary folders, and reading what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `folio` with arguments and returns its output.
pub fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .expect("the folio binary runs")
}

/// Runs `folio` with arguments, its output thrown away, and returns its exit code and its
/// own peak resident memory in MB (not that of other tests' processes, which run beside it).
/// Linux's `ru_maxrss` is in kilobytes (macOS gives bytes).
#[cfg(target_os = "linux")]
pub fn exit_and_peak_mb(args: &[&str]) -> (i32, i64) {
    #[expect(
        clippy::zombie_processes,
        reason = "waited for by wait4, which also gives its peak memory"
    )]
    let child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the folio binary runs");
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    let mut status = 0;
    // SAFETY: wait4 waits for this child and fills the status and the struct it is given.
    let usage = unsafe {
        let waited = libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr());
        assert_eq!(waited, child.id() as i32);
        usage.assume_init()
    };
    assert!(libc::WIFEXITED(status), "folio {args:?} did not exit");
    (libc::WEXITSTATUS(status), usage.ru_maxrss / 1024)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the site at `root` into `out` and panics with folio's output if it fails.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = folio(&args);
    assert!(
        output.status.success(),
        "folio build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    output
}

/// Copies a folder (a fixture) into a fresh temporary folder, so tests may edit it.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(from, dir.path());
    dir
}

/// Copies the demo site of the repository (site.toml, content/, templates/, static/).
pub fn copy_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    for part in ["content", "templates", "static"] {
        copy_tree(&repo().join(part), &dir.path().join(part));
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with("target") || rel.starts_with(".git") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The site's site.toml as the test found it, and a function that writes it back with a
/// text after it: each call starts again from the text found, so that a test can try one
/// setting after another.
pub fn site_toml(site: &Path) -> (String, impl Fn(&str)) {
    let path = site.join("site.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let found = original.clone();
    let set = move |extra: &str| std::fs::write(&path, format!("{found}\n{extra}")).unwrap();
    (original, set)
}

/// [`tree`] with the spaces and tabs that begin each line of its HTML files taken out:
/// the built-in templates are published without their indentation, and a site's own
/// (the built-in theme written out by `folio eject`) as written. Without `.folio-output`,
/// which holds every file's size and hash.
pub fn unindented_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = tree(dir);
    files.remove(Path::new(".folio-output"));
    for (path, bytes) in files.iter_mut() {
        if path.extension().is_some_and(|e| e == "html") {
            let text = String::from_utf8(std::mem::take(bytes)).unwrap();
            *bytes = text
                .split_inclusive('\n')
                .map(|line| line.trim_start_matches([' ', '\t']))
                .collect::<String>()
                .into_bytes();
        }
    }
    files
}

pub fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

pub fn text(element: &scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every href and src in every HTML page, with the page it is on.
pub fn links(out: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for (rel, bytes) in tree(out) {
        if rel.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for el in select(&html, "[href], [src]") {
            for attr in ["href", "src"] {
                if let Some(v) = el.value().attr(attr) {
                    found.push((rel.clone(), v.to_string()));
                }
            }
        }
    }
    found
}

/// The file a root-relative URL points at, under `out` published at `root` ("/" or "/repo/").
pub fn target_of(out: &Path, root: &str, url: &str) -> Option<PathBuf> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let rel = path.strip_prefix(root)?;
    let file = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    Some(file)
}

pub fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:")
}

/// Every internal href/src (with its #anchor) that points at no written file or id.
pub fn broken_links(out: &Path, root: &str) -> Vec<String> {
    let mut ids: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    for (page, url) in links(out) {
        if is_external(&url) {
            continue;
        }
        let file = if url.starts_with('#') {
            Some(out.join(&page))
        } else {
            target_of(out, root, &url)
        };
        let Some(file) = file.filter(|f| f.is_file()) else {
            broken.push(format!("{}: {url}", page.display()));
            continue;
        };
        if let Some((_, anchor)) = url.split_once('#') {
            let known = ids.entry(file.clone()).or_insert_with(|| {
                let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
                select(&html, "[id]")
                    .iter()
                    .map(|e| e.value().attr("id").unwrap().to_string())
                    .collect()
            });
            if !anchor.is_empty() && !known.iter().any(|id| id == anchor) {
                broken.push(format!("{}: {url} (no such anchor)", page.display()));
            }
        }
    }
    broken
}

/// Rewrites a file with `change`, failing the test if nothing changed (an edit
/// that silently matched nothing would make the test prove nothing).
pub fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let before = std::fs::read_to_string(path).unwrap();
    let after = change(before.clone());
    assert_ne!(
        before,
        after,
        "the edit of {} changed nothing",
        path.display()
    );
    std::fs::write(path, after).unwrap();
}

/// The address a starting `folio serve` prints ("Serving at URL"), once it prints it;
/// panics with its output if it exits first or says nothing within `patience`.
pub fn served_address(
    child: &mut std::process::Child,
    log: &dyn Fn() -> String,
    patience: std::time::Duration,
) -> String {
    let deadline = std::time::Instant::now() + patience;
    loop {
        let printed = log().lines().find_map(|l| {
            l.strip_prefix("Serving at ")
                .map(|url| url.trim().to_string())
        });
        if let Some(url) = printed {
            return url;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("folio serve exited with {status}:\n{}", log());
        }
        assert!(
            std::time::Instant::now() < deadline,
            "folio serve printed no address:\n{}",
            log()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Stops a `folio serve` child: asked first (SIGTERM), so that it removes its temporary
/// folder and lock file, then killed if it is still there after `patience`. A child not yet
/// waited for keeps its process id, so the signal cannot reach another process.
pub fn stop_server(child: &mut std::process::Child, patience: std::time::Duration) {
    #[cfg(unix)]
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + patience;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The generated site of `people` profiles (benches/gen-site.rs), in a temporary folder.
pub fn generated_site(people: usize) -> tempfile::TempDir {
    // The example is built next to the binary under test, by `cargo test` itself or here.
    let examples = Path::new(env!("CARGO_BIN_EXE_folio"))
        .parent()
        .unwrap()
        .join("examples");
    let generator = examples.join(format!("gen-site{}", std::env::consts::EXE_SUFFIX));
    if !generator.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let profile = if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        };
        let status = Command::new(cargo)
            .args(["build", "--example", "gen-site", "--profile", profile])
            .current_dir(repo())
            .status()
            .unwrap();
        assert!(status.success(), "cannot build the gen-site example");
    }
    let site = tempfile::tempdir().unwrap();
    let out = Command::new(&generator)
        .args(["--people", &people.to_string(), "--seed", "7", "--out"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}
