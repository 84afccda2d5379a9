//! Markdown and templates: every page of the site rendered in memory, in parallel.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::content::{Link, Person, Role};
use crate::dates::{self, Date};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::{self, Markdown};
use crate::site::{AbstractSource, Site, SitePerson, Talk};
use crate::theme;

/// A file of the site: its path under the output folder and its bytes.
pub type OutputFile = (PathBuf, Vec<u8>);

/// The site in memory: pages to write and files to copy.
#[derive(Debug, Default)]
pub struct Rendered {
    /// (path under the output folder, bytes), sorted by path.
    pub files: Vec<OutputFile>,
    /// (source file, path under the output folder).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub counts: PageCounts,
    /// The path of base_url (`/` or `/repo/`), where the files are published.
    pub root: String,
    /// What each HTML page was made from, for reporting its broken links.
    pub origins: BTreeMap<PathBuf, Origin>,
}

/// The template a page was rendered with, and the content file it shows, if one.
#[derive(Debug, Clone)]
pub struct Origin {
    pub template: String,
    pub source: Option<SourceFile>,
}

/// How many HTML pages of each kind a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageCounts {
    pub people: usize,
    pub employers: usize,
    pub talks: usize,
    pub skills: usize,
    pub pages: usize,
    /// Home, the three indexes and 404.
    pub other: usize,
}

impl PageCounts {
    pub fn total(&self) -> usize {
        self.people + self.employers + self.talks + self.skills + self.pages + self.other
    }
}

impl fmt::Display for PageCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} ({}, {}, {}, {}, {}, {})",
            plural(self.total(), "page", "pages"),
            plural(self.people, "person", "people"),
            plural(self.employers, "employer", "employers"),
            plural(self.talks, "talk", "talks"),
            plural(self.skills, "skill", "skills"),
            plural(self.pages, "free page", "free pages"),
            plural(self.other, "index", "indexes")
        )
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Person(usize),
    Employers,
    Employer(usize),
    Talks,
    Talk(usize),
    Skills,
    Skill(usize),
    Page(usize),
    NotFound,
}

/// Loads the templates: the built-in theme, then the site's own `templates/` over it by name.
pub fn load_templates(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = theme::TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                (PathBuf::from("(built-in)").join(name), text.to_string()),
            )
        })
        .collect();
    let dir = root.join("templates");
    let mut problems = Vec::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(Diagnostic::file(Path::new("templates"), e.to_string()));
                    continue;
                }
            };
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if !entry.file_type().is_file()
                || name.split('/').any(|p| p.starts_with('.'))
                || name.ends_with('~')
            {
                continue;
            }
            let rel = crate::content::relative(root, entry.path());
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, (rel, text));
                }
                Err(e) => {
                    problems.push(Diagnostic::file(&rel, format!("cannot read template: {e}")))
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str())),
    )
    .map_err(|e| vec![template_error(&e, &sources)])?;
    Ok(tera)
}

/// A template error, located in the template file when Tera says which.
fn template_error(
    error: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> Diagnostic {
    let message = error_chain(error);
    // Tera points at the file as ` --> name:line:column`.
    let pointed = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .map(str::trim);
    let name = pointed
        .and_then(|p| sources.keys().find(|name| name.as_str() == p))
        .or_else(|| sources.keys().find(|name| message.contains(name.as_str())));
    let path = name
        .and_then(|n| sources.get(n))
        .map_or(PathBuf::from("templates"), |(p, _)| p.clone());
    Diagnostic::file(&path, format!("template error: {message}"))
        .help("templates use Tera 2 syntax: https://keats.github.io/tera/")
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// Where rendered files go as they are made: memory (check, serve) or the
/// output's staging folder (build), so a large site is never held whole.
pub trait Sink: Sync {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<(), Diagnostic>;
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Memory(std::sync::Mutex<Vec<OutputFile>>);

impl Sink for Memory {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, bytes));
        Ok(())
    }
}

impl Memory {
    /// `rendered` with the files this sink collected, sorted by path.
    pub fn into_rendered(self, mut rendered: Rendered) -> Rendered {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        rendered.files = files;
        rendered
    }
}

