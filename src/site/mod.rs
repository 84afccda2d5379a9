//! The model: people, employers, talks and skills, resolved into one linked site.
//!
//! Employers merge across aliases, a talk listed by several profiles becomes one
//! talk with all its speakers, skills merge across spellings. Every list is kept
//! in a fixed order so two builds of the same files are identical.

mod assets;
mod checks;
mod copies;
pub mod derived;
mod facts;
mod ids;
pub mod images;
pub mod order;
mod registry;
mod resolve;
mod speakers;
mod talks;

use assets::*;
use checks::*;
pub use copies::Copies;
pub use ids::{EmployerId, PersonId, SkillId, TalkId};
use registry::*;
use resolve::*;
use speakers::*;
pub use talks::talk_slug;
use talks::*;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, EmployerFile, Link, PageFile, Person, TalkFile};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::slug::slugify;

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sorted by slug.
    pub people: Vec<SitePerson>,
    /// Sorted by name.
    pub employers: Vec<Employer>,
    /// Newest first, then by slug.
    pub talks: Vec<Talk>,
    /// Sorted by name.
    pub skills: Vec<Skill>,
    pub pages: Vec<SitePage>,
    pub index: Option<PageFile>,
    /// `people/x.md` and the like -> URL, for `@/` links.
    pub internal_links: HashMap<String, String>,
    /// The newest month any role or talk names: where open-ended roles end.
    pub present: derived::Month,
}

#[derive(Debug)]
pub struct SitePerson {
    pub person: Arc<Person>,
    pub slug: String,
    pub url: String,
    /// The employer of each role in `person.front.experience`.
    pub role_employers: Vec<EmployerId>,
    /// The talk of each entry in `person.front.talks`.
    pub talk_ids: Vec<TalkId>,
    /// The skills of each group, in the order of `Skills::groups`.
    pub skill_groups: Vec<SkillGroup>,
    /// The skills of each role's technologies.
    pub role_technologies: Vec<Vec<SkillId>>,
    /// Every skill the person has, each once, in first-seen order.
    pub all_skills: Vec<SkillId>,
    /// Files beside the profile to publish next to its page.
    pub assets: Vec<Asset>,
    /// Each skill of `all_skills`, in its order, with the months and roles that name it.
    pub skill_experience: Vec<derived::SkillExperience>,
    /// Where the person stands among the site's people by name (lowercase, then as
    /// `people` is ordered): lists by name sort by it instead of comparing names.
    pub name_rank: usize,
}

impl SitePerson {
    /// The person's talks, each once, in the site's order of talks (newest first).
    pub fn talks(&self) -> impl Iterator<Item = TalkId> + use<> {
        let mut talks = self.talk_ids.clone();
        talks.sort_unstable();
        talks.dedup();
        talks.into_iter()
    }
}

/// A group of a person's skills (`[skills] languages = [...]`); a flat list is one group
/// without a name.
#[derive(Debug, Clone)]
pub struct SkillGroup {
    pub name: Option<String>,
    pub skills: Vec<SkillId>,
}

/// A file beside a profile, published next to its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path in the page's folder.
    pub name: PathBuf,
    /// An SVG's bytes as they are published (sanitized when it was checked), if it is one.
    pub sanitized: Option<std::sync::Arc<[u8]>>,
}

#[derive(Debug)]
pub struct Employer {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub file: Option<EmployerFile>,
    /// The people who worked here, by their latest role here, newest first.
    pub members: Vec<Member>,
    /// What its roles say about it: years, teams, technologies, talks.
    pub facts: derived::EmployerFacts,
}

/// A person who worked at an employer, and their roles there (indices into their profile's
/// `experience`), newest first.
#[derive(Debug, Clone)]
pub struct Member {
    pub person: PersonId,
    pub roles: Vec<usize>,
}

impl Member {
    /// Whether one of their roles there is current: they work there now.
    pub fn is_current(&self, people: &[SitePerson]) -> bool {
        let roles = &people[self.person.index()].person.front.experience;
        self.roles.iter().any(|&r| roles[r].is_current())
    }
}

