//! `site.toml`: the site's settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::fs;

/// The address a site is built for when nothing says where it is published: pages then
/// link from the root, as any local static server shows them.
pub const LOCAL_BASE_URL: &str = "http://localhost/";

/// The settings in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's title and header.
    #[serde(default = "default_title")]
    pub title: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`. Optional in
    /// site.toml: [`Config::load`] fills it in, and says how in `address`.
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// Spellings mapped onto one skill: `"k8s" = "Kubernetes"`.
    #[serde(default)]
    pub skill_aliases: BTreeMap<String, String>,
    /// A custom domain, written to `CNAME` for branch-based GitHub Pages.
    #[serde(default)]
    pub cname: Option<String>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub security: SecurityConfig,
    /// Stylesheets of the site's own, by their path under `static/`, linked from every
    /// page after the theme's: `extra_css = ["css/brand.css"]`.
    #[serde(default)]
    pub extra_css: Vec<String>,
    #[serde(default)]
    pub cards: CardsConfig,
    #[serde(default)]
    pub feed: FeedConfig,
    #[serde(default)]
    pub directory: DirectoryConfig,
    /// URLs per sitemap file, fewer than the protocol's 50,000 only for tests
    /// (`folio build --sitemap-urls N`, a hidden option).
    #[doc(hidden)]
    #[serde(skip)]
    pub sitemap_urls: Option<usize>,
    #[serde(default)]
    pub search: SearchConfig,
    /// Where `base_url` came from.
    #[serde(skip)]
    pub address: Address,
    /// In `folio serve`, where base_url is the preview's address: the address the site is
    /// published at, which what is drawn for it (social cards) shows, so that the preview
    /// draws the same cards as `folio build` and takes them from the same cache.
    #[serde(skip)]
    pub published_url: Option<String>,
    /// The site's folder (holding site.toml), for the files later stages read from it.
    #[serde(skip)]
    pub root: PathBuf,
}

/// What contributors' files may do: by default nothing that reads outside the site or
/// runs script on its origin.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityConfig {
    /// Follow symbolic links under content/, static/ and templates/ that lead outside the
    /// site (a monorepo sharing files with its sites).
    #[serde(default)]
    pub allow_outside_links: bool,
    /// More kinds of file (by extension, e.g. "html") that may be published from
    /// content/, beside profiles, than the inert ones folio allows.
    #[serde(default)]
    pub allow_content_files: Vec<String>,
    /// Publish raw HTML in markdown exactly as written (script, iframes and all), instead
    /// of keeping only the formatting tags that cannot run script.
    #[serde(default)]
    pub trust_html: bool,
}

/// Social cards (`[cards]`): which kinds of page get a card of their own; the others,
/// and the indexes, show the site's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardsConfig {
    #[serde(default = "default_card_pages")]
    pub pages: Vec<CardPage>,
}

impl Default for CardsConfig {
    fn default() -> Self {
        CardsConfig {
            pages: default_card_pages(),
        }
    }
}

/// The Atom feed (`[feed]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// How many entries, newest first: a feed reader wants what is new, and every entry of
    /// a 10,000-person site made a feed of 9.5 MB.
    #[serde(default = "default_feed_entries")]
    pub entries: Positive,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            entries: default_feed_entries(),
        }
    }
}

fn default_feed_entries() -> Positive {
    Positive(50)
}

/// The lists that grow with the site (`[directory]`): the people, employers, talks and
/// skills, and an employer's people, are shown `page_size` to a page; a skill's people,
/// a table of one line each, `table_page_size`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryConfig {
    #[serde(default = "default_page_size")]
    pub page_size: Positive,
    #[serde(default = "default_table_page_size")]
    pub table_page_size: Positive,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        DirectoryConfig {
            page_size: default_page_size(),
            table_page_size: default_table_page_size(),
        }
    }
}

/// 48 cards fill whole rows of one, two, three or four columns.
fn default_page_size() -> Positive {
    Positive(48)
}

/// A row of a skill's people is about 170 bytes: 200 of them make a page of about 40 KB,
/// where 48 made a popular skill's people 13 pages, most of each its header.
fn default_table_page_size() -> Positive {
    Positive(200)
}

/// A whole number of 1 or more, from site.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Positive(pub usize);

impl Positive {
    pub fn get(self) -> usize {
        self.0
    }
}

