//! Each page's social card: which card a page shows (its own, or the site's), the facts
//! the theme's `card.svg` template is given, and the cards drawn into the sink.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::CardPage;
use crate::diagnostic::Diagnostic;
use crate::images::{Cache, Images, cards};
use crate::site::{EmployerId, PersonId, Site, SkillId, TalkId};

use super::*;

/// The template cards are drawn from.
pub const TEMPLATE: &str = "card.svg";

/// A social card: the site's, or a page's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardOf {
    Site,
    Person(PersonId),
    Employer(EmployerId),
    Talk(TalkId),
    Skill(SkillId),
}

/// Whether cards are drawn (a build) or only their SVG made, to find the template's
/// errors without the cost (`folio check`, whose pages' cards no link names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawing {
    Drawn,
    TemplateOnly,
}

impl CardOf {
    /// The card the page `job` shows: its own when site.toml's `[cards] pages` lists its
    /// kind, else the site's.
    pub fn of_page(site: &Site, job: Job) -> CardOf {
        let has = |kind| site.config.cards.pages.contains(&kind);
        match job {
            Job::Person(i) if has(CardPage::Person) => CardOf::Person(i),
            Job::Employer(i) if has(CardPage::Employer) => CardOf::Employer(i),
            Job::Talk(i) if has(CardPage::Talk) => CardOf::Talk(i),
            Job::Skill(i) if has(CardPage::Skill) => CardOf::Skill(i),
            // A list's later pages share its first page's card.
            Job::More(list, _) => CardOf::of_page(site, list.first()),
            _ => CardOf::Site,
        }
    }

    /// Every card of the site: its own, then each page's that has one.
    pub fn all(site: &Site) -> Vec<CardOf> {
        let mut cards = vec![CardOf::Site];
        cards.extend(
            Job::all(site)
                .into_iter()
                .filter(|job| !matches!(job, Job::More(..)))
                .map(|job| CardOf::of_page(site, job))
                .filter(|&card| card != CardOf::Site),
        );
        cards
    }

    /// The page the card is beside (the site's is at the root).
    pub fn page_url(self, site: &Site) -> String {
        match self {
            CardOf::Site => site.root().to_string(),
            CardOf::Person(i) => site.people[i].url.clone(),
            CardOf::Employer(i) => site.employers[i].url.clone(),
            CardOf::Talk(i) => site.talks[i].url.clone(),
            CardOf::Skill(i) => site.skills[i].url.clone(),
        }
    }

    /// The card's root-relative URL when what it is drawn from has the fingerprint
    /// `print` ([`cards::print`]): `card-3f9c2a81b0.png` beside its page. A card that
    /// changes gets a new address, which Slack or LinkedIn have never seen and fetch
    /// again, instead of showing the preview they keep for the old one.
    pub fn url(self, site: &Site, print: u64) -> String {
        format!("{}card-{:010x}.png", self.page_url(site), print >> 24)
    }

    /// Where the card of fingerprint `print` is written, under the output folder.
    pub fn path(self, site: &Site, print: u64) -> PathBuf {
        site.folder_of(&self.url(site, print))
    }

    /// What names the card whatever it shows (its page's folder and `card.png`): where
    /// the dev server remembers what the last build drew.
    pub fn slot(self, site: &Site) -> PathBuf {
        site.folder_of(&format!("{}card.png", self.page_url(site)))
    }

    fn kind(self) -> &'static str {
        match self {
            CardOf::Site => "site",
            CardOf::Person(_) => "person",
            CardOf::Employer(_) => "employer",
            CardOf::Talk(_) => "talk",
            CardOf::Skill(_) => "skill",
        }
    }
}

