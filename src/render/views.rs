//! What templates are given: the views of the site, a person, an employer, a talk...

use serde::Serialize;

use crate::dates;

use super::charts::Chart;
use super::sections::Sections;
use crate::site::{Site, SitePerson};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) base_url: &'a str,
    pub(super) root: &'a str,
    pub(super) language: &'a str,
    /// The free pages in the menu; the theme's own sections are named by its templates.
    pub(super) nav: Vec<NavItem>,
    /// The site's own stylesheets (`extra_css`), by URL.
    pub(super) extra_css: Vec<String>,
    /// Whether the site has search (`[search] enabled`): the header's box, the search page.
    pub(super) search: bool,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) headline: Option<&'a str>,
    pub(super) location: Option<&'a str>,
    pub(super) summary: String,
    /// The avatar's URL: its 256-pixel JPEG when folio processed it, else as written.
    pub(super) avatar_url: Option<String>,
    /// The processed avatar's files, for `<picture>`; none for a URL or an SVG.
    pub(super) avatar: Option<AvatarView>,
    pub(super) initials: String,
    pub(super) current_role: Option<CurrentRole<'a>>,
    /// Each a [`SkillRef`], made once per build ([`super::Renderer::skills`]).
    pub(super) top_skills: Vec<&'a tera::Value>,
    /// Every employer and skill of the person, lowercase, for the home page's filter.
    pub(super) keywords: String,
}

/// A processed avatar's files by size: `webp["64"]`, `jpeg["128"]`...
#[derive(Serialize)]
pub(super) struct AvatarView {
    pub(super) webp: std::collections::BTreeMap<String, String>,
    pub(super) jpeg: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
pub(super) struct CurrentRole<'a> {
    pub(super) title: Option<&'a str>,
    pub(super) employer: &'a str,
    pub(super) employer_url: &'a str,
}

#[derive(Serialize, Clone, Copy)]
pub(super) struct SkillRef<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
}

/// A skill of a person with their time with it (from the dates of the roles naming it).
/// Its fields are written out, not a flattened [`SkillRef`]: serde's `flatten` goes through
/// a map serializer, and a person page has one of these per skill.
#[derive(Serialize, Clone, Copy)]
pub(super) struct SkillYears<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) months: u32,
    /// Months as whole years, rounded (0: less than a year, or no dated role names it).
    pub(super) years: u32,
    /// How many roles name it.
    pub(super) roles: u32,
    /// `years` over the person's longest-held skill, for a bar (0 to 100).
    pub(super) share: u32,
}

/// A skill, an employer or a talk with how many things count it.
#[derive(Serialize)]
pub(super) struct Counted<T> {
    #[serde(flatten)]
    pub(super) item: T,
    pub(super) count: u32,
}

#[derive(Serialize)]
pub(super) struct RoleView<'a> {
    pub(super) title: Option<&'a str>,
    pub(super) employer: &'a str,
    pub(super) employer_url: &'a str,
    pub(super) start: Option<String>,
    pub(super) end: Option<String>,
    pub(super) dates: String,
    pub(super) location: Option<&'a str>,
    pub(super) team: Option<&'a str>,
    /// Each a [`SkillRef`], made once per build.
    pub(super) technologies: Vec<&'a tera::Value>,
    pub(super) highlights_html: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct PersonView<'a> {
    #[serde(flatten)]
    pub(super) card: &'a Card<'a>,
    pub(super) bio_html: String,
    pub(super) links: Vec<LinkView>,
    pub(super) spoken_languages: Vec<LanguageView<'a>>,
    pub(super) skill_groups: Vec<SkillGroup<'a>>,
    /// Every skill, in the profile's order, with years.
    pub(super) skills: Vec<&'a tera::Value>,
    /// The skills no group of `skill_groups` names (those of roles only), most years first.
    pub(super) other_skills: Vec<&'a tera::Value>,
    pub(super) experience: Vec<ExperienceGroup<'a>>,
    /// Roles across employers over the years, and talks as points.
    pub(super) career: Option<Chart<'a>>,
    pub(super) talks: Vec<TalkSummary<'a>>,
    pub(super) education: Vec<EducationView<'a>>,
    pub(super) projects: Vec<ProjectView<'a>>,
    pub(super) writing: Vec<WritingView<'a>>,
    pub(super) resume_url: String,
    pub(super) vcard_url: String,
    #[serde(flatten)]
    pub(super) sections: Sections<'a>,
}