impl<'de> Deserialize<'de> for Positive {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Positive;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(POSITIVE)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Positive, E> {
                match usize::try_from(v) {
                    Ok(n) if n > 0 => Ok(Positive(n)),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Positive, E> {
                match usize::try_from(v) {
                    Ok(n) if n > 0 => Ok(Positive(n)),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)),
                }
            }
        }
        d.deserialize_i64(Visit)
    }
}

/// What serde says a [`Positive`] expected; `explain` adds the help line for it.
pub const POSITIVE: &str = "a whole number of 1 or more";

/// Search (`[search]`): the Pagefind index under `/pagefind/`, the search box in every
/// page's header and the search page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The most records in one shard of the index (see [`crate::search::SHARD_SIZE`]).
    #[serde(default = "default_shard_size")]
    pub shard_size: Positive,
}

fn default_shard_size() -> Positive {
    Positive(crate::search::SHARD_SIZE)
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            shard_size: default_shard_size(),
        }
    }
}

/// A kind of page that may have a social card of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardPage {
    Person,
    Talk,
    Employer,
    Skill,
}

/// None: every page shows the site's card unless site.toml lists its kind. A default
/// must publish at any size, and a card for each person does not: at 10,000 people, three
/// in ten with a photo, person cards are 354 MB (23 KB a card, 57 KB with the photo) and
/// take the site past GitHub Pages' 1 GB (1,028 MB; 674 MB without them, BENCHMARKS.md).
fn default_card_pages() -> Vec<CardPage> {
    Vec::new()
}

/// Where a site's base_url came from, most explicit first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Address {
    /// `--base-url`.
    Option,
    /// `base_url` in site.toml.
    #[default]
    SiteToml,
    /// `cname` in site.toml: `https://<cname>/`.
    Cname,
    /// Where GitHub Pages publishes the repository of the git remote `origin` (its URL).
    Origin(String),
    /// Nothing says where: [`LOCAL_BASE_URL`].
    Unknown,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in markdown is kept, less what could run script (true), or escaped (false).
    #[serde(default = "yes")]
    pub allow_html: bool,
    /// syntect theme names for code blocks in light and dark mode.
    #[serde(default = "default_light_theme")]
    pub highlight_theme: String,
    #[serde(default = "default_dark_theme")]
    pub highlight_theme_dark: String,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: true,
            highlight_theme: default_light_theme(),
            highlight_theme_dark: default_dark_theme(),
        }
    }
}

fn default_title() -> String {
    "folio".into()
}
fn default_language() -> String {
    "en".into()
}
fn yes() -> bool {
    true
}
fn default_light_theme() -> String {
    "InspiredGitHub".into()
}
fn default_dark_theme() -> String {
    "base16-ocean.dark".into()
}

impl Config {
    /// Reads and checks `site.toml` in the site root, reporting every problem in it. When it
    /// sets no `base_url`, the address is `https://<cname>/`, else the GitHub Pages address
    /// of the repository's remote `origin`, else [`LOCAL_BASE_URL`] ([`Config::address`]).
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let text = fs::read_to_string(&path)
            .map_err(|e| vec![Diagnostic::file(Path::new("site.toml"), e.to_string())])?;
        let source = SourceFile::new("site.toml", text.as_str());
        let mut config: Config = crate::content::front_matter::parse_toml(&source, &text, 0)?;
        config.root = root.to_path_buf();
        if config.base_url.is_empty() {
            let origin = || {
                let remote = crate::git::Git::new(root).remote_url("origin").ok()??;
                Some((crate::git::pages_url(&remote)?, remote))
            };
            let (url, address) = match &config.cname {
                Some(cname) => (format!("https://{}/", cname.trim()), Address::Cname),
                None => match origin() {
                    Some((url, remote)) => (url, Address::Origin(remote)),
                    None => (LOCAL_BASE_URL.to_string(), Address::Unknown),
                },
            };
            config.base_url = url;
            config.address = address;
            // A cname that is no bare domain is reported where `CNAME` is written.
            if config.address == Address::Cname && check_base_url(&config.base_url).is_err() {
                config.base_url = LOCAL_BASE_URL.to_string();
            }
            return Ok(config);
        }
        config.base_url = check_base_url(&config.base_url).map_err(|message| {
            let start = text.find("base_url").unwrap_or(0);
            vec![
                Diagnostic::at(&source, start..start + "base_url".len(), format!("base_url {message}"))
                    .help("write the full address the site is published at, e.g. base_url = \"https://user.github.io/repo/\", or leave base_url out: `folio deploy` and the GitHub Pages workflow find it"),
            ]
        })?;
        Ok(config)
    }

    /// Replaces base_url (e.g. from `--base-url`), checking its form and adding a trailing `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = check_base_url(url)?;
        self.address = Address::Option;
        Ok(())
    }

    /// The address the site is published at: base_url, but in a preview.
    pub fn published_url(&self) -> &str {
        self.published_url.as_deref().unwrap_or(&self.base_url)
    }

    /// The path part of base_url, always starting and ending with `/`: `/` or `/repo/`.
    pub fn root(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The absolute URL of a root-relative path (one that starts with `root()`).
    pub fn absolute(&self, path: &str) -> String {
        let root = self.root();
        let origin = &self.base_url[..self.base_url.len() - root.len()];
        format!("{origin}{path}")
    }
}

