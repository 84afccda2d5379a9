//! Markdown and templates: every page of the site rendered, in parallel, into a sink.

mod head;
mod jsonld;
mod labels;
mod memo;
mod pages;
mod person;
mod sections;
mod sink;
mod templates;
mod views;

pub(crate) use labels::link_label;
use labels::*;
pub use memo::Memo;
use memo::*;
use sections::Sections;
pub use sink::{Claims, Memory, Sink};
pub use templates::load_templates;
use templates::*;
use views::*;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Tera;

use crate::content::Link;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::{self, Markdown};
use crate::site::{EmployerId, PersonId, Site, SitePerson, SkillId, Talk, TalkId};
use crate::theme;
use crate::walk::Confine;

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;

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
    /// What each HTML page was made from, for reporting its broken links (unsorted).
    pub origins: Vec<(PathBuf, Origin)>,
    /// What the next build needs to render only what changed, when asked to remember.
    pub memo: Option<Memo>,
    /// How long each part of rendering took.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// The template a page was rendered with, and the content file it shows, if one.
#[derive(Debug, Clone)]
pub struct Origin {
    pub template: String,
    pub source: Option<SourceFile>,
}

impl Origin {
    /// The file the page is blamed on: the content file it shows, else its template.
    pub fn maker(&self) -> PathBuf {
        match &self.source {
            Some(source) => source.path.clone(),
            None => PathBuf::from("templates").join(&self.template),
        }
    }
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
    Person(PersonId),
    Employers,
    Employer(EmployerId),
    Talks,
    Talk(TalkId),
    Skills,
    Skill(SkillId),
    Page(usize),
    NotFound,
}

/// Renders every page of the site, handing each file to `sink` as it is made.
/// The returned [`Rendered`] lists the files to copy and what each page came from.
/// `remembered` is a markdown renderer kept across rebuilds (the dev server's);
/// a fresh one is made when there is none or its settings differ.
/// With a `memo` (the dev server's, from the last good build), pages whose context did
/// not change are kept as they are in the output; the returned [`Rendered`] then holds
/// the memo for the next build.
pub fn render_into(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    remembered: Option<&Markdown>,
    memo: Option<&Memo>,
) -> Result<Rendered, crate::Error> {
    let mut clock = std::time::Instant::now();
    let mut stages = Vec::new();
    let mut lap = |name: &'static str| {
        stages.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let confine = Confine::new(root, site.config.security.allow_outside_links);
    let (mut tera, templates_print) = load_templates(root, &confine)?;
    // The built-in range(), counting the values it makes against each page's budget.
    tera.register_function("range", crate::budget::range);
    let site_view = SiteView::new(site);
    tera.global_context().insert("site", &site_view);
    let remember = memo.is_some();
    let theme = match remember {
        true => fingerprint(&site_view).map(|view| view ^ templates_print.rotate_left(1)),
        false => None,
    };
    // Pages are compared with the last build's only under the same theme.
    let last_pages = memo.filter(|m| Some(m.theme) == theme).map(|m| &m.pages);
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
    let settings = match remember {
        true => settings_print(site),
        false => (0, 0),
    };
    let renderer = Renderer {
        site,
        tera: &tera,
        markdown,
        memo,
        last_pages,
        theme: theme.unwrap_or(0),
        sink,
        prints: Mutex::new(HashMap::default()),
        settings,
        inputs: match remember {
            true => {
                let entities = EntityPrints::new(site);
                site.people
                    .par_iter()
                    .map(|p| person_inputs(p, &entities, settings))
                    .collect()
            }
            false => Vec::new(),
        },
    };

    // Each person's own page is rendered as soon as their profile is prepared,
    // so the whole profile is never kept for every person at once.
    lap("- templates");
    let prepared: Vec<Result<(Prepared, PathBuf, Origin), crate::Error>> = site
        .people
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (prepared, profile) = renderer.prepare_person(i, p, false)?;
            let (path, origin) =
                renderer.page(Job::Person(PersonId::new(i)), &[], Some(&profile))?;
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
            Err(error) => gather(error, &mut problems)?,
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Content(problems));
    }

    lap("- people");
    let mut jobs = vec![
        Job::Home,
        Job::Employers,
        Job::Talks,
        Job::Skills,
        Job::NotFound,
    ];
    jobs.extend((0..site.employers.len()).map(|i| Job::Employer(EmployerId::new(i))));
    jobs.extend((0..site.talks.len()).map(|i| Job::Talk(TalkId::new(i))));
    jobs.extend((0..site.skills.len()).map(|i| Job::Skill(SkillId::new(i))));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    let pages: Vec<Result<(PathBuf, Origin), crate::Error>> = jobs
        .par_iter()
        .map(|&job| renderer.page(job, &people, None))
        .collect();

    lap("- pages");
    let mut rendered = Rendered {
        root: site.root().to_string(),
        ..Rendered::default()
    };
    rendered.origins.extend(person_pages);
    for page in pages {
        match page {
            Ok((path, origin)) => rendered.origins.push((path, origin)),
            Err(error) => gather(error, &mut problems)?,
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Content(problems));
    }
    let css = markdown::syntax_css(
        &site.config.markdown.highlight_theme,
        &site.config.markdown.highlight_theme_dark,
    )
    .map_err(|m| vec![Diagnostic::file(Path::new("site.toml"), m)])?;
    sink.put(
        "syntax.css".into(),
        css.into_bytes(),
        Path::new("site.toml"),
    )?;
    rendered.counts = PageCounts {
        people: site.people.len(),
        employers: site.employers.len(),
        talks: site.talks.len(),
        skills: site.skills.len(),
        pages: site.pages.len(),
        other: 5,
    };
    let extra = &site.config.security.allow_content_files;
    for person in &site.people {
        let folder = page_path(site, &person.url);
        for crate::site::Asset { source, name } in &person.assets {
            let shown = source.strip_prefix(root).unwrap_or(source);
            if crate::inert::sanitizes(source, extra) {
                let clean = crate::fs::read(source)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| crate::inert::sanitized_svg(&bytes))
                    .map_err(|why| vec![Diagnostic::file(shown, why)])?;
                sink.put(folder.join(name), clean, shown)?;
            } else {
                rendered.copies.push((source.clone(), folder.join(name)));
            }
        }
    }
    let person = |i: usize| {
        let last = memo.and_then(|m| m.people.get(&site.people[i].slug));
        matches!((last, renderer.inputs.get(i)), (Some((last, _)), Some(now)) if last == now)
    };
    let feed = remember.then(|| crate::publish::feed_inputs(site, settings.0));
    let unchanged = crate::publish::Unchanged {
        person: &person,
        feed: feed.is_some() && feed == memo.and_then(|m| m.feed),
    };
    crate::publish::files(site, sink, &unchanged)?;
    lap("- publish");
    for (path, bytes) in static_files(root, &confine, &mut rendered)? {
        let from = Path::new("(built-in)").join(&path);
        sink.put(path, bytes, &from)?;
    }
    rendered.copies.sort_by(|a, b| a.1.cmp(&b.1));
    lap("- static");
    rendered.stages = stages;
    if let Some(theme) = theme {
        rendered.memo = Some(Memo {
            theme,
            people: site
                .people
                .iter()
                .zip(people)
                .filter_map(|(p, prepared)| Some((p.slug.clone(), (prepared.print?, prepared))))
                .collect(),
            pages: renderer
                .prints
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            feed,
        });
    }
    Ok(rendered)
}

