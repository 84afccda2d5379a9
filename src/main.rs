//! The `folio` command line: parses arguments and shows results; the work is in the library.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

// Rendering thousands of pages on every core allocates heavily; glibc's malloc
// spent a fifth of a 10,000-profile build contending for its arenas.
// Counted while a page renders, so that a runaway template is stopped (folio::budget).
#[global_allocator]
static ALLOCATOR: folio::budget::Budgeted<mimalloc::MiMalloc> =
    folio::budget::Budgeted(mimalloc::MiMalloc);

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
}

/// What `build` and `check` share: which site, as published where.
#[derive(Args)]
struct SiteArgs {
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
            drafts: self.drafts,
            strict: self.strict,
        }
    }
}

#[derive(Args)]
struct BuildArgs {
    /// Where to write the site (default: public/ in the site folder).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    #[command(flatten)]
    site: SiteArgs,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
}

impl BuildArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let given_base_url = self.site.base_url.is_some();
        let options = self.site.options(root, self.output);
        match folio::build(&options) {
            Ok(report) => {
                show_diagnostics(&report.warnings);
                if self.timings {
                    show_timings(&report.stages);
                    println!("CPU time by kind of work, all threads:");
                    show_timings(&report.work);
                }
                let ms = report.elapsed.as_secs_f64() * 1000.0;
                println!(
                    "Built {} in {ms:.0} ms -> {}",
                    report.counts,
                    report.output.display()
                );
                if !given_base_url
                    && let Ok(config) = folio::config::Config::load(&options.root)
                    && config.address == folio::config::Address::Unknown
                {
                    println!(
                        "Built for {}: site.toml sets no base_url, and there is no git remote \
                         `origin` on GitHub to tell the address. `folio deploy` and the Pages \
                         workflow find it themselves; to publish elsewhere, set base_url in site.toml.",
                        config.base_url
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => show_error(&error),
        }
    }
}

/// Checks `--base-url` as clap parses it, so that a bad one is an error about the option.
fn base_url(url: &str) -> Result<String, String> {
    folio::config::check_base_url(url)
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to write the problems: for people (the default), as GitHub annotations (the
    /// default when GITHUB_ACTIONS=true), or as JSON on stdout.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Github,
    Json,
}

impl CheckArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let format = self.format.unwrap_or_else(|| {
            match std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
                true => Format::Github,
                false => Format::Human,
            }
        });
        let options = self.site.options(root, None);
        let checked = folio::check(&options);
        let problems: &[folio::diagnostic::Diagnostic] = match &checked {
            Ok(report) => &report.warnings,
            Err(folio::Error::Content(problems)) => problems,
            Err(_) => &[],
        };
        if format == Format::Json {
            return show_json(&checked, problems);
        }
        if format == Format::Github {
            for problem in problems {
                println!("{}", folio::report::github(problem, &options.root));
            }
            if let Err(error) = &checked
                && !matches!(error, folio::Error::Content(_))
            {
                println!(
                    "::error title=folio::{}",
                    error.to_string().replace('%', "%25").replace('\n', "%0A")
                );
            }
        }
        match checked {
            Ok(report) => {
                show_diagnostics(&report.warnings);
                let warnings = match report.warnings.len() {
                    0 => "no warnings".to_string(),
                    1 => "1 warning".to_string(),
                    n => format!("{n} warnings"),
                };
                let summary = format!(
                    "Checked {} and {} links: no errors, {warnings}",
                    report.counts, report.links
                );
                match format {
                    // stdout carries the annotations: the summary goes with the report.
                    Format::Github => eprintln!("{summary}"),
                    _ => println!("{summary}"),
                }
                ExitCode::SUCCESS
            }
            Err(error) => show_error(&error),
        }
    }
}

