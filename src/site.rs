//! The model: people, employers, talks and skills, resolved into one linked site.
//!
//! Employers merge across aliases, a talk listed by several profiles becomes one
//! talk with all its speakers, skills merge across spellings. Every list is kept
//! in a fixed order so two builds of the same files are identical.

use std::collections::HashMap;

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;
type FastSet<T> = foldhash::HashSet<T>;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{
    Content, EmployerFile, Link, PageFile, Person, PersonFront, TalkEntry, TalkFile,
};
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

fn check_person_slugs(people: &[(String, Arc<Person>)], problems: &mut Vec<Diagnostic>) {
    let slug = |p: &(String, Arc<Person>)| p.0.clone();
    for pair in people.windows(2) {
        if slug(&pair[0]) == slug(&pair[1]) {
            problems.push(
                Diagnostic::file(
                    &pair[1].1.source.path,
                    format!(
                        "two profiles have the slug \"{}\": {} and {}",
                        slug(&pair[1]),
                        pair[0].1.source.path.display(),
                        pair[1].1.source.path.display()
                    ),
                )
                .help("give one of them another file name or a `slug` field"),
            );
        }
    }
    for (_, person) in people {
        if let Some(s) = &person.front.slug
            && (slugify(s) != *s || s.is_empty())
        {
            problems.push(
                Diagnostic::file(
                    &person.source.path,
                    format!("`slug = \"{s}\"` is not a valid slug"),
                )
                .help(format!(
                    "use lowercase letters, digits and dashes, e.g. \"{}\"",
                    slugify(s)
                )),
            );
        }
        if slugify(&person.file_slug).is_empty() && person.front.slug.is_none() {
            problems.push(
                Diagnostic::file(&person.source.path, "this file name gives an empty slug").help(
                    "name the file after the person, e.g. people/ada-lovelace.md, or set `slug`",
                ),
            );
        }
    }
}

fn check_page_slugs(pages: &[SitePage], problems: &mut Vec<Diagnostic>) {
    const TAKEN: [&str; 5] = ["people", "employers", "talks", "skills", "pagefind"];
    for (i, page) in pages.iter().enumerate() {
        if page.slug.is_empty() || slugify(&page.slug) != page.slug {
            problems.push(
                Diagnostic::file(
                    &page.page.source.path,
                    format!("\"{}\" is not a valid page slug", page.slug),
                )
                .help("use lowercase letters, digits and dashes"),
            );
        } else if TAKEN.contains(&page.slug.as_str()) {
            problems.push(
                Diagnostic::file(
                    &page.page.source.path,
                    format!(
                        "the page slug \"{}\" is taken by folio's own {} pages",
                        page.slug, page.slug
                    ),
                )
                .help("rename the page or set another `slug`"),
            );
        } else if i > 0 && pages[i - 1].slug == page.slug {
            problems.push(Diagnostic::file(
                &page.page.source.path,
                format!("two pages have the slug \"{}\"", page.slug),
            ));
        }
    }
}

/// What a profile may publish beside its page: the files content/ holds (inside the site,
/// found by the walk), and which further kinds the owner allows.
struct Publishable<'a> {
    /// Sorted, as the walk lists them.
    files: &'a [PathBuf],
    extra: &'a [String],
}

impl Publishable<'_> {
    fn has(&self, path: &std::path::Path) -> bool {
        self.files
            .binary_search_by(|p| p.as_path().cmp(path))
            .is_ok()
    }

    /// The files under `folder`, in order.
    fn under<'f>(&'f self, folder: &'f std::path::Path) -> impl Iterator<Item = &'f PathBuf> {
        let start = self.files.partition_point(|p| p.as_path() < folder);
        self.files[start..]
            .iter()
            .take_while(move |p| p.starts_with(folder))
    }
}

