//! Profiles from other formats: `folio import jsonresume` reads JSON Resume files and
//! writes one profile each, never over an existing one unless asked.

mod dates;
mod html;
mod jsonresume;
mod projects;
mod reader;
mod sections;
mod work;

pub use reader::Phone;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, SourceFile, line_offset};
use crate::scaffold::Action;
use crate::slug::slugify;

/// How the profiles are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Whether a profile that exists may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Keep,
    Replace,
}

/// What `folio import jsonresume` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder the profiles are written to (`content/people/` of the site by default).
    pub out: PathBuf,
    pub format: Format,
    pub existing: Existing,
    pub phone: Phone,
}

/// One file to import: what it is called in messages, and its text (or why it has none).
pub struct Input {
    pub name: PathBuf,
    pub text: Result<String, String>,
}

/// A profile written.
#[derive(Debug)]
pub struct Imported {
    pub from: PathBuf,
    pub path: PathBuf,
    pub action: Action,
}

/// What an import did: the profiles written, and every warning and error, by file.
#[derive(Debug, Default)]
pub struct Report {
    pub imported: Vec<Imported>,
    pub problems: Vec<Diagnostic>,
}

/// Imports each JSON Resume file as a profile under `options.out`. A file that fails writes
/// nothing; the others are written.
pub fn jsonresume(inputs: Vec<Input>, options: &Options) -> Report {
    let mut report = Report::default();
    // The profiles written so far, and from which file: with --force, a second file of the
    // same name must not replace the first one imported a moment ago.
    let mut written: HashMap<PathBuf, PathBuf> = HashMap::new();
    for input in inputs {
        match import_one(&input, options, &written) {
            Ok((imported, warnings)) => {
                report.problems.extend(warnings);
                written.insert(imported.path.clone(), imported.from.clone());
                report.imported.push(imported);
            }
            Err(problems) => report.problems.extend(problems),
        }
    }
    report
}

fn import_one(
    input: &Input,
    options: &Options,
    written: &HashMap<PathBuf, PathBuf>,
) -> Result<(Imported, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = input
        .text
        .as_ref()
        .map_err(|why| vec![Diagnostic::file(&input.name, why.clone())])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(input.name.clone(), text);
    let mut document: Value =
        serde_json::from_str(text).map_err(|e| vec![json_error(&source, &e)])?;
    let removed = crate::content::control::strip(&mut document);
    let wanted = jsonresume::Wanted {
        phone: options.phone,
    };
    let mut profile = jsonresume::read(document, &source, &wanted).map_err(|d| vec![d])?;
    if removed > 0 {
        profile.warnings.insert(0, Diagnostic::file(&input.name, format!(
            "{removed} control characters (such as NUL or ESC) removed: no page can hold them"
        )).warning());
    }
    let slug = slugify(&profile.name);
    if slug.is_empty() {
        return Err(vec![Diagnostic::near(
            &source,
            &["\"name\""],
            format!(
                "the name \"{}\" has no letters or digits to make a file name from",
                profile.name
            ),
        )]);
    }
    let path = options.out.join(format!("{slug}.md"));
    if let Some(first) = written.get(&path) {
        return Err(vec![Diagnostic::file(&input.name, format!(
            "{} was just imported from {}: two files of this run give the same name, nothing written for this one",
            path.display(),
            first.display()
        ))
        .help("import this file on its own, with --out DIR, and merge the two profiles by hand")]);
    }
    let folder = options.out.join(&slug).join("index.md");
    // Anything at the name, a symbolic link that leads nowhere included.
    let taken = [&path, &folder]
        .into_iter()
        .find(|p| p.symlink_metadata().is_ok());
    if let Some(taken) = taken
        && (options.existing == Existing::Keep || *taken == folder)
    {
        return Err(vec![Diagnostic::file(&input.name, format!("{} already exists: nothing written for this file", taken.display()))
            .help(if *taken == folder { "a folder profile is never replaced: remove it first, or import into another folder with --out" } else { "pass --force to replace it, or --out DIR to write elsewhere" })]);
    }
    let text = profile_text(&profile, options.format)
        .map_err(|why| vec![Diagnostic::file(&input.name, why)])?;
    if options.format == Format::Toml
        && let Some(field) = profile
            .front
            .iter()
            .find_map(|(k, v)| toml_fence_line(v, k))
    {
        return Err(vec![Diagnostic::file(&input.name, format!(
            "{field}: a line that is only `+++` would end the profile's front matter there: nothing written for this file"
        ))
        .help("take that line out of the file, or import it with --yaml (YAML indents a text's lines)")]);
    }
    // What the build would refuse (data nested past its parser's limits, more entries than a
    // profile may list) is refused here, where it names the file it came from.
    let written_source = SourceFile::new(path.clone(), text.clone());
    if let Err(problems) = crate::content::check_profile(&written_source) {
        let why = problems
            .first()
            .map_or_else(String::new, |p| format!(": {}", p.message));
        return Err(vec![Diagnostic::file(&input.name, format!(
            "the profile made from this file would not build{why}: nothing written for this file"
        ))
        .help("the value is kept nowhere: shorten or flatten it in the file, then import it again")]);
    }
    write(&path, &text, options.existing).map_err(|why| vec![Diagnostic::file(&path, why)])?;
    let action = if taken.is_some() {
        Action::Replaced
    } else {
        Action::Created
    };
    Ok((
        Imported {
            from: input.name.clone(),
            path,
            action,
        },
        profile.warnings,
    ))
}

