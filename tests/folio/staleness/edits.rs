//! The edits: one function per kind, each changing the model of the site the way a user
//! would (and saying how), or returning None when the site has nothing to apply it to.
//! Kinds are drawn from a shuffled deck, so that every kind comes up once in every deck's
//! worth of edits however the dice fall.
//!
//! A kind that finds a real bug (what `folio serve` serves differs from `folio build`) is
//! left in the list with its `known` field set to the bug, so that the test keeps passing
//! until the bug is fixed; the deck then skips it. Clear the field to re-enable it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use fastrand::Rng;
use folio::slug::slugify;

use super::site::*;

pub struct Kind {
    pub name: &'static str,
    /// How many cards of this kind a deck holds.
    weight: usize,
    edit: fn(&mut Site, &mut Rng) -> Option<String>,
    /// A bug this kind finds, not fixed yet: the kind is skipped until it is.
    known: Option<&'static str>,
}

const fn kind(
    name: &'static str,
    weight: usize,
    edit: fn(&mut Site, &mut Rng) -> Option<String>,
) -> Kind {
    Kind {
        name,
        weight,
        edit,
        known: None,
    }
}

impl Kind {
    pub fn apply(&self, site: &mut Site, rng: &mut Rng) -> Option<String> {
        (self.edit)(site, rng)
    }
}

/// Every edit a user makes that leaves a valid site.
pub const KINDS: &[Kind] = &[
    // A profile's own fields.
    kind("bio", 3, bio),
    kind("bio link", 2, bio_link),
    kind("headline", 2, headline),
    kind("name", 2, name),
    kind("location", 1, location),
    kind("summary", 1, summary),
    kind("email", 1, email),
    kind("avatar", 1, avatar),
    kind("avatar picture replaced", 1, avatar_replaced),
    kind("avatar picture resized", 1, avatar_resized),
    kind("avatar picture removed", 1, avatar_removed),
    kind("links", 2, links),
    kind("spoken languages", 1, languages),
    kind("skill added", 2, skill_added),
    kind("skill removed", 2, skill_removed),
    kind("skill respelled", 1, skill_respelled),
    kind("skills grouped", 1, skills_grouped),
    kind("skill alias in site.toml", 2, skill_alias),
    kind("role employer", 2, role_employer),
    kind("role title", 1, role_title),
    kind("role dates", 2, role_dates),
    kind("role technologies", 2, role_technologies),
    kind("role highlights", 1, role_highlights),
    kind("role location and team", 1, role_place),
    kind("role added", 1, role_added),
    kind("role removed", 1, role_removed),
    kind("talk added", 1, talk_added),
    kind("talk joined", 1, talk_joined),
    kind("talk removed", 1, talk_removed),
    kind("talk retitled", 2, talk_retitled),
    kind("talk event", 1, talk_event),
    kind("talk date", 1, talk_date),
    kind("talk location and links", 1, talk_details),
    kind("talk abstract", 1, talk_abstract),
    kind("talk co-speakers", 2, talk_co_speakers),
    kind("education", 2, education),
    kind("projects", 2, projects),
    kind("writing", 3, writing),
    // Whole profiles.
    kind("profile added", 1, profile_added),
    kind("profile deleted", 1, profile_deleted),
    kind("profile renamed", 1, profile_renamed),
    kind("profile slug", 1, profile_slug),
    kind("profile to folder", 1, profile_to_folder),
    kind("folder profile to file", 1, folder_to_file),
    kind("file beside a profile", 1, beside_file),
    kind("draft toggled", 1, draft),
    kind("front matter format", 1, front_matter_format),
    // Employer and talk files.
    kind("employer file added", 1, employer_added),
    kind("employer alias", 1, employer_alias),
    kind("employer description", 1, employer_description),
    kind("employer website, logo, format", 1, employer_links),
    kind("employer renamed", 1, employer_renamed),
    kind("employer file deleted", 1, employer_deleted),
    kind("talk file added", 1, talk_file_added),
    kind("talk file edited", 2, talk_file_edited),
    kind("talk file deleted", 1, talk_file_deleted),
    // Free pages and the home intro.
    kind("page added", 1, page_added),
    kind("page menu", 1, page_menu),
    kind("page title and description", 1, page_title),
    kind("page slug", 1, page_slug),
    kind("page body", 1, page_body),
    kind("page draft", 1, page_draft),
    kind("page deleted", 1, page_deleted),
    kind("home intro", 1, home_intro),
    // The owner's files.
    kind("site title", 1, site_title),
    kind("site description", 1, site_description),
    kind("site language", 1, site_language),
    kind("markdown options", 1, markdown_options),
    kind("template added", 1, template_added),
    kind("template edited", 1, template_edited),
    kind("template removed", 1, template_removed),
    kind("static file added", 1, static_added),
    kind("static file changed", 1, static_changed),
    kind("static file removed", 1, static_removed),
];

/// Edits that make the build fail; the step after one (or after a few more edits) fixes it.
pub const BREAKS: &[Kind] = &[
    kind("broken: front matter syntax", 1, break_syntax),
    kind("broken: invalid date", 1, break_date),
    kind("broken: unknown field", 1, break_unknown_field),
    kind("broken: required field missing", 1, break_missing_name),
    kind("broken: @/ link to nowhere", 1, break_link),
    kind("broken: two profiles, one slug", 1, break_duplicate_slug),
    kind("broken: site.toml unknown key", 1, break_site_toml),
    kind("broken: unknown highlight theme", 1, break_theme),
    kind("broken: template syntax", 1, break_template),
    kind("broken: two employer files claim a name", 1, break_claim),
    kind(
        "broken: unpublishable file beside a profile",
        1,
        break_beside,
    ),
    kind("broken: page slug taken", 1, break_page_slug),
];

/// Kinds drawn without replacement from a shuffled deck, refilled when empty.
pub struct Deck {
    kinds: &'static [Kind],
    cards: Vec<usize>,
}

impl Deck {
    pub fn new(kinds: &'static [Kind]) -> Deck {
        Deck {
            kinds,
            cards: Vec::new(),
        }
    }

    pub fn draw(&mut self, rng: &mut Rng) -> &'static Kind {
        if self.cards.is_empty() {
            self.cards = (0..self.kinds.len())
                .filter(|&k| self.kinds[k].known.is_none())
                .flat_map(|k| std::iter::repeat_n(k, self.kinds[k].weight))
                .collect();
            rng.shuffle(&mut self.cards);
        }
        &self.kinds[self.cards.pop().expect("a kind not known to fail")]
    }
}

/// The fewest and most profiles the edits keep the site between.
const FEWEST: usize = 6;
const MOST: usize = 80;

fn any(rng: &mut Rng, n: usize) -> Option<usize> {
    (n > 0).then(|| rng.usize(..n))
}

/// A profile that `ok` accepts.
fn person_where(site: &Site, rng: &mut Rng, ok: impl Fn(&Person) -> bool) -> Option<usize> {
    let found: Vec<usize> = (0..site.people.len())
        .filter(|&i| ok(&site.people[i]))
        .collect();
    any(rng, found.len()).map(|k| found[k])
}

