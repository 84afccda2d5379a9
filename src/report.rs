//! Problems written for other programs: GitHub workflow commands, which show each one on
//! its line of a pull request, and JSON.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};

/// The problem as a GitHub Actions workflow command, e.g.
/// `::error file=content/people/ada.md,line=6,col=16,title=folio::message`. `site` is the
/// site's folder as seen from where the workflow runs (the repository's root), so that the
/// file is named as in the pull request.
pub fn github(problem: &Diagnostic, site: &Path) -> String {
    let kind = match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = problem.message.clone();
    if let Some(help) = &problem.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let (place, title) = match file_in_repository(problem, site) {
        // A problem with the whole file is shown on the file, not on its first line.
        Some(file) if !problem.has_line() => (
            format!("file={},", escape_property(&file)),
            "folio".to_string(),
        ),
        Some(file) => (
            format!(
                "file={},line={},col={},",
                escape_property(&file),
                problem.line,
                problem.column
            ),
            "folio".to_string(),
        ),
        // A built-in template is in no file of the repository: it is named in the title.
        None => (String::new(), format!("folio: {}", problem.location())),
    };
    format!(
        "::{kind} {place}title={}::{}",
        escape_property(&title),
        escape_data(&message)
    )
}

/// The problem's file relative to where the command runs, with `/` separators.
fn file_in_repository(problem: &Diagnostic, site: &Path) -> Option<String> {
    if crate::theme::is_built_in(&problem.path) {
        return None;
    }
    let joined: PathBuf = site
        .join(&problem.path)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let parts: Vec<String> = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/").replace("//", "/"))
}

/// Escapes a message as GitHub's toolkit does (`escapeData`): `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty`): also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The problem as a JSON object: severity, file, line, column, message, help.
pub fn json(problem: &Diagnostic) -> serde_json::Value {
    let file = (!crate::theme::is_built_in(&problem.path))
        .then(|| problem.path.to_string_lossy().replace('\\', "/"));
    serde_json::json!({
        "severity": match problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "file": file,
        "template": crate::theme::is_built_in(&problem.path).then(|| problem.path.display().to_string()),
        "line": problem.has_line().then_some(problem.line),
        "column": problem.has_line().then_some(problem.column),
        "message": problem.message,
        "help": problem.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;

    #[test]
    fn a_github_annotation_names_the_file_line_and_column_and_escapes_the_message() {
        let source = SourceFile::new("content/people/ada.md", "+++\nname = 1\n+++\n");
        let problem =
            Diagnostic::at(&source, 11..12, "100% wrong: a, b\nsecond line").help("write a string");
        assert_eq!(
            github(&problem, Path::new(".")),
            "::error file=content/people/ada.md,line=2,col=8,title=folio::100%25 wrong: a, b%0Asecond line%0Ahelp: write a string"
        );
        let warning = problem.clone().warning();
        assert!(
            github(&warning, Path::new("site"))
                .starts_with("::warning file=site/content/people/ada.md,line=2,col=8,")
        );
        // A problem with the whole file names no line of it.
        let property = Diagnostic::file(Path::new("content/a:b,c.md"), "x");
        assert_eq!(
            github(&property, Path::new(".")),
            "::error file=content/a%3Ab%2Cc.md,title=folio::x"
        );
        assert_eq!(json(&property)["line"], serde_json::Value::Null);
        assert_eq!(json(&problem)["line"], 2);
    }

    #[test]
    fn a_built_in_template_is_named_in_the_title_not_as_a_file() {
        let problem = Diagnostic::file(&crate::theme::built_in_path("person.html"), "broken");
        let line = github(&problem, Path::new("."));
        assert!(!line.contains("file="), "{line}");
        assert!(line.contains("(built-in) person.html"), "{line}");
        assert_eq!(json(&problem)["file"], serde_json::Value::Null);
    }
}
