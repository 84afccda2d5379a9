//! The site the staleness test edits, held as a model from which every file is written.
//!
//! An edit changes the model and the files follow, so a random edit never leaves the site
//! invalid by accident: names stay unique, employer files never claim the same name, an
//! `@/` link to a profile that is gone (or a draft) is written as plain text. The edits meant
//! to break the build are written over the model's files (`Site::broken`) until a later
//! step fixes them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fastrand::Rng;
use folio::slug::slugify;

/// Every file of the site, by path relative to its folder.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

pub const BASE_URL: &str = "https://example.github.io/team/";

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Ada", "Zoë", "Björn", "Inês", "Kenji", "Léa", "Omar", "Priya", "Søren", "Wanjiru", "Mateo",
    "Chiara", "Emeka", "Hana", "Ivan", "Lucía", "Nadia", "Rafael", "Selin", "Tariq", "Łukasz",
];
#[rustfmt::skip]
const LAST: &[&str] = &[
    "Ångström", "Okafor", "Nakamura", "García", "Kowalski", "Müller", "Rossi", "Haddad",
    "Lindqvist", "Pham", "Quispe", "Yılmaz", "Chacón", "Dubois", "Mensah", "O'Neil",
];
/// Skills, the first ones the most common.
#[rustfmt::skip]
pub const SKILLS: &[&str] = &[
    "Python", "Go", "Kubernetes", "PostgreSQL", "Linux", "Rust", "Terraform", "TypeScript",
    "Kafka", "Redis", "C++", "gRPC", "React", "Bash", "Prometheus", "Elixir", "Haskell",
    "Node.js", "Distributed Systems", "Observability",
];
/// Spellings site.toml maps onto a skill, at first.
pub const SKILL_ALIASES: &[(&str, &str)] = &[
    ("k8s", "Kubernetes"),
    ("Golang", "Go"),
    ("Postgres", "PostgreSQL"),
];
/// Employers, each with the short name some profiles use.
#[rustfmt::skip]
pub const EMPLOYERS: &[(&str, &str)] = &[
    ("Novatek Systems", "Novatek"), ("Zenloop Labs", "Zenloop"), ("Corgrid Data", "Corgrid"),
    ("Vexforge Cloud", "Vexforge"), ("Lumpath Networks", "Lumpath"), ("Orbcast Media", "Orbcast"),
    ("Kinwave Payments", "Kinwave"), ("Talbyte Robotics", "Talbyte"),
    ("Solmint Health", "Solmint"), ("Hexnode Security", "Hexnode"),
];
#[rustfmt::skip]
pub const EVENTS: &[&str] = &[
    "KubeCon", "GopherCon", "PyCon", "RustConf", "QCon", "SREcon", "FOSDEM", "Monitorama",
];
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "Database Services", "Deploys", "Queues", "Caches", "Schedulers", "Build Systems",
    "Incident Response", "Data Pipelines", "Feature Flags", "Rate Limiters",
];
#[rustfmt::skip]
pub const CITIES: &[&str] = &[
    "Barcelona, Spain", "Berlin, Germany", "Lisbon, Portugal", "Tokyo, Japan", "Lagos, Nigeria",
    "São Paulo, Brazil", "Zürich, Switzerland", "Austin, TX, USA",
];
#[rustfmt::skip]
pub const WORDS: &[&str] = &[
    "system", "service", "latency", "storage", "queue", "cluster", "failure", "deploy", "rollout",
    "schema", "index", "cache", "budget", "incident", "review", "design", "migration", "metric",
];
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Site Reliability Engineer",
    "Data Engineer", "Engineering Manager", "Principal Engineer",
];
const GROUPS: &[&str] = &["languages", "platforms", "practices"];
/// Fenced code for bios: highlighted (a known language), or plain (an unknown one).
pub const CODE: &[(&str, &str)] = &[
    ("rust", "fn main() {\n    println!(\"{}\", 1 + 1);\n}"),
    (
        "python",
        "def tally(xs):\n    return {x: xs.count(x) for x in xs}",
    ),
    ("sql", "SELECT team, count(*) FROM events GROUP BY team;"),
    ("yaml", "replicas: 3\nalerts:\n  - name: latency"),
    ("nosuchlanguage", "just text"),
];
/// The built-in templates a site may override, and where a marker goes in each:
/// (template, text in it, the same text with the marker's place as `{}`).
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "person.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{{ site.title }} {}</p>",
    ),
    (
        "employer.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "employers.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "talk.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "talks.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "skill.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "skills.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "index.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "page.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "404.html",
        "{% block content %}",
        "{% block content %}<p class=\"marker\">{}</p>",
    ),
    (
        "base.html",
        "{%- block content %}",
        "<p class=\"marker\">{}</p>{%- block content %}",
    ),
    (
        "components.html",
        "<li class=\"card person-card\"",
        "<li class=\"card person-card\" data-marker=\"{}\"",
    ),
];
/// A whole PNG of `size` pixels a side in one `shade`: an avatar beside a profile is
/// decoded and processed, so it must be a picture, not only a PNG's header.
pub fn png(size: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(size, size, |x, y| {
        image::Rgb([shade, (x * 7) as u8, (y * 5) as u8])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The PNG most files beside profiles are.
pub fn dot() -> Vec<u8> {
    png(8, 0)
}
pub const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[derive(Clone, Debug)]
pub struct Site {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// site.toml's `[skill_aliases]`: spelling -> skill.
    pub skill_aliases: BTreeMap<String, String>,
    pub allow_html: Option<bool>,
    /// `highlight_theme` and `highlight_theme_dark`, when site.toml sets them.
    pub themes: Option<(String, String)>,
    pub people: Vec<Person>,
    pub employers: Vec<EmployerFile>,
    pub talk_files: Vec<TalkFile>,
    pub pages: Vec<Page>,
    pub index: Option<Index>,
    /// Built-in templates the site overrides, with the version of the marker in each.
    pub templates: BTreeMap<String, u32>,
    /// static/ files by path under static/.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Files that break the build, written over the model's until a step fixes them.
    pub broken: Files,
    /// Renames to make on disk before the files are written (`git mv`, a file manager).
    pub renames: Vec<(PathBuf, PathBuf)>,
    counter: usize,
}

#[derive(Clone, Debug)]
pub struct Person {
    /// Stays the same when the file is renamed: what `@/` links to the profile follow.
    pub id: usize,
    /// `people/<file>.md`, or `people/<file>/index.md` for a folder profile.
    pub file: String,
    pub folder: bool,
    /// Files beside a folder profile's index.md.
    pub beside: BTreeMap<String, Vec<u8>>,
    pub yaml: bool,
    pub slug: Option<String>,
    pub name: String,
    pub headline: Option<String>,
    pub location: Option<String>,
    /// A URL, or a file beside a folder profile.
    pub avatar: Option<String>,
    pub summary: Option<String>,
    pub email: Option<String>,
    /// (group, skill); the groups are written only when `grouped`.
    pub skills: Vec<(&'static str, String)>,
    pub grouped: bool,
    pub languages: Vec<(String, Option<String>)>,
    pub draft: bool,
    /// Key -> URL, or a file beside a folder profile.
    pub links: Vec<(String, String)>,
    pub roles: Vec<Role>,
    pub talks: Vec<TalkEntry>,
    pub education: Vec<Education>,
    pub projects: Vec<Project>,
    pub writing: Vec<Writing>,
    pub bio: Vec<Block>,
}

#[derive(Clone, Debug)]
pub struct Role {
    /// As the profile writes it: a name, an alias, another spelling.
    pub employer: String,
    pub title: Option<String>,
    pub start: String,
    pub end: Option<String>,
    pub location: Option<String>,
    pub team: Option<String>,
    pub technologies: Vec<String>,
    pub highlights: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TalkEntry {
    pub title: String,
    pub event: String,
    pub date: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub slides: Option<String>,
    pub video: Option<String>,
    pub with: Vec<String>,
    pub abstract_: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Education {
    pub institution: String,
    pub degree: Option<String>,
    pub field: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub name: String,
    pub url: Option<String>,
    pub role: Option<String>,
    pub start: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Writing {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EmployerFile {
    /// `employers/<file>.md`
    pub file: String,
    pub yaml: bool,
    pub name: String,
    pub aliases: Vec<String>,
    pub website: Option<String>,
    pub logo: Option<String>,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct TalkFile {
    /// `talks/<file>.md`
    pub file: String,
    pub title: String,
    pub event: String,
    pub date: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub speakers: Vec<String>,
    pub abstract_: Option<String>,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Page {
    /// `pages/<file>.md`
    pub file: String,
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub menu: bool,
    pub draft: bool,
    pub body: Vec<Block>,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub title: String,
    pub body: Vec<Block>,
}

/// A part of a markdown text.
#[derive(Clone, Debug)]
pub enum Block {
    Text(String),
    Heading(String),
    Code(&'static str, &'static str),
    Html(String),
    List(Vec<String>),
    /// `See [text](@/...)`, or the text alone when the target is gone.
    Link(Target, String),
}

/// What an `@/` link points at.
#[derive(Clone, Debug)]
pub enum Target {
    /// A profile by id; `short`: a folder profile named by its folder (`@/people/x`).
    Person {
        id: usize,
        short: bool,
        anchor: Option<&'static str>,
    },
    Page(String),
    Employer(String),
    Talk(String),
    Index,
}

pub fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A date as profiles write it: a year, a month or a day, in `years`.
pub fn date(rng: &mut Rng, years: std::ops::RangeInclusive<u32>) -> String {
    let year = rng.u32(years);
    match rng.u8(0..4) {
        0 => year.to_string(),
        1 | 2 => format!("{year}-{:02}", rng.u8(1..=12)),
        _ => format!("{year}-{:02}-{:02}", rng.u8(1..=12), rng.u8(1..=28)),
    }
}

/// A sentence of `n` random words.
pub fn sentence(rng: &mut Rng, n: usize) -> String {
    let words: Vec<&str> = (0..n).map(|_| pick(rng, WORDS)).collect();
    let mut text = words.join(" ");
    text[..1].make_ascii_uppercase();
    text + "."
}

/// A talk's slug, as folio makes it: year and title.
pub fn talk_slug(title: &str, date: &str) -> String {
    slugify(&format!("{} {title}", &date[..4]))
}

impl Site {
    /// A site of `people` profiles, with employer and talk files, free pages and a home intro.
    pub fn generate(rng: &mut Rng, people: usize) -> Site {
        let mut site = Site {
            title: "Team".into(),
            description: Some("Our engineers: their roles, talks and skills.".into()),
            language: "en".into(),
            skill_aliases: SKILL_ALIASES
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            allow_html: None,
            themes: None,
            people: Vec::new(),
            employers: Vec::new(),
            talk_files: Vec::new(),
            pages: Vec::new(),
            index: None,
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
            broken: Files::new(),
            renames: Vec::new(),
            counter: 0,
        };
        for &(name, alias) in EMPLOYERS {
            if rng.f32() < 0.5 {
                let mut file = site.employer_file(rng, name);
                if rng.bool() {
                    file.aliases.push(alias.to_string());
                }
                site.employers.push(file);
            }
        }
        for _ in 0..people {
            let person = site.new_person(rng);
            site.people.push(person);
        }
        // Shared talks, and bios that link to colleagues.
        for _ in 0..people / 4 {
            let i = rng.usize(..site.people.len());
            site.join_talk(rng, i);
        }
        for i in 0..site.people.len() {
            if rng.f32() < 0.3 {
                let id = site.people[rng.usize(..site.people.len())].id;
                let target = Target::Person {
                    id,
                    short: rng.bool(),
                    anchor: None,
                };
                site.people[i]
                    .bio
                    .push(Block::Link(target, "a colleague".into()));
            }
        }
        for _ in 0..2 {
            if let Some(file) = site.new_talk_file(rng) {
                site.talk_files.push(file);
            }
        }
        let about = Page {
            file: "about".into(),
            title: "About".into(),
            description: Some("Who we are.".into()),
            slug: None,
            menu: true,
            draft: false,
            body: vec![Block::Text(sentence(rng, 8))],
        };
        let contact = Page {
            file: "contact".into(),
            title: "Contact".into(),
            description: None,
            slug: None,
            menu: false,
            draft: false,
            body: vec![
                Block::Text(sentence(rng, 6)),
                Block::Link(
                    Target::Person {
                        id: site.people[0].id,
                        short: false,
                        anchor: None,
                    },
                    "our lead".into(),
                ),
            ],
        };
        site.pages = vec![about, contact];
        site.index = Some(Index {
            title: "Team".into(),
            body: vec![
                Block::Text("Every engineer, employer, talk and skill.".into()),
                Block::Link(Target::Page("about".into()), "about us".into()),
            ],
        });
        site
    }

    /// A number not used before in this site, for fresh names.
    pub fn fresh(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// A person's name no profile has.
    pub fn new_name(&mut self, rng: &mut Rng) -> String {
        for _ in 0..20 {
            let name = format!("{} {}", pick(rng, FIRST), pick(rng, LAST));
            if !self
                .people
                .iter()
                .any(|p| slugify(&p.name) == slugify(&name))
            {
                return name;
            }
        }
        let n = self.fresh();
        format!("{} {} {n}", pick(rng, FIRST), pick(rng, LAST))
    }

    /// A slug no profile's file or `slug` field gives.
    pub fn free_person_slug(&mut self, wanted: &str) -> String {
        let taken = |s: &str| {
            self.people
                .iter()
                .any(|p| p.file == s || p.slug.as_deref() == Some(s) || p.slug_now() == s)
        };
        if !taken(wanted) && !wanted.is_empty() {
            return wanted.to_string();
        }
        let n = self.fresh();
        format!("{wanted}-{n}")
    }

    pub fn new_person(&mut self, rng: &mut Rng) -> Person {
        let name = self.new_name(rng);
        let file = self.free_person_slug(&slugify(&name));
        let id = self.fresh();
        let folder = rng.f32() < 0.2;
        let mut person = Person {
            id,
            file: file.clone(),
            folder,
            beside: BTreeMap::new(),
            yaml: rng.f32() < 0.3,
            slug: None,
            name: name.clone(),
            headline: (rng.f32() < 0.8).then(|| pick(rng, TITLES).to_string()),
            location: (rng.f32() < 0.8).then(|| pick(rng, CITIES).to_string()),
            avatar: (rng.f32() < 0.3).then(|| format!("https://images.example.org/{file}.png")),
            summary: (rng.f32() < 0.4).then(|| sentence(rng, 7)),
            email: (rng.f32() < 0.3).then(|| format!("{file}@example.com")),
            skills: Vec::new(),
            grouped: rng.f32() < 0.2,
            languages: vec![("English".into(), Some("Fluent".into()))],
            draft: rng.f32() < 0.05,
            links: vec![("github".into(), format!("https://github.com/{file}"))],
            roles: Vec::new(),
            talks: Vec::new(),
            education: Vec::new(),
            projects: Vec::new(),
            writing: Vec::new(),
            bio: vec![Block::Text(format!("{name} {}", sentence(rng, 12)))],
        };
        if folder {
            person.beside.insert("avatar.png".into(), dot());
            person.avatar = Some("avatar.png".into());
            if rng.bool() {
                person.beside.insert("cv.pdf".into(), PDF.to_vec());
                person.links.push(("cv".into(), "cv.pdf".into()));
            }
        }
        for _ in 0..rng.usize(2..7) {
            let skill = self.skill_name(rng);
            if !person
                .skills
                .iter()
                .any(|(_, s)| slugify(s) == slugify(&skill))
            {
                person.skills.push((pick(rng, GROUPS), skill));
            }
        }
        let mut year = rng.u32(2004..2016);
        for _ in 0..rng.usize(1..4) {
            let role = self.new_role(rng, year);
            year = role.end.as_ref().map_or(2025, |e| e[..4].parse().unwrap());
            person.roles.push(role);
            if year >= 2025 {
                break;
            }
        }
        for _ in 0..rng.usize(0..3) {
            let talk = self.new_talk(rng);
            if !person.has_talk(&talk.title, &talk.date) {
                person.talks.push(talk);
            }
        }
        person.education.push(new_education(rng));
        if rng.bool() {
            person.projects.push(new_project(rng, &file));
        }
        for _ in 0..rng.usize(0..3) {
            person.writing.push(new_writing(rng, &file));
        }
        if rng.f32() < 0.3 {
            person.bio.push(Block::Code(CODE[0].0, CODE[0].1));
        }
        if rng.f32() < 0.3 {
            person.bio.push(Block::Text(sentence(rng, 10)));
        }
        person
    }

    /// A skill name: mostly from the pool, sometimes by an aliased spelling.
    pub fn skill_name(&mut self, rng: &mut Rng) -> String {
        if rng.f32() < 0.1 {
            return SKILL_ALIASES[rng.usize(..SKILL_ALIASES.len())]
                .0
                .to_string();
        }
        // The first skills are the most common.
        let i = rng.usize(..SKILLS.len()).min(rng.usize(..SKILLS.len()));
        SKILLS[i].to_string()
    }

    /// An employer's name as a profile writes it: a known name, or its alias when a
    /// file claims that alias.
    pub fn employer_name(&mut self, rng: &mut Rng) -> String {
        let (name, alias) = EMPLOYERS[rng.usize(..EMPLOYERS.len())];
        let claimed = self.employers.iter().any(|e| {
            e.aliases
                .iter()
                .any(|a| slugify(a) == slugify(alias) && slugify(&e.name) == slugify(name))
        });
        match claimed && rng.bool() {
            true => alias.to_string(),
            false => name.to_string(),
        }
    }

    /// A role starting in `year`, ending a few years later or not at all.
    pub fn new_role(&mut self, rng: &mut Rng, year: u32) -> Role {
        let start = match rng.bool() {
            true => year.to_string(),
            false => format!("{year}-{:02}", rng.u8(1..=12)),
        };
        let end_year = year + rng.u32(1..5);
        let end = (end_year < 2025 && rng.f32() < 0.8).then(|| match rng.bool() {
            true => end_year.to_string(),
            false => format!("{end_year}-{:02}", rng.u8(1..=12)),
        });
        let technologies = (0..rng.usize(0..3)).map(|_| self.skill_name(rng)).collect();
        Role {
            employer: self.employer_name(rng),
            title: (rng.f32() < 0.9).then(|| pick(rng, TITLES).to_string()),
            start,
            end,
            location: (rng.f32() < 0.5).then(|| pick(rng, CITIES).to_string()),
            team: (rng.f32() < 0.5).then(|| format!("{} team", pick(rng, WORDS))),
            technologies,
            highlights: (rng.f32() < 0.6)
                .then(|| format!("- {}\n- {}\n", sentence(rng, 6), sentence(rng, 5))),
        }
    }

    /// A talk no one gave yet.
    pub fn new_talk(&mut self, rng: &mut Rng) -> TalkEntry {
        let n = self.fresh();
        let title = format!("{} {}: Part {n}", pick(rng, WORDS), pick(rng, TOPICS));
        let mut title = title;
        title[..1].make_ascii_uppercase();
        let date = date(rng, 2012..=2025);
        let event = format!("{} {}", pick(rng, EVENTS), &date[..4]);
        let url = format!("https://talks.example.org/{}/", talk_slug(&title, &date));
        TalkEntry {
            title,
            event,
            date,
            location: (rng.f32() < 0.6).then(|| pick(rng, CITIES).to_string()),
            slides: (rng.f32() < 0.3).then(|| format!("{url}slides.pdf")),
            video: (rng.f32() < 0.3).then(|| format!("https://video.example.org/{n}")),
            url: (rng.f32() < 0.7).then_some(url),
            with: Vec::new(),
            abstract_: (rng.f32() < 0.6)
                .then(|| format!("{}\n\n{}\n", sentence(rng, 9), sentence(rng, 6))),
        }
    }

    /// The person `i` joins a talk another profile lists: the same title and date, naming
    /// the other speakers (and, half the time, named by them in turn).
    pub fn join_talk(&mut self, rng: &mut Rng, i: usize) -> Option<String> {
        let others: Vec<(usize, usize)> = self
            .people
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .flat_map(|(j, p)| (0..p.talks.len()).map(move |t| (j, t)))
            .filter(|&(j, t)| {
                let talk = &self.people[j].talks[t];
                !self.people[i].has_talk(&talk.title, &talk.date)
            })
            .collect();
        if others.is_empty() {
            return None;
        }
        let (j, t) = others[rng.usize(..others.len())];
        let mut entry = self.people[j].talks[t].clone();
        let (other, me) = (self.people[j].name.clone(), self.people[i].name.clone());
        entry.with.retain(|w| slugify(w) != slugify(&me));
        entry.with.push(other.clone());
        if rng.bool() {
            entry.abstract_ = None;
        }
        let title = entry.title.clone();
        self.people[i].talks.push(entry);
        if rng.bool() && !self.people[j].talks[t].with.contains(&me) {
            self.people[j].talks[t].with.push(me.clone());
        }
        Some(format!("{me} joins \"{title}\" by {other}"))
    }

    /// A talk file for a talk a profile lists, if one has none yet.
    pub fn new_talk_file(&mut self, rng: &mut Rng) -> Option<TalkFile> {
        let talks: Vec<&TalkEntry> = self
            .people
            .iter()
            .flat_map(|p| &p.talks)
            .filter(|t| {
                !self
                    .talk_files
                    .iter()
                    .any(|f| talk_slug(&f.title, &f.date) == talk_slug(&t.title, &t.date))
            })
            .collect();
        if talks.is_empty() {
            return None;
        }
        let talk = talks[rng.usize(..talks.len())].clone();
        let mut file = talk_slug(&talk.title, &talk.date);
        if self.talk_files.iter().any(|f| f.file == file) {
            file = format!("{file}-{}", self.fresh());
        }
        Some(TalkFile {
            file,
            title: talk.title,
            event: talk.event,
            date: talk.date,
            location: (rng.bool()).then(|| pick(rng, CITIES).to_string()),
            url: None,
            speakers: match rng.bool() {
                true => vec![format!("Guest {}", self.fresh())],
                false => Vec::new(),
            },
            abstract_: (rng.bool()).then(|| sentence(rng, 8)),
            body: format!("{}\n", sentence(rng, 14)),
        })
    }

    /// An employer file for `name`, not yet written anywhere.
    pub fn employer_file(&mut self, rng: &mut Rng, name: &str) -> EmployerFile {
        let file = slugify(name);
        EmployerFile {
            website: Some(format!("https://{file}.example.com/")),
            logo: (rng.f32() < 0.3).then(|| format!("https://logos.example.org/{file}.png")),
            file,
            yaml: rng.f32() < 0.3,
            name: name.to_string(),
            aliases: Vec::new(),
            body: format!("{name} builds {} software.\n", pick(rng, WORDS)),
        }
    }

    /// Whether an employer file claims this name (or a name with the same slug), other than
    /// the file `except`.
    pub fn claimed(&self, name: &str, except: Option<&str>) -> bool {
        self.employers.iter().any(|e| {
            Some(e.file.as_str()) != except
                && std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| slugify(n) == slugify(name))
        })
    }

    /// Where an `@/` link to `target` points under content/, if it is there to link to.
    fn link_path(&self, target: &Target) -> Option<String> {
        match target {
            Target::Person { id, short, anchor } => {
                let p = self.people.iter().find(|p| p.id == *id && !p.draft)?;
                let path = match (p.folder, short) {
                    (true, true) => format!("people/{}", p.file),
                    (true, false) => format!("people/{}/index.md", p.file),
                    (false, _) => format!("people/{}.md", p.file),
                };
                Some(match anchor {
                    Some(anchor) => format!("{path}#{anchor}"),
                    None => path,
                })
            }
            Target::Page(file) => self
                .pages
                .iter()
                .any(|p| p.file == *file && !p.draft)
                .then(|| format!("pages/{file}.md")),
            Target::Employer(file) => self
                .employers
                .iter()
                .any(|e| e.file == *file)
                .then(|| format!("employers/{file}.md")),
            Target::Talk(file) => self
                .talk_files
                .iter()
                .any(|t| t.file == *file)
                .then(|| format!("talks/{file}.md")),
            Target::Index => self.index.as_ref().map(|_| "index.md".to_string()),
        }
    }

    pub fn markdown(&self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for block in blocks {
            match block {
                Block::Text(text) => out.push_str(text),
                Block::Heading(text) => _ = write!(out, "## {text}"),
                Block::Code(lang, code) => _ = write!(out, "```{lang}\n{code}\n```"),
                Block::Html(text) => _ = write!(out, "<p class=\"note\">{text}</p>"),
                Block::List(items) => {
                    let items: Vec<String> = items.iter().map(|i| format!("- {i}")).collect();
                    out.push_str(&items.join("\n"));
                }
                Block::Link(target, text) => match self.link_path(target) {
                    Some(path) => _ = write!(out, "See [{text}](@/{path})."),
                    None => _ = write!(out, "See {text}."),
                },
            }
            out.push_str("\n\n");
        }
        out
    }

    pub fn person_path(p: &Person) -> PathBuf {
        match p.folder {
            true => PathBuf::from(format!("content/people/{}/index.md", p.file)),
            false => PathBuf::from(format!("content/people/{}.md", p.file)),
        }
    }

    pub fn person_text(&self, p: &Person) -> String {
        let mut doc = Doc::default();
        doc.field("name", V::s(&p.name));
        doc.opt("slug", &p.slug);
        doc.opt("headline", &p.headline);
        doc.opt("location", &p.location);
        doc.opt("avatar", &p.avatar);
        doc.opt("summary", &p.summary);
        doc.opt("email", &p.email);
        if p.draft {
            doc.field("draft", V::Bool(true));
        }
        if p.grouped && !p.skills.is_empty() {
            let mut groups: Vec<(String, V)> = Vec::new();
            for (group, skill) in &p.skills {
                match groups.iter_mut().find(|(g, _)| g == group) {
                    Some((_, V::List(list))) => list.push(skill.clone()),
                    _ => groups.push((group.to_string(), V::List(vec![skill.clone()]))),
                }
            }
            doc.maps.push(("skills".into(), groups));
        } else {
            let skills = p.skills.iter().map(|(_, s)| s.clone()).collect();
            doc.field("skills", V::List(skills));
        }
        if !p.links.is_empty() {
            let links = p.links.iter().map(|(k, v)| (k.clone(), V::s(v))).collect();
            doc.maps.push(("links".into(), links));
        }
        let languages = p
            .languages
            .iter()
            .map(|(name, level)| {
                let mut t = Table::default();
                t.push(("name".into(), V::s(name)));
                opt(&mut t, "level", level);
                t
            })
            .collect();
        doc.lists.push(("spoken_languages".into(), languages));
        let roles = p
            .roles
            .iter()
            .map(|r| {
                let mut t = vec![("employer".into(), V::s(&r.employer))];
                opt(&mut t, "title", &r.title);
                t.push(("start".into(), V::s(&r.start)));
                opt(&mut t, "end", &r.end);
                opt(&mut t, "location", &r.location);
                opt(&mut t, "team", &r.team);
                t.push(("technologies".into(), V::List(r.technologies.clone())));
                opt(&mut t, "highlights", &r.highlights);
                t
            })
            .collect();
        doc.lists.push(("experience".into(), roles));
        let talks = p
            .talks
            .iter()
            .map(|talk| {
                let mut t = vec![
                    ("title".into(), V::s(&talk.title)),
                    ("event".into(), V::s(&talk.event)),
                    ("date".into(), V::s(&talk.date)),
                ];
                opt(&mut t, "location", &talk.location);
                opt(&mut t, "url", &talk.url);
                opt(&mut t, "slides", &talk.slides);
                opt(&mut t, "video", &talk.video);
                if !talk.with.is_empty() {
                    t.push(("with".into(), V::List(talk.with.clone())));
                }
                opt(&mut t, "abstract", &talk.abstract_);
                t
            })
            .collect();
        doc.lists.push(("talks".into(), talks));
        let education = p
            .education
            .iter()
            .map(|e| {
                let mut t = vec![("institution".into(), V::s(&e.institution))];
                opt(&mut t, "degree", &e.degree);
                opt(&mut t, "field", &e.field);
                opt(&mut t, "start", &e.start);
                opt(&mut t, "end", &e.end);
                opt(&mut t, "description", &e.description);
                t
            })
            .collect();
        doc.lists.push(("education".into(), education));
        let projects = p
            .projects
            .iter()
            .map(|x| {
                let mut t = vec![("name".into(), V::s(&x.name))];
                opt(&mut t, "url", &x.url);
                opt(&mut t, "role", &x.role);
                opt(&mut t, "start", &x.start);
                opt(&mut t, "description", &x.description);
                t
            })
            .collect();
        doc.lists.push(("projects".into(), projects));
        let writing = p
            .writing
            .iter()
            .map(|w| {
                let mut t = vec![("title".into(), V::s(&w.title))];
                opt(&mut t, "url", &w.url);
                opt(&mut t, "date", &w.date);
                opt(&mut t, "publisher", &w.publisher);
                opt(&mut t, "description", &w.description);
                t
            })
            .collect();
        doc.lists.push(("writing".into(), writing));
        doc.text(p.yaml) + &self.markdown(&p.bio)
    }

    fn site_toml(&self) -> String {
        let mut out = String::from("# Generated by tests/folio/staleness.\n");
        let _ = writeln!(out, "title = {}", q(&self.title));
        let _ = writeln!(out, "base_url = {}", q(BASE_URL));
        if let Some(d) = &self.description {
            let _ = writeln!(out, "description = {}", q(d));
        }
        let _ = writeln!(out, "language = {}", q(&self.language));
        // Small pages, so that every list of a small site pages, and a new profile shifts
        // the pages after it.
        out.push_str("\n[directory]\npage_size = 4\ntable_page_size = 4\n");
        // Small shards, so that the search index has several, an edit changes some and keeps
        // the others, and adding or removing profiles changes how many there are.
        out.push_str("\n[search]\nshard_size = 16\n");
        out.push_str("\n[skill_aliases]\n");
        for (from, to) in &self.skill_aliases {
            let _ = writeln!(out, "{} = {}", q(from), q(to));
        }
        if self.allow_html.is_some() || self.themes.is_some() {
            out.push_str("\n[markdown]\n");
            if let Some(allow) = self.allow_html {
                let _ = writeln!(out, "allow_html = {allow}");
            }
            if let Some((light, dark)) = &self.themes {
                let _ = writeln!(out, "highlight_theme = {}", q(light));
                let _ = writeln!(out, "highlight_theme_dark = {}", q(dark));
            }
        }
        out
    }

    /// Every file of the site, the broken ones over the model's.
    pub fn files(&self) -> Files {
        let mut files = Files::new();
        let mut put = |path: PathBuf, text: Vec<u8>| {
            assert!(files.insert(path.clone(), text).is_none(), "{path:?} twice");
        };
        put("site.toml".into(), self.site_toml().into_bytes());
        if let Some(index) = &self.index {
            let mut doc = Doc::default();
            doc.field("title", V::s(&index.title));
            let text = doc.text(false) + &self.markdown(&index.body);
            put("content/index.md".into(), text.into_bytes());
        }
        for p in &self.people {
            put(Site::person_path(p), self.person_text(p).into_bytes());
            for (name, bytes) in &p.beside {
                let path = format!("content/people/{}/{name}", p.file);
                put(path.into(), bytes.clone());
            }
        }
        for e in &self.employers {
            let mut doc = Doc::default();
            doc.field("name", V::s(&e.name));
            if !e.aliases.is_empty() {
                doc.field("aliases", V::List(e.aliases.clone()));
            }
            doc.opt("website", &e.website);
            doc.opt("logo", &e.logo);
            let text = doc.text(e.yaml) + &e.body;
            put(
                format!("content/employers/{}.md", e.file).into(),
                text.into_bytes(),
            );
        }
        for t in &self.talk_files {
            let mut doc = Doc::default();
            doc.field("title", V::s(&t.title));
            doc.field("event", V::s(&t.event));
            doc.field("date", V::s(&t.date));
            doc.opt("location", &t.location);
            doc.opt("url", &t.url);
            if !t.speakers.is_empty() {
                doc.field("speakers", V::List(t.speakers.clone()));
            }
            doc.opt("abstract", &t.abstract_);
            let text = doc.text(false) + &t.body;
            put(
                format!("content/talks/{}.md", t.file).into(),
                text.into_bytes(),
            );
        }
        for page in &self.pages {
            let mut doc = Doc::default();
            doc.field("title", V::s(&page.title));
            doc.opt("description", &page.description);
            doc.opt("slug", &page.slug);
            if page.menu {
                doc.field("menu", V::Bool(true));
            }
            if page.draft {
                doc.field("draft", V::Bool(true));
            }
            let text = doc.text(false) + &self.markdown(&page.body);
            put(
                format!("content/pages/{}.md", page.file).into(),
                text.into_bytes(),
            );
        }
        for (name, version) in &self.templates {
            put(
                format!("templates/{name}").into(),
                template(name, &format!("v{version}")).into_bytes(),
            );
        }
        for (name, bytes) in &self.statics {
            put(format!("static/{name}").into(), bytes.clone());
        }
        for (path, bytes) in &self.broken {
            files.insert(path.clone(), bytes.clone());
        }
        files
    }
}

impl Person {
    /// The slug folio gives the profile.
    pub fn slug_now(&self) -> &str {
        self.slug.as_deref().unwrap_or(&self.file)
    }

    pub fn has_talk(&self, title: &str, date: &str) -> bool {
        self.talks
            .iter()
            .any(|t| talk_slug(&t.title, &t.date) == talk_slug(title, date))
    }
}

pub fn new_education(rng: &mut Rng) -> Education {
    let end = rng.u32(2000..2016);
    Education {
        institution: format!("University of {}", pick(rng, CITIES)),
        degree: (rng.bool()).then(|| "Master of Science".into()),
        field: (rng.bool()).then(|| "Computer Science".into()),
        start: (rng.bool()).then(|| (end - 4).to_string()),
        end: Some(end.to_string()),
        description: (rng.f32() < 0.3).then(|| sentence(rng, 6)),
    }
}

pub fn new_project(rng: &mut Rng, owner: &str) -> Project {
    let name = format!("{}-{}", pick(rng, WORDS), pick(rng, WORDS));
    Project {
        url: Some(format!("https://github.com/{owner}/{name}")),
        name,
        role: (rng.bool()).then(|| "Maintainer".into()),
        start: (rng.bool()).then(|| rng.u32(2010..2025).to_string()),
        description: (rng.bool()).then(|| sentence(rng, 7)),
    }
}

pub fn new_writing(rng: &mut Rng, owner: &str) -> Writing {
    let title = format!("Notes on {} {}", pick(rng, WORDS), pick(rng, WORDS));
    Writing {
        url: (rng.f32() < 0.8).then(|| {
            format!(
                "https://{owner}.example.com/{}-{}/",
                slugify(&title),
                rng.u32(..1000)
            )
        }),
        title,
        date: (rng.f32() < 0.8).then(|| date(rng, 2015..=2025)),
        publisher: (rng.bool()).then(|| format!("{owner}.example.com")),
        description: (rng.bool()).then(|| sentence(rng, 6)),
    }
}

/// A built-in template with a marker of the site's own.
pub fn template(name: &str, marker: &str) -> String {
    let (_, anchor, with) = TEMPLATES
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("a template the test knows");
    let path = crate::support::repo().join("templates").join(name);
    let builtin = std::fs::read_to_string(&path).unwrap();
    assert!(
        builtin.contains(anchor),
        "{} no longer holds `{anchor}`: update TEMPLATES in tests/folio/staleness/site.rs",
        path.display()
    );
    builtin.replacen(anchor, &with.replace("{}", marker), 1)
}

/// A quoted string, valid in TOML and in YAML (both read JSON's escapes).
pub fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// A value in front matter.
#[derive(Clone, Debug)]
pub enum V {
    Str(String),
    List(Vec<String>),
    Bool(bool),
}

impl V {
    fn s(text: &str) -> V {
        V::Str(text.to_string())
    }

    fn written(&self) -> String {
        match self {
            V::Str(s) => q(s),
            V::List(items) => {
                let items: Vec<String> = items.iter().map(|s| q(s)).collect();
                format!("[{}]", items.join(", "))
            }
            V::Bool(b) => b.to_string(),
        }
    }
}

type Table = Vec<(String, V)>;

fn opt(table: &mut Table, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        table.push((key.to_string(), V::s(v)));
    }
}

/// Front matter, written as TOML or YAML.
#[derive(Default)]
struct Doc {
    fields: Table,
    /// Tables of values (`[links]`, grouped `[skills]`).
    maps: Vec<(String, Table)>,
    /// Lists of tables (`[[experience]]`).
    lists: Vec<(String, Vec<Table>)>,
}

impl Doc {
    fn field(&mut self, key: &str, value: V) {
        self.fields.push((key.to_string(), value));
    }

    fn opt(&mut self, key: &str, value: &Option<String>) {
        opt(&mut self.fields, key, value);
    }

    fn text(&self, yaml: bool) -> String {
        let mut out = String::new();
        if yaml {
            out.push_str("---\n");
            for (k, v) in &self.fields {
                let _ = writeln!(out, "{k}: {}", v.written());
            }
            for (name, table) in &self.maps {
                let _ = writeln!(out, "{name}:");
                for (k, v) in table {
                    let _ = writeln!(out, "  {}: {}", q(k), v.written());
                }
            }
            for (name, tables) in self.lists.iter().filter(|(_, t)| !t.is_empty()) {
                let _ = writeln!(out, "{name}:");
                for table in tables {
                    for (i, (k, v)) in table.iter().enumerate() {
                        let lead = if i == 0 { "  - " } else { "    " };
                        let _ = writeln!(out, "{lead}{k}: {}", v.written());
                    }
                }
            }
            out.push_str("---\n");
        } else {
            out.push_str("+++\n");
            for (k, v) in &self.fields {
                let _ = writeln!(out, "{k} = {}", v.written());
            }
            for (name, table) in &self.maps {
                let _ = writeln!(out, "\n[{name}]");
                for (k, v) in table {
                    let _ = writeln!(out, "{} = {}", q(k), v.written());
                }
            }
            for (name, tables) in &self.lists {
                for table in tables {
                    let _ = writeln!(out, "\n[[{name}]]");
                    for (k, v) in table {
                        let _ = writeln!(out, "{k} = {}", v.written());
                    }
                }
            }
            out.push_str("+++\n");
        }
        out
    }
}

/// Folders the site keeps even when empty.
const KEPT: &[&str] = &[
    "",
    "content",
    "content/people",
    "content/employers",
    "content/talks",
    "content/pages",
    "templates",
    "static",
];

/// Makes the site on disk what `files` says: the renames first, then files gone, then
/// files new or changed, each written whole (`by_rename`: to a name folio ignores, then
/// renamed into place, as many editors save). Only files whose bytes differ are touched.
/// The paths touched, in order.
pub fn write(
    root: &Path,
    files: &Files,
    renames: &[(PathBuf, PathBuf)],
    written: &mut BTreeSet<PathBuf>,
    by_rename: bool,
) -> Vec<PathBuf> {
    let mut touched = Vec::new();
    for (from, to) in renames {
        // In a burst, an earlier edit may not be on disk yet (a profile added, then
        // renamed), or a later one not gone (a profile deleted, its name taken): the files
        // written below are right either way.
        if !root.join(from).exists() || root.join(to).exists() {
            continue;
        }
        std::fs::create_dir_all(root.join(to).parent().unwrap()).unwrap();
        std::fs::rename(root.join(from), root.join(to))
            .unwrap_or_else(|e| panic!("renaming {from:?} to {to:?}: {e}"));
        remove_empty_folders(root, from);
        touched.push(to.clone());
    }
    for gone in written.iter().filter(|p| !files.contains_key(*p)) {
        match std::fs::remove_file(root.join(gone)) {
            Ok(()) => touched.push(gone.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("removing {gone:?}: {e}"),
        }
        remove_empty_folders(root, gone);
    }
    for (path, bytes) in files {
        let full = root.join(path);
        if std::fs::read(&full).ok().as_ref() == Some(bytes) {
            continue;
        }
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        if by_rename {
            let name = full.file_name().unwrap().to_string_lossy();
            let temporary = full.with_file_name(format!(".{name}.tmp"));
            std::fs::write(&temporary, bytes).unwrap();
            std::fs::rename(&temporary, &full).unwrap();
        } else {
            std::fs::write(&full, bytes).unwrap();
        }
        touched.push(path.clone());
    }
    *written = files.keys().cloned().collect();
    touched
}

/// Removes the folders above `path` that it left empty, up to the ones a site keeps.
fn remove_empty_folders(root: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(dir) = folder {
        if KEPT.iter().any(|k| Path::new(k) == dir) || std::fs::remove_dir(root.join(dir)).is_err()
        {
            break;
        }
        folder = dir.parent();
    }
}

// Random edits reach a template's anchor only on some seeds: a built-in template that no
// longer holds one must fail every run, not one seed in five.
#[test]
fn every_template_the_random_edits_change_still_holds_its_anchor() {
    for (name, _, _) in TEMPLATES {
        let marker = "anchor-check-7f3a";
        assert!(template(name, marker).contains(marker), "{name}");
    }
}
