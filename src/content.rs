//! Files under `content/`: profiles, employer and talk files, free pages, read and parsed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::front_matter;
use crate::fs;
use crate::walk::Confine;

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Shared, so the dev server's cache hands an unchanged profile to the next build as is.
    pub people: Vec<Arc<Person>>,
    pub employers: Vec<EmployerFile>,
    pub talks: Vec<TalkFile>,
    pub pages: Vec<PageFile>,
    pub index: Option<PageFile>,
    /// Files that could not be read or parsed (already reported): links to them
    /// are not reported again as pointing nowhere.
    pub failed: Vec<PathBuf>,
    /// Every other file found under content/ (pictures, PDFs beside profiles), inside the
    /// site and not an editor's leftover, sorted: what profiles may publish.
    pub files: Vec<PathBuf>,
}

/// One profile: `people/<slug>.md` or `people/<slug>/index.md`.
#[derive(Debug, Clone)]
pub struct Person {
    pub source: SourceFile,
    /// Where the file is on disk.
    pub disk_path: PathBuf,
    /// The slug from the file or folder name (front matter `slug` wins).
    pub file_slug: String,
    /// For a folder profile, the folder: its other files are copied beside the page.
    pub folder: Option<PathBuf>,
    pub front: PersonFront,
    pub body_offset: usize,
    /// Whether the file has `@/` anywhere: an internal link, whose target's URL the
    /// page then shows.
    pub links_inside: bool,
}

impl Person {
    /// The markdown after the front matter: the rest of the file, not a copy of it.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFront {
    pub name: String,
    pub slug: Option<String>,
    pub headline: Option<String>,
    pub location: Option<String>,
    pub avatar: Option<Link>,
    pub summary: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub skills: Skills,
    #[serde(default)]
    pub spoken_languages: Vec<SpokenLanguage>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub links: IndexMap<String, Link>,
    #[serde(default)]
    pub experience: Vec<Role>,
    #[serde(default)]
    pub talks: Vec<TalkEntry>,
    #[serde(default)]
    pub education: Vec<Education>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub writing: Vec<Writing>,
}

/// `skills = [...]` or grouped `[skills] languages = [...]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Skills {
    List(Vec<String>),
    Groups(IndexMap<String, Vec<String>>),
}

impl Default for Skills {
    fn default() -> Self {
        Skills::List(Vec::new())
    }
}