/// A profile's files to copy beside its page: everything in its folder (a folder profile)
/// and the files its avatar and links name, each checked to be an inert kind.
fn person_assets(
    person: &Person,
    publishable: &Publishable,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, PathBuf)> {
    let dir = match &person.folder {
        Some(folder) => folder.clone(),
        None => match person.disk_path.parent() {
            Some(dir) => dir.to_path_buf(),
            None => return Vec::new(),
        },
    };
    let shown_dir = person
        .source
        .path
        .parent()
        .map_or_else(PathBuf::new, std::path::Path::to_path_buf);
    let mut assets = Vec::new();
    let inert = |source: &std::path::Path, rel: PathBuf, problems: &mut Vec<Diagnostic>| {
        match crate::inert::check(source, publishable.extra) {
            Ok(()) => Some((source.to_path_buf(), rel)),
            Err(why) => {
                problems.push(
                Diagnostic::file(&shown_dir.join(&rel), format!("this file cannot be published beside {}'s page: {why}", person.front.name))
                    .help("remove the file, or convert it (a PDF or a picture); an owner who trusts every contributor can list the extension in `allow_content_files` under [security] in site.toml"),
                );
                None
            }
        }
    };
    if let Some(folder) = &person.folder {
        for source in publishable.under(folder) {
            let rel = source.strip_prefix(folder).unwrap_or(source).to_path_buf();
            assets.extend(inert(source, rel, problems));
        }
    }
    let relative_links = person
        .front
        .avatar
        .iter()
        .map(|l| ("avatar", l))
        .chain(person.front.links.iter().map(|(k, l)| (k.as_str(), l)));
    for (field, link) in relative_links {
        if !link.is_relative() {
            continue;
        }
        let rel = PathBuf::from(&link.0);
        let plain = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let source = dir.join(&rel);
        if !plain || !publishable.has(&source) {
            // A file the walk refused (a link out of the site) is reported there already.
            if plain && source.symlink_metadata().is_ok() {
                continue;
            }
            problems.push(
                Diagnostic::near(&person.source, &[field, &link.0], format!("`{field}` names the file \"{}\", which does not exist beside the profile", link.0))
                    .help("put the file next to the profile (people/<slug>/index.md with the file in the same folder), or use a full https:// URL"),
            );
            continue;
        }
        if person.folder.is_none() && !assets.iter().any(|(s, _)| *s == source) {
            let checked = inert(&source, rel, problems);
            assets.extend(checked);
        }
    }
    assets
}

/// Things found while reading profiles, keyed by slug, numbered in the order
/// first seen, and sorted once at the end (with a table from old to new numbers).
struct Registry<T> {
    ids: FastMap<String, usize>,
    items: Vec<(String, T)>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry {
            ids: FastMap::default(),
            items: Vec::new(),
        }
    }
}

impl<T> Registry<T> {
    fn id(&mut self, slug: String, make: impl FnOnce() -> T) -> usize {
        if let Some(&id) = self.ids.get(&slug) {
            return id;
        }
        let id = self.items.len();
        self.ids.insert(slug.clone(), id);
        self.items.push((slug, make()));
        id
    }

    fn get_mut(&mut self, id: usize) -> &mut T {
        &mut self.items[id].1
    }

    /// The items in the order of `key`, and each old number's new number.
    fn into_sorted<K: Ord>(
        self,
        key: impl Fn(&(String, T)) -> K,
    ) -> (Vec<(String, T)>, Vec<usize>) {
        let mut numbered: Vec<(usize, (String, T))> = self.items.into_iter().enumerate().collect();
        numbered.sort_by_cached_key(|(_, item)| key(item));
        let mut remap = vec![0; numbered.len()];
        for (new, (old, _)) in numbered.iter().enumerate() {
            remap[*old] = new;
        }
        (numbered.into_iter().map(|(_, item)| item).collect(), remap)
    }
}

struct TalkDraft {
    title: String,
    event: String,
    date: Date,
    location: Option<String>,
    link: Option<Link>,
    slides: Option<Link>,
    video: Option<Link>,
    abstract_from: Option<AbstractSource>,
    speakers: Vec<Speaker>,
    file: Option<TalkFile>,
}

