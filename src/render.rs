//! Markdown and templates: every page of the site rendered in memory, in parallel.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use tera::{Context, Tera, Value};

use crate::content::{Link, Person, Role};
use crate::dates::{self, Date};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::{self, Markdown};
use crate::site::{AbstractSource, Site, SitePerson, Talk};
use crate::theme;
use crate::walk::Confine;

/// A file of the site: its path under the output folder and its bytes.
pub type OutputFile = (PathBuf, Vec<u8>);

/// The site in memory: pages to write and files to copy.
#[derive(Debug, Default)]
pub struct Rendered {
    /// (path under the output folder, bytes), sorted by path.
    pub files: Vec<OutputFile>,
    /// (source file, path under the output folder).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub counts: PageCounts,
    /// The path of base_url (`/` or `/repo/`), where the files are published.
    pub root: String,
    /// What each HTML page was made from, for reporting its broken links (unsorted).
    pub origins: Vec<(PathBuf, Origin)>,
    /// What the next build needs to render only what changed, when asked to remember.
    pub memo: Option<Memo>,
    /// How long each part of rendering took.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// What the dev server remembers of its last good build, so that the next one renders
/// only the pages whose context changed: a page is a function of its template and its
/// context, so an unchanged fingerprint of both means unchanged bytes.
#[derive(Default)]
pub struct Memo {
    /// The fingerprint of the templates and the global context (`site`).
    theme: u64,
    /// Per person (by slug): the fingerprint of their profile, and its parts other pages show.
    people: HashMap<String, (u64, Prepared)>,
    /// Per output path: the fingerprint of the context its page was rendered with.
    pages: HashMap<PathBuf, u64>,
    /// The fingerprint of what the feed was made from.
    feed: Option<u64>,
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memo")
            .field("people", &self.people.len())
            .field("pages", &self.pages.len())
            .finish()
    }
}

/// A value several pages show (a person's card), made once, with the fingerprint that
/// stands for it in theirs.
#[derive(Clone)]
struct Shared {
    value: Value,
    /// None when it could not be fingerprinted, or the build does not remember.
    print: Option<u64>,
}

impl Shared {
    fn new<T: Serialize + ?Sized>(value: &T, remember: bool) -> Shared {
        Shared {
            value: Value::from_serializable(value),
            print: if remember { fingerprint(value) } else { None },
        }
    }
}

thread_local! {
    /// Set while [`fingerprint`] serializes: a [`Shared`] value is then written as its
    /// fingerprint, so a page listing 10,000 people hashes 10,000 numbers.
    static PRINTING: Cell<bool> = const { Cell::new(false) };
}

/// Serializes as `print` while [`fingerprint`] runs, else as what `value` makes.
fn serialize_printed<S: Serializer, T: Serialize>(
    print: Option<u64>,
    serializer: S,
    value: impl FnOnce() -> T,
) -> Result<S::Ok, S::Error> {
    if PRINTING.get() {
        match print {
            Some(print) => serializer.serialize_u64(print),
            // Makes the page's fingerprint fail, so that it is rendered.
            None => Err(serde::ser::Error::custom("no fingerprint")),
        }
    } else {
        value().serialize(serializer)
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_printed(self.print, serializer, || &self.value)
    }
}

/// What a role shows on its employer's page that takes work to make (its highlights),
/// and the fingerprint of the whole role. The rest is taken from the site when that
/// page is made, so 10,000 profiles' roles are not all held as template values.
struct RolePart {
    highlights_html: Option<String>,
    print: Option<u64>,
}

/// A role on its employer's page: made into a view only when the page is rendered.
struct RoleRef<'r> {
    site: &'r Site,
    person: usize,
    role: usize,
    part: &'r RolePart,
}

impl Serialize for RoleRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_printed(self.part.print, serializer, || {
            let sp = &self.site.people[self.person];
            role_view(
                self.site,
                sp,
                self.role,
                self.part.highlights_html.as_deref(),
            )
        })
    }
}

/// Feeds what is serialized into a hash.
struct Hashing(foldhash::quality::FoldHasher<'static>);

impl Hashing {
    fn new() -> Hashing {
        Hashing(foldhash::quality::FixedState::with_seed(0x0066_6f6c_696f).build_hasher())
    }

    /// Adds what `value` serializes to (as JSON), each [`Shared`] part as its fingerprint.
    /// False if it cannot be serialized; then nothing can be compared.
    fn add<T: Serialize + ?Sized>(&mut self, value: &T) -> bool {
        PRINTING.set(true);
        let done = serde_json::to_writer(&mut *self, value).is_ok();
        PRINTING.set(false);
        self.0.write_u8(0xff);
        done
    }
}

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of what `value` serializes to; see [`Hashing::add`].
fn fingerprint<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    let mut hashing = Hashing::new();
    hashing.add(value).then(|| hashing.0.finish())
}

/// Fingerprints of what people's pages show of each employer, skill and talk, made once
/// per build so that [`person_inputs`] hashes numbers, not the same names over and over.
struct EntityPrints {
    employers: Vec<u64>,
    skills: Vec<u64>,
    talks: Vec<u64>,
}