/// Renders every page of the site in memory.
pub fn render(site: &Site, root: &Path) -> Result<Rendered, Vec<Diagnostic>> {
    let memory = Memory::default();
    let rendered = render_into(site, root, &memory, None)?;
    Ok(memory.into_rendered(rendered))
}

/// Renders every page of the site, handing each file to `sink` as it is made.
/// The returned [`Rendered`] lists the files to copy and what each page came from.
/// `remembered` is a markdown renderer kept across rebuilds (the dev server's);
/// a fresh one is made when there is none or its settings differ.
pub fn render_into(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    remembered: Option<&Markdown>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut tera = load_templates(root)?;
    tera.global_context().insert("site", &SiteView::new(site));
    let allow_html = site.config.markdown.allow_html;
    let fresh;
    let markdown = match remembered.filter(|m| m.allow_html() == allow_html) {
        Some(m) => {
            m.next_generation();
            m
        }
        None => {
            fresh = Markdown::new(allow_html);
            &fresh
        }
    };
    let renderer = Renderer {
        site,
        tera: &tera,
        markdown,
    };

    // Each person's own page is rendered as soon as their profile is prepared,
    // so the whole profile is never kept for every person at once.
    let prepared: Vec<Result<(Prepared, PathBuf, Origin), Vec<Diagnostic>>> = site
        .people
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (prepared, profile) = renderer.prepare_person(p)?;
            let ((path, bytes), origin) = renderer.page(Job::Person(i), &[], Some(&profile))?;
            sink.put(path.clone(), bytes).map_err(|d| vec![d])?;
            Ok((prepared, path, origin))
        })
        .collect();
    let mut problems = Vec::new();
    let mut people = Vec::with_capacity(prepared.len());
    let mut person_pages = Vec::with_capacity(prepared.len());
    for result in prepared {
        match result {
            Ok((p, path, origin)) => {
                people.push(p);
                person_pages.push((path, origin));
            }
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut jobs = vec![
        Job::Home,
        Job::Employers,
        Job::Talks,
        Job::Skills,
        Job::NotFound,
    ];
    jobs.extend((0..site.employers.len()).map(Job::Employer));
    jobs.extend((0..site.talks.len()).map(Job::Talk));
    jobs.extend((0..site.skills.len()).map(Job::Skill));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    let pages: Vec<Result<(PathBuf, Origin), Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|&job| {
            let ((path, bytes), origin) = renderer.page(job, &people, None)?;
            sink.put(path.clone(), bytes).map_err(|d| vec![d])?;
            Ok((path, origin))
        })
        .collect();

    let mut rendered = Rendered {
        root: site.root().to_string(),
        ..Rendered::default()
    };
    rendered.origins.extend(person_pages);
    for page in pages {
        match page {
            Ok((path, origin)) => {
                rendered.origins.insert(path, origin);
            }
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let css = markdown::syntax_css(
        &site.config.markdown.highlight_theme,
        &site.config.markdown.highlight_theme_dark,
    )
    .map_err(|m| vec![Diagnostic::file(Path::new("site.toml"), m)])?;
    let put = |path: PathBuf, bytes: Vec<u8>| sink.put(path, bytes).map_err(|d| vec![d]);
    put("syntax.css".into(), css.into_bytes())?;
    rendered.counts = PageCounts {
        people: site.people.len(),
        employers: site.employers.len(),
        talks: site.talks.len(),
        skills: site.skills.len(),
        pages: site.pages.len(),
        other: 5,
    };
    for person in &site.people {
        let folder = page_path(site, &person.url);
        for (source, name) in &person.assets {
            rendered.copies.push((source.clone(), folder.join(name)));
        }
    }
    crate::publish::files(site, sink)?;
    for (path, bytes) in static_files(root, &mut rendered) {
        put(path, bytes)?;
    }
    rendered.copies.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(rendered)
}

/// The site's `static/` files to copy, and the built-in ones it does not replace.
fn static_files(root: &Path, rendered: &mut Rendered) -> Vec<OutputFile> {
    let dir = root.join("static");
    let mut own = std::collections::HashSet::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                own.insert(rel.clone());
                rendered.copies.push((entry.path().to_path_buf(), rel));
            }
        }
    }
    theme::STATIC
        .iter()
        .filter(|(name, _)| !own.contains(Path::new(name)))
        .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
        .collect()
}