/// Adds a page's problems to the others; an error that is not in the site's files (the
/// output could not be written) ends the rendering.
fn gather(error: crate::Error, problems: &mut Vec<Diagnostic>) -> Result<(), crate::Error> {
    match error {
        crate::Error::Content(found) => {
            problems.extend(found);
            Ok(())
        }
        other => Err(other),
    }
}

/// The site's `static/` files to copy, and the built-in ones it does not replace. The walk
/// stays inside the site, as every walk does; a folder it cannot read is an error, not a
/// part of the site silently left out.
fn static_files(
    root: &Path,
    confine: &Confine,
    rendered: &mut Rendered,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let dir = root.join("static");
    let (found, problems) = confine.files(&dir, |_| false);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut own = std::collections::HashSet::new();
    for file in found {
        let rel = file
            .path
            .strip_prefix(&dir)
            .unwrap_or(&file.path)
            .to_path_buf();
        own.insert(rel.clone());
        rendered.copies.push((file.path, rel));
    }
    Ok(theme::STATIC
        .iter()
        .filter(|(name, _)| !own.contains(Path::new(name)))
        .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
        .collect())
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
    "volunteer",
    "awards",
    "certificates",
    "interests",
    "references",
    "skills",
    "languages",
    "people",
    "people-heading",
    "abstract-heading",
];

struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) tera: &'a Tera,
    pub(super) markdown: &'a Markdown,
    /// The last good build's memo, when remembering.
    pub(super) memo: Option<&'a Memo>,
    /// The fingerprints of its pages, when they can be compared (the same theme).
    pub(super) last_pages: Option<&'a HashMap<PathBuf, u64>>,
    pub(super) theme: u64,
    pub(super) sink: &'a dyn Sink,
    /// The fingerprint of every page of this build, when remembering.
    pub(super) prints: Mutex<HashMap<PathBuf, u64>>,
    /// Per person, [`person_inputs`], when remembering.
    pub(super) inputs: Vec<u64>,
    /// [`settings_print`], when remembering.
    pub(super) settings: (u64, u64),
}

/// A person's parts that other pages reuse, rendered once.
#[derive(Clone)]
struct Prepared {
    pub(super) card: Shared,
    /// One per role, in the profile's order.
    pub(super) roles: Arc<[RolePart]>,
    /// The fingerprint of the whole profile, when remembering.
    pub(super) print: Option<u64>,
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
                    if link.target.is_empty() {
                        // Too large to render: shown where the text starts.
                        let first = text.lines().next().unwrap_or("").trim();
                        let start = offset
                            .or_else(|| source.text.find(first))
                            .unwrap_or(0);
                        return Diagnostic::at(source, start..start + first.len(), link.reason)
                            .help("make the text smaller, or put the data in a file beside the profile (a PDF or a CSV) and link it");
                    }
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

    fn skill_ref(&self, id: crate::site::SkillId) -> SkillRef<'a> {
        skill_ref(self.site, id)
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
}
