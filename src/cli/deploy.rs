//! `folio deploy`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::*;
use clap::Args;

#[derive(Args)]
pub(super) struct DeployArgs {
    /// The branch GitHub Pages publishes.
    #[arg(long, default_value = "gh-pages")]
    branch: String,
    /// The remote to push to (its GitHub address gives the base URL).
    #[arg(long, default_value = "origin")]
    remote: String,
    /// The commit message ({sha}: the commit the site is built from; {version}: folio's).
    #[arg(long, short = 'm')]
    message: Option<String>,
    /// Commit to the branch here, without pushing it.
    #[arg(long)]
    no_push: bool,
    /// Replace the remote branch even if it has commits the local one does not.
    #[arg(long)]
    force: bool,
    /// Publish at this address instead of the one found from site.toml or the remote.
    #[arg(long, value_name = "URL", value_parser = base_url)]
    base_url: Option<String>,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

impl DeployArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        let options = folio::deploy::Options {
            root,
            remote: self.remote,
            branch: self.branch,
            message: self.message,
            push: !self.no_push,
            force: self.force,
            base_url: self.base_url,
            strict: self.strict,
        };
        let deployed = match folio::deploy::deploy(&options) {
            Ok(deployed) => deployed,
            Err(folio::deploy::Error::Site(error)) => {
                let status = show_error(&error);
                if matches!(error, folio::Error::Content(_)) {
                    tell!("Nothing was committed or pushed.");
                }
                return status;
            }
            Err(error) => {
                tell!("Error: {error}");
                return ExitCode::FAILURE;
            }
        };
        show_diagnostics(&deployed.warnings);
        let from = match &deployed.address {
            folio::config::Address::Option => "given with --base-url".to_string(),
            folio::config::Address::SiteToml => "site.toml's base_url".to_string(),
            folio::config::Address::Cname => "site.toml's cname".to_string(),
            folio::config::Address::Origin(url) => format!("GitHub Pages' address for {url}"),
            folio::config::Address::Unknown => "unknown".to_string(),
        };
        say!(
            "Built {} for {} ({from})",
            deployed.counts,
            deployed.base_url
        );
        let short = &deployed.commit[..deployed.commit.len().min(12)];
        let source = match &deployed.source {
            Some(sha) => format!(", built from {}", &sha[..sha.len().min(12)]),
            None => String::new(),
        };
        if deployed.unchanged {
            say!(
                "The site is as in the last commit of `{}` ({short}): nothing new to commit",
                deployed.branch
            );
        } else {
            say!("Committed {short} to `{}`{source}", deployed.branch);
        }
        if !deployed.pushed {
            say!(
                "Not pushed (--no-push): `git push {} {}` publishes it",
                deployed.remote,
                deployed.branch
            );
            return ExitCode::SUCCESS;
        }
        say!("Pushed `{}` to {}", deployed.branch, deployed.remote);
        if deployed.new_branch {
            say!(
                "First deploy: on GitHub, set Settings -> Pages -> Build and deployment -> Source \
                 to \"Deploy from a branch\", branch `{}`, folder / (root).",
                deployed.branch
            );
        }
        say!(
            "Visit {} (GitHub Pages shows a new version within a minute or two)",
            deployed.base_url
        );
        ExitCode::SUCCESS
    }
}