#[derive(Debug)]
pub struct Talk {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub event: String,
    pub date: Date,
    pub location: Option<String>,
    pub link: Option<Link>,
    pub slides: Option<Link>,
    pub video: Option<Link>,
    /// Where the abstract comes from: a profile's entry for the talk, or the talk's file.
    pub abstract_from: Option<AbstractSource>,
    pub speakers: Vec<Speaker>,
    pub file: Option<TalkFile>,
    /// Talks sharing a speaker or the event, most shared first.
    pub related: Vec<TalkId>,
}

impl Talk {
    /// The talk's abstract (markdown) and the file it is written in: the talk's own file
    /// when it gives one, else the first profile listing the talk with one.
    pub fn abstract_text<'s>(&'s self, site: &'s Site) -> Option<(&'s str, &'s SourceFile)> {
        let (text, source) = match self.abstract_from? {
            AbstractSource::Profile { person, entry } => {
                let person = &site.people[person].person;
                (
                    person.front.talks[entry].abstract_.as_deref(),
                    &person.source,
                )
            }
            AbstractSource::File => {
                let file = self.file.as_ref()?;
                (file.front.abstract_.as_deref(), &file.source)
            }
        };
        Some((text?, source))
    }
}

#[derive(Debug, Clone, Copy)]
pub enum AbstractSource {
    /// The `entry`th talk of a person's profile.
    Profile {
        person: PersonId,
        entry: usize,
    },
    File,
}

#[derive(Debug, Clone)]
pub struct Speaker {
    pub name: String,
    /// Their profile, when they have one.
    pub person: Option<PersonId>,
}

#[derive(Debug)]
pub struct Skill {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// People who have it, sorted by name.
    pub people: Vec<PersonId>,
    /// Who has it for how long, related skills, employers and talks.
    pub facts: derived::SkillFacts,
}

#[derive(Debug)]
pub struct SitePage {
    pub page: PageFile,
    pub slug: String,
    pub url: String,
}

/// Which drafts to keep.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub drafts: bool,
}

/// `@/` links: the path of a content file under content/ -> its page's URL.
struct InternalLinks(HashMap<String, String>);

impl InternalLinks {
    fn with_capacity(capacity: usize) -> InternalLinks {
        InternalLinks(HashMap::with_capacity(capacity))
    }

    /// The content file at `path` (relative to the site root) is the page at `url`.
    fn add(&mut self, path: &std::path::Path, url: &str) {
        self.0.insert(content_key(path), url.to_string());
    }
}

/// The people to publish (drafts only if asked for), by slug. An invalid `slug`
/// (`../../etc`) is reported; meanwhile its slug made valid keeps every path the build makes
/// inside the output.
fn people_by_slug(
    people: Vec<Arc<Person>>,
    options: Options,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Arc<Person>)> {
    let slug_of = |p: &Person| {
        p.front
            .slug
            .as_deref()
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(&p.file_slug))
    };
    let mut people: Vec<(String, Arc<Person>)> = people
        .into_iter()
        .filter(|p| options.drafts || !p.front.draft)
        .map(|p| (slug_of(&p), p))
        .collect();
    people.sort_by(|a, b| (&a.0, &a.1.source.path).cmp(&(&b.0, &b.1.source.path)));
    check_person_slugs(&people, problems);
    people
}

/// A profile once linked: its URL, its talks (registry entries) and its files.
struct Linked {
    url: String,
    talks: Vec<usize>,
    assets: Vec<Asset>,
}

