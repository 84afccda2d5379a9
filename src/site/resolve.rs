//! Names resolved to ids: each employer and skill name once, in the order profiles first use
//! them; what linking needs of each profile, in parallel.

use std::path::PathBuf;

use crate::content::{EmployerFile, Person, PersonFront};
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;
type FastSet<T> = foldhash::HashSet<T>;
use std::sync::Arc;

use rayon::prelude::*;

use super::*;
use crate::diagnostic::SourceFile;

/// How many profiles one task gathers first-used names from while linking.
const STRETCH: usize = 256;

/// Every employer and skill name the profiles use, each resolved once to its entry in a
/// registry (numbered as first used; sorted at the end), with the notes on second spellings.
pub(super) struct Names {
    /// By slug: the employer's name as shown, and its file's index if it has one.
    pub(super) employers: Registry<(String, Option<usize>)>,
    /// By slug: the skill's first spelling, and the file it was first seen in.
    pub(super) skills: Registry<(String, PathBuf)>,
    employer_ids: FastMap<String, usize>,
    skill_ids: FastMap<String, usize>,
    /// Warnings on second spellings of a skill, in profile order.
    pub(super) notes: Vec<Diagnostic>,
}

impl Names {
    /// Resolves every name the profiles use, in the order they first use it, so that the
    /// first spelling is kept and notes come in order: the names each stretch of profiles
    /// uses first are gathered in parallel, then resolved in order. An employer file whose
    /// employer no profile lists still gets its entry.
    pub(super) fn resolve(
        people: &[(String, Arc<Person>)],
        employer_files: &[EmployerFile],
        claims: &FastMap<String, usize>,
        skill_aliases: &std::collections::BTreeMap<String, String>,
    ) -> Names {
        let mut names = Names {
            employers: Registry::default(),
            skills: Registry::default(),
            employer_ids: FastMap::default(),
            skill_ids: FastMap::default(),
            notes: Vec::new(),
        };
        let aliases: FastMap<String, String> = skill_aliases
            .iter()
            .map(|(from, to)| (slugify(from), to.trim().to_string()))
            .collect();
        let firsts: Vec<_> = people
            .par_chunks(STRETCH)
            .enumerate()
            .map(|(chunk, profiles)| first_uses(chunk * STRETCH, profiles))
            .collect();
        let mut noted = std::collections::HashSet::new();
        for (employers, skills) in firsts {
            for name in employers {
                names.employer(name, employer_files, claims);
            }
            for (name, person) in skills {
                names.skill(name, &people[person].1.source, &aliases, &mut noted);
            }
        }
        for file in employer_files {
            names.employer(&file.front.name, employer_files, claims);
        }
        names
    }

    /// The employer a role names: under an employer file's name when the file claims it.
    fn employer(
        &mut self,
        name: &str,
        files: &[EmployerFile],
        claims: &FastMap<String, usize>,
    ) -> usize {
        if let Some(&id) = self.employer_ids.get(name) {
            return id;
        }
        let (slug, file) = match claims.get(&slugify(name)) {
            Some(&f) => (slugify(&files[f].front.name), Some(f)),
            None => (slugify(name), None),
        };
        let display = file.map_or(name, |f| files[f].front.name.as_str());
        let id = self
            .employers
            .id(slug, || (display.trim().to_string(), file));
        self.employer_ids.insert(name.to_string(), id);
        id
    }

    /// A skill keeps its first spelling; another spelling of the same slug is worth a
    /// warning, once.
    fn skill(
        &mut self,
        name: &str,
        source: &SourceFile,
        aliases: &FastMap<String, String>,
        noted: &mut std::collections::HashSet<String>,
    ) -> usize {
        if let Some(&id) = self.skill_ids.get(name) {
            return id;
        }
        let aliased = aliases.get(&slugify(name));
        let canonical = aliased.map_or(name.trim(), String::as_str);
        let id = self.skills.id(slugify(canonical), || {
            (canonical.to_string(), source.path.clone())
        });
        let (first, first_path) = &self.skills.items[id].1;
        if aliased.is_none() && first != canonical && noted.insert(canonical.to_string()) {
            self.notes.push(
                Diagnostic::near(source, &[canonical], format!("the skill \"{canonical}\" is spelled \"{first}\" in {}", first_path.display()))
                    .help(format!("write \"{first}\", or map one spelling onto the other in site.toml's [skill_aliases]"))
                    .warning(),
            );
        }
        self.skill_ids.insert(name.to_string(), id);
        id
    }
}

