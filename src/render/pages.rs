//! One page of any kind: its template context made from the site, then rendered into the
//! sink.

use std::ops::Range;

use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::{EmployerId, PersonId, SkillId, TalkId};
use crate::walk::Confine;

use super::*;

/// What renders pages: the site's views, its theme, everyone's prepared parts, and where
/// pages go.
pub(super) struct Pages<'a> {
    pub(super) views: Renderer<'a>,
    pub(super) theme: &'a Theme,
    pub(super) people: &'a [Prepared],
    /// Every card's fingerprint, which names its file.
    pub(super) cards: &'a CardPrints,
    pub(super) sink: &'a dyn Sink,
}

/// A page's own part of its template context. Its title and description are its
/// template's words (`page_title`, `page_description` blocks).
struct Made {
    cx: Context,
    /// Whether it shows highlighted code made before the page (a role's highlights).
    code: bool,
}

impl Made {
    fn new() -> Made {
        Made {
            cx: Context::new(),
            code: false,
        }
    }

    fn with_code(mut self, code: bool) -> Made {
        self.code |= code;
        self
    }

    fn with<T: serde::Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Made {
        self.cx.insert(key, value);
        self
    }
}

/// The room a page is written into at first: most pages fit.
const PAGE_ROOM: usize = 64 * 1024;

/// The most room a thread keeps for its next page: a rare huge page's is given back.
const KEPT_ROOM: usize = 1024 * 1024;

thread_local! {
    /// The buffer each rendering thread writes its pages into, kept from page to page. A
    /// buffer made and freed for every page was a large allocation each time, which the
    /// allocator served from fresh pages of memory and gave back to the system, and that
    /// cost both threads time, not only the one rendering.
    static PAGE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}
impl<'a> Pages<'a> {
    /// Renders the page into the sink.
    pub(super) fn render(&self, job: Job) -> Result<(), crate::Error> {
        let site = self.views.site;
        took_code();
        let made = self.make(job)?;
        let uses_code = took_code() || made.code;
        let url = job.url(site);
        let mut cx = made.cx;
        cx.insert("uses_code", &uses_code);
        cx.insert("current_url", &url);
        cx.insert("kind", job.kind());
        let card = self.cards.url(site, CardOf::of_page(site, job));
        let head = head::head(site, self.views.images, subject(job), &url, &card);
        cx.insert("canonical_url", &head.canonical_url);
        cx.insert("og_image", &head.og_image);
        cx.insert("og_image_width", &crate::images::cards::WIDTH);
        cx.insert("og_image_height", &crate::images::cards::HEIGHT);
        cx.insert("json_ld", &head.json_ld);
        if let Some((list, n)) = job.paged() {
            cx.insert("paginator", &list.paginator(site, n));
        }
        let template = job.template();
        let mut html = crate::budget::Output(PAGE_BUFFER.take());
        html.0.clear();
        html.0.reserve(PAGE_ROOM);
        let rendered = crate::timing::measure(crate::timing::Work::Templates, || {
            let _page = crate::budget::Rendering::start(&self.theme.path(template), &url);
            self.theme.tera.render_to(template, &cx, &mut html)
        });
        rendered.map_err(|e| {
            // The templates' texts are read again only now, to show the line at fault.
            let confine = Confine::new(&site.config.root, &site.config.security);
            let sources = template_sources(&site.config.root, &confine).unwrap_or_default();
            let page = Rendering {
                url: &url,
                template: &self.theme.path(template),
            };
            vec![template_error(&e, &sources, Some(page))]
        })?;
        // The sink may hold the page until the build ends: a copy of its size, while the
        // room it was written in is kept for this thread's next page.
        let page = html.0.to_vec();
        if html.0.capacity() <= KEPT_ROOM {
            PAGE_BUFFER.set(html.0);
        }
        self.sink
            .put(job.path(site), page, &maker(site, self.theme, job))?;
        Ok(())
    }

