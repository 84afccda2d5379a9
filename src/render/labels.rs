//! Small words for the pages: initials, link labels, the order of roles.

use crate::content::Role;
use crate::dates::Date;

/// "Guido Iaquinti" -> "GI"; one name -> its first letter.
pub(super) fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => String::new(),
        [one] => first(one),
        [a, .., b] => first(a) + &first(b),
    }
}

/// Newest first: current roles, then by end, then by start.
pub(super) fn role_order(role: &Role) -> std::cmp::Reverse<(bool, Option<Date>, Option<Date>)> {
    crate::site::order::newest_first(role)
}

/// A link label from its key: "github" -> "GitHub", "personal_site" -> "Personal site".
pub(crate) fn link_label(key: &str) -> String {
    match key.to_lowercase().as_str() {
        "github" => "GitHub".into(),
        "gitlab" => "GitLab".into(),
        "linkedin" => "LinkedIn".into(),
        "twitter" => "Twitter".into(),
        "x" => "X".into(),
        "cv" => "CV".into(),
        "email" => "Email".into(),
        "stackoverflow" => "Stack Overflow".into(),
        "youtube" => "YouTube".into(),
        "mastodon" => "Mastodon".into(),
        _ => {
            let spaced = key.replace(['_', '-'], " ");
            let mut chars = spaced.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_words() {
        assert_eq!(initials("Guido Iaquinti"), "GI");
        assert_eq!(initials("Peter  van der Bourgon"), "PB");
        assert_eq!(initials("dsaiztc"), "D");
        assert_eq!(initials("Zoë Ångström"), "ZÅ");
    }

    #[test]
    fn link_labels_read_well() {
        assert_eq!(link_label("github"), "GitHub");
        assert_eq!(link_label("personal_site"), "Personal site");
    }
}