/// What `card.svg` is given as `card`: the facts of the page, no words (the template's).
#[derive(Serialize, Default)]
struct CardView<'a> {
    kind: &'static str,
    /// The page's name: a person's, a talk's title...
    title: &'a str,
    /// A person's headline, a talk's event, the site's description.
    subtitle: Option<&'a str>,
    /// A person's current role.
    role: Option<CurrentRole<'a>>,
    location: Option<&'a str>,
    /// A talk's date.
    date: Option<String>,
    /// A talk's speakers' names.
    speakers: Vec<&'a str>,
    /// A person's first skills.
    skills: Vec<&'a str>,
    /// How many people an employer, a skill or the site has.
    people_count: usize,
    employer_count: usize,
    talk_count: usize,
    initials: String,
    /// Whether `folio:avatar` is the person's photo.
    avatar: bool,
}

/// The site's address as a card shows it: `people.example.com/team`, where it is published
/// (in `folio serve` too, not the preview's `127.0.0.1:1111`).
fn shown_address(site: &Site) -> String {
    let url = site.config.published_url();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.trim_end_matches('/').to_string()
}

fn view<'a>(site: &'a Site, images: &Images, card: CardOf) -> CardView<'a> {
    let base = CardView {
        kind: card.kind(),
        ..CardView::default()
    };
    match card {
        CardOf::Site => CardView {
            people_count: site.people.len(),
            employer_count: site.employers.len(),
            talk_count: site.talks.len(),
            title: &site.config.title,
            subtitle: site.config.description.as_deref(),
            initials: card_initials(&site.config.title),
            ..base
        },
        CardOf::Person(i) => {
            let sp = &site.people[i];
            let front = &sp.person.front;
            let role = sp.current_roles().next().map(|(e, role)| CurrentRole {
                title: role.title(),
                employer: &site.employers[e].name,
                employer_url: &site.employers[e].url,
            });
            CardView {
                title: &front.name,
                subtitle: front.headline.as_deref(),
                role,
                location: front.location.as_deref(),
                skills: sp
                    .all_skills
                    .iter()
                    .take(4)
                    .map(|&s| site.skills[s].name.as_str())
                    .collect(),
                initials: card_initials(&front.name),
                avatar: images.avatar(i).is_some(),
                ..base
            }
        }
        CardOf::Employer(i) => {
            let e = &site.employers[i];
            CardView {
                title: &e.name,
                people_count: e.members.len(),
                initials: card_initials(&e.name),
                ..base
            }
        }
        CardOf::Talk(i) => {
            let t = &site.talks[i];
            CardView {
                title: &t.title,
                subtitle: Some(&t.event),
                date: Some(t.date.display()),
                location: t.location.as_deref(),
                speakers: t
                    .speakers
                    .iter()
                    .map(|s| match s.person {
                        Some(p) => site.people[p].person.front.name.as_str(),
                        None => s.name.as_str(),
                    })
                    .collect(),
                initials: card_initials(&t.title),
                ..base
            }
        }
        CardOf::Skill(i) => {
            let s = &site.skills[i];
            CardView {
                title: &s.name,
                people_count: s.people.len(),
                initials: card_initials(&s.name),
                ..base
            }
        }
    }
}

/// The SVG of a card, made by the theme's `card.svg`.
fn svg(site: &Site, theme: &Theme, images: &Images, card: CardOf) -> Result<String, Diagnostic> {
    let mut cx = Context::new();
    cx.insert("card", &view(site, images, card));
    cx.insert("address", &shown_address(site));
    let url = format!("{}card.png", card.page_url(site));
    let mut out = crate::budget::Output::default();
    let rendered = crate::timing::measure(crate::timing::Work::Templates, || {
        let _card = crate::budget::Rendering::start(&theme.path(TEMPLATE), &url);
        theme.tera.render_to(TEMPLATE, &cx, &mut out)
    });
    rendered.map_err(|e| {
        let confine = crate::walk::Confine::new(&site.config.root, &site.config.security);
        let sources = template_sources(&site.config.root, &confine).unwrap_or_default();
        let card = Rendering {
            url: &url,
            template: &theme.path(TEMPLATE),
        };
        template_error(&e, &sources, Some(card))
    })?;
    String::from_utf8(out.0).map_err(|_| {
        Diagnostic::file(
            &theme.path(TEMPLATE),
            "the card template made text that is not UTF-8",
        )
    })
}

