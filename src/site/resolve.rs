//! Names resolved to ids: each employer and skill name once, in the order profiles first use
//! them; what linking needs of each profile, in parallel.

use std::path::PathBuf;

use crate::content::{EmployerFile, Person, PersonFront};
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;
use super::*;

/// How many profiles one task gathers first-used names from while linking.
pub(super) const STRETCH: usize = 256;

/// The skill names a profile uses, in the order they are resolved: its skills, then each
/// role's technologies.
pub(super) fn skill_names(front: &PersonFront) -> impl Iterator<Item = &str> {
    let listed = front
        .skills
        .groups()
        .into_iter()
        .flat_map(|(_, names)| names);
    let technologies = front.experience.iter().flat_map(|r| &r.technologies);
    listed.chain(technologies).map(String::as_str)
}

/// A profile's employers and skills as ids, once every name is resolved.
pub(super) struct Resolved {
    pub(super) role_employers: Vec<usize>,
    pub(super) skill_groups: Vec<(Option<String>, Vec<usize>)>,
    pub(super) role_technologies: Vec<Vec<usize>>,
    pub(super) all_skills: Vec<usize>,
}

impl Resolved {
    pub(super) fn new(
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
pub(super) struct Prelinked {
    pub(super) url: String,
    /// Its key for `@/` links.
    pub(super) key: String,
    /// Per talk: its slug, and the profile each co-speaker it names is, if any.
    pub(super) talks: Vec<(String, Vec<Option<usize>>)>,
    /// Notes on its co-speakers' names, then on its values, then on its files.
    pub(super) notes: Vec<Diagnostic>,
    pub(super) assets: Vec<(PathBuf, PathBuf)>,
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
