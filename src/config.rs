//! `site.toml`: the site's settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::fs;

/// The settings in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's title and header.
    #[serde(default = "default_title")]
    pub title: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`.
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in markdown is kept (true) or escaped (false).
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
    /// Reads and checks `site.toml` in the site root.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let text = fs::read_to_string(&path)
            .map_err(|e| vec![Diagnostic::file(Path::new("site.toml"), e.to_string())])?;
        let source = SourceFile::new("site.toml", text.as_str());
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            vec![Diagnostic::at(&source, span, e.message().trim_end())]
        })?;
        let base_url_at = || {
            let start = text.find("base_url").unwrap_or(0);
            Diagnostic::at(&source, start..start + "base_url".len(), "")
        };
        config.set_base_url(&config.base_url.clone()).map_err(|message| {
            let mut d = base_url_at();
            d.message = message;
            vec![d.help("write the full address the site is published at, e.g. base_url = \"https://user.github.io/repo/\"")]
        })?;
        Ok(config)
    }

    /// Replaces base_url (e.g. from `--base-url`), checking its form and adding a trailing `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url \"{url}\" must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(format!("base_url \"{url}\" has no host"));
        }
        if url.contains(['?', '#', ' ', '"', '<', '>']) {
            return Err(format!(
                "base_url \"{url}\" must be a plain address without query, fragment or spaces"
            ));
        }
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        Ok(())
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
    fn set_base_url_refuses_other_schemes() {
        let mut c = config("http://x/");
        assert!(c.set_base_url("ftp://x/").is_err());
        assert!(c.set_base_url("javascript:alert(1)").is_err());
        assert!(c.set_base_url("https://").is_err());
    }
}