impl Skills {
    /// (group name, skills) pairs; a flat list is one group without a name.
    pub fn groups(&self) -> Vec<(Option<&str>, &[String])> {
        match self {
            Skills::List(list) if list.is_empty() => Vec::new(),
            Skills::List(list) => vec![(None, list.as_slice())],
            Skills::Groups(groups) => groups
                .iter()
                .map(|(name, list)| (Some(name.as_str()), list.as_slice()))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpokenLanguage {
    pub name: String,
    pub level: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub employer: String,
    /// Optional: many CVs (and JSON Resume's `work[].position`) name none.
    pub title: Option<String>,
    pub start: Date,
    pub end: Option<Date>,
    pub location: Option<String>,
    pub team: Option<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
    pub highlights: Option<String>,
}

impl Role {
    /// The title to show, if any: a blank `title = ""` counts as none.
    pub fn title(&self) -> Option<&str> {
        self.title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TalkEntry {
    pub title: String,
    pub event: String,
    pub date: Date,
    pub location: Option<String>,
    pub url: Option<Link>,
    pub slides: Option<Link>,
    pub video: Option<Link>,
    #[serde(default)]
    pub with: Vec<String>,
    #[serde(rename = "abstract")]
    pub abstract_: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    pub institution: String,
    pub degree: Option<String>,
    pub field: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub location: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    pub url: Option<Link>,
    pub role: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Writing {
    pub title: String,
    pub url: Option<Link>,
    pub date: Option<Date>,
    pub publisher: Option<String>,
    pub description: Option<String>,
}

/// `employers/<slug>.md`: more about one employer.
#[derive(Debug, Clone)]
pub struct EmployerFile {
    pub source: SourceFile,
    pub front: EmployerFront,
    pub body: String,
    pub body_offset: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerFront {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub website: Option<Link>,
    pub logo: Option<Link>,
}

/// `talks/<slug>.md`: a talk's own page content (a write-up, extra links).
#[derive(Debug, Clone)]
pub struct TalkFile {
    pub source: SourceFile,
    pub front: TalkFront,
    pub body: String,
    pub body_offset: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TalkFront {
    pub title: String,
    pub event: String,
    pub date: Date,
    pub location: Option<String>,
    pub url: Option<Link>,
    pub slides: Option<Link>,
    pub video: Option<Link>,
    /// Speakers without a profile (profiles that list the talk are added).
    #[serde(default)]
    pub speakers: Vec<String>,
    #[serde(rename = "abstract")]
    pub abstract_: Option<String>,
}

/// `pages/<slug>.md` or `content/index.md`.
#[derive(Debug, Clone)]
pub struct PageFile {
    pub source: SourceFile,
    pub file_slug: String,
    pub front: PageFront,
    pub body: String,
    pub body_offset: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub menu: bool,
    #[serde(default)]
    pub draft: bool,
}

/// A URL from front matter: http, https, mailto or a relative path. Anything
/// else (`javascript:`, `data:`) is refused, so no author can slip script into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(pub String);

impl Link {
    /// Checks a URL as a browser would read it: every rule about which URLs folio publishes
    /// is here, for front matter, markdown and `folio check` alike.
    pub fn parse(text: &str) -> Result<Link, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("empty URL".into());
        }
        if trimmed.chars().any(|c| c.is_control()) {
            // Browsers drop tabs and newlines from URLs: `java\tscript:` is `javascript:`.
            return Err(format!(
                "URL \"{}\" contains control characters",
                trimmed.escape_debug()
            ));
        }
        if trimmed.contains('\\') {
            return Err(format!(
                "URL \"{trimmed}\" contains a backslash, which browsers read as a slash (so \
                 `/\\host` leads to another site): write `/`"
            ));
        }
        let no_host = || Err(format!("URL \"{trimmed}\" has no host after `//`"));
        match scheme(trimmed) {
            None if trimmed.starts_with("//") => match trimmed[2..].chars().next() {
                Some(c) if c != '/' => Ok(Link(trimmed.to_string())),
                _ => no_host(),
            },
            None => Ok(Link(trimmed.to_string())),
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" => match rest.strip_prefix("//") {
                    Some(host) if !host.is_empty() && !host.starts_with('/') => {
                        Ok(Link(trimmed.to_string()))
                    }
                    Some(_) => no_host(),
                    None => Err(format!(
                        "URL \"{trimmed}\" is not a web address: write {scheme}:// and the host"
                    )),
                },
                "mailto" if !rest.is_empty() => Ok(Link(trimmed.to_string())),
                "mailto" => Err(format!("URL \"{trimmed}\" has no address after `mailto:`")),
                other => Err(format!(
                    "URL \"{trimmed}\" uses `{other}:`: only http, https and mailto URLs (or relative paths) are allowed"
                )),
            },
        }
    }

    pub fn is_external(&self) -> bool {
        scheme(&self.0).is_some() || self.0.starts_with("//")
    }

    /// A path relative to the file that names it (not a URL, not root-relative).
    pub fn is_relative(&self) -> bool {
        !self.is_external() && !self.0.starts_with('/')
    }

    /// The URL to link: a relative path joined to `base` (a folder URL), anything else as written.
    pub fn beside(&self, base: &str) -> String {
        if self.is_relative() {
            format!("{base}{}", self.0)
        } else {
            self.0.clone()
        }
    }
}

/// A URL's scheme and what follows its colon, when it has one: the text before the first
/// `:`, if that comes before any `/`, `?` or `#` and is a scheme's name.
fn scheme(url: &str) -> Option<(&str, &str)> {
    let (name, rest) = url.split_once(':')?;
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((name, rest))
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Link::parse(&text).map_err(de::Error::custom)
    }
}

impl Content {
    /// Reads every file under `root/content`, collecting every problem instead of stopping at
    /// the first. Walks never leave the site (`confine`).
    pub fn load(root: &Path, confine: &Confine) -> (Content, Vec<Diagnostic>) {
        Content::load_cached(root, confine, None)
    }

    /// [`Content::load`], reading again only the files that changed since `cache` saw them
    /// (the dev server keeps one across rebuilds).
    pub fn load_cached(
        root: &Path,
        confine: &Confine,
        cache: Option<&mut Cache>,
    ) -> (Content, Vec<Diagnostic>) {
        let content_dir = root.join("content");
        // A missing folder is a bad checkout or a rename, not an empty site: building would
        // replace every published page with empty indexes.
        for (dir, shown) in [
            (&content_dir, "content"),
            (&content_dir.join("people"), "content/people"),
        ] {
            if !dir.is_dir() {
                let problem = Diagnostic::file(Path::new(shown), format!("the site has no {shown}/ folder, so it has no profiles"))
                    .help("run folio in the site's folder (the one holding site.toml and content/), or pass --root; a site with no one yet has an empty content/people/ folder");
                return (Content::default(), vec![problem]);
            }
        }
        let mut problems = Vec::new();
        let listed = cache.as_ref().and_then(|c| c.listing(&content_dir));
        let trusted = listed.is_some();
        // A file or folder reached through a symbolic link may change where no watcher sees.
        let mut linked = false;
        let files = match listed {
            Some(listed) => listed,
            None => {
                let (found, walk_problems) =
                    confine.files(&content_dir, |name| is_ignored(&name.to_string_lossy()));
                problems.extend(walk_problems);
                linked = found.iter().any(|f| f.linked);
                found.into_iter().map(|f| f.path).collect()
            }
        };

        let loaded: Vec<LoadResult> = match cache {
            None => files
                .par_iter()
                .map(|path| load_file(root, &content_dir, path))
                .collect(),
            Some(cache) => {
                // A listing with problems is not reused: they must be reported again.
                let complete = problems.is_empty() && !linked;
                cache.load(root, &content_dir, files.clone(), trusted, complete)
            }
        };
        let mut content = Content::default();
        for (path, result) in files.into_iter().zip(loaded) {
            match result {
                Ok(Some(Loaded::Person(p))) => content.people.push(p),
                Ok(Some(Loaded::Employer(e))) => content.employers.push(e),
                Ok(Some(Loaded::Talk(t))) => content.talks.push(t),
                Ok(Some(Loaded::Page(p))) => content.pages.push(p),
                Ok(Some(Loaded::Index(p))) => content.index = Some(p),
                // Not content: a picture or a PDF beside a profile, which it may publish.
                Ok(None) => content.files.push(path),
                Err(file_problems) => {
                    content
                        .failed
                        .extend(file_problems.first().map(|d| d.path.clone()));
                    problems.extend(file_problems);
                }
            }
        }
        (content, problems)
    }

    /// The files under `folder` that are not content files, in order.
    pub fn files_in<'a>(&'a self, folder: &'a Path) -> impl Iterator<Item = &'a PathBuf> {
        let start = self.files.partition_point(|p| p.as_path() < folder);
        self.files[start..]
            .iter()
            .take_while(move |p| p.starts_with(folder))
    }
}

/// What one content file gave: a parsed file, nothing (not content), or its errors.
type LoadResult = Result<Option<Loaded>, Vec<Diagnostic>>;

/// Parsed content files kept across the dev server's rebuilds, each with the size and
/// modification time it was read at: a rebuild reads again only the files that changed.
#[derive(Default)]
pub struct Cache {
    files: std::collections::HashMap<PathBuf, (Stamp, LoadResult)>,
    /// The files the last load found under content/, in order, if it found them without
    /// problems and without following a symbolic link.
    listed: Option<Vec<PathBuf>>,
    /// What the caller said changed since the last load.
    changes: Changes,
}

/// What [`Cache::changed`] was told since the last load.
#[derive(Default)]
enum Changes {
    /// Nothing: every file's stamp is looked at.
    #[default]
    Unknown,
    /// Every file that changed.
    All(Vec<PathBuf>),
    /// Changed files, not perhaps all of them: every file's stamp is looked at.
    Partial,
}

/// A file's size and modification time, which change when it is written.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

impl Cache {
    /// Says that these files (absolute paths) changed: the next load reads them again,
    /// whatever their stamps say (a file system with coarse times can show an edit with an
    /// unchanged stamp). `all`: they are every file that changed (the dev server's watcher
    /// knows, unless it reported a problem); while every change since the last load came so,
    /// that load trusts the other files without looking at them, unless a file appeared or
    /// went. Changes add up until a load: a build that fails before reading content keeps
    /// them for the next.
    pub fn changed(&mut self, paths: Vec<PathBuf>, all: bool) {
        for path in &paths {
            self.files.remove(path);
        }
        self.changes = match (std::mem::take(&mut self.changes), all) {
            (Changes::Unknown, true) => Changes::All(paths),
            (Changes::All(mut known), true) => {
                known.extend(paths);
                Changes::All(known)
            }
            _ => Changes::Partial,
        };
    }

    /// The last load's listing of content/, if every change since then is known and none
    /// of them added or removed a file there.
    fn listing(&self, content_dir: &Path) -> Option<Vec<PathBuf>> {
        let (Changes::All(changed), Some(listed)) = (&self.changes, &self.listed) else {
            return None;
        };
        let same = changed
            .iter()
            .filter(|p| p.starts_with(content_dir))
            .all(|p| listed.binary_search(p).is_ok() && p.is_file());
        same.then(|| listed.clone())
    }

    /// Loads `files`, reusing what is cached for a file with the same stamp, and keeps
    /// only these files afterwards. `trusted`: the files are the last load's listing and
    /// only the files said to have changed did, so the others are reused without looking
    /// at their stamps. `complete`: `files` is a listing without problems, which a later
    /// trusted load may reuse.
    fn load(
        &mut self,
        root: &Path,
        content_dir: &Path,
        files: Vec<PathBuf>,
        trusted: bool,
        complete: bool,
    ) -> Vec<LoadResult> {
        if !trusted {
            // Walked folder by folder, each sorted by name: the order of paths, which the
            // binary search in `listing` needs.
            self.listed = (complete && files.is_sorted()).then(|| files.clone());
        }
        self.changes = Changes::Unknown;
        // (stamp, result, read now)
        let loaded: Vec<(Option<Stamp>, LoadResult, bool)> = files
            .par_iter()
            .map(|path| {
                let cached = self.files.get(path);
                let stamp = match cached {
                    Some((old, _)) if trusted => Some(*old),
                    _ => stamp(path),
                };
                match cached.filter(|(old, _)| stamp.as_ref() == Some(old)) {
                    Some((_, result)) => (stamp, result.clone(), false),
                    None => (stamp, load_file(root, content_dir, path), true),
                }
            })
            .collect();
        // A trusted listing is the cached one: only what was read now is new. Otherwise the
        // cache keeps just the files listed now.
        if !trusted {
            self.files.clear();
        }
        files
            .into_iter()
            .zip(loaded)
            .map(|(path, (stamp, result, read))| {
                if let Some(stamp) = stamp
                    && (read || !trusted)
                {
                    self.files.insert(path, (stamp, result.clone()));
                }
                result
            })
            .collect()
    }
}

#[derive(Clone)]
enum Loaded {
    Person(Arc<Person>),
    Employer(EmployerFile),
    Talk(TalkFile),
    Page(PageFile),
    Index(PageFile),
}

/// Editor leftovers and hidden files are never content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

fn load_file(root: &Path, content_dir: &Path, path: &Path) -> LoadResult {
    let rel_to_content = path.strip_prefix(content_dir).unwrap_or(path);
    if rel_to_content
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return Ok(None);
    }
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        return Ok(None); // assets beside a folder profile; copied by the output stage
    }
    let parts: Vec<String> = rel_to_content
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem = |name: &str| name.trim_end_matches(".md").to_string();
    enum Kind {
        Person(String, Option<PathBuf>),
        Employer,
        Talk,
        Page(String),
        Index,
    }
    let kind = match parts.as_slice() {
        ["index.md"] => Kind::Index,
        ["people", file] => Kind::Person(stem(file), None),
        ["people", folder, "index.md"] => {
            Kind::Person(folder.to_string(), path.parent().map(Path::to_path_buf))
        }
        ["people", _, ..] => return Ok(None), // a markdown asset inside a profile folder
        ["employers", _] => Kind::Employer,
        ["talks", _] => Kind::Talk,
        ["pages", file] => Kind::Page(stem(file)),
        _ => {
            return Err(Diagnostic::file(
                &relative(root, path),
                "folio does not know what this file is",
            )
            .help("content/ holds index.md, people/<slug>.md, people/<slug>/index.md, employers/<slug>.md, talks/<slug>.md and pages/<slug>.md").into());
        }
    };

    let source = read_source(root, path)?;
    let split = front_matter::split(&source)?;
    let body = split.body.to_string();
    let body_offset = split.body_offset;
    Ok(Some(match kind {
        Kind::Person(file_slug, folder) => Loaded::Person(Arc::new(Person {
            front: within_limits(front_matter::parse(&source, &split)?, &source)?,
            file_slug,
            folder,
            disk_path: path.to_path_buf(),
            body_offset,
            links_inside: source.text.contains("@/"),
            source,
        })),
        Kind::Employer => Loaded::Employer(EmployerFile {
            front: front_matter::parse(&source, &split)?,
            body,
            body_offset,
            source,
        }),
        Kind::Talk => Loaded::Talk(TalkFile {
            front: front_matter::parse(&source, &split)?,
            body,
            body_offset,
            source,
        }),
        Kind::Page(file_slug) => Loaded::Page(PageFile {
            front: front_matter::parse(&source, &split)?,
            file_slug,
            body,
            body_offset,
            source,
        }),
        Kind::Index => Loaded::Index(PageFile {
            front: front_matter::parse(&source, &split)?,
            file_slug: String::new(),
            body,
            body_offset,
            source,
        }),
    }))
}

/// The most entries a profile may list of each kind (roles, talks, skills...). The longest
/// real CVs list a few dozen; each new employer, talk and skill is a page of the site, so
/// one contributor's file must not be able to make a hundred thousand of them.
pub const MAX_ENTRIES: usize = 500;

/// `front`, if no list in it is longer than [`MAX_ENTRIES`].
fn within_limits(front: PersonFront, source: &SourceFile) -> Result<PersonFront, Diagnostic> {
    let skills: std::collections::HashSet<&str> = front
        .skills
        .groups()
        .into_iter()
        .flat_map(|(_, names)| names.iter())
        .chain(front.experience.iter().flat_map(|r| &r.technologies))
        .map(String::as_str)
        .collect();
    let with = front.talks.iter().map(|t| t.with.len()).max().unwrap_or(0);
    let lists = [
        (
            "skills",
            "skills (with every role's technologies)",
            skills.len(),
        ),
        ("experience", "roles", front.experience.len()),
        ("talks", "talks", front.talks.len()),
        ("with", "co-speakers on one talk", with),
        ("education", "education entries", front.education.len()),
        ("projects", "projects", front.projects.len()),
        ("writing", "pieces of writing", front.writing.len()),
        ("links", "links", front.links.len()),
        (
            "spoken_languages",
            "languages",
            front.spoken_languages.len(),
        ),
    ];
    for (field, what, count) in lists {
        if count > MAX_ENTRIES {
            return Err(Diagnostic::near(
                source,
                &[field],
                format!("this profile lists {count} {what}; a profile may list at most {MAX_ENTRIES}"),
            )
            .help("each employer, talk and skill becomes a page of the site: list what the person really has"));
        }
    }
    Ok(front)
}

/// The largest content file folio reads: a long profile is tens of kilobytes.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Reads a content file as text: UTF-8 only, a byte-order mark dropped.
fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_SIZE {
        return Err(Diagnostic::file(&rel, format!("this file is {:.1} MB; content files may be at most {} MB", size as f64 / 1e6, MAX_FILE_SIZE / (1024 * 1024)))
            .help("a profile is text: put large files (PDFs, videos) beside it in people/<slug>/ and link them"));
    }
    let bytes = crate::timing::measure(crate::timing::Work::Reading, || fs::read(path))
        .map_err(|e| Diagnostic::file(&rel, e.source.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let mut d = Diagnostic::file(
            &rel,
            format!("this file is not UTF-8 text (invalid byte on line {line})"),
        );
        d.line = line;
        d.help("save the file as UTF-8")
    })?;
    Ok(SourceFile::new(rel, text))
}