#[derive(Serialize)]
pub(super) struct LinkView {
    pub(super) label: String,
    pub(super) url: String,
    /// The icon `templates/icons.html` draws for it: `github`, `mail`, `website`...
    pub(super) icon: &'static str,
}

#[derive(Serialize)]
pub(super) struct LanguageView<'a> {
    pub(super) name: &'a str,
    pub(super) level: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SkillGroup<'a> {
    /// The group's key made readable: `cloud_platforms` -> "cloud platforms".
    pub(super) name: Option<String>,
    /// Each a [`SkillYears`], made once per page and shared with `skills`.
    pub(super) skills: Vec<&'a tera::Value>,
    /// `skill_levels` of the group, or of the skill of a flat list.
    pub(super) level: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct ExperienceGroup<'a> {
    pub(super) employer: &'a str,
    pub(super) employer_url: &'a str,
    /// Each a [`RoleView`], made once per person ([`super::people::Prepared`]).
    pub(super) roles: Vec<&'a tera::Value>,
    /// From the first role's start to the last one's end.
    pub(super) dates: String,
    /// The technologies of its roles, each once, in the roles' order.
    /// Each a [`SkillRef`], made once per build.
    pub(super) technologies: Vec<&'a tera::Value>,
}

#[derive(Serialize)]
pub(super) struct TalkSummary<'a> {
    pub(super) title: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) event: &'a str,
    pub(super) date: String,
    /// The date without the year when the event's name gives it ("Nov" for
    /// "KubeCon NA 2019"); none when that leaves nothing.
    pub(super) when: Option<String>,
    pub(super) year: u16,
    pub(super) location: Option<&'a str>,
    pub(super) speakers: Vec<SpeakerView<'a>>,
    pub(super) link: Option<&'a str>,
    pub(super) slides: Option<&'a str>,
    pub(super) video: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SpeakerView<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct EducationView<'a> {
    pub(super) institution: Option<&'a str>,
    pub(super) degree: Option<&'a str>,
    pub(super) field: Option<&'a str>,
    pub(super) dates: Option<String>,
    pub(super) location: Option<&'a str>,
    pub(super) description_html: Option<String>,
    pub(super) score: Option<&'a str>,
    pub(super) url: Option<String>,
    pub(super) courses: &'a [String],
}

#[derive(Serialize)]
pub(super) struct ProjectView<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
    pub(super) role: Option<&'a str>,
    pub(super) dates: Option<String>,
    pub(super) description_html: Option<String>,
    pub(super) highlights_html: Option<String>,
    pub(super) keywords: &'a [String],
    pub(super) entity: Option<&'a str>,
    pub(super) kind: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct WritingView<'a> {
    pub(super) title: &'a str,
    pub(super) url: Option<String>,
    pub(super) date: Option<String>,
    pub(super) publisher: Option<&'a str>,
    pub(super) description_html: Option<String>,
}

#[derive(Serialize)]
pub(super) struct EmployerSummary<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) people_count: usize,
    pub(super) role_count: usize,
    pub(super) current_count: usize,
    /// From its first role's start to its last one's end ("2016 – Present").
    pub(super) dates: String,
    pub(super) website: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct EmployerView<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) website: Option<&'a str>,
    pub(super) aliases: &'a [String],
    pub(super) logo_url: Option<String>,
    pub(super) description_html: Option<String>,
    pub(super) people: Vec<Member<'a>>,
    /// From its first role's start to its last one's end ("2016 – Present").
    pub(super) dates: String,
    pub(super) current_count: usize,
    pub(super) role_count: usize,
    pub(super) teams: &'a [String],
    /// The skills its roles name, with how many roles name each, most first.
    pub(super) technologies: Vec<Counted<SkillRef<'a>>>,
    /// Talks its people gave while they worked there, newest first.
    pub(super) talks: Vec<TalkSummary<'a>>,
    /// Everyone who worked there, when, with their titles.
    pub(super) tenure: Option<Chart<'a>>,
}

#[derive(Serialize)]
pub(super) struct Member<'a> {
    pub(super) person: &'a tera::Value,
    /// Each a [`RoleView`], made once per person ([`super::people::Prepared`]).
    pub(super) roles: Vec<&'a tera::Value>,
    /// Whether one of their roles there goes on.
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct TalkView<'a> {
    #[serde(flatten)]
    pub(super) summary: TalkSummary<'a>,
    pub(super) abstract_html: Option<String>,
    pub(super) body_html: Option<String>,
    /// The card of each speaker with a profile, in the talk's order of speakers.
    pub(super) speaker_cards: Vec<&'a tera::Value>,
    /// Talks sharing a speaker or the event.
    pub(super) related: Vec<TalkSummary<'a>>,
}

