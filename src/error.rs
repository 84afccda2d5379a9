//! Why a command failed: the problems in the site's files, each located, or a problem of the
//! machine or the command line, each naming its path or option.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fs;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's files, every one found, sorted by file.
    #[error("{} in the site's files", count_errors(.0))]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Fs(#[from] fs::FsError),
    /// The output folder, or a file folio writes beside it, cannot be used: `path` says
    /// which; `message` says why and what to do, naming it.
    #[error("{message}")]
    Output { path: PathBuf, message: String },
    /// A command-line option with a value that cannot be used, e.g. `--base-url`.
    #[error("{option} {message}")]
    Option {
        option: &'static str,
        message: String,
    },
    /// The folder holds no site.toml.
    #[error("{}", no_site(.0))]
    NoSite(PathBuf),
}

fn no_site(root: &Path) -> String {
    let named = if root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    };
    if !root.exists() {
        return format!(
            "the folder {named} does not exist: give the site's folder with --root DIR, or start a \
             new site there with `folio init {}`",
            root.display()
        );
    }
    format!(
        "no folio site here: {named} has no site.toml. Start a new site with `folio init`, or \
         give the site's folder with --root DIR"
    )
}

impl Error {
    /// The results of work done in parallel as one: every problem in the site's files
    /// found by any of it, or the first error of the machine (which ends the build).
    pub fn gather(results: impl IntoIterator<Item = Result<(), Error>>) -> Result<(), Error> {
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(()) => {}
                Err(Error::Content(found)) => problems.extend(found),
                Err(other) => return Err(other),
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(Error::Content(problems)),
        }
    }

    pub fn output(path: &Path, message: String) -> Error {
        Error::Output {
            path: path.to_path_buf(),
            message,
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(problems: Vec<Diagnostic>) -> Error {
        Error::Content(problems)
    }
}

/// "2 errors"; with no error (a build that `--strict` failed on warnings), the warnings.
fn count_errors(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let plural = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    match errors {
        0 => format!(
            "{} (--strict fails on warnings)",
            plural(diagnostics.len(), "warning")
        ),
        n => plural(n, "error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strict_build_failed_on_warnings_says_so() {
        let warning = Diagnostic::file(Path::new("a.md"), "no bio").warning();
        assert_eq!(
            Error::Content(vec![warning.clone()]).to_string(),
            "1 warning (--strict fails on warnings) in the site's files"
        );
        let error = Diagnostic::file(Path::new("b.md"), "bad");
        assert_eq!(
            Error::Content(vec![warning, error]).to_string(),
            "1 error in the site's files"
        );
    }
}
