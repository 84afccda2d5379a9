//! The one markdown pipeline, for bodies and every markdown field: CommonMark with
//! tables, footnotes, strikethrough, task lists and heading anchors; `@/` links
//! resolved to page URLs; fenced code highlighted by syntect into CSS classes.

mod highlight;
mod plain;
mod sanitize;
mod text;

pub use highlight::syntax_css;
use highlight::*;
pub use plain::{plain, plain_field, split_list};
pub use text::first_paragraph_text;

use crate::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use syntect::parsing::SyntaxSet;

/// Nanoseconds spent rendering markdown (highlighting excluded) and
/// highlighting code, summed over all threads since the last [`take_timings`].
static MARKDOWN_NANOS: AtomicU64 = AtomicU64::new(0);

static HIGHLIGHT_NANOS: AtomicU64 = AtomicU64::new(0);

/// The time spent so far in (markdown rendering without highlighting,
/// highlighting), summed over all threads; resets both.
pub fn take_timings() -> (Duration, Duration) {
    (
        Duration::from_nanos(MARKDOWN_NANOS.swap(0, Ordering::Relaxed)),
        Duration::from_nanos(HIGHLIGHT_NANOS.swap(0, Ordering::Relaxed)),
    )
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// A markdown renderer holding syntect's syntaxes, loaded once per build.
pub struct Markdown {
    syntaxes: SyntaxSet,
    /// The token classes highlighted code is written with.
    classes: TokenClasses,
    html: Html,
    /// Rendered texts kept between the dev server's rebuilds, if asked for.
    memo: Option<Memo>,
}

/// (hash of the text, its length, the top heading level).
type MemoKey = (u64, usize, u8);

/// HTML by (hash, length) of the markdown and its top heading level, with the
/// generation (rebuild) that last used it. Texts with `@/` links are not kept:
/// their HTML depends on other pages.
#[derive(Default)]
struct Memo {
    entries: std::sync::Mutex<HashMap<MemoKey, (String, u32)>>,
    generation: std::sync::atomic::AtomicU32,
}

/// A link that could not be resolved or is not allowed, at a byte range of the markdown
/// text; or a text too large to render (`target` empty, at its start).
#[derive(Debug, Clone, PartialEq)]
pub struct BadLink {
    pub target: String,
    pub range: Range<usize>,
    pub reason: String,
    /// What would be valid, when it is not what every bad link is told.
    pub help: Option<&'static str>,
}

/// The most markdown elements (paragraphs, list items, table cells, runs of text...) one
/// text may have. A long profile has a few thousand; a 4 MB table of tiny cells has
/// millions, and rendering it took 1.6 GB of memory. Counted, not timed, so the same files
/// always give the same result.
pub const MAX_EVENTS: usize = 250_000;

/// The most HTML one text may render to: a file is at most 4 MB, and no honest text grows
/// eightfold, but thousands of tiny code blocks each highlighted into spans could.
pub const MAX_HTML: usize = 32 * 1024 * 1024;

/// Texts longer than this are parsed one at a time ([`turn_for`]). pulldown-cmark builds a text's whole
/// tree before [`MAX_EVENTS`] can stop it, and some texts cost far more than their size:
/// 4 MB of `[` takes about 700 MB. One at a time, the peak stays that of one such text
/// plus smaller ones on the other threads, however many cores the machine has, where
/// eight of them at once ran out of memory. A long profile is a few tens of KB.
const LARGE_TEXT: usize = 64 * 1024;

/// Held while a text over [`LARGE_TEXT`] is parsed, wherever: rendered, summarized, made
/// plain for the feed, the vCard or the JSON Resume.
static LARGE_TEXT_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// Whether this thread holds [`LARGE_TEXT_TURN`], so that a parse inside another on the
    /// same thread does not wait for itself.
    static HOLDS_TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This thread's turn to parse `text`, when it is over [`LARGE_TEXT`]: waits for any other
/// thread parsing a large text, and holds the others off until dropped. Parsing calls
/// nothing that waits for another thread, so the turn cannot deadlock.
pub(crate) fn turn_for(text: &str) -> Option<Turn> {
    if text.len() <= LARGE_TEXT || HOLDS_TURN.with(|h| h.get()) {
        return None;
    }
    let guard = LARGE_TEXT_TURN.lock().unwrap_or_else(|e| e.into_inner());
    HOLDS_TURN.with(|h| h.set(true));
    #[cfg(test)]
    let counted = tests::LargeAtOnce::enter();
    Some(Turn {
        #[cfg(test)]
        _counted: counted,
        _guard: guard,
    })
}

/// A thread's turn at a large text ([`turn_for`]).
pub(crate) struct Turn {
    // Fields drop in this order: the count ends before the lock is let go.
    #[cfg(test)]
    _counted: tests::LargeAtOnce,
    _guard: std::sync::MutexGuard<'static, ()>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        HOLDS_TURN.with(|h| h.set(false));
    }
}

