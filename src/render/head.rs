//! What every page's `<head>` carries besides its title: the canonical URL, the social
//! card for link previews and the schema.org JSON-LD.

use crate::site::Site;

use super::jsonld;

/// The page a head is for.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Home,
    Person(crate::site::PersonId),
    Employer(crate::site::EmployerId),
    Talk(crate::site::TalkId),
    NotFound,
    /// An index, a skill or a free page: no JSON-LD of its own.
    Other,
}

/// Per-page data for the `<head>`: the template variables `canonical_url`, `og_image`, `json_ld`.
#[derive(Debug)]
pub struct Head {
    /// The page's absolute URL; none on the 404 page, which has no address of its own.
    pub canonical_url: Option<String>,
    /// The absolute URL of the page's social card (its own, or the site's), for link
    /// previews; always 1200×630 ([`crate::images::cards`]).
    pub og_image: Option<String>,
    /// A schema.org JSON-LD document, safe to print inside `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
}

/// The head data of the page at `url` (root-relative), whose social card is at `card_url`.
pub fn head(
    site: &Site,
    images: &crate::images::Images,
    subject: Subject,
    url: &str,
    card_url: &str,
) -> Head {
    let canonical_url = match subject {
        Subject::NotFound => None,
        _ => Some(site.config.absolute(url)),
    };
    let json_ld = match subject {
        Subject::Home => Some(jsonld::website(site)),
        Subject::Person(i) => Some(jsonld::person(
            site,
            &site.people[i],
            images.picture(site, i),
        )),
        Subject::Employer(i) => Some(jsonld::organization(site, i)),
        Subject::Talk(i) => Some(jsonld::talk(site, i)),
        Subject::NotFound | Subject::Other => None,
    };
    Head {
        canonical_url,
        og_image: Some(site.config.absolute(card_url)),
        json_ld: json_ld.map(|v| script_safe_json(&v)),
    }
}

/// JSON that cannot close its `<script>` element: `<`, `>` and `&` only occur
/// inside JSON strings, where their `\u` escapes mean the same.
pub(super) fn script_safe_json(value: &serde_json::Value) -> String {
    crate::json::markup_safe(value, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let v = serde_json::json!({ "name": "</script><b>&" });
        let s = script_safe_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
