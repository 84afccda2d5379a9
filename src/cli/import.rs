//! `folio import jsonresume FILE...`: profiles from JSON Resume files.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use folio::import::{Existing, Format, Input, Options, Phone};

use super::*;

#[derive(Args)]
pub(super) struct ImportArgs {
    /// The format of the files.
    from: From,
    /// The files to import (`-` reads one from standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write the profiles (default: content/people/ of the site).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write YAML front matter instead of TOML.
    #[arg(long)]
    yaml: bool,
    /// Replace a profile that already exists.
    #[arg(long)]
    force: bool,
    /// Import `basics.phone` too (it is then published on the page and in the vCard).
    #[arg(long)]
    with_phone: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum From {
    /// JSON Resume (jsonresume.org), any version.
    Jsonresume,
}

impl ImportArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        let From::Jsonresume = self.from;
        let out = match self.out {
            Some(out) => out,
            None => {
                if let Err(error) = folio::require_site(&root) {
                    return show_error(&error);
                }
                root.join("content").join("people")
            }
        };
        let options = Options {
            out,
            format: if self.yaml {
                Format::Yaml
            } else {
                Format::Toml
            },
            existing: if self.force {
                Existing::Replace
            } else {
                Existing::Keep
            },
            phone: if self.with_phone {
                Phone::Keep
            } else {
                Phone::Drop
            },
        };
        let inputs = self.files.into_iter().map(read_input).collect();
        let report = folio::import::jsonresume(inputs, &options);
        show_diagnostics(&report.problems);
        for imported in &report.imported {
            say!(
                "  {:<9} {} (from {})",
                imported.action,
                imported.path.display(),
                imported.from.display()
            );
        }
        let errors = report.problems.iter().filter(|p| p.is_error()).count();
        let warnings = report.problems.len() - errors;
        say!(
            "Imported {} profile{} ({errors} file{} failed, {warnings} warning{})",
            report.imported.len(),
            if report.imported.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
        if errors > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

fn read_input(path: PathBuf) -> Input {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        let read = std::io::stdin().read_to_string(&mut text);
        return Input {
            name: PathBuf::from("<stdin>"),
            text: read
                .map(|_| text)
                .map_err(|e| format!("cannot read standard input: {e}")),
        };
    }
    let text = std::fs::metadata(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|m| {
            if m.len() > folio::content::MAX_FILE_SIZE {
                Err(format!(
                    "{} is {} bytes; a resume may be at most 4 MB",
                    path.display(),
                    m.len()
                ))
            } else {
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {} as UTF-8 text: {e}", path.display()))
            }
        });
    Input { name: path, text }
}
