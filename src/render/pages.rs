//! One page of any kind rendered into the sink, or kept when its inputs did not change.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::markdown;
use crate::theme;
use crate::walk::Confine;

use super::*;

impl<'a> Renderer<'a> {
    /// Notes the fingerprint of the page at `path`; true when it is the last build's and
    /// the sink kept that build's file.
    fn unchanged(&self, path: &Path, print: u64, origin: &Origin) -> Result<bool, crate::Error> {
        self.prints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), print);
        let last = self.last_pages.and_then(|pages| pages.get(path));
        Ok(last == Some(&print) && self.sink.keep(path, &origin.maker())?)
    }

    /// Where a template is, as problems name it: the site's own file, or the built-in one.
    fn template_path(&self, template: &str) -> PathBuf {
        let own = Path::new("templates").join(template);
        match self.site.config.root.join(&own).is_file() {
            true => own,
            false => theme::built_in_path(template),
        }
    }

    /// The template a page is rendered with and the content file it shows.
    fn origin(&self, job: Job, template: &str) -> Origin {
        let site = self.site;
        let source = match job {
            Job::Home => site.index.as_ref().map(|i| &i.source),
            Job::Person(i) => Some(&site.people[i].person.source),
            Job::Employer(i) => site.employers[i].file.as_ref().map(|f| &f.source),
            Job::Talk(i) => {
                let talk = &site.talks[i];
                let with_abstract = talk.abstract_text(site).map(|(_, source)| source);
                talk.file.as_ref().map(|f| &f.source).or(with_abstract)
            }
            Job::Page(i) => Some(&site.pages[i].page.source),
            _ => None,
        };
        Origin {
            template: template.to_string(),
            source: source.cloned(),
        }
    }

    /// Renders one page into the sink, or keeps it as the last build wrote it when its
    /// context did not change. `person` is the whole profile, for a person's own page.
    /// Returns the page's path under the output and what it was made from.
    pub(super) fn page(
        &self,
        job: Job,
        people: &[Prepared],
        person: Option<&Shared>,
    ) -> Result<(PathBuf, Origin), crate::Error> {
        let site = self.site;
        let root = site.root();
        if let Job::Person(i) = job
            && let Some(&inputs) = self.inputs.get(i.index())
        {
            // A person's page is made from their inputs and the theme alone.
            let mut print = Hashing::new().0;
            print.write_u64(inputs);
            print.write_u64(self.theme);
            let path = page_path(site, &site.people[i].url).join("index.html");
            let origin = self.origin(job, "person.html");
            if self.unchanged(&path, print.finish(), &origin)? {
                return Ok((path, origin));
            }
        }
        let mut cx = PageContext::new(self.memo.is_some() && !matches!(job, Job::Person(_)));
        let (template, url, title, description): (&str, String, String, String) = match job {
            Job::Home => {
                let intro = match &site.index {
                    Some(index) => {
                        self.markdown(&index.body, &index.source, Some(index.body_offset), 2)?
                    }
                    None => String::new(),
                };
                cx.insert("intro_html", &intro);
                cx.insert_view(
                    "people",
                    people.iter().map(|p| p.card.clone()).collect::<Vec<_>>(),
                );
                let title = site
                    .index
                    .as_ref()
                    .map_or(site.config.title.clone(), |i| i.front.title.clone());
                let description = site
                    .index
                    .as_ref()
                    .and_then(|i| i.front.description.clone())
                    .or_else(|| site.config.description.clone())
                    .unwrap_or_else(|| {
                        format!(
                            "{} engineers: their work, talks and skills.",
                            site.people.len()
                        )
                    });
                ("index.html", root.to_string(), title, description)
            }
            Job::Person(i) => {
                let p = &site.people[i];
                cx.insert("person", &person);
                let front = &p.person.front;
                let description = front
                    .summary
                    .clone()
                    .or_else(|| {
                        Some(markdown::first_paragraph_text(p.person.body()))
                            .filter(|s| !s.is_empty())
                    })
                    .or_else(|| front.headline.clone())
                    .unwrap_or_else(|| format!("{}'s portfolio", front.name));
                (
                    "person.html",
                    p.url.clone(),
                    front.name.clone(),
                    description,
                )
            }
            Job::Employers => {
                let list: Vec<EmployerSummary> = site
                    .employers
                    .iter()
                    .map(|e| EmployerSummary {
                        name: &e.name,
                        slug: &e.slug,
                        url: &e.url,
                        people_count: e.members.len(),
                        role_count: e.members.iter().map(|m| m.roles.len()).sum(),
                        website: e
                            .file
                            .as_ref()
                            .and_then(|f| f.front.website.as_ref())
                            .map(|l| l.0.as_str()),
                    })
                    .collect();
                cx.insert_view("employers", list);
                (
                    "employers.html",
                    format!("{root}employers/"),
                    "Employers".into(),
                    format!(
                        "Where the {} engineers on this site have worked.",
                        site.people.len()
                    ),
                )
            }
            Job::Employer(i) => {
                let e = &site.employers[i];
                let file = e.file.as_ref();
                let description_html = match file {
                    Some(f) if !f.body.trim().is_empty() => {
                        Some(self.markdown(&f.body, &f.source, Some(f.body_offset), 2)?)
                    }
                    _ => None,
                };
                let view = EmployerView {
                    name: &e.name,
                    slug: &e.slug,
                    url: &e.url,
                    website: file
                        .and_then(|f| f.front.website.as_ref())
                        .map(|l| l.0.as_str()),
                    aliases: file.map_or(&[][..], |f| &f.front.aliases),
                    logo_url: file
                        .and_then(|f| f.front.logo.as_ref())
                        .map(|l| l.beside(root)),
                    description_html,
                    people: e
                        .members
                        .iter()
                        .map(|m| Member {
                            person: people[m.person.index()].card.clone(),
                            roles: m
                                .roles
                                .iter()
                                .map(|&r| RoleRef {
                                    site,
                                    person: m.person,
                                    role: r,
                                    part: &people[m.person.index()].roles[r],
                                })
                                .collect(),
                        })
                        .collect(),
                };
                cx.insert_view("employer", view);
                let description = format!(
                    "{} people on this site worked at {}.",
                    e.members.len(),
                    e.name
                );
                ("employer.html", e.url.clone(), e.name.clone(), description)
            }
            Job::Talks => {
                let mut years: Vec<YearView> = Vec::new();
                for talk in &site.talks {
                    match years.last_mut() {
                        Some(y) if y.year == talk.date.year => {
                            y.talks.push(self.talk_summary(talk))
                        }
                        _ => years.push(YearView {
                            year: talk.date.year,
                            talks: vec![self.talk_summary(talk)],
                        }),
                    }
                }
                cx.insert_view("years", years);
                (
                    "talks.html",
                    format!("{root}talks/"),
                    "Talks".into(),
                    format!(
                        "{} talks given by the engineers on this site, by year.",
                        site.talks.len()
                    ),
                )
            }
            Job::Talk(i) => {
                let talk = &site.talks[i];
                let abstract_html = match talk.abstract_text(site) {
                    Some((text, source)) => self.field(&Some(text.to_string()), source)?,
                    None => None,
                };
                let body_html = match &talk.file {
                    Some(f) if !f.body.trim().is_empty() => {
                        Some(self.markdown(&f.body, &f.source, Some(f.body_offset), 2)?)
                    }
                    _ => None,
                };
                let view = TalkView {
                    summary: self.talk_summary(talk),
                    abstract_html,
                    body_html,
                    link: talk.link.as_ref().map(|l| l.0.as_str()),
                    slides: talk.slides.as_ref().map(|l| l.0.as_str()),
                    video: talk.video.as_ref().map(|l| l.0.as_str()),
                };
                cx.insert_view("talk", view);
                let description =
                    format!("{} at {}, {}.", talk.title, talk.event, talk.date.display());
                (
                    "talk.html",
                    talk.url.clone(),
                    talk.title.clone(),
                    description,
                )
            }
            Job::Skills => {
                let list: Vec<SkillSummary> = site
                    .skills
                    .iter()
                    .map(|s| SkillSummary {
                        name: &s.name,
                        slug: &s.slug,
                        url: &s.url,
                        count: s.people.len(),
                    })
                    .collect();
                cx.insert_view("skills", list);
                (
                    "skills.html",
                    format!("{root}skills/"),
                    "Skills".into(),
                    format!(
                        "{} skills of the engineers on this site.",
                        site.skills.len()
                    ),
                )
            }
            Job::Skill(i) => {
                let s = &site.skills[i];
                let view = SkillView {
                    name: &s.name,
                    slug: &s.slug,
                    url: &s.url,
                    people: s
                        .people
                        .iter()
                        .map(|&p| people[p.index()].card.clone())
                        .collect(),
                };
                cx.insert_view("skill", view);
                let description =
                    format!("{} engineers on this site know {}.", s.people.len(), s.name);
                ("skill.html", s.url.clone(), s.name.clone(), description)
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let front = &p.page.front;
                let content_html =
                    self.markdown(&p.page.body, &p.page.source, Some(p.page.body_offset), 2)?;
                let description = front
                    .description
                    .clone()
                    .unwrap_or_else(|| markdown::first_paragraph_text(&p.page.body));
                cx.insert_view(
                    "page",
                    PageView {
                        title: &front.title,
                        slug: &p.slug,
                        url: &p.url,
                        content_html,
                        description: front.description.as_deref(),
                    },
                );
                ("page.html", p.url.clone(), front.title.clone(), description)
            }
            Job::NotFound => (
                "404.html",
                format!("{root}404.html"),
                "Page not found".into(),
                "This page does not exist.".into(),
            ),
        };
        let kind = match job {
            Job::Home => "home",
            Job::Person(_) => "person",
            Job::Employers => "employers",
            Job::Employer(_) => "employer",
            Job::Talks => "talks",
            Job::Talk(_) => "talk",
            Job::Skills => "skills",
            Job::Skill(_) => "skill",
            Job::Page(_) => "page",
            Job::NotFound => "404",
        };
        cx.insert("page_title", &title);
        cx.insert("page_description", &description);
        cx.insert("current_url", &url);
        cx.insert("kind", kind);
        let subject = match job {
            Job::Home => head::Subject::Home,
            Job::Person(i) => head::Subject::Person(i),
            Job::Employer(i) => head::Subject::Employer(i),
            Job::Talk(i) => head::Subject::Talk(i),
            Job::NotFound => head::Subject::NotFound,
            _ => head::Subject::Other,
        };
        let path = match job {
            Job::NotFound => PathBuf::from("404.html"),
            _ => page_path(site, &url).join("index.html"),
        };
        let origin = self.origin(job, template);
        // The head is made from the page's subject, which the context shows, and site.toml,
        // which the settings' fingerprint stands for: it is made only for pages rendered.
        let (print, cx) = cx.finish(self.theme ^ self.settings.0.rotate_left(7), template);
        if let Some(print) = print
            && self.unchanged(&path, print, &origin)?
        {
            return Ok((path, origin));
        }
        let mut cx = cx.make();
        let head = head::head(site, subject, &url);
        cx.insert("canonical_url", &head.canonical_url);
        cx.insert("og_image", &head.og_image);
        cx.insert("json_ld", &head.json_ld);
        if let (Job::Person(i), Some(profile)) = (job, person)
            && profile.value.is_none()
        {
            // Unchanged, but its page must be rendered all the same (it was not kept).
            let (_, whole) = self.prepare_person(i.index(), &site.people[i], true)?;
            cx.insert("person", &whole.value);
        }
        let mut html = crate::budget::Output::default();
        let rendered = crate::timing::measure(crate::timing::Work::Templates, || {
            let _page = crate::budget::Rendering::start(&self.template_path(template), &url);
            self.tera.render_to(template, &cx, &mut html)
        });
        rendered.map_err(|e| {
            // The templates' texts are read again only now, to show the line at fault.
            let confine = Confine::new(&site.config.root, site.config.security.allow_outside_links);
            let sources = template_sources(&site.config.root, &confine).unwrap_or_default();
            vec![template_error(&e, &sources, Some(&url))]
        })?;
        self.sink.put(path.clone(), html.0, &origin.maker())?;
        Ok((path, origin))
    }
}