/// Where a page with this URL is written, under the output folder.
fn page_path(site: &Site, url: &str) -> PathBuf {
    PathBuf::from(url.strip_prefix(site.root()).unwrap_or(url))
}

/// Ids the built-in templates give to page parts (the person page's sections,
/// the skip link's target), which headings inside markdown must not take.
const RESERVED_IDS: &[&str] = &[
    "main",
    "about",
    "experience",
    "talks",
    "education",
    "projects",
    "writing",
    "skills",
    "languages",
    "people",
    "people-heading",
    "abstract-heading",
];

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    markdown: &'a Markdown,
}

/// A person's parts that other pages reuse, rendered once.
struct Prepared {
    card: Value,
    /// One per role, in the profile's order.
    roles: Vec<Value>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    root: &'a str,
    language: &'a str,
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

impl<'a> SiteView<'a> {
    fn new(site: &'a Site) -> Self {
        let root = site.root();
        let mut nav = vec![
            NavItem {
                title: "People".into(),
                url: root.to_string(),
            },
            NavItem {
                title: "Employers".into(),
                url: format!("{root}employers/"),
            },
            NavItem {
                title: "Talks".into(),
                url: format!("{root}talks/"),
            },
            NavItem {
                title: "Skills".into(),
                url: format!("{root}skills/"),
            },
        ];
        nav.extend(
            site.pages
                .iter()
                .filter(|p| p.page.front.menu)
                .map(|p| NavItem {
                    title: p.page.front.title.clone(),
                    url: p.url.clone(),
                }),
        );
        SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            base_url: &site.config.base_url,
            root,
            language: &site.config.language,
            nav,
        }
    }
}

#[derive(Serialize)]
struct Card<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    headline: Option<&'a str>,
    location: Option<&'a str>,
    summary: String,
    avatar_url: Option<String>,
    initials: String,
    current_role: Option<CurrentRole<'a>>,
    top_skills: Vec<SkillRef<'a>>,
}

#[derive(Serialize)]
struct CurrentRole<'a> {
    title: &'a str,
    employer: &'a str,
    employer_url: &'a str,
}

#[derive(Serialize, Clone, Copy)]
struct SkillRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct RoleView<'a> {
    title: &'a str,
    employer: &'a str,
    employer_url: &'a str,
    start: String,
    end: Option<String>,
    dates: String,
    location: Option<&'a str>,
    team: Option<&'a str>,
    technologies: Vec<SkillRef<'a>>,
    highlights_html: Option<String>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    #[serde(flatten)]
    card: &'a Card<'a>,
    bio_html: String,
    links: Vec<LinkView>,
    spoken_languages: Vec<LanguageView<'a>>,
    skill_groups: Vec<SkillGroup<'a>>,
    skills: Vec<SkillRef<'a>>,
    experience: Vec<ExperienceGroup<'a>>,
    talks: Vec<TalkSummary<'a>>,
    education: Vec<EducationView<'a>>,
    projects: Vec<ProjectView<'a>>,
    writing: Vec<WritingView<'a>>,
    resume_url: String,
    vcard_url: String,
}

#[derive(Serialize)]
struct LinkView {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    name: &'a str,
    level: Option<&'a str>,
}

#[derive(Serialize)]
struct SkillGroup<'a> {
    /// The group's key made readable: `cloud_platforms` -> "cloud platforms".
    name: Option<String>,
    skills: Vec<SkillRef<'a>>,
}

#[derive(Serialize)]
struct ExperienceGroup<'a> {
    employer: &'a str,
    employer_url: &'a str,
    roles: Vec<Value>,
}

#[derive(Serialize)]
struct TalkSummary<'a> {
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    event: &'a str,
    date: String,
    year: u16,
    location: Option<&'a str>,
    speakers: Vec<SpeakerView<'a>>,
}

