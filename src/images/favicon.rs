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

/// How many layers resvg may draw the icon on at once: each group with an opacity, a clip
/// path, a mask, a filter or a blend is drawn on its own pixmap of up to 25 times the
/// icon's pixels, kept until the group is done, so 80 such groups one inside the other (a
/// 1.8 KB favicon) took 1.5 GB.
pub const MAX_LAYERS: usize = 12;

/// The most octaves of noise an `feTurbulence` may add up at each pixel: resvg adds up
/// each, doubling the frequency every time, so `numOctaves="100000"` overflowed (a crash;
/// without overflow checks, days of work). Past ten, no octave changes a pixel.
pub const MAX_OCTAVES: u32 = 24;

/// How deep `group`'s layers go: the most groups resvg draws on their own pixmaps, one
/// inside another (clip paths and masks too), and the most octaves of noise its filters
/// ask for. On a stack, not recursion.
fn layers(group: &usvg::Group) -> (usize, u32) {
    let mut deepest = 0;
    let mut octaves = 0;
    let mut stack = vec![(group, 0)];
    while let Some((group, above)) = stack.pop() {
        for filter in group.filters() {
            for primitive in filter.primitives() {
                if let usvg::filter::Kind::Turbulence(noise) = primitive.kind() {
                    octaves = octaves.max(noise.num_octaves());
                }
            }
        }
        let depth = above + usize::from(group.should_isolate());
        deepest = deepest.max(depth);
        let clips = group.clip_path().map(|c| c.root());
        let masks = group.mask().map(|m| m.root());
        for inner in clips.into_iter().chain(masks) {
            stack.push((inner, depth + 1));
        }
        for child in group.children() {
            if let usvg::Node::Group(inner) = child {
                stack.push((inner, depth));
            }
        }
    }
    (deepest, octaves)
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
    let (deep, octaves) = layers(tree.root());
    if octaves > MAX_OCTAVES {
        return Err(format!(
            "it has a turbulence filter of {octaves} octaves; an icon may have at most \
             {MAX_OCTAVES}"
        ));
    }
    if deep > MAX_LAYERS {
        return Err(format!(
            "it has {deep} groups with an opacity, clip path, mask, filter or blend one inside \
             another; an icon may have at most {MAX_LAYERS} (each is drawn on its own picture)"
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("an empty icon")?;
    if background == Background::White {
        pixmap.fill(tiny_skia::Color::WHITE);
    }
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    // resvg's arithmetic overflows on some inputs (a turbulence of `baseFrequency="1e10"`
    // crashed the build): what cannot be drawn is refused, not the build ended.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        )
    }));
    if drawn.is_err() {
        return Err("resvg could not draw it (its numbers overflowed)".to_string());
    }
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

    #[test]
    fn an_icon_of_layers_within_layers_is_refused() {
        // The hostile tester's favicon, 1.8 KB: 80 groups with an opacity, one inside the
        // other, around a large square; the build took 1.5 GB.
        let nested = |n: usize| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{}<rect x="-1e6" y="-1e6" width="2e6" height="2e6"/>{}</svg>"#,
                r#"<g opacity="0.9">"#.repeat(n),
                "</g>".repeat(n)
            )
        };
        let why = png(nested(80).as_bytes(), 512, Background::Clear).unwrap_err();
        assert!(why.contains("at most 12"), "{why}");
        assert!(png(nested(3).as_bytes(), 512, Background::Clear).is_ok());
        // A noise of 100,000 octaves overflowed in resvg.
        let noise = |octaves: u32| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="{octaves}"/></filter><rect width="100" height="100" filter="url(#f)"/></svg>"#
            )
        };
        let why = png(noise(100_000).as_bytes(), 32, Background::Clear).unwrap_err();
        assert!(why.contains("100000 octaves"), "{why}");
        assert!(png(noise(4).as_bytes(), 32, Background::Clear).is_ok());
        // Whatever resvg cannot draw is refused; a turbulence of a huge frequency made it
        // overflow.
        let huge = noise(1).replace("0.05", "1e10");
        let drawn = png(huge.as_bytes(), 32, Background::Clear);
        assert!(cfg!(not(debug_assertions)) || drawn.is_err(), "{drawn:?}");
    }
}