    fn make(&self, job: Job) -> Result<Made, Vec<Diagnostic>> {
        let site = self.views.site;
        let page = |list: List| list.range(site, job.paged().map_or(1, |(_, n)| n));
        match job {
            Job::Home => self.home(page(List::People)),
            Job::People | Job::More(List::People, _) => Ok(self.people(page(List::People))),
            Job::Person(i) => self.person(i),
            Job::Employers | Job::More(List::Employers, _) => {
                Ok(self.employers(page(List::Employers)))
            }
            Job::Employer(i) | Job::More(List::Employer(i), _) => {
                self.employer(i, page(List::Employer(i)))
            }
            Job::Talks | Job::More(List::Talks, _) => Ok(self.talks(page(List::Talks))),
            Job::Talk(i) => self.talk(i),
            Job::Skills | Job::More(List::Skills, _) => Ok(self.skills(page(List::Skills))),
            Job::Skill(i) | Job::More(List::Skill(i), _) => Ok(self.skill(i, page(List::Skill(i)))),
            Job::Page(i) => self.free_page(i),
            Job::NotFound => Ok(Made::new()),
            Job::Search => Ok(self.search()),
        }
    }

    /// A page of the directory: the cards of the people on it.
    fn people(&self, page: Range<usize>) -> Made {
        let cards: Vec<&tera::Value> = self.people[page].iter().map(|p| &p.card).collect();
        Made::new().with("people", &cards)
    }

    fn home(&self, page: Range<usize>) -> Result<Made, Vec<Diagnostic>> {
        let site = self.views.site;
        let intro = match &site.index {
            Some(index) => {
                self.views
                    .markdown(&index.body, &index.source, Some(index.body_offset), 2)?
            }
            None => String::new(),
        };
        let index = IndexView {
            title: site
                .index
                .as_ref()
                .map_or(&site.config.title, |i| &i.front.title),
            description: site
                .index
                .as_ref()
                .and_then(|i| i.front.description.as_deref())
                .or(site.config.description.as_deref()),
        };
        let cards: Vec<&tera::Value> = self.people[page].iter().map(|p| &p.card).collect();
        Ok(Made::new()
            .with("index", &index)
            .with("intro_html", &intro)
            .with("people", &cards))
    }

    fn person(&self, id: PersonId) -> Result<Made, Vec<Diagnostic>> {
        let p = &self.views.site.people[id];
        let prepared = &self.people[id.index()];
        let profile = self.views.profile(p, prepared)?;
        Ok(Made::new()
            .with("person", &profile)
            .with_code(prepared.code))
    }

    fn employers(&self, page: Range<usize>) -> Made {
        let site = self.views.site;
        let list: Vec<EmployerSummary> = site.employers[page]
            .iter()
            .map(|e| EmployerSummary {
                name: &e.name,
                slug: &e.slug,
                url: &e.url,
                people_count: e.members.len(),
                role_count: e.members.iter().map(|m| m.roles.len()).sum(),
                current_count: e.facts.current_people,
                dates: employer_dates(&e.facts),
                website: e
                    .file
                    .as_ref()
                    .and_then(|f| f.front.website.as_ref())
                    .map(|l| l.0.as_str()),
            })
            .collect();
        Made::new()
            .with("employers", &list)
            .with("people_count", &site.people.len())
    }

