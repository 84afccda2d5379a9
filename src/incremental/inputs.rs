//! What each page and file of the site is made from, declared once per kind: a fingerprint
//! of its inputs. Two builds that give a page the same fingerprint give it the same bytes,
//! so the dev server keeps it as it is.
//!
//! The inputs are data (files, names, lists), not the views made from them, with two
//! exceptions that are views on purpose: a person's card and a role as other pages show
//! them ([`Prepared`]), fingerprinted whole when they are made, so that editing a bio does
//! not re-render every page that lists the person unless their card changed.
//!
//! When a page or a file starts showing something new, its kind's inputs here must say
//! so; the staleness test (tests/folio/staleness.rs) edits every field at random and
//! compares what the dev server serves with a full build.

use rayon::prelude::*;

use crate::diagnostic::SourceFile;
use crate::hashing::Hashing;
use crate::render::{CardOf, Job, List, Prepared, Theme};
use crate::site::{Employer, PersonId, Site, SitePerson, Skill, Talk};

/// The fingerprints pages are made from, computed once per build.
pub struct Inputs<'s> {
    site: &'s Site,
    /// The processed avatars: their files are named by their sources' fingerprints.
    pub(super) images: &'s crate::images::Images,
    /// site.toml (and the address the site is served at), and the ids the templates take:
    /// every page and file shows them.
    settings: u64,
    /// Where every `@/` link goes: only texts with such a link read it.
    links: u64,
    /// What an employer is wherever it is shown: its name, address and file.
    employers: Vec<u64>,
    /// What a skill is wherever it is shown: its name and address.
    skills: Vec<u64>,
    /// What a talk is wherever it is shown: its details, abstract and speakers.
    talks: Vec<u64>,
    /// Everything a person's own page and files are made from: [`Inputs::person`].
    people: Vec<u64>,
}

