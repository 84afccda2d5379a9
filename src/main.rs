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
    /// Start a new site: site.toml, a sample profile, .gitignore and a GitHub Pages workflow.
    Init(InitArgs),
    /// Add a file from a template: `folio new person "Full Name"`.
    New(NewArgs),
    /// Copy the built-in templates and static files into the site, to edit them.
    Eject(EjectArgs),
}

/// What `build` and `check` share: which site, as published where.
#[derive(Args)]
struct SiteArgs {
    /// Publish at this address instead of site.toml's base_url.
    #[arg(long)]
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
                ExitCode::SUCCESS
            }
            Err(error) => {
                show_error(&error);
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
}

impl CheckArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let options = self.site.options(root, None);
        match folio::check(&options) {
            Ok(report) => {
                show_diagnostics(&report.warnings);
                let warnings = match report.warnings.len() {
                    0 => "no warnings".to_string(),
                    1 => "1 warning".to_string(),
                    n => format!("{n} warnings"),
                };
                println!(
                    "Checked {} and {} links: no errors, {warnings}",
                    report.counts, report.links
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                show_error(&error);
                ExitCode::FAILURE
            }
        }
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
                    "Publish: push to GitHub and set Settings -> Pages -> Source to \"GitHub Actions\"."
                );
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

fn show_error(error: &folio::Error) {
    match error {
        folio::Error::Content(diagnostics) => {
            show_diagnostics(diagnostics);
            eprintln!("Error: {error}");
        }
        other => eprintln!("Error: {other}"),
    }
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
