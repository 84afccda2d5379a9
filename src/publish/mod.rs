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

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::output::{OutputFile, Sink};
use crate::site::{Copies, Site, SitePerson};

/// The files every site publishes besides its pages, and the syntax highlighting's
/// stylesheet; a file `kept` names is left as the last build wrote it.
pub fn files(
    site: &Site,
    images: &crate::images::Images,
    kept: &(dyn Fn(&Path) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(), crate::Error> {
    let ours = |name: &str| Path::new("(built-in)").join(name);
    let keep_feed = kept(Path::new(FEED));
    // The sitemap and the feed span the whole site: they are made while the people's
    // files are.
    let (whole, people) = rayon::join(
        || {
            rayon::join(
                || sitemap::sitemaps(site, site.config.sitemap_urls.unwrap_or(sitemap::MAX_URLS)),
                || (!keep_feed).then(|| feed::feed(site)),
            )
        },
        || person_files(site, images, kept, sink),
    );
    people?;
    let (sitemaps, feed) = whole;
    let mut files: Vec<OutputFile> = sitemaps
        .into_iter()
        .map(|(name, xml)| (name.into(), xml.into_bytes()))
        .collect();
    files.extend([
        ("robots.txt".into(), sitemap::robots(site).into_bytes()),
        // Branch-published GitHub Pages runs Jekyll first, which drops files
        // whose names start with `_` or `.`; this file turns it off.
        (".nojekyll".into(), Vec::new()),
    ]);
    if let Some(feed) = feed {
        files.push((FEED.into(), feed.into_bytes()));
    }
    // `<list>/page/1/`: the list's first page is `<list>/`.
    files.extend(
        crate::render::first_page_redirects(site)
            .into_iter()
            .map(|(path, html)| (path, html.into_bytes())),
    );
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".into(), cname_file(cname)?.into_bytes()));
    }
    for (path, bytes) in files {
        let from = ours(&path.to_string_lossy());
        sink.put(path, bytes, &from)?;
    }
    let css = crate::markdown::syntax_css(
        &site.config.markdown.highlight_theme,
        &site.config.markdown.highlight_theme_dark,
    )
    .map_err(|m| vec![Diagnostic::file(Path::new("site.toml"), m)])?;
    sink.put(
        "syntax.css".into(),
        css.into_bytes(),
        Path::new("site.toml"),
    )?;
    Ok(())
}

/// What is published as it is but not copied byte for byte: the built-in static files
/// the site does not replace, the favicon's PNGs (drawn, or taken from `cache`), and the
/// SVG files beside profiles, sanitized.
pub fn inert_files(
    site: &Site,
    copies: &Copies,
    cache: &crate::images::Cache,
    sink: &dyn Sink,
) -> Result<(), crate::Error> {
    for (path, bytes) in &copies.built_in {
        let from = Path::new("(built-in)").join(path);
        sink.put(PathBuf::from(path), bytes.to_vec(), &from)?;
    }
    let favicon = match &copies.favicon {
        Some(path) => crate::fs::read(path).map_err(|e| {
            vec![Diagnostic::file(
                Path::new("static/favicon.svg"),
                e.to_string(),
            )]
        })?,
        None => crate::theme::FAVICON.to_vec(),
    };
    let made_from = match &copies.favicon {
        Some(_) => PathBuf::from("static/favicon.svg"),
        None => Path::new("(built-in)").join("favicon.svg"),
    };
    for &name in &copies.icons {
        let bytes = match crate::images::favicon::PNGS.iter().find(|(n, ..)| *n == name) {
            Some(&(_, size, background)) => crate::images::favicon::cached_png(&favicon, size, background, cache)
                .map_err(|why| {
                    vec![Diagnostic::file(&made_from, format!("the favicon cannot be drawn as {name}: {why}"))
                        .help("make static/favicon.svg a plain SVG picture, or put your own PNG of that name in static/")]
                })?,
            None => crate::images::favicon::manifest(&site.config.title, site.root()).into_bytes(),
        };
        sink.put(PathBuf::from(name), bytes, &made_from)?;
    }
    for (source, path, clean) in &copies.sanitized {
        let shown = source.strip_prefix(&site.config.root).unwrap_or(source);
        sink.put(path.clone(), clean.to_vec(), shown)?;
    }
    Ok(())
}

/// Where the Atom feed is written.
pub const FEED: &str = "feed.xml";

/// Where a person's JSON Resume and vCard are written, under the output folder.
pub fn person_paths(site: &Site, person: &SitePerson) -> [PathBuf; 2] {
    [person.resume_url(), person.vcard_url()].map(|url| site.folder_of(&url))
}

/// Each person's JSON Resume and vCard.
fn person_files(
    site: &Site,
    images: &crate::images::Images,
    kept: &(dyn Fn(&Path) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(), crate::Error> {
    site.people.par_iter().enumerate().try_for_each(|(i, p)| {
        let from = &p.person.source.path;
        let [resume, vcard] = person_paths(site, p);
        let picture = || images.picture(site, crate::site::PersonId::new(i));
        if !kept(&resume) {
            sink.put(
                resume,
                resume::resume(site, p, picture()).into_bytes(),
                from,
            )?;
        }
        if !kept(&vcard) {
            sink.put(vcard, vcard::vcard(site, p, picture()).into_bytes(), from)?;
        }
        Ok(())
    })
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
