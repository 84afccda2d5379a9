//! The favicon's PNGs, drawn from its SVG at build time: the 32-pixel icon browsers without
//! SVG icons take, the 180-pixel apple-touch-icon (opaque: iOS fills transparency with
//! black) and the 512-pixel icon of the web manifest. Drawn from the site's own
//! `static/favicon.svg` when it has one, so replacing the SVG replaces them all.

use resvg::{tiny_skia, usvg};

/// The files folio makes for the favicon unless the site's `static/` has its own.
pub const MADE: &[&str] = &[
    "favicon-32.png",
    "apple-touch-icon.png",
    "icon-512.png",
    MANIFEST,
];

/// The web manifest: the site's name and icons, for a phone's home screen.
pub const MANIFEST: &str = "site.webmanifest";

/// The web manifest of a site called `title` published at `root`.
pub fn manifest(title: &str, root: &str) -> String {
    let json = serde_json::json!({
        "name": title,
        "short_name": title,
        "start_url": root,
        "display": "browser",
        "icons": [
            { "src": format!("{root}favicon.svg"), "sizes": "any", "type": "image/svg+xml" },
            { "src": format!("{root}apple-touch-icon.png"), "sizes": "180x180", "type": "image/png" },
            { "src": format!("{root}icon-512.png"), "sizes": "512x512", "type": "image/png" },
        ],
    });
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

/// The PNGs made from the favicon: (file name, size, opaque background).
pub const PNGS: &[(&str, u32, Background)] = &[
    ("favicon-32.png", 32, Background::Clear),
    ("apple-touch-icon.png", 180, Background::White),
    ("icon-512.png", 512, Background::Clear),
];

/// What is under the icon's transparent parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Clear,
    White,
}

/// The icon `svg` drawn `size` pixels a side, as PNG, or why it cannot be.
pub fn png(svg: &[u8], size: u32, background: Background) -> Result<Vec<u8>, String> {
    // The favicon is the owner's: its files are not read either.
    let mut options = usvg::Options {
        fontdb: crate::fonts::database(),
        resources_dir: None,
        ..usvg::Options::default()
    };
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    };
    crate::inert::bounded_expansion(svg)?;
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("an empty icon")?;
    if background == Background::White {
        pixmap.fill(tiny_skia::Color::WHITE);
    }
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_favicon_draws_at_every_size() {
        let svg = include_bytes!("../../static/favicon.svg");
        for &(name, size, background) in PNGS {
            let png = png(svg, size, background).unwrap();
            let decoded = image::load_from_memory(&png).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (size, size), "{name}");
        }
    }
}