/// Checks the form of a base URL and returns it with a trailing `/`.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("\"{url}\" must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("\"{url}\" has no host"));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "\"{url}\" must be a plain address without query, fragment or spaces"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        let mut c: Config = toml::from_str("base_url = \"http://x/\"").unwrap();
        c.set_base_url(base_url).unwrap();
        c
    }

    #[test]
    fn root_is_the_path_of_base_url() {
        assert_eq!(config("https://user.github.io/repo").root(), "/repo/");
        assert_eq!(config("https://user.github.io/").root(), "/");
        assert_eq!(config("http://127.0.0.1:8000").root(), "/");
    }

    #[test]
    fn absolute_joins_origin_and_path() {
        let c = config("https://user.github.io/repo/");
        assert_eq!(
            c.absolute("/repo/people/x/"),
            "https://user.github.io/repo/people/x/"
        );
    }

    #[test]
    fn a_misspelt_setting_gets_a_did_you_mean_and_every_problem_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "titel = \"x\"\nbase_url = \"https://x.org/\"\nlanguge = \"en\"\n[markdown]\nallow_htm = true\n",
        )
        .unwrap();
        let problems = Config::load(dir.path()).unwrap_err();
        let said: Vec<String> = problems
            .iter()
            .map(|d| format!("{}:{} {} / {:?}", d.line, d.column, d.message, d.help))
            .collect();
        assert_eq!(problems.len(), 3, "{said:#?}");
        for (line, wrong, meant) in [
            (1, "titel", "title"),
            (3, "languge", "language"),
            (5, "allow_htm", "allow_html"),
        ] {
            assert!(
                problems.iter().any(|d| d.line == line
                    && d.message.contains(&format!("`{wrong}`"))
                    && d.help
                        .as_deref()
                        .unwrap_or("")
                        .contains(&format!("did you mean `{meant}`"))),
                "{wrong}: {said:#?}"
            );
        }
    }

    #[test]
    fn a_setting_written_after_a_table_line_gets_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "[markdown]\nallow_html = false\ntitel = \"x\"\nlanguage = \"fr\"\n",
        )
        .unwrap();
        let problems = Config::load(dir.path()).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        let help = |line: usize| {
            problems
                .iter()
                .find(|d| d.line == line)
                .and_then(|d| d.help.clone())
                .unwrap_or_default()
        };
        assert!(help(3).contains("did you mean `title`? It is a field of the top level, but it is written after `[markdown]`"), "{}", help(3));
        assert!(
            help(4).contains("`language` is a field of the top level"),
            "{}",
            help(4)
        );
    }

    #[test]
    fn without_base_url_the_address_comes_from_cname_or_is_local() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("site.toml");
        std::fs::write(&toml, "title = \"x\"\n").unwrap();
        let config = Config::load(dir.path()).unwrap();
        assert_eq!(config.base_url, LOCAL_BASE_URL);
        assert_eq!(config.address, Address::Unknown);
        std::fs::write(&toml, "cname = \"www.example.com\"\n").unwrap();
        let config = Config::load(dir.path()).unwrap();
        assert_eq!(config.base_url, "https://www.example.com/");
        assert_eq!(config.address, Address::Cname);
        std::fs::write(
            &toml,
            "cname = \"www.example.com\"\nbase_url = \"https://a.org/b\"\n",
        )
        .unwrap();
        let config = Config::load(dir.path()).unwrap();
        assert_eq!(config.base_url, "https://a.org/b/");
        assert_eq!(config.address, Address::SiteToml);
    }

    #[test]
    fn set_base_url_refuses_other_schemes() {
        let mut c = config("http://x/");
        assert!(c.set_base_url("ftp://x/").is_err());
        assert!(c.set_base_url("javascript:alert(1)").is_err());
        assert!(c.set_base_url("https://").is_err());
    }
}
