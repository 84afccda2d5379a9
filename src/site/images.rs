//! Which pictures the site processes, and into which files. A person's avatar that is a
//! file beside the profile in a raster format (JPEG, PNG, WebP, GIF) is not published as
//! it is (it may carry the camera's EXIF, GPS included, and weigh megabytes): it becomes
//! square WebP files at the sizes the theme shows, at 1× and 2×, JPEG fallbacks, and a JPEG
//! the social card draws (never published). An SVG avatar is published sanitized, and a
//! URL is linked as it is.

use std::path::Path;

use super::{Asset, Site, SitePerson};

/// The format of a processed picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Format {
    WebP,
    Jpeg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
        }
    }
}

/// Whether a processed picture is an output file, or only drawn into the social card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Published,
    Card,
}

/// One file made from a picture: a square of `size` pixels a side.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub size: u32,
    pub format: Format,
    pub used: Use,
}

const fn published(size: u32, format: Format) -> Variant {
    Variant {
        size,
        format,
        used: Use::Published,
    }
}

/// What an avatar becomes. The theme shows avatars in 64-pixel slots (cards) and 128-pixel
/// ones (a profile's header): WebP at 1× and 2× of each, and a JPEG for browsers without
/// WebP at each slot's 1× and 2×. The 256-pixel JPEG is also the picture JSON Resume,
/// vCard and JSON-LD name. The card's picture is a JPEG: small in the cache, and drawn on
/// a card no one zooms into.
pub const AVATAR: &[Variant] = &[
    published(64, Format::WebP),
    published(128, Format::WebP),
    published(256, Format::WebP),
    published(128, Format::Jpeg),
    published(256, Format::Jpeg),
    Variant {
        size: 320,
        format: Format::Jpeg,
        used: Use::Card,
    },
];

/// The extensions of pictures: folio processes JPEG, PNG, WebP and GIF, and refuses the
/// others as avatars (an AVIF would otherwise be published with its metadata).
const RASTER: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "avif"];

/// Whether a file beside a profile is a picture for folio to process, by its name.
pub fn is_raster(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        RASTER.contains(&e.as_str())
    })
}

impl Site {
    /// The file of a person's avatar that folio processes: a raster picture beside the profile.
    pub fn avatar_file<'p>(&self, person: &'p SitePerson) -> Option<&'p Asset> {
        let avatar = person.person.front.avatar.as_ref()?;
        if !avatar.is_relative() {
            return None;
        }
        person
            .assets
            .iter()
            .find(|a| a.name == Path::new(&avatar.0) && is_raster(&a.name))
    }
}
