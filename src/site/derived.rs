//! Facts no single file states, worked out once from the whole site: how long each person
//! has used each skill, what an employer's people used, where they worked in teams and what
//! they said while there, which skills go together, and which talks are related.
//!
//! Time is counted in months. An open-ended role runs to the site's present: the newest
//! date any profile gives, not the day of the build, so that the same files always build
//! the same pages.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::Role;
use crate::dates::Date;

use super::{EmployerId, PersonId, SitePerson, SkillId, Talk, TalkId};

/// A month counted from year 0, so months compare and subtract.
pub type Month = u32;

/// The first month of a date: a year alone starts in January.
pub fn first_month(date: Date) -> Month {
    u32::from(date.year) * 12 + u32::from(date.month.unwrap_or(1)) - 1
}

/// The last month of a date: a year alone ends in December.
pub fn last_month(date: Date) -> Month {
    u32::from(date.year) * 12 + u32::from(date.month.unwrap_or(12)) - 1
}

/// The date a month stands for, as `YYYY-MM`.
pub fn month_date(month: Month) -> Date {
    Date {
        year: u16::try_from(month / 12).unwrap_or(u16::MAX),
        month: u8::try_from(month % 12 + 1).ok(),
        day: None,
    }
}

/// The months a role covers, both ends included; an open role runs to `present`. A role
/// without a start covers nothing; one whose end is before its start covers its start.
pub fn role_months(role: &Role, present: Month) -> Option<(Month, Month)> {
    let start = first_month(role.start?);
    let end = role.end.map_or(present, last_month);
    Some((start, end.max(start)))
}

/// How many months `spans` cover together: overlapping roles count once.
pub fn covered_months(spans: &mut [(Month, Month)]) -> u32 {
    spans.sort_unstable();
    let mut total = 0;
    let mut current: Option<(Month, Month)> = None;
    for &(start, end) in spans.iter() {
        match &mut current {
            Some((_, last)) if start <= *last + 1 => *last = (*last).max(end),
            _ => {
                if let Some((s, e)) = current {
                    total += e - s + 1;
                }
                current = Some((start, end));
            }
        }
    }
    total + current.map_or(0, |(s, e)| e - s + 1)
}

/// The site's present: the newest month any role or talk names (0 on a site with no dates).
pub fn present(people: &[SitePerson], talks: &[Talk]) -> Month {
    let roles = people
        .par_iter()
        .flat_map_iter(|p| p.person.front.experience.iter())
        .flat_map_iter(|r| {
            r.start
                .map(first_month)
                .into_iter()
                .chain(r.end.map(last_month))
        })
        .max()
        .unwrap_or(0);
    let talks = talks.iter().map(|t| first_month(t.date)).max().unwrap_or(0);
    roles.max(talks)
}

/// A person's time with one of their skills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SkillExperience {
    pub skill: SkillId,
    /// The months of the roles naming it, overlaps counted once.
    pub months: u32,
    /// How many roles name it.
    pub roles: u32,
}

/// Each of a person's skills (in the order of `all_skills`) with the months and roles of
/// the roles whose technologies name it; a skill only the profile's `skills` name has none.
pub fn skill_experience(person: &SitePerson, present: Month) -> Vec<SkillExperience> {
    let roles = &person.person.front.experience;
    let mut spans: Vec<Vec<(Month, Month)>> = vec![Vec::new(); person.all_skills.len()];
    let mut counts = vec![0u32; person.all_skills.len()];
    for (role, technologies) in roles.iter().zip(&person.role_technologies) {
        let months = role_months(role, present);
        for skill in technologies {
            let Some(at) = person.all_skills.iter().position(|s| s == skill) else {
                continue;
            };
            counts[at] += 1;
            spans[at].extend(months);
        }
    }
    person
        .all_skills
        .iter()
        .zip(spans.iter_mut().zip(counts))
        .map(|(&skill, (spans, roles))| SkillExperience {
            skill,
            months: covered_months(spans),
            roles,
        })
        .collect()
}

/// What the roles at one employer say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EmployerFacts {
    /// The earliest start of a role there.
    pub since: Option<Date>,
    /// The latest end of a role there, unless someone still works there.
    pub until: Option<Date>,
    /// How many people still work there (a role with a start and no end).
    pub current_people: usize,
    /// The skills its roles name, with how many roles name each, most named first.
    pub technologies: Vec<(SkillId, u32)>,
    /// The teams its roles name, each once, in the order of first mention (newest first).
    pub teams: Vec<String>,
    /// The talks its people gave while they worked there, in the site's order.
    pub talks: Vec<TalkId>,
}

