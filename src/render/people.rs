//! A person's parts: their card and roles, made once and shown on other pages, and their
//! whole profile, made for their own page.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::dates;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Markdown};
use crate::site::images::Format;
use crate::site::order::newest_first;
use crate::site::{PersonId, Site, SitePerson};

use super::*;

/// A person's parts that other pages show: made once per build, or kept from the dev
/// server's last build when the person's inputs did not change.
#[derive(Clone)]
pub struct Prepared {
    pub(super) card: Value,
    /// A fingerprint of the card as other pages show it.
    pub card_print: u64,
    /// A fingerprint of each role as its employer's page shows it, in the profile's order.
    pub role_prints: Arc<[u64]>,
    /// Each role as templates see it (a `RoleView`), in the profile's order: made once for
    /// the person's page and their employers' pages.
    pub(super) roles: Arc<[Value]>,
    /// Whether a role's highlights hold highlighted code (the page then links syntax.css).
    pub(super) code: bool,
}

/// Every person's [`Prepared`] parts, in the site's order; `kept` gives the ones the last
/// build made, when they are still true.
pub fn prepare_people(
    site: &Site,
    theme: &Theme,
    markdown: &Markdown,
    images: &crate::images::Images,
    kept: &(dyn Fn(PersonId) -> Option<Prepared> + Sync),
) -> Result<Vec<Prepared>, crate::Error> {
    let skills = views::skill_values(site);
    let views = Renderer {
        site,
        markdown,
        images,
        reserved_ids: &theme.reserved_ids,
        skills: &skills,
    };
    let made: Vec<Result<Prepared, Vec<Diagnostic>>> = site
        .people
        .par_iter()
        .enumerate()
        .map(|(i, sp)| match kept(PersonId::new(i)) {
            Some(prepared) => Ok(prepared),
            None => views.prepare(sp),
        })
        .collect();
    let mut problems = Vec::new();
    let mut people = Vec::with_capacity(made.len());
    for result in made {
        match result {
            Ok(prepared) => people.push(prepared),
            Err(found) => problems.extend(found),
        }
    }
    match problems.is_empty() {
        true => Ok(people),
        false => Err(crate::Error::Content(problems)),
    }
}