impl TalkDraft {
    fn new(title: &str, event: &str, date: Date) -> TalkDraft {
        TalkDraft {
            title: title.trim().to_string(),
            event: event.trim().to_string(),
            date,
            location: None,
            link: None,
            slides: None,
            video: None,
            abstract_from: None,
            speakers: Vec::new(),
            file: None,
        }
    }

    fn add_speaker(&mut self, name: &str, person: Option<usize>) {
        let same = |s: &Speaker| match (s.person, person) {
            (Some(a), Some(b)) => a == b,
            _ => slugify(&s.name) == slugify(name),
        };
        match self.speakers.iter_mut().find(|s| same(s)) {
            Some(existing) if existing.person.is_none() => existing.person = person,
            Some(_) => {}
            None => self.speakers.push(Speaker {
                name: name.trim().to_string(),
                person,
            }),
        }
    }
}

/// A talk's slug: `<year>-<slug of title>`.
/// Bounded as a whole, like every slug: a long title is cut, the year kept.
pub fn talk_slug(title: &str, date: &Date) -> String {
    slugify(&format!("{} {title}", date.year))
}

fn fill<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
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

/// How many profiles one task gathers first-used names from while linking.
const STRETCH: usize = 256;

/// The skill names a profile uses, in the order they are resolved: its skills, then each
/// role's technologies.
fn skill_names(front: &PersonFront) -> impl Iterator<Item = &str> {
    let listed = front
        .skills
        .groups()
        .into_iter()
        .flat_map(|(_, names)| names);
    let technologies = front.experience.iter().flat_map(|r| &r.technologies);
    listed.chain(technologies).map(String::as_str)
}

/// A profile's employers and skills as ids, once every name is resolved.
struct Resolved {
    role_employers: Vec<usize>,
    skill_groups: Vec<(Option<String>, Vec<usize>)>,
    role_technologies: Vec<Vec<usize>>,
    all_skills: Vec<usize>,
}

impl Resolved {
    fn new(
        front: &PersonFront,
        employer_ids: &FastMap<String, usize>,
        skill_ids: &FastMap<String, usize>,
    ) -> Resolved {
        let mut all_skills: Vec<usize> = Vec::new();
        let mut skill = |name: &String| {
            let id = skill_ids[name.as_str()];
            if !all_skills.contains(&id) {
                all_skills.push(id);
            }
            id
        };
        let skill_groups = front
            .skills
            .groups()
            .into_iter()
            .map(|(group, names)| {
                (
                    group.map(str::to_string),
                    names.iter().map(&mut skill).collect(),
                )
            })
            .collect();
        let role_technologies = front
            .experience
            .iter()
            .map(|r| r.technologies.iter().map(&mut skill).collect())
            .collect();
        Resolved {
            role_employers: front
                .experience
                .iter()
                .map(|r| employer_ids[r.employer.as_str()])
                .collect(),
            skill_groups,
            role_technologies,
            all_skills,
        }
    }
}

/// What linking needs of one profile that depends on no other profile being linked.
struct Prelinked {
    url: String,
    /// Its key for `@/` links.
    key: String,
    /// Per talk: its slug, and the profile each co-speaker it names is, if any.
    talks: Vec<(String, Vec<Option<usize>>)>,
    /// Notes on its co-speakers' names, then on its values, then on its files.
    notes: Vec<Diagnostic>,
    assets: Vec<(PathBuf, PathBuf)>,
}

impl Prelinked {
    fn new(
        person: &Person,
        url: String,
        profiles: &Profiles,
        publishable: &Publishable,
    ) -> Prelinked {
        let mut notes = Vec::new();
        let talks = person
            .front
            .talks
            .iter()
            .map(|talk| {
                let found = talk
                    .with
                    .iter()
                    .map(|name| profiles.find(name, &person.source, &mut notes))
                    .collect();
                (talk_slug(&talk.title, &talk.date), found)
            })
            .collect();
        check_person(person, &mut notes);
        let assets = person_assets(person, publishable, &mut notes);
        Prelinked {
            url,
            key: content_key(&person.source.path),
            talks,
            notes,
            assets,
        }
    }
}