/// The facts of an employer from its members' roles there.
pub fn employer_facts(
    members: &[super::Member],
    people: &[SitePerson],
    talks: &[Talk],
    present: Month,
    skill_count: usize,
) -> EmployerFacts {
    let mut facts = EmployerFacts::default();
    let mut technologies = Tally::new(skill_count);
    let mut ongoing = false;
    for member in members {
        let person = &people[member.person.index()];
        let roles = &person.person.front.experience;
        let mut spans = Vec::new();
        let mut current = false;
        for &r in &member.roles {
            let role = &roles[r];
            current |= role.is_current();
            if let Some(start) = role.start {
                facts.since = Some(facts.since.map_or(start, |s| s.min(start)));
            }
            facts.until = facts.until.max(role.end);
            spans.extend(role_months(role, present));
            for technology in &person.role_technologies[r] {
                technologies.add(technology.index());
            }
            if let Some(team) = role
                .team
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                && !facts.teams.iter().any(|t| t == team)
            {
                facts.teams.push(team.to_string());
            }
        }
        ongoing |= current;
        facts.current_people += usize::from(current);
        for talk in person.talks() {
            let month = first_month(talks[talk.index()].date);
            if spans.iter().any(|&(s, e)| (s..=e).contains(&month)) {
                facts.talks.push(talk);
            }
        }
    }
    if ongoing {
        facts.until = None;
    }
    facts.technologies = technologies.ranked(SkillId::new);
    facts.talks.sort_unstable();
    facts.talks.dedup();
    facts
}

/// Someone with a skill, and their time with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Holder {
    pub person: PersonId,
    pub months: u32,
    pub roles: u32,
}

/// What the people with one skill say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SkillFacts {
    /// Everyone with the skill, most months first, then most roles, then by name.
    pub holders: Vec<Holder>,
    /// The skills its people also have, with how many have both, most shared first (at
    /// most [`RELATED_SKILLS`]).
    pub related: Vec<(SkillId, u32)>,
    /// The employers whose roles name it, with how many roles, most first.
    pub employers: Vec<(EmployerId, u32)>,
    /// The talks whose title names it (or one of its spellings), in the site's order.
    pub talks: Vec<TalkId>,
}

