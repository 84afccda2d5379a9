//! The pages of a site: one [`Job`] per page, with where it is written, the template it
//! is rendered with and the content file it shows.

use std::path::PathBuf;

use super::paging::List;
use crate::diagnostic::SourceFile;
use crate::site::{EmployerId, PersonId, Site, SkillId, TalkId};

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    /// The directory's first page, `/people/`.
    People,
    Person(PersonId),
    Employers,
    Employer(EmployerId),
    Talks,
    Talk(TalkId),
    Skills,
    Skill(SkillId),
    /// A free page (`content/pages/`), by its index in [`Site::pages`].
    Page(usize),
    NotFound,
    /// Page `n` (2 or more) of a list whose first page is its own job ([`List::first`]).
    More(List, usize),
    /// The search page (`/search/`), when the site has search.
    Search,
}

impl Job {
    /// Every page of the site: people's first, then the indexes, employers, talks, skills
    /// and free pages.
    pub fn all(site: &Site) -> Vec<Job> {
        let mut jobs: Vec<Job> = site.people().map(|(id, _)| Job::Person(id)).collect();
        jobs.extend([
            Job::Home,
            Job::Employers,
            Job::Talks,
            Job::Skills,
            Job::NotFound,
        ]);
        jobs.extend((0..site.employers.len()).map(|i| Job::Employer(EmployerId::new(i))));
        jobs.extend((0..site.talks.len()).map(|i| Job::Talk(TalkId::new(i))));
        jobs.extend((0..site.skills.len()).map(|i| Job::Skill(SkillId::new(i))));
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs.push(Job::People);
        jobs.extend(
            List::all(site)
                .flat_map(|list| (2..=list.pages(site)).map(move |n| Job::More(list, n))),
        );
        if site.config.search.enabled {
            jobs.push(Job::Search);
        }
        jobs
    }

    /// The list the page shows, and which of its pages.
    pub fn paged(self) -> Option<(List, usize)> {
        Some(match self {
            Job::Home | Job::People => (List::People, 1),
            Job::Employers => (List::Employers, 1),
            Job::Talks => (List::Talks, 1),
            Job::Skills => (List::Skills, 1),
            Job::Skill(i) => (List::Skill(i), 1),
            Job::Employer(i) => (List::Employer(i), 1),
            Job::More(list, n) => (list, n),
            _ => return None,
        })
    }

    /// The template the page is rendered with.
    pub fn template(self) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::People => "people.html",
            Job::Person(_) => "person.html",
            Job::Employers => "employers.html",
            Job::Employer(_) => "employer.html",
            Job::Talks => "talks.html",
            Job::Talk(_) => "talk.html",
            Job::Skills => "skills.html",
            Job::Skill(_) => "skill.html",
            Job::Page(_) => "page.html",
            Job::NotFound => "404.html",
            Job::More(list, _) => list.first().template(),
            Job::Search => "search.html",
        }
    }

    /// What templates are told the page is (`kind`).
    pub fn kind(self) -> &'static str {
        match self {
            Job::Home => "home",
            Job::People => "people",
            Job::Person(_) => "person",
            Job::Employers => "employers",
            Job::Employer(_) => "employer",
            Job::Talks => "talks",
            Job::Talk(_) => "talk",
            Job::Skills => "skills",
            Job::Skill(_) => "skill",
            Job::Page(_) => "page",
            Job::NotFound => "404",
            Job::More(list, _) => list.first().kind(),
            Job::Search => "search",
        }
    }

    /// The page's root-relative URL.
    pub fn url(self, site: &Site) -> String {
        let root = site.root();
        match self {
            Job::Home => root.to_string(),
            Job::People => List::People.url(site),
            Job::Person(i) => site.people[i].url.clone(),
            Job::Employers => format!("{root}employers/"),
            Job::Employer(i) => site.employers[i].url.clone(),
            Job::Talks => format!("{root}talks/"),
            Job::Talk(i) => site.talks[i].url.clone(),
            Job::Skills => format!("{root}skills/"),
            Job::Skill(i) => site.skills[i].url.clone(),
            Job::Page(i) => site.pages[i].url.clone(),
            Job::NotFound => format!("{root}404.html"),
            Job::More(list, n) => list.page_url(site, n),
            Job::Search => format!("{root}search/"),
        }
    }

    /// Where the page is written, under the output folder.
    pub fn path(self, site: &Site) -> PathBuf {
        match self {
            Job::NotFound => PathBuf::from("404.html"),
            _ => site.folder_of(&self.url(site)).join("index.html"),
        }
    }

    /// The content file the page shows, if one: a problem with the page is reported there.
    pub fn source(self, site: &Site) -> Option<&SourceFile> {
        match self {
            Job::Home => site.index.as_ref().map(|i| &i.source),
            Job::Person(i) => Some(&site.people[i].person.source),
            Job::Employer(i) => site.employers[i].file.as_ref().map(|f| &f.source),
            Job::Talk(i) => {
                let talk = &site.talks[i];
                let with_abstract = talk.abstract_text(site).map(|(_, source)| source);
                talk.file.as_ref().map(|f| &f.source).or(with_abstract)
            }
            Job::Page(i) => Some(&site.pages[i].page.source),
            Job::More(list, _) => list.first().source(site),
            _ => None,
        }
    }
}
