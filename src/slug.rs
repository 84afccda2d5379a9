//! Turning names into URL slugs: "Zoë Ångström" -> "zoe-angstrom".

/// The longest slug, in bytes: a page's folder name must fit every common file system
/// (255 bytes a name) with room for the files beside it (`<slug>.vcf`), and a URL stays
/// readable. A longer name's slug is cut at a word and ends with a hash of the whole, so
/// two long names that start alike still get two pages.
pub const MAX_SLUG: usize = 100;

/// The slug of a name: ASCII letters and digits, lowercase, words joined by `-`, at most
/// [`MAX_SLUG`] bytes. Letters outside ASCII are transliterated first, so names stay
/// readable. Empty when the name has no letters or digits: callers report that. A name
/// Windows keeps for a device ([`is_reserved`]) gets `-1`: a slug names folders and files
/// (`people/con/con.vcf`), which Windows cannot create, check out or publish.
pub fn slugify(name: &str) -> String {
    let slug = bounded(words(name));
    match is_reserved(&slug) {
        true => format!("{slug}-1"),
        false => slug,
    }
}

/// Whether Windows keeps `slug` for a device (`con`, `prn`, `aux`, `nul`, `com0`–`com9`,
/// `lpt0`–`lpt9`), as a file or folder name with any extension.
pub fn is_reserved(slug: &str) -> bool {
    match slug.as_bytes() {
        b"con" | b"prn" | b"aux" | b"nul" => true,
        [b'c', b'o', b'm', digit] | [b'l', b'p', b't', digit] => digit.is_ascii_digit(),
        _ => false,
    }
}

fn words(name: &str) -> String {
    let ascii: std::borrow::Cow<str> = match name.is_ascii() {
        true => name.into(),
        false => deunicode::deunicode(name).into(),
    };
    let mut slug = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if ch == '+' {
            // "C++" and "C" must not share a skill page.
            slug.push_str(if slug.ends_with('-') || slug.is_empty() {
                "plus"
            } else {
                "-plus"
            });
        } else if ch == '#' {
            slug.push_str("-sharp");
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.contains("plus-plus") {
        slug = slug.replace("plus-plus", "plusplus");
    }
    slug
}

/// `slug` cut to [`MAX_SLUG`] bytes at a word, with a hash of the whole appended.
fn bounded(slug: String) -> String {
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    use std::hash::BuildHasher;
    let hash = foldhash::quality::FixedState::with_seed(0x736c_7567).hash_one(&slug) as u32;
    let suffix = format!("-{hash:08x}");
    // Slugs are ASCII: any byte is a character boundary.
    let room = &slug[..MAX_SLUG - suffix.len()];
    let cut = room.rfind('-').filter(|&i| i > 0).unwrap_or(room.len());
    format!("{}{suffix}", &room[..cut])
}

#[cfg(test)]
mod tests {
    use super::{MAX_SLUG, slugify};

    #[test]
    fn slugify_transliterates_non_latin_letters() {
        assert_eq!(slugify("Zoë Ångström"), "zoe-angstrom");
        assert_eq!(slugify("Rafael Chacón"), "rafael-chacon");
    }

    #[test]
    fn slugify_collapses_punctuation() {
        assert_eq!(
            slugify("Amazon Web Services (AWS)"),
            "amazon-web-services-aws"
        );
        assert_eq!(slugify("  Go  "), "go");
        assert_eq!(slugify("CI/CD Pipelines"), "ci-cd-pipelines");
    }

    #[test]
    fn names_windows_keeps_for_devices_get_a_suffix() {
        for (name, slug) in [
            ("Con", "con-1"),
            ("NUL", "nul-1"),
            ("aux", "aux-1"),
            ("PRN", "prn-1"),
            ("COM1", "com1-1"),
            ("Lpt 9", "lpt-9"),
            ("lpt9", "lpt9-1"),
            ("Con Air", "con-air"),
            ("Conan", "conan"),
            ("COM10", "com10"),
        ] {
            assert_eq!(slugify(name), slug, "{name}");
        }
        // A slug is its own slug: `slug = "con-1"` in front matter is valid.
        assert_eq!(slugify("con-1"), "con-1");
    }

    #[test]
    fn slugify_keeps_cpp_and_csharp_apart_from_c() {
        assert_eq!(slugify("C"), "c");
        assert_eq!(slugify("C++"), "c-plusplus");
        assert_eq!(slugify("C#"), "c-sharp");
    }

    #[test]
    fn long_names_get_short_distinct_slugs() {
        let long = "word ".repeat(60);
        let a = slugify(&format!("{long} one"));
        let b = slugify(&format!("{long} two"));
        assert!(a.len() <= MAX_SLUG && b.len() <= MAX_SLUG, "{a}");
        assert_ne!(a, b);
        assert_eq!(
            a,
            slugify(&format!("{long} one")),
            "the same name, the same slug"
        );
        assert!(a.starts_with("word-word-"), "{a}");
        assert_eq!(slugify(&"x".repeat(300)).len(), MAX_SLUG);
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slugify_never_escapes_a_folder() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/abs"), "abs");
    }
}