impl EntityPrints {
    fn new(site: &Site) -> EntityPrints {
        use std::hash::Hash;
        let print = |value: &dyn Fn(&mut foldhash::quality::FoldHasher<'static>)| {
            let mut h = Hashing::new().0;
            value(&mut h);
            h.finish()
        };
        let employer = |e: &crate::site::Employer| {
            print(&|h| {
                (&e.name, &e.slug, &e.url).hash(h);
                e.file.as_ref().map(|f| f.source.print()).hash(h);
            })
        };
        let skill = |s: &crate::site::Skill| print(&|h| (&s.name, &s.slug, &s.url).hash(h));
        let talk = |t: &Talk| {
            print(&|h| {
                (&t.slug, &t.url, &t.title, &t.event, t.date, &t.location).hash(h);
                for link in [&t.link, &t.slides, &t.video] {
                    link.as_ref().map(|l| &l.0).hash(h);
                }
                t.file.as_ref().map(|f| f.source.print()).hash(h);
                let abstract_text = match t.abstract_from {
                    Some(AbstractSource::Person(p, entry)) => site.people[p].person.front.talks
                        [entry]
                        .abstract_
                        .as_deref(),
                    _ => None,
                };
                abstract_text.hash(h);
                for speaker in &t.speakers {
                    speaker.name.hash(h);
                    if let Some(p) = speaker.person {
                        (&site.people[p].person.front.name, &site.people[p].url).hash(h);
                    }
                }
            })
        };
        EntityPrints {
            employers: site.employers.par_iter().map(employer).collect(),
            skills: site.skills.iter().map(skill).collect(),
            talks: site.talks.par_iter().map(talk).collect(),
        }
    }
}

/// A fingerprint of everything a person's own files (their page, card and roles, JSON
/// Resume and vCard) are made from: their file, where the site puts them, what they show
/// of other files (employers, talks and co-speakers, skills), and `settings` (site.toml
/// and the internal links). Computed for every person on every rebuild, so it hashes
/// data as it is, without building anything.
fn person_inputs(sp: &SitePerson, entities: &EntityPrints, settings: (u64, u64)) -> u64 {
    let mut h = Hashing::new().0;
    let (config, links) = settings;
    h.write_u64(config);
    h.write_u64(sp.person.source.print());
    if sp.person.links_inside {
        h.write_u64(links);
    }
    std::hash::Hash::hash(&(&sp.person.source.path, &sp.slug, &sp.url), &mut h);
    let mut ids = |prints: &[u64], ids: &[usize]| {
        h.write_usize(ids.len());
        ids.iter().for_each(|&id| h.write_u64(prints[id]));
    };
    ids(&entities.employers, &sp.role_employers);
    ids(&entities.skills, &sp.all_skills);
    for technologies in sp
        .role_technologies
        .iter()
        .chain(sp.skill_groups.iter().map(|(_, ids)| ids))
    {
        ids(&entities.skills, technologies);
    }
    ids(&entities.talks, &sp.talk_ids);
    h.finish()
}

/// The fingerprints [`person_inputs`] starts from: site.toml, and the internal links.
fn settings_print(site: &Site) -> (u64, u64) {
    let hash = |text: String| {
        let mut h = Hashing::new().0;
        h.write(text.as_bytes());
        h.finish()
    };
    let mut links: Vec<(&String, &String)> = site.internal_links.iter().collect();
    links.sort_unstable();
    let mut h = Hashing::new().0;
    std::hash::Hash::hash(&links, &mut h);
    (
        hash(format!("{:?}|{}", site.config, site.root())),
        h.finish(),
    )
}

/// Views waiting to be made into template values, by key.
type Views<'v> = Vec<(&'static str, Box<dyn FnOnce() -> Value + 'v>)>;

/// A page's template context, and its fingerprint when the build remembers.
/// Large views are turned into template values only if the page is rendered.
struct PageContext<'v> {
    cx: Context,
    views: Views<'v>,
    print: Option<Hashing>,
    /// False once something could not be fingerprinted: the page is always rendered.
    comparable: bool,
}

impl<'v> PageContext<'v> {
    fn new(remember: bool) -> PageContext<'v> {
        PageContext {
            cx: Context::new(),
            views: Vec::new(),
            print: remember.then(Hashing::new),
            comparable: remember,
        }
    }

    fn add_print<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(hashing) = &mut self.print {
            hashing.0.write(key.as_bytes());
            self.comparable &= hashing.add(value);
        }
    }

    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.add_print(key, value);
        self.cx.insert(key, value);
    }

    /// Inserts a view, made into a template value only when the page is rendered.
    fn insert_view<T: Serialize + 'v>(&mut self, key: &'static str, view: T) {
        self.add_print(key, &view);
        self.views
            .push((key, Box::new(move || Value::from_serializable(&view))));
    }

    /// The fingerprint of the template and everything inserted (none when not
    /// remembering), and the context.
    fn finish(self, theme: u64, template: &str) -> (Option<u64>, LazyContext<'v>) {
        let print = self.print.filter(|_| self.comparable).map(|mut h| {
            h.0.write_u64(theme);
            h.0.write(template.as_bytes());
            h.0.finish()
        });
        (print, LazyContext(self.cx, self.views))
    }
}

/// A context whose views are not made yet.
struct LazyContext<'v>(Context, Views<'v>);

impl LazyContext<'_> {
    fn make(self) -> Context {
        let LazyContext(mut cx, views) = self;
        for (key, view) in views {
            cx.insert_value(key, view());
        }
        cx
    }
}

/// The template a page was rendered with, and the content file it shows, if one.
#[derive(Debug, Clone)]
pub struct Origin {
    pub template: String,
    pub source: Option<SourceFile>,
}

impl Origin {
    /// The file the page is blamed on: the content file it shows, else its template.
    pub fn maker(&self) -> PathBuf {
        match &self.source {
            Some(source) => source.path.clone(),
            None => PathBuf::from("templates").join(&self.template),
        }
    }
}

/// How many HTML pages of each kind a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageCounts {
    pub people: usize,
    pub employers: usize,
    pub talks: usize,
    pub skills: usize,
    pub pages: usize,
    /// Home, the three indexes and 404.
    pub other: usize,
}

impl PageCounts {
    pub fn total(&self) -> usize {
        self.people + self.employers + self.talks + self.skills + self.pages + self.other
    }
}

impl fmt::Display for PageCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} ({}, {}, {}, {}, {}, {})",
            plural(self.total(), "page", "pages"),
            plural(self.people, "person", "people"),
            plural(self.employers, "employer", "employers"),
            plural(self.talks, "talk", "talks"),
            plural(self.skills, "skill", "skills"),
            plural(self.pages, "free page", "free pages"),
            plural(self.other, "index", "indexes")
        )
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Person(usize),
    Employers,
    Employer(usize),
    Talks,
    Talk(usize),
    Skills,
    Skill(usize),
    Page(usize),
    NotFound,
}

