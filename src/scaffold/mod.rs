//! New sites and new files: `folio init`, `folio new person`, `folio eject`.
//! Nothing here replaces a file unless asked to with `force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::fs;
use crate::slug::slugify;
use crate::theme;

const SITE_TOML: &str = include_str!("site.toml");
const HOME: &str = include_str!("index.md");
const SAMPLE_PERSON: &str = include_str!("sample-person.md");
const GITIGNORE: &str = include_str!("gitignore");
const PAGES_WORKFLOW: &str = include_str!("pages.yml");
const CHECK_WORKFLOW: &str = include_str!("check.yml");
const FOLIO_ENV: &str = include_str!("folio-env.yml");
const INSTALL_FOLIO: &str = include_str!("install-folio.yml");
const PERSON: &str = include_str!("person.md");

/// Where the workflows install folio from: Cargo.toml's `repository`, the one place the
/// project's address is written. Empty only for a folio built without it; the workflows
/// then stop at their first step, saying so, and `folio init` warns.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The workflows `folio init` writes, by path.
pub const WORKFLOWS: [&str; 2] = [".github/workflows/pages.yml", ".github/workflows/check.yml"];

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
    /// No site to add to.
    #[error(transparent)]
    Site(#[from] crate::Error),
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

/// The GitHub Pages workflow, publishing every push to `branch` with this version of folio.
pub fn pages_workflow(branch: &str) -> String {
    workflow(PAGES_WORKFLOW).replace("@BRANCH@", branch)
}

/// The pull request workflow: `folio check --strict`, with this version of folio.
pub fn check_workflow() -> String {
    workflow(CHECK_WORKFLOW)
}

fn workflow(template: &str) -> String {
    template
        .replace("@FOLIO_ENV@", FOLIO_ENV)
        .replace("@INSTALL_FOLIO@\n", INSTALL_FOLIO)
        .replace("@FOLIO_REPOSITORY@", REPOSITORY)
        .replace("@FOLIO_VERSION@", env!("CARGO_PKG_VERSION"))
}

/// The branch the Pages workflow publishes: the one checked out in `dir` if it is in a git
/// repository (even before its first commit), else git's `init.defaultBranch`, else `main`.
pub fn publishing_branch(dir: &Path) -> String {
    let existing = dir
        .ancestors()
        .find(|d| d.is_dir())
        .unwrap_or(Path::new("."));
    let git = crate::git::Git::new(existing);
    let current = git
        .query(["symbolic-ref", "--quiet", "--short", "HEAD"])
        .ok()
        .flatten()
        .filter(|_| dir.is_dir());
    current
        .or_else(|| {
            git.query(["config", "--get", "init.defaultBranch"])
                .ok()
                .flatten()
        })
        .filter(|b| !b.is_empty() && !b.contains(char::is_whitespace))
        .unwrap_or_else(|| "main".to_string())
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
            WORKFLOWS[0].into(),
            pages_workflow(&publishing_branch(&options.dir)).into_bytes(),
        ),
        (WORKFLOWS[1].into(), check_workflow().into_bytes()),
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
    crate::require_site(root)?;
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
    crate::require_site(root)?;
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
        _ => Error::Fs(fs::FsError::at("cannot write", &path)(source)),
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
    fn the_workflows_install_this_version_from_this_repository() {
        for workflow in [pages_workflow("main"), check_workflow()] {
            assert!(
                workflow.contains(&format!("FOLIO_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")))
            );
            assert!(workflow.contains(&format!("FOLIO_REPOSITORY: \"{REPOSITORY}\"")));
            assert!(!REPOSITORY.is_empty(), "Cargo.toml names the repository");
            for placeholder in ["@FOLIO_", "@INSTALL_", "@BRANCH@"] {
                assert!(!workflow.contains(placeholder), "{placeholder}: {workflow}");
            }
        }
        assert!(pages_workflow("trunk").contains("branches: [trunk]"));
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
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert!(matches!(
            new_person(dir.path(), "!!!"),
            Err(Error::EmptySlug(_))
        ));
    }
}
