//! The profile a co-speaker's name means, and the near misses worth a warning.

use std::sync::Arc;

use super::ids::PersonId;
use crate::content::Person;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::slug::slugify;

/// A hash map for lookups within one build: foldhash is several times quicker than the
/// default SipHash, whose defence against crafted keys a build does not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// The profiles a speaker's name may mean: by name or slug, compared as slugs,
/// so "Rafael Chacon" finds "Rafael Chacón".
pub(super) struct Profiles {
    by_slug: FastMap<String, usize>,
    /// (slug, name, the name as a slug) of every profile.
    names: Vec<(String, String, String)>,
    /// The names as slugs, for near misses; made when the first name matches none.
    near: std::sync::OnceLock<NearNames>,
}

impl Profiles {
    pub(super) fn new(people: &[(String, Arc<Person>)]) -> Profiles {
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
    pub(super) fn find(
        &self,
        name: &str,
        source: &SourceFile,
        notes: &mut Vec<Diagnostic>,
    ) -> Option<PersonId> {
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
            return Some(PersonId::new(i));
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