/// Loads the templates: the built-in theme, then the site's own `templates/` over it by name.
/// Returns them with a fingerprint of their sources.
pub fn load_templates(root: &Path, confine: &Confine) -> Result<(Tera, u64), Vec<Diagnostic>> {
    let sources = template_sources(root, confine)?;
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str())),
    )
    .map_err(|e| vec![template_error(&e, &sources, None)])?;
    let mut print = Hashing::new();
    for (name, (_, text)) in &sources {
        print.0.write(name.as_bytes());
        print.0.write_u8(0xff);
        print.0.write(text.as_bytes());
        print.0.write_u8(0xff);
    }
    Ok((tera, print.0.finish()))
}

/// Every template by name, with the path problems in it are reported under (the site's
/// file, or `(built-in) name`) and its text: the built-in theme, the site's `templates/`
/// over it.
fn template_sources(
    root: &Path,
    confine: &Confine,
) -> Result<BTreeMap<String, (PathBuf, String)>, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = theme::TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                (theme::built_in_path(name), text.to_string()),
            )
        })
        .collect();
    let dir = root.join("templates");
    // Hidden files and editors' backups are not templates.
    let (found, mut problems) = confine.files(&dir, |name| {
        let name = name.to_string_lossy();
        name.starts_with('.') || name.ends_with('~')
    });
    for file in found {
        let name = file
            .path
            .strip_prefix(&dir)
            .unwrap_or(&file.path)
            .to_string_lossy()
            .replace('\\', "/");
        let rel = crate::content::relative(root, &file.path);
        match std::fs::read_to_string(&file.path) {
            Ok(text) => {
                sources.insert(name, (rel, text));
            }
            Err(e) => problems.push(Diagnostic::file(&rel, format!("cannot read template: {e}"))),
        }
    }
    match problems.is_empty() {
        true => Ok(sources),
        false => Err(problems),
    }
}

/// A template error at its line and column in the template it is in (the site's file, or a
/// built-in template named as such), when Tera says where; `rendering` names the page
/// being rendered.
fn template_error(
    error: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
) -> Diagnostic {
    let said = |message: &str| match rendering {
        Some(url) => format!("cannot render {url}: {message}"),
        None => format!("template error: {message}"),
    };
    let help = match rendering {
        Some(_) => {
            "check the template against the variables listed in the README's template reference"
        }
        None => "templates use Tera 2 syntax: https://keats.github.io/tera/",
    };
    // The report Tera located, wherever it is in the chain of causes.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(tera) = e.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera.kind()
            && let Some((path, text)) = sources.get(report.filename())
        {
            let source = SourceFile::new(path.clone(), text.as_str());
            return Diagnostic::at(&source, report.span().range.clone(), said(report.message()))
                .help(help);
        }
        cause = e.source();
    }
    let message = error_chain(error);
    // Tera points at the file as ` --> name:line:column`.
    let pointed = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .map(str::trim);
    let name = pointed
        .and_then(|p| sources.keys().find(|name| name.as_str() == p))
        .or_else(|| sources.keys().find(|name| message.contains(name.as_str())));
    let path = name
        .and_then(|n| sources.get(n))
        .map_or(PathBuf::from("templates"), |(p, _)| p.clone());
    Diagnostic::file(&path, said(&message)).help(help)
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// Where rendered files go as they are made: memory (check, serve) or the
/// output's staging folder (build), so a large site is never held whole.
pub trait Sink: Sync {
    /// Takes the file at `path`, made from `from`: the file a clash with another is
    /// reported in (a content file, a template, a static file, or folio's own).
    fn put(&self, path: PathBuf, bytes: Vec<u8>, from: &Path) -> Result<(), crate::Error>;

    /// Keeps the file the previous build wrote at `path` as it is, instead of being
    /// handed it again. False when there is none to keep: then it must be put.
    fn keep(&self, _path: &Path, _from: &Path) -> Result<bool, crate::Error> {
        Ok(false)
    }
}

/// The paths of a site being made, each with what it is made from. The second file at a
/// path, or a file where another needs a folder, is refused as it comes, naming both:
/// `folio check` finds what `folio build` would fail on (`static/people` as a file, a
/// profile's `index.html` beside its page).
#[derive(Default)]
pub struct Claims(Mutex<Taken>);

#[derive(Default)]
struct Taken {
    files: HashMap<PathBuf, PathBuf>,
    /// Every folder that holds a file: of its files, the first by maker then path (files
    /// come in any order from many threads; a report must not), and that file's maker.
    folders: HashMap<PathBuf, (PathBuf, PathBuf)>,
}

impl Claims {
    /// Takes `path` for a file made from `from`, or says what already has it.
    pub fn claim(&self, path: &Path, from: &Path) -> Result<(), crate::Error> {
        let mut taken = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let folders = || {
            path.ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
        };
        let clash = match (taken.files.get(path), taken.folders.get(path)) {
            (Some(first), _) => Some((
                first.clone(),
                format!("two files would be written to {}", path.display()),
            )),
            (None, Some((first, inside))) => Some((
                first.clone(),
                format!(
                    "{} would be a file and also the folder of {}",
                    path.display(),
                    inside.display()
                ),
            )),
            (None, None) => folders().find_map(|folder| {
                taken.files.get(folder).map(|first| {
                    let message = format!(
                        "{} would be a file and also the folder of {}",
                        folder.display(),
                        path.display()
                    );
                    (first.clone(), message)
                })
            }),
        };
        if let Some((first, message)) = clash {
            return Err(clash_error(&first, from, &message));
        }
        taken.files.insert(path.to_path_buf(), from.to_path_buf());
        for folder in folders() {
            let entry = (from.to_path_buf(), path.to_path_buf());
            match taken.folders.get_mut(folder) {
                Some(first) if *first <= entry => {}
                Some(first) => *first = entry,
                None => {
                    taken.folders.insert(folder.to_path_buf(), entry);
                }
            }
        }
        Ok(())
    }
}

