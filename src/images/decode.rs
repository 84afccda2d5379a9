//! Turning a contributor's file into pixels, safely: only picture formats, bounded
//! dimensions and memory (a decompression bomb is refused from its header), JPEGs checked
//! strictly (the `image` crate decodes a truncated JPEG as grey without a word), and the
//! EXIF orientation applied. Nothing of the file's metadata survives into the pixels.

use std::borrow::Cow;
use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest side of a picture folio decodes: a 40-megapixel camera's 7,728 pixels fit.
pub const MAX_SIDE: u32 = 8_000;
/// The most memory one decoded picture may take (8,000 × 6,250 RGBA pixels).
const MAX_ALLOC: u64 = 200 * 1024 * 1024;

/// A decoded picture, upright.
pub struct Picture {
    pub image: DynamicImage,
    /// Whether any pixel is not opaque: the picture is then kept with its alpha.
    pub alpha: bool,
}

/// Why a file is not a picture folio can use; the message ends a sentence about the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not one of the formats read.
    Format(String),
    /// Larger than [`MAX_SIDE`] or [`MAX_ALLOC`].
    TooLarge(String),
    /// Broken: corrupt or truncated.
    Broken(String),
}

impl Refused {
    pub fn message(&self) -> &str {
        match self {
            Refused::Format(m) | Refused::TooLarge(m) | Refused::Broken(m) => m,
        }
    }

    /// What would be valid, for the help line.
    pub fn help(&self) -> &'static str {
        match self {
            Refused::Format(_) => {
                "use a JPEG, PNG, WebP or GIF picture (an SVG avatar is published as it is, sanitized)"
            }
            Refused::TooLarge(_) => {
                "scale the picture down: a 1024-pixel square is plenty for an avatar"
            }
            Refused::Broken(_) => {
                "export the picture again from the original (the file may have been cut short or damaged when it was copied)"
            }
        }
    }
}

/// The limits every picture is read with, its header too.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// A PNG without its `iCCP` chunks, which hold a compressed colour profile: folio keeps no
/// profile (the pixels are written in sRGB), and png inflates it while it reads the
/// header, up to the memory limit, before the pixels are counted: a 1 MB file of one held
/// 1.1 GB (an eighth hostile round). The chunks are only listed, by their lengths, never
/// inflated; anything else, and whatever follows where the list stops being well formed,
/// is left as it is for the decoder.
fn without_colour_profile(bytes: &[u8]) -> Cow<'_, [u8]> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Cow::Borrowed(bytes);
    }
    let mut kept: Option<Vec<u8>> = None;
    let (mut at, mut copied) = (SIGNATURE.len(), 0);
    // A chunk: its length (4 bytes), its type (4), its data, its CRC (4).
    while let Some(header) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let Some(end) = length
            .checked_add(at + 12)
            .filter(|&end| end <= bytes.len())
        else {
            break;
        };
        if &header[4..8] == b"iCCP" {
            let out = kept.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            out.extend_from_slice(&bytes[copied..at]);
            copied = end;
        }
        at = end;
    }
    match kept {
        None => Cow::Borrowed(bytes),
        Some(mut out) => {
            out.extend_from_slice(&bytes[copied..]);
            Cow::Owned(out)
        }
    }
}

/// The picture in `bytes`, upright, or why it cannot be used.
pub fn decode(bytes: &[u8]) -> Result<Picture, Refused> {
    let bytes = &*without_colour_profile(bytes);
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refused::Broken(format!("it cannot be read: {e}")))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            f
        }
        Some(other) => {
            return Err(Refused::Format(format!(
                "it is {}, which folio does not process",
                other.to_mime_type()
            )));
        }
        None => {
            return Err(Refused::Format(
                "it is not a picture folio can read (its first bytes are no JPEG, PNG, WebP or GIF)"
                    .into(),
            ));
        }
    };
    let mut limits = limits();
    let mut reader = reader;
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (width, height) = decoder.dimensions();
    limits
        .reserve(decoder.total_bytes())
        .map_err(|_| too_much_memory(width, height, decoder.total_bytes()))?;
    let orientation = decoder.orientation().map_err(refused)?;
    if format == ImageFormat::Jpeg {
        strict_jpeg(bytes)?;
    }
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    let alpha = any_transparent(&image);
    Ok(Picture { image, alpha })
}

/// Whether any pixel is not opaque, read in place where the picture is 8-bit (a copy in
/// RGBA was 196 MB for a 7,000-pixel square).
fn any_transparent(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageRgba8(pixels) => pixels.pixels().any(|p| p.0[3] != 255),
        DynamicImage::ImageLumaA8(pixels) => pixels.pixels().any(|p| p.0[1] != 255),
        other if other.color().has_alpha() => other.to_rgba8().pixels().any(|p| p.0[3] != 255),
        _ => false,
    }
}

/// Pictures over this many pixels are decoded and resized one at a time ([`turn_for`]).
const LARGE_PICTURE: u64 = 8_000_000;

