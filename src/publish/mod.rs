//! What a published site carries besides its pages: sitemap.xml and robots.txt,
//! the Atom feed, each person's JSON Resume and vCard, the files GitHub Pages
//! looks for, and the head data (canonical URL, og:image, schema.org JSON-LD)
//! that lets search engines and link previews read every page.
//!
//! Every date written here comes from the content itself (roles, talks,
//! writing), never from the clock, so two builds stay byte-identical.

mod feed;
pub mod resume;
pub mod resume_text;
mod sitemap;
mod vcard;
mod xml;

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, Sink};
use crate::site::{Site, SitePerson};

pub use feed::inputs as feed_inputs;

/// What the dev server's last build lets this one keep as it is.
pub struct Unchanged<'a> {
    /// A person's JSON Resume and vCard, by index, when their inputs did not change.
    pub person: &'a (dyn Fn(usize) -> bool + Sync),
    /// The feed, when [`feed_inputs`] did not change.
    pub feed: bool,
}

/// The files every site publishes besides its pages; what `unchanged` allows is kept as
/// the last build wrote it.
pub fn files(site: &Site, sink: &dyn Sink, unchanged: &Unchanged) -> Result<(), crate::Error> {
    let ours = |name: &str| Path::new("(built-in)").join(name);
    let keep_feed = unchanged.feed && sink.keep(Path::new("feed.xml"), &ours("feed.xml"))?;
    // The sitemap and the feed span the whole site: they are made while the people's
    // files are.
    let (whole, people) = rayon::join(
        || {
            rayon::join(
                || sitemap::sitemap(site),
                || (!keep_feed).then(|| feed::feed(site)),
            )
        },
        || person_files(site, sink, unchanged.person),
    );
    people?;
    let (sitemap, feed) = whole;
    let mut files: Vec<OutputFile> = vec![
        ("sitemap.xml".into(), sitemap.into_bytes()),
        ("robots.txt".into(), sitemap::robots(site).into_bytes()),
        // Branch-published GitHub Pages runs Jekyll first, which drops files
        // whose names start with `_` or `.`; this file turns it off.
        (".nojekyll".into(), Vec::new()),
    ];
    if let Some(feed) = feed {
        files.push(("feed.xml".into(), feed.into_bytes()));
    }
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".into(), cname_file(cname)?.into_bytes()));
    }
    for (path, bytes) in files {
        let from = ours(&path.to_string_lossy());
        sink.put(path, bytes, &from)?;
    }
    Ok(())
}

/// Each person's JSON Resume and vCard.
fn person_files(
    site: &Site,
    sink: &dyn Sink,
    unchanged: &(dyn Fn(usize) -> bool + Sync),
) -> Result<(), crate::Error> {
    site.people.par_iter().enumerate().try_for_each(|(i, p)| {
        let folder = site.folder_of(&p.url);
        let same = unchanged(i);
        let from = &p.person.source.path;
        let resume = folder.join("resume.json");
        if !(same && sink.keep(&resume, from)?) {
            sink.put(resume, resume::resume(site, p).into_bytes(), from)?;
        }
        let vcard = folder.join(format!("{}.vcf", p.slug));
        if !(same && sink.keep(&vcard, from)?) {
            sink.put(vcard, vcard::vcard(site, p).into_bytes(), from)?;
        }
        Ok(())
    })
}

/// The URL of a person's JSON Resume, root-relative like every page URL.
pub fn resume_url(person: &SitePerson) -> String {
    format!("{}resume.json", person.url)
}

/// The URL of a person's vCard: `/people/<slug>/<slug>.vcf`, so a download keeps a telling name.
pub fn vcard_url(person: &SitePerson) -> String {
    format!("{}{}.vcf", person.url, person.slug)
}

/// `CNAME` holds the bare domain GitHub Pages serves the site at.
fn cname_file(cname: &str) -> Result<String, Vec<Diagnostic>> {
    let domain = cname.trim();
    let valid = !domain.is_empty()
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !valid {
        return Err(vec![
            Diagnostic::file(
                Path::new("site.toml"),
                format!("cname = \"{cname}\" is not a bare domain name"),
            )
            .help("write only the domain, e.g. cname = \"www.example.com\" (no https://, no path)"),
        ]);
    }
    Ok(format!("{domain}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cname_must_be_a_bare_domain() {
        assert_eq!(
            cname_file(" www.example.com ").unwrap(),
            "www.example.com\n"
        );
        assert!(cname_file("https://example.com/").is_err());
        assert!(cname_file("").is_err());
    }
}