/// What a piece of markdown needs from the site: where `@/` links go, and
/// the heading level its own top-level headings become.
pub struct Context<'a> {
    /// `people/x.md` (content-relative path) -> URL.
    pub internal_links: &'a HashMap<String, String>,
    /// The level the smallest heading in the text is shifted to (1 keeps them as written).
    pub top_heading: u8,
    /// Ids the page around the text already uses; headings get others.
    pub reserved_ids: &'a [String],
}

/// What becomes of raw HTML written in markdown (`[markdown] allow_html` and
/// `[security] trust_html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Html {
    /// Kept, less what could run script or load from elsewhere ([`sanitize`]).
    Sanitized,
    /// Passed through as written: the site's owner trusts every author.
    Trusted,
    /// Shown as text.
    Escaped,
}

impl Html {
    pub fn from_config(allow: bool, trust: bool) -> Html {
        match (allow, trust) {
            (false, _) => Html::Escaped,
            (true, false) => Html::Sanitized,
            (true, true) => Html::Trusted,
        }
    }
}

/// The markdown folio reads: CommonMark with tables, footnotes, strikethrough, task lists
/// and heading attributes.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The markdown's events with their places in the text, or an error when there are more
/// than [`MAX_EVENTS`], or when they nest deeper than [`sanitize::MAX_NESTING`] levels:
/// an HTML parser looks through every open element for each new one, and `folio check`
/// parses each page, so 20,000 nested lists (40 KB) took 10 s there, 80 KB 41 s.
fn parse(text: &str) -> Result<Vec<(Event<'_>, Range<usize>)>, Vec<BadLink>> {
    let options = options();
    let mut events = Vec::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(text, options).into_offset_iter() {
        if events.len() == MAX_EVENTS {
            return Err(vec![too_big(format!(
                "this text has more than {MAX_EVENTS} markdown elements (paragraphs, list \
                 items, table cells...), more than folio renders in one text"
            ))]);
        }
        match &event.0 {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > sanitize::MAX_NESTING {
            let range = event.1;
            let line = text[range.clone()]
                .find('\n')
                .map_or(range.end, |n| range.start + n);
            return Err(vec![BadLink {
                target: text[range.start..line].to_string(),
                range: range.start..line,
                reason: format!(
                    "this text nests deeper than {} levels here (lists, quotes, emphasis, \
                     raw HTML)",
                    sanitize::MAX_NESTING
                ),
                help: Some("a profile needs a few levels at most: unnest the lists or quotes"),
            }]);
        }
        events.push(event);
    }
    Ok(events)
}

/// A heading's id: the one written (`{#id}`), else its text slugified, made unique among
/// `used`; `after` are the events after the heading's start.
fn heading_id(written: Option<CowStr>, after: &[(Event, Range<usize>)], used: &mut Ids) -> String {
    let id = match written {
        Some(id) => id.to_string(),
        None => slugify(&heading_text(after)),
    };
    used.unique(if id.is_empty() { "section".into() } else { id })
}

impl Markdown {
    pub fn new(html: Html) -> Markdown {
        limit_regex_backtracking();
        Markdown {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            classes: TokenClasses::new(),
            html,
            memo: None,
        }
    }

    /// A renderer that remembers what it rendered, for a dev server that
    /// rebuilds the same texts again and again; see [`Markdown::next_generation`].
    pub fn remembering(html: Html) -> Markdown {
        Markdown {
            memo: Some(Memo::default()),
            ..Markdown::new(html)
        }
    }

    pub fn html(&self) -> Html {
        self.html
    }

    /// Starts a rebuild: forgets what the previous rebuild did not use.
    pub fn next_generation(&self) {
        if let Some(memo) = &self.memo {
            let previous = memo
                .generation
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut entries = memo.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries.retain(|_, (_, used)| *used >= previous);
        }
    }

    /// Renders markdown to HTML, or lists the links that point nowhere.
    pub fn render(&self, text: &str, cx: &Context<'_>) -> Result<String, Vec<BadLink>> {
        let Some(memo) = self.memo.as_ref().filter(|_| !text.contains("@/")) else {
            return self.render_now(text, cx);
        };
        use std::hash::BuildHasher;
        let key = (
            foldhash::quality::FixedState::with_seed(0).hash_one(text),
            text.len(),
            cx.top_heading,
        );
        let generation = memo.generation.load(std::sync::atomic::Ordering::Relaxed);
        if let Some((html, used)) = memo
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&key)
        {
            *used = generation;
            return Ok(html.clone());
        }
        let html = self.render_now(text, cx)?;
        memo.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (html.clone(), generation));
        Ok(html)
    }

    fn render_now(&self, text: &str, cx: &Context<'_>) -> Result<String, Vec<BadLink>> {
        let _turn = turn_for(text);
        let started = Instant::now();
        let mut highlighting = Duration::ZERO;
        let result = self.render_timed(text, cx, &mut highlighting);
        let total = started.elapsed();
        MARKDOWN_NANOS.fetch_add(nanos(total.saturating_sub(highlighting)), Ordering::Relaxed);
        HIGHLIGHT_NANOS.fetch_add(nanos(highlighting), Ordering::Relaxed);
        result
    }

    /// Renders, adding the time spent highlighting code to `highlighting`.
    fn render_timed(
        &self,
        text: &str,
        cx: &Context<'_>,
        highlighting: &mut Duration,
    ) -> Result<String, Vec<BadLink>> {
        let events = parse(text)?;
        let shift = heading_shift(&events, cx.top_heading);
        let mut bad_links = Vec::new();
        let mut used_ids = Ids::reserving(cx.reserved_ids);
        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut code: Option<(String, String)> = None; // (language, text)
        // Where raw HTML is written, and the ids markdown gives headings and footnotes.
        let mut raw_html: Vec<Range<usize>> = Vec::new();
        let mut own_ids: HashSet<String> = HashSet::new();

        for i in 0..events.len() {
            let (event, range) = &events[i];
            if let Some((_, buffer)) = &mut code {
                match event {
                    Event::Text(t) => buffer.push_str(t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, buffer) = code.take().unwrap_or_default();
                        let started = Instant::now();
                        let html = self.highlight(&lang, &buffer);
                        *highlighting += started.elapsed();
                        out.push(Event::Html(html.into()));
                    }
                    _ => {}
                }
                continue;
            }
            let event = event.clone();
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    // `{#id .class}` after a heading is kept; any other attribute could be
                    // an event handler (`onfocus=...`) and is refused, even where raw HTML
                    // is allowed, so `allow_html = false` holds for headings too.
                    if !attrs.is_empty() {
                        bad_links.push(heading_attributes(text, range));
                    }
                    let id = heading_id(id, &events[i + 1..], &mut used_ids);
                    own_ids.insert(id.clone());
                    out.push(Event::Start(Tag::Heading {
                        level: shifted(level, shift),
                        id: Some(id.into()),
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    out.push(Event::End(TagEnd::Heading(shifted(level, shift))))
                }
                Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                        *dest_url = self.resolve(
                            std::mem::replace(dest_url, CowStr::Borrowed("")),
                            range,
                            cx,
                            &mut bad_links,
                        );
                    }
                    out.push(Event::Start(tag));
                }
                Event::Html(html) | Event::InlineHtml(html) if self.html == Html::Escaped => {
                    out.push(Event::Text(html))
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    raw_html.push(range.clone());
                    out.push(event)
                }
                Event::Start(Tag::FootnoteDefinition(ref label)) => {
                    own_ids.insert(label.to_string());
                    out.push(event)
                }
                other => out.push(other),
            }
        }
        if !bad_links.is_empty() {
            return Err(bad_links);
        }
        let mut html = Bounded(String::with_capacity(text.len() * 3 / 2));
        if pulldown_cmark::html::write_html_fmt(&mut html, out.into_iter()).is_err() {
            return Err(vec![too_big(format!(
                "this text renders to more than {} MB of HTML",
                MAX_HTML / (1024 * 1024)
            ))]);
        }
        if !raw_html.is_empty() && self.html == Html::Sanitized {
            sanitize::check(&html.0, &own_ids)
                .map_err(|unfit| vec![unfit_at(unfit, &raw_html, text)])?;
            return Ok(sanitize::sanitize(&html.0));
        }
        Ok(html.0)
    }

    /// `@/people/x.md#part` becomes the page's URL; other URLs must be safe to click.
    fn resolve<'a>(
        &self,
        dest: CowStr<'a>,
        range: &Range<usize>,
        cx: &Context<'_>,
        bad: &mut Vec<BadLink>,
    ) -> CowStr<'a> {
        if let Some(path) = dest.strip_prefix("@/") {
            let (file, anchor) = path
                .split_once('#')
                .map_or((path, None), |(f, a)| (f, Some(a)));
            return match cx.internal_links.get(file) {
                Some(url) => match anchor {
                    Some(a) => format!("{url}#{a}").into(),
                    None => url.clone().into(),
                },
                None => {
                    bad.push(BadLink {
                        target: dest.to_string(),
                        range: range.clone(),
                        reason: format!(
                            "the link `{dest}` points to content/{file}, which does not exist"
                        ),
                        help: None,
                    });
                    dest
                }
            };
        }
        if let Err(reason) = crate::content::Link::parse(&dest)
            && !dest.is_empty()
            && !dest.starts_with('#')
        {
            bad.push(BadLink {
                target: dest.to_string(),
                range: range.clone(),
                reason,
                help: None,
            });
        }
        dest
    }
}