/// Two makers of one output path, reported in the one a contributor is likeliest to have
/// just changed: a content file, then a static file, then a template, then folio's own.
fn clash_error(first: &Path, second: &Path, message: &str) -> crate::Error {
    let rank = |p: &Path| {
        ["content", "static", "templates"]
            .iter()
            .position(|top| p.starts_with(top))
            .unwrap_or(3)
    };
    let mut both = [first, second];
    both.sort_by_key(|p| (rank(p), p.to_path_buf()));
    let [blamed, other] = both;
    crate::Error::Content(vec![
        Diagnostic::file(
            blamed,
            format!(
                "{message}: it is made from {} and from {}",
                blamed.display(),
                other.display()
            ),
        )
        .help("rename or move one of them: each page and file of the site needs an address of its own"),
    ])
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
    claims: Claims,
}

impl Sink for Memory {
    fn put(&self, path: PathBuf, bytes: Vec<u8>, from: &Path) -> Result<(), crate::Error> {
        self.claims.claim(&path, from)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, bytes));
        Ok(())
    }
}

impl Memory {
    /// Claims the paths of the files `rendered` copies, as a build does when it copies them.
    pub fn claim_copies(
        &self,
        copies: &[(PathBuf, PathBuf)],
        root: &Path,
    ) -> Result<(), crate::Error> {
        copies.iter().try_for_each(|(source, rel)| {
            self.claims
                .claim(rel, source.strip_prefix(root).unwrap_or(source))
        })
    }

    /// `rendered` with the files this sink collected, sorted by path.
    pub fn into_rendered(self, mut rendered: Rendered) -> Rendered {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        rendered.files = files;
        rendered
    }
}

/// Renders every page of the site, handing each file to `sink` as it is made.
/// The returned [`Rendered`] lists the files to copy and what each page came from.
/// `remembered` is a markdown renderer kept across rebuilds (the dev server's);
/// a fresh one is made when there is none or its settings differ.
/// With a `memo` (the dev server's, from the last good build), pages whose context did
/// not change are kept as they are in the output; the returned [`Rendered`] then holds
/// the memo for the next build.
pub fn render_into(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    remembered: Option<&Markdown>,
    memo: Option<&Memo>,
) -> Result<Rendered, crate::Error> {
    let mut clock = std::time::Instant::now();
    let mut stages = Vec::new();
    let mut lap = |name: &'static str| {
        stages.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let confine = Confine::new(root, site.config.security.allow_outside_links);
    let (mut tera, templates_print) = load_templates(root, &confine)?;
    // The built-in range(), counting the values it makes against each page's budget.
    tera.register_function("range", crate::budget::range);
    let site_view = SiteView::new(site);
    tera.global_context().insert("site", &site_view);
    let remember = memo.is_some();
    let theme = match remember {
        true => fingerprint(&site_view).map(|view| view ^ templates_print.rotate_left(1)),
        false => None,
    };
    // Pages are compared with the last build's only under the same theme.
    let last_pages = memo.filter(|m| Some(m.theme) == theme).map(|m| &m.pages);
    let allow_html = site.config.markdown.allow_html;
    let fresh;
    let markdown = match remembered.filter(|m| m.allow_html() == allow_html) {
        Some(m) => {
            m.next_generation();
            m
        }
        None => {
            fresh = Markdown::new(allow_html);
            &fresh
        }
    };
    let settings = match remember {
        true => settings_print(site),
        false => (0, 0),
    };
    let renderer = Renderer {
        site,
        tera: &tera,
        markdown,
        memo,
        last_pages,
        theme: theme.unwrap_or(0),
        sink,
        prints: Mutex::new(HashMap::default()),
        settings,
        inputs: match remember {
            true => {
                let entities = EntityPrints::new(site);
                site.people
                    .par_iter()
                    .map(|p| person_inputs(p, &entities, settings))
                    .collect()
            }
            false => Vec::new(),
        },
    };

    // Each person's own page is rendered as soon as their profile is prepared,
    // so the whole profile is never kept for every person at once.
    lap("- templates");
    let prepared: Vec<Result<(Prepared, PathBuf, Origin), crate::Error>> = site
        .people
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (prepared, profile) = renderer.prepare_person(i, p, false)?;
            let (path, origin) = renderer.page(Job::Person(i), &[], Some(&profile))?;
            Ok((prepared, path, origin))
        })
        .collect();
    let mut problems = Vec::new();
    let mut people = Vec::with_capacity(prepared.len());
    let mut person_pages = Vec::with_capacity(prepared.len());
    for result in prepared {
        match result {
            Ok((p, path, origin)) => {
                people.push(p);
                person_pages.push((path, origin));
            }
            Err(error) => gather(error, &mut problems)?,
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Content(problems));
    }

    lap("- people");
    let mut jobs = vec![
        Job::Home,
        Job::Employers,
        Job::Talks,
        Job::Skills,
        Job::NotFound,
    ];
    jobs.extend((0..site.employers.len()).map(Job::Employer));
    jobs.extend((0..site.talks.len()).map(Job::Talk));
    jobs.extend((0..site.skills.len()).map(Job::Skill));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    let pages: Vec<Result<(PathBuf, Origin), crate::Error>> = jobs
        .par_iter()
        .map(|&job| renderer.page(job, &people, None))
        .collect();

    lap("- pages");
    let mut rendered = Rendered {
        root: site.root().to_string(),
        ..Rendered::default()
    };
    rendered.origins.extend(person_pages);
    for page in pages {
        match page {
            Ok((path, origin)) => rendered.origins.push((path, origin)),
            Err(error) => gather(error, &mut problems)?,
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Content(problems));
    }
    let css = markdown::syntax_css(
        &site.config.markdown.highlight_theme,
        &site.config.markdown.highlight_theme_dark,
    )
    .map_err(|m| vec![Diagnostic::file(Path::new("site.toml"), m)])?;
    sink.put(
        "syntax.css".into(),
        css.into_bytes(),
        Path::new("site.toml"),
    )?;
    rendered.counts = PageCounts {
        people: site.people.len(),
        employers: site.employers.len(),
        talks: site.talks.len(),
        skills: site.skills.len(),
        pages: site.pages.len(),
        other: 5,
    };
    let extra = &site.config.security.allow_content_files;
    for person in &site.people {
        let folder = page_path(site, &person.url);
        for (source, name) in &person.assets {
            let shown = source.strip_prefix(root).unwrap_or(source);
            if crate::inert::sanitizes(source, extra) {
                let clean = crate::fs::read(source)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| crate::inert::sanitized_svg(&bytes))
                    .map_err(|why| vec![Diagnostic::file(shown, why)])?;
                sink.put(folder.join(name), clean, shown)?;
            } else {
                rendered.copies.push((source.clone(), folder.join(name)));
            }
        }
    }
    let person = |i: usize| {
        let last = memo.and_then(|m| m.people.get(&site.people[i].slug));
        matches!((last, renderer.inputs.get(i)), (Some((last, _)), Some(now)) if last == now)
    };
    let feed = remember.then(|| crate::publish::feed_inputs(site, settings.0));
    let unchanged = crate::publish::Unchanged {
        person: &person,
        feed: feed.is_some() && feed == memo.and_then(|m| m.feed),
    };
    crate::publish::files(site, sink, &unchanged)?;
    lap("- publish");
    for (path, bytes) in static_files(root, &confine, &mut rendered)? {
        let from = Path::new("(built-in)").join(&path);
        sink.put(path, bytes, &from)?;
    }
    rendered.copies.sort_by(|a, b| a.1.cmp(&b.1));
    lap("- static");
    rendered.stages = stages;
    if let Some(theme) = theme {
        rendered.memo = Some(Memo {
            theme,
            people: site
                .people
                .iter()
                .zip(people)
                .filter_map(|(p, prepared)| Some((p.slug.clone(), (prepared.print?, prepared))))
                .collect(),
            pages: renderer
                .prints
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            feed,
        });
    }
    Ok(rendered)
}