fn person(site: &Site, rng: &mut Rng) -> usize {
    rng.usize(..site.people.len())
}

fn person_mut<'s>(site: &'s mut Site, rng: &mut Rng) -> &'s mut Person {
    let i = person(site, rng);
    &mut site.people[i]
}

/// Sets, changes or (sometimes) removes an optional field; says which.
fn toggle(
    rng: &mut Rng,
    slot: &mut Option<String>,
    make: impl FnOnce(&mut Rng) -> String,
) -> String {
    if slot.is_some() && rng.f32() < 0.4 {
        *slot = None;
        return "removed".into();
    }
    let value = make(rng);
    let said = format!("set to {value:?}");
    *slot = Some(value);
    said
}

fn shown(p: &Person) -> String {
    Site::person_path(p).display().to_string()
}

fn bio(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let p = &mut site.people[i];
    let what = match rng.u8(0..7) {
        // The first paragraph is the card's summary when the profile sets none.
        0 => {
            let more = sentence(rng, 5);
            match p.bio.first_mut() {
                Some(Block::Text(text)) => text.push_str(&format!(" {more}")),
                _ => p.bio.insert(0, Block::Text(more)),
            }
            "first paragraph extended"
        }
        1 if p.bio.len() > 1 => {
            let at = rng.usize(1..p.bio.len());
            p.bio.remove(at);
            "a part removed"
        }
        2 => {
            let (lang, code) = CODE[rng.usize(..CODE.len())];
            p.bio.push(Block::Code(lang, code));
            "code block added"
        }
        // "Talks" is an id the page's own sections take.
        3 => {
            let heading = pick(rng, &["Talks", "Outside work", "Now"]);
            p.bio.push(Block::Heading(heading.into()));
            "heading added"
        }
        4 => {
            p.bio.push(Block::Html(sentence(rng, 4)));
            "raw HTML added"
        }
        5 => {
            p.bio
                .push(Block::List(vec![sentence(rng, 3), sentence(rng, 4)]));
            "list added"
        }
        _ => {
            p.bio.push(Block::Text(sentence(rng, 9)));
            "paragraph added"
        }
    };
    Some(format!("{}: bio, {what}", shown(p)))
}

/// A target for an `@/` link: a profile, a page, an employer or talk file, the home page.
fn target(site: &Site, rng: &mut Rng) -> Option<(Target, String)> {
    Some(match rng.u8(0..6) {
        0 => {
            let file = &site.pages[any(rng, site.pages.len())?].file;
            (Target::Page(file.clone()), format!("page {file}"))
        }
        1 => {
            let file = &site.employers[any(rng, site.employers.len())?].file;
            (Target::Employer(file.clone()), format!("employer {file}"))
        }
        2 => {
            let file = &site.talk_files[any(rng, site.talk_files.len())?].file;
            (Target::Talk(file.clone()), format!("talk {file}"))
        }
        3 => (Target::Index, "the home page".into()),
        _ => {
            let p = &site.people[person(site, rng)];
            let anchor = (rng.f32() < 0.3).then_some("talks");
            let short = rng.bool();
            (
                Target::Person {
                    id: p.id,
                    short,
                    anchor,
                },
                format!("profile {}", p.name),
            )
        }
    })
}

fn bio_link(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let links: Vec<usize> = (0..site.people[i].bio.len())
        .filter(|&b| matches!(site.people[i].bio[b], Block::Link(..)))
        .collect();
    if !links.is_empty() && rng.f32() < 0.3 {
        let at = links[rng.usize(..links.len())];
        site.people[i].bio.remove(at);
        return Some(format!("{}: bio, a link removed", shown(&site.people[i])));
    }
    let (target, what) = target(site, rng)?;
    let p = &mut site.people[i];
    p.bio.push(Block::Link(target, what.clone()));
    Some(format!("{}: bio links to {what}", shown(p)))
}

fn headline(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = toggle(rng, &mut p.headline, |rng| {
        format!("{} of {}", pick(rng, TITLES), pick(rng, WORDS))
    });
    Some(format!("{}: headline {what}", shown(p)))
}

fn name(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let new = site.new_name(rng);
    let old = std::mem::replace(&mut site.people[i].name, new.clone());
    // Half the time the co-speakers who name them follow.
    let everywhere = rng.bool();
    if everywhere {
        for p in &mut site.people {
            for talk in &mut p.talks {
                for w in &mut talk.with {
                    if slugify(w) == slugify(&old) {
                        *w = new.clone();
                    }
                }
            }
        }
        for t in &mut site.talk_files {
            for s in &mut t.speakers {
                if slugify(s) == slugify(&old) {
                    *s = new.clone();
                }
            }
        }
    }
    let also = if everywhere {
        ", and so do the co-speakers naming them"
    } else {
        ""
    };
    Some(format!(
        "{}: name {old:?} -> {new:?}{also}",
        shown(&site.people[i])
    ))
}

fn location(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = toggle(rng, &mut p.location, |rng| pick(rng, CITIES).to_string());
    Some(format!("{}: location {what}", shown(p)))
}

fn summary(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = toggle(rng, &mut p.summary, |rng| sentence(rng, 6));
    Some(format!("{}: summary {what}", shown(p)))
}

fn email(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let file = p.file.clone();
    let what = toggle(rng, &mut p.email, |rng| {
        format!("{file}.{}@example.com", rng.u8(..100))
    });
    Some(format!("{}: email {what}", shown(p)))
}

/// A person whose avatar is a picture beside their profile, and its file's name.
fn avatar_file(site: &Site, rng: &mut Rng) -> Option<(usize, String)> {
    let i = person_where(site, rng, |p| {
        p.avatar.as_ref().is_some_and(|a| p.beside.contains_key(a))
    })?;
    Some((i, site.people[i].avatar.clone()?))
}

fn avatar_replaced(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, file) = avatar_file(site, rng)?;
    let p = &mut site.people[i];
    p.beside.insert(file.clone(), png(8, rng.u8(..)));
    Some(format!("{}: {file} replaced by another picture", shown(p)))
}

fn avatar_resized(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, file) = avatar_file(site, rng)?;
    let p = &mut site.people[i];
    let size = rng.u32(2..300);
    p.beside.insert(file.clone(), png(size, 40));
    Some(format!("{}: {file} resized to {size} pixels", shown(p)))
}

fn avatar_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, file) = avatar_file(site, rng)?;
    let p = &mut site.people[i];
    p.beside.remove(&file);
    p.avatar = None;
    p.links.retain(|(_, url)| *url != file);
    Some(format!("{}: {file} removed, and its avatar", shown(p)))
}

fn avatar(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let files: Vec<String> = p
        .beside
        .keys()
        .filter(|f| f.ends_with(".png"))
        .cloned()
        .collect();
    let what = if p.folder && !files.is_empty() && rng.bool() {
        let file = files[rng.usize(..files.len())].clone();
        p.avatar = Some(file.clone());
        format!("the file {file} beside it")
    } else {
        let file = p.file.clone();
        toggle(rng, &mut p.avatar, |rng| {
            format!("https://images.example.org/{file}-{}.png", rng.u8(..100))
        })
    };
    Some(format!("{}: avatar {what}", shown(p)))
}

