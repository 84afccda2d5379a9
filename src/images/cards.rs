//! Social cards: the 1200×630 picture a link to a page shows in Slack, LinkedIn or
//! Mastodon, drawn from the SVG the theme's `card.svg` template makes. resvg draws it with
//! the fonts compiled into folio ([`crate::fonts`]) and nothing else: no system font, no
//! file or URL the SVG names (the one picture it may show is the person's processed
//! avatar, handed over in memory as `folio:avatar`), so every machine draws the same
//! bytes. The PNG has a palette: a flat card looks the same at a third of the size.

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use super::cache::{Cache, Key};

/// The size of every card, as Open Graph and X expect for a large picture.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Changes whenever the drawing does: cards drawn by another version are not taken.
const VERSION: &[u8] = b"card-3";

/// The key of the card drawn from `svg` and the avatar of fingerprint `avatar_print`:
/// everything its bytes depend on.
fn key(svg: &str, avatar_print: Option<u64>) -> Key {
    let avatar = avatar_print.unwrap_or_default().to_le_bytes();
    Key::of(&[VERSION, svg.as_bytes(), &avatar])
}

/// A fingerprint of what the card drawn from `svg` and the avatar of fingerprint
/// `avatar_print` is made from: it names the card's file.
pub fn print(svg: &str, avatar_print: Option<u64>) -> u64 {
    key(svg, avatar_print).0
}

/// The card drawn from `svg` (with `avatar`, a JPEG whose fingerprint is `avatar_print`,
/// as `folio:avatar`), from the cache when it has it. The reason when the SVG cannot be
/// drawn.
pub fn draw(
    svg: &str,
    avatar: Option<Vec<u8>>,
    avatar_print: Option<u64>,
    cache: &Cache,
) -> Result<Vec<u8>, String> {
    cache.get_or_make(key(svg, avatar_print), || encode_card(render(svg, avatar)?))
}

/// The card's pixels as a palette PNG. Drawn on opaque white, premultiplied RGBA is
/// plain RGBA.
fn encode_card(pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    super::encode::palette_png(pixmap.width(), pixmap.height(), pixmap.data())
}

/// Options that read nothing but the fonts compiled in and the avatar given.
fn options(avatar: Option<Vec<u8>>) -> usvg::Options<'static> {
    let avatar = avatar.map(Arc::new);
    let mut options = usvg::Options {
        fontdb: crate::fonts::database(),
        font_family: crate::fonts::FAMILY.into(),
        resources_dir: None,
        ..usvg::Options::default()
    };
    // usvg's own resolvers read files and data: URLs; a template must not.
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(move |href, _| match (href, &avatar) {
            ("folio:avatar", Some(jpeg)) => Some(usvg::ImageKind::JPEG(jpeg.clone())),
            _ => None,
        }),
    };
    options
}

/// The SVG drawn on an opaque white card of [`WIDTH`]×[`HEIGHT`], whatever size it says.
fn render(svg: &str, avatar: Option<Vec<u8>>) -> Result<tiny_skia::Pixmap, String> {
    // A name may hold characters XML does not allow (U+FFFF): they cannot be drawn anyway.
    let svg: String = svg.chars().filter(|&c| is_xml_char(c)).collect();
    let tree = usvg::Tree::from_str(&svg, &options(avatar))
        .map_err(|e| format!("the card template did not make an SVG resvg can draw: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for the card")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_reads_no_file_the_svg_names() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.png");
        std::fs::write(&secret, b"not drawn").unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><image href="{}" width="1200" height="630"/><text x="10" y="100" font-size="60">Ada</text></svg>"#,
            secret.display()
        );
        let png = draw(&svg, None, None, &Cache::none()).unwrap();
        let again = draw(&svg, None, None, &Cache::none()).unwrap();
        assert_eq!(png, again);
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
    }
}