/// Adds a page's problems to the others; an error that is not in the site's files (the
/// output could not be written) ends the rendering.
fn gather(error: crate::Error, problems: &mut Vec<Diagnostic>) -> Result<(), crate::Error> {
    match error {
        crate::Error::Content(found) => {
            problems.extend(found);
            Ok(())
        }
        other => Err(other),
    }
}

/// The site's `static/` files to copy, and the built-in ones it does not replace. The walk
/// stays inside the site, as every walk does; a folder it cannot read is an error, not a
/// part of the site silently left out.
fn static_files(
    root: &Path,
    confine: &Confine,
    rendered: &mut Rendered,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let dir = root.join("static");
    let (found, problems) = confine.files(&dir, |_| false);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut own = std::collections::HashSet::new();
    for file in found {
        let rel = file
            .path
            .strip_prefix(&dir)
            .unwrap_or(&file.path)
            .to_path_buf();
        own.insert(rel.clone());
        rendered.copies.push((file.path, rel));
    }
    Ok(theme::STATIC
        .iter()
        .filter(|(name, _)| !own.contains(Path::new(name)))
        .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
        .collect())
}

/// Where a page with this URL is written, under the output folder.
fn page_path(site: &Site, url: &str) -> PathBuf {
    PathBuf::from(url.strip_prefix(site.root()).unwrap_or(url))
}

/// Ids the built-in templates give to page parts (the person page's sections,
/// the skip link's target), which headings inside markdown must not take.
const RESERVED_IDS: &[&str] = &[
    "main",
    "about",
    "experience",
    "talks",
    "education",
    "projects",
    "writing",
    "skills",
    "languages",
    "people",
    "people-heading",
    "abstract-heading",
];

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    markdown: &'a Markdown,
    /// The last good build's memo, when remembering.
    memo: Option<&'a Memo>,
    /// The fingerprints of its pages, when they can be compared (the same theme).
    last_pages: Option<&'a HashMap<PathBuf, u64>>,
    theme: u64,
    sink: &'a dyn Sink,
    /// The fingerprint of every page of this build, when remembering.
    prints: Mutex<HashMap<PathBuf, u64>>,
    /// Per person, [`person_inputs`], when remembering.
    inputs: Vec<u64>,
    /// [`settings_print`], when remembering.
    settings: (u64, u64),
}

/// A person's parts that other pages reuse, rendered once.
#[derive(Clone)]
struct Prepared {
    card: Shared,
    /// One per role, in the profile's order.
    roles: Arc<[RolePart]>,
    /// The fingerprint of the whole profile, when remembering.
    print: Option<u64>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    root: &'a str,
    language: &'a str,
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

impl<'a> SiteView<'a> {
    fn new(site: &'a Site) -> Self {
        let root = site.root();
        let mut nav = vec![
            NavItem {
                title: "People".into(),
                url: root.to_string(),
            },
            NavItem {
                title: "Employers".into(),
                url: format!("{root}employers/"),
            },
            NavItem {
                title: "Talks".into(),
                url: format!("{root}talks/"),
            },
            NavItem {
                title: "Skills".into(),
                url: format!("{root}skills/"),
            },
        ];
        nav.extend(
            site.pages
                .iter()
                .filter(|p| p.page.front.menu)
                .map(|p| NavItem {
                    title: p.page.front.title.clone(),
                    url: p.url.clone(),
                }),
        );
        SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            base_url: &site.config.base_url,
            root,
            language: &site.config.language,
            nav,
        }
    }
}

