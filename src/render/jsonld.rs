//! schema.org JSON-LD for the pages that are about one thing: the site (WebSite),
//! a person (Person), an employer (Organization) and a talk (Event).

use serde_json::{Value, json};

use crate::json::prune;
use crate::site::{Employer, Site, SitePerson};

const CONTEXT: &str = "https://schema.org";

pub fn website(site: &Site) -> Value {
    prune(json!({
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site.config.title,
        "url": site.config.base_url,
        "description": site.config.description,
        "inLanguage": site.config.language,
    }))
}

/// An employer as an Organization reference: its website is its URL when known,
/// the employer page otherwise.
fn organization_ref(site: &Site, employer: &Employer) -> Value {
    let website = employer
        .file
        .as_ref()
        .and_then(|f| f.front.website.as_ref())
        .map(|l| site.site_link(l));
    json!({
        "@type": "Organization",
        "name": employer.name,
        "url": website.unwrap_or_else(|| site.config.absolute(&employer.url)),
    })
}

fn person_ref(site: &Site, person: &SitePerson) -> Value {
    json!({
        "@type": "Person",
        "name": person.person.front.name,
        "url": site.config.absolute(&person.url),
    })
}

/// `picture` is the absolute URL of the person's avatar ([`crate::images::Images::picture`]).
pub fn person(site: &Site, person: &SitePerson, picture: Option<String>) -> Value {
    let front = &person.person.front;
    let mut current: Vec<crate::site::EmployerId> = Vec::new();
    for (employer, _) in person.current_roles() {
        if !current.contains(&employer) {
            current.push(employer);
        }
    }
    let mut past: Vec<crate::site::EmployerId> = Vec::new();
    for &employer in &person.role_employers {
        if !current.contains(&employer) && !past.contains(&employer) {
            past.push(employer);
        }
    }
    let alumni_of: Vec<Value> = past
        .iter()
        .map(|&e| organization_ref(site, &site.employers[e]))
        .chain(
            front
                .education
                .iter()
                .filter_map(|e| e.institution.as_ref())
                .map(|name| json!({ "@type": "EducationalOrganization", "name": name })),
        )
        .collect();
    let same_as: Vec<String> = front
        .links
        .values()
        .filter(|l| l.0.starts_with("http://") || l.0.starts_with("https://"))
        .map(|l| l.0.clone())
        .collect();
    prune(json!({
        "@context": CONTEXT,
        "@type": "Person",
        "name": front.name,
        "url": site.config.absolute(&person.url),
        "image": picture,
        "description": person.summary(),
        "jobTitle": person.job_title(),
        "email": front.email,
        "homeLocation": front.location.as_ref().map(|l| json!({ "@type": "Place", "name": l })),
        "worksFor": current.iter().map(|&e| organization_ref(site, &site.employers[e])).collect::<Vec<_>>(),
        "alumniOf": alumni_of,
        "sameAs": same_as,
        "knowsAbout": person.all_skills.iter().map(|&s| &site.skills[s].name).collect::<Vec<_>>(),
        "knowsLanguage": front.spoken_languages.iter().map(|l| &l.name).collect::<Vec<_>>(),
    }))
}

/// An employer as an Organization, with the people its page lists (the first page of them:
/// a large employer's thousands would make the page grow with the site) as `employee`
/// when they work there now and `alumni` when they did.
pub fn organization(site: &Site, id: crate::site::EmployerId) -> Value {
    let employer = &site.employers[id];
    let shown = &employer.members[super::paging::List::Employer(id).range(site, 1)];
    let (current, past): (Vec<_>, Vec<_>) = shown.iter().partition(|m| m.is_current(&site.people));
    let refs = |members: Vec<&crate::site::Member>| -> Vec<Value> {
        members
            .into_iter()
            .map(|m| person_ref(site, &site.people[m.person]))
            .collect()
    };
    let file = employer.file.as_ref();
    let page = site.config.absolute(&employer.url);
    let reference = organization_ref(site, employer);
    let description = file
        .map(|f| crate::markdown::plain(&f.body))
        .filter(|t| !t.is_empty());
    prune(json!({
        "@context": CONTEXT,
        "@type": "Organization",
        "name": employer.name,
        "url": reference["url"],
        "mainEntityOfPage": page,
        "alternateName": file.map(|f| f.front.aliases.clone()),
        "logo": file.and_then(|f| f.front.logo.as_ref()).map(|l| site.site_link(l)),
        "description": description,
        "employee": refs(current),
        "alumni": refs(past),
    }))
}

/// A talk as an Event: given by its speakers, as part of the conference (its superEvent).
pub fn talk(site: &Site, id: crate::site::TalkId) -> Value {
    let talk = &site.talks[id];
    let abstract_text = talk.abstract_plain(site);
    let performers: Vec<Value> = talk
        .speakers
        .iter()
        .map(|s| match s.person {
            Some(p) => person_ref(site, &site.people[p]),
            None => json!({ "@type": "Person", "name": s.name }),
        })
        .collect();
    prune(json!({
        "@context": CONTEXT,
        "@type": "Event",
        "name": talk.title,
        "url": site.config.absolute(&talk.url),
        "startDate": talk.date.to_string(),
        "location": talk.location.as_ref().map(|l| json!({ "@type": "Place", "name": l })),
        "superEvent": { "@type": "Event", "name": talk.event },
        "performer": performers,
        "description": abstract_text,
        "sameAs": talk.link.as_ref().filter(|l| l.is_external()).map(|l| &l.0),
        "recordedIn": talk.video.as_ref().filter(|l| l.is_external()).map(|l| json!({ "@type": "CreativeWork", "url": l.0 })),
    }))
}
