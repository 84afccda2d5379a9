//! `/people/<slug>/resume.json`: a profile as a JSON Resume document
//! (<https://jsonresume.org/schema>, v1.0.0), for tools and job sites that read it.

use serde_json::{Value, json};

use crate::content::Role;
use crate::json::prune;
use crate::markdown::plain_field;
use crate::markdown::split_list;
use crate::site::{Site, SitePerson};

const SCHEMA: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

/// Link keys whose URL ends in the user name on that network.
const NETWORKS: &[&str] = &[
    "github",
    "gitlab",
    "linkedin",
    "twitter",
    "x",
    "mastodon",
    "bluesky",
    "codeberg",
    "stackoverflow",
    "youtube",
];

/// "Barcelona, Spain" -> city "Barcelona", region "Spain"; one part -> a city.
fn location(text: &str) -> Value {
    match text.split_once(',') {
        Some((city, region)) => json!({ "city": city.trim(), "region": region.trim() }),
        None => json!({ "city": text.trim() }),
    }
}

/// The last path segment of a profile URL: github.com/ada -> "ada".
fn username(url: &str) -> Option<&str> {
    let path = url.split_once("://")?.1.split_once('/')?.1;
    path.split(['?', '#'])
        .next()?
        .split('/')
        .rfind(|s| !s.is_empty())
}

/// A skill group's key made readable: "cloud_platforms" -> "Cloud platforms".
fn readable(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

fn work(site: &Site, person: &SitePerson, index: usize, role: &Role) -> Value {
    let employer = &site.employers[person.role_employers[index]];
    let website = employer
        .file
        .as_ref()
        .and_then(|f| f.front.website.as_ref())
        .map(|l| site.site_link(l));
    let (mut summary, highlights) = role
        .highlights
        .as_deref()
        .map(split_list)
        .unwrap_or_default();
    if let Some(team) = &role.team {
        summary = if summary.is_empty() {
            format!("Team: {team}.")
        } else {
            format!("Team: {team}. {summary}")
        };
    }
    json!({
        "name": role.employer,
        "position": role.title(),
        "url": website,
        "location": role.location,
        "startDate": role.start.map(|d| d.to_string()),
        "endDate": role.end.map(|d| d.to_string()),
        "summary": summary,
        "highlights": highlights,
    })
}

pub fn resume(site: &Site, person: &SitePerson) -> String {
    let front = &person.person.front;
    let profiles: Vec<Value> = front
        .links
        .iter()
        .map(|(key, link)| {
            let url = site.person_link(person, link);
            let username = NETWORKS
                .contains(&key.to_lowercase().as_str())
                .then(|| username(&url).map(str::to_string))
                .flatten();
            json!({ "network": crate::render::link_label(key), "username": username, "url": url })
        })
        .collect();

    // Newest first, as on the page: current roles, then by end, then by start.
    let mut order: Vec<usize> = (0..front.experience.len()).collect();
    order.sort_by_key(|&i| crate::site::order::newest_first(&front.experience[i]));
    let work: Vec<Value> = order
        .iter()
        .map(|&i| work(site, person, i, &front.experience[i]))
        .collect();

    let education: Vec<Value> = front
        .education
        .iter()
        .map(|e| {
            json!({
                "institution": e.institution,
                "area": e.field,
                "studyType": e.degree,
                "startDate": e.start.map(|d| d.to_string()),
                "endDate": e.end.map(|d| d.to_string()),
                "location": e.location,
                "summary": plain_field(&e.description),
            })
        })
        .collect();

    let projects = front.projects.iter().map(|p| {
        json!({
            "name": p.name,
            "description": plain_field(&p.description),
            "url": p.url.as_ref().map(|u| site.person_link(person, u)),
            "roles": p.role.iter().collect::<Vec<_>>(),
            "startDate": p.start.map(|d| d.to_string()),
            "endDate": p.end.map(|d| d.to_string()),
        })
    });
    let talks = person.talks().map(|t| &site.talks[t]).map(|talk| {
        json!({
            "name": talk.title,
            "type": "talk",
            "entity": talk.event,
            "description": talk.abstract_plain(site),
            "url": site.config.absolute(&talk.url),
            "roles": ["Speaker"],
            "startDate": talk.date.to_string(),
        })
    });
    let projects: Vec<Value> = projects.chain(talks).collect();

    let publications: Vec<Value> = front
        .writing
        .iter()
        .map(|w| {
            json!({
                "name": w.title,
                "publisher": w.publisher,
                "releaseDate": w.date.map(|d| d.to_string()),
                "url": w.url.as_ref().map(|u| site.person_link(person, u)),
                "summary": plain_field(&w.description),
            })
        })
        .collect();

    let skill_name = |&s: &crate::site::SkillId| site.skills[s].name.clone();
    let mut skills: Vec<Value> = Vec::new();
    for group in &person.skill_groups {
        let ids = &group.skills;
        match &group.name {
            Some(name) => skills.push(json!({
                "name": readable(name),
                "keywords": ids.iter().map(skill_name).collect::<Vec<_>>(),
            })),
            None => skills.extend(ids.iter().map(|s| json!({ "name": skill_name(s) }))),
        }
    }
    // Technologies of roles that the skills list does not name already.
    let listed: Vec<crate::site::SkillId> = person
        .skill_groups
        .iter()
        .flat_map(|g| g.skills.iter().copied())
        .collect();
    let technologies: Vec<String> = person
        .all_skills
        .iter()
        .filter(|s| !listed.contains(s))
        .map(skill_name)
        .collect();
    if !technologies.is_empty() {
        skills.push(json!({ "name": "Technologies", "keywords": technologies }));
    }

    let document = json!({
        "$schema": SCHEMA,
        "basics": {
            "name": front.name,
            "label": person.job_title(),
            "image": front.avatar.as_ref().map(|a| site.person_link(person, a)),
            "email": front.email,
            "url": site.config.absolute(&person.url),
            "summary": person.summary(),
            "location": front.location.as_deref().map(location),
            "profiles": profiles,
        },
        "work": work,
        "education": education,
        "projects": projects,
        "publications": publications,
        "skills": skills,
        "languages": front.spoken_languages.iter().map(|l| json!({ "language": l.name, "fluency": l.level })).collect::<Vec<_>>(),
        "meta": {
            "canonical": site.config.absolute(&super::resume_url(person)),
            "version": "v1.0.0",
        },
    });
    let mut text = serde_json::to_string_pretty(&prune(document)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_is_the_last_path_segment() {
        assert_eq!(username("https://github.com/ada"), Some("ada"));
        assert_eq!(
            username("https://www.linkedin.com/in/ada-lovelace/"),
            Some("ada-lovelace")
        );
        assert_eq!(username("https://example.com"), None);
    }

    #[test]
    fn location_splits_city_from_region() {
        assert_eq!(
            location("San Diego, CA, USA"),
            json!({ "city": "San Diego", "region": "CA, USA" })
        );
        assert_eq!(location("Remote"), json!({ "city": "Remote" }));
    }
}