#[derive(Serialize)]
struct SpeakerView<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EducationView<'a> {
    institution: &'a str,
    degree: Option<&'a str>,
    field: Option<&'a str>,
    dates: Option<String>,
    location: Option<&'a str>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct ProjectView<'a> {
    name: &'a str,
    url: Option<String>,
    role: Option<&'a str>,
    dates: Option<String>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct WritingView<'a> {
    title: &'a str,
    url: Option<String>,
    date: Option<String>,
    publisher: Option<&'a str>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct EmployerSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    people_count: usize,
    role_count: usize,
    website: Option<&'a str>,
}

#[derive(Serialize)]
struct EmployerView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    website: Option<&'a str>,
    aliases: &'a [String],
    logo_url: Option<String>,
    description_html: Option<String>,
    people: Vec<Member>,
}

#[derive(Serialize)]
struct Member {
    person: Value,
    roles: Vec<Value>,
}

#[derive(Serialize)]
struct TalkView<'a> {
    #[serde(flatten)]
    summary: TalkSummary<'a>,
    abstract_html: Option<String>,
    body_html: Option<String>,
    link: Option<&'a str>,
    slides: Option<&'a str>,
    video: Option<&'a str>,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: u16,
    talks: Vec<TalkSummary<'a>>,
}

#[derive(Serialize)]
struct SkillSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct SkillView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    people: Vec<Value>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    content_html: String,
    description: Option<&'a str>,
}

/// "Guido Iaquinti" -> "GI"; one name -> its first letter.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => String::new(),
        [one] => first(one),
        [a, .., b] => first(a) + &first(b),
    }
}

/// Newest first: current roles, then by end, then by start.
fn role_order(role: &Role) -> std::cmp::Reverse<(bool, Date, Date)> {
    std::cmp::Reverse((
        role.end.is_none(),
        role.end.unwrap_or(role.start),
        role.start,
    ))
}