/// Adds each profile's talks to the registry, in profile order (the first profile to
/// give a talk's details wins), and its page to the internal links.
fn link_talks(
    people: &[(String, Arc<Person>)],
    prelinked: Vec<Prelinked>,
    talks: &mut Registry<TalkDraft>,
    links: &mut InternalLinks,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Linked> {
    let mut linked = Vec::with_capacity(people.len());
    for (index, ((_, person), pre)) in people.iter().zip(prelinked).enumerate() {
        let Prelinked {
            url,
            key,
            talks: mut talk_links,
            notes,
            assets,
        } = pre;
        if let Some(folder) = key.strip_suffix("/index.md") {
            links.0.insert(folder.to_string(), url.clone());
        }
        links.0.insert(key, url.clone());
        let front = &person.front;
        let ids = front
            .talks
            .iter()
            .zip(talk_links.iter_mut())
            .enumerate()
            .map(|(entry, (talk, (talk_slug, found)))| {
                let speakers = talk.with.iter().map(String::as_str).zip(found.drain(..));
                let id = add_talk_entry(
                    talks,
                    (PersonId::new(index), &front.name),
                    (entry, std::mem::take(talk_slug)),
                    talk,
                    speakers.collect(),
                );
                if let Some(note) = too_many_speakers(talks, id, &person.source, &talk.title) {
                    problems.push(note);
                }
                id
            })
            .collect();
        problems.extend(notes);
        linked.push(Linked {
            url,
            talks: ids,
            assets,
        });
    }
    linked
}

/// Adds the talks' own files to the talks the profiles list (or as talks of their own).
fn add_talk_files(
    files: Vec<TalkFile>,
    profiles: &Profiles,
    talks: &mut Registry<TalkDraft>,
    problems: &mut Vec<Diagnostic>,
) {
    for file in files {
        if slugify(&file.front.title).is_empty() {
            problems.push(
                Diagnostic::near(
                    &file.source,
                    &["title"],
                    format!(
                        "the talk \"{}\" has no letters or digits to make its page's address from",
                        file.front.title
                    ),
                )
                .help("write the talk's title"),
            );
        }
        let speakers = file
            .front
            .speakers
            .iter()
            .map(|name| (name.clone(), profiles.find(name, &file.source, problems)))
            .collect();
        let source = file.source.clone();
        let title = file.front.title.clone();
        let id = add_talk_file(talks, file, speakers);
        if let Some(note) = too_many_speakers(talks, id, &source, &title) {
            problems.push(note);
        }
    }
}

/// The error for a talk that has just passed [`MAX_TALK_SPEAKERS`], with the profile or
/// talk file that took it past (said once: later ones find it already past).
fn too_many_speakers(
    talks: &mut Registry<TalkDraft>,
    id: usize,
    source: &crate::diagnostic::SourceFile,
    title: &str,
) -> Option<Diagnostic> {
    let draft = talks.get_mut(id);
    if draft.speakers.len() <= MAX_TALK_SPEAKERS || draft.too_many_said {
        return None;
    }
    draft.too_many_said = true;
    Some(
        Diagnostic::near(
            source,
            &[title],
            format!(
                "the talk \"{}\" has {} speakers with this file's, more than {MAX_TALK_SPEAKERS}",
                title.trim(),
                draft.speakers.len()
            ),
        )
        .help("list each speaker once; a talk given by more people than this is several talks"),
    )
}

/// The employers' pages: each with its file and everyone who worked there, by their
/// latest role there, newest first.
fn employer_pages(
    employers: Vec<(String, (String, Option<usize>))>,
    files: Vec<EmployerFile>,
    people: &[SitePerson],
    root: &str,
) -> Vec<Employer> {
    let mut files: Vec<Option<EmployerFile>> = files.into_iter().map(Some).collect();
    let mut employers: Vec<Employer> = employers
        .into_iter()
        .map(|(slug, (name, file))| Employer {
            url: format!("{root}employers/{slug}/"),
            slug,
            name,
            file: file.and_then(|f| files[f].take()),
            members: Vec::new(),
            facts: Default::default(),
        })
        .collect();
    for (pi, p) in people.iter().enumerate() {
        let person = PersonId::new(pi);
        for (role, &e) in p.role_employers.iter().enumerate() {
            let members = &mut employers[e.index()].members;
            match members.last_mut() {
                Some(last) if last.person == person => last.roles.push(role),
                _ => members.push(Member {
                    person,
                    roles: vec![role],
                }),
            }
        }
    }
    employers.par_iter_mut().for_each(|employer| {
        let role = |m: &Member, r: usize| &people[m.person.index()].person.front.experience[r];
        for member in &mut employer.members {
            let mut roles = std::mem::take(&mut member.roles);
            roles.sort_by_key(|&r| order::newest_first(role(member, r)));
            member.roles = roles;
        }
        employer.members.sort_by_cached_key(|m| {
            let latest = m.roles.iter().map(|&r| order::recency(role(m, r))).max();
            (std::cmp::Reverse(latest), m.person)
        });
    });
    employers
}

/// The skills' pages: each with the people who have it, by name.
fn skill_pages(
    skills: Vec<(String, (String, PathBuf))>,
    people: &[SitePerson],
    root: &str,
) -> Vec<Skill> {
    let mut skills: Vec<Skill> = skills
        .into_iter()
        .map(|(slug, (name, _))| Skill {
            url: format!("{root}skills/{slug}/"),
            slug,
            name,
            people: Vec::new(),
            facts: Default::default(),
        })
        .collect();
    for (pi, p) in people.iter().enumerate() {
        for &s in &p.all_skills {
            skills[s.index()].people.push(PersonId::new(pi));
        }
    }
    skills.par_iter_mut().for_each(|skill| {
        skill
            .people
            .sort_unstable_by_key(|p| people[p.index()].name_rank);
    });
    skills
}

/// Sets each person's [`SitePerson::name_rank`]: by name, lowercase, and people of one
/// name in the order of `people`.
fn rank_by_name(people: &mut [SitePerson]) {
    let lowercase: Vec<String> = people
        .par_iter()
        .map(|p| p.person.front.name.to_lowercase())
        .collect();
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by(|&a, &b| lowercase[a].cmp(&lowercase[b]).then(a.cmp(&b)));
    for (rank, i) in order.into_iter().enumerate() {
        people[i].name_rank = rank;
    }
}

/// Works out the facts no file states ([`derived`]), once; returns the site's present.
fn derive_facts(
    people: &mut [SitePerson],
    employers: &mut [Employer],
    skills: &mut [Skill],
    talks: &mut [Talk],
    aliases: &std::collections::BTreeMap<String, String>,
) -> derived::Month {
    let present = derived::present(people, talks);
    people
        .par_iter_mut()
        .for_each(|p| p.skill_experience = derived::skill_experience(p, present));
    let people = &*people;
    let skill_count = skills.len();
    employers.par_iter_mut().for_each(|e| {
        e.facts = derived::employer_facts(&e.members, people, talks, present, skill_count);
    });
    let table = derived::SkillTable::new(people);
    let counts = (skills.len(), employers.len());
    skills.par_iter_mut().enumerate().for_each(|(s, skill)| {
        skill.facts = derived::skill_facts(SkillId::new(s), &skill.people, &table, counts);
    });
    let mut spellings: HashMap<String, (SkillId, String)> = skills
        .iter()
        .enumerate()
        .map(|(s, skill)| {
            (
                skill.name.to_lowercase(),
                (SkillId::new(s), skill.name.clone()),
            )
        })
        .collect();
    for (spelling, name) in aliases {
        if let Some(&(id, _)) = spellings.get(&name.to_lowercase()) {
            spellings
                .entry(spelling.to_lowercase())
                .or_insert((id, spelling.clone()));
        }
    }
    for (skill, talk) in derived::talks_naming(talks, &spellings) {
        skills[skill.index()].facts.talks.push(talk);
    }
    let related = derived::related_talks(talks);
    for (talk, related) in talks.iter_mut().zip(related) {
        talk.related = related;
    }
    present
}

/// The free pages (drafts only if asked for), by slug, each in the internal links.
fn free_pages(
    pages: Vec<PageFile>,
    options: Options,
    root: &str,
    links: &mut InternalLinks,
) -> Vec<SitePage> {
    let mut pages: Vec<SitePage> = pages
        .into_iter()
        .filter(|p| options.drafts || !p.front.draft)
        .map(|page| {
            let slug = page
                .front
                .slug
                .clone()
                .unwrap_or_else(|| slugify(&page.file_slug));
            let url = format!("{root}{slug}/");
            links.add(&page.source.path, &url);
            SitePage { page, slug, url }
        })
        .collect();
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}

/// The key `@/` links use: the path under content/, with `/` separators.
fn content_key(path: &std::path::Path) -> String {
    let rel = path.strip_prefix("content").unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl Site {
    /// Links the content into a site, reporting every problem found.
    pub fn build(config: Config, content: Content, options: Options) -> (Site, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let root = config.root().to_string();
        let mut links = InternalLinks::with_capacity(content.people.len() + content.talks.len());
        let people = people_by_slug(content.people, options, &mut problems);
        let mut employer_files = content.employers;
        employer_files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        let claims = employer_claims(&employer_files, &mut problems);
        let profiles = Profiles::new(&people);

        // What each profile needs that depends on no other being linked, in parallel.
        let publishable = Publishable {
            files: &content.files,
            extra: &config.security.allow_content_files,
        };
        let prelinked: Vec<Prelinked> = people
            .par_iter()
            .map(|(slug, person)| {
                let url = format!("{root}people/{slug}/");
                Prelinked::new(person, url, &profiles, &publishable)
            })
            .collect();
        let names = Names::resolve(&people, &employer_files, &claims, &config.skill_aliases);
        let resolved: Vec<Resolved> = people
            .par_iter()
            .map(|(_, person)| Resolved::new(&person.front, &names))
            .collect();

        // The profiles are linked to their talks one by one, in order, then the talks' files.
        let mut talks: Registry<TalkDraft> = Registry::default();
        let linked = link_talks(&people, prelinked, &mut talks, &mut links, &mut problems);
        problems.extend(names.notes);
        add_talk_files(content.talks, &profiles, &mut talks, &mut problems);

        // Each registry sorted once; what people point at renumbered.
        let (employers, employer_remap) = names
            .employers
            .into_sorted(|(slug, (name, _))| (name.to_lowercase(), slug.clone()));
        let (skills, skill_remap) = names
            .skills
            .into_sorted(|(slug, (name, _))| (name.to_lowercase(), slug.clone()));
        let (talks, talk_remap) = sorted_talks(talks, &root);
        let people: Vec<SitePerson> = people
            .into_iter()
            .zip(linked)
            .zip(resolved)
            .map(|(((slug, person), linked), resolved)| {
                let ids = resolved.into_ids(&employer_remap, &skill_remap);
                SitePerson {
                    person,
                    slug,
                    url: linked.url,
                    role_employers: ids.role_employers,
                    talk_ids: linked
                        .talks
                        .iter()
                        .map(|&t| TalkId::new(talk_remap[t]))
                        .collect(),
                    skill_groups: ids.skill_groups,
                    role_technologies: ids.role_technologies,
                    all_skills: ids.all_skills,
                    assets: linked.assets,
                    skill_experience: Vec::new(),
                    name_rank: 0,
                }
            })
            .collect();

        let mut talks = talks;
        let mut people = people;
        rank_by_name(&mut people);
        let mut employers = employer_pages(employers, employer_files, &people, &root);
        let mut skills = skill_pages(skills, &people, &root);
        let present = derive_facts(
            &mut people,
            &mut employers,
            &mut skills,
            &mut talks,
            &config.skill_aliases,
        );
        for file in talks
            .iter()
            .filter_map(|t| t.file.as_ref().map(|f| (f, &t.url)))
        {
            links.add(&file.0.source.path, file.1);
        }
        for employer in &employers {
            if let Some(file) = &employer.file {
                links.add(&file.source.path, &employer.url);
            }
        }
        let pages = free_pages(content.pages, options, &root, &mut links);
        check_page_slugs(&pages, &mut problems);
        if content.index.is_some() {
            links.0.insert("index.md".into(), root.clone());
        }
        // A file that failed to load is already reported; links to it are not broken too.
        for path in &content.failed {
            links.0.entry(content_key(path)).or_default();
        }

        let site = Site {
            config,
            people,
            employers,
            talks,
            skills,
            pages,
            index: content.index,
            internal_links: links.0,
            present,
        };
        (site, problems)
    }

    pub fn person(&self, id: PersonId) -> &SitePerson {
        &self.people[id.index()]
    }

    pub fn employer(&self, id: EmployerId) -> &Employer {
        &self.employers[id.index()]
    }

    pub fn talk(&self, id: TalkId) -> &Talk {
        &self.talks[id.index()]
    }

    pub fn skill(&self, id: SkillId) -> &Skill {
        &self.skills[id.index()]
    }

    /// Every person, with their id.
    pub fn people(&self) -> impl ExactSizeIterator<Item = (PersonId, &SitePerson)> {
        self.people
            .iter()
            .enumerate()
            .map(|(i, p)| (PersonId::new(i), p))
    }

    /// Where the files of the page at `url` (root-relative) are written, under the output.
    pub fn folder_of(&self, url: &str) -> PathBuf {
        PathBuf::from(url.strip_prefix(self.root()).unwrap_or(url))
    }

    pub fn root(&self) -> &str {
        self.config.root()
    }
}
