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
        let text = read_bounded(std::io::stdin().lock(), "standard input");
        return Input {
            name: PathBuf::from("<stdin>"),
            text,
        };
    }
    let text = std::fs::File::open(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|file| read_bounded(file, &path.display().to_string()));
    Input { name: path, text }
}

/// At most [`folio::content::MAX_FILE_SIZE`] bytes of `from`, as UTF-8 text. The limit is
/// on what is read, not on the size a file claims: standard input (`curl ... | folio
/// import jsonresume -`), a pipe (`<(curl ...)`) or `/dev/zero` claim none, and were read
/// whole, gigabytes of them, before anything was refused.
fn read_bounded(from: impl Read, what: &str) -> Result<String, String> {
    let limit = folio::content::MAX_FILE_SIZE;
    let mut bytes = Vec::new();
    from.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{what} holds more than {} MB, the most a resume may be",
            limit / (1024 * 1024)
        ));
    }
    folio::content::utf8_text(&bytes)
        .map(str::to_string)
        .map_err(|line| {
            format!("{what} is not UTF-8 text (invalid byte on line {line}): save it as UTF-8")
        })
}