    /// The search page: the skills and employers most people share, each linked to its
    /// page and to the search narrowed to it.
    fn search(&self) -> Made {
        let site = self.views.site;
        let filter_url = |facet: &str, value: &str| {
            let value =
                percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC);
            format!("{}search/?{facet}={value}", site.root())
        };
        // The values most people share, most first (a stable sort: ties keep the site's order).
        let most_shared = |facet: &str, values: Vec<(&'a str, &'a str, usize)>| {
            let mut values = values;
            values.sort_by_key(|&(_, _, count)| std::cmp::Reverse(count));
            values.truncate(FACET_VALUES);
            values
                .into_iter()
                .map(|(name, url, count)| FacetValue {
                    name,
                    url,
                    count,
                    filter_url: filter_url(facet, name),
                })
                .collect::<Vec<_>>()
        };
        let skills = most_shared(
            "skill",
            site.skills
                .iter()
                .map(|s| (&*s.name, &*s.url, s.people.len()))
                .collect(),
        );
        let employers = most_shared(
            "employer",
            site.employers
                .iter()
                .map(|e| (&*e.name, &*e.url, e.members.len()))
                .collect(),
        );
        Made::new()
            .with("skills", &skills)
            .with("employers", &employers)
    }

    /// An employer's page: its facts and charts, and a page of its people; a later page
    /// shows only its people.
    fn employer(&self, id: EmployerId, page: Range<usize>) -> Result<Made, Vec<Diagnostic>> {
        let first = page.start == 0;
        let site = self.views.site;
        let e = &site.employers[id];
        let file = e.file.as_ref();
        let description_html = match file {
            Some(f) if !f.body.trim().is_empty() => {
                Some(
                    self.views
                        .markdown(&f.body, &f.source, Some(f.body_offset), 2)?,
                )
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
                .map(|l| l.beside(site.root())),
            description_html,
            people: e.members[page.clone()]
                .iter()
                .map(|m| {
                    let prepared = &self.people[m.person.index()];
                    Member {
                        person: &prepared.card,
                        roles: m.roles.iter().map(|&r| &prepared.roles[r]).collect(),
                        current: m.is_current(&site.people),
                    }
                })
                .collect(),
            dates: employer_dates(&e.facts),
            current_count: e.facts.current_people,
            role_count: e.members.iter().map(|m| m.roles.len()).sum(),
            teams: &e.facts.teams,
            technologies: e
                .facts
                .technologies
                .iter()
                .take(if first { ASIDE } else { 0 })
                .map(|&(s, count)| Counted {
                    item: skill_ref(site, s),
                    count,
                })
                .collect(),
            talks: e
                .facts
                .talks
                .iter()
                .take(if first { ASIDE } else { 0 })
                .map(|&t| self.views.talk_summary(&site.talks[t]))
                .collect(),
            tenure: first.then(|| super::charts::tenure(site, e)).flatten(),
        };
        let code = e.members[page]
            .iter()
            .any(|m| self.people[m.person.index()].code);
        Ok(Made::new().with("employer", &view).with_code(code))
    }

    fn talks(&self, page: Range<usize>) -> Made {
        let site = self.views.site;
        let mut years: Vec<YearView> = Vec::new();
        for talk in &site.talks[page] {
            let summary = self.views.talk_summary(talk);
            match years.last_mut() {
                Some(y) if y.year == talk.date.year => y.talks.push(summary),
                _ => years.push(YearView {
                    year: talk.date.year,
                    talks: vec![summary],
                }),
            }
        }
        Made::new()
            .with("years", &years)
            .with("talk_count", &site.talks.len())
    }

    fn talk(&self, id: TalkId) -> Result<Made, Vec<Diagnostic>> {
        let site = self.views.site;
        let talk = &site.talks[id];
        let abstract_html = match talk.abstract_text(site) {
            Some((text, source)) => self.views.field(&Some(text.to_string()), source)?,
            None => None,
        };
        let body_html = match &talk.file {
            Some(f) if !f.body.trim().is_empty() => {
                Some(
                    self.views
                        .markdown(&f.body, &f.source, Some(f.body_offset), 2)?,
                )
            }
            _ => None,
        };
        let view = TalkView {
            summary: self.views.talk_summary(talk),
            abstract_html,
            body_html,
            speaker_cards: talk
                .speakers
                .iter()
                .filter_map(|s| s.person)
                .map(|p| &self.people[p.index()].card)
                .collect(),
            related: talk
                .related
                .iter()
                .map(|&t| self.views.talk_summary(&site.talks[t]))
                .collect(),
        };
        Ok(Made::new().with("talk", &view))
    }

    fn skills(&self, page: Range<usize>) -> Made {
        let site = self.views.site;
        let most = site
            .skills
            .iter()
            .map(|s| s.people.len())
            .max()
            .unwrap_or(0);
        let list: Vec<SkillSummary> = site.skills[page]
            .iter()
            .map(|s| SkillSummary {
                name: &s.name,
                slug: &s.slug,
                url: &s.url,
                count: s.people.len(),
                weight: weight(s.people.len(), most),
            })
            .collect();
        Made::new().with("skills", &list)
    }

    /// A skill's page: its facts and depth chart, and a page of its holders (most years
    /// first); a later page shows only its holders.
    fn skill(&self, id: SkillId, page: Range<usize>) -> Made {
        let site = self.views.site;
        let s = &site.skills[id];
        let facts = &s.facts;
        let first = page.start == 0;
        let aside = if first { ASIDE } else { 0 };
        let view = SkillView {
            name: &s.name,
            slug: &s.slug,
            url: &s.url,
            // The people of this page's holders, by name: the page shows one slice of the
            // skill's people, whichever order a template lists them in.
            people: {
                let mut ids: Vec<PersonId> = facts.holders[page.clone()]
                    .iter()
                    .map(|h| h.person)
                    .collect();
                ids.sort_unstable_by_key(|&p| site.people[p.index()].name_rank);
                ids.into_iter()
                    .map(|p| &self.people[p.index()].card)
                    .collect()
            },
            holders: facts.holders[page]
                .iter()
                .map(|h| Holder {
                    person: &self.people[h.person.index()].card,
                    months: h.months,
                    years: super::charts::whole_years(h.months),
                    roles: h.roles,
                })
                .collect(),
            depth: first.then(|| super::charts::depth(site, s)).flatten(),
            related: facts
                .related
                .iter()
                .take(aside)
                .map(|&(r, count)| Counted {
                    item: skill_ref(site, r),
                    count,
                })
                .collect(),
            employers: facts
                .employers
                .iter()
                .take(aside)
                .map(|&(e, count)| {
                    let e = &site.employers[e];
                    Counted {
                        item: EmployerRef {
                            name: &e.name,
                            slug: &e.slug,
                            url: &e.url,
                        },
                        count,
                    }
                })
                .collect(),
            talks: facts
                .talks
                .iter()
                .take(aside)
                .map(|&t| self.views.talk_summary(&site.talks[t]))
                .collect(),
            as_of: super::charts::present(site).map(|d| d.to_string()),
        };
        Made::new().with("skill", &view)
    }

    fn free_page(&self, i: usize) -> Result<Made, Vec<Diagnostic>> {
        let p = &self.views.site.pages[i];
        let front = &p.page.front;
        let content_html =
            self.views
                .markdown(&p.page.body, &p.page.source, Some(p.page.body_offset), 2)?;
        let view = PageView {
            title: &front.title,
            slug: &p.slug,
            url: &p.url,
            content_html,
            description: front.description.as_deref(),
            summary: markdown::first_paragraph_text(&p.page.body),
        };
        Ok(Made::new().with("page", &view))
    }
}

