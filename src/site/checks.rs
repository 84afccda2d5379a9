//! What the site stage checks of the content: slugs, names every page needs, values
//! against each other.

use std::sync::Arc;

use crate::content::Person;
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

use super::*;

pub(super) fn check_person_slugs(people: &[(String, Arc<Person>)], problems: &mut Vec<Diagnostic>) {
    let slug = |p: &(String, Arc<Person>)| p.0.clone();
    for pair in people.windows(2) {
        if slug(&pair[0]) == slug(&pair[1]) {
            problems.push(
                Diagnostic::file(
                    &pair[1].1.source.path,
                    format!(
                        "two profiles have the slug \"{}\": {} and {}",
                        slug(&pair[1]),
                        pair[0].1.source.path.display(),
                        pair[1].1.source.path.display()
                    ),
                )
                .help("give one of them another file name or a `slug` field"),
            );
        }
    }
    for (_, person) in people {
        if let Some(s) = &person.front.slug
            && (slugify(s) != *s || s.is_empty())
        {
            problems.push(
                Diagnostic::near(
                    &person.source,
                    &["slug", s],
                    format!("`slug = \"{s}\"` is not a valid slug"),
                )
                .help(format!(
                    "{}, e.g. \"{}\"",
                    match crate::slug::is_reserved(s) {
                        true => format!(
                            "Windows keeps \"{s}\" for a device, and no file or folder may \
                             have its name: use another"
                        ),
                        false => "use lowercase letters, digits and dashes".to_string(),
                    },
                    slugify(s)
                )),
            );
        }
        if slugify(&person.file_slug).is_empty() && person.front.slug.is_none() {
            problems.push(
                Diagnostic::file(&person.source.path, "this file name gives an empty slug").help(
                    "name the file after the person, e.g. people/ada-lovelace.md, or set `slug`",
                ),
            );
        }
    }
}

pub(super) fn check_page_slugs(pages: &[SitePage], problems: &mut Vec<Diagnostic>) {
    const TAKEN: [&str; 5] = ["people", "employers", "talks", "skills", "pagefind"];
    for (i, page) in pages.iter().enumerate() {
        if page.slug.is_empty() || slugify(&page.slug) != page.slug {
            problems.push(
                Diagnostic::file(
                    &page.page.source.path,
                    format!("\"{}\" is not a valid page slug", page.slug),
                )
                .help("use lowercase letters, digits and dashes"),
            );
        } else if TAKEN.contains(&page.slug.as_str()) {
            problems.push(
                Diagnostic::file(
                    &page.page.source.path,
                    format!(
                        "the page slug \"{}\" is taken by folio's own {} pages",
                        page.slug, page.slug
                    ),
                )
                .help("rename the page or set another `slug`"),
            );
        } else if i > 0 && pages[i - 1].slug == page.slug {
            problems.push(Diagnostic::file(
                &page.page.source.path,
                format!("two pages have the slug \"{}\"", page.slug),
            ));
        }
    }
}