/// Every card's fingerprint, which names its file: the pages take their card's address
/// from here.
#[derive(Debug, Default)]
pub struct CardPrints(foldhash::HashMap<CardOf, u64>);

impl CardPrints {
    /// The fingerprint of `card`.
    pub fn of(&self, card: CardOf) -> u64 {
        self.0.get(&card).copied().unwrap_or_default()
    }

    /// The root-relative URL of `card`.
    pub fn url(&self, site: &Site, card: CardOf) -> String {
        card.url(site, self.of(card))
    }

    /// Every card with its fingerprint.
    pub fn iter(&self) -> impl Iterator<Item = (CardOf, u64)> + '_ {
        self.0.iter().map(|(&card, &print)| (card, print))
    }
}

/// Draws every card of the site into `sink` (in parallel), each from the cache when it
/// has it, but those `kept` gives the fingerprint of (the output keeps them as they are).
pub fn draw_cards(
    site: &Site,
    theme: &Theme,
    images: &Images,
    cache: &Cache,
    kept: &(dyn Fn(CardOf) -> Option<u64> + Sync),
    drawing: Drawing,
    sink: &dyn Sink,
) -> Result<CardPrints, crate::Error> {
    let done: Vec<Result<(CardOf, u64), crate::Error>> = CardOf::all(site)
        .into_par_iter()
        .map(|card| {
            if let Some(print) = kept(card) {
                return Ok((card, print));
            }
            let svg = svg(site, theme, images, card).map_err(|d| crate::Error::Content(vec![d]))?;
            let avatar = match card {
                CardOf::Person(i) => images.avatar(i).map(|a| (i, a.print)),
                _ => None,
            };
            let print = cards::print(&svg, avatar.map(|(_, print)| print));
            if drawing == Drawing::TemplateOnly {
                return Ok((card, print));
            }
            let picture = avatar.and_then(|(i, _)| images.card_picture(i, cache));
            let png = crate::timing::measure(crate::timing::Work::Pictures, || {
                cards::draw(&svg, picture, avatar.map(|(_, print)| print), cache)
            })
            .map_err(|why| {
                crate::Error::Content(vec![Diagnostic::file(&theme.path(TEMPLATE), why)])
            })?;
            sink.put(card.path(site, print), png, &theme.path(TEMPLATE))?;
            Ok((card, print))
        })
        .collect();
    let mut prints = CardPrints::default();
    let mut problems = Vec::new();
    for result in done {
        match result {
            Ok((card, print)) => {
                prints.0.insert(card, print);
            }
            Err(e) => problems.push(Err(e)),
        }
    }
    // One broken template fails every card alike: it is said once.
    match crate::Error::gather(problems) {
        Err(crate::Error::Content(mut problems)) => {
            problems.dedup_by(|a, b| a.message == b.message);
            Err(crate::Error::Content(problems))
        }
        Err(other) => Err(other),
        Ok(()) => Ok(prints),
    }
}

