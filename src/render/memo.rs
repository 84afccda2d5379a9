//! What the dev server remembers of its last build, and the fingerprints that decide which
//! pages to render again.

use std::cell::Cell;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use tera::{Context, Value};

use crate::site::{Site, SitePerson, Talk};

/// Maps over every page of the site, looked up on every rebuild: foldhash rather than SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;
use super::*;

thread_local! {
    /// Set while [`fingerprint`] serializes: a [`Shared`] value is then written as its
    /// fingerprint, so a page listing 10,000 people hashes 10,000 numbers.
    static PRINTING: Cell<bool> = const { Cell::new(false) };
}

/// What the dev server remembers of its last good build, so that the next one renders
/// only the pages whose context changed: a page is a function of its template and its
/// context, so an unchanged fingerprint of both means unchanged bytes.
#[derive(Default)]
pub struct Memo {
    /// The fingerprint of the templates and the global context (`site`).
    pub(super) theme: u64,
    /// Per person (by slug): the fingerprint of their profile, and its parts other pages show.
    pub(super) people: HashMap<String, (u64, Prepared)>,
    /// Per output path: the fingerprint of the context its page was rendered with.
    pub(super) pages: HashMap<PathBuf, u64>,
    /// The fingerprint of what the feed was made from.
    pub(super) feed: Option<u64>,
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
pub(super) struct Shared {
    pub(super) value: Value,
    /// None when it could not be fingerprinted, or the build does not remember.
    pub(super) print: Option<u64>,
}

impl Shared {
    pub(super) fn new<T: Serialize + ?Sized>(value: &T, remember: bool) -> Shared {
        Shared {
            value: Value::from_serializable(value),
            print: if remember { fingerprint(value) } else { None },
        }
    }
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
pub(super) struct RolePart {
    pub(super) highlights_html: Option<String>,
    pub(super) print: Option<u64>,
}

/// A role on its employer's page: made into a view only when the page is rendered.
pub(super) struct RoleRef<'r> {
    pub(super) site: &'r Site,
    pub(super) person: crate::site::PersonId,
    pub(super) role: usize,
    pub(super) part: &'r RolePart,
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
pub(super) struct Hashing(pub(super) foldhash::quality::FoldHasher<'static>);

impl Hashing {
    pub(super) fn new() -> Hashing {
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
pub(super) fn fingerprint<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    let mut hashing = Hashing::new();
    hashing.add(value).then(|| hashing.0.finish())
}

/// Fingerprints of what people's pages show of each employer, skill and talk, made once
/// per build so that [`person_inputs`] hashes numbers, not the same names over and over.
pub(super) struct EntityPrints {
    pub(super) employers: Vec<u64>,
    pub(super) skills: Vec<u64>,
    pub(super) talks: Vec<u64>,
}

impl EntityPrints {
    pub(super) fn new(site: &Site) -> EntityPrints {
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
                t.abstract_text(site).map(|(text, _)| text).hash(h);
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
pub(super) fn person_inputs(sp: &SitePerson, entities: &EntityPrints, settings: (u64, u64)) -> u64 {
    let mut h = Hashing::new().0;
    let (config, links) = settings;
    h.write_u64(config);
    h.write_u64(sp.person.source.print());
    if sp.person.links_inside {
        h.write_u64(links);
    }
    std::hash::Hash::hash(&(&sp.person.source.path, &sp.slug, &sp.url), &mut h);
    let mut ids = |prints: &[u64], ids: &mut dyn ExactSizeIterator<Item = usize>| {
        h.write_usize(ids.len());
        ids.for_each(|id| h.write_u64(prints[id]));
    };
    ids(
        &entities.employers,
        &mut sp.role_employers.iter().map(|e| e.index()),
    );
    ids(
        &entities.skills,
        &mut sp.all_skills.iter().map(|s| s.index()),
    );
    for technologies in sp
        .role_technologies
        .iter()
        .chain(sp.skill_groups.iter().map(|g| &g.skills))
    {
        ids(
            &entities.skills,
            &mut technologies.iter().map(|s| s.index()),
        );
    }
    ids(&entities.talks, &mut sp.talk_ids.iter().map(|t| t.index()));
    h.finish()
}

/// The fingerprints [`person_inputs`] starts from: site.toml, and the internal links.
pub(super) fn settings_print(site: &Site) -> (u64, u64) {
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
pub(super) type Views<'v> = Vec<(&'static str, Box<dyn FnOnce() -> Value + 'v>)>;

/// A page's template context, and its fingerprint when the build remembers.
/// Large views are turned into template values only if the page is rendered.
pub(super) struct PageContext<'v> {
    pub(super) cx: Context,
    pub(super) views: Views<'v>,
    pub(super) print: Option<Hashing>,
    /// False once something could not be fingerprinted: the page is always rendered.
    pub(super) comparable: bool,
}

/// A context whose views are not made yet.
pub(super) struct LazyContext<'v>(Context, Views<'v>);

impl LazyContext<'_> {
    pub(super) fn make(self) -> Context {
        let LazyContext(mut cx, views) = self;
        for (key, view) in views {
            cx.insert_value(key, view());
        }
        cx
    }
}

impl<'v> PageContext<'v> {
    pub(super) fn new(remember: bool) -> PageContext<'v> {
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

    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.add_print(key, value);
        self.cx.insert(key, value);
    }

    /// Inserts a view, made into a template value only when the page is rendered.
    pub(super) fn insert_view<T: Serialize + 'v>(&mut self, key: &'static str, view: T) {
        self.add_print(key, &view);
        self.views
            .push((key, Box::new(move || Value::from_serializable(&view))));
    }

    /// The fingerprint of the template and everything inserted (none when not
    /// remembering), and the context.
    pub(super) fn finish(self, theme: u64, template: &str) -> (Option<u64>, LazyContext<'v>) {
        let print = self.print.filter(|_| self.comparable).map(|mut h| {
            h.0.write_u64(theme);
            h.0.write(template.as_bytes());
            h.0.finish()
        });
        (print, LazyContext(self.cx, self.views))
    }
}