/// `folio check --format json`: one JSON document on stdout, whatever happened.
fn show_json(
    checked: &Result<folio::CheckReport, folio::Error>,
    problems: &[folio::diagnostic::Diagnostic],
) -> ExitCode {
    let mut listed: Vec<serde_json::Value> = problems.iter().map(folio::report::json).collect();
    if let Err(error) = checked
        && !matches!(error, folio::Error::Content(_))
    {
        listed.push(serde_json::json!({
            "severity": "error", "file": null, "template": null, "line": null, "column": null,
            "message": error.to_string(), "help": null,
        }));
    }
    let count = |severity: &str| listed.iter().filter(|p| p["severity"] == severity).count();
    let (pages, links) = match checked {
        Ok(report) => (Some(report.counts.total()), Some(report.links)),
        Err(_) => (None, None),
    };
    let document = serde_json::json!({
        "ok": checked.is_ok(),
        "errors": count("error"),
        "warnings": count("warning"),
        "pages": pages,
        "links": links,
        "problems": listed,
    });
    println!("{document:#}");
    match checked {
        Ok(_) => ExitCode::SUCCESS,
        Err(folio::Error::Option(_)) => ExitCode::from(2),
        Err(_) => ExitCode::FAILURE,
    }
}

#[derive(Args)]
struct ServeArgs {
    /// The port to listen on; if it is taken, the next free one.
    #[arg(long, short = 'p', default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Anything but loopback shows the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Include profiles and pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Look for changes every 0.5 s instead of waiting for file system events
    /// (network drives, WSL, containers).
    #[arg(long)]
    poll: bool,
    /// Keep the preview's files in this folder (checked like `folio build --output`)
    /// instead of a temporary one that is removed on exit.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Print how long each stage of every build took.
    #[arg(long)]
    timings: bool,
}