#[derive(Serialize)]
struct Card<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    headline: Option<&'a str>,
    location: Option<&'a str>,
    summary: String,
    avatar_url: Option<String>,
    initials: String,
    current_role: Option<CurrentRole<'a>>,
    top_skills: Vec<SkillRef<'a>>,
}

#[derive(Serialize)]
struct CurrentRole<'a> {
    title: Option<&'a str>,
    employer: &'a str,
    employer_url: &'a str,
}

#[derive(Serialize, Clone, Copy)]
struct SkillRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct RoleView<'a> {
    title: Option<&'a str>,
    employer: &'a str,
    employer_url: &'a str,
    start: String,
    end: Option<String>,
    dates: String,
    location: Option<&'a str>,
    team: Option<&'a str>,
    technologies: Vec<SkillRef<'a>>,
    highlights_html: Option<&'a str>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    #[serde(flatten)]
    card: &'a Card<'a>,
    bio_html: String,
    links: Vec<LinkView>,
    spoken_languages: Vec<LanguageView<'a>>,
    skill_groups: Vec<SkillGroup<'a>>,
    skills: Vec<SkillRef<'a>>,
    experience: Vec<ExperienceGroup<'a>>,
    talks: Vec<TalkSummary<'a>>,
    education: Vec<EducationView<'a>>,
    projects: Vec<ProjectView<'a>>,
    writing: Vec<WritingView<'a>>,
    resume_url: String,
    vcard_url: String,
}

#[derive(Serialize)]
struct LinkView {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    name: &'a str,
    level: Option<&'a str>,
}

#[derive(Serialize)]
struct SkillGroup<'a> {
    /// The group's key made readable: `cloud_platforms` -> "cloud platforms".
    name: Option<String>,
    skills: Vec<SkillRef<'a>>,
}

#[derive(Serialize)]
struct ExperienceGroup<'a> {
    employer: &'a str,
    employer_url: &'a str,
    roles: Vec<&'a RoleView<'a>>,
}

#[derive(Serialize)]
struct TalkSummary<'a> {
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    event: &'a str,
    date: String,
    year: u16,
    location: Option<&'a str>,
    speakers: Vec<SpeakerView<'a>>,
}

#[derive(Serialize)]
struct SpeakerView<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EducationView<'a> {
    institution: &'a str,
    degree: Option<&'a str>,
    field: Option<&'a str>,
    dates: Option<String>,
    location: Option<&'a str>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct ProjectView<'a> {
    name: &'a str,
    url: Option<String>,
    role: Option<&'a str>,
    dates: Option<String>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct WritingView<'a> {
    title: &'a str,
    url: Option<String>,
    date: Option<String>,
    publisher: Option<&'a str>,
    description_html: Option<String>,
}

#[derive(Serialize)]
struct EmployerSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    people_count: usize,
    role_count: usize,
    website: Option<&'a str>,
}

#[derive(Serialize)]
struct EmployerView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    website: Option<&'a str>,
    aliases: &'a [String],
    logo_url: Option<String>,
    description_html: Option<String>,
    people: Vec<Member<'a>>,
}

#[derive(Serialize)]
struct Member<'a> {
    person: Shared,
    roles: Vec<RoleRef<'a>>,
}

#[derive(Serialize)]
struct TalkView<'a> {
    #[serde(flatten)]
    summary: TalkSummary<'a>,
    abstract_html: Option<String>,
    body_html: Option<String>,
    link: Option<&'a str>,
    slides: Option<&'a str>,
    video: Option<&'a str>,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: u16,
    talks: Vec<TalkSummary<'a>>,
}

#[derive(Serialize)]
struct SkillSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct SkillView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    people: Vec<Shared>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    slug: &'a str,
    url: &'a str,
    content_html: String,
    description: Option<&'a str>,
}

fn skill_ref(site: &Site, id: usize) -> SkillRef<'_> {
    let skill = &site.skills[id];
    SkillRef {
        name: &skill.name,
        slug: &skill.slug,
        url: &skill.url,
    }
}

/// Role `i` of a person, with its highlights already rendered.
fn role_view<'v>(
    site: &'v Site,
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
        start: role.start.to_string(),
        end: role.end.map(|d| d.to_string()),
        dates: dates::range(Some(&role.start), role.end.as_ref()),
        location: role.location.as_deref(),
        team: role.team.as_deref(),
        technologies: sp.role_technologies[i]
            .iter()
            .map(|&s| skill_ref(site, s))
            .collect(),
        highlights_html,
    }
}

/// "Guido Iaquinti" -> "GI"; one name -> its first letter.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => String::new(),
        [one] => first(one),
        [a, .., b] => first(a) + &first(b),
    }
}

/// Newest first: current roles, then by end, then by start.
fn role_order(role: &Role) -> std::cmp::Reverse<(bool, Date, Date)> {
    std::cmp::Reverse((
        role.end.is_none(),
        role.end.unwrap_or(role.start),
        role.start,
    ))
}