/// A link label from its key: "github" -> "GitHub", "personal_site" -> "Personal site".
pub(crate) fn link_label(key: &str) -> String {
    match key.to_lowercase().as_str() {
        "github" => "GitHub".into(),
        "gitlab" => "GitLab".into(),
        "linkedin" => "LinkedIn".into(),
        "twitter" => "Twitter".into(),
        "x" => "X".into(),
        "cv" => "CV".into(),
        "email" => "Email".into(),
        "stackoverflow" => "Stack Overflow".into(),
        "youtube" => "YouTube".into(),
        "mastodon" => "Mastodon".into(),
        _ => {
            let spaced = key.replace(['_', '-'], " ");
            let mut chars = spaced.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

impl<'a> Renderer<'a> {
    /// Renders a markdown field, turning bad links into located diagnostics.
    /// `offset` is where `text` starts in the file when it is a verbatim slice
    /// (a body); for front matter fields the link is looked up in the file.
    fn markdown(
        &self,
        text: &str,
        source: &SourceFile,
        offset: Option<usize>,
        top_heading: u8,
    ) -> Result<String, Vec<Diagnostic>> {
        let cx = markdown::Context {
            internal_links: &self.site.internal_links,
            top_heading,
            reserved_ids: RESERVED_IDS,
        };
        self.markdown.render(text, &cx).map_err(|bad| {
            bad.into_iter()
                .map(|link| {
                    let start = match offset {
                        Some(o) => o + link.range.start,
                        None => source.text.find(&link.target).unwrap_or(0),
                    };
                    let end = match offset {
                        Some(o) => o + link.range.end,
                        None => start + link.target.len(),
                    };
                    let help = if link.target.starts_with("@/") {
                        "internal links name a file under content/, e.g. @/people/ada-lovelace.md"
                    } else {
                        "links may use http, https or mailto, or be relative"
                    };
                    Diagnostic::at(source, start..end, link.reason).help(help)
                })
                .collect()
        })
    }

    fn field(
        &self,
        text: &Option<String>,
        source: &SourceFile,
    ) -> Result<Option<String>, Vec<Diagnostic>> {
        match text.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => self.markdown(t, source, None, 4).map(Some),
            _ => Ok(None),
        }
    }

    fn skill_ref(&self, id: usize) -> SkillRef<'a> {
        let skill = &self.site.skills[id];
        SkillRef {
            name: &skill.name,
            slug: &skill.slug,
            url: &skill.url,
        }
    }

    /// A relative URL from a profile, made to point beside the person's page.
    fn person_link(&self, person: &SitePerson, link: &Link) -> String {
        link.beside(&person.url)
    }

    fn talk_summary(&self, talk: &'a Talk) -> TalkSummary<'a> {
        TalkSummary {
            title: &talk.title,
            slug: &talk.slug,
            url: &talk.url,
            event: &talk.event,
            date: talk.date.display(),
            year: talk.date.year,
            location: talk.location.as_deref(),
            speakers: talk
                .speakers
                .iter()
                .map(|s| match s.person {
                    Some(p) => SpeakerView {
                        name: &self.site.people[p].person.front.name,
                        url: Some(&self.site.people[p].url),
                    },
                    None => SpeakerView {
                        name: &s.name,
                        url: None,
                    },
                })
                .collect(),
        }
    }

    /// A person's card and roles for other pages, and the whole profile for their own page.
    fn prepare_person(&self, sp: &'a SitePerson) -> Result<(Prepared, Value), Vec<Diagnostic>> {
        let site = self.site;
        let person: &Person = &sp.person;
        let front = &person.front;
        let source = &person.source;
        let mut problems = Vec::new();
        let mut ok = |r: Result<Option<String>, Vec<Diagnostic>>| {
            r.unwrap_or_else(|d| {
                problems.extend(d);
                None
            })
        };

        let mut order: Vec<usize> = (0..front.experience.len()).collect();
        order.sort_by_key(|&i| role_order(&front.experience[i]));
        let current_role = order
            .first()
            .map(|&i| &front.experience[i])
            .filter(|r| r.end.is_none())
            .map(|r| {
                let e = &site.employers[sp.role_employers[order[0]]];
                CurrentRole {
                    title: &r.title,
                    employer: &e.name,
                    employer_url: &e.url,
                }
            });
        let summary = match &front.summary {
            Some(s) => s.trim().to_string(),
            None => markdown::first_paragraph_text(&person.body),
        };
        let card = Card {
            name: &front.name,
            slug: &sp.slug,
            url: &sp.url,
            headline: front.headline.as_deref(),
            location: front.location.as_deref(),
            summary,
            avatar_url: front.avatar.as_ref().map(|a| self.person_link(sp, a)),
            initials: initials(&front.name),
            current_role,
            top_skills: sp
                .all_skills
                .iter()
                .take(6)
                .map(|&s| self.skill_ref(s))
                .collect(),
        };

        let roles: Vec<Value> = front
            .experience
            .iter()
            .enumerate()
            .map(|(i, role)| {
                let employer = &site.employers[sp.role_employers[i]];
                let view = RoleView {
                    title: &role.title,
                    employer: &role.employer,
                    employer_url: &employer.url,
                    start: role.start.to_string(),
                    end: role.end.map(|d| d.to_string()),
                    dates: dates::range(Some(&role.start), role.end.as_ref()),
                    location: role.location.as_deref(),
                    team: role.team.as_deref(),
                    technologies: sp.role_technologies[i]
                        .iter()
                        .map(|&s| self.skill_ref(s))
                        .collect(),
                    highlights_html: ok(self.field(&role.highlights, source)),
                };
                Value::from_serializable(&view)
            })
            .collect();

        let mut experience: Vec<ExperienceGroup> = Vec::new();
        for &i in &order {
            let employer = &site.employers[sp.role_employers[i]];
            match experience.last_mut() {
                Some(group) if group.employer_url == employer.url => {
                    group.roles.push(roles[i].clone())
                }
                _ => experience.push(ExperienceGroup {
                    employer: &front.experience[i].employer,
                    employer_url: &employer.url,
                    roles: vec![roles[i].clone()],
                }),
            }
        }

        let mut talks: Vec<&Talk> = sp.talk_ids.iter().map(|&t| &site.talks[t]).collect();
        talks.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
        talks.dedup_by(|a, b| a.slug == b.slug);

        let bio_html = ok(self
            .markdown(&person.body, source, Some(person.body_offset), 3)
            .map(Some))
        .unwrap_or_default();
        let education = front
            .education
            .iter()
            .map(|e| EducationView {
                institution: &e.institution,
                degree: e.degree.as_deref(),
                field: e.field.as_deref(),
                dates: (e.start.is_some() || e.end.is_some())
                    .then(|| dates::range(e.start.as_ref(), e.end.as_ref().or(e.start.as_ref()))),
                location: e.location.as_deref(),
                description_html: ok(self.field(&e.description, source)),
            })
            .collect();
        let projects = front
            .projects
            .iter()
            .map(|p| ProjectView {
                name: &p.name,
                url: p.url.as_ref().map(|u| self.person_link(sp, u)),
                role: p.role.as_deref(),
                dates: (p.start.is_some() || p.end.is_some())
                    .then(|| dates::range(p.start.as_ref(), p.end.as_ref())),
                description_html: ok(self.field(&p.description, source)),
            })
            .collect();
        let writing = front
            .writing
            .iter()
            .map(|w| WritingView {
                title: &w.title,
                url: w.url.as_ref().map(|u| self.person_link(sp, u)),
                date: w.date.map(|d| d.display()),
                publisher: w.publisher.as_deref(),
                description_html: ok(self.field(&w.description, source)),
            })
            .collect();
        let mut links: Vec<LinkView> = front
            .links
            .iter()
            .map(|(key, link)| LinkView {
                label: link_label(key),
                url: self.person_link(sp, link),
            })
            .collect();
        if let Some(email) = &front.email {
            links.push(LinkView {
                label: "Email".into(),
                url: format!("mailto:{email}"),
            });
        }

        let view = PersonView {
            card: &card,
            bio_html,
            links,
            spoken_languages: front
                .spoken_languages
                .iter()
                .map(|l| LanguageView {
                    name: &l.name,
                    level: l.level.as_deref(),
                })
                .collect(),
            skill_groups: sp
                .skill_groups
                .iter()
                .map(|(name, ids)| SkillGroup {
                    name: name.as_deref().map(|n| n.replace(['_', '-'], " ")),
                    skills: ids.iter().map(|&s| self.skill_ref(s)).collect(),
                })
                .collect(),
            skills: sp.all_skills.iter().map(|&s| self.skill_ref(s)).collect(),
            experience,
            talks: talks.into_iter().map(|t| self.talk_summary(t)).collect(),
            education,
            projects,
            writing,
            resume_url: crate::publish::resume_url(sp),
            vcard_url: crate::publish::vcard_url(sp),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((
            Prepared {
                card: Value::from_serializable(&card),
                roles,
            },
            Value::from_serializable(&view),
        ))
    }

    /// Renders one page to (path under the output, bytes).
    /// Renders one page; `person` is the whole profile, for a person's own page.
    fn page(
        &self,
        job: Job,
        people: &[Prepared],
        person: Option<&Value>,
    ) -> Result<(OutputFile, Origin), Vec<Diagnostic>> {
        let site = self.site;
        let root = site.root();
        let mut cx = Context::new();
        let (template, url, title, description): (&str, String, String, String) = match job {
            Job::Home => {
                let intro = match &site.index {
                    Some(index) => {
                        self.markdown(&index.body, &index.source, Some(index.body_offset), 2)?
                    }
                    None => String::new(),
                };
                cx.insert("intro_html", &intro);
                cx.insert(
                    "people",
                    &people.iter().map(|p| p.card.clone()).collect::<Vec<_>>(),
                );
                let title = site
                    .index
                    .as_ref()
                    .map_or(site.config.title.clone(), |i| i.front.title.clone());
                let description = site
                    .index
                    .as_ref()
                    .and_then(|i| i.front.description.clone())
                    .or_else(|| site.config.description.clone())
                    .unwrap_or_else(|| {
                        format!(
                            "{} engineers: their work, talks and skills.",
                            site.people.len()
                        )
                    });
                ("index.html", root.to_string(), title, description)
            }
            Job::Person(i) => {
                let p = &site.people[i];
                cx.insert("person", &person.cloned().unwrap_or(Value::none()));
                let front = &p.person.front;
                let description = front
                    .summary
                    .clone()
                    .or_else(|| {
                        Some(markdown::first_paragraph_text(&p.person.body))
                            .filter(|s| !s.is_empty())
                    })
                    .or_else(|| front.headline.clone())
                    .unwrap_or_else(|| format!("{}'s portfolio", front.name));
                (
                    "person.html",
                    p.url.clone(),
                    front.name.clone(),
                    description,
                )
            }
            Job::Employers => {
                let list: Vec<EmployerSummary> = site
                    .employers
                    .iter()
                    .map(|e| EmployerSummary {
                        name: &e.name,
                        slug: &e.slug,
                        url: &e.url,
                        people_count: e.members.len(),
                        role_count: e.members.iter().map(|(_, r)| r.len()).sum(),
                        website: e
                            .file
                            .as_ref()
                            .and_then(|f| f.front.website.as_ref())
                            .map(|l| l.0.as_str()),
                    })
                    .collect();
                cx.insert("employers", &list);
                (
                    "employers.html",
                    format!("{root}employers/"),
                    "Employers".into(),
                    format!(
                        "Where the {} engineers on this site have worked.",
                        site.people.len()
                    ),
                )
            }
            Job::Employer(i) => {
                let e = &site.employers[i];
                let file = e.file.as_ref();
                let description_html = match file {
                    Some(f) if !f.body.trim().is_empty() => {
                        Some(self.markdown(&f.body, &f.source, Some(f.body_offset), 2)?)
                    }
                    _ => None,
                };
                let view = EmployerView {
                    name: &e.name,
                    slug: &e.slug,
                    url: &e.url,
                    website: file
                        .and_then(|f| f.front.website.as_ref())
                        .map(|l| l.0.as_str()),
                    aliases: file.map_or(&[][..], |f| &f.front.aliases),
                    logo_url: file
                        .and_then(|f| f.front.logo.as_ref())
                        .map(|l| l.beside(root)),
                    description_html,
                    people: e
                        .members
                        .iter()
                        .map(|(p, roles)| Member {
                            person: people[*p].card.clone(),
                            roles: roles.iter().map(|&r| people[*p].roles[r].clone()).collect(),
                        })
                        .collect(),
                };
                cx.insert("employer", &view);
                let description = format!(
                    "{} people on this site worked at {}.",
                    e.members.len(),
                    e.name
                );
                ("employer.html", e.url.clone(), e.name.clone(), description)
            }
            Job::Talks => {
                let mut years: Vec<YearView> = Vec::new();
                for talk in &site.talks {
                    match years.last_mut() {
                        Some(y) if y.year == talk.date.year => {
                            y.talks.push(self.talk_summary(talk))
                        }
                        _ => years.push(YearView {
                            year: talk.date.year,
                            talks: vec![self.talk_summary(talk)],
                        }),
                    }
                }
                cx.insert("years", &years);
                (
                    "talks.html",
                    format!("{root}talks/"),
                    "Talks".into(),
                    format!(
                        "{} talks given by the engineers on this site, by year.",
                        site.talks.len()
                    ),
                )
            }
            Job::Talk(i) => {
                let talk = &site.talks[i];
                let abstract_html = match talk.abstract_from {
                    Some(AbstractSource::Person(p, entry)) => {
                        let person = &site.people[p].person;
                        self.field(&person.front.talks[entry].abstract_, &person.source)?
                    }
                    Some(AbstractSource::File) => match &talk.file {
                        Some(f) => self.field(&f.front.abstract_, &f.source)?,
                        None => None,
                    },
                    None => None,
                };
                let body_html = match &talk.file {
                    Some(f) if !f.body.trim().is_empty() => {
                        Some(self.markdown(&f.body, &f.source, Some(f.body_offset), 2)?)
                    }
                    _ => None,
                };
                let view = TalkView {
                    summary: self.talk_summary(talk),
                    abstract_html,
                    body_html,
                    link: talk.link.as_ref().map(|l| l.0.as_str()),
                    slides: talk.slides.as_ref().map(|l| l.0.as_str()),
                    video: talk.video.as_ref().map(|l| l.0.as_str()),
                };
                cx.insert("talk", &view);
                let description =
                    format!("{} at {}, {}.", talk.title, talk.event, talk.date.display());
                (
                    "talk.html",
                    talk.url.clone(),
                    talk.title.clone(),
                    description,
                )
            }
            Job::Skills => {
                let list: Vec<SkillSummary> = site
                    .skills
                    .iter()
                    .map(|s| SkillSummary {
                        name: &s.name,
                        slug: &s.slug,
                        url: &s.url,
                        count: s.people.len(),
                    })
                    .collect();
                cx.insert("skills", &list);
                (
                    "skills.html",
                    format!("{root}skills/"),
                    "Skills".into(),
                    format!(
                        "{} skills of the engineers on this site.",
                        site.skills.len()
                    ),
                )
            }
            Job::Skill(i) => {
                let s = &site.skills[i];
                let view = SkillView {
                    name: &s.name,
                    slug: &s.slug,
                    url: &s.url,
                    people: s.people.iter().map(|&p| people[p].card.clone()).collect(),
                };
                cx.insert("skill", &view);
                let description =
                    format!("{} engineers on this site know {}.", s.people.len(), s.name);
                ("skill.html", s.url.clone(), s.name.clone(), description)
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let front = &p.page.front;
                let content_html =
                    self.markdown(&p.page.body, &p.page.source, Some(p.page.body_offset), 2)?;
                let description = front
                    .description
                    .clone()
                    .unwrap_or_else(|| markdown::first_paragraph_text(&p.page.body));
                cx.insert(
                    "page",
                    &PageView {
                        title: &front.title,
                        slug: &p.slug,
                        url: &p.url,
                        content_html,
                        description: front.description.as_deref(),
                    },
                );
                ("page.html", p.url.clone(), front.title.clone(), description)
            }
            Job::NotFound => (
                "404.html",
                format!("{root}404.html"),
                "Page not found".into(),
                "This page does not exist.".into(),
            ),
        };
        let kind = match job {
            Job::Home => "home",
            Job::Person(_) => "person",
            Job::Employers => "employers",
            Job::Employer(_) => "employer",
            Job::Talks => "talks",
            Job::Talk(_) => "talk",
            Job::Skills => "skills",
            Job::Skill(_) => "skill",
            Job::Page(_) => "page",
            Job::NotFound => "404",
        };
        cx.insert("page_title", &title);
        cx.insert("page_description", &description);
        cx.insert("current_url", &url);
        cx.insert("kind", kind);
        let subject = match job {
            Job::Home => crate::publish::Subject::Home,
            Job::Person(i) => crate::publish::Subject::Person(i),
            Job::Employer(i) => crate::publish::Subject::Employer(i),
            Job::Talk(i) => crate::publish::Subject::Talk(i),
            Job::NotFound => crate::publish::Subject::NotFound,
            _ => crate::publish::Subject::Other,
        };
        crate::publish::head(site, subject, &url).insert_into(&mut cx);
        let html = self.tera.render(template, &cx).map_err(|e| {
            vec![Diagnostic::file(&PathBuf::from("templates").join(template), format!("cannot render {url}: {}", error_chain(&e)))
                .help("check the template against the variables listed in the README's template reference")]
        })?;
        let path = match job {
            Job::NotFound => PathBuf::from("404.html"),
            _ => page_path(site, &url).join("index.html"),
        };
        let source = match job {
            Job::Home => site.index.as_ref().map(|i| &i.source),
            Job::Person(i) => Some(&site.people[i].person.source),
            Job::Employer(i) => site.employers[i].file.as_ref().map(|f| &f.source),
            Job::Talk(i) => site.talks[i].file.as_ref().map(|f| &f.source).or(
                match site.talks[i].abstract_from {
                    Some(AbstractSource::Person(p, _)) => Some(&site.people[p].person.source),
                    _ => None,
                },
            ),
            Job::Page(i) => Some(&site.pages[i].page.source),
            _ => None,
        };
        let origin = Origin {
            template: template.to_string(),
            source: source.cloned(),
        };
        Ok(((path, html.into_bytes()), origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_words() {
        assert_eq!(initials("Guido Iaquinti"), "GI");
        assert_eq!(initials("Peter  van der Bourgon"), "PB");
        assert_eq!(initials("dsaiztc"), "D");
        assert_eq!(initials("Zoë Ångström"), "ZÅ");
    }

    #[test]
    fn link_labels_read_well() {
        assert_eq!(link_label("github"), "GitHub");
        assert_eq!(link_label("personal_site"), "Personal site");
    }
}