/// Lines of `text` at most `width` pixels wide in Inter at `size` pixels, at most `lines`
/// of them (the last one ended with "…" when the text goes on). Characters Inter cannot
/// draw are written in Latin letters (deunicode), rather than left out. Linear in the text:
/// each word is measured as it is added, and a line cut short is cut by its running width
/// (measuring the line again for each letter taken off took seconds for a long word).
fn wrap(
    text: &str,
    width: f32,
    size: f32,
    weight: crate::fonts::Weight,
    lines: usize,
) -> Vec<String> {
    let advance = |c: char| crate::fonts::advance(weight, c).unwrap_or(0.6);
    // Widths are summed a character at a time, in the order of the line's text.
    let widen = |from: f32, s: &str| s.chars().fold(from, |sum, c| sum + advance(c));
    let fits = |sum: f32| sum * size <= width;
    let drawable = drawable(text, weight);
    let mut out: Vec<(String, f32)> = Vec::new();
    let (mut line, mut line_width) = (String::new(), 0.0f32);
    for word in drawable.split_whitespace() {
        if line.is_empty() {
            (line, line_width) = (word.to_string(), widen(0.0, word));
            continue;
        }
        let with_word = widen(widen(line_width, " "), word);
        if fits(with_word) {
            line.push(' ');
            line.push_str(word);
            line_width = with_word;
            continue;
        }
        out.push((std::mem::take(&mut line), line_width));
        (line, line_width) = (word.to_string(), widen(0.0, word));
        if out.len() == lines {
            break;
        }
    }
    let cut = out.len() == lines;
    if !cut && !line.is_empty() {
        out.push((line, line_width));
    }
    if let Some((last, last_width)) = out.last_mut()
        && (cut || !fits(*last_width))
    {
        // The longest start of the line that fits with "…" after it.
        let ellipsis = advance('…');
        let mut sum = 0.0f32;
        let mut end = 0;
        for (at, c) in last.char_indices() {
            sum += advance(c);
            if !fits(sum + ellipsis) {
                break;
            }
            end = at + c.len_utf8();
        }
        *last = format!("{}…", last[..end].trim_end());
    }
    out.into_iter().map(|(line, _)| line).collect()
}

/// `text` as Inter can draw it: characters it has no glyph for written in Latin letters
/// (deunicode), and at most two marks of no width on a character (a letter with 199
/// combining accents drew a column of them over the card's label and off its top).
fn drawable(text: &str, weight: crate::fonts::Weight) -> String {
    let mut out = String::with_capacity(text.len());
    let mut marks = 0;
    for c in text.chars() {
        match crate::fonts::advance(weight, c) {
            Some(width) if width == 0.0 && !c.is_whitespace() => {
                marks += 1;
                if marks <= 2 {
                    out.push(c);
                }
            }
            Some(_) => {
                marks = 0;
                out.push(c);
            }
            // A mark Inter lacks is written as nothing (deunicode), and stacks nothing: only
            // what is written ends a stack of marks (the review).
            None => {
                let latin = deunicode::deunicode_char(c).unwrap_or("");
                if !latin.is_empty() {
                    marks = 0;
                }
                out.push_str(latin);
            }
        }
    }
    out
}

/// A card's initials, drawable: a letter Inter has no glyph for (an emoji) is given in
/// Latin letters, as the card's text is, rather than as Inter's box for a missing glyph.
fn card_initials(name: &str) -> String {
    let latin = drawable(name, crate::fonts::Weight::Bold);
    initials(&latin)
}

/// Tera's `about` filter: a count as a card shows it, exact below 100, else rounded down
/// to two figures with a `+` when that dropped something (`1234` is `1,200+`). The site's
/// card shows its counts so: its address is a fingerprint of its picture, which every
/// page without a card of its own names, and an exact count gave it a new address, and
/// all those pages a new rendering, with every person added (10,000 pages in `folio
/// serve` at 10,000 profiles).
pub fn about(count: i64, _: tera::Kwargs, _: &tera::State) -> String {
    let count = count.max(0) as u64;
    if count < 100 {
        return count.to_string();
    }
    let step = 10u64.pow(count.ilog10() - 1);
    let shown = count / step * step;
    let digits = shown.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if shown < count {
        grouped.push('+');
    }
    grouped
}