impl<'a> Renderer<'a> {
    /// A person's card and roles.
    fn prepare(&self, sp: &'a SitePerson) -> Result<Prepared, Vec<Diagnostic>> {
        let source = &sp.person.source;
        let mut problems = Vec::new();
        let highlights: Vec<Option<String>> = sp
            .person
            .front
            .experience
            .iter()
            .map(|role| {
                self.field(&role.highlights, source)
                    .unwrap_or_else(|found| {
                        problems.extend(found);
                        None
                    })
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let card = self.card(sp);
        let views: Vec<RoleView> = (0..highlights.len())
            .map(|i| role_view(self.site, self.skills, sp, i, highlights[i].as_deref()))
            .collect();
        let role_prints = views
            .iter()
            .map(|view| crate::hashing::Hashing::new().serialized(view).finish())
            .collect();
        let roles = views.iter().map(Value::from_serializable).collect();
        Ok(Prepared {
            code: highlights.iter().flatten().any(|h| has_code(h)),
            card_print: crate::hashing::Hashing::new().serialized(&card).finish(),
            card: Value::from_serializable(&card),
            role_prints,
            roles,
        })
    }

    /// The person as other pages show them.
    pub(super) fn card(&self, sp: &'a SitePerson) -> Card<'a> {
        let site = self.site;
        let front = &sp.person.front;
        let current_role = (0..front.experience.len())
            .min_by_key(|&i| newest_first(&front.experience[i]))
            .filter(|&i| front.experience[i].is_current())
            .map(|i| {
                let e = &site.employers[sp.role_employers[i]];
                CurrentRole {
                    title: front.experience[i].title(),
                    employer: &e.name,
                    employer_url: &e.url,
                }
            });
        let avatar = self.images.avatar(self.person_id(sp));
        let summary = match &front.summary {
            Some(s) => s.trim().to_string(),
            None => shortened(markdown::first_paragraph_text(sp.person.body())),
        };
        Card {
            name: &front.name,
            slug: &sp.slug,
            url: &sp.url,
            headline: front.headline.as_deref(),
            location: front.location.as_deref(),
            summary,
            avatar_url: match &avatar {
                Some(avatar) => avatar.url_of(256, Format::Jpeg),
                None => front.avatar.as_ref().map(|a| self.person_link(sp, a)),
            },
            avatar: avatar.map(|a| AvatarView {
                webp: sizes(a, Format::WebP),
                jpeg: sizes(a, Format::Jpeg),
            }),
            initials: initials(&front.name),
            current_role,
            top_skills: sp
                .all_skills
                .iter()
                .take(6)
                .map(|&s| &self.skills[s.index()])
                .collect(),
            keywords: keywords(site, sp),
        }
    }

    /// Each of a person's skills with their years, in `skills`' order.
    fn skill_years(
        &self,
        sp: &'a SitePerson,
        skills: &[crate::site::SkillId],
    ) -> Vec<SkillYears<'a>> {
        let longest = sp
            .skill_experience
            .iter()
            .map(|e| e.months)
            .max()
            .unwrap_or(0);
        skills
            .iter()
            .map(|&s| {
                let e = sp.skill_experience.iter().find(|e| e.skill == s);
                let months = e.map_or(0, |e| e.months);
                let SkillRef { name, slug, url } = self.skill_ref(s);
                SkillYears {
                    name,
                    slug,
                    url,
                    months,
                    years: super::charts::whole_years(months),
                    roles: e.map_or(0, |e| e.roles),
                    share: match longest {
                        0 => 0,
                        l => (months * 100).div_ceil(l),
                    },
                }
            })
            .collect()
    }

    /// The whole profile, for the person's own page; `prepared` holds their roles'
    /// highlights, already rendered.
    pub(super) fn profile(
        &self,
        sp: &'a SitePerson,
        prepared: &Prepared,
    ) -> Result<Value, Vec<Diagnostic>> {
        let site = self.site;
        let person = &sp.person;
        let front = &person.front;
        let source = &person.source;
        let mut problems = Vec::new();
        let mut ok = |r: Result<Option<String>, Vec<Diagnostic>>| {
            r.unwrap_or_else(|d| {
                problems.extend(d);
                None
            })
        };
        let card = self.card(sp);
        let bio_html = ok(self
            .markdown(person.body(), source, Some(person.body_offset), 3)
            .map(Some))
        .unwrap_or_default();
        let (education, projects, writing) = self.entries(sp, &mut ok);
        let sections = self.sections(sp, &mut problems);
        // Each skill's years made into a template value once: the flat list, the groups
        // and the other skills share them (`all_skills` holds every group's skills).
        let years = self.skill_years(sp, &sp.all_skills);
        let values: Vec<Value> = years.iter().map(Value::from_serializable).collect();
        let value = |s: &crate::site::SkillId| {
            let at = sp.all_skills.iter().position(|x| x == s);
            at.map(|at| &values[at])
        };
        let view = PersonView {
            card: &card,
            bio_html,
            links: self.links(sp),
            spoken_languages: front
                .spoken_languages
                .iter()
                .map(|l| LanguageView {
                    name: &l.name,
                    level: l.level.as_deref(),
                })
                .collect(),
            skill_groups: sp
                .skill_groups
                .iter()
                .map(|group| SkillGroup {
                    name: group.name.as_deref().map(|n| n.replace(['_', '-'], " ")),
                    skills: group.skills.iter().filter_map(value).collect(),
                    level: skill_level(front, group),
                })
                .collect(),
            skills: values.iter().collect(),
            other_skills: {
                let grouped =
                    |s: &crate::site::SkillId| sp.skill_groups.iter().any(|g| g.skills.contains(s));
                let mut others: Vec<usize> = (0..sp.all_skills.len())
                    .filter(|&i| !grouped(&sp.all_skills[i]))
                    .collect();
                // Stable: equal ones keep the order the profile gives them in.
                others.sort_by_key(|&i| std::cmp::Reverse(years[i].months));
                others.into_iter().map(|i| &values[i]).collect()
            },
            experience: self.experience(sp, &prepared.roles),
            career: super::charts::career(site, sp),
            talks: sp
                .talks()
                .map(|t| self.talk_summary(&site.talks[t]))
                .collect(),
            education,
            projects,
            writing,
            resume_url: sp.resume_url(),
            vcard_url: sp.vcard_url(),
            sections,
        };
        match problems.is_empty() {
            true => Ok(Value::from_serializable(&view)),
            false => Err(problems),
        }
    }

    /// A person's education, projects and writing, their markdown rendered through `ok`.
    fn entries(
        &self,
        sp: &'a SitePerson,
        ok: &mut dyn FnMut(Result<Option<String>, Vec<Diagnostic>>) -> Option<String>,
    ) -> (
        Vec<EducationView<'a>>,
        Vec<ProjectView<'a>>,
        Vec<WritingView<'a>>,
    ) {
        let front = &sp.person.front;
        let source = &sp.person.source;
        let education = front
            .education
            .iter()
            .map(|e| EducationView {
                institution: e.institution.as_deref(),
                degree: e.degree.as_deref(),
                field: e.field.as_deref(),
                dates: (e.start.is_some() || e.end.is_some())
                    .then(|| dates::range(e.start.as_ref(), e.end.as_ref().or(e.start.as_ref()))),
                location: e.location.as_deref(),
                description_html: ok(self.field(&e.description, source)),
                score: e.score.as_deref(),
                url: e.url.as_ref().map(|u| self.person_link(sp, u)),
                courses: &e.courses,
            })
            .collect();
        let projects = front
            .projects
            .iter()
            .map(|p| ProjectView {
                name: &p.name,
                url: p.url.as_ref().map(|u| self.person_link(sp, u)),
                role: p.role.as_deref(),
                dates: (p.start.is_some() || p.end.is_some())
                    .then(|| dates::range(p.start.as_ref(), p.end.as_ref())),
                description_html: ok(self.field(&p.description, source)),
                highlights_html: ok(self.field(&p.highlights, source)),
                keywords: &p.keywords,
                entity: p.entity.as_deref(),
                kind: p.kind.as_deref(),
            })
            .collect();
        let writing = front
            .writing
            .iter()
            .map(|w| WritingView {
                title: &w.title,
                url: w.url.as_ref().map(|u| self.person_link(sp, u)),
                date: w.date.map(|d| d.display()),
                publisher: w.publisher.as_deref(),
                description_html: ok(self.field(&w.description, source)),
            })
            .collect();
        (education, projects, writing)
    }

    /// A person's roles, newest first, consecutive ones at one employer grouped.
    fn experience<'v>(&self, sp: &'a SitePerson, roles: &'v [Value]) -> Vec<ExperienceGroup<'v>>
    where
        'a: 'v,
    {
        let front = &sp.person.front;
        let mut order: Vec<usize> = (0..front.experience.len()).collect();
        order.sort_by_key(|&i| newest_first(&front.experience[i]));
        let mut experience: Vec<ExperienceGroup> = Vec::new();
        let mut spans: Vec<(Option<crate::dates::Date>, Option<crate::dates::Date>, bool)> =
            Vec::new();
        for i in order {
            let employer = &self.site.employers[sp.role_employers[i]];
            let role = &front.experience[i];
            match experience.last_mut() {
                Some(group) if group.employer_url == employer.url => group.roles.push(&roles[i]),
                _ => {
                    experience.push(ExperienceGroup {
                        employer: &role.employer,
                        employer_url: &employer.url,
                        roles: vec![&roles[i]],
                        dates: String::new(),
                        technologies: Vec::new(),
                    });
                    spans.push((None, None, false));
                }
            }
            let (group, span) = (experience.last_mut().unwrap(), spans.last_mut().unwrap());
            for &s in &sp.role_technologies[i] {
                let skill = &self.skills[s.index()];
                if !group.technologies.iter().any(|&t| std::ptr::eq(t, skill)) {
                    group.technologies.push(skill);
                }
            }
            span.0 = match (span.0, role.start) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            span.1 = span.1.max(role.end);
            span.2 |= role.is_current();
        }
        for (group, (start, end, current)) in experience.iter_mut().zip(spans) {
            let end = if current { None } else { end.or(start) };
            group.dates = dates::range(start.as_ref(), end.as_ref());
        }
        experience
    }

    /// A person's links, their email last.
    fn links(&self, sp: &SitePerson) -> Vec<LinkView> {
        let front = &sp.person.front;
        let mut links: Vec<LinkView> = front
            .links
            .iter()
            .map(|(key, link)| LinkView {
                label: crate::content::link_label(key),
                url: self.person_link(sp, link),
                icon: icon(key, &link.0),
            })
            .collect();
        if let Some(email) = &front.email {
            links.push(LinkView {
                label: "Email".into(),
                url: format!("mailto:{email}"),
                icon: "mail",
            });
        }
        if let Some(phone) = &front.phone {
            links.push(LinkView {
                label: phone.trim().into(),
                url: format!("tel:{}", phone_uri(phone)),
                icon: "phone",
            });
        }
        links
    }
}

/// The words the home page's filter finds a person by, besides their card's text: every
/// employer and skill, lowercase, each once.
fn keywords(site: &Site, sp: &SitePerson) -> String {
    let mut words: Vec<String> = Vec::new();
    let employers = sp.role_employers.iter().map(|&e| &site.employers[e].name);
    let skills = sp.all_skills.iter().map(|&s| &site.skills[s].name);
    for name in employers.chain(skills) {
        let name = name.to_lowercase();
        if !words.contains(&name) {
            words.push(name);
        }
    }
    words.join(" ")
}

/// A processed avatar's published files of one format, by size.
fn sizes(
    avatar: &crate::images::Avatar,
    format: Format,
) -> std::collections::BTreeMap<String, String> {
    crate::site::images::AVATAR
        .iter()
        .filter(|v| v.format == format && v.used == crate::site::images::Use::Published)
        .map(|v| (v.size.to_string(), avatar.url(v)))
        .collect()
}

/// The icon of a link: by its key in `[links]` (`github`, `mastodon`), else by its address,
/// else a globe for a website.
fn icon(key: &str, url: &str) -> &'static str {
    const KNOWN: &[(&str, &str)] = &[
        ("github", "github"),
        ("gitlab", "gitlab"),
        ("linkedin", "linkedin"),
        ("mastodon", "mastodon"),
        ("twitter", "x"),
        ("x", "x"),
        ("bluesky", "bluesky"),
        ("stackoverflow", "stackoverflow"),
        ("stack_overflow", "stackoverflow"),
        ("youtube", "youtube"),
        ("rss", "rss"),
        ("feed", "rss"),
        ("blog", "rss"),
        ("email", "mail"),
    ];
    let key = key.to_ascii_lowercase();
    if let Some((_, icon)) = KNOWN.iter().find(|(k, _)| *k == key) {
        return icon;
    }
    let host = url
        .split_once("://")
        .map_or("", |(_, rest)| {
            rest.split(['/', '?', '#']).next().unwrap_or("")
        })
        .trim_start_matches("www.");
    const HOSTS: &[(&str, &str)] = &[
        ("github.com", "github"),
        ("gitlab.com", "gitlab"),
        ("linkedin.com", "linkedin"),
        ("x.com", "x"),
        ("twitter.com", "x"),
        ("bsky.app", "bluesky"),
        ("stackoverflow.com", "stackoverflow"),
        ("youtube.com", "youtube"),
        ("youtu.be", "youtube"),
    ];
    match HOSTS
        .iter()
        .find(|(h, _)| host == *h || host.ends_with(&format!(".{h}")))
    {
        Some((_, icon)) => icon,
        None if url.starts_with("mailto:") => "mail",
        None => "website",
    }
}

/// A phone number as a `tel:` URI: its digits and a leading `+`, nothing a browser could
/// read as anything else.
fn phone_uri(phone: &str) -> String {
    phone
        .trim()
        .chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
        .map(|(_, c)| c)
        .collect()
}

/// The level `skill_levels` gives a group.
fn skill_level<'a>(
    front: &'a crate::content::PersonFront,
    group: &crate::site::SkillGroup,
) -> Option<&'a str> {
    let name = group.name.as_deref()?;
    front.skill_levels.get(name).map(String::as_str)
}

/// The most characters of a bio's first paragraph a card shows, as the `summary` field may
/// have: a card is on every page that lists the person.
const CARD_SUMMARY: usize = 1_000;

/// `text` cut to [`CARD_SUMMARY`] characters at the last space before, with an ellipsis.
fn shortened(text: String) -> String {
    match text.char_indices().nth(CARD_SUMMARY) {
        None => text,
        Some((end, _)) => {
            let cut = text[..end].rfind(' ').unwrap_or(end);
            format!("{}…", text[..cut].trim_end())
        }
    }
}