/// serde_json's error at its line and column.
fn json_error(source: &SourceFile, error: &serde_json::Error) -> Diagnostic {
    let line_start = line_offset(&source.text, error.line());
    let column = error.column().saturating_sub(1);
    let offset = source.text[line_start..]
        .char_indices()
        .nth(column)
        .map_or(source.text.len(), |(i, _)| line_start + i);
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let mut d = Diagnostic::at(
        source,
        offset..offset,
        format!("this is no valid JSON: {message}"),
    );
    (d.line, d.column) = (error.line().max(1), error.column().max(1));
    d.help("a JSON Resume file is one JSON object; check the commas and quotes around this place")
}

/// The field (`experience[0].employer`) of the first text at or under `path` holding a
/// line that is only `+++`: TOML writes such a text as a multi-line string, whose line would
/// then close the front matter. YAML indents a text's lines, so none is ever its fence.
fn toml_fence_line(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) => s
            .lines()
            .any(|l| l.trim_end() == "+++")
            .then(|| path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| toml_fence_line(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| toml_fence_line(v, &format!("{path}.{k}"))),
        _ => None,
    }
}

/// The profile's file: front matter between fences, then the bio.
fn profile_text(profile: &jsonresume::Profile, format: Format) -> Result<String, String> {
    let front = Value::Object(profile.front.clone());
    let (fence, text) = match format {
        Format::Toml => (
            "+++",
            toml::to_string_pretty(&front)
                .map_err(|e| format!("cannot write the profile as TOML: {e}"))?,
        ),
        Format::Yaml => (
            "---",
            serde_saphyr::to_string(&front)
                .map_err(|e| format!("cannot write the profile as YAML: {e}"))?,
        ),
    };
    let body = profile.body.trim();
    let written = format!(
        "{fence}\n{}\n{fence}\n{body}{}",
        text.trim_end(),
        if body.is_empty() { "" } else { "\n" }
    );
    // A profile the build would refuse is not written (a 2.5 MB resume of nested extra
    // entries became a 4.2 MB profile).
    let most = crate::content::MAX_FILE_SIZE;
    if written.len() as u64 > most {
        return Err(format!(
            "the profile would be {:.1} MB, and a content file may be at most {} MB: nothing was written",
            written.len() as f64 / (1024.0 * 1024.0),
            most / (1024 * 1024)
        ));
    }
    Ok(written)
}

/// Writes a profile: a new file only, unless replacing is allowed. The text goes to a
/// temporary file beside it first, moved into place whole: a failed write (a full disk)
/// leaves no half profile that would block the next import, and a symbolic link at the
/// destination is replaced, never written through to a file outside the site.
fn write(path: &Path, text: &str, existing: Existing) -> Result<(), String> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot make the folder {}: {e}", parent.display()))?;
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".folio-import-");
    // A temporary file is private (0600); a profile is read like any file the user makes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(parent).map_err(cannot)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(cannot)?;
    match existing {
        // persist_noclobber: never replace a file that appeared since the check.
        Existing::Keep => file.persist_noclobber(path),
        Existing::Replace => file.persist(path),
    }
    .map(|_| ())
    .map_err(|e| cannot(e.error))
}