/// Adds a talk a profile lists (its `entry`th, with its slug) to the talks.
fn add_talk_entry(
    talks: &mut Registry<TalkDraft>,
    (person, person_name): (usize, &str),
    (entry, slug): (usize, String),
    talk: &TalkEntry,
    co_speakers: Vec<(&str, Option<usize>)>,
) -> usize {
    let id = talks.id(slug, || TalkDraft::new(&talk.title, &talk.event, talk.date));
    let draft = talks.get_mut(id);
    fill(&mut draft.location, &talk.location);
    fill(&mut draft.link, &talk.url);
    fill(&mut draft.slides, &talk.slides);
    fill(&mut draft.video, &talk.video);
    if draft.abstract_from.is_none()
        && talk
            .abstract_
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty())
    {
        draft.abstract_from = Some(AbstractSource::Person(person, entry));
    }
    // The listing profile's own name is added by its index, so a co-speaker
    // list naming a profile links that profile too.
    draft.add_speaker(person_name, Some(person));
    for (name, profile) in co_speakers {
        draft.add_speaker(name, profile);
    }
    id
}

fn add_talk_file(
    talks: &mut Registry<TalkDraft>,
    file: TalkFile,
    speakers: Vec<(String, Option<usize>)>,
) {
    let front = &file.front;
    let id = talks.id(talk_slug(&front.title, &front.date), || {
        TalkDraft::new(&front.title, &front.event, front.date)
    });
    let draft = talks.get_mut(id);
    // The talk's own file wins over what profiles say.
    draft.title = front.title.trim().to_string();
    draft.event = front.event.trim().to_string();
    for (slot, value) in [
        (&mut draft.link, &front.url),
        (&mut draft.slides, &front.slides),
        (&mut draft.video, &front.video),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    if front.location.is_some() {
        draft.location.clone_from(&front.location);
    }
    if front
        .abstract_
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty())
    {
        draft.abstract_from = Some(AbstractSource::File);
    }
    for (name, profile) in &speakers {
        draft.add_speaker(name, *profile);
    }
    draft.file = Some(file);
}

/// Each name and alias of an employer file, mapped to that file.
fn employer_claims(
    files: &[EmployerFile],
    problems: &mut Vec<Diagnostic>,
) -> FastMap<String, usize> {
    let mut claims: FastMap<String, usize> = FastMap::default();
    for (i, file) in files.iter().enumerate() {
        for name in std::iter::once(&file.front.name).chain(&file.front.aliases) {
            if slugify(name).is_empty() {
                problems.push(
                    Diagnostic::near(
                        &file.source,
                        &[name.as_str()],
                        format!("the employer name \"{name}\" has no letters or digits to make its page's address from"),
                    )
                    .help("write the employer's name"),
                );
                continue;
            }
            match claims.get(&slugify(name)) {
                Some(&other) if other != i => problems.push(
                    Diagnostic::near(
                        &file.source,
                        &[name.as_str()],
                        format!(
                            "\"{name}\" is already claimed by {}",
                            files[other].source.path.display()
                        ),
                    )
                    .help("an employer name or alias may belong to one employer file only"),
                ),
                _ => {
                    claims.insert(slugify(name), i);
                }
            }
        }
    }
    claims
}

/// The profiles a speaker's name may mean: by name or slug, compared as slugs,
/// so "Rafael Chacon" finds "Rafael Chacón".
struct Profiles {
    by_slug: FastMap<String, usize>,
    /// (slug, name, the name as a slug) of every profile.
    names: Vec<(String, String, String)>,
    /// The names as slugs, for near misses; made when the first name matches none.
    near: std::sync::OnceLock<NearNames>,
}

