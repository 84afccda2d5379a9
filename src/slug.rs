//! Turning names into URL slugs: "Zoë Ångström" -> "zoe-angstrom".

/// The slug of a name: ASCII letters and digits, lowercase, words joined by `-`.
/// Letters outside ASCII are transliterated first, so names stay readable.
pub fn slugify(name: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::slugify;

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
    fn slugify_keeps_cpp_and_csharp_apart_from_c() {
        assert_eq!(slugify("C"), "c");
        assert_eq!(slugify("C++"), "c-plusplus");
        assert_eq!(slugify("C#"), "c-sharp");
    }

    #[test]
    fn slugify_never_escapes_a_folder() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/abs"), "abs");
    }
}
