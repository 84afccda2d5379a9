//! The `folio` command line: parses arguments and shows results; the work is in the library.

use std::path::PathBuf;
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
}

#[derive(Args)]
struct BuildArgs {
    /// Where to write the site (default: public/ in the site folder).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Publish at this address instead of site.toml's base_url.
    #[arg(long)]
    base_url: Option<String>,
    /// Include profiles and pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

impl BuildArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let options = folio::BuildOptions {
            root,
            output: self.output,
            base_url: self.base_url,
            drafts: self.drafts,
        };
        match folio::build(&options) {
            Ok(report) => {
                show_diagnostics(&report.warnings);
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
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => args.run(cli.root),
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
