//! `folio check`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::*;
use clap::Args;

#[derive(Args)]
pub(super) struct CheckArgs {
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
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
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
                say!("{}", folio::report::github(problem, &options.root));
            }
            if let Err(error) = &checked
                && !matches!(error, folio::Error::Content(_))
            {
                say!(
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
                    Format::Github => tell!("{summary}"),
                    _ => say!("{summary}"),
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
    say!("{document:#}");
    match checked {
        Ok(_) => ExitCode::SUCCESS,
        Err(folio::Error::Option { .. }) => ExitCode::from(2),
        Err(_) => ExitCode::FAILURE,
    }
}
