//! `folio deploy`: builds the site and publishes it as the tip of a branch (`gh-pages`) that
//! GitHub Pages serves, as `mkdocs gh-deploy` and ghp-import do.
//!
//! The working tree, the index and the current branch are never touched: the site is built
//! into a temporary folder, committed from a temporary index with git's plumbing
//! (`write-tree`, `commit-tree`) on top of the branch's last commit, and the branch moves
//! only once the push was accepted, so a rejected push loses nothing.

use std::path::{Path, PathBuf};

use crate::config::{Address, Config};
use crate::diagnostic::Diagnostic;
use crate::git::{Git, GitError};

/// What `folio deploy` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// The remote to push to, and whose GitHub address gives the base URL.
    pub remote: String,
    pub branch: String,
    /// The commit message; `{sha}` and `{version}` are replaced.
    pub message: Option<String>,
    pub push: bool,
    /// Replace the remote branch even when it has commits the local one does not.
    pub force: bool,
    pub base_url: Option<String>,
    pub strict: bool,
}

/// What was published.
#[derive(Debug)]
pub struct Deployed {
    /// The commit at the tip of the branch now.
    pub commit: String,
    pub branch: String,
    pub remote: String,
    pub pushed: bool,
    /// The site's files were those of the branch's last commit: nothing new was committed.
    pub unchanged: bool,
    /// The remote had no such branch before (GitHub Pages must be told to publish it).
    pub new_branch: bool,
    pub base_url: String,
    /// Where the base URL came from.
    pub address: Address,
    /// The commit the site was built from, if the repository has one.
    pub source: Option<String>,
    pub counts: crate::render::PageCounts,
    pub warnings: Vec<Diagnostic>,
}

/// Why nothing was published.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No site, a bad option, or a build that failed: nothing was committed.
    #[error(transparent)]
    Site(#[from] crate::Error),
    #[error(
        "{} is not in a git repository: folio deploy commits the site to a branch of the \
         site's repository (run `git init` and add a remote, or build with `folio build` and \
         publish public/ another way)",
        shown(.0)
    )]
    NotGit(PathBuf),
    #[error(
        "the repository has no remote named `{name}`{}: add it with `git remote add {name} URL`, \
         or name another with --remote",
        known_remotes(.known)
    )]
    NoRemote { name: String, known: Vec<String> },
    #[error(
        "cannot tell the site's address from the remote `{remote}` ({url}), which is not on \
         github.com: set base_url in site.toml, or pass --base-url"
    )]
    NoAddress { remote: String, url: String },
    #[error(
        "`{0}` is the branch checked out here: folio deploy would replace your files with the \
         built site; switch to your source branch, or publish to another branch with --branch"
    )]
    CheckedOut(String),
    #[error(
        "{remote} refused the push to `{branch}` ({reason}): nothing was lost, the local `{branch}` \
         is as it was. {hint}"
    )]
    Rejected {
        remote: String,
        branch: String,
        reason: String,
        hint: String,
    },
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("cannot make a temporary folder to build in: {0}")]
    TempDir(std::io::Error),
}

fn shown(path: &Path) -> String {
    if path == Path::new(".") {
        "The current folder".to_string()
    } else {
        path.display().to_string()
    }
}

fn known_remotes(known: &[String]) -> String {
    match known {
        [] => " (it has none)".to_string(),
        _ => format!(" (it has {})", known.join(", ")),
    }
}

