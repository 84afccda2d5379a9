//! New sites and new files: `folio init`, `folio new person`, `folio eject`.
//! Nothing here replaces a file unless asked to with `force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::fs;
use crate::slug::slugify;
use crate::theme;

const SITE_TOML: &str = include_str!("scaffold/site.toml");
const HOME: &str = include_str!("scaffold/index.md");
const SAMPLE_PERSON: &str = include_str!("scaffold/sample-person.md");
const GITIGNORE: &str = include_str!("scaffold/gitignore");
const PAGES_WORKFLOW: &str = include_str!("scaffold/pages.yml");
const PERSON: &str = include_str!("scaffold/person.md");

/// Where the workflow installs folio from when the build does not say
/// (Cargo.toml's `repository`); the workflow stops with a message until it is set.
const UNKNOWN_REPOSITORY: &str = "https://github.com/OWNER/folio";

/// Why a scaffold command wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("refusing to overwrite {}: pass --force to replace {}", list(.0), if .0.len() == 1 { "it" } else { "them" })]
    Exists(Vec<PathBuf>),
    #[error("{} already exists: edit it, or give another name", .0.display())]
    PersonExists(PathBuf),
    #[error("the name \"{0}\" has no letters or digits to make a file name from")]
    EmptySlug(String),
    #[error(transparent)]
    Fs(#[from] fs::FsError),
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a command did to one file, relative to the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub action: Action,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    /// Replaced with --force.
    Replaced,
    /// Lines added to an existing file (.gitignore), nothing removed.
    Extended,
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Action::Created => "created",
            Action::Replaced => "replaced",
            Action::Extended => "added to",
        })
    }
}

/// What `folio init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's folder; made if missing.
    pub dir: PathBuf,
    /// Replace files that exist.
    pub force: bool,
    /// Also write the built-in templates and static files, for editing.
    pub theme: bool,
}

/// The GitHub Pages workflow, installing this version of folio.
pub fn pages_workflow() -> String {
    let repository = match env!("CARGO_PKG_REPOSITORY") {
        "" => UNKNOWN_REPOSITORY,
        known => known,
    };
    PAGES_WORKFLOW
        .replace("@FOLIO_REPOSITORY@", repository)
        .replace("@FOLIO_VERSION@", env!("CARGO_PKG_VERSION"))
}

/// Writes a new site: site.toml, a home intro, a sample profile, .gitignore and
/// the GitHub Pages workflow (and the theme with `theme`). Checks every file
/// first and writes nothing if one exists, unless `force`. An existing
/// .gitignore is never replaced: folio's lines are added to it.
pub fn init(options: &InitOptions) -> Result<Vec<Written>, Error> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("site.toml".into(), SITE_TOML.into()),
        ("content/index.md".into(), HOME.into()),
        (
            "content/people/ada-lovelace.md".into(),
            SAMPLE_PERSON.into(),
        ),
        (
            ".github/workflows/pages.yml".into(),
            pages_workflow().into_bytes(),
        ),
    ];
    if options.theme {
        files.extend(theme_files());
    }
    let mut written = write_files(&options.dir, files, options.force)?;
    written.push(add_to_gitignore(&options.dir)?);
    Ok(written)
}

/// Writes the built-in templates and static files into the site's `templates/`
/// and `static/`, where they override the built-in ones and can be edited.
pub fn eject(root: &Path, force: bool) -> Result<Vec<Written>, Error> {
    write_files(root, theme_files(), force)
}

fn theme_files() -> Vec<(PathBuf, Vec<u8>)> {
    let templates = theme::TEMPLATES
        .iter()
        .map(|(name, text)| (Path::new("templates").join(name), text.as_bytes().to_vec()));
    let statics = theme::STATIC
        .iter()
        .map(|(name, bytes)| (Path::new("static").join(name), bytes.to_vec()));
    templates.chain(statics).collect()
}

/// Writes every file under `dir`, after checking that none exists (unless `force`).
fn write_files(
    dir: &Path,
    files: Vec<(PathBuf, Vec<u8>)>,
    force: bool,
) -> Result<Vec<Written>, Error> {
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !force && !existing.is_empty() {
        return Err(Error::Exists(existing));
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        fs::write(&dir.join(&rel), &bytes)?;
        let action = if existing.contains(&rel) {
            Action::Replaced
        } else {
            Action::Created
        };
        written.push(Written { path: rel, action });
    }
    Ok(written)
}

/// Creates .gitignore, or adds folio's lines to the one there (keeping what it has).
fn add_to_gitignore(dir: &Path) -> Result<Written, Error> {
    let path = dir.join(".gitignore");
    let rel = PathBuf::from(".gitignore");
    if !path.exists() {
        fs::write(&path, GITIGNORE.as_bytes())?;
        return Ok(Written {
            path: rel,
            action: Action::Created,
        });
    }
    let mut text = fs::read_to_string(&path)?;
    let has = |line: &str| text.lines().any(|l| l.trim() == line);
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !has(l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(Written {
            path: rel,
            action: Action::Extended,
        });
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# folio's output\n");
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    fs::write(&path, text.as_bytes())?;
    Ok(Written {
        path: rel,
        action: Action::Extended,
    })
}

/// The profile `folio new person` writes: every field listed, all but the name commented out.
pub fn person_template(name: &str) -> String {
    let quoted = toml::Value::String(name.trim().to_string()).to_string();
    PERSON
        .replace("@NAME@", &quoted)
        .replace("@SLUG@", &slugify(name))
}

/// Writes `content/people/<slug>.md` for a new person under the site at `root`,
/// refusing when that profile (as a file or a folder) exists. Returns its path
/// relative to `root`.
pub fn new_person(root: &Path, name: &str) -> Result<PathBuf, Error> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(Error::EmptySlug(name.to_string()));
    }
    let people = Path::new("content").join("people");
    let rel = people.join(format!("{slug}.md"));
    let folder = people.join(&slug).join("index.md");
    for taken in [&rel, &folder] {
        if root.join(taken).exists() {
            return Err(Error::PersonExists(taken.clone()));
        }
    }
    let path = root.join(&rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    // create_new: never replace a file that appeared since the check above.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(person_template(name).as_bytes()));
    written.map_err(|source| match source.kind() {
        std::io::ErrorKind::AlreadyExists => Error::PersonExists(rel.clone()),
        _ => Error::Fs(fs::FsError {
            action: "cannot write",
            path: path.clone(),
            source,
        }),
    })?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_template_quotes_the_name_as_toml() {
        let name = "Zoë \"Z\" Ångström \\";
        let text = person_template(name);
        let line = text.lines().find(|l| l.starts_with("name = ")).unwrap();
        let table: toml::Table = toml::from_str(line).unwrap();
        assert_eq!(table["name"].as_str(), Some(name));
        assert!(text.contains(r#"#slug = "zoe-z-angstrom""#), "{text}");
    }

    #[test]
    fn the_workflow_installs_this_version() {
        let workflow = pages_workflow();
        assert!(workflow.contains(&format!("FOLIO_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
        assert!(!workflow.contains("@FOLIO_"));
    }

    #[test]
    fn init_adds_to_an_existing_gitignore_without_losing_lines() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "node_modules/").unwrap();
        let options = InitOptions {
            dir: dir.path().to_path_buf(),
            force: false,
            theme: false,
        };
        init(&options).unwrap();
        let text = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(text.starts_with("node_modules/\n"), "{text}");
        assert!(text.contains("/public/"), "{text}");
    }

    #[test]
    fn new_person_refuses_a_name_without_letters() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            new_person(dir.path(), "!!!"),
            Err(Error::EmptySlug(_))
        ));
    }
}
