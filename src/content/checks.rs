//! What a profile's own file must say, whatever the rest of the site: names every page
//! needs, what a card repeats on every page, one email address, safe links in `extra`, and
//! dates against each other. The site checks each profile so; `folio import` checks what it
//! is about to write so, and writes nothing the build would refuse.

use super::Person;
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

/// Checks a profile's values: names every page needs (errors), and values against each
/// other (warnings).
pub fn check_person(person: &Person, notes: &mut Vec<Diagnostic>) {
    let front = &person.front;
    let source = &person.source;
    if front.name.trim().is_empty() {
        notes.push(
            Diagnostic::near(source, &["name"], "the name is empty")
                .help("write the person's name, e.g. name = \"Ada Lovelace\""),
        );
    } else if !front.name.chars().any(char::is_alphanumeric) {
        // Spaces of other widths and invisible characters listed someone with no name.
        notes.push(
            Diagnostic::near(
                source,
                &["name"],
                format!(
                    "the name has no letters or digits (it is {})",
                    front
                        .name
                        .chars()
                        .take(10)
                        .map(|c| format!("U+{:04X}", c as u32))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
            .help("write the person's name, e.g. name = \"Ada Lovelace\""),
        );
    }
    // What a person's card shows is on every page that lists them (up to 500 skill pages,
    // their employers' and talks' pages, the people list): a 4 MB headline made 2 GB of
    // pages (a seventh hostile tester).
    for (field, value, most) in [
        ("name", Some(&front.name), 200),
        ("headline", front.headline.as_ref(), 300),
        ("location", front.location.as_ref(), 200),
        ("summary", front.summary.as_ref(), 1_000),
    ] {
        let length = value.map_or(0, |v| v.trim().chars().count());
        if length > most {
            notes.push(
                Diagnostic::near(source, &[field], format!("`{field}` is {length} characters long; it may be at most {most}"))
                    .help("it is shown on every page that lists the person: shorten it, and say the rest in the bio"),
            );
        }
    }
    // One address: it is written into the vCard and a `mailto:` link as it is, so a line
    // break would start a line of the contributor's choosing in the vCard.
    if let Some(email) = &front.email
        && !crate::content::is_one_address(email)
    {
        notes.push(
            Diagnostic::near(source, &["email", email.trim()], "`email` is not one email address")
                .help("write a single address with no spaces or line breaks, e.g. email = \"ada@example.com\""),
        );
    }
    // What `extra` adds to the resume.json: a link there passes the same check as any.
    for (key, value) in &front.extra {
        let last = key.rsplit('.').next().unwrap_or(key);
        for (url, why) in unsafe_links(last, value) {
            notes.push(
                Diagnostic::near(
                    source,
                    &["extra", key, &url],
                    format!("`extra` gives \"{key}\" a link folio does not publish: {why}"),
                )
                .help("write a full https:// URL, or leave the field out"),
            );
        }
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
    for name in front.skill_names() {
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
        if let (Some(start), Some(end)) = (role.start, role.end)
            && end < start
        {
            let (start_text, end_text) = (start.to_string(), end.to_string());
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
                    format!("the role {name} ends ({end}) before it starts ({start})"),
                )
                .help("swap `start` and `end`, or correct the year")
                .warning(),
            );
        }
    }
    check_sections(person, notes);
    if person.body().trim().is_empty() {
        notes.push(
            Diagnostic::file(&person.source.path, format!("the profile of {} has no bio", person.front.name))
                .help("write a few sentences about the person after the front matter; the home page card shows the first paragraph")
                .warning(),
        );
    }
}

/// The links in a value of `extra` that [`crate::content::Link::parse`] refuses, with why:
/// every string under a key that names a link (`url`, `website`, `image`, `picture`, or one
/// ending in `url`), however deep.
fn unsafe_links(key: &str, value: &serde_json::Value) -> Vec<(String, String)> {
    let names_link = |key: &str| {
        let key = key.split('[').next().unwrap_or(key).to_ascii_lowercase();
        key.ends_with("url") || ["website", "image", "picture"].contains(&key.as_str())
    };
    let mut found = Vec::new();
    let mut stack = vec![(names_link(key), value)];
    while let Some((link, value)) = stack.pop() {
        match value {
            serde_json::Value::String(text) if link => {
                if let Err(why) = crate::content::Link::parse(text) {
                    found.push((text.clone(), why));
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|v| (link, v))),
            serde_json::Value::Object(map) => {
                stack.extend(map.iter().map(|(k, v)| (names_link(k), v)));
            }
            _ => {}
        }
    }
    found
}

/// The sections JSON Resume brought (issue 22): levels that name a skill group, volunteer
/// roles that end after they start.
fn check_sections(person: &Person, notes: &mut Vec<Diagnostic>) {
    let front = &person.front;
    let groups = front.skills.groups();
    for name in front.skill_levels.keys() {
        let known = groups.iter().any(|(group, skills)| match group {
            Some(group) => group == name,
            None => skills.contains(name),
        });
        if !known {
            notes.push(
                Diagnostic::near(&person.source, &["skill_levels", name], format!("`skill_levels` gives a level to \"{name}\", which is no skill group of this profile"))
                    .help("name a group of `[skills]` (or, for a flat `skills` list, one of its skills)")
                    .warning(),
            );
        }
    }
    for v in &front.volunteer {
        if let (Some(start), Some(end)) = (v.start, v.end)
            && end < start
        {
            notes.push(
                Diagnostic::near(
                    &person.source,
                    &[&v.organization, &end.to_string()],
                    format!(
                        "the volunteer role at {} ends ({end}) before it starts ({start})",
                        v.organization.trim()
                    ),
                )
                .help("swap `start` and `end`, or correct the year")
                .warning(),
            );
        }
    }
}
