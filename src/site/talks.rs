//! Talks: the entries of several profiles and a talk's own file merged into one talk.

use crate::content::{Link, TalkEntry, TalkFile};
use crate::dates::Date;
use crate::slug::slugify;

use super::*;

pub(super) struct TalkDraft {
    pub(super) title: String,
    pub(super) event: String,
    pub(super) date: Date,
    pub(super) location: Option<String>,
    pub(super) link: Option<Link>,
    pub(super) slides: Option<Link>,
    pub(super) video: Option<Link>,
    pub(super) abstract_from: Option<AbstractSource>,
    pub(super) speakers: Vec<Speaker>,
    /// Where each profile and each slug of a name is first among `speakers`: a talk may
    /// list tens of thousands of names (a profile may list one talk 500 times with 500
    /// co-speakers each), and comparing each with all before it took minutes.
    by_person: HashMap<PersonId, usize>,
    by_slug: HashMap<String, usize>,
    /// Whether the error for more than [`MAX_TALK_SPEAKERS`] was given.
    pub(super) too_many_said: bool,
    pub(super) file: Option<TalkFile>,
}

/// The most speakers one talk may have, from all the profiles and the talk file that name
/// them: a talk's page shows each one's card, and a single profile listing one talk 500 times
/// with 500 co-speakers each made a 23 MB page.
pub const MAX_TALK_SPEAKERS: usize = 200;

impl TalkDraft {
    fn new(title: &str, event: &str, date: Date) -> TalkDraft {
        TalkDraft {
            title: title.trim().to_string(),
            event: event.trim().to_string(),
            date,
            location: None,
            link: None,
            slides: None,
            video: None,
            abstract_from: None,
            speakers: Vec::new(),
            by_person: HashMap::new(),
            by_slug: HashMap::new(),
            too_many_said: false,
            file: None,
        }
    }

    /// Adds a speaker unless one already named is the same: the same profile, or, where
    /// either has no profile, the same name by its slug. The first such speaker is kept, and
    /// given the profile if it had none.
    fn add_speaker(&mut self, name: &str, person: Option<PersonId>) {
        let slug = slugify(name);
        let first_named = self.by_slug.get(&slug).copied();
        let same = match person {
            // Without a profile, the first of the same name, with a profile or not.
            None => first_named,
            // With one: the first with this profile, or the first of the same name if it has
            // no profile. (One without a profile is always the first of its name: a later one
            // of the same name would have been taken for it.)
            Some(b) => {
                let unlinked = first_named.filter(|&i| self.speakers[i].person.is_none());
                match (self.by_person.get(&b).copied(), unlinked) {
                    (Some(i), Some(j)) => Some(i.min(j)),
                    (i, j) => i.or(j),
                }
            }
        };
        match same {
            Some(i) => {
                // Taken for its name, it is now the first with this profile (one before it
                // with the profile would have been the match).
                if self.speakers[i].person.is_none()
                    && let Some(b) = person
                {
                    self.speakers[i].person = Some(b);
                    self.by_person.insert(b, i);
                }
            }
            None => {
                let i = self.speakers.len();
                self.speakers.push(Speaker {
                    name: name.trim().to_string(),
                    person,
                });
                self.by_slug.entry(slug).or_insert(i);
                if let Some(b) = person {
                    self.by_person.entry(b).or_insert(i);
                }
            }
        }
    }
}

/// A talk's slug: `<year>-<slug of title>`.
/// Bounded as a whole, like every slug: a long title is cut, the year kept.
pub fn talk_slug(title: &str, date: &Date) -> String {
    slugify(&format!("{} {title}", date.year))
}

fn fill<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

/// Adds a talk a profile lists (its `entry`th, with its slug) to the talks.
pub(super) fn add_talk_entry(
    talks: &mut Registry<TalkDraft>,
    (person, person_name): (PersonId, &str),
    (entry, slug): (usize, String),
    talk: &TalkEntry,
    co_speakers: Vec<(&str, Option<PersonId>)>,
) -> usize {
    let id = talks.id(slug, || TalkDraft::new(&talk.title, &talk.event, talk.date));
    let draft = talks.get_mut(id);
    fill(&mut draft.location, &talk.location);
    fill(&mut draft.link, &talk.url);
    fill(&mut draft.slides, &talk.slides);
    fill(&mut draft.video, &talk.video);
    if draft.abstract_from.is_none()
        && talk
            .abstract_
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty())
    {
        draft.abstract_from = Some(AbstractSource::Profile { person, entry });
    }
    // The listing profile's own name is added by its index, so a co-speaker
    // list naming a profile links that profile too.
    draft.add_speaker(person_name, Some(person));
    for (name, profile) in co_speakers {
        draft.add_speaker(name, profile);
    }
    id
}

pub(super) fn add_talk_file(
    talks: &mut Registry<TalkDraft>,
    file: TalkFile,
    speakers: Vec<(String, Option<PersonId>)>,
) -> usize {
    let front = &file.front;
    let id = talks.id(talk_slug(&front.title, &front.date), || {
        TalkDraft::new(&front.title, &front.event, front.date)
    });
    let draft = talks.get_mut(id);
    // The talk's own file wins over what profiles say.
    draft.title = front.title.trim().to_string();
    draft.event = front.event.trim().to_string();
    for (slot, value) in [
        (&mut draft.link, &front.url),
        (&mut draft.slides, &front.slides),
        (&mut draft.video, &front.video),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    if front.location.is_some() {
        draft.location.clone_from(&front.location);
    }
    if front
        .abstract_
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty())
    {
        draft.abstract_from = Some(AbstractSource::File);
    }
    for (name, profile) in &speakers {
        draft.add_speaker(name, *profile);
    }
    draft.file = Some(file);
    id
}

/// The talks, newest first then by slug, with each draft's place among them.
pub(super) fn sorted_talks(talks: Registry<TalkDraft>, root: &str) -> (Vec<Talk>, Vec<usize>) {
    let (talks, remap) =
        talks.into_sorted(|(slug, talk)| (std::cmp::Reverse(talk.date), slug.clone()));
    let talks = talks
        .into_iter()
        .map(|(slug, draft)| Talk {
            url: format!("{root}talks/{slug}/"),
            slug,
            title: draft.title,
            event: draft.event,
            date: draft.date,
            location: draft.location,
            link: draft.link,
            slides: draft.slides,
            video: draft.video,
            abstract_from: draft.abstract_from,
            speakers: draft.speakers,
            file: draft.file,
            related: Vec::new(),
        })
        .collect();
    (talks, remap)
}
