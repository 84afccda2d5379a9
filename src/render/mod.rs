//! Markdown and templates: the pages of the site rendered, in parallel, into a sink.
//!
//! What to render is decided before (every page, or what [`crate::incremental`] plans);
//! rendering only makes pages: it does not look at the output.

mod cards;
mod charts;
mod head;
mod job;
mod jsonld;
mod labels;
mod pages;
mod paging;
mod people;
mod sections;
mod templates;
mod views;

pub use cards::{CardOf, CardPrints, Drawing, TEMPLATE as CARD_TEMPLATE, draw_cards};
pub use job::Job;
use labels::*;
pub use pages::maker;
use pages::*;
pub use paging::{List, first_page_redirects};
pub use people::{Prepared, prepare_people};

pub use crate::output::{OutputFile, Sink};
pub use templates::Theme;
use templates::*;
use views::*;

use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::Link;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::{self, Markdown};
use crate::site::{Site, SitePerson, Talk};

/// The site in memory (`folio check`): every file, sorted by path.
#[derive(Debug, Default)]
pub struct Rendered {
    /// (path under the output folder, bytes), sorted by path.
    pub files: Vec<OutputFile>,
    /// The path of base_url (`/` or `/repo/`), where the files are published.
    pub root: String,
    /// The paths of the files copied as they are.
    pub copies: Vec<PathBuf>,
    pub counts: PageCounts,
    /// What each HTML page was made from, for reporting its broken links.
    pub origins: Vec<(PathBuf, Origin)>,
}

/// The template a page is rendered with, and the content file it shows, if one.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The template as problems name it: the site's file, or the built-in one.
    pub template: PathBuf,
    pub source: Option<SourceFile>,
}

/// What each page of `site` is made from, by its path under the output.
pub fn origins(site: &Site, theme: &Theme) -> Vec<(PathBuf, Origin)> {
    Job::all(site)
        .into_iter()
        .map(|job| {
            let origin = Origin {
                template: theme.path(job.template()),
                source: job.source(site).cloned(),
            };
            (job.path(site), origin)
        })
        .collect()
}

/// How many HTML pages of each kind a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageCounts {
    pub people: usize,
    pub employers: usize,
    pub talks: usize,
    pub skills: usize,
    pub pages: usize,
    /// Home, the four indexes, 404 and the later pages of every list.
    pub other: usize,
}

impl PageCounts {
    /// The pages of each kind `site` has.
    pub fn of(site: &Site) -> PageCounts {
        PageCounts {
            people: site.people.len(),
            employers: site.employers.len(),
            talks: site.talks.len(),
            skills: site.skills.len(),
            pages: site.pages.len(),
            other: 6 + List::all(site).map(|l| l.pages(site) - 1).sum::<usize>(),
        }
    }

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

/// What the pictures stage made that pages show: the processed avatars and each social
/// card's address.
#[derive(Clone, Copy)]
pub struct Pictures<'a> {
    pub images: &'a crate::images::Images,
    pub cards: &'a CardPrints,
}

/// Renders these pages of the site into `sink`, in parallel. `people` are everyone's
/// [`Prepared`] parts. Returns every problem found in the site's files, or the first
/// error of the machine (the output could not be written).
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    markdown: &Markdown,
    pictures: Pictures,
    people: &[Prepared],
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<(), crate::Error> {
    let Pictures { images, cards } = pictures;
    let skills = views::skill_values(site);
    let pages = Pages {
        cards,
        views: Renderer {
            site,
            markdown,
            images,
            reserved_ids: &theme.reserved_ids,
            skills: &skills,
        },
        theme,
        people,
        sink,
    };
    let done: Vec<Result<(), crate::Error>> =
        jobs.par_iter().map(|&job| pages.render(job)).collect();
    crate::Error::gather(done)
}

thread_local! {
    /// Whether the markdown rendered on this thread since the flag was last taken holds
    /// code: a page links `syntax.css` only then.
    static CODE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether rendered markdown holds highlighted code, which `syntax.css` colours.
fn has_code(html: &str) -> bool {
    html.contains("hl-code")
}

/// Takes the flag [`CODE`] (and lowers it).
fn took_code() -> bool {
    CODE.with(|c| c.replace(false))
}

/// Makes views of the site's data, rendering its markdown.
struct Renderer<'a> {
    site: &'a Site,
    markdown: &'a Markdown,
    /// The processed avatars.
    images: &'a crate::images::Images,
    /// Ids the templates give to page parts, which headings in markdown must not take.
    reserved_ids: &'a [String],
    /// Every skill's `SkillRef` as a template value ([`views::skill_values`]).
    skills: &'a [tera::Value],
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
            reserved_ids: self.reserved_ids,
        };
        let rendered = self.markdown.render(text, &cx);
        if let Ok(html) = &rendered
            && has_code(html)
        {
            CODE.with(|c| c.set(true));
        }
        rendered.map_err(|bad| {
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
                    let help = if let Some(help) = link.help {
                        help
                    } else if link.target.starts_with("@/") {
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

    /// The id of a person of the site (people are sorted by slug).
    fn person_id(&self, sp: &SitePerson) -> crate::site::PersonId {
        let i = self
            .site
            .people
            .binary_search_by(|p| p.slug.cmp(&sp.slug))
            .unwrap_or_default();
        crate::site::PersonId::new(i)
    }

    /// A relative URL from a profile, made to point beside the person's page.
    fn person_link(&self, person: &SitePerson, link: &Link) -> String {
        link.beside(&person.url)
    }

    fn talk_summary(&self, talk: &'a Talk) -> TalkSummary<'a> {
        // "KubeCon NA 2019 · Nov": the event already says the year.
        let year = talk.date.year.to_string();
        let when = match talk.event.contains(&year) {
            true => talk
                .date
                .display()
                .strip_suffix(&year)
                .map(|d| d.trim().to_string()),
            false => Some(talk.date.display()),
        }
        .filter(|d| !d.is_empty());
        TalkSummary {
            when,
            link: talk.link.as_ref().map(|l| l.0.as_str()),
            slides: talk.slides.as_ref().map(|l| l.0.as_str()),
            video: talk.video.as_ref().map(|l| l.0.as_str()),
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