/// How many talks, employers and related skills a skill's or employer's page shows beside
/// its people: a popular skill's page stays the same size however large the site grows.
const ASIDE: usize = 24;

/// "2016 – Present": from an employer's first role to its last.
fn employer_dates(facts: &crate::site::derived::EmployerFacts) -> String {
    match (facts.since, facts.until) {
        (Some(since), None) if facts.current_people == 0 => since.display(),
        (since, until) => crate::dates::range(since.as_ref(), until.as_ref()),
    }
}

/// How widely a skill is held, 1 to 5: `count` on a log scale up to `most`.
fn weight(count: usize, most: usize) -> u32 {
    if most <= 1 || count <= 1 {
        return 1;
    }
    let share = (count as f64).ln() / (most as f64).ln();
    1 + (share * 4.0).round() as u32
}

/// How many skills and employers the search page lists: the most held, by how many
/// people (a stable sort keeps the site's order among equals).
const FACET_VALUES: usize = 24;

/// What a page's head describes.
fn subject(job: Job) -> head::Subject {
    match job {
        Job::Home => head::Subject::Home,
        Job::Person(i) => head::Subject::Person(i),
        Job::Employer(i) => head::Subject::Employer(i),
        Job::Talk(i) => head::Subject::Talk(i),
        Job::NotFound => head::Subject::NotFound,
        _ => head::Subject::Other,
    }
}

/// The file a page is blamed on when its path clashes with another's: the content file it
/// shows, else its template (the site's own, or the built-in one).
pub fn maker(site: &Site, theme: &Theme, job: Job) -> PathBuf {
    match job.source(site) {
        Some(source) => source.path.clone(),
        None => theme.path(job.template()),
    }
}
