//! URLs from front matter and markdown, and the one rule about which are published.

use serde::Deserialize;
use serde::de::{self, Deserializer};

/// A URL from front matter: http, https, mailto or a relative path. Anything
/// else (`javascript:`, `data:`) is refused, so no author can slip script into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(pub String);

impl Link {
    /// Checks a URL as a browser would read it: every rule about which URLs folio publishes
    /// is here, for front matter, markdown and `folio check` alike.
    pub fn parse(text: &str) -> Result<Link, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("empty URL".into());
        }
        if trimmed.chars().any(|c| c.is_control()) {
            // Browsers drop tabs and newlines from URLs: `java\tscript:` is `javascript:`.
            return Err(format!(
                "URL \"{}\" contains control characters",
                trimmed.escape_debug()
            ));
        }
        if trimmed.contains('\\') {
            return Err(format!(
                "URL \"{trimmed}\" contains a backslash, which browsers read as a slash (so \
                 `/\\host` leads to another site): write `/`"
            ));
        }
        let no_host = || Err(format!("URL \"{trimmed}\" has no host after `//`"));
        match scheme(trimmed) {
            None if trimmed.starts_with("//") => match trimmed[2..].chars().next() {
                Some(c) if c != '/' => Ok(Link(trimmed.to_string())),
                _ => no_host(),
            },
            None => Ok(Link(trimmed.to_string())),
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" => match rest.strip_prefix("//") {
                    Some(host) if !host.is_empty() && !host.starts_with('/') => {
                        Ok(Link(trimmed.to_string()))
                    }
                    Some(_) => no_host(),
                    None => Err(format!(
                        "URL \"{trimmed}\" is not a web address: write {scheme}:// and the host"
                    )),
                },
                "mailto" if !rest.is_empty() => Ok(Link(trimmed.to_string())),
                "mailto" => Err(format!("URL \"{trimmed}\" has no address after `mailto:`")),
                other => Err(format!(
                    "URL \"{trimmed}\" uses `{other}:`: only http, https and mailto URLs (or relative paths) are allowed"
                )),
            },
        }
    }

    pub fn is_external(&self) -> bool {
        scheme(&self.0).is_some() || self.0.starts_with("//")
    }

    /// A path relative to the file that names it (not a URL, not root-relative).
    pub fn is_relative(&self) -> bool {
        !self.is_external() && !self.0.starts_with('/')
    }

    /// The URL to link: a relative path joined to `base` (a folder URL), anything else as written.
    pub fn beside(&self, base: &str) -> String {
        if self.is_relative() {
            format!("{base}{}", self.0)
        } else {
            self.0.clone()
        }
    }
}

/// A URL's scheme and what follows its colon, when it has one: the text before the first
/// `:`, if that comes before any `/`, `?` or `#` and is a scheme's name.
fn scheme(url: &str) -> Option<(&str, &str)> {
    let (name, rest) = url.split_once(':')?;
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((name, rest))
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Link::parse(&text).map_err(de::Error::custom)
    }
}

/// A link label from its key: "github" -> "GitHub", "personal_site" -> "Personal site".
pub fn link_label(key: &str) -> String {
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

/// `local@domain`, each part non-empty, with no whitespace, control characters or the
/// characters that separate addresses or fields (`<>()[],;:"\\`).
pub fn is_one_address(email: &str) -> bool {
    let email = email.trim();
    let plain = |part: &str| {
        !part.is_empty()
            && !part
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\@".contains(c))
    };
    email
        .split_once('@')
        .is_some_and(|(local, domain)| plain(local) && plain(domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_labels_read_well() {
        assert_eq!(link_label("github"), "GitHub");
        assert_eq!(link_label("personal_site"), "Personal site");
    }

    #[test]
    fn link_refuses_script_urls() {
        assert!(Link::parse("javascript:alert(1)").is_err());
        assert!(Link::parse("JavaScript:alert(1)").is_err());
        assert!(Link::parse("data:text/html,<script>").is_err());
        assert!(Link::parse("https://example.com").is_ok());
        assert!(Link::parse("mailto:a@b.c").is_ok());
        assert!(Link::parse("cv.txt").is_ok());
        assert!(Link::parse("/files/a.pdf?x=1:2").is_ok());
        assert!(Link::parse("//cdn.example.org/a.png").is_ok());
    }

    /// A browser reads these as another site or as script; `folio check` and the build
    /// must refuse them alike.
    #[test]
    fn link_refuses_urls_that_lead_elsewhere_than_they_seem() {
        for bad in [
            "https:javascript:alert(1)",
            "https:/evil.example",
            "https:///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "///evil.example",
            "java\tscript:alert(1)",
            "mailto:",
            "vbscript:msgbox(1)",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad:?}");
        }
        let why = Link::parse("/\\evil.example").unwrap_err();
        assert!(why.contains("backslash"), "{why}");
        let why = Link::parse("https:javascript:alert(1)").unwrap_err();
        assert!(why.contains("https://"), "{why}");
    }
}
