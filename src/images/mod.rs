//! Pictures made at build time: avatars decoded, cropped, resized and encoded into the
//! files the site stage asks for ([`crate::site::images`]), social cards drawn from the
//! theme's SVG template ([`cards`]), the favicon's PNGs ([`favicon`]). What is made is
//! kept in the cache ([`cache`]) between builds, and handed to the output as any file.

pub mod cache;
pub mod cards;
mod decode;
mod encode;
pub mod favicon;
mod resize;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use cache::Key;
pub use cache::{Cache, Writes};

use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::site::images::{AVATAR, Format, Use, Variant};
use crate::site::{PersonId, Site, SitePerson};

/// Changes whenever the processing does (sizes aside, which are in every key): entries
/// made by another version of folio's processing are not taken for this one's.
const VERSION: &[u8] = b"avatar-1";

/// A file's size and modification time.
pub type Stamp = (u64, std::time::SystemTime);

/// The stamp of the file at `path`, if it can be read.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Every person's processed avatar, by person, for the pages to show and the output to hold.
#[derive(Debug, Default)]
pub struct Images {
    avatars: Vec<Option<Avatar>>,
}

/// A person's avatar: which file it is made from, and what its files are called.
#[derive(Debug, Clone)]
pub struct Avatar {
    /// Where the source is on disk.
    pub source: PathBuf,
    /// A fingerprint of the source's bytes and folio's processing: it names the files, so a
    /// new picture gets new addresses and no cache anywhere keeps the old one.
    pub print: u64,
    /// The source's size and modification time, taken before it was read: the dev server
    /// trusts `print` while they stay the same and the watcher does not name the file.
    pub stamp: Option<Stamp>,
    /// The page's folder under the output, and its URL, that the files go beside.
    folder: PathBuf,
    url: String,
}

impl Avatar {
    fn file_name(&self, variant: &Variant) -> String {
        format!(
            "avatar-{:010x}-{}.{}",
            self.print >> 24,
            variant.size,
            variant.format.extension()
        )
    }

    /// The file's path under the output.
    pub fn path(&self, variant: &Variant) -> PathBuf {
        self.folder.join(self.file_name(variant))
    }

    /// The file's URL (root-relative).
    pub fn url(&self, variant: &Variant) -> String {
        format!("{}{}", self.url, self.file_name(variant))
    }

    /// The URL of the published file of `size` pixels in `format`, if there is one.
    pub fn url_of(&self, size: u32, format: Format) -> Option<String> {
        AVATAR
            .iter()
            .find(|v| v.size == size && v.format == format && v.used == Use::Published)
            .map(|v| self.url(v))
    }

    /// The output files, each with the variant it is.
    pub fn published(&self) -> impl Iterator<Item = (PathBuf, &'static Variant)> + '_ {
        AVATAR
            .iter()
            .filter(|v| v.used == Use::Published)
            .map(|v| (self.path(v), v))
    }

    fn key(&self, variant: &Variant) -> Key {
        let format = [variant.format as u8];
        Key::of(&[
            VERSION,
            &self.print.to_le_bytes(),
            &variant.size.to_le_bytes(),
            &format,
        ])
    }
}

impl Images {
    /// The processed avatar of a person, if they have one.
    pub fn avatar(&self, id: PersonId) -> Option<&Avatar> {
        self.avatars.get(id.index())?.as_ref()
    }

    /// Every processed avatar.
    pub fn avatars(&self) -> impl Iterator<Item = (PersonId, &Avatar)> {
        self.avatars
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((PersonId::new(i), a.as_ref()?)))
    }

    /// The absolute URL of a person's avatar as other programs take it (JSON Resume,
    /// vCard, JSON-LD): the 256-pixel JPEG folio made, else the avatar as written.
    pub fn picture(&self, site: &Site, id: PersonId) -> Option<String> {
        let sp = &site.people[id];
        match self.avatar(id) {
            Some(avatar) => avatar
                .url_of(256, Format::Jpeg)
                .map(|url| site.config.absolute(&url)),
            None => sp
                .person
                .front
                .avatar
                .as_ref()
                .map(|a| site.person_link(sp, a)),
        }
    }