/// Builds the site and commits it to the branch, then pushes it (unless `push` is off).
pub fn deploy(options: &Options) -> Result<Deployed, Error> {
    crate::require_site(&options.root)?;
    let git = Git::new(&options.root);
    if git.top_level()?.is_none() {
        return Err(Error::NotGit(options.root.clone()));
    }
    let remote_url = git.remote_url(&options.remote)?;
    let (base_url, address) = address(options, remote_url.as_deref())?;
    let branch_ref = format!("refs/heads/{}", options.branch);
    if git.query(["symbolic-ref", "-q", "HEAD"])?.as_deref() == Some(branch_ref.as_str()) {
        return Err(Error::CheckedOut(options.branch.clone()));
    }

    // Built outside the repository, so that nothing appears in the working tree.
    let temporary = tempfile::Builder::new()
        .prefix("folio-deploy-")
        .tempdir()
        .map_err(Error::TempDir)?;
    let site = temporary.path().join("site");
    let build = crate::BuildOptions {
        root: options.root.clone(),
        output: Some(site.clone()),
        base_url: Some(base_url.clone()),
        preview: None,
        drafts: false,
        strict: options.strict,
        // The repository's working tree is left as it is, the cache in it too.
        cache: crate::CacheWrites::Never,
        sitemap_urls: None,
    };
    let mut lock = crate::output::Lock::take(&site)?;
    let crate::Built {
        counts, warnings, ..
    } = crate::build_into(&build, &mut lock, &mut Vec::new(), None)?;
    // What folio wrote, for its next build there: nothing a visitor needs.
    let _ = std::fs::remove_file(site.join(crate::output::MARKER));

    let source = git.query(["rev-parse", "--verify", "-q", "HEAD"])?;
    let tree = write_tree(&git, &site, &temporary.path().join("index"))?;
    let local = git.query(["rev-parse", "--verify", "-q", &branch_ref])?;
    let remote_tip = match options.push {
        true => remote_tip(&git, &options.remote, &branch_ref)?,
        false => None,
    };
    let parent = parent(&git, local.as_deref(), remote_tip.as_deref())?;
    let unchanged = match &parent {
        Some(parent) => git.run(["rev-parse", &format!("{parent}^{{tree}}")])? == tree,
        None => false,
    };
    let commit = match (&parent, unchanged) {
        (Some(parent), true) => parent.clone(),
        _ => {
            let message = message(options.message.as_deref(), &git, source.as_deref())?;
            let mut args = vec!["commit-tree".to_string(), tree, "-m".into(), message];
            if let Some(parent) = &parent {
                args.extend(["-p".into(), parent.clone()]);
            }
            git.run(&args)?
        }
    };
    if options.push {
        push(&git, options, &commit)?;
    }
    if local.as_deref() != Some(commit.as_str()) {
        let mut args = vec![
            "update-ref".to_string(),
            "-m".into(),
            "folio deploy".into(),
            branch_ref.clone(),
            commit.clone(),
        ];
        args.extend(local.clone());
        git.run(&args)?;
    }
    Ok(Deployed {
        commit,
        branch: options.branch.clone(),
        remote: options.remote.clone(),
        pushed: options.push,
        unchanged,
        new_branch: options.push && remote_tip.is_none(),
        base_url,
        address,
        source,
        counts,
        warnings,
    })
}

/// The address to build for: `--base-url`, else site.toml's `base_url` or `cname`, else
/// where GitHub Pages publishes the remote's repository.
fn address(options: &Options, remote_url: Option<&str>) -> Result<(String, Address), Error> {
    let no_remote = || Error::NoRemote {
        name: options.remote.clone(),
        known: Git::new(&options.root).remotes(),
    };
    if options.push && remote_url.is_none() {
        return Err(no_remote());
    }
    if let Some(url) = &options.base_url {
        let url = crate::config::check_base_url(url).map_err(|message| crate::Error::Option {
            option: "--base-url",
            message,
        })?;
        return Ok((url, Address::Option));
    }
    let config = Config::load(&options.root).map_err(crate::Error::Content)?;
    if matches!(config.address, Address::SiteToml | Address::Cname) {
        return Ok((config.base_url, config.address));
    }
    let url = remote_url.ok_or_else(no_remote)?;
    match crate::git::pages_url(url) {
        Some(pages) => Ok((pages, Address::Origin(url.to_string()))),
        None => Err(Error::NoAddress {
            remote: options.remote.clone(),
            url: url.to_string(),
        }),
    }
}

/// The tree of the built site: every file, added with a temporary index so that the
/// repository's own index is not touched, and whatever the ignore files say.
fn write_tree(git: &Git, site: &Path, index: &Path) -> Result<String, Error> {
    let git_dir = PathBuf::from(git.run(["rev-parse", "--absolute-git-dir"])?);
    let plumbing = Git::new(site)
        .with_env("GIT_DIR", &git_dir)
        .with_env("GIT_WORK_TREE", site)
        .with_env("GIT_INDEX_FILE", index);
    // The bytes as built: no line-ending conversion.
    let exact = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"];
    plumbing.run(
        exact
            .iter()
            .copied()
            .chain(["add", "--all", "--force", "."]),
    )?;
    Ok(plumbing.run(exact.iter().copied().chain(["write-tree"]))?)
}

