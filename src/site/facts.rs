//! Facts about people and talks that several outputs show (pages, JSON Resume, vCard,
//! JSON-LD, the feed): each worked out here, once.

use crate::content::{Link, Role};
use crate::dates::Date;

use super::{EmployerId, Site, SitePerson, Talk};

impl SitePerson {
    /// The URL of the person's JSON Resume, root-relative like every page URL.
    pub fn resume_url(&self) -> String {
        format!("{}resume.json", self.url)
    }

    /// The URL of the person's vCard: `/people/<slug>/<slug>.vcf`, so a download keeps a
    /// telling name.
    pub fn vcard_url(&self) -> String {
        format!("{}{}.vcf", self.url, self.slug)
    }

    /// The newest date a profile gives: roles, talks, writing, projects, education.
    /// It stands for "last modified" wherever a date is needed.
    pub fn updated(&self) -> Option<Date> {
        let front = &self.person.front;
        let roles = front
            .experience
            .iter()
            .flat_map(|r| r.start.into_iter().chain(r.end));
        let talks = front.talks.iter().map(|t| t.date);
        let writing = front.writing.iter().filter_map(|w| w.date);
        let projects = front
            .projects
            .iter()
            .flat_map(|p| p.start.into_iter().chain(p.end));
        let education = front
            .education
            .iter()
            .flat_map(|e| e.start.into_iter().chain(e.end));
        roles
            .chain(talks)
            .chain(writing)
            .chain(projects)
            .chain(education)
            .max()
    }

    /// The job title to show for a person: the current role's, or the headline when
    /// there is no current role or it has no title (an older role's title would sit
    /// beside the newest one's employer).
    pub fn job_title(&self) -> Option<&str> {
        self.current_roles()
            .next()
            .and_then(|(_, r)| r.title())
            .or(self.person.front.headline.as_deref())
    }

    /// The roles without an end, newest first, with their employer.
    pub fn current_roles(&self) -> impl Iterator<Item = (EmployerId, &Role)> {
        let mut roles: Vec<(EmployerId, &Role)> = self
            .person
            .front
            .experience
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_current())
            .map(|(i, r)| (self.role_employers[i], r))
            .collect();
        roles.sort_by_key(|(_, r)| super::order::newest_first(r));
        roles.into_iter()
    }

    /// The one-line summary of a person, as on their card.
    pub fn summary(&self) -> Option<String> {
        let text = match &self.person.front.summary {
            Some(s) => s.trim().to_string(),
            None => crate::markdown::first_paragraph_text(self.person.body()),
        };
        (!text.is_empty()).then_some(text)
    }
}

impl Site {
    /// A root-relative URL made absolute; a scheme-relative one (`//host/a.png`) given the
    /// site's scheme, as a browser on the site reads it (a vCard's or JSON Resume's reader
    /// has no page to take it from); an external one as is.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with("//") {
            let scheme = self
                .config
                .base_url
                .split_once("//")
                .map_or("https:", |(s, _)| s);
            format!("{scheme}{url}")
        } else if url.starts_with('/') {
            self.config.absolute(url)
        } else {
            url.to_string()
        }
    }

    /// A person's link made absolute: external as is, relative ones beside the person's page.
    pub fn person_link(&self, person: &SitePerson, link: &Link) -> String {
        self.absolute(&link.beside(&person.url))
    }

    /// A link from an employer file (logo, website) made absolute: relative ones are under
    /// the site's root.
    pub fn site_link(&self, link: &Link) -> String {
        self.absolute(&link.beside(self.root()))
    }
}

impl Talk {
    /// The plain text of the talk's abstract, from wherever the site took it.
    pub fn abstract_plain(&self, site: &Site) -> Option<String> {
        let (text, _) = self.abstract_text(site)?;
        crate::markdown::plain_field(&Some(text.to_string()))
    }
}