    /// Every person's avatar file read and fingerprinted (not yet processed). `prints`
    /// gives the fingerprint of a file the caller already knows unchanged (the dev server).
    pub fn identify(
        site: &Site,
        prints: &(dyn Fn(&Path) -> Option<u64> + Sync),
    ) -> (Images, Vec<Diagnostic>) {
        let found: Vec<Result<Option<Avatar>, Diagnostic>> = site
            .people
            .par_iter()
            .map(|sp| {
                let Some(asset) = site.avatar_file(sp) else {
                    return Ok(None);
                };
                let stamp = stamp(&asset.source);
                let print = match prints(&asset.source) {
                    Some(print) => print,
                    None => crate::fs::read(&asset.source)
                        .map(|bytes| fingerprint(&bytes))
                        .map_err(|e| located(sp, &e.to_string(), None))?,
                };
                Ok(Some(Avatar {
                    source: asset.source.clone(),
                    print,
                    stamp,
                    folder: site.folder_of(&sp.url),
                    url: sp.url.clone(),
                }))
            })
            .collect();
        let mut problems = Vec::new();
        let avatars = found
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|d| {
                    problems.push(d);
                    None
                })
            })
            .collect();
        (Images { avatars }, problems)
    }

    /// Makes every avatar's files (from the cache when it has them) and hands them to
    /// `sink`, but for those `kept` says the output keeps. A picture that cannot be used is
    /// a problem located at the profile's `avatar`.
    pub fn publish(
        &self,
        site: &Site,
        cache: &Cache,
        kept: &(dyn Fn(&Path) -> bool + Sync),
        sink: &dyn Sink,
    ) -> Result<(), crate::Error> {
        let done: Vec<Result<(), crate::Error>> = site
            .people()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(id, sp)| {
                let Some(avatar) = self.avatar(id) else {
                    return Ok(());
                };
                let mut wanted: Vec<&Variant> = AVATAR
                    .iter()
                    .filter(|v| v.used == Use::Published && !kept(&avatar.path(v)))
                    .collect();
                // The card's picture is made from the same decoding, for the cards to take.
                if !wanted.is_empty() {
                    wanted.extend(AVATAR.iter().filter(|v| v.used == Use::Card));
                }
                let files = make(avatar, &wanted, cache).map_err(|why| {
                    crate::Error::Content(vec![located(sp, why.message(), Some(why.help()))])
                })?;
                let published = wanted.into_iter().zip(files);
                for (variant, bytes) in published.filter(|(v, _)| v.used == Use::Published) {
                    sink.put(avatar.path(variant), bytes, &sp.person.source.path)?;
                }
                Ok(())
            })
            .collect();
        crate::Error::gather(done)
    }

    /// The JPEG a person's social card draws, or None when they have no processed avatar
    /// (or it cannot be made: then [`Images::publish`] reports why).
    pub fn card_picture(&self, id: PersonId, cache: &Cache) -> Option<Vec<u8>> {
        let avatar = self.avatar(id)?;
        let variant = AVATAR.iter().find(|v| v.used == Use::Card)?;
        make(avatar, &[variant], cache).ok()?.pop()
    }
}

/// A fingerprint of a source's bytes and of folio's processing.
fn fingerprint(bytes: &[u8]) -> u64 {
    Key::of(&[VERSION, bytes]).0
}

/// The files of `variants` of an avatar: each from the cache, or all missing ones made from
/// one decoding of the source (checked against its fingerprint: a file changed since it
/// was identified is an error, not a mix of two pictures).
fn make(
    avatar: &Avatar,
    variants: &[&Variant],
    cache: &Cache,
) -> Result<Vec<Vec<u8>>, decode::Refused> {
    let mut files: Vec<Option<Vec<u8>>> =
        variants.iter().map(|v| cache.get(avatar.key(v))).collect();
    if files.iter().all(Option::is_some) {
        return Ok(files.into_iter().flatten().collect());
    }
    let bytes = std::fs::read(&avatar.source)
        .map_err(|e| decode::Refused::Broken(format!("it cannot be read: {e}")))?;
    if fingerprint(&bytes) != avatar.print {
        return Err(decode::Refused::Broken(
            "it changed while the site was being built".into(),
        ));
    }
    crate::timing::measure(crate::timing::Work::Pictures, || {
        made_again(avatar, &bytes, &mut files, variants, cache)
    })?;
    Ok(files.into_iter().flatten().collect())
}

/// The `files` missing from the cache made from the source's `bytes`, and kept.
fn made_again(
    avatar: &Avatar,
    bytes: &[u8],
    files: &mut [Option<Vec<u8>>],
    variants: &[&Variant],
    cache: &Cache,
) -> Result<(), decode::Refused> {
    let _turn = decode::turn_for(bytes);
    let picture = decode::decode(bytes)?;
    for (file, variant) in files.iter_mut().zip(variants) {
        if file.is_some() {
            continue;
        }
        let pixels = resize::square_of(&picture, variant.size);
        let made = match variant.format {
            Format::WebP => encode::webp(&pixels),
            Format::Jpeg => encode::jpeg(&pixels),
        }
        .map_err(decode::Refused::Broken)?;
        cache.put(avatar.key(variant), &made);
        *file = Some(made);
    }
    Ok(())
}

/// A problem with a person's avatar file, located at the `avatar = ...` value.
fn located(sp: &SitePerson, why: &str, help: Option<&str>) -> Diagnostic {
    let value = sp.person.front.avatar.as_ref().map_or("", |a| a.0.as_str());
    let d = Diagnostic::near(
        &sp.person.source,
        &["avatar", value],
        format!("the avatar \"{value}\" cannot be used: {why}"),
    );
    match help {
        Some(help) => d.help(help),
        None => d,
    }
}