#[derive(Serialize)]
pub(super) struct YearView<'a> {
    pub(super) year: u16,
    pub(super) talks: Vec<TalkSummary<'a>>,
}

/// A skill or an employer on the search page: its page, and the search narrowed to it.
#[derive(Serialize)]
pub(super) struct FacetValue<'a> {
    pub(super) name: &'a str,
    pub(super) url: &'a str,
    pub(super) count: usize,
    pub(super) filter_url: String,
}

#[derive(Serialize)]
pub(super) struct SkillSummary<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) count: usize,
    /// How widely it is held, 1 to 5: `count` on a log scale up to the most held skill.
    pub(super) weight: u32,
}

#[derive(Serialize)]
pub(super) struct SkillView<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    /// The people of this page of the skill, by name: the same people as `holders`.
    pub(super) people: Vec<&'a tera::Value>,
    /// The skill's people a page at a time, most years first, with their years and roles.
    pub(super) holders: Vec<Holder<'a>>,
    /// Who has it for how many years, drawn.
    pub(super) depth: Option<Chart<'a>>,
    /// Skills its people also have, with how many have both.
    pub(super) related: Vec<Counted<SkillRef<'a>>>,
    /// Employers whose roles name it, with how many roles.
    pub(super) employers: Vec<Counted<EmployerRef<'a>>>,
    /// Talks whose title names it.
    pub(super) talks: Vec<TalkSummary<'a>>,
    /// The month open-ended roles are counted to (`YYYY-MM`).
    pub(super) as_of: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Holder<'a> {
    pub(super) person: &'a tera::Value,
    pub(super) months: u32,
    pub(super) years: u32,
    pub(super) roles: u32,
}

#[derive(Serialize)]
pub(super) struct EmployerRef<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) slug: &'a str,
    pub(super) url: &'a str,
    pub(super) content_html: String,
    pub(super) description: Option<&'a str>,
    /// The text of the page's first paragraph.
    pub(super) summary: String,
}

/// The home page's own title and description: content/index.md's, else site.toml's.
#[derive(Serialize)]
pub(super) struct IndexView<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
}

/// Every skill's [`SkillRef`] as a template value, by id: made once per build, shared by
/// every list that names a skill.
pub(super) fn skill_values(site: &Site) -> Vec<tera::Value> {
    (0..site.skills.len())
        .map(|i| tera::Value::from_serializable(&skill_ref(site, crate::site::SkillId::new(i))))
        .collect()
}

pub(super) fn skill_ref(site: &Site, id: crate::site::SkillId) -> SkillRef<'_> {
    let skill = &site.skills[id];
    SkillRef {
        name: &skill.name,
        slug: &skill.slug,
        url: &skill.url,
    }
}

/// Role `i` of a person, with its highlights already rendered.
pub(super) fn role_view<'v>(
    site: &'v Site,
    skills: &'v [tera::Value],
    sp: &'v SitePerson,
    i: usize,
    highlights_html: Option<&'v str>,
) -> RoleView<'v> {
    let role = &sp.person.front.experience[i];
    let employer = &site.employers[sp.role_employers[i]];
    RoleView {
        title: role.title(),
        employer: &role.employer,
        employer_url: &employer.url,
        start: role.start.map(|d| d.to_string()),
        end: role.end.map(|d| d.to_string()),
        dates: dates::range(role.start.as_ref(), role.end.as_ref()),
        location: role.location.as_deref(),
        team: role.team.as_deref(),
        technologies: sp.role_technologies[i]
            .iter()
            .map(|&s| &skills[s.index()])
            .collect(),
        highlights_html,
    }
}

impl<'a> SiteView<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        let root = site.root();
        // The theme's own sections come first: the templates name them.
        let nav = site
            .pages
            .iter()
            .filter(|p| p.page.front.menu)
            .map(|p| NavItem {
                title: p.page.front.title.clone(),
                url: p.url.clone(),
            })
            .collect();
        SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            base_url: &site.config.base_url,
            root,
            language: &site.config.language,
            nav,
            extra_css: site
                .config
                .extra_css
                .iter()
                .map(|css| format!("{root}{css}"))
                .collect(),
            search: site.config.search.enabled,
        }
    }
}
