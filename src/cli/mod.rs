//! The command line: one file per command, each an args struct with its `run`; what the
//! user sees is printed here, the work is in the library.

/// `println!` that a closed pipe (`folio check | head -1`) does not turn into a panic:
/// what cannot be written is dropped, and the command ends with its own exit status.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!`, with a closed pipe dropped as [`say!`] drops it.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod build;
mod check;
mod deploy;
mod import;
mod init;
mod serve;

use build::BuildArgs;
use check::CheckArgs;
use deploy::DeployArgs;
use import::ImportArgs;
use init::{EjectArgs, InitArgs, NewArgs};
use serve::ServeArgs;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Build portfolio sites from markdown profiles"
)]
struct Cli {
    /// The site's folder (holding site.toml).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Build, serve and watch the site; pages reload on every save.
    Serve(ServeArgs),
    /// Validate everything and check every link, writing nothing.
    Check(CheckArgs),
    /// Start a new site: site.toml, a sample profile, .gitignore and GitHub workflows (Pages, pull-request checks).
    Init(InitArgs),
    /// Add a file from a template: `folio new person "Full Name"`.
    New(NewArgs),
    /// Copy the built-in templates and static files into the site, to edit them.
    Eject(EjectArgs),
    /// Build the site and publish it on the gh-pages branch (like mkdocs gh-deploy).
    Deploy(DeployArgs),
    /// Write profiles from other formats: `folio import jsonresume FILE...` (`-` for stdin).
    Import(ImportArgs),
}

/// What `build` and `check` share: which site, as published where.
#[derive(Args)]
pub(super) struct SiteArgs {
    /// Publish at this address instead of site.toml's base_url.
    #[arg(long, value_name = "URL", value_parser = base_url)]
    base_url: Option<String>,
    /// Include profiles and pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

impl SiteArgs {
    fn options(self, root: PathBuf, output: Option<PathBuf>) -> folio::BuildOptions {
        folio::BuildOptions {
            root,
            output,
            base_url: self.base_url,
            preview: None,
            drafts: self.drafts,
            strict: self.strict,
            cache: folio::CacheWrites::Allowed,
            sitemap_urls: None,
        }
    }
}

/// Checks `--base-url` as clap parses it, so that a bad one is an error about the option.
fn base_url(url: &str) -> Result<String, String> {
    folio::config::check_base_url(url)
}

fn show_timings(stages: &[(&str, std::time::Duration)]) {
    for (stage, took) in stages {
        say!("{stage:>12}: {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}

fn show_written(dir: &Path, written: &[folio::scaffold::Written]) {
    for file in written {
        say!("  {:<9} {}", file.action, shown(dir, &file.path).display());
    }
}

/// A path under `dir` as the user would type it: without a leading `./`.
fn shown(dir: &Path, path: &Path) -> PathBuf {
    if dir == Path::new(".") {
        path.to_path_buf()
    } else {
        dir.join(path)
    }
}

fn show_diagnostics(diagnostics: &[folio::diagnostic::Diagnostic]) {
    let on_github = std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true");
    for d in &folio::diagnostic::capped(diagnostics) {
        let report = format!("{:?}", d.report());
        match on_github {
            true => tell!("{}", folio::diagnostic::inert_for_github(&report)),
            false => tell!("{report}"),
        }
    }
}

/// Shows an error and returns the exit status it calls for: 2 for an option that cannot be
/// used (as clap's own errors), 1 otherwise.
fn show_error(error: &folio::Error) -> ExitCode {
    match error {
        folio::Error::Content(diagnostics) => {
            show_diagnostics(diagnostics);
            tell!("Error: {error}");
        }
        folio::Error::Option { .. } => {
            tell!("Error: {error}");
            return ExitCode::from(2);
        }
        other => tell!("Error: {other}"),
    }
    ExitCode::FAILURE
}

/// Parses the command line and runs the command.
pub(crate) fn run() -> ExitCode {
    // Colour and wrapped lines only on a terminal; a log or a pipe gets plain, whole lines.
    if !std::io::stderr().is_terminal() {
        miette::set_hook(Box::new(|_| {
            Box::new(
                miette::MietteHandlerOpts::new()
                    .color(false)
                    .wrap_lines(false)
                    .build(),
            )
        }))
        .ok();
    }
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        // The page's thread cannot be stopped: report the template and leave. Nothing was
        // moved into the output yet; the next build removes the staging folder.
        folio::budget::on_runaway(|error| {
            show_diagnostics(std::slice::from_ref(&error));
            tell!("Error: a template ran away; nothing was written");
            std::process::exit(1);
        });
    }
    match cli.command {
        Command::Build(args) => args.run(cli.root),
        Command::Serve(args) => args.run(cli.root),
        Command::Check(args) => args.run(cli.root),
        Command::Init(args) => args.run(cli.root),
        Command::New(args) => args.run(cli.root),
        Command::Eject(args) => args.run(cli.root),
        Command::Deploy(args) => args.run(cli.root),
        Command::Import(args) => args.run(cli.root),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