/// Held while a picture over [`LARGE_PICTURE`] is decoded and resized.
static LARGE_PICTURE_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// This thread's turn to decode the picture in `bytes`, when its header says it is over
/// [`LARGE_PICTURE`] pixels: waits for any other thread with a large picture, and holds
/// the others off until dropped. Decoding one takes several times its RGBA size (a
/// 7,000-pixel square, 190 KB of PNG, took 658 MB), and all at once the peak grew with
/// the machine's cores (four such avatars: 2.6 GB on 4 threads). One at a time, it is one
/// large picture's plus smaller ones on the other threads. A phone's 12-megapixel photo
/// waits its turn; a resized avatar is cached, so only a cold build does.
pub fn turn_for(bytes: &[u8]) -> Option<std::sync::MutexGuard<'static, ()>> {
    let bytes = without_colour_profile(bytes);
    let mut reader = ImageReader::new(Cursor::new(&*bytes))
        .with_guessed_format()
        .ok()?;
    reader.limits(limits());
    let (width, height) = reader.into_dimensions().ok()?;
    (u64::from(width) * u64::from(height) > LARGE_PICTURE)
        .then(|| LARGE_PICTURE_TURN.lock().unwrap_or_else(|e| e.into_inner()))
}

fn too_much_memory(width: u32, height: u32, bytes: u64) -> Refused {
    Refused::TooLarge(format!(
        "it is {width}×{height} pixels, {} MB decoded; folio decodes pictures of at most {} \
         MB (at most {MAX_SIDE} pixels a side; with transparency, about 7,200 pixels square)",
        bytes.div_ceil(1024 * 1024),
        MAX_ALLOC / (1024 * 1024)
    ))
}

fn refused(e: image::ImageError) -> Refused {
    match e {
        image::ImageError::Limits(_) => Refused::TooLarge(format!(
            "its header says it is larger than {MAX_SIDE} pixels a side, or than {} MB decoded",
            MAX_ALLOC / (1024 * 1024)
        )),
        image::ImageError::Unsupported(u) => {
            Refused::Format(format!("it uses a feature folio cannot read: {u}"))
        }
        other => Refused::Broken(format!("it is corrupt or cut short: {other}")),
    }
}

/// A JPEG decoded strictly: a missing end or a damaged scan is an error, where `image`
/// would fill the rest with grey.
fn strict_jpeg(bytes: &[u8]) -> Result<(), Refused> {
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_core::bytestream::ZCursor::new(bytes),
        options,
    );
    decoder
        .decode()
        .map(drop)
        .map_err(|e| Refused::Broken(format!("it is corrupt or cut short: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4×4 PNG with `chunks` (type and data) before its pixels.
    fn png_with(chunks: &[([u8; 4], &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 4, 4);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        for (kind, data) in chunks {
            writer
                .write_chunk(png::chunk::ChunkType(*kind), data)
                .unwrap();
        }
        writer.write_image_data(&[7; 4 * 4 * 3]).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_pngs_colour_profiles_are_taken_out_and_nothing_else() {
        let profile: &[u8] = b"icc\0\0x\x9c\x03\0\0\0\0\x01";
        let text: &[u8] = b"Comment\0kept";
        let with = png_with(&[(*b"iCCP", profile), (*b"tEXt", text), (*b"iCCP", profile)]);
        let without = png_with(&[(*b"tEXt", text)]);
        assert_eq!(&*without_colour_profile(&with), without.as_slice());
        // Nothing to take out: the bytes themselves, not a copy.
        assert!(matches!(without_colour_profile(&without), Cow::Borrowed(_)));
        let jpeg = jpeg(4, 4);
        assert!(matches!(without_colour_profile(&jpeg), Cow::Borrowed(_)));
        // A list cut short: the profiles before the cut go, the rest is left as it is, for
        // the decoder to refuse.
        let cut = &with[..with.len() - 30];
        let stripped = without_colour_profile(cut);
        assert!(!stripped.windows(4).any(|w| w == b"iCCP"));
        assert!(stripped.ends_with(&cut[cut.len() - 10..]));
        assert!(decode(&with).is_ok());
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn a_truncated_jpeg_is_broken_not_grey() {
        let whole = jpeg(300, 200);
        assert!(decode(&whole).is_ok());
        let cut = &whole[..whole.len() / 2];
        assert!(
            matches!(decode(cut), Err(Refused::Broken(_))),
            "{:?}",
            decode(cut).err()
        );
    }

    #[test]
    fn a_huge_header_is_refused_before_decoding() {
        let mut bomb = jpeg(8, 8);
        let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        bomb[sof + 5..sof + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
        assert!(
            matches!(decode(&bomb), Err(Refused::TooLarge(_))),
            "{:?}",
            decode(&bomb).err()
        );
    }

    #[test]
    fn a_large_picture_waits_its_turn_and_transparency_is_read_in_place() {
        let png = |width, height, alpha: u8| {
            let img = image::RgbaImage::from_pixel(width, height, image::Rgba([9, 9, 9, alpha]));
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .unwrap();
            out
        };
        let large = png(4_000, 2_001, 255);
        let turn = turn_for(&large);
        assert!(turn.is_some());
        // Held: another large picture waits (tried here without waiting).
        assert!(LARGE_PICTURE_TURN.try_lock().is_err());
        drop(turn);
        assert!(turn_for(&png(4_000, 2_000, 255)).is_none());
        assert!(turn_for(&jpeg(300, 200)).is_none());
        assert!(turn_for(b"not a picture").is_none());
        assert!(!decode(&large).unwrap().alpha);
        assert!(decode(&png(10, 10, 254)).unwrap().alpha);
    }

    #[test]
    fn html_is_no_picture() {
        assert!(matches!(
            decode(b"<html><script>alert(1)</script>"),
            Err(Refused::Format(_))
        ));
    }
}
