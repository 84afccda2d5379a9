//! `/people/<slug>/<slug>.vcf`: a person's contact card (vCard 3.0, RFC 2426),
//! the version address books import most widely. The email is included only
//! when the profile sets one.

use crate::place::{Place, country_full_name};
use crate::site::{Site, SitePerson};

/// Escapes a text value: backslash, comma, semicolon and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character) and ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// Words that belong to the family name that follows them: "van der Berg", "de la Cruz".
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "des", "la",
    "le", "ter", "ten", "zu", "bin", "ibn", "al", "el",
];

/// Whether a name is written family name first (Chinese, Japanese, Korean).
fn family_first(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x1100..=0x11FF)
    })
}

/// N: family;given. One word is a given name; "山田 花子" is family first; otherwise the
/// family name is the last word with the particles before it ("van der Berg"), never the
/// first word.
fn structured_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() >= 2 && family_first(name) {
        return format!("{};{};;;", escape(words[0]), escape(&words[1..].join(" ")));
    }
    match words.as_slice() {
        [] => ";;;;".into(),
        [one] => format!(";{};;;", escape(one)),
        [..] => {
            let mut start = words.len() - 1;
            while start > 1 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
                start -= 1;
            }
            format!(
                "{};{};;;",
                escape(&words[start..].join(" ")),
                escape(&words[..start].join(" "))
            )
        }
    }
}

/// A link's label as a vCard TYPE: the key made of `[a-z0-9-]`.
fn url_type(key: &str) -> String {
    crate::slug::slugify(key)
}

/// `picture` is the absolute URL of the person's avatar ([`crate::images::Images::picture`]).
pub fn vcard(site: &Site, person: &SitePerson, picture: Option<String>) -> String {
    let front = &person.person.front;
    let mut out = String::new();
    line(&mut out, "BEGIN:VCARD");
    line(&mut out, "VERSION:3.0");
    line(&mut out, &format!("FN:{}", escape(&front.name)));
    line(&mut out, &format!("N:{}", structured_name(&front.name)));
    if let Some(title) = person.job_title() {
        line(&mut out, &format!("TITLE:{}", escape(title)));
    }
    if let Some((_, role)) = person.current_roles().next() {
        line(&mut out, &format!("ORG:{}", escape(&role.employer)));
    }
    if let Some(email) = &front.email {
        line(
            &mut out,
            &format!("EMAIL;TYPE=INTERNET:{}", escape(email.trim())),
        );
    }
    if let Some(phone) = &front.phone {
        line(
            &mut out,
            &format!("TEL;TYPE=VOICE:{}", escape(phone.trim())),
        );
    }
    if let Some(text) = &front.location {
        let place = Place::parse(text);
        // "Remote" is no address.
        if place.region.is_some() || place.country.is_some() {
            let country = place.country.map(country_full_name);
            let part = |p: Option<&str>| escape(p.unwrap_or_default());
            line(
                &mut out,
                &format!(
                    "ADR;TYPE=home:;;;{};{};;{}",
                    part(place.city.as_deref()),
                    part(place.region.as_deref()),
                    part(country.as_deref())
                ),
            );
            line(
                &mut out,
                &format!("LABEL;TYPE=home:{}", escape(text.trim())),
            );
        }
    }
    if let Some(picture) = picture {
        line(&mut out, &format!("PHOTO;VALUE=URI:{picture}"));
    }
    line(
        &mut out,
        &format!("URL;TYPE=folio:{}", site.config.absolute(&person.url)),
    );
    for (key, link) in &front.links {
        let url = site.person_link(person, link);
        if url.starts_with("http://") || url.starts_with("https://") {
            line(&mut out, &format!("URL;TYPE={}:{url}", url_type(key)));
        }
    }
    if let Some(summary) = person.summary() {
        let plain = crate::markdown::plain(&summary);
        line(&mut out, &format!("NOTE:{}", escape(&plain)));
    }
    line(&mut out, "END:VCARD");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_separators() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let text = format!("NOTE:{}", "é".repeat(60));
        line(&mut out, &text);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{text}\r\n"));
    }

    #[test]
    fn structured_name_puts_the_family_name_first() {
        assert_eq!(structured_name("Guido Iaquinti"), "Iaquinti;Guido;;;");
        assert_eq!(structured_name("Ada King Lovelace"), "Lovelace;Ada King;;;");
        assert_eq!(structured_name("dsaiztc"), ";dsaiztc;;;");
        assert_eq!(
            structured_name("Peter van der Berg"),
            "van der Berg;Peter;;;"
        );
        assert_eq!(structured_name("Ana de la Cruz"), "de la Cruz;Ana;;;");
        assert_eq!(structured_name("Dick Van Dyke"), "Van Dyke;Dick;;;");
        assert_eq!(structured_name("山田 花子"), "山田;花子;;;");
        assert_eq!(structured_name("De Niro"), "Niro;De;;;");
    }
}