/// The commit at the tip of the remote's branch, fetched if it is not here; `None` when
/// the remote has no such branch.
fn remote_tip(git: &Git, remote: &str, branch_ref: &str) -> Result<Option<String>, Error> {
    let listed = git.output(["ls-remote", "--exit-code", remote, branch_ref])?;
    match listed.status.code() {
        Some(0) => {}
        // --exit-code: no matching ref.
        Some(2) => return Ok(None),
        _ => {
            return Err(GitError::Failed {
                command: format!("ls-remote {remote} {branch_ref}"),
                said: crate::git::said(&listed),
            }
            .into());
        }
    }
    let listing = String::from_utf8_lossy(&listed.stdout);
    let Some(tip) = listing.split_whitespace().next().map(str::to_string) else {
        return Ok(None);
    };
    let here = git.output(["cat-file", "-e", &format!("{tip}^{{commit}}")])?;
    if !here.status.success() {
        git.run(["fetch", "--quiet", "--no-tags", remote, branch_ref])?;
    }
    Ok(Some(tip))
}

/// The commit the new one follows: the remote's tip when the local branch is behind it or
/// absent (someone deployed from elsewhere), else the local branch's, whose unpushed
/// commits a push then carries; if the two went apart, the push is refused unless --force.
fn parent(git: &Git, local: Option<&str>, remote: Option<&str>) -> Result<Option<String>, Error> {
    Ok(match (local, remote) {
        (None, None) => None,
        (Some(only), None) | (None, Some(only)) => Some(only.to_string()),
        (Some(local), Some(remote)) => {
            let behind = git.output(["merge-base", "--is-ancestor", local, remote])?;
            if behind.status.success() {
                Some(remote.to_string())
            } else {
                Some(local.to_string())
            }
        }
    })
}

/// The commit message, naming the commit the site was built from.
fn message(written: Option<&str>, git: &Git, source: Option<&str>) -> Result<String, Error> {
    let version = env!("CARGO_PKG_VERSION");
    let sha = source.unwrap_or("(no commit yet)");
    let short = source.map_or(sha, |s| &s[..s.len().min(12)]);
    let dirty = source.is_some()
        // --no-optional-locks: not even the index's cached file times are written.
        && !git
            .run([
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--untracked-files=no",
            ])?
            .is_empty();
    let built_from = match (source, dirty) {
        (Some(sha), false) => format!("Built by folio {version} from {sha}."),
        (Some(sha), true) => {
            format!("Built by folio {version} from {sha}, with changes not committed.")
        }
        (None, _) => format!("Built by folio {version} in a repository without commits."),
    };
    Ok(match written {
        Some(text) => {
            let text = text.replace("{sha}", sha).replace("{version}", version);
            if source.is_some_and(|s| text.contains(s)) {
                text
            } else {
                format!("{text}\n\n{built_from}")
            }
        }
        None => format!("Publish the site built from {short}\n\n{built_from}"),
    })
}

/// Pushes the commit to the remote's branch; a refusal says why and what to do.
fn push(git: &Git, options: &Options, commit: &str) -> Result<(), Error> {
    let force = if options.force { "+" } else { "" };
    let refspec = format!("{force}{commit}:refs/heads/{}", options.branch);
    let pushed = git.output(["push", "--porcelain", &options.remote, &refspec])?;
    if pushed.status.success() {
        return Ok(());
    }
    // --porcelain: a refused ref is a line "!<tab>from:to<tab>[rejected] (reason)".
    let report = String::from_utf8_lossy(&pushed.stdout);
    let refused = report
        .lines()
        .find(|l| l.starts_with('!'))
        .map(|l| l.rsplit('\t').next().unwrap_or(l).trim().to_string());
    let Some(reason) = refused else {
        return Err(GitError::Failed {
            command: format!("push {} {refspec}", options.remote),
            said: crate::git::said(&pushed),
        }
        .into());
    };
    let behind = reason.contains("non-fast-forward") || reason.contains("fetch first");
    let hint = if behind {
        format!(
            "The remote `{}` has commits that are not in the local one (published from \
             elsewhere, or its history rewritten): pass --force to replace them with this site",
            options.branch
        )
    } else {
        format!("What git said: {}", crate::git::said(&pushed))
    };
    Err(Error::Rejected {
        remote: options.remote.clone(),
        branch: options.branch.clone(),
        reason: reason
            .trim_start_matches("[rejected]")
            .trim_start_matches("[remote rejected]")
            .trim()
            .trim_matches(['(', ')'])
            .to_string(),
        hint,
    })
}