fn links(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = match rng.u8(0..4) {
        0 if !p.links.is_empty() => {
            let (key, _) = p.links.remove(rng.usize(..p.links.len()));
            format!("{key} removed")
        }
        1 if !p.links.is_empty() => {
            let at = rng.usize(..p.links.len());
            let url = format!("https://example.net/{}/{}", p.file, rng.u16(..1000));
            p.links[at].1 = url.clone();
            format!("{} set to {url}", p.links[at].0)
        }
        2 if p.folder && !p.beside.is_empty() => {
            let files: Vec<&String> = p.beside.keys().collect();
            let file = files[rng.usize(..files.len())].clone();
            let key = format!("file{}", rng.u8(..100));
            p.links.push((key.clone(), file.clone()));
            format!("{key} names the file {file} beside it")
        }
        _ => {
            let key = pick(rng, &["website", "mastodon", "blog", "linkedin"]);
            let url = format!("https://{key}.example.org/{}", p.file);
            p.links.retain(|(k, _)| k != key);
            p.links.push((key.to_string(), url));
            format!("{key} added")
        }
    };
    Some(format!("{}: links, {what}", shown(p)))
}

fn languages(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = match rng.u8(0..3) {
        0 if !p.languages.is_empty() => {
            let (language, _) = p.languages.remove(rng.usize(..p.languages.len()));
            format!("{language} removed")
        }
        1 if !p.languages.is_empty() => {
            let at = rng.usize(..p.languages.len());
            p.languages[at].1 = Some(pick(rng, &["Native", "Fluent", "Basic"]).into());
            format!("{} level changed", p.languages[at].0)
        }
        _ => {
            let language = pick(rng, &["Italian", "Yoruba", "Japanese", "Polish", "Spanish"]);
            p.languages.retain(|(l, _)| l != language);
            p.languages.push((language.into(), None));
            format!("{language} added")
        }
    };
    Some(format!("{}: spoken languages, {what}", shown(p)))
}

fn skill_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let skill = match rng.f32() < 0.2 {
        true => format!("Skill {}", site.fresh()),
        false => site.skill_name(rng),
    };
    let p = &mut site.people[i];
    if p.skills.iter().any(|(_, s)| slugify(s) == slugify(&skill)) {
        return None;
    }
    let group = pick(rng, &["languages", "platforms", "practices"]);
    let at = rng.usize(..=p.skills.len());
    p.skills.insert(at, (group, skill.clone()));
    Some(format!("{}: skill {skill:?} added", shown(p)))
}

fn skill_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| !p.skills.is_empty())?;
    let p = &mut site.people[i];
    let (_, skill) = p.skills.remove(rng.usize(..p.skills.len()));
    Some(format!("{}: skill {skill:?} removed", shown(p)))
}

fn skill_respelled(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| !p.skills.is_empty())?;
    let aliases = site.skill_aliases.clone();
    let p = &mut site.people[i];
    let at = rng.usize(..p.skills.len());
    let old = p.skills[at].1.clone();
    // Another case, or a spelling site.toml maps onto it, or the skill it maps onto.
    let spellings: Vec<String> = aliases
        .iter()
        .filter(|(from, to)| slugify(to) == slugify(&old) || slugify(from) == slugify(&old))
        .flat_map(|(from, to)| [from.clone(), to.clone()])
        .chain([old.to_lowercase(), old.to_uppercase()])
        .filter(|s| *s != old)
        .collect();
    let new = spellings.get(any(rng, spellings.len())?)?.clone();
    p.skills[at].1 = new.clone();
    Some(format!("{}: skill {old:?} spelled {new:?}", shown(p)))
}

fn skills_grouped(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| !p.skills.is_empty())?;
    let p = &mut site.people[i];
    p.grouped = !p.grouped;
    if p.grouped && rng.bool() {
        let at = rng.usize(..p.skills.len());
        p.skills[at].0 = pick(rng, &["languages", "platforms", "practices"]);
    }
    let what = if p.grouped { "grouped" } else { "a flat list" };
    Some(format!("{}: skills {what}", shown(p)))
}

fn skill_alias(site: &mut Site, rng: &mut Rng) -> Option<String> {
    if !site.skill_aliases.is_empty() && rng.f32() < 0.35 {
        let keys: Vec<String> = site.skill_aliases.keys().cloned().collect();
        let key = &keys[rng.usize(..keys.len())];
        site.skill_aliases.remove(key);
        return Some(format!("site.toml: skill alias {key:?} removed"));
    }
    // A spelling someone uses mapped onto another skill: two skill pages become one.
    let used: Vec<String> = site
        .people
        .iter()
        .flat_map(|p| {
            p.skills
                .iter()
                .map(|(_, s)| s.clone())
                .chain(p.roles.iter().flat_map(|r| r.technologies.clone()))
        })
        .collect();
    let from = match rng.f32() < 0.2 {
        true => format!("spelling{}", site.fresh()),
        false => used.get(any(rng, used.len())?)?.clone(),
    };
    let to = pick(rng, SKILLS).to_string();
    if slugify(&from) == slugify(&to) {
        return None;
    }
    site.skill_aliases
        .retain(|k, _| slugify(k) != slugify(&from));
    site.skill_aliases.insert(from.clone(), to.clone());
    Some(format!("site.toml: skill alias {from:?} = {to:?}"))
}

/// A role of some profile: (person, role).
fn role(site: &Site, rng: &mut Rng) -> Option<(usize, usize)> {
    let i = person_where(site, rng, |p| !p.roles.is_empty())?;
    Some((i, rng.usize(..site.people[i].roles.len())))
}

fn role_employer(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let old = site.people[i].roles[r].employer.clone();
    let new = match rng.u8(0..4) {
        0 => format!("New Works {}", site.fresh()),
        1 => old.to_lowercase(),
        _ => site.employer_name(rng),
    };
    if new == old {
        return None;
    }
    site.people[i].roles[r].employer = new.clone();
    Some(format!(
        "{}: role {r} at {old:?} -> {new:?}",
        shown(&site.people[i])
    ))
}

fn role_title(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let what = toggle(rng, &mut site.people[i].roles[r].title, |rng| {
        pick(rng, TITLES).to_string()
    });
    Some(format!("{}: role {r} title {what}", shown(&site.people[i])))
}

fn role_dates(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let role = &mut site.people[i].roles[r];
    let start: u32 = rng.u32(2000..2025);
    role.start = match rng.bool() {
        true => start.to_string(),
        false => format!("{start}-{:02}", rng.u8(1..=12)),
    };
    role.end = match rng.f32() < 0.3 {
        true => None,
        false => Some((start + rng.u32(1..6)).min(2025).to_string()),
    };
    let what = format!("{} to {}", role.start, role.end.as_deref().unwrap_or("now"));
    Some(format!("{}: role {r} dates {what}", shown(&site.people[i])))
}