/// A link label from its key: "github" -> "GitHub", "personal_site" -> "Personal site".
pub(crate) fn link_label(key: &str) -> String {
    match key.to_lowercase().as_str() {
        "github" => "GitHub".into(),
        "gitlab" => "GitLab".into(),
        "linkedin" => "LinkedIn".into(),
        "twitter" => "Twitter".into(),
        "x" => "X".into(),
        "cv" => "CV".into(),
        "email" => "Email".into(),
        "stackoverflow" => "Stack Overflow".into(),
        "youtube" => "YouTube".into(),
        "mastodon" => "Mastodon".into(),
        _ => {
            let spaced = key.replace(['_', '-'], " ");
            let mut chars = spaced.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

impl<'a> Renderer<'a> {
    /// Renders a markdown field, turning bad links into located diagnostics.
    /// `offset` is where `text` starts in the file when it is a verbatim slice
    /// (a body); for front matter fields the link is looked up in the file.
    fn markdown(
        &self,
        text: &str,
        source: &SourceFile,
        offset: Option<usize>,
        top_heading: u8,
    ) -> Result<String, Vec<Diagnostic>> {
        let cx = markdown::Context {
            internal_links: &self.site.internal_links,
            top_heading,
            reserved_ids: RESERVED_IDS,
        };
        self.markdown.render(text, &cx).map_err(|bad| {
            bad.into_iter()
                .map(|link| {
                    if link.target.is_empty() {
                        // Too large to render: shown where the text starts.
                        let first = text.lines().next().unwrap_or("").trim();
                        let start = offset
                            .or_else(|| source.text.find(first))
                            .unwrap_or(0);
                        return Diagnostic::at(source, start..start + first.len(), link.reason)
                            .help("make the text smaller, or put the data in a file beside the profile (a PDF or a CSV) and link it");
                    }
                    let start = match offset {
                        Some(o) => o + link.range.start,
                        None => source.text.find(&link.target).unwrap_or(0),
                    };
                    let end = match offset {
                        Some(o) => o + link.range.end,
                        None => start + link.target.len(),
                    };
                    let help = if link.target.starts_with("@/") {
                        "internal links name a file under content/, e.g. @/people/ada-lovelace.md"
                    } else {
                        "links may use http, https or mailto, or be relative"
                    };
                    Diagnostic::at(source, start..end, link.reason).help(help)
                })
                .collect()
        })
    }

    fn field(
        &self,
        text: &Option<String>,
        source: &SourceFile,
    ) -> Result<Option<String>, Vec<Diagnostic>> {
        match text.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => self.markdown(t, source, None, 4).map(Some),
            _ => Ok(None),
        }
    }

    fn skill_ref(&self, id: usize) -> SkillRef<'a> {
        skill_ref(self.site, id)
    }

    /// A relative URL from a profile, made to point beside the person's page.
    fn person_link(&self, person: &SitePerson, link: &Link) -> String {
        link.beside(&person.url)
    }

    fn talk_summary(&self, talk: &'a Talk) -> TalkSummary<'a> {
        TalkSummary {
            title: &talk.title,
            slug: &talk.slug,
            url: &talk.url,
            event: &talk.event,
            date: talk.date.display(),
            year: talk.date.year,
            location: talk.location.as_deref(),
            speakers: talk
                .speakers
                .iter()
                .map(|s| match s.person {
                    Some(p) => SpeakerView {
                        name: &self.site.people[p].person.front.name,
                        url: Some(&self.site.people[p].url),
                    },
                    None => SpeakerView {
                        name: &s.name,
                        url: None,
                    },
                })
                .collect(),
        }
    }

    /// A person's card and roles for other pages, and the whole profile for their own page.
    /// When remembering, a profile unchanged since the last build reuses that build's card
    /// and roles, and its whole value is made only if `whole` asks for it.
    fn prepare_person(
        &self,
        index: usize,
        sp: &'a SitePerson,
        whole: bool,
    ) -> Result<(Prepared, Shared), Vec<Diagnostic>> {
        let site = self.site;
        let print = self.inputs.get(index).copied();
        let last = self
            .memo
            .and_then(|m| m.people.get(&sp.slug))
            .filter(|(last, _)| Some(*last) == print);
        if let Some((_, prepared)) = last
            && !whole
        {
            let profile = Shared {
                value: Value::none(),
                print,
            };
            return Ok((prepared.clone(), profile));
        }
        let person: &Person = &sp.person;
        let front = &person.front;
        let source = &person.source;
        let mut problems = Vec::new();
        let mut ok = |r: Result<Option<String>, Vec<Diagnostic>>| {
            r.unwrap_or_else(|d| {
                problems.extend(d);
                None
            })
        };

        let mut order: Vec<usize> = (0..front.experience.len()).collect();
        order.sort_by_key(|&i| role_order(&front.experience[i]));
        let current_role = order
            .first()
            .map(|&i| &front.experience[i])
            .filter(|r| r.end.is_none())
            .map(|r| {
                let e = &site.employers[sp.role_employers[order[0]]];
                CurrentRole {
                    title: r.title(),
                    employer: &e.name,
                    employer_url: &e.url,
                }
            });
        let summary = match &front.summary {
            Some(s) => s.trim().to_string(),
            None => markdown::first_paragraph_text(person.body()),
        };
        let card = Card {
            name: &front.name,
            slug: &sp.slug,
            url: &sp.url,
            headline: front.headline.as_deref(),
            location: front.location.as_deref(),
            summary,
            avatar_url: front.avatar.as_ref().map(|a| self.person_link(sp, a)),
            initials: initials(&front.name),
            current_role,
            top_skills: sp
                .all_skills
                .iter()
                .take(6)
                .map(|&s| self.skill_ref(s))
                .collect(),
        };

        let highlights: Vec<Option<String>> = front
            .experience
            .iter()
            .map(|role| ok(self.field(&role.highlights, source)))
            .collect();
        let roles: Vec<RoleView> = (0..front.experience.len())
            .map(|i| role_view(site, sp, i, highlights[i].as_deref()))
            .collect();

        let mut experience: Vec<ExperienceGroup> = Vec::new();
        for &i in &order {
            let employer = &site.employers[sp.role_employers[i]];
            match experience.last_mut() {
                Some(group) if group.employer_url == employer.url => group.roles.push(&roles[i]),
                _ => experience.push(ExperienceGroup {
                    employer: &front.experience[i].employer,
                    employer_url: &employer.url,
                    roles: vec![&roles[i]],
                }),
            }
        }

        let mut talks: Vec<&Talk> = sp.talk_ids.iter().map(|&t| &site.talks[t]).collect();
        talks.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
        talks.dedup_by(|a, b| a.slug == b.slug);

        let bio_html = ok(self
            .markdown(person.body(), source, Some(person.body_offset), 3)
            .map(Some))
        .unwrap_or_default();
        let education = front
            .education
            .iter()
            .map(|e| EducationView {
                institution: &e.institution,
                degree: e.degree.as_deref(),
                field: e.field.as_deref(),
                dates: (e.start.is_some() || e.end.is_some())
                    .then(|| dates::range(e.start.as_ref(), e.end.as_ref().or(e.start.as_ref()))),
                location: e.location.as_deref(),
                description_html: ok(self.field(&e.description, source)),
            })
            .collect();
        let projects = front
            .projects
            .iter()
            .map(|p| ProjectView {
                name: &p.name,
                url: p.url.as_ref().map(|u| self.person_link(sp, u)),
                role: p.role.as_deref(),
                dates: (p.start.is_some() || p.end.is_some())
                    .then(|| dates::range(p.start.as_ref(), p.end.as_ref())),
                description_html: ok(self.field(&p.description, source)),
            })
            .collect();
        let writing = front
            .writing
            .iter()
            .map(|w| WritingView {
                title: &w.title,
                url: w.url.as_ref().map(|u| self.person_link(sp, u)),
                date: w.date.map(|d| d.display()),
                publisher: w.publisher.as_deref(),
                description_html: ok(self.field(&w.description, source)),
            })
            .collect();
        let mut links: Vec<LinkView> = front
            .links
            .iter()
            .map(|(key, link)| LinkView {
                label: link_label(key),
                url: self.person_link(sp, link),
            })
            .collect();
        if let Some(email) = &front.email {
            links.push(LinkView {
                label: "Email".into(),
                url: format!("mailto:{email}"),
            });
        }

        let view = PersonView {
            card: &card,
            bio_html,
            links,
            spoken_languages: front
                .spoken_languages
                .iter()
                .map(|l| LanguageView {
                    name: &l.name,
                    level: l.level.as_deref(),
                })
                .collect(),
            skill_groups: sp
                .skill_groups
                .iter()
                .map(|(name, ids)| SkillGroup {
                    name: name.as_deref().map(|n| n.replace(['_', '-'], " ")),
                    skills: ids.iter().map(|&s| self.skill_ref(s)).collect(),
                })
                .collect(),
            skills: sp.all_skills.iter().map(|&s| self.skill_ref(s)).collect(),
            experience,
            talks: talks.into_iter().map(|t| self.talk_summary(t)).collect(),
            education,
            projects,
            writing,
            resume_url: crate::publish::resume_url(sp),
            vcard_url: crate::publish::vcard_url(sp),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let profile = Shared {
            value: Value::from_serializable(&view),
            print,
        };
        let prepared = match last {
            Some((_, prepared)) => prepared.clone(),
            None => {
                let prints: Vec<Option<u64>> = roles
                    .iter()
                    .map(|r| print.and_then(|_| fingerprint(r)))
                    .collect();
                Prepared {
                    card: Shared::new(&card, print.is_some()),
                    roles: highlights
                        .into_iter()
                        .zip(prints)
                        .map(|(highlights_html, print)| RolePart {
                            highlights_html,
                            print,
                        })
                        .collect(),
                    print,
                }
            }
        };
        Ok((prepared, profile))
    }

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
            Job::Talk(i) => site.talks[i].file.as_ref().map(|f| &f.source).or(
                match site.talks[i].abstract_from {
                    Some(AbstractSource::Person(p, _)) => Some(&site.people[p].person.source),
                    _ => None,
                },
            ),
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
    fn page(
        &self,
        job: Job,
        people: &[Prepared],
        person: Option<&Shared>,
    ) -> Result<(PathBuf, Origin), crate::Error> {
        let site = self.site;
        let root = site.root();
        if let Job::Person(i) = job
            && let Some(&inputs) = self.inputs.get(i)
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
                        role_count: e.members.iter().map(|(_, r)| r.len()).sum(),
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
                        .map(|(p, roles)| Member {
                            person: people[*p].card.clone(),
                            roles: roles
                                .iter()
                                .map(|&r| RoleRef {
                                    site,
                                    person: *p,
                                    role: r,
                                    part: &people[*p].roles[r],
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
                let abstract_html = match talk.abstract_from {
                    Some(AbstractSource::Person(p, entry)) => {
                        let person = &site.people[p].person;
                        self.field(&person.front.talks[entry].abstract_, &person.source)?
                    }
                    Some(AbstractSource::File) => match &talk.file {
                        Some(f) => self.field(&f.front.abstract_, &f.source)?,
                        None => None,
                    },
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
                    people: s.people.iter().map(|&p| people[p].card.clone()).collect(),
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
            Job::Home => crate::publish::Subject::Home,
            Job::Person(i) => crate::publish::Subject::Person(i),
            Job::Employer(i) => crate::publish::Subject::Employer(i),
            Job::Talk(i) => crate::publish::Subject::Talk(i),
            Job::NotFound => crate::publish::Subject::NotFound,
            _ => crate::publish::Subject::Other,
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
        let head = crate::publish::head(site, subject, &url);
        cx.insert("canonical_url", &head.canonical_url);
        cx.insert("og_image", &head.og_image);
        cx.insert("json_ld", &head.json_ld);
        if let (Job::Person(i), Some(profile)) = (job, person)
            && profile.value.is_none()
        {
            // Unchanged, but its page must be rendered all the same (it was not kept).
            let (_, whole) = self.prepare_person(i, &site.people[i], true)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_words() {
        assert_eq!(initials("Guido Iaquinti"), "GI");
        assert_eq!(initials("Peter  van der Bourgon"), "PB");
        assert_eq!(initials("dsaiztc"), "D");
        assert_eq!(initials("Zoë Ångström"), "ZÅ");
    }

    #[test]
    fn link_labels_read_well() {
        assert_eq!(link_label("github"), "GitHub");
        assert_eq!(link_label("personal_site"), "Personal site");
    }
}