impl ServeArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        if let Err(error) = folio::require_site(&root) {
            return show_error(&error);
        }
        let options = folio::serve::Options {
            root,
            bind: self.bind,
            port: self.port,
            drafts: self.drafts,
            poll: self.poll,
            output: self.output,
        };
        let (open, timings) = (self.open, self.timings);
        match folio::serve::run(&options, move |event| {
            show_serve_event(event, open, timings)
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

fn show_timings(stages: &[(&str, std::time::Duration)]) {
    for (stage, took) in stages {
        println!("{stage:>12}: {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}

fn show_serve_event(event: folio::serve::Event, open: bool, timings: bool) {
    use folio::serve::{Event, Reload};
    match event {
        Event::Serving {
            url,
            address,
            taken,
        } => {
            if let Some(first) = taken.first() {
                println!(
                    "Port {first} is in use; serving on port {} instead",
                    address.port()
                );
            }
            println!("Serving at {url}");
            if !address.ip().is_loopback() {
                println!(
                    "Listening on {address}: other machines on your network can see the preview"
                );
            }
            println!("Watching for changes; press Ctrl-C to stop");
            if open && let Err(e) = open::that_detached(&url) {
                eprintln!("Warning: cannot open a browser: {e}");
            }
        }
        Event::Changed(paths) => {
            let mut names: Vec<String> = paths
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            if paths.len() > 3 {
                names.push(format!("and {} more", paths.len() - 3));
            }
            println!("Changed: {}", names.join(", "));
        }
        Event::Built(built) => {
            show_diagnostics(&built.warnings);
            if timings {
                show_timings(&built.stages);
            }
            let ms = built.elapsed.as_secs_f64() * 1000.0;
            if built.first {
                println!("Built {} in {ms:.0} ms", built.counts);
                return;
            }
            let files = match built.changed_files {
                1 => "1 file changed".to_string(),
                n => format!("{n} files changed"),
            };
            let then = match built.reload {
                Reload::Nothing => "nothing to reload",
                Reload::Css => "stylesheets swapped",
                Reload::Page => "pages reload",
            };
            println!("Rebuilt in {ms:.0} ms: {files}, {then}");
        }
        Event::Failed(error) => {
            show_error(&error);
            eprintln!(
                "The pages show this error until a build succeeds; the last good site stays served."
            );
        }
        Event::Restarting(error) => {
            show_diagnostics(std::slice::from_ref(&error));
            eprintln!(
                "A template ran away: the server starts again on the same port, showing this \
                 error over the last good site until the next save."
            );
        }
        Event::WatchProblem(problem) => eprintln!("Warning: {problem}"),
        Event::Stopping => println!("Stopping"),
    }
}

#[derive(Args)]
struct InitArgs {
    /// The folder of the new site (default: the --root folder); made if missing.
    dir: Option<PathBuf>,
    /// Replace files that are already there.
    #[arg(long)]
    force: bool,
    /// Also write the built-in templates and static files, to edit them.
    #[arg(long)]
    theme: bool,
}

impl InitArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let dir = self.dir.unwrap_or(root);
        let options = folio::scaffold::InitOptions {
            dir: dir.clone(),
            force: self.force,
            theme: self.theme,
        };
        match folio::scaffold::init(&options) {
            Ok(written) => {
                show_written(&dir, &written);
                let cd = if dir == Path::new(".") {
                    String::new()
                } else {
                    format!("cd {} && ", dir.display())
                };
                println!("\nNext: {cd}folio serve    (then edit content/people/ada-lovelace.md)");
                println!(
                    "Publish: `folio deploy` (to the gh-pages branch), or push to GitHub with \
                     Settings -> Pages -> Source set to \"GitHub Actions\" (.github/workflows/pages.yml)."
                );
                if folio::scaffold::REPOSITORY.is_empty() {
                    eprintln!(
                        "\nWARNING: this folio was built without the address of its repository, so \
                         the workflows cannot know where to install folio from: set FOLIO_REPOSITORY \
                         at the top of .github/workflows/pages.yml and check.yml (they stop with \
                         this message until then)."
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Args)]
struct NewArgs {
    /// What to add.
    kind: NewKind,
    /// The person's full name, e.g. "Ada Lovelace"; the file is named after it.
    name: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    /// content/people/<slug>.md, with every field listed.
    Person,
}

impl NewArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        match self.kind {
            NewKind::Person => match folio::scaffold::new_person(&root, &self.name) {
                Ok(path) => {
                    println!("Created {}", shown(&root, &path).display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("Error: {error}");
                    ExitCode::FAILURE
                }
            },
        }
    }
}

#[derive(Args)]
struct EjectArgs {
    /// Replace templates and static files that are already there.
    #[arg(long)]
    force: bool,
}

impl EjectArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        match folio::scaffold::eject(&root, self.force) {
            Ok(written) => {
                show_written(&root, &written);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Args)]
struct DeployArgs {
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
    fn run(self, root: PathBuf) -> ExitCode {
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
                    eprintln!("Nothing was committed or pushed.");
                }
                return status;
            }
            Err(error) => {
                eprintln!("Error: {error}");
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
        println!(
            "Built {} for {} ({from})",
            deployed.counts, deployed.base_url
        );
        let short = &deployed.commit[..deployed.commit.len().min(12)];
        let source = match &deployed.source {
            Some(sha) => format!(", built from {}", &sha[..sha.len().min(12)]),
            None => String::new(),
        };
        if deployed.unchanged {
            println!(
                "The site is as in the last commit of `{}` ({short}): nothing new to commit",
                deployed.branch
            );
        } else {
            println!("Committed {short} to `{}`{source}", deployed.branch);
        }
        if !deployed.pushed {
            println!(
                "Not pushed (--no-push): `git push {} {}` publishes it",
                deployed.remote, deployed.branch
            );
            return ExitCode::SUCCESS;
        }
        println!("Pushed `{}` to {}", deployed.branch, deployed.remote);
        if deployed.new_branch {
            println!(
                "First deploy: on GitHub, set Settings -> Pages -> Build and deployment -> Source \
                 to \"Deploy from a branch\", branch `{}`, folder / (root).",
                deployed.branch
            );
        }
        println!(
            "Visit {} (GitHub Pages shows a new version within a minute or two)",
            deployed.base_url
        );
        ExitCode::SUCCESS
    }
}

fn show_written(dir: &Path, written: &[folio::scaffold::Written]) {
    for file in written {
        println!("  {:<9} {}", file.action, shown(dir, &file.path).display());
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
    for d in diagnostics {
        eprintln!("{:?}", d.report());
    }
}

/// Shows an error and returns the exit status it calls for: 2 for an option that cannot be
/// used (as clap's own errors), 1 otherwise.
fn show_error(error: &folio::Error) -> ExitCode {
    match error {
        folio::Error::Content(diagnostics) => {
            show_diagnostics(diagnostics);
            eprintln!("Error: {error}");
        }
        folio::Error::Option(_) => {
            eprintln!("Error: {error}");
            return ExitCode::from(2);
        }
        other => eprintln!("Error: {other}"),
    }
    ExitCode::FAILURE
}

fn main() -> ExitCode {
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
            eprintln!("Error: a template ran away; nothing was written");
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
