//! `/people/<slug>/<slug>.vcf`: a person's contact card (vCard 3.0, RFC 2426),
//! the version address books import most widely. The email is included only
//! when the profile sets one.

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

/// N: family;given: the last word is the family name; a single name is a given name.
fn structured_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => ";;;;".into(),
        [one] => format!(";{};;;", escape(one)),
        [given @ .., family] => format!("{};{};;;", escape(family), escape(&given.join(" "))),
    }
}

pub fn vcard(site: &Site, person: &SitePerson) -> String {
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
        line(&mut out, &format!("EMAIL;TYPE=INTERNET:{}", email.trim()));
    }
    if let Some(avatar) = &front.avatar {
        line(
            &mut out,
            &format!("PHOTO;VALUE=URI:{}", site.person_link(person, avatar)),
        );
    }
    line(
        &mut out,
        &format!("URL:{}", site.config.absolute(&person.url)),
    );
    for link in front.links.values() {
        if link.0.starts_with("http://") || link.0.starts_with("https://") {
            line(&mut out, &format!("URL:{}", link.0));
        }
    }
    if let Some(summary) = person.summary() {
        line(&mut out, &format!("NOTE:{}", escape(&summary)));
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
    }
}
