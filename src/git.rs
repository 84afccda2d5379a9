//! The `git` command line as folio uses it: a site's repository and its remotes, and the
//! address GitHub Pages gives a repository (for `folio deploy`, and for a site.toml without
//! `base_url`). Users have `git` and its configuration (credentials, `insteadOf`, hooks)
//! already; running it means folio pushes exactly as `git push` would.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why a git command gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0}): install git, or put it on PATH")]
    Missing(std::io::Error),
    #[error("`git {command}` failed: {said}")]
    Failed { command: String, said: String },
}

/// A repository's git, run in a folder inside it, with extra environment for some commands
/// (a temporary index).
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    env: Vec<(String, PathBuf)>,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// The same repository with an environment variable set for every command.
    pub fn with_env(&self, name: &str, value: &Path) -> Git {
        let mut git = self.clone();
        git.env.push((name.to_string(), value.to_path_buf()));
        git
    }

    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new("git");
        command.current_dir(&self.dir).args(args);
        // Messages folio reads are git's own, untranslated.
        command.env("LC_ALL", "C").env("LANGUAGE", "C");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
    }

    /// Runs git and returns everything it said, whatever its exit status.
    pub fn output<I, S>(&self, args: I) -> Result<Output, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command(args).output().map_err(GitError::Missing)
    }

    /// Runs git and returns what it printed, trimmed; an exit status other than 0 is an error
    /// quoting what git said.
    pub fn run<I, S>(&self, args: I) -> Result<String, GitError>
    where
        I: IntoIterator<Item = S> + Clone,
        S: AsRef<OsStr>,
    {
        let output = self.output(args.clone())?;
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).trim().to_string());
        }
        Err(GitError::Failed {
            command: args
                .into_iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
            said: said(&output),
        })
    }

    /// Like [`Git::run`], but an exit status of 1 (git's "no such thing") is `None`.
    pub fn query<I, S>(&self, args: I) -> Result<Option<String>, GitError>
    where
        I: IntoIterator<Item = S> + Clone,
        S: AsRef<OsStr>,
    {
        let output = self.output(args.clone())?;
        match output.status.code() {
            Some(0) => Ok(Some(
                String::from_utf8_lossy(&output.stdout).trim().to_string(),
            )),
            Some(1) => Ok(None),
            _ => self.run(args).map(Some),
        }
    }

    /// The top folder of the repository the folder is in, or `None` outside any.
    pub fn top_level(&self) -> Result<Option<PathBuf>, GitError> {
        let output = self.output(["rev-parse", "--show-toplevel"])?;
        Ok(output
            .status
            .success()
            .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())))
    }

    /// The URL of a remote as written in the configuration (before `insteadOf` rewriting),
    /// or `None` when there is no such remote.
    pub fn remote_url(&self, remote: &str) -> Result<Option<String>, GitError> {
        self.query(["config", "--get", &format!("remote.{remote}.url")])
    }

    /// The names of the repository's remotes.
    pub fn remotes(&self) -> Vec<String> {
        self.run(["remote"])
            .map(|names| names.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }
}

/// What git said on failing: its error output, else its output.
pub fn said(output: &Output) -> String {
    let err = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if err.is_empty() {
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    } else {
        err
    }
}

/// Where GitHub Pages publishes the repository of a remote (a github.com URL, https or ssh):
/// `https://USER.github.io/REPO/`, or `https://USER.github.io/` for the repository named
/// `USER.github.io`. `None` for any other host.
pub fn pages_url(remote: &str) -> Option<String> {
    let remote = remote.trim();
    let (host, path) = match remote.split_once("://") {
        // https://[user@]github.com[:port]/owner/repo(.git), ssh://git@github.com/owner/repo
        Some((_, rest)) => {
            let (authority, path) = rest.split_once('/')?;
            let host = authority.rsplit('@').next()?;
            (host.split(':').next()?, path)
        }
        // The scp-like form: git@github.com:owner/repo.git
        None => {
            let (before, path) = remote.split_once(':')?;
            (before.rsplit('@').next()?, path)
        }
    };
    let github = ["github.com", "www.github.com", "ssh.github.com"];
    if !github.iter().any(|h| host.eq_ignore_ascii_case(h)) {
        return None;
    }
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (owner, repo) = path.split_once('/')?;
    let owner_ok =
        !owner.is_empty() && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let repo_ok = !repo.is_empty()
        && repo
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !owner_ok || !repo_ok {
        return None;
    }
    // Pages hosts are lower case whatever the account's spelling.
    let owner = owner.to_ascii_lowercase();
    let host = format!("{owner}.github.io");
    if repo.eq_ignore_ascii_case(&host) {
        Some(format!("https://{host}/"))
    } else {
        Some(format!("https://{host}/{repo}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_url_of_https_and_ssh_remotes() {
        for remote in [
            "https://github.com/alice/portfolio.git",
            "https://github.com/alice/portfolio",
            "https://github.com/alice/portfolio/",
            "https://alice@github.com/alice/portfolio.git",
            "git@github.com:alice/portfolio.git",
            "git@github.com:alice/portfolio",
            "ssh://git@github.com/alice/portfolio.git",
            "ssh://git@ssh.github.com:443/alice/portfolio.git",
            "https://github.com/Alice/portfolio.git",
        ] {
            assert_eq!(
                pages_url(remote).as_deref(),
                Some("https://alice.github.io/portfolio/"),
                "{remote}"
            );
        }
    }

    #[test]
    fn the_user_site_repository_is_published_at_the_root() {
        for remote in [
            "https://github.com/alice/alice.github.io.git",
            "git@github.com:Alice/Alice.github.io.git",
        ] {
            assert_eq!(
                pages_url(remote).as_deref(),
                Some("https://alice.github.io/"),
                "{remote}"
            );
        }
    }

    #[test]
    fn other_hosts_and_paths_give_no_address() {
        for remote in [
            "https://gitlab.com/alice/portfolio.git",
            "/srv/git/portfolio.git",
            "C:\\repos\\portfolio",
            "file:///srv/git/portfolio.git",
            "https://github.com/alice",
            "https://github.com/alice/portfolio/tree/main",
            "git@github.com:alice/port folio.git",
            "",
        ] {
            assert_eq!(pages_url(remote), None, "{remote}");
        }
    }
}
