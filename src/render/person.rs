//! A person's parts, made once: their card and roles for other pages, their whole profile
//! for their own.

use tera::Value;

use crate::content::Person;
use crate::dates;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::{SitePerson, Talk};

use super::*;

impl<'a> Renderer<'a> {
    /// A person's card and roles for other pages, and the whole profile for their own page.
    /// When remembering, a profile unchanged since the last build reuses that build's card
    /// and roles, and its whole value is made only if `whole` asks for it.
    pub(super) fn prepare_person(
        &self,
        index: usize,
        sp: &'a SitePerson,
        whole: bool,
    ) -> Result<(Prepared, Shared), Vec<Diagnostic>> {
        let site = self.site;
        let print = self.inputs.get(index).copied();
        let last = self
            .memo
            .and_then(|m| m.people.get(&sp.slug))
            .filter(|(last, _)| Some(*last) == print);
        if let Some((_, prepared)) = last
            && !whole
        {
            let profile = Shared {
                value: Value::none(),
                print,
            };
            return Ok((prepared.clone(), profile));
        }
        let person: &Person = &sp.person;
        let front = &person.front;
        let source = &person.source;
        let mut problems = Vec::new();
        let mut ok = |r: Result<Option<String>, Vec<Diagnostic>>| {
            r.unwrap_or_else(|d| {
                problems.extend(d);
                None
            })
        };

        let mut order: Vec<usize> = (0..front.experience.len()).collect();
        order.sort_by_key(|&i| role_order(&front.experience[i]));
        let current_role = order
            .first()
            .map(|&i| &front.experience[i])
            .filter(|r| r.is_current())
            .map(|r| {
                let e = &site.employers[sp.role_employers[order[0]]];
                CurrentRole {
                    title: r.title(),
                    employer: &e.name,
                    employer_url: &e.url,
                }
            });
        let summary = match &front.summary {
            Some(s) => s.trim().to_string(),
            None => markdown::first_paragraph_text(person.body()),
        };
        let card = Card {
            name: &front.name,
            slug: &sp.slug,
            url: &sp.url,
            headline: front.headline.as_deref(),
            location: front.location.as_deref(),
            summary,
            avatar_url: front.avatar.as_ref().map(|a| self.person_link(sp, a)),
            initials: initials(&front.name),
            current_role,
            top_skills: sp
                .all_skills
                .iter()
                .take(6)
                .map(|&s| self.skill_ref(s))
                .collect(),
        };

        let highlights: Vec<Option<String>> = front
            .experience
            .iter()
            .map(|role| ok(self.field(&role.highlights, source)))
            .collect();
        let roles: Vec<RoleView> = (0..front.experience.len())
            .map(|i| role_view(site, sp, i, highlights[i].as_deref()))
            .collect();

        let mut experience: Vec<ExperienceGroup> = Vec::new();
        for &i in &order {
            let employer = &site.employers[sp.role_employers[i]];
            match experience.last_mut() {
                Some(group) if group.employer_url == employer.url => group.roles.push(&roles[i]),
                _ => experience.push(ExperienceGroup {
                    employer: &front.experience[i].employer,
                    employer_url: &employer.url,
                    roles: vec![&roles[i]],
                }),
            }
        }

        let talks: Vec<&Talk> = sp.talks().map(|t| &site.talks[t]).collect();

        let bio_html = ok(self
            .markdown(person.body(), source, Some(person.body_offset), 3)
            .map(Some))
        .unwrap_or_default();
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
        let mut links: Vec<LinkView> = front
            .links
            .iter()
            .map(|(key, link)| LinkView {
                label: link_label(key),
                url: self.person_link(sp, link),
            })
            .collect();
        if let Some(email) = &front.email {
            links.push(LinkView {
                label: "Email".into(),
                url: format!("mailto:{email}"),
            });
        }
        if let Some(phone) = &front.phone {
            links.push(LinkView {
                label: phone.trim().into(),
                url: format!("tel:{}", phone_uri(phone)),
            });
        }
        let sections = self.sections(sp, &mut problems);

        let view = PersonView {
            card: &card,
            bio_html,
            links,
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
                    skills: group.skills.iter().map(|&s| self.skill_ref(s)).collect(),
                    level: skill_level(front, group),
                })
                .collect(),
            skills: sp.all_skills.iter().map(|&s| self.skill_ref(s)).collect(),
            experience,
            talks: talks.into_iter().map(|t| self.talk_summary(t)).collect(),
            education,
            projects,
            writing,
            resume_url: crate::publish::resume_url(sp),
            vcard_url: crate::publish::vcard_url(sp),
            sections,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let profile = Shared {
            value: Value::from_serializable(&view),
            print,
        };
        let prepared = match last {
            Some((_, prepared)) => prepared.clone(),
            None => {
                let prints: Vec<Option<u64>> = roles
                    .iter()
                    .map(|r| print.and_then(|_| fingerprint(r)))
                    .collect();
                Prepared {
                    card: Shared::new(&card, print.is_some()),
                    roles: highlights
                        .into_iter()
                        .zip(prints)
                        .map(|(highlights_html, print)| RolePart {
                            highlights_html,
                            print,
                        })
                        .collect(),
                    print,
                }
            }
        };
        Ok((prepared, profile))
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

/// The level `skill_levels` gives a group, or the one skill of a flat list.
fn skill_level<'a>(
    front: &'a crate::content::PersonFront,
    group: &crate::site::SkillGroup,
) -> Option<&'a str> {
    let name = group.name.as_deref()?;
    front.skill_levels.get(name).map(String::as_str)
}