/// Tera's `wrap_text(text=, width=, size=, bold=false, lines=2)`: [`wrap`] for card templates.
pub fn wrap_text(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<String>> {
    let text = kwargs.get::<String>("text")?.unwrap_or_default();
    let width = kwargs.must_get::<f64>("width")? as f32;
    let size = kwargs.must_get::<f64>("size")? as f32;
    let weight = match kwargs.get::<bool>("bold")?.unwrap_or(false) {
        true => crate::fonts::Weight::Bold,
        false => crate::fonts::Weight::Regular,
    };
    let lines = kwargs.get::<i64>("lines")?.unwrap_or(2).clamp(1, 20) as usize;
    if !(width > 0.0 && size > 0.0) {
        return Err(tera::Error::message(
            "wrap_text() needs a width and a size above 0",
        ));
    }
    Ok(wrap(&text, width, size, weight, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Weight;

    #[test]
    fn counts_about_the_site_change_only_at_their_steps() {
        let context = tera::Context::new();
        let about = |n| super::about(n, tera::Kwargs::default(), &tera::State::new(&context));
        let shown: Vec<String> = [
            0, 1, 99, 100, 101, 999, 1_000, 1_234, 10_000, 10_001, 123_456,
        ]
        .into_iter()
        .map(about)
        .collect();
        assert_eq!(
            shown,
            [
                "0", "1", "99", "100", "100+", "990+", "1,000", "1,200+", "10,000", "10,000+",
                "120,000+"
            ]
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let lines = wrap(
            "Scaling Resilient Systems: A Journey Into Slack's Database Service",
            500.0,
            40.0,
            Weight::Bold,
            2,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        let short = wrap("Ada Lovelace", 900.0, 40.0, Weight::Bold, 2);
        assert_eq!(short, ["Ada Lovelace"]);
    }

    #[test]
    fn a_long_word_is_cut_in_time_linear_in_it() {
        // An eighth hostile round: a role title of 65,000 letters took 6.5 s for one card,
        // and 100,000 ran past the 10 s a card may take.
        let word = "W".repeat(400_000);
        let started = std::time::Instant::now();
        let lines = wrap(&format!("{word} at Acme"), 900.0, 40.0, Weight::Bold, 1);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with('…') && lines[0].len() < 200, "{lines:?}");
        // As wide as fits: one letter more, with the ellipsis, would not.
        let shown = lines[0].trim_end_matches('…');
        let width = |s: &str| {
            s.chars()
                .map(|c| crate::fonts::advance(Weight::Bold, c).unwrap())
                .sum::<f32>()
                * 40.0
        };
        assert!(width(&format!("{shown}…")) <= 900.0);
        assert!(width(&format!("{shown}W…")) > 900.0);
    }

    #[test]
    fn accents_stack_two_high_and_initials_are_drawable() {
        // An eighth hostile round: "A" with 199 combining accents, and a name of emoji.
        let zalgo = format!("A{}", "\u{301}".repeat(199));
        let lines = wrap(&zalgo, 900.0, 40.0, Weight::Bold, 1);
        assert_eq!(lines, [format!("A{}", "\u{301}".repeat(2))]);
        // Marks Inter lacks, between them, do not start a new stack (the review).
        assert_eq!(crate::fonts::advance(Weight::Bold, '\u{305}'), None);
        let mixed = format!("A{}", "\u{301}\u{305}".repeat(199));
        assert_eq!(
            drawable(&mixed, Weight::Bold),
            format!("A{}", "\u{301}".repeat(2))
        );
        assert_eq!(
            drawable("Zoe\u{308} Ångström", Weight::Bold),
            "Zoe\u{308} Ångström"
        );
        let initials = card_initials(&"👩🏽‍💻".repeat(3));
        assert!(
            !initials.is_empty()
                && initials
                    .chars()
                    .all(|c| crate::fonts::advance(Weight::Bold, c).is_some()),
            "{initials:?}"
        );
        assert_eq!(card_initials("Zoë Ångström"), "ZÅ");
    }

    #[test]
    fn characters_inter_lacks_are_transliterated() {
        let lines = wrap("李小龙", 900.0, 40.0, Weight::Regular, 1);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].is_ascii(), "{lines:?}");
    }
}
