//! `folio deploy` against a local bare repository standing in for GitHub: what the
//! gh-pages branch holds, the base URL it was built for, history kept, refusals, and the
//! working tree, index and current branch left exactly as they were.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::*;

/// A site in a git repository with one commit on `main`, whose remote `origin` is written as
/// a GitHub URL but (through git's `insteadOf`) pushes to a bare repository beside it.
struct Repo {
    _dir: tempfile::TempDir,
    work: PathBuf,
    bare: PathBuf,
}

const GITHUB: &str = "https://github.com/alice/portfolio.git";

fn git_in(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("LC_ALL", "C")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        stderr(&output)
    );
    output
}

fn git_text(dir: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&git_in(dir, args).stdout)
        .trim()
        .to_string()
}

impl Repo {
    /// The shared-talk fixture, without base_url (unless `site_toml` says otherwise).
    fn new(site_toml: &str) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        let bare = dir.path().join("remote.git");
        copy_tree(&fixture("shared-talk"), &work);
        std::fs::write(work.join("site.toml"), site_toml).unwrap();
        git_in(dir.path(), &["init", "--quiet", "--bare", "remote.git"]);
        git_in(dir.path(), &["init", "--quiet", "-b", "main", "work"]);
        for (key, value) in [
            ("user.name", "Alice"),
            ("user.email", "alice@example.com"),
            ("commit.gpgsign", "false"),
        ] {
            git_in(&work, &["config", key, value]);
        }
        git_in(&work, &["add", "--all"]);
        git_in(&work, &["commit", "--quiet", "-m", "The site"]);
        let repo = Repo {
            _dir: dir,
            work,
            bare,
        };
        repo.set_origin(GITHUB);
        repo
    }

    /// Sets `origin` to a URL whose fetches and pushes go to the bare repository.
    fn set_origin(&self, url: &str) {
        let _ = Command::new("git")
            .current_dir(&self.work)
            .args(["remote", "remove", "origin"])
            .output();
        git_in(&self.work, &["remote", "add", "origin", url]);
        let key = format!("url.{}.insteadOf", self.bare.display());
        git_in(&self.work, &["config", "--replace-all", &key, url]);
    }

    fn deploy(&self, extra: &[&str]) -> Output {
        let mut args = vec!["deploy", "--root", self.work.to_str().unwrap()];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(&args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("folio runs")
    }

    fn deploy_ok(&self, extra: &[&str]) -> String {
        let output = self.deploy(extra);
        assert!(
            output.status.success(),
            "folio deploy failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// What the bare repository (GitHub) has at `rev`, or None.
    fn remote_rev(&self, rev: &str) -> Option<String> {
        let output = Command::new("git")
            .args(["--git-dir", self.bare.to_str().unwrap()])
            .args(["rev-parse", "--verify", "-q", rev])
            .output()
            .unwrap();
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    fn local_rev(&self, rev: &str) -> Option<String> {
        let output = Command::new("git")
            .current_dir(&self.work)
            .args(["rev-parse", "--verify", "-q", rev])
            .output()
            .unwrap();
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    /// A file of the published branch.
    fn published(&self, path: &str) -> String {
        git_text(&self.bare, &["show", &format!("gh-pages:{path}")])
    }

    /// Everything that says what the working tree, index and current branch are.
    fn state(&self) -> State {
        let status = [
            "--no-optional-locks",
            "status",
            "--porcelain",
            "--untracked-files=all",
        ];
        State {
            status: git_text(&self.work, &status),
            head: git_text(&self.work, &["rev-parse", "HEAD"]),
            branch: git_text(&self.work, &["symbolic-ref", "HEAD"]),
            index: std::fs::read(self.work.join(".git/index")).unwrap(),
            files: tree(&self.work)
                .into_iter()
                .filter(|(p, _)| !p.starts_with(".git"))
                .collect(),
        }
    }
}

#[derive(PartialEq, Eq)]
struct State {
    status: String,
    head: String,
    branch: String,
    index: Vec<u8>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn deploy_publishes_the_site_on_gh_pages_for_the_remotes_address_and_touches_nothing_else() {
    let repo = Repo::new("title = \"Alice\"\n");
    // Work in progress: a staged change, an unstaged one, an untracked file.
    let ada = repo.work.join("content/people/ada-lovelace.md");
    edit(&ada, |t| t.replace("Engine programmer", "Engine architect"));
    git_in(&repo.work, &["add", "content/people/ada-lovelace.md"]);
    edit(&ada, |t| t.replace("London", "Marylebone"));
    std::fs::write(repo.work.join("notes.txt"), "mine").unwrap();
    let before = repo.state();
    let source = repo.local_rev("HEAD").unwrap();

    let said = repo.deploy_ok(&[]);
    assert!(
        said.contains("https://alice.github.io/portfolio/"),
        "{said}"
    );
    assert!(said.contains("Pushed `gh-pages` to origin"), "{said}");
    assert!(
        said.contains("Deploy from a branch"),
        "first deploy: {said}"
    );
    assert!(
        repo.state() == before,
        "the working tree, index or HEAD changed"
    );

    let files = git_text(&repo.bare, &["ls-tree", "-r", "--name-only", "gh-pages"]);
    let files: Vec<&str> = files.lines().collect();
    for expected in [
        ".nojekyll",
        "index.html",
        "404.html",
        "people/ada-lovelace/index.html",
        "sitemap.xml",
    ] {
        assert!(files.contains(&expected), "{expected} missing: {files:?}");
    }
    assert!(!files.contains(&".folio-output"), "{files:?}");
    // Built from the files as they are (the edits in progress included).
    let page = scraper::Html::parse_document(&repo.published("people/ada-lovelace/index.html"));
    assert!(text(&select(&page, "body")[0]).contains("Marylebone"));
    let canonical = select(&page, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        canonical,
        "https://alice.github.io/portfolio/people/ada-lovelace/"
    );
    let stylesheet = select(&page, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(stylesheet.starts_with("/portfolio/"), "{stylesheet}");

    let message = git_text(&repo.bare, &["log", "-1", "--format=%B", "gh-pages"]);
    assert!(message.contains(&source), "{message}");
    assert!(message.contains("not committed"), "{message}");
    assert_eq!(repo.local_rev("gh-pages"), repo.remote_rev("gh-pages"));
}

#[test]
fn a_second_deploy_keeps_the_history_and_an_unchanged_site_commits_nothing() {
    let repo = Repo::new("title = \"Alice\"\n");
    repo.deploy_ok(&[]);
    let first = repo.remote_rev("gh-pages").unwrap();
    edit(&repo.work.join("content/people/bob-babbage.md"), |t| {
        format!("{t}\nA new paragraph.\n")
    });
    git_in(&repo.work, &["commit", "--quiet", "-am", "Bob"]);
    let said = repo.deploy_ok(&["--message", "Site of {sha}"]);
    assert!(!said.contains("Deploy from a branch"), "{said}");
    let second = repo.remote_rev("gh-pages").unwrap();
    assert_ne!(first, second);
    assert_eq!(
        repo.remote_rev("gh-pages^").as_deref(),
        Some(first.as_str())
    );
    let head = repo.local_rev("HEAD").unwrap();
    let message = git_text(&repo.bare, &["log", "-1", "--format=%B", "gh-pages"]);
    assert_eq!(message, format!("Site of {head}"));

    let said = repo.deploy_ok(&[]);
    assert!(said.contains("nothing new to commit"), "{said}");
    assert_eq!(
        repo.remote_rev("gh-pages").as_deref(),
        Some(second.as_str())
    );
}

#[test]
fn a_rejected_push_loses_nothing_and_force_replaces_the_remote_branch() {
    let repo = Repo::new("title = \"Alice\"\n");
    repo.deploy_ok(&[]);
    // Someone publishes from elsewhere...
    let other = repo.work.parent().unwrap().join("other");
    git_in(
        repo.work.parent().unwrap(),
        &[
            "clone",
            "--quiet",
            "--branch",
            "gh-pages",
            repo.bare.to_str().unwrap(),
            "other",
        ],
    );
    std::fs::write(other.join("elsewhere.html"), "theirs").unwrap();
    git_in(&other, &["add", "elsewhere.html"]);
    git_in(
        &other,
        &[
            "-c",
            "user.name=Bo",
            "-c",
            "user.email=bo@example.com",
            "commit",
            "--quiet",
            "-m",
            "Theirs",
        ],
    );
    git_in(&other, &["push", "--quiet", "origin", "gh-pages"]);
    let theirs = repo.remote_rev("gh-pages").unwrap();
    // ...while this clone committed a deploy it did not push.
    edit(&repo.work.join("content/people/bob-babbage.md"), |t| {
        format!("{t}\nLocal.\n")
    });
    repo.deploy_ok(&["--no-push"]);
    let local = repo.local_rev("gh-pages").unwrap();
    edit(&repo.work.join("content/people/bob-babbage.md"), |t| {
        format!("{t}\nMore.\n")
    });

    let refused = repo.deploy(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("refused the push")
            && message.contains("nothing was lost")
            && message.contains("--force"),
        "{message}"
    );
    assert_eq!(repo.local_rev("gh-pages").as_deref(), Some(local.as_str()));
    assert_eq!(
        repo.remote_rev("gh-pages").as_deref(),
        Some(theirs.as_str())
    );

    repo.deploy_ok(&["--force"]);
    let now = repo.remote_rev("gh-pages").unwrap();
    assert_eq!(repo.local_rev("gh-pages").as_deref(), Some(now.as_str()));
    // The local history is kept: the forced commit follows the unpushed one.
    assert_eq!(
        repo.remote_rev("gh-pages^").as_deref(),
        Some(local.as_str())
    );
    let files = git_text(&repo.bare, &["ls-tree", "-r", "--name-only", "gh-pages"]);
    assert!(!files.contains("elsewhere.html"), "{files}");
}

#[test]
fn a_deploy_after_one_from_elsewhere_builds_on_it() {
    let repo = Repo::new("title = \"Alice\"\n");
    repo.deploy_ok(&[]);
    let first = repo.remote_rev("gh-pages").unwrap();
    // The local branch is gone (another clone deployed last): the remote's history is kept.
    git_in(&repo.work, &["branch", "--quiet", "-D", "gh-pages"]);
    edit(&repo.work.join("content/people/bob-babbage.md"), |t| {
        format!("{t}\nAgain.\n")
    });
    repo.deploy_ok(&[]);
    assert_eq!(
        repo.remote_rev("gh-pages^").as_deref(),
        Some(first.as_str())
    );
}

#[test]
fn a_failing_build_commits_and_pushes_nothing() {
    let repo = Repo::new("title = \"Alice\"\n");
    std::fs::write(
        repo.work.join("content/people/bob-babbage.md"),
        "+++\nname = \"Bob\"\n[[experience]]\nemployer = \"X\"\ntitle = \"T\"\nstart = \"someday\"\n+++\n",
    )
    .unwrap();
    let output = repo.deploy(&[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("bob-babbage.md:6"), "{message}");
    assert!(message.contains("Nothing was committed"), "{message}");
    assert_eq!(repo.local_rev("gh-pages"), None);
    assert_eq!(repo.remote_rev("gh-pages"), None);
}

#[test]
fn deploy_refuses_without_a_repository_a_remote_or_with_gh_pages_checked_out() {
    // No repository.
    let site = copy_site(&fixture("shared-talk"));
    let output = folio(&["deploy", "--root", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not in a git repository"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path().join(".git").exists());

    // No such remote: named, with the ones there are.
    let repo = Repo::new("title = \"Alice\"\n");
    let output = repo.deploy(&["--remote", "upstream"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("no remote named `upstream` (it has origin)")
            && message.contains("git remote add upstream"),
        "{message}"
    );
    assert_eq!(repo.local_rev("gh-pages"), None);

    // A remote not on GitHub, and nothing in site.toml: the address cannot be known.
    repo.set_origin("https://git.example.org/alice/portfolio.git");
    let output = repo.deploy(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot tell the site's address"),
        "{}",
        stderr(&output)
    );

    // gh-pages checked out: committing there would replace the files.
    repo.set_origin(GITHUB);
    git_in(&repo.work, &["checkout", "--quiet", "-b", "gh-pages"]);
    let output = repo.deploy(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is the branch checked out here"),
        "{}",
        stderr(&output)
    );
}

/// Builds with --no-push (the remote is never asked) and returns the published root path:
/// where the home page's stylesheet link points.
fn published_root(repo: &Repo, extra: &[&str]) -> String {
    repo.deploy_ok(&[&["--no-push"], extra].concat());
    let home = git_text(&repo.work, &["show", "gh-pages:index.html"]);
    let home = scraper::Html::parse_document(&home);
    select(&home, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string()
}

#[test]
fn the_base_url_comes_from_the_remote_unless_site_toml_or_the_option_says() {
    let repo = Repo::new("title = \"Alice\"\n");
    for (remote, expected) in [
        (
            "git@github.com:alice/portfolio.git",
            "https://alice.github.io/portfolio/",
        ),
        (
            "ssh://git@github.com/alice/portfolio",
            "https://alice.github.io/portfolio/",
        ),
        (
            "https://github.com/Alice/alice.github.io.git",
            "https://alice.github.io/",
        ),
        (
            "git@github.com:alice/alice.github.io.git",
            "https://alice.github.io/",
        ),
    ] {
        repo.set_origin(remote);
        assert_eq!(published_root(&repo, &[]), expected, "{remote}");
    }
    std::fs::write(repo.work.join("site.toml"), "cname = \"www.alice.dev\"\n").unwrap();
    assert_eq!(published_root(&repo, &[]), "https://www.alice.dev/");
    std::fs::write(
        repo.work.join("site.toml"),
        "base_url = \"https://alice.example.org/folio/\"\n",
    )
    .unwrap();
    assert_eq!(
        published_root(&repo, &[]),
        "https://alice.example.org/folio/"
    );
    assert_eq!(
        published_root(&repo, &["--base-url", "https://preview.example.org/x"]),
        "https://preview.example.org/x/"
    );
}