impl<'s> Inputs<'s> {
    pub fn new(site: &'s Site, theme: &Theme, images: &'s crate::images::Images) -> Inputs<'s> {
        let links = links(site);
        let mut inputs = Inputs {
            site,
            images,
            // The ids the templates take are part of every rendered text's HTML.
            settings: Hashing::new()
                .text(&format!("{:?}", site.config))
                .text(site.root())
                .value(&theme.reserved_ids)
                .finish(),
            links,
            employers: site
                .employers
                .par_iter()
                .map(|e| employer(e, links))
                .collect(),
            skills: site.skills.iter().map(skill).collect(),
            talks: Vec::new(),
            people: Vec::new(),
        };
        inputs.talks = site.talks.par_iter().map(|t| inputs.talk(t)).collect();
        inputs.people = site
            .people
            .par_iter()
            .enumerate()
            .map(|(i, p)| inputs.person(PersonId::new(i), p))
            .collect();
        inputs
    }

    /// Adds the `@/` links' targets when `file` has such a link.
    fn links_of(&self, h: &mut Hashing, file: Option<&SourceFile>) {
        if file.is_some_and(|f| f.text.contains("@/")) {
            h.u64(self.links);
        }
    }

    fn file(&self, h: &mut Hashing, file: Option<&SourceFile>) {
        h.value(&file.map(|f| (f.print(), &f.path)));
        self.links_of(h, file);
    }

    /// A talk: its details, its file, its abstract, and each speaker's name and page.
    fn talk(&self, t: &Talk) -> u64 {
        let site = self.site;
        let mut h = Hashing::new();
        h.value(&(&t.slug, &t.url, &t.title, &t.event, t.date, &t.location));
        for link in [&t.link, &t.slides, &t.video] {
            h.value(&link.as_ref().map(|l| &l.0));
        }
        self.file(&mut h, t.file.as_ref().map(|f| &f.source));
        let abstract_text = t.abstract_text(site);
        h.value(&abstract_text.map(|(text, _)| text));
        self.links_of(&mut h, abstract_text.map(|(_, source)| source));
        for speaker in &t.speakers {
            h.text(&speaker.name);
            h.value(&speaker.person.map(|p| {
                let p = &site.people[p];
                (&p.person.front.name, &p.url)
            }));
        }
        h.finish()
    }

    /// A person's own page, JSON Resume and vCard: their file, where the site puts them,
    /// their avatar's bytes, the employers, skills and talks they show, and the settings.
    fn person(&self, id: PersonId, sp: &SitePerson) -> u64 {
        let mut h = Hashing::new();
        h.u64(self.settings);
        h.value(&self.images.avatar(id).map(|a| a.print));
        self.file(&mut h, Some(&sp.person.source));
        // Open-ended roles run to the site's present: the years with each skill, the career.
        h.value(&(&sp.slug, &sp.url, self.site.present));
        let mut ids = |prints: &[u64], ids: &mut dyn ExactSizeIterator<Item = usize>| {
            h.value(&ids.len());
            ids.for_each(|id| {
                h.u64(prints[id]);
            });
        };
        ids(
            &self.employers,
            &mut sp.role_employers.iter().map(|e| e.index()),
        );
        ids(&self.skills, &mut sp.all_skills.iter().map(|s| s.index()));
        for technologies in sp
            .role_technologies
            .iter()
            .chain(sp.skill_groups.iter().map(|g| &g.skills))
        {
            ids(&self.skills, &mut technologies.iter().map(|s| s.index()));
        }
        ids(&self.talks, &mut sp.talk_ids.iter().map(|t| t.index()));
        h.finish()
    }

    /// [`Inputs::person`] of one person: their parts made last time are still true when
    /// it did not change.
    pub fn of_person(&self, id: PersonId) -> u64 {
        self.people[id.index()]
    }

    /// A person's JSON Resume and vCard are made from what their page is.
    pub fn person_files(&self, id: PersonId) -> u64 {
        self.people[id.index()]
    }

    /// The list whose first page the later page `job` is made from (a superset of what it
    /// shows): every list's but the directory's, whose every card changes often.
    pub fn made_like_first(job: Job) -> Option<List> {
        match job {
            Job::More(list, _) if list != List::People => Some(list),
            _ => None,
        }
    }

    /// What every page shows besides its own: the theme, the settings, its template, the
    /// address of its social card (named by what the card shows), and for a list's page how
    /// long the whole list is (its paginator).
    fn page_head(&self, job: Job, theme: u64) -> Hashing {
        let mut h = Hashing::new();
        h.u64(theme).u64(self.settings).text(job.template());
        h.u64(self.card(CardOf::of_page(self.site, job), theme));
        if let Some((list, _)) = job.paged() {
            h.value(&list.len(self.site));
        }
        h
    }

    /// A later page `job` of a list whose first page's fingerprint is `first`
    /// ([`Inputs::made_like_first`]): a popular skill has hundreds of pages, and the plan
    /// works out the first page's fingerprint once for all of them.
    pub fn later_page(&self, job: Job, theme: u64, first: u64) -> u64 {
        self.page_head(job, theme).u64(first).finish()
    }

    /// The page `job`, rendered with the theme `theme`: each kind says what it shows.
    pub fn page(&self, job: Job, theme: u64, people: &[Prepared]) -> u64 {
        if let Some(list) = Inputs::made_like_first(job) {
            return self.later_page(job, theme, self.page(list.first(), theme, people));
        }
        let site = self.site;
        let mut h = self.page_head(job, theme);
        let cards = |h: &mut Hashing, ids: &mut dyn Iterator<Item = PersonId>| {
            for id in ids {
                h.u64(people[id.index()].card_print);
            }
        };
        match job {
            Job::Person(id) => {
                h.u64(self.people[id.index()]);
            }
            // content/index.md and the cards of the directory's first page.
            Job::Home => {
                self.file(&mut h, site.index.as_ref().map(|i| &i.source));
                let page = List::People.range(site, 1);
                cards(&mut h, &mut page.map(PersonId::new));
            }
            // The cards of the people on the page.
            Job::People | Job::More(List::People, _) => {
                let (_, n) = job.paged().unwrap_or((List::People, 1));
                let page = List::People.range(site, n);
                cards(&mut h, &mut page.map(PersonId::new));
            }
            // Each employer, how many people and roles it has, its years and how many work
            // there now, and how many people there are.
            Job::Employers => {
                h.value(&site.people.len());
                for (e, print) in site.employers.iter().zip(&self.employers) {
                    let roles: usize = e.members.iter().map(|m| m.roles.len()).sum();
                    h.u64(*print).value(&(e.members.len(), roles));
                    h.value(&(e.facts.since, e.facts.until, e.facts.current_people));
                }
            }
            // The employer, each member's card and roles there, and its facts: the skills and
            // talks they name, and the present its open roles run to (the tenure chart).
            Job::Employer(id) => {
                let e = &site.employers[id];
                h.u64(self.employers[id.index()]);
                h.value(&e.facts).value(&site.present);
                for &(skill, _) in &e.facts.technologies {
                    h.u64(self.skills[skill.index()]);
                }
                for &talk in &e.facts.talks {
                    h.u64(self.talks[talk.index()]);
                }
                for m in &e.members {
                    let prepared = &people[m.person.index()];
                    h.u64(prepared.card_print).value(&m.roles);
                    for &r in &m.roles {
                        h.u64(prepared.role_prints[r]);
                    }
                }
            }
            Job::Talks => {
                h.value(&self.talks);
            }
            // The talk, the card of each speaker with a profile, and its related talks.
            Job::Talk(id) => {
                let talk = &site.talks[id];
                h.u64(self.talks[id.index()]);
                cards(&mut h, &mut talk.speakers.iter().filter_map(|s| s.person));
                h.value(&talk.related);
                for &other in &talk.related {
                    h.u64(self.talks[other.index()]);
                }
            }
            // Each skill and how many people have it.
            Job::Skills => {
                for (s, print) in site.skills.iter().zip(&self.skills) {
                    h.u64(*print).value(&s.people.len());
                }
            }
            // The skill, the card of each person who has it, and its facts: their years, the
            // related skills, employers and talks, and the present open roles run to.
            Job::Skill(id) => {
                let skill = &site.skills[id];
                h.u64(self.skills[id.index()]);
                cards(&mut h, &mut skill.people.iter().copied());
                h.value(&skill.facts).value(&site.present);
                for &(other, _) in &skill.facts.related {
                    h.u64(self.skills[other.index()]);
                }
                for &(employer, _) in &skill.facts.employers {
                    h.u64(self.employers[employer.index()]);
                }
                for &talk in &skill.facts.talks {
                    h.u64(self.talks[talk.index()]);
                }
            }
            Job::Page(i) => {
                let page = &site.pages[i];
                h.value(&(&page.slug, &page.url));
                self.file(&mut h, Some(&page.page.source));
            }
            Job::NotFound | Job::More(..) => {}
            // The skills and employers most people share, with how many.
            Job::Search => {
                for s in &site.skills {
                    h.value(&(&s.name, &s.url, s.people.len()));
                }
                for e in &site.employers {
                    h.value(&(&e.name, &e.url, e.members.len()));
                }
            }
        }
        h.finish()
    }

    /// A social card drawn with the theme `theme`: what its kind shows.
    pub fn card(&self, card: CardOf, theme: u64) -> u64 {
        let site = self.site;
        let mut h = Hashing::new();
        h.u64(theme).u64(self.settings);
        match card {
            // How many people, employers and talks the site has.
            CardOf::Site => {
                h.value(&(site.people.len(), site.employers.len(), site.talks.len()));
            }
            // Everything their page is made from, their avatar's bytes included.
            CardOf::Person(id) => {
                h.u64(self.people[id.index()]);
            }
            CardOf::Employer(id) => {
                h.u64(self.employers[id.index()])
                    .value(&site.employers[id].members.len());
            }
            CardOf::Talk(id) => {
                h.u64(self.talks[id.index()]);
            }
            CardOf::Skill(id) => {
                h.u64(self.skills[id.index()])
                    .value(&site.skills[id].people.len());
            }
        }
        h.finish()
    }

    /// The Atom feed: every talk, and every person's name, page and writing (and, with no
    /// talk on the site, the newest date of their profile, which dates the feed).
    pub fn feed(&self) -> u64 {
        let site = self.site;
        let mut h = Hashing::new();
        h.u64(self.settings).value(&self.talks);
        for person in &site.people {
            h.value(&(&person.url, &person.person.front.name));
            for w in &person.person.front.writing {
                h.value(&(&w.title, w.date, w.url.as_ref().map(|u| &u.0)));
                h.value(&(&w.publisher, &w.description));
            }
            if site.talks.is_empty() {
                h.value(&person.updated());
            }
        }
        h.finish()
    }
}

/// What an employer is wherever it is shown.
fn employer(e: &Employer, links: u64) -> u64 {
    let mut h = Hashing::new();
    h.value(&(&e.name, &e.slug, &e.url));
    h.value(&e.file.as_ref().map(|f| (f.source.print(), &f.source.path)));
    if e.file
        .as_ref()
        .is_some_and(|f| f.source.text.contains("@/"))
    {
        h.u64(links);
    }
    h.finish()
}

fn skill(s: &Skill) -> u64 {
    Hashing::new().value(&(&s.name, &s.slug, &s.url)).finish()
}

/// Where every `@/` link goes.
fn links(site: &Site) -> u64 {
    let mut links: Vec<(&String, &String)> = site.internal_links.iter().collect();
    links.sort_unstable();
    Hashing::new().value(&links).finish()
}