fn role_technologies(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let skill = site.skill_name(rng);
    let role = &mut site.people[i].roles[r];
    let what = if !role.technologies.is_empty() && rng.bool() {
        let gone = role
            .technologies
            .remove(rng.usize(..role.technologies.len()));
        format!("{gone:?} removed")
    } else {
        if role.technologies.contains(&skill) {
            return None;
        }
        role.technologies.push(skill.clone());
        format!("{skill:?} added")
    };
    Some(format!(
        "{}: role {r} technologies, {what}",
        shown(&site.people[i])
    ))
}

fn role_highlights(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let what = toggle(rng, &mut site.people[i].roles[r].highlights, |rng| {
        format!("- {}\n- **{}**\n", sentence(rng, 5), sentence(rng, 2))
    });
    Some(format!(
        "{}: role {r} highlights {what}",
        shown(&site.people[i])
    ))
}

fn role_place(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let role = &mut site.people[i].roles[r];
    let what = match rng.bool() {
        true => {
            let what = toggle(rng, &mut role.location, |rng| pick(rng, CITIES).to_string());
            format!("location {what}")
        }
        false => {
            let what = toggle(rng, &mut role.team, |rng| {
                format!("{} team", pick(rng, WORDS))
            });
            format!("team {what}")
        }
    };
    Some(format!("{}: role {r} {what}", shown(&site.people[i])))
}

fn role_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let year = rng.u32(2000..2025);
    let role = site.new_role(rng, year);
    let p = &mut site.people[i];
    let at = rng.usize(..=p.roles.len());
    let what = format!("at {:?} from {}", role.employer, role.start);
    p.roles.insert(at, role);
    Some(format!("{}: role added {what}", shown(p)))
}

fn role_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    let role = site.people[i].roles.remove(r);
    Some(format!(
        "{}: role at {:?} removed",
        shown(&site.people[i]),
        role.employer
    ))
}

/// A talk some profile lists: (person, talk).
fn talk(site: &Site, rng: &mut Rng) -> Option<(usize, usize)> {
    let i = person_where(site, rng, |p| !p.talks.is_empty())?;
    Some((i, rng.usize(..site.people[i].talks.len())))
}

fn talk_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let talk = site.new_talk(rng);
    let title = talk.title.clone();
    site.people[i].talks.push(talk);
    Some(format!("{}: talk {title:?} added", shown(&site.people[i])))
}

fn talk_joined(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let what = site.join_talk(rng, i)?;
    Some(format!("{}: {what}", shown(&site.people[i])))
}

fn talk_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let talk = site.people[i].talks.remove(t);
    Some(format!(
        "{}: talk {:?} removed",
        shown(&site.people[i]),
        talk.title
    ))
}

fn talk_retitled(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let old = site.people[i].talks[t].clone();
    let slug = talk_slug(&old.title, &old.date);
    let (new, how) = match rng.u8(0..3) {
        // The same slug: which spelling wins is up to folio's merge.
        0 => (old.title.to_uppercase(), "in capitals"),
        _ => (format!("{} {}", old.title, pick(rng, WORDS)), "renamed"),
    };
    // Everywhere (every profile and the talk file), or in this profile only, which splits
    // a shared talk in two.
    let everywhere = rng.bool();
    let new_slug = talk_slug(&new, &old.date);
    let touched = |j: usize| everywhere || j == i;
    let clash = site.people.iter().enumerate().any(|(j, p)| {
        touched(j)
            && p.talks.iter().any(|x| {
                let this = talk_slug(&x.title, &x.date);
                this != slug && this == new_slug
            })
    });
    if clash {
        return None;
    }
    for (j, p) in site.people.iter_mut().enumerate() {
        for x in p.talks.iter_mut().filter(|_| touched(j)) {
            if talk_slug(&x.title, &x.date) == slug {
                x.title = new.clone();
            }
        }
    }
    if everywhere {
        for f in &mut site.talk_files {
            if talk_slug(&f.title, &f.date) == slug {
                f.title = new.clone();
            }
        }
    }
    let where_ = if everywhere {
        "everywhere"
    } else {
        "in this profile"
    };
    Some(format!(
        "{}: talk {:?} {how} {new:?} {where_}",
        shown(&site.people[i]),
        old.title
    ))
}

fn talk_event(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let talk = &mut site.people[i].talks[t];
    talk.event = format!("{} {}", pick(rng, EVENTS), &talk.date[..4]);
    let what = talk.event.clone();
    Some(format!(
        "{}: talk {t} event {what:?}",
        shown(&site.people[i])
    ))
}

fn talk_date(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let p = &mut site.people[i];
    let old = p.talks[t].date.clone();
    // Within the same year the talk keeps its address; another year moves it.
    let new = match rng.bool() {
        true => format!("{}-{:02}", &old[..4], rng.u8(1..=12)),
        false => date(rng, 2012..=2025),
    };
    let title = p.talks[t].title.clone();
    let clash = p
        .talks
        .iter()
        .enumerate()
        .any(|(k, x)| k != t && talk_slug(&x.title, &x.date) == talk_slug(&title, &new));
    if clash || new == old {
        return None;
    }
    p.talks[t].date = new.clone();
    Some(format!("{}: talk {title:?} date {old} -> {new}", shown(p)))
}

fn talk_details(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let talk = &mut site.people[i].talks[t];
    let n = rng.u16(..1000);
    let what = match rng.u8(0..4) {
        0 => format!(
            "location {}",
            toggle(rng, &mut talk.location, |rng| pick(rng, CITIES).into())
        ),
        1 => format!(
            "url {}",
            toggle(rng, &mut talk.url, |_| format!(
                "https://talks.example.org/{n}/"
            ))
        ),
        2 => format!(
            "slides {}",
            toggle(rng, &mut talk.slides, |_| format!(
                "https://slides.example.org/{n}.pdf"
            ))
        ),
        _ => format!(
            "video {}",
            toggle(rng, &mut talk.video, |_| format!(
                "https://video.example.org/{n}"
            ))
        ),
    };
    Some(format!("{}: talk {t} {what}", shown(&site.people[i])))
}

fn talk_abstract(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let what = toggle(rng, &mut site.people[i].talks[t].abstract_, |rng| {
        format!("{}\n\n{}\n", sentence(rng, 7), sentence(rng, 3))
    });
    Some(format!(
        "{}: talk {t} abstract {what}",
        shown(&site.people[i])
    ))
}

fn talk_co_speakers(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, t) = talk(site, rng)?;
    let other = site.people[person(site, rng)].name.clone();
    let guest = format!("Guest Speaker {}", site.fresh());
    let me = site.people[i].name.clone();
    let talk = &mut site.people[i].talks[t];
    let what = match rng.u8(0..4) {
        0 if !talk.with.is_empty() => {
            let gone = talk.with.remove(rng.usize(..talk.with.len()));
            format!("{gone:?} removed")
        }
        1 => {
            talk.with.push(guest.clone());
            format!("{guest:?} (no profile) added")
        }
        // A profile's name, sometimes spelled otherwise (the same slug).
        _ => {
            if slugify(&other) == slugify(&me)
                || talk.with.iter().any(|w| slugify(w) == slugify(&other))
            {
                return None;
            }
            let spelled = match rng.f32() < 0.3 {
                true => other.to_lowercase(),
                false => other.clone(),
            };
            talk.with.push(spelled.clone());
            format!("the profile {spelled:?} added")
        }
    };
    Some(format!(
        "{}: talk {:?} co-speakers, {what}",
        shown(&site.people[i]),
        site.people[i].talks[t].title
    ))
}