/// The employer and skill names a stretch of profiles (starting at profile `first`) uses
/// first, in order, each with the profile that uses it first.
fn first_uses(first: usize, profiles: &[(String, Arc<Person>)]) -> (Vec<&str>, Vec<(&str, usize)>) {
    let (mut seen, mut employers, mut skills) = (FastSet::default(), vec![], vec![]);
    for (i, (_, person)) in profiles.iter().enumerate() {
        let front = &person.front;
        for role in &front.experience {
            if seen.insert((true, role.employer.as_str())) {
                employers.push(role.employer.as_str());
            }
        }
        for name in front.skill_names() {
            if seen.insert((false, name)) {
                skills.push((name, first + i));
            }
        }
    }
    (employers, skills)
}

/// A profile's employers and skills as registry entries, once every name is resolved;
/// made into the site's ids once the registries are sorted ([`Resolved::into_ids`]).
pub(super) struct Resolved {
    role_employers: Vec<usize>,
    skill_groups: Vec<(Option<String>, Vec<usize>)>,
    role_technologies: Vec<Vec<usize>>,
    all_skills: Vec<usize>,
}

/// What a profile's resolved names become once the registries are sorted.
pub(super) struct Ids {
    pub(super) role_employers: Vec<EmployerId>,
    pub(super) skill_groups: Vec<SkillGroup>,
    pub(super) role_technologies: Vec<Vec<SkillId>>,
    pub(super) all_skills: Vec<SkillId>,
}

impl Resolved {
    pub(super) fn new(front: &PersonFront, names: &Names) -> Resolved {
        let mut all_skills: Vec<usize> = Vec::new();
        let mut skill = |name: &String| {
            let id = names.skill_ids[name.as_str()];
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
                .map(|r| names.employer_ids[r.employer.as_str()])
                .collect(),
            skill_groups,
            role_technologies,
            all_skills,
        }
    }

    /// The ids of the sorted registries, given each entry's place in them.
    pub(super) fn into_ids(self, employers: &[usize], skills: &[usize]) -> Ids {
        let skill = |&id: &usize| SkillId::new(skills[id]);
        Ids {
            role_employers: self
                .role_employers
                .iter()
                .map(|&id| EmployerId::new(employers[id]))
                .collect(),
            skill_groups: self
                .skill_groups
                .into_iter()
                .map(|(name, ids)| SkillGroup {
                    name,
                    skills: ids.iter().map(skill).collect(),
                })
                .collect(),
            role_technologies: self
                .role_technologies
                .iter()
                .map(|ids| ids.iter().map(skill).collect())
                .collect(),
            all_skills: self.all_skills.iter().map(skill).collect(),
        }
    }
}

/// What linking needs of one profile that depends on no other profile being linked.
pub(super) struct Prelinked {
    pub(super) url: String,
    /// Its key for `@/` links.
    pub(super) key: String,
    /// Per talk: its slug, and the profile each co-speaker it names is, if any.
    pub(super) talks: Vec<(String, Vec<Option<PersonId>>)>,
    /// Notes on its co-speakers' names, then on its values, then on its files.
    pub(super) notes: Vec<Diagnostic>,
    pub(super) assets: Vec<Asset>,
}

impl Prelinked {
    pub(super) fn new(
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
        crate::content::check_person(person, &mut notes);
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

/// Each name and alias of an employer file, mapped to that file.
pub(super) fn employer_claims(
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