/// Raw HTML unfit for the sanitizer, located at the first raw HTML (at `raw`) where its
/// tag is written, else at the first raw HTML.
fn unfit_at(unfit: sanitize::Unfit, raw: &[Range<usize>], text: &str) -> BadLink {
    let tag = unfit.tag.to_ascii_lowercase();
    // `<i` as a whole name: followed by a space, `/`, `>` or nothing, not `<img`.
    let whole = |written: &str, at: usize| {
        written[at + tag.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '/' || c == '>')
    };
    let found = raw.iter().find_map(|r| {
        let written = text.get(r.clone())?.to_ascii_lowercase();
        let at = written
            .match_indices(&tag)
            .map(|(at, _)| at)
            .find(|&at| whole(&written, at))?;
        Some(r.start + at..r.start + at + tag.len())
    });
    let range = found.unwrap_or_else(|| {
        let first = raw.first().cloned().unwrap_or(0..0);
        first.start..first.start + text.get(first).map_or(0, |t| t.trim_end().len())
    });
    BadLink {
        target: text.get(range.clone()).unwrap_or("").to_string(),
        range,
        reason: unfit.reason,
        help: Some(unfit.help),
    }
}

/// HTML being written, refused past [`MAX_HTML`].
struct Bounded(String);

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.0.len() + s.len() > MAX_HTML {
            return Err(std::fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

/// The error for a heading with attributes other than an id and classes: the heading's
/// `{...}` (its last one, as pulldown-cmark reads it), located in the text.
fn heading_attributes(text: &str, heading: &Range<usize>) -> BadLink {
    let line = text.get(heading.clone()).unwrap_or("").trim_end();
    let at = line.rfind('{').unwrap_or(0);
    let start = heading.start + at;
    BadLink {
        target: line[at..].to_string(),
        range: start..start + line.len() - at,
        reason: format!(
            "the heading's attributes `{}` are not published: a heading may have an id and \
             classes, nothing else",
            &line[at..]
        ),
        help: Some("write `{#id .class}` after a heading, or nothing"),
    }
}

fn too_big(reason: String) -> BadLink {
    BadLink {
        target: String::new(),
        range: 0..0,
        reason,
        help: None,
    }
}

fn heading_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The ids of a text's headings so far, and those it may not take.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    /// For an id taken more than once, the first suffix not yet tried (`a-3` after `a`,
    /// `a-1`, `a-2`): trying each from `-1` again for every repeat made thousands of
    /// headings `# a` quadratic (128 KB of them took over a minute).
    next: HashMap<String, usize>,
}

impl Ids {
    fn reserving(ids: &[String]) -> Ids {
        Ids {
            used: ids.iter().cloned().collect(),
            next: HashMap::new(),
        }
    }

    /// `id`, or else `id-1`, `id-2`... the first not taken.
    fn unique(&mut self, id: String) -> String {
        if self.used.insert(id.clone()) {
            return id;
        }
        let next = self.next.entry(id.clone()).or_insert(1);
        loop {
            let candidate = format!("{id}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// How far headings move so the smallest one lands on `top` (never upwards).
fn heading_shift(events: &[(Event, Range<usize>)], top: u8) -> u8 {
    let smallest = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    smallest.map_or(0, |s| top.saturating_sub(s))
}

fn shifted(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// How many texts over [`LARGE_TEXT`] are parsed at this moment, and the most ever seen.
    static LARGE_NOW: AtomicUsize = AtomicUsize::new(0);
    static LARGE_MOST: AtomicUsize = AtomicUsize::new(0);

    /// Counts a large text's parse while it lasts.
    pub(super) struct LargeAtOnce;

    impl LargeAtOnce {
        pub(super) fn enter() -> LargeAtOnce {
            let now = LARGE_NOW.fetch_add(1, Ordering::SeqCst) + 1;
            LARGE_MOST.fetch_max(now, Ordering::SeqCst);
            LargeAtOnce
        }
    }

    impl Drop for LargeAtOnce {
        fn drop(&mut self) {
            LARGE_NOW.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn large_texts_are_parsed_one_at_a_time_and_small_ones_beside_them() {
        let md = Markdown::new(Html::Trusted);
        let links = HashMap::new();
        let cx = Context {
            internal_links: &links,
            top_heading: 1,
            reserved_ids: &[],
        };
        let large = "Some words [in brackets] and *more*.\n\n".repeat(LARGE_TEXT / 30);
        let small = "A short text.\n";
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..3 {
                        assert!(md.render_now(&large, &cx).is_ok());
                        assert!(md.render_now(small, &cx).is_ok());
                        assert!(!first_paragraph_text(&large).is_empty());
                        assert!(!plain(&large).is_empty());
                    }
                });
            }
        });
        assert_eq!(LARGE_MOST.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn markdown_nests_at_most_64_levels() {
        // Each list is two levels (the list and its item), each quote one, and the
        // paragraph in the innermost quote one more.
        assert!(render(&format!("{}a\n", "- ".repeat(32))).is_ok());
        assert!(render(&format!("{}a\n", ">".repeat(63))).is_ok());
        for text in [
            format!("Intro.\n\n{}a\n", "- ".repeat(33)),
            format!("Intro.\n\n{}a\n", ">".repeat(64)),
        ] {
            let bad = render(&text).unwrap_err();
            assert!(
                bad[0].reason.contains("nests deeper than 64 levels"),
                "{bad:?}"
            );
            // At the line where it goes too deep, not the whole text.
            assert_eq!(
                text[..bad[0].range.start].matches('\n').count(),
                2,
                "{bad:?}"
            );
            assert!(!bad[0].target.contains('\n'), "{bad:?}");
        }
    }

    #[test]
    fn repeated_headings_take_the_next_free_suffix_at_once() {
        let html = render("# a\n\n# a-2 {#a-2}\n\n# a\n\n# a\n\n# a\n").unwrap();
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-1", "a-3", "a-4"]);
        // 16,000 of one heading (64 KB): each tried every suffix from `-1` again, and 64 KB
        // took 19 s in a release build; a hang guard, far above the real time.
        let text = "# a\n\n".repeat(16_000);
        let started = std::time::Instant::now();
        let html = render(&text).unwrap();
        assert!(html.contains("id=\"a-15999\""));
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    fn render(text: &str) -> Result<String, Vec<BadLink>> {
        let mut links = HashMap::new();
        links.insert("people/ada.md".to_string(), "/people/ada/".to_string());
        let md = Markdown::new(Html::Trusted);
        md.render(
            text,
            &Context {
                internal_links: &links,
                top_heading: 1,
                reserved_ids: &[],
            },
        )
    }

    #[test]
    fn internal_links_resolve_to_page_urls() {
        let html = render("See [Ada](@/people/ada.md#talks).").unwrap();
        assert!(html.contains("href=\"/people/ada/#talks\""), "{html}");
    }

    #[test]
    fn broken_internal_link_is_reported_with_its_place() {
        let text = "Line one\n\nSee [Bob](@/people/bob.md).";
        let err = render(text).unwrap_err();
        assert_eq!(err[0].target, "@/people/bob.md");
        assert!(text[err[0].range.clone()].contains("Bob"));
    }

    #[test]
    fn script_links_in_markdown_are_refused() {
        assert!(render("[x](javascript:alert(1))").is_err());
    }

    #[test]
    fn headings_get_unique_anchors_and_shift() {
        let md = Markdown::new(Html::Trusted);
        let links = HashMap::new();
        let html = md
            .render(
                "# Hello\n\n# Hello\n\n## Sub",
                &Context {
                    internal_links: &links,
                    top_heading: 3,
                    reserved_ids: &["sub".to_string()],
                },
            )
            .unwrap();
        assert!(html.contains("<h3 id=\"hello\">"), "{html}");
        assert!(html.contains("<h3 id=\"hello-1\">"), "{html}");
        assert!(
            html.contains("<h4 id=\"sub-1\">"),
            "a reserved id is not reused: {html}"
        );
    }

    #[test]
    fn gfm_extensions_are_on() {
        let html =
            render("| a |\n|---|\n| b |\n\n~~x~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot").unwrap();
        for needle in ["<table>", "<del>", "type=\"checkbox\"", "footnote"] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn raw_html_is_escaped_when_not_allowed() {
        let md = Markdown::new(Html::Escaped);
        let links = HashMap::new();
        let html = md
            .render(
                "<script>alert(1)</script>",
                &Context {
                    internal_links: &links,
                    top_heading: 1,
                    reserved_ids: &[],
                },
            )
            .unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn a_remembering_renderer_gives_the_same_html_and_forgets_unused_texts() {
        let md = Markdown::remembering(Html::Trusted);
        let links = HashMap::new();
        let cx = Context {
            internal_links: &links,
            top_heading: 3,
            reserved_ids: &[],
        };
        let text = "# Hi\n\n```rust\nfn main() {}\n```\n";
        let first = md.render(text, &cx).unwrap();
        assert_eq!(md.render(text, &cx).unwrap(), first);
        assert_eq!(
            first,
            Markdown::new(Html::Trusted).render(text, &cx).unwrap()
        );
        let other = Context {
            top_heading: 1,
            ..cx
        };
        assert!(
            md.render(text, &other).unwrap().contains("<h1"),
            "the heading level is part of the key"
        );
        md.next_generation();
        md.next_generation();
        assert!(md.memo.as_ref().unwrap().entries.lock().unwrap().is_empty());
    }

    #[test]
    fn rendering_and_highlighting_time_is_counted() {
        render("# Hi\n\n```rust\nfn main() {}\n```\n").unwrap();
        let (markdown, highlighting) = take_timings();
        assert!(markdown > Duration::ZERO && highlighting > Duration::ZERO);
    }
}
