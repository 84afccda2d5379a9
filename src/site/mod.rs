//! The model: people, employers, talks and skills, resolved into one linked site.
//!
//! Employers merge across aliases, a talk listed by several profiles becomes one
//! talk with all its speakers, skills merge across spellings. Every list is kept
//! in a fixed order so two builds of the same files are identical.

mod assets;
mod checks;
mod registry;
mod resolve;
mod speakers;
mod talks;

use assets::*;
use checks::*;
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

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;
type FastSet<T> = foldhash::HashSet<T>;

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
}

#[derive(Debug)]
pub struct SitePerson {
    pub person: Arc<Person>,
    pub slug: String,
    pub url: String,
    /// The employer index of each role in `person.front.experience`.
    pub role_employers: Vec<usize>,
    /// The talk index of each entry in `person.front.talks`.
    pub talk_ids: Vec<usize>,
    /// The skill index of each skill in each group, in the order of `Skills::groups`.
    pub skill_groups: Vec<(Option<String>, Vec<usize>)>,
    /// The skill index of each technology of each role.
    pub role_technologies: Vec<Vec<usize>>,
    /// Every skill the person has, each once, in first-seen order.
    pub all_skills: Vec<usize>,
    /// Files beside the profile to copy next to its page: (source, name in the page folder).
    pub assets: Vec<(PathBuf, PathBuf)>,
}

#[derive(Debug)]
pub struct Employer {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub file: Option<EmployerFile>,
    /// (person index, role indices), people sorted by their latest role here, newest first.
    pub members: Vec<(usize, Vec<usize>)>,
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
    /// Where the abstract comes from: (person index, talk entry index) or the talk file.
    pub abstract_from: Option<AbstractSource>,
    pub speakers: Vec<Speaker>,
    pub file: Option<TalkFile>,
}

#[derive(Debug, Clone, Copy)]
pub enum AbstractSource {
    Person(usize, usize),
    File,
}

#[derive(Debug, Clone)]
pub struct Speaker {
    pub name: String,
    pub person: Option<usize>,
}

#[derive(Debug)]
pub struct Skill {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// People who have it, sorted by name.
    pub people: Vec<usize>,
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
        let url_of = |section: &str, slug: &str| format!("{root}{section}/{slug}/");
        let mut internal_links = HashMap::with_capacity(
            content.people.len()
                + content.employers.len()
                + content.talks.len()
                + content.pages.len()
                + 1,
        );