fn education(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let what = match rng.u8(0..4) {
        0 if !p.education.is_empty() => {
            p.education.remove(rng.usize(..p.education.len()));
            "one removed".to_string()
        }
        1 | 2 if !p.education.is_empty() => {
            let at = rng.usize(..p.education.len());
            let e = &mut p.education[at];
            let year = |rng: &mut Rng| rng.u32(1995..2020).to_string();
            match rng.u8(0..6) {
                0 => {
                    e.institution = format!("{} Institute", pick(rng, CITIES));
                    format!("institution {:?}", e.institution)
                }
                1 => format!("degree {}", toggle(rng, &mut e.degree, |_| "PhD".into())),
                2 => format!("field {}", toggle(rng, &mut e.field, |_| "Physics".into())),
                3 => format!("start {}", toggle(rng, &mut e.start, year)),
                4 => format!("end {}", toggle(rng, &mut e.end, year)),
                _ => format!(
                    "description {}",
                    toggle(rng, &mut e.description, |rng| sentence(rng, 5))
                ),
            }
        }
        _ => {
            p.education.push(new_education(rng));
            "one added".to_string()
        }
    };
    Some(format!("{}: education, {what}", shown(p)))
}

fn projects(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    let file = p.file.clone();
    let what = match rng.u8(0..4) {
        0 if !p.projects.is_empty() => {
            p.projects.remove(rng.usize(..p.projects.len()));
            "one removed".to_string()
        }
        1 | 2 if !p.projects.is_empty() => {
            let at = rng.usize(..p.projects.len());
            let x = &mut p.projects[at];
            let n = rng.u16(..1000);
            match rng.u8(0..5) {
                0 => {
                    x.name = format!("{}-{n}", pick(rng, WORDS));
                    format!("name {:?}", x.name)
                }
                1 => format!(
                    "url {}",
                    toggle(rng, &mut x.url, |_| format!("https://code.example.org/{n}"))
                ),
                2 => format!("role {}", toggle(rng, &mut x.role, |_| "Author".into())),
                3 => format!(
                    "start {}",
                    toggle(rng, &mut x.start, |rng| rng.u32(2010..2025).to_string())
                ),
                _ => format!(
                    "description {}",
                    toggle(rng, &mut x.description, |rng| sentence(rng, 5))
                ),
            }
        }
        _ => {
            p.projects.push(new_project(rng, &file));
            "one added".to_string()
        }
    };
    Some(format!("{}: projects, {what}", shown(p)))
}

fn writing(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    // The same piece (the same URL) in two profiles is one feed entry by both.
    let shared = site
        .people
        .iter()
        .flat_map(|p| &p.writing)
        .filter(|w| w.url.is_some())
        .cloned()
        .collect::<Vec<_>>();
    let p = &mut site.people[i];
    let file = p.file.clone();
    let what = match rng.u8(0..5) {
        0 if !p.writing.is_empty() => {
            p.writing.remove(rng.usize(..p.writing.len()));
            "one removed".to_string()
        }
        1 | 2 if !p.writing.is_empty() => {
            let at = rng.usize(..p.writing.len());
            let w = &mut p.writing[at];
            let n = rng.u16(..1000);
            match rng.u8(0..5) {
                0 => {
                    w.title = format!("Notes on {} {n}", pick(rng, WORDS));
                    format!("title {:?}", w.title)
                }
                1 => format!(
                    "url {}",
                    toggle(rng, &mut w.url, |_| format!(
                        "https://{file}.example.com/{n}/"
                    ))
                ),
                2 => format!(
                    "date {}",
                    toggle(rng, &mut w.date, |rng| date(rng, 2015..=2025))
                ),
                3 => format!(
                    "publisher {}",
                    toggle(rng, &mut w.publisher, |_| format!("Press {n}"))
                ),
                _ => format!(
                    "description {}",
                    toggle(rng, &mut w.description, |rng| sentence(rng, 5))
                ),
            }
        }
        3 if !shared.is_empty() => {
            let w = shared[rng.usize(..shared.len())].clone();
            let what = format!("{:?} of another profile added", w.title);
            p.writing.push(w);
            what
        }
        _ => {
            p.writing.push(new_writing(rng, &file));
            "one added".to_string()
        }
    };
    Some(format!("{}: writing, {what}", shown(p)))
}

fn profile_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    if site.people.len() >= MOST {
        return None;
    }
    let p = site.new_person(rng);
    site.people.push(p);
    let i = site.people.len() - 1;
    if rng.bool() {
        site.join_talk(rng, i);
    }
    Some(format!("{}: profile added", shown(&site.people[i])))
}

fn profile_deleted(site: &mut Site, rng: &mut Rng) -> Option<String> {
    if site.people.len() <= FEWEST {
        return None;
    }
    let i = person(site, rng);
    let p = site.people.remove(i);
    Some(format!("{}: profile deleted", shown(&p)))
}

fn profile_renamed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let wanted = format!("{}-{}", site.people[i].file, pick(rng, WORDS));
    let file = site.free_person_slug(&wanted);
    let p = &mut site.people[i];
    let old = Site::person_path(p);
    // A folder profile is renamed as a folder, files beside it and all.
    let (from, to) = match p.folder {
        true => (
            PathBuf::from(format!("content/people/{}", p.file)),
            PathBuf::from(format!("content/people/{file}")),
        ),
        false => (
            old.clone(),
            PathBuf::from(format!("content/people/{file}.md")),
        ),
    };
    p.file = file;
    site.renames.push((from.clone(), to.clone()));
    Some(format!("{}: renamed to {}", from.display(), to.display()))
}

fn profile_slug(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let what = if site.people[i].slug.is_some() && rng.bool() {
        site.people[i].slug = None;
        "removed".to_string()
    } else {
        let wanted = format!("{}-{}", site.people[i].file, pick(rng, WORDS));
        let slug = site.free_person_slug(&wanted);
        site.people[i].slug = Some(slug.clone());
        format!("set to {slug:?}")
    };
    Some(format!("{}: slug {what}", shown(&site.people[i])))
}

fn profile_to_folder(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| !p.folder)?;
    let p = &mut site.people[i];
    let from = Site::person_path(p);
    p.folder = true;
    let to = Site::person_path(p);
    if rng.bool() {
        site.renames.push((from.clone(), to.clone()));
    }
    let p = &mut site.people[i];
    p.beside.insert("avatar.png".into(), dot());
    p.avatar = Some("avatar.png".into());
    if rng.bool() {
        p.beside.insert(
            "talk.txt".into(),
            format!("Notes of {}.\n", p.name).into_bytes(),
        );
        p.links.push(("notes".into(), "talk.txt".into()));
    }
    Some(format!(
        "{}: became {} with files beside it",
        from.display(),
        to.display()
    ))
}