/// A path shown to the user: relative to the site root.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_refuses_script_urls() {
        assert!(Link::parse("javascript:alert(1)").is_err());
        assert!(Link::parse("JavaScript:alert(1)").is_err());
        assert!(Link::parse("data:text/html,<script>").is_err());
        assert!(Link::parse("https://example.com").is_ok());
        assert!(Link::parse("mailto:a@b.c").is_ok());
        assert!(Link::parse("cv.txt").is_ok());
        assert!(Link::parse("/files/a.pdf?x=1:2").is_ok());
        assert!(Link::parse("//cdn.example.org/a.png").is_ok());
    }

    /// A browser reads these as another site or as script; `folio check` and the build
    /// must refuse them alike.
    #[test]
    fn link_refuses_urls_that_lead_elsewhere_than_they_seem() {
        for bad in [
            "https:javascript:alert(1)",
            "https:/evil.example",
            "https:///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "///evil.example",
            "java\tscript:alert(1)",
            "mailto:",
            "vbscript:msgbox(1)",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad:?}");
        }
        let why = Link::parse("/\\evil.example").unwrap_err();
        assert!(why.contains("backslash"), "{why}");
        let why = Link::parse("https:javascript:alert(1)").unwrap_err();
        assert!(why.contains("https://"), "{why}");
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".guido.md.swp",
            "guido.md~",
            "#guido.md#",
            ".#guido.md",
            "4913.tmp",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("guido.md"));
    }

    /// The dev server's cache, told every change by its watcher: it rereads what it is told,
    /// trusts the rest, and lists the folder again when a file appears or goes.
    #[test]
    fn a_cache_told_every_change_rereads_only_those_and_notices_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        let profile = |name: &str| format!("+++\nname = \"{name}\"\n+++\nA bio.\n");
        let write =
            |file: &str, name: &str| std::fs::write(people.join(file), profile(name)).unwrap();
        let names = |content: &Content| -> Vec<String> {
            let mut names: Vec<String> = content
                .people
                .iter()
                .map(|p| p.front.name.clone())
                .collect();
            names.sort();
            names
        };
        write("ada.md", "Ada");
        write("bob.md", "Bob");
        let mut cache = Cache::default();
        let (content, problems) =
            Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&content), ["Ada", "Bob"]);

        // Both change; only Ada is named, so Bob's old profile is trusted.
        write("ada.md", "Ada Lovelace");
        write("bob.md", "Bob Babbage");
        cache.changed(vec![people.join("ada.md")], true);
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Bob"]);

        // A new file: the folder is listed again, and every file's stamp looked at.
        write("cy.md", "Cy");
        cache.changed(vec![people.join("cy.md")], true);
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Bob Babbage", "Cy"]);

        // A file gone.
        std::fs::remove_file(people.join("bob.md")).unwrap();
        cache.changed(vec![people.join("bob.md")], true);
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Cy"]);

        // Without the list of changes, every stamp is looked at.
        write("cy.md", "Cy Young, renamed");
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert_eq!(names(&content), ["Ada Lovelace", "Cy Young, renamed"]);
    }

    /// The dev server says what changed before each build, but a build that fails before
    /// reading content (a broken site.toml) loads nothing: what it was told must add up.
    #[test]
    fn changes_said_before_a_build_that_read_nothing_are_kept_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        let write = |file: &str, name: &str| {
            std::fs::write(people.join(file), format!("+++\nname = \"{name}\"\n+++\n")).unwrap()
        };
        let has =
            |content: &Content, name: &str| content.people.iter().any(|p| p.front.name == name);
        write("ada.md", "Ada");
        let mut cache = Cache::default();
        Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));

        // A profile added, then site.toml: the new file is not forgotten.
        write("cy.md", "Cy");
        cache.changed(vec![people.join("cy.md")], true);
        cache.changed(vec![root.join("site.toml")], true);
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert!(
            has(&content, "Cy"),
            "the profile added before site.toml was fixed"
        );

        // One batch with a watcher problem among complete ones: every stamp is looked at.
        write("ada.md", "Ada Lovelace, unnamed");
        cache.changed(vec![people.join("cy.md")], true);
        cache.changed(vec![], false);
        cache.changed(vec![people.join("cy.md")], true);
        let (content, _) = Content::load_cached(root, &Confine::new(root, false), Some(&mut cache));
        assert!(has(&content, "Ada Lovelace, unnamed"));
    }

    /// A profile reached through a symbolic link may be edited where no watcher looks: its
    /// stamp is always looked at.
    #[cfg(unix)]
    #[test]
    fn a_cache_does_not_trust_files_behind_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let people = root.join("content/people");
        std::fs::create_dir_all(&people).unwrap();
        // Inside the site, outside content/: a link there is followed.
        let elsewhere = root.join("shared/ada.md");
        std::fs::create_dir_all(root.join("shared")).unwrap();
        let profile = |name: &str| format!("+++\nname = \"{name}\"\n+++\nA bio.\n");
        std::fs::write(&elsewhere, profile("Ada")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, people.join("ada.md")).unwrap();
        std::fs::write(people.join("bob.md"), profile("Bob")).unwrap();
        let mut cache = Cache::default();
        Content::load_cached(&root, &Confine::new(&root, false), Some(&mut cache));
        std::fs::write(&elsewhere, profile("Ada Lovelace, longer")).unwrap();
        cache.changed(vec![people.join("bob.md")], true);
        let (content, _) =
            Content::load_cached(&root, &Confine::new(&root, false), Some(&mut cache));
        assert!(
            content
                .people
                .iter()
                .any(|p| p.front.name == "Ada Lovelace, longer")
        );
    }
}