impl Profiles {
    fn new(people: &[(String, Arc<Person>)]) -> Profiles {
        let names: Vec<(String, String, String)> = people
            .iter()
            .map(|(slug, p)| (slug.clone(), p.front.name.clone(), slugify(&p.front.name)))
            .collect();
        let mut by_slug = FastMap::default();
        for (i, (slug, _, name_slug)) in names.iter().enumerate() {
            by_slug.entry(name_slug.clone()).or_insert(i);
            by_slug.entry(slug.clone()).or_insert(i);
        }
        Profiles {
            by_slug,
            names,
            near: std::sync::OnceLock::new(),
        }
    }

    /// The profile a co-speaker's name means, warning when it is spelled
    /// differently from the profile, or is one letter or two off a profile's name.
    fn find(&self, name: &str, source: &SourceFile, notes: &mut Vec<Diagnostic>) -> Option<usize> {
        let slug = slugify(name);
        if let Some(&i) = self.by_slug.get(&slug) {
            let (profile_slug, profile_name, _) = &self.names[i];
            if name.trim() != profile_name && name.trim() != profile_slug {
                notes.push(
                    Diagnostic::near(
                        source,
                        &[name],
                        format!(
                            "the speaker \"{name}\" is taken to be the profile \"{profile_name}\""
                        ),
                    )
                    .help(format!(
                        "write the name as the profile does: \"{profile_name}\""
                    ))
                    .warning(),
                );
            }
            return Some(i);
        }
        let near = self
            .near
            .get_or_init(|| NearNames::new(self.names.iter().map(|(_, _, s)| s.as_str())))
            .candidates(&slug)
            .into_iter()
            .map(|i| {
                let (_, n, s) = &self.names[i];
                (strsim::levenshtein(&slug, s), n)
            })
            .filter(|(d, _)| *d <= 2)
            .min();
        if let Some((_, profile_name)) = near {
            notes.push(
                Diagnostic::near(source, &[name], format!("the speaker \"{name}\" has no profile, but \"{profile_name}\" does"))
                    .help(format!("if they are the same person, write \"{profile_name}\" so the talk links to the profile"))
                    .warning(),
            );
        }
        None
    }
}

/// Finds the slugs that may be within two edits of another without comparing it with
/// each of them. Cut a slug in four parts of about equal length: a slug two edits away
/// from it still holds two of the parts unchanged, each moved by two places at most, since
/// an edit changes one part at most. Every slug is filed under its parts; a lookup tries
/// the parts the other slug could hold, and keeps the slugs found for two parts or more.
/// So a site with thousands of guest speakers does not compare each of them with every
/// profile, nor with every profile that shares their first name.
struct NearNames {
    /// (slug length, part number, the part's hash) -> the slugs with that part.
    parts: FastMap<(usize, usize, u64), Vec<usize>>,
}