fn folder_to_file(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| p.folder)?;
    let p = &mut site.people[i];
    let from = Site::person_path(p);
    p.folder = false;
    let beside = std::mem::take(&mut p.beside);
    if p.avatar.as_ref().is_some_and(|a| beside.contains_key(a)) {
        p.avatar = None;
    }
    p.links.retain(|(_, url)| !beside.contains_key(url));
    Some(format!(
        "{}: became {}, its files gone",
        from.display(),
        Site::person_path(p).display()
    ))
}

fn beside_file(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| p.folder)?;
    let p = &mut site.people[i];
    let names: Vec<String> = p.beside.keys().cloned().collect();
    let what = match rng.u8(0..3) {
        0 if !names.is_empty() => {
            let name = &names[rng.usize(..names.len())];
            let bytes = p.beside.get_mut(name).unwrap();
            if name.ends_with(".txt") {
                bytes.extend_from_slice(b"One more line.\n");
            } else if name.ends_with(".png") {
                *bytes = png(8, rng.u8(..));
            } else {
                bytes.push(rng.u8(..));
            }
            format!("{name} changed")
        }
        1 if !names.is_empty() => {
            let name = names[rng.usize(..names.len())].clone();
            p.beside.remove(&name);
            if p.avatar.as_deref() == Some(name.as_str()) {
                p.avatar = None;
            }
            p.links.retain(|(_, url)| *url != name);
            format!("{name} removed")
        }
        _ => {
            let n = rng.u16(..1000);
            let (name, bytes) = match rng.u8(0..3) {
                0 => (format!("photo-{n}.png"), dot()),
                1 => (format!("slides-{n}.pdf"), PDF.to_vec()),
                _ => (format!("notes-{n}.txt"), b"Plain notes.\n".to_vec()),
            };
            p.beside.insert(name.clone(), bytes);
            format!("{name} added")
        }
    };
    Some(format!("{}: beside it, {what}", shown(p)))
}

fn draft(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    p.draft = !p.draft;
    Some(format!("{}: draft = {}", shown(p), p.draft))
}

fn front_matter_format(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let p = person_mut(site, rng);
    p.yaml = !p.yaml;
    let what = if p.yaml { "YAML" } else { "TOML" };
    Some(format!("{}: front matter rewritten as {what}", shown(p)))
}

fn employer_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    // Any name a role gives, or a name no role gives (its page stands alone).
    let mut names: Vec<String> = site
        .people
        .iter()
        .flat_map(|p| p.roles.iter().map(|r| r.employer.clone()))
        .collect();
    names.push(format!("Lone Employer {}", site.fresh()));
    let name = names[rng.usize(..names.len())].clone();
    if site.claimed(&name, None) || site.employers.iter().any(|e| e.file == slugify(&name)) {
        return None;
    }
    let file = site.employer_file(rng, &name);
    let path = format!("content/employers/{}.md", file.file);
    site.employers.push(file);
    Some(format!("{path}: added for {name:?}"))
}

fn employer(site: &Site, rng: &mut Rng) -> Option<usize> {
    any(rng, site.employers.len())
}

fn employer_alias(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let e = employer(site, rng)?;
    let file = site.employers[e].file.clone();
    if !site.employers[e].aliases.is_empty() && rng.f32() < 0.4 {
        let aliases = &mut site.employers[e].aliases;
        let gone = aliases.remove(rng.usize(..aliases.len()));
        return Some(format!(
            "content/employers/{file}.md: alias {gone:?} removed"
        ));
    }
    // A name roles give, which then lands on this employer's page.
    let names: Vec<String> = site
        .people
        .iter()
        .flat_map(|p| p.roles.iter().map(|r| r.employer.clone()))
        .chain(EMPLOYERS.iter().map(|(_, alias)| alias.to_string()))
        .collect();
    let alias = names[rng.usize(..names.len())].clone();
    if site.claimed(&alias, None) {
        return None;
    }
    site.employers[e].aliases.push(alias.clone());
    Some(format!(
        "content/employers/{file}.md: alias {alias:?} added"
    ))
}

fn employer_description(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let e = employer(site, rng)?;
    let employer = &mut site.employers[e];
    employer.body = match rng.bool() {
        true => format!("{}{}\n", employer.body, sentence(rng, 6)),
        false => format!("{}\n", sentence(rng, 8)),
    };
    Some(format!(
        "content/employers/{}.md: description changed",
        employer.file
    ))
}

fn employer_links(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let e = employer(site, rng)?;
    let employer = &mut site.employers[e];
    let n = rng.u16(..1000);
    let what = match rng.u8(0..3) {
        0 => {
            employer.yaml = !employer.yaml;
            format!(
                "front matter rewritten as {}",
                if employer.yaml { "YAML" } else { "TOML" }
            )
        }
        1 => format!(
            "website {}",
            toggle(rng, &mut employer.website, |_| format!(
                "https://www{n}.example.com/"
            ))
        ),
        _ => format!(
            "logo {}",
            toggle(rng, &mut employer.logo, |_| format!(
                "https://logos.example.org/{n}.png"
            ))
        ),
    };
    Some(format!("content/employers/{}.md: {what}", employer.file))
}

fn employer_renamed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let e = employer(site, rng)?;
    let file = site.employers[e].file.clone();
    let new = match rng.bool() {
        true => format!(
            "{} {}",
            site.employers[e].name,
            pick(rng, &["Group", "Inc", "Europe"])
        ),
        false => site.employers[e].name.to_uppercase(),
    };
    if new != site.employers[e].name.to_uppercase() && site.claimed(&new, Some(&file)) {
        return None;
    }
    let old = std::mem::replace(&mut site.employers[e].name, new.clone());
    // Keeping the old name as an alias keeps the roles that give it.
    if slugify(&old) != slugify(&new) && rng.bool() {
        site.employers[e].aliases.push(old.clone());
    }
    Some(format!(
        "content/employers/{file}.md: name {old:?} -> {new:?}"
    ))
}

fn employer_deleted(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let e = employer(site, rng)?;
    let gone = site.employers.remove(e);
    Some(format!("content/employers/{}.md: deleted", gone.file))
}

fn talk_file_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let file = site.new_talk_file(rng)?;
    let path = format!("content/talks/{}.md", file.file);
    site.talk_files.push(file);
    Some(format!("{path}: added"))
}