        // People, by slug; drafts left out unless asked for.
        // An invalid `slug` (`../../etc`) is reported below; meanwhile its slug made valid
        // keeps every path the build makes inside the output.
        let person_slug = |p: &Person| {
            p.front
                .slug
                .as_deref()
                .map(slugify)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slugify(&p.file_slug))
        };
        let mut people: Vec<(String, Arc<Person>)> = content
            .people
            .into_iter()
            .filter(|p| options.drafts || !p.front.draft)
            .map(|p| (person_slug(&p), p))
            .collect();
        people.sort_by(|a, b| (&a.0, &a.1.source.path).cmp(&(&b.0, &b.1.source.path)));
        check_person_slugs(&people, &mut problems);

        // Employer files claim their name and aliases.
        let mut employer_files = content.employers;
        employer_files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        let claims = employer_claims(&employer_files, &mut problems);
        let skill_aliases: FastMap<String, String> = config
            .skill_aliases
            .iter()
            .map(|(from, to)| (slugify(from), to.trim().to_string()))
            .collect();
        let profiles = Profiles::new(&people);
        let publishable = Publishable {
            files: &content.files,
            extra: &config.security.allow_content_files,
        };

        let mut employers: Registry<(String, Option<usize>)> = Registry::default();
        // The same names come back for many people: each is resolved once.
        let mut employer_ids: FastMap<String, usize> = FastMap::default();
        let mut employer_id = |name: &str| {
            if let Some(&id) = employer_ids.get(name) {
                return id;
            }
            let (slug, file) = match claims.get(&slugify(name)) {
                Some(&f) => (slugify(&employer_files[f].front.name), Some(f)),
                None => (slugify(name), None),
            };
            let display = file.map_or(name, |f| employer_files[f].front.name.as_str());
            let id = employers.id(slug, || (display.trim().to_string(), file));
            employer_ids.insert(name.to_string(), id);
            id
        };
        // A skill keeps its first spelling; another spelling of the same slug is worth a warning.
        let mut skills: Registry<(String, PathBuf)> = Registry::default();
        let mut skill_notes = Vec::new();
        let mut noted = std::collections::HashSet::new();
        // A name's id never changes once resolved, and its spelling note (if any) is made
        // the first time: each name is resolved once.
        let mut skill_ids: FastMap<String, usize> = FastMap::default();
        let mut skill_id = |name: &str, source: &SourceFile| {
            if let Some(&id) = skill_ids.get(name) {
                return id;
            }
            let aliased = skill_aliases.get(&slugify(name));
            let canonical = aliased.map_or(name.trim(), String::as_str);
            let id = skills.id(slugify(canonical), || {
                (canonical.to_string(), source.path.clone())
            });
            let (first, first_path) = &skills.items[id].1;
            if aliased.is_none() && first != canonical && noted.insert(canonical.to_string()) {
                skill_notes.push(
                    Diagnostic::near(source, &[canonical], format!("the skill \"{canonical}\" is spelled \"{first}\" in {}", first_path.display()))
                        .help(format!("write \"{first}\", or map one spelling onto the other in site.toml's [skill_aliases]"))
                        .warning(),
                );
            }
            skill_ids.insert(name.to_string(), id);
            id
        };
        let mut talks: Registry<TalkDraft> = Registry::default();

        // What each profile needs that depends on no other being linked, in parallel.
        let prelinked: Vec<Prelinked> = people
            .par_iter()
            .map(|(slug, person)| {
                Prelinked::new(person, url_of("people", slug), &profiles, &publishable)
            })
            .collect();
        // Each employer and skill name is resolved once, in the order the profiles first use
        // it, so that the first spelling is kept and notes come in order: the names each
        // stretch of profiles uses first are gathered in parallel, then resolved in order.
        let firsts: Vec<_> = people
            .par_chunks(STRETCH)
            .enumerate()
            .map(|(chunk, profiles)| {
                let (mut seen, mut employers, mut skills) = (FastSet::default(), vec![], vec![]);
                for (i, (_, person)) in profiles.iter().enumerate() {
                    let front = &person.front;
                    for role in &front.experience {
                        if seen.insert((true, role.employer.as_str())) {
                            employers.push(role.employer.as_str());
                        }
                    }
                    for name in skill_names(front) {
                        if seen.insert((false, name)) {
                            skills.push((name, chunk * STRETCH + i));
                        }
                    }
                }
                (employers, skills)
            })
            .collect();
        for (employers, skills) in firsts {
            for name in employers {
                employer_id(name);
            }
            for (name, person) in skills {
                skill_id(name, &people[person].1.source);
            }
        }
        // An employer file whose employer no profile lists still gets its page.
        for file in &employer_files {
            employer_id(&file.front.name);
        }
        // Every name is known now: each profile's lists are filled in parallel.
        let resolved: Vec<Resolved> = people
            .par_iter()
            .map(|(_, person)| Resolved::new(&person.front, &employer_ids, &skill_ids))
            .collect();

        // The profiles are linked to their talks one by one, in order.
        let mut site_people = Vec::with_capacity(people.len());
        let linking = people.into_iter().zip(prelinked).zip(resolved);
        for (index, (((slug, person), pre), resolved)) in linking.enumerate() {
            let Prelinked {
                url,
                key,
                talks: mut talk_links,
                notes,
                assets,
            } = pre;
            if let Some(folder) = key.strip_suffix("/index.md") {
                internal_links.insert(folder.to_string(), url.clone());
            }
            internal_links.insert(key, url.clone());

            let front = &person.front;
            let talk_ids = front
                .talks
                .iter()
                .zip(talk_links.iter_mut())
                .enumerate()
                .map(|(entry, (talk, (talk_slug, found)))| {
                    let speakers = talk.with.iter().map(String::as_str).zip(found.drain(..));
                    add_talk_entry(
                        &mut talks,
                        (index, &front.name),
                        (entry, std::mem::take(talk_slug)),
                        talk,
                        speakers.collect(),
                    )
                })
                .collect();
            problems.extend(notes);
            let Resolved {
                role_employers,
                skill_groups,
                role_technologies,
                all_skills,
            } = resolved;
            site_people.push(SitePerson {
                person,
                slug,
                url,
                role_employers,
                talk_ids,
                skill_groups,
                role_technologies,
                all_skills,
                assets,
            });
        }
        problems.extend(skill_notes);
        for file in content.talks {
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
                .map(|name| {
                    (
                        name.clone(),
                        profiles.find(name, &file.source, &mut problems),
                    )
                })
                .collect();
            add_talk_file(&mut talks, file, speakers);
        }

        // Sort each registry once and renumber what the people point at.
        let (employers, employer_remap) =
            employers.into_sorted(|(slug, (name, _))| (name.to_lowercase(), slug.clone()));
        let (skills, skill_remap) =
            skills.into_sorted(|(slug, (name, _))| (name.to_lowercase(), slug.clone()));
        let (talks, talk_remap) =
            talks.into_sorted(|(slug, talk)| (std::cmp::Reverse(talk.date), slug.clone()));
        for p in &mut site_people {
            p.role_employers
                .iter_mut()
                .for_each(|id| *id = employer_remap[*id]);
            p.talk_ids.iter_mut().for_each(|id| *id = talk_remap[*id]);
            p.all_skills
                .iter_mut()
                .for_each(|id| *id = skill_remap[*id]);
            p.role_technologies
                .iter_mut()
                .flatten()
                .for_each(|id| *id = skill_remap[*id]);
            p.skill_groups
                .iter_mut()
                .flat_map(|(_, ids)| ids)
                .for_each(|id| *id = skill_remap[*id]);
        }
        let talks: Vec<Talk> = talks
            .into_iter()
            .map(|(slug, draft)| Talk {
                url: url_of("talks", &slug),
                slug,
                title: draft.title,
                event: draft.event,
                date: draft.date,
                location: draft.location,
                link: draft.link,
                slides: draft.slides,
                video: draft.video,
                abstract_from: draft.abstract_from,
                speakers: draft.speakers,
                file: draft.file,
            })
            .collect();
        for talk in &talks {
            if let Some(file) = &talk.file {
                internal_links.insert(content_key(&file.source.path), talk.url.clone());
            }
        }

        let mut employer_files: Vec<Option<EmployerFile>> =
            employer_files.into_iter().map(Some).collect();
        let mut employers: Vec<Employer> = employers
            .into_iter()
            .map(|(slug, (name, file))| Employer {
                url: url_of("employers", &slug),
                slug,
                name,
                file: file.and_then(|f| employer_files[f].take()),
                members: Vec::new(),
            })
            .collect();
        let mut skills: Vec<Skill> = skills
            .into_iter()
            .map(|(slug, (name, _))| Skill {
                url: url_of("skills", &slug),
                slug,
                name,
                people: Vec::new(),
            })
            .collect();
        for (pi, p) in site_people.iter().enumerate() {
            for (ri, &e) in p.role_employers.iter().enumerate() {
                match employers[e].members.last_mut() {
                    Some((last, roles)) if *last == pi => roles.push(ri),
                    _ => employers[e].members.push((pi, vec![ri])),
                }
            }
            for &s in &p.all_skills {
                skills[s].people.push(pi);
            }
        }
        for employer in &employers {
            if let Some(file) = &employer.file {
                internal_links.insert(content_key(&file.source.path), employer.url.clone());
            }
        }
        employers.par_iter_mut().for_each(|employer| {
            // Newest role first within a person; people by their latest role here.
            let latest = |pi: usize, roles: &[usize]| {
                roles
                    .iter()
                    .map(|&r| {
                        let role = &site_people[pi].person.front.experience[r];
                        (
                            role.end.is_none(),
                            role.end.unwrap_or(role.start),
                            role.start,
                        )
                    })
                    .max()
            };
            for (pi, roles) in &mut employer.members {
                roles.sort_by_key(|&r| {
                    let role = &site_people[*pi].person.front.experience[r];
                    std::cmp::Reverse((
                        role.end.is_none(),
                        role.end.unwrap_or(role.start),
                        role.start,
                    ))
                });
            }
            employer
                .members
                .sort_by_cached_key(|(pi, roles)| (std::cmp::Reverse(latest(*pi, roles)), *pi));
        });
        let lowercase: Vec<String> = site_people
            .par_iter()
            .map(|p| p.person.front.name.to_lowercase())
            .collect();
        skills.par_iter_mut().for_each(|skill| {
            skill
                .people
                .sort_by(|&a, &b| lowercase[a].cmp(&lowercase[b]).then(a.cmp(&b)));
        });

        let mut pages: Vec<SitePage> = content
            .pages
            .into_iter()
            .filter(|p| options.drafts || !p.front.draft)
            .map(|page| {
                let slug = page
                    .front
                    .slug
                    .clone()
                    .unwrap_or_else(|| slugify(&page.file_slug));
                let url = format!("{root}{slug}/");
                internal_links.insert(content_key(&page.source.path), url.clone());
                SitePage { page, slug, url }
            })
            .collect();
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        check_page_slugs(&pages, &mut problems);
        if content.index.is_some() {
            internal_links.insert("index.md".into(), root.clone());
        }
        // A file that failed to load is already reported; links to it are not broken too.
        for path in &content.failed {
            internal_links.entry(content_key(path)).or_default();
        }

        let site = Site {
            config,
            people: site_people,
            employers,
            talks,
            skills,
            pages,
            index: content.index,
            internal_links,
        };
        (site, problems)
    }

    pub fn root(&self) -> &str {
        self.config.root()
    }
}