thread_local! {
    /// The counts of the thread's last [`Tally`], all zero again.
    static COUNTS: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

/// How many times each number below `n` is added, counted in a table rather than sorted: a
/// skill's co-occurring skills are a dozen for each of its holders, and sorting them all
/// was the most of the site's linking, every build and every rebuild of `serve`. The table
/// is the thread's own, zeroed again as it is read: a table of `n` made for each skill
/// would be quadratic in a site of many skills.
struct Tally {
    counts: Vec<u32>,
    /// The numbers added, each once.
    seen: Vec<usize>,
}

impl Tally {
    fn new(n: usize) -> Tally {
        let mut counts = COUNTS.take();
        if counts.len() < n {
            counts.resize(n, 0);
        }
        Tally {
            counts,
            seen: Vec::new(),
        }
    }

    fn add(&mut self, i: usize) {
        let count = &mut self.counts[i];
        if *count == 0 {
            self.seen.push(i);
        }
        *count += 1;
    }

    /// Each number added with its count, the greatest count first, then by number.
    fn ranked<Id>(mut self, id: impl Fn(usize) -> Id) -> Vec<(Id, u32)> {
        self.seen.sort_unstable();
        let mut list: Vec<(Id, u32)> = self
            .seen
            .iter()
            .map(|&i| (id(i), std::mem::take(&mut self.counts[i])))
            .collect();
        list.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
        COUNTS.set(self.counts);
        list
    }
}

/// How many related skills a skill page lists.
pub const RELATED_SKILLS: usize = 12;

/// What the skills' facts read of each person, laid end to end: their skills with the
/// months and roles of each, and each (technology, employer) of their roles. A popular
/// skill reads thousands of holders; each one's is one short run of memory, not a walk
/// through the person's lists.
pub struct SkillTable {
    /// Where each person's skills start in `skills`, and where the last one's end.
    starts: Vec<usize>,
    /// Each skill with the months and roles that name it.
    skills: Vec<(SkillId, u32, u32)>,
    /// Where each person's roles' technologies start in `roles`, and where the last end.
    role_starts: Vec<usize>,
    /// Each technology a role names, with the role's employer.
    roles: Vec<(SkillId, EmployerId)>,
}

impl SkillTable {
    pub fn new(people: &[SitePerson]) -> SkillTable {
        let mut table = SkillTable {
            starts: Vec::with_capacity(people.len() + 1),
            skills: Vec::new(),
            role_starts: Vec::with_capacity(people.len() + 1),
            roles: Vec::new(),
        };
        for p in people {
            table.starts.push(table.skills.len());
            // A person's experience is in the order of their skills.
            table.skills.extend(
                p.all_skills
                    .iter()
                    .zip(&p.skill_experience)
                    .map(|(&skill, e)| (skill, e.months, e.roles)),
            );
            table.role_starts.push(table.roles.len());
            for (technologies, &employer) in p.role_technologies.iter().zip(&p.role_employers) {
                table
                    .roles
                    .extend(technologies.iter().map(|&t| (t, employer)));
            }
        }
        table.starts.push(table.skills.len());
        table.role_starts.push(table.roles.len());
        table
    }

    fn skills(&self, id: PersonId) -> &[(SkillId, u32, u32)] {
        &self.skills[self.starts[id.index()]..self.starts[id.index() + 1]]
    }

    fn roles(&self, id: PersonId) -> &[(SkillId, EmployerId)] {
        &self.roles[self.role_starts[id.index()]..self.role_starts[id.index() + 1]]
    }
}

/// The facts of skill `skill`, whose people are `holders_by_name` (sorted by name), from
/// what `table` lays out of them.
pub fn skill_facts(
    skill: SkillId,
    holders_by_name: &[PersonId],
    table: &SkillTable,
    (skill_count, employer_count): (usize, usize),
) -> SkillFacts {
    let mut holders: Vec<Holder> = holders_by_name
        .iter()
        .map(|&id| {
            let (months, roles) = table
                .skills(id)
                .iter()
                .find(|e| e.0 == skill)
                .map_or((0, 0), |e| (e.1, e.2));
            Holder {
                person: id,
                months,
                roles,
            }
        })
        .collect();
    // Stable: equal people stay in name order.
    holders.sort_by_key(|h| (std::cmp::Reverse(h.months), std::cmp::Reverse(h.roles)));
    // Plain loops: a popular skill's holders name hundreds of thousands of skills.
    let mut related = Tally::new(skill_count);
    for &id in holders_by_name {
        for &(other, ..) in table.skills(id) {
            if other != skill {
                related.add(other.index());
            }
        }
    }
    let mut related = related.ranked(SkillId::new);
    related.truncate(RELATED_SKILLS);
    let mut employers = Tally::new(employer_count);
    for &id in holders_by_name {
        for &(technology, employer) in table.roles(id) {
            if technology == skill {
                employers.add(employer.index());
            }
        }
    }
    SkillFacts {
        holders,
        related,
        employers: employers.ranked(EmployerId::new),
        talks: Vec::new(),
    }
}

/// The talks whose title names each skill: `spellings` are the lowercase names (skills'
/// names and site.toml's aliases) with their skill. A name of three letters or fewer
/// ("Go") must match its case too, so that "where we go next" is not a talk about Go.
pub fn talks_naming(
    talks: &[Talk],
    spellings: &HashMap<String, (SkillId, String)>,
) -> Vec<(SkillId, TalkId)> {
    let longest = spellings
        .keys()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(0)
        .min(4);
    let mut found = Vec::new();
    for (t, talk) in talks.iter().enumerate() {
        let words: Vec<&str> = talk
            .title
            .split(|c: char| {
                c.is_whitespace()
                    || matches!(c, ',' | ':' | ';' | '(' | ')' | '"' | '?' | '!' | '/')
            })
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut named: Vec<SkillId> = Vec::new();
        for n in 1..=longest {
            for phrase in words.windows(n) {
                let phrase = phrase.join(" ");
                if let Some((skill, name)) = spellings.get(&phrase.to_lowercase())
                    && (name.chars().count() > 3 || phrase == *name)
                    && !named.contains(skill)
                {
                    named.push(*skill);
                }
            }
        }
        found.extend(named.into_iter().map(|s| (s, TalkId::new(t))));
    }
    found
}

/// How many related talks a talk page lists.
pub const RELATED_TALKS: usize = 6;

/// Each talk's related talks: those sharing a speaker (the strongest tie) or its event,
/// most shared first, then in the site's order.
pub fn related_talks(talks: &[Talk]) -> Vec<Vec<TalkId>> {
    let mut by_event: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_speaker: HashMap<String, Vec<usize>> = HashMap::new();
    let speaker_key = |s: &super::Speaker| match s.person {
        Some(p) => format!("#{}", p.index()),
        None => s.name.trim().to_lowercase(),
    };
    for (t, talk) in talks.iter().enumerate() {
        by_event
            .entry(talk.event.trim().to_lowercase())
            .or_default()
            .push(t);
        for speaker in &talk.speakers {
            let list = by_speaker.entry(speaker_key(speaker)).or_default();
            if list.last() != Some(&t) {
                list.push(t);
            }
        }
    }
    talks
        .par_iter()
        .enumerate()
        .map(|(t, talk)| {
            let mut score: HashMap<usize, u32> = HashMap::new();
            for &other in &by_event[&talk.event.trim().to_lowercase()] {
                *score.entry(other).or_default() += 1;
            }
            for speaker in &talk.speakers {
                for &other in &by_speaker[&speaker_key(speaker)] {
                    *score.entry(other).or_default() += 2;
                }
            }
            score.remove(&t);
            let mut related: Vec<(usize, u32)> = score.into_iter().collect();
            related.sort_unstable_by_key(|&(other, score)| (std::cmp::Reverse(score), other));
            related
                .into_iter()
                .take(RELATED_TALKS)
                .map(|(other, _)| TalkId::new(other))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