fn talk_file_edited(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let t = any(rng, site.talk_files.len())?;
    let someone = site.people[person(site, rng)].name.clone();
    let guest = format!("Guest {}", site.fresh());
    let f = &mut site.talk_files[t];
    let what = match rng.u8(0..8) {
        0 => {
            f.body = format!("{}\n", sentence(rng, 10));
            "write-up changed".to_string()
        }
        // The file wins over what profiles say of the talk's event.
        6 => {
            f.event = format!("{} {}", pick(rng, EVENTS), &f.date[..4]);
            format!("event {:?}", f.event)
        }
        // Within its year: the same talk, on another day.
        7 => {
            f.date = format!("{}-{:02}", &f.date[..4], rng.u8(1..=12));
            format!("date {}", f.date)
        }
        1 => format!(
            "abstract {}",
            toggle(rng, &mut f.abstract_, |rng| sentence(rng, 6))
        ),
        2 => format!(
            "location {}",
            toggle(rng, &mut f.location, |rng| pick(rng, CITIES).into())
        ),
        3 => format!(
            "url {}",
            toggle(rng, &mut f.url, |rng| format!(
                "https://conf.example.org/{}",
                rng.u16(..1000)
            ))
        ),
        4 if !f.speakers.is_empty() => {
            let gone = f.speakers.remove(rng.usize(..f.speakers.len()));
            format!("speaker {gone:?} removed")
        }
        // A profile's name: the talk joins that profile's page.
        _ => {
            let name = if rng.bool() { someone } else { guest };
            if f.speakers.iter().any(|s| slugify(s) == slugify(&name)) {
                return None;
            }
            f.speakers.push(name.clone());
            format!("speaker {name:?} added")
        }
    };
    Some(format!("content/talks/{}.md: {what}", f.file))
}

fn talk_file_deleted(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let t = any(rng, site.talk_files.len())?;
    let gone = site.talk_files.remove(t);
    Some(format!("content/talks/{}.md: deleted", gone.file))
}

fn page(site: &Site, rng: &mut Rng) -> Option<usize> {
    any(rng, site.pages.len())
}

fn page_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let n = site.fresh();
    let file = format!("{}-{n}", pick(rng, WORDS));
    let who = site.people[person(site, rng)].id;
    site.pages.push(Page {
        file: file.clone(),
        title: format!("Page {n}"),
        description: rng.bool().then(|| sentence(rng, 5)),
        slug: None,
        menu: rng.bool(),
        draft: false,
        body: vec![
            Block::Text(sentence(rng, 8)),
            Block::Link(
                Target::Person {
                    id: who,
                    short: false,
                    anchor: None,
                },
                "someone".into(),
            ),
        ],
    });
    Some(format!("content/pages/{file}.md: added"))
}

fn page_menu(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let p = &mut site.pages[i];
    p.menu = !p.menu;
    Some(format!("content/pages/{}.md: menu = {}", p.file, p.menu))
}

fn page_title(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let p = &mut site.pages[i];
    if rng.bool() {
        let what = toggle(rng, &mut p.description, |rng| sentence(rng, 4));
        return Some(format!("content/pages/{}.md: description {what}", p.file));
    }
    p.title = format!("{} {}", p.title, pick(rng, WORDS));
    Some(format!("content/pages/{}.md: title {:?}", p.file, p.title))
}

fn page_slug(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let n = site.fresh();
    let slug = format!("{}-{n}", site.pages[i].file);
    let p = &mut site.pages[i];
    let what = match p.slug.is_some() && rng.bool() {
        true => {
            p.slug = None;
            "removed".to_string()
        }
        false => {
            p.slug = Some(slug.clone());
            format!("set to {slug:?}")
        }
    };
    Some(format!("content/pages/{}.md: slug {what}", p.file))
}

fn page_body(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let link = target(site, rng);
    let p = &mut site.pages[i];
    let what = match (rng.bool(), link) {
        (true, Some((target, what))) => {
            p.body.push(Block::Link(target, what.clone()));
            format!("links to {what}")
        }
        _ => {
            p.body.push(Block::Text(sentence(rng, 7)));
            "a paragraph added".into()
        }
    };
    Some(format!("content/pages/{}.md: {what}", p.file))
}

fn page_draft(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let p = &mut site.pages[i];
    p.draft = !p.draft;
    Some(format!("content/pages/{}.md: draft = {}", p.file, p.draft))
}

fn page_deleted(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    let gone = site.pages.remove(i);
    Some(format!("content/pages/{}.md: deleted", gone.file))
}

fn home_intro(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let link = target(site, rng);
    let what = match &mut site.index {
        Some(_) if rng.f32() < 0.25 => {
            site.index = None;
            "deleted"
        }
        Some(index) if rng.f32() < 0.3 => {
            index.title = format!("Welcome {}", rng.u16(..1000));
            "title changed"
        }
        Some(index) => {
            match (rng.bool(), link) {
                (true, Some((target, what))) => index.body.push(Block::Link(target, what)),
                _ => index.body.push(Block::Text(sentence(rng, 6))),
            }
            "text changed"
        }
        None => {
            site.index = Some(Index {
                title: "Welcome".into(),
                body: vec![Block::Text(sentence(rng, 9))],
            });
            "added"
        }
    };
    Some(format!("content/index.md: {what}"))
}

fn site_title(site: &mut Site, rng: &mut Rng) -> Option<String> {
    site.title = format!(
        "{} {}",
        pick(rng, &["Team", "Crew", "Guild"]),
        rng.u16(..1000)
    );
    Some(format!("site.toml: title {:?}", site.title))
}

fn site_description(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let what = toggle(rng, &mut site.description, |rng| sentence(rng, 6));
    Some(format!("site.toml: description {what}"))
}

fn site_language(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let language = pick(rng, &["en", "fr", "de", "pt-BR"]);
    if site.language == language {
        return None;
    }
    site.language = language.into();
    Some(format!("site.toml: language {language:?}"))
}

fn markdown_options(site: &mut Site, rng: &mut Rng) -> Option<String> {
    const THEMES: &[&str] = &[
        "InspiredGitHub",
        "Solarized (light)",
        "Solarized (dark)",
        "base16-ocean.dark",
        "base16-mocha.dark",
        "base16-ocean.light",
    ];
    let what = match rng.bool() {
        true => {
            site.allow_html = match site.allow_html {
                Some(false) => Some(true),
                Some(true) => None,
                None => Some(false),
            };
            format!("allow_html = {:?}", site.allow_html)
        }
        false => {
            site.themes = match rng.f32() < 0.2 {
                true => None,
                false => Some((pick(rng, THEMES).into(), pick(rng, THEMES).into())),
            };
            format!("highlight themes {:?}", site.themes)
        }
    };
    Some(format!("site.toml: markdown {what}"))
}

fn template_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let free: Vec<&str> = TEMPLATES
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| !site.templates.contains_key(*name))
        .collect();
    let name = free.get(any(rng, free.len())?)?.to_string();
    site.templates.insert(name.clone(), 1);
    Some(format!("templates/{name}: added over the built-in one"))
}

fn template_edited(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> = site.templates.keys().cloned().collect();
    let name = names.get(any(rng, names.len())?)?.clone();
    *site.templates.get_mut(&name).unwrap() += 1;
    Some(format!("templates/{name}: edited"))
}

fn template_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> = site.templates.keys().cloned().collect();
    let name = names.get(any(rng, names.len())?)?.clone();
    site.templates.remove(&name);
    Some(format!(
        "templates/{name}: removed, the built-in one is back"
    ))
}