impl NearNames {
    fn new<'s>(slugs: impl Iterator<Item = &'s str>) -> NearNames {
        let mut parts: FastMap<_, Vec<usize>> = FastMap::default();
        for (i, slug) in slugs.enumerate() {
            let n = slug.len();
            for (k, part) in quarters(n).into_iter().enumerate() {
                parts
                    .entry((n, k, part_hash(&slug.as_bytes()[part])))
                    .or_default()
                    .push(i);
            }
        }
        NearNames { parts }
    }

    /// Every slug within two edits of `slug` (ASCII, as [`slugify`] makes them), and
    /// perhaps others: their numbers, in order, once each.
    fn candidates(&self, slug: &str) -> Vec<usize> {
        let bytes = slug.as_bytes();
        // (slug number, part number) for every part found.
        let mut found = Vec::new();
        for n in bytes.len().saturating_sub(2)..=bytes.len() + 2 {
            for (k, part) in quarters(n).into_iter().enumerate() {
                for start in part.start.saturating_sub(2)..=part.start + 2 {
                    let Some(held) = bytes.get(start..start + part.len()) else {
                        continue;
                    };
                    if let Some(ids) = self.parts.get(&(n, k, part_hash(held))) {
                        found.extend(ids.iter().map(|&id| (id, k)));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        let mut ids: Vec<usize> = found
            .windows(2)
            .filter(|pair| pair[0].0 == pair[1].0)
            .map(|pair| pair[0].0)
            .collect();
        ids.dedup();
        ids
    }
}

/// A length's four parts, of lengths that differ by one at most.
fn quarters(n: usize) -> [std::ops::Range<usize>; 4] {
    let at = |k: usize| k * n / 4;
    [at(0)..at(1), at(1)..at(2), at(2)..at(3), at(3)..n]
}

fn part_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(bytes)
}

/// Checks a profile's values: names every page needs (errors), and values against each
/// other (warnings).
fn check_person(person: &Person, notes: &mut Vec<Diagnostic>) {
    let front = &person.front;
    let source = &person.source;
    if front.name.trim().is_empty() {
        notes.push(
            Diagnostic::near(source, &["name"], "the name is empty")
                .help("write the person's name, e.g. name = \"Ada Lovelace\""),
        );
    }
    // A name without letters or digits has no address: its page would take the place of
    // the index of its kind (`/skills/index.html` for a skill "!!!").
    let nameless = |what: &str, name: &str| {
        Diagnostic::near(
            source,
            &[name],
            format!(
                "the {what} \"{name}\" has no letters or digits to make its page's address from"
            ),
        )
        .help(format!("write the {what}'s name"))
    };
    for role in &front.experience {
        if slugify(&role.employer).is_empty() {
            notes.push(nameless("employer", &role.employer));
        }
    }
    for name in skill_names(front) {
        if slugify(name).is_empty() {
            notes.push(nameless("skill", name));
        }
    }
    for talk in &front.talks {
        if slugify(&talk.title).is_empty() {
            notes.push(nameless("talk", &talk.title));
        }
    }
    for role in &person.front.experience {
        if let Some(end) = role.end
            && end < role.start
        {
            let (start_text, end_text) = (role.start.to_string(), end.to_string());
            // A role may have no title: then its employer and start date find it
            // (one employer may have several roles).
            let (needles, name): (Vec<&str>, _) = match role.title() {
                Some(title) => (vec![title, &end_text], format!("\"{title}\"")),
                None => (
                    vec![&role.employer, &start_text, &end_text],
                    format!("at {}", role.employer.trim()),
                ),
            };
            notes.push(
                Diagnostic::near(
                    &person.source,
                    &needles,
                    format!(
                        "the role {name} ends ({end}) before it starts ({})",
                        role.start
                    ),
                )
                .help("swap `start` and `end`, or correct the year")
                .warning(),
            );
        }
    }
    if person.body().trim().is_empty() {
        notes.push(
            Diagnostic::file(&person.source.path, format!("the profile of {} has no bio", person.front.name))
                .help("write a few sentences about the person after the front matter; the home page card shows the first paragraph")
                .warning(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::NearNames;

    /// Slugs from a small alphabet, so that many are a few edits apart.
    fn slugs(count: usize, seed: u64) -> Vec<String> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..count)
            .map(|_| {
                let len = next() % 12;
                (0..len).map(|_| b"ab-c"[next() % 4] as char).collect()
            })
            .collect()
    }

    #[test]
    fn near_names_finds_every_slug_two_edits_away_and_not_every_slug() {
        let names = slugs(2_000, 1);
        let near = NearNames::new(names.iter().map(String::as_str));
        let mut kept = 0;
        for query in slugs(300, 2) {
            let found = near.candidates(&query);
            assert!(found.is_sorted() && found.windows(2).all(|p| p[0] != p[1]));
            let close: Vec<usize> = (0..names.len())
                .filter(|&i| strsim::levenshtein(&query, &names[i]) <= 2)
                .collect();
            let missed: Vec<&String> = close
                .iter()
                .filter(|i| found.binary_search(i).is_err())
                .map(|&i| &names[i])
                .collect();
            assert!(missed.is_empty(), "{query:?} missed {missed:?}");
            kept += found.len();
        }
        assert!(kept < 300 * 2_000 / 4, "too many candidates: {kept}");
    }
}
