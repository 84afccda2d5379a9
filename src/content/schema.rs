//! What content files say: the fields of profiles, employer, talk and page files.

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::Deserialize;

use super::*;
use crate::dates::Date;
use crate::diagnostic::SourceFile;

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

impl PersonFront {
    /// The skill names a profile uses, in the order they are resolved: its skills, then
    /// each role's technologies.
    pub fn skill_names(&self) -> impl Iterator<Item = &str> {
        let listed = self
            .skills
            .groups()
            .into_iter()
            .flat_map(|(_, names)| names);
        let technologies = self.experience.iter().flat_map(|r| &r.technologies);
        listed.chain(technologies).map(String::as_str)
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
    /// Published (page, vCard, JSON Resume) only because the person wrote it here.
    pub phone: Option<String>,
    #[serde(default)]
    pub skills: Skills,
    /// A level for a skill group (or a skill of a flat list), by its name: "Expert".
    #[serde(default)]
    pub skill_levels: IndexMap<String, String>,
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
    #[serde(default)]
    pub volunteer: Vec<Volunteer>,
    #[serde(default)]
    pub awards: Vec<Award>,
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    #[serde(default)]
    pub interests: Vec<Interest>,
    #[serde(default)]
    pub references: Vec<Reference>,
    /// What an imported JSON Resume held that folio has no field for, by where it was
    /// (`hobbies`, `basics.nickname`, `experience[2].contact`): written back to the person's
    /// resume.json, never shown on the page.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
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
    /// Optional: some CVs list earlier roles without dates.
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub location: Option<String>,
    pub team: Option<String>,
    /// The employer's website as the person gives it (JSON Resume's `work[].url`).
    pub url: Option<Link>,
    #[serde(default)]
    pub technologies: Vec<String>,
    pub highlights: Option<String>,
}

impl Role {
    /// Whether the role goes on: it started and has no end (a role without dates does not).
    pub fn is_current(&self) -> bool {
        self.start.is_some() && self.end.is_none()
    }

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
    /// Optional: a CV may name a degree without its school.
    pub institution: Option<String>,
    pub degree: Option<String>,
    pub field: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub location: Option<String>,
    /// A grade: "3.8/4", "First class honours".
    pub score: Option<String>,
    pub url: Option<Link>,
    #[serde(default)]
    pub courses: Vec<String>,
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
    /// Markdown, like a role's.
    pub highlights: Option<String>,
    /// Technologies or topics; unlike a role's technologies, not skills of the person.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The company, conference or community the project was for.
    pub entity: Option<String>,
    /// What kind of project: "application", "volunteering", "talk"...
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// Unpaid work: `[[volunteer]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volunteer {
    pub organization: String,
    pub title: Option<String>,
    pub url: Option<Link>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Markdown, like a role's.
    pub highlights: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub title: String,
    pub date: Option<Date>,
    pub awarder: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub name: String,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub url: Option<Link>,
}

/// Something the person cares about outside work, with its particulars.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    pub name: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// What someone said about the person (markdown), and who said it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub name: Option<String>,
    pub reference: String,
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