fn static_added(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let n = site.fresh();
    let repo = crate::support::repo();
    let (name, bytes) = match rng.u8(0..6) {
        0 => (format!("notes-{n}.txt"), b"Static notes.\n".to_vec()),
        1 => (format!("img/dot-{n}.png"), dot()),
        2 => (format!("extra-{n}.css"), b"body { margin: 0 }\n".to_vec()),
        // Over a built-in file, or one the build writes.
        3 => {
            // The built-in stylesheet: its parts, in order.
            let mut parts: Vec<_> = std::fs::read_dir(repo.join("src/theme/css"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            parts.sort();
            let mut css: Vec<u8> = parts
                .iter()
                .flat_map(|p| std::fs::read(p).unwrap())
                .collect();
            css.extend_from_slice(format!("\n/* the site's own, {n} */\n").as_bytes());
            ("style.css".into(), css)
        }
        4 => (
            "robots.txt".into(),
            b"User-agent: *\nDisallow: /\n".to_vec(),
        ),
        _ => (
            "favicon.svg".into(),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n".to_vec(),
        ),
    };
    if site.statics.contains_key(&name) {
        return None;
    }
    site.statics.insert(name.clone(), bytes);
    Some(format!("static/{name}: added"))
}

fn static_changed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> = site.statics.keys().cloned().collect();
    let name = names.get(any(rng, names.len())?)?.clone();
    let bytes = site.statics.get_mut(&name).unwrap();
    match name.ends_with(".png") {
        true => bytes.push(rng.u8(..)),
        false => bytes.extend_from_slice(format!("/* {} */\n", rng.u16(..)).as_bytes()),
    }
    Some(format!("static/{name}: changed"))
}

fn static_removed(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> = site.statics.keys().cloned().collect();
    let name = names.get(any(rng, names.len())?)?.clone();
    site.statics.remove(&name);
    Some(format!("static/{name}: removed"))
}

/// Breaks the site with the model changed by `change`: its files that differ are written
/// over the model's until the fix.
fn broken_by(site: &mut Site, change: impl FnOnce(&mut Site)) -> bool {
    let mut broken = site.clone();
    change(&mut broken);
    let (now, then) = (site.files(), broken.files());
    site.broken = then
        .into_iter()
        .filter(|(path, bytes)| now.get(path) != Some(bytes))
        .collect();
    !site.broken.is_empty()
}

/// Breaks a profile's text with `change`.
fn broken_text(site: &mut Site, i: usize, change: impl FnOnce(String, bool) -> String) -> String {
    let p = &site.people[i];
    let path = Site::person_path(p);
    let text = change(site.person_text(p), p.yaml);
    site.broken = BTreeMap::from([(path.clone(), text.into_bytes())]);
    path.display().to_string()
}

fn break_syntax(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let path = broken_text(site, i, |text, yaml| {
        let line = if yaml {
            "headline: \"unclosed\n"
        } else {
            "headline = \"unclosed\n"
        };
        let at = text.find('\n').unwrap() + 1;
        format!("{}{line}{}", &text[..at], &text[at..])
    });
    Some(format!("{path}: an unclosed string"))
}

fn break_date(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let (i, r) = role(site, rng)?;
    broken_by(site, |s| s.people[i].roles[r].start = "March 2020".into());
    Some(format!(
        "{}: role start \"March 2020\"",
        shown(&site.people[i])
    ))
}

fn break_unknown_field(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let path = broken_text(site, i, |text, yaml| {
        let line = if yaml {
            "nmae: \"typo\"\n"
        } else {
            "nmae = \"typo\"\n"
        };
        let at = text.find('\n').unwrap() + 1;
        format!("{}{line}{}", &text[..at], &text[at..])
    });
    Some(format!("{path}: the unknown field `nmae`"))
}

fn break_missing_name(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    let path = broken_text(site, i, |text, _| {
        let start = text.find("\nname").unwrap() + 1;
        let end = start + text[start..].find('\n').unwrap() + 1;
        format!("{}{}", &text[..start], &text[end..])
    });
    Some(format!("{path}: no name"))
}

fn break_link(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person(site, rng);
    broken_by(site, |s| {
        s.people[i]
            .bio
            .push(Block::Text("See [nobody](@/people/nobody-here.md).".into()))
    });
    Some(format!(
        "{}: bio links to @/people/nobody-here.md (drafts are not rendered: a draft's link breaks nothing)",
        shown(&site.people[i])
    ))
}

fn break_duplicate_slug(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| !p.draft)?;
    let slug = site.people[i].slug_now().to_string();
    let mut twin = site.new_person(rng);
    twin.slug = Some(slug.clone());
    twin.draft = false;
    let path = Site::person_path(&twin);
    broken_by(site, |s| s.people.push(twin));
    Some(format!(
        "{}: added with the slug {slug:?} of another",
        path.display()
    ))
}

fn break_site_toml(site: &mut Site, _: &mut Rng) -> Option<String> {
    let text = String::from_utf8(site.files()[&PathBuf::from("site.toml")].clone()).unwrap();
    let at = text.find('\n').unwrap() + 1;
    let text = format!("{}titel = \"typo\"\n{}", &text[..at], &text[at..]);
    site.broken = BTreeMap::from([(PathBuf::from("site.toml"), text.into_bytes())]);
    Some("site.toml: the unknown key `titel`".into())
}

fn break_theme(site: &mut Site, _: &mut Rng) -> Option<String> {
    broken_by(site, |s| {
        s.themes = Some(("No Such Theme".into(), "base16-ocean.dark".into()))
    });
    Some("site.toml: highlight_theme \"No Such Theme\"".into())
}

fn break_template(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let name = pick(rng, &["person.html", "talk.html", "base.html"]);
    // An `if` never closed.
    let text = template(name, "{% if site.title %}");
    site.broken = BTreeMap::from([(
        PathBuf::from(format!("templates/{name}")),
        text.into_bytes(),
    )]);
    Some(format!("templates/{name}: an unclosed if"))
}

fn break_claim(site: &mut Site, rng: &mut Rng) -> Option<String> {
    if site.employers.len() < 2 {
        return None;
    }
    let a = rng.usize(..site.employers.len());
    let b = (a + 1) % site.employers.len();
    let name = site.employers[b].name.clone();
    broken_by(site, |s| s.employers[a].aliases.push(name.clone()));
    Some(format!(
        "content/employers/{}.md: claims {name:?} of content/employers/{}.md",
        site.employers[a].file, site.employers[b].file
    ))
}

fn break_beside(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = person_where(site, rng, |p| p.folder && !p.draft)?;
    let path = format!("content/people/{}/page.html", site.people[i].file);
    site.broken = BTreeMap::from([(
        PathBuf::from(&path),
        b"<script>alert(1)</script>\n".to_vec(),
    )]);
    Some(format!("{path}: an HTML file beside a profile"))
}

fn break_page_slug(site: &mut Site, rng: &mut Rng) -> Option<String> {
    let i = page(site, rng)?;
    if site.pages[i].draft {
        return None;
    }
    broken_by(site, |s| s.pages[i].slug = Some("people".into()));
    Some(format!(
        "content/pages/{}.md: slug \"people\", taken by folio's own pages",
        site.pages[i].file
    ))
}
