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

/// The most pixels a pattern's tile may have once drawn at the icon's size: resvg makes a
/// pixmap of the tile's whole size, so a tile of 1e9 by 1e9 (a 271-byte favicon) asked for
/// 400 petabytes and aborted the build, which no `catch_unwind` catches.
pub const MAX_TILE_PIXELS: f32 = 4096.0 * 4096.0;

/// The largest radius, in pixels of the drawn icon, an `feMorphology` may have: resvg looks
/// at every pixel within it for each pixel, so the time grows as its square (4 s at 10 in
/// a debug build, radius 100 never finished).
pub const MAX_MORPHOLOGY_PIXELS: f32 = 8.0;

/// The largest `order` of an `feConvolveMatrix`: each pixel weighs order² others (21 took
/// 27 s in a debug build; 300 never finished). Icons blur or sharpen with small kernels.
pub const MAX_CONVOLVE_ORDER: u32 = 9;

/// What drawing an icon costs, as [`layers`] finds it.
#[derive(Debug, Default)]
struct Cost {
    /// The most layers one inside another.
    deepest: usize,
    /// The most octaves of a turbulence.
    octaves: u32,
    /// The largest morphology radius, in user units.
    morphology: f32,
    /// The largest convolution matrix's order.
    convolve: u32,
    /// The largest pattern tile's area, in user units, its transform's scale applied.
    tile: f32,
}

/// How deep `group`'s layers go: the most groups resvg draws on their own pixmaps, one
/// inside another, the most octaves of noise its filters ask for, and the sizes of the
/// filters and pattern tiles whose cost grows with them. Clip paths, masks (and
/// their own), `feImage` elements and patterns' tiles are pictures of their own too, with
/// their layers inside; a text is drawn as its outlines. On a stack, not recursion.
fn layers(group: &usvg::Group) -> Cost {
    let mut cost = Cost::default();
    let mut stack = vec![(group, 0)];
    while let Some((group, above)) = stack.pop() {
        let depth = above + usize::from(group.should_isolate());
        cost.deepest = cost.deepest.max(depth);
        for filter in group.filters() {
            for primitive in filter.primitives() {
                match primitive.kind() {
                    usvg::filter::Kind::Turbulence(noise) => {
                        cost.octaves = cost.octaves.max(noise.num_octaves());
                    }
                    usvg::filter::Kind::Morphology(morphology) => {
                        let radius = morphology.radius_x().get().max(morphology.radius_y().get());
                        cost.morphology = cost.morphology.max(radius);
                    }
                    usvg::filter::Kind::ConvolveMatrix(convolve) => {
                        let matrix = convolve.matrix();
                        cost.convolve = cost.convolve.max(matrix.columns().max(matrix.rows()));
                    }
                    usvg::filter::Kind::Image(image) => stack.push((image.root(), depth + 1)),
                    _ => {}
                }
            }
        }
        let clips = std::iter::successors(group.clip_path(), |c| c.clip_path()).map(|c| c.root());
        let masks = std::iter::successors(group.mask(), |m| m.mask()).map(|m| m.root());
        stack.extend(clips.chain(masks).map(|root| (root, depth + 1)));
        for child in group.children() {
            match child {
                usvg::Node::Group(inner) => stack.push((inner, depth)),
                usvg::Node::Path(path) => {
                    let fill = path.fill().map(|f| f.paint());
                    let stroke = path.stroke().map(|s| s.paint());
                    for paint in fill.into_iter().chain(stroke) {
                        if let usvg::Paint::Pattern(pattern) = paint {
                            let (sx, sy) = pattern.transform().get_scale();
                            let rect = pattern.rect();
                            let area = rect.width() * sx * rect.height() * sy;
                            cost.tile = cost.tile.max(area);
                            stack.push((pattern.root(), depth + 1));
                        }
                    }
                }
                usvg::Node::Text(text) => stack.push((text.flattened(), depth)),
                usvg::Node::Image(image) => {
                    if let usvg::ImageKind::SVG(tree) = image.kind() {
                        stack.push((tree.root(), depth + 1));
                    }
                }
            }
        }
    }
    cost
}

/// Changes whenever the drawing does: icons drawn by another version are not taken.
const VERSION: &[u8] = b"favicon-1";

/// [`png`], from `cache` when it has the icon drawn from these very bytes: the icons cost
/// a build about as much as a hundred pages, and they change only with the SVG.
pub fn cached_png(
    svg: &[u8],
    size: u32,
    background: Background,
    cache: &super::Cache,
) -> Result<Vec<u8>, String> {
    let opaque = [u8::from(background == Background::White)];
    let key = super::cache::Key::of(&[VERSION, svg, &size.to_le_bytes(), &opaque]);
    cache.get_or_make(key, || png(svg, size, background))
}

/// The icon `svg` drawn `size` pixels a side, as PNG, or why it cannot be.
pub fn png(svg: &[u8], size: u32, background: Background) -> Result<Vec<u8>, String> {
    crate::inert::on_usvgs_stack(|| drawn(svg, size, background))?
}

fn drawn(svg: &[u8], size: u32, background: Background) -> Result<Vec<u8>, String> {
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
    let Cost {
        deepest: deep,
        octaves,
        morphology,
        convolve,
        tile,
    } = layers(tree.root());
    // User units to the icon's pixels.
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    // NaN (a tile of infinite size) is refused too.
    let over = |value: f32, most: f32| value.is_nan() || value > most;
    if over(tile * scale * scale, MAX_TILE_PIXELS) {
        return Err(format!(
            "it has a pattern whose tile is {:.0} pixels at {size} pixels a side; a tile may \
             have at most {MAX_TILE_PIXELS} (4096 by 4096)",
            tile * scale * scale
        ));
    }
    if over(morphology * scale, MAX_MORPHOLOGY_PIXELS) {
        return Err(format!(
            "it has an feMorphology of radius {:.0} pixels at {size} pixels a side; an icon \
             may have at most {MAX_MORPHOLOGY_PIXELS}",
            morphology * scale
        ));
    }
    if convolve > MAX_CONVOLVE_ORDER {
        return Err(format!(
            "it has an feConvolveMatrix of order {convolve}; an icon may have at most \
             {MAX_CONVOLVE_ORDER}"
        ));
    }
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
        // The same layers inside what resvg draws apart: a pattern's tile, a mask's mask,
        // an feImage's element, a text's outlines (each walked past before).
        // Each wrapping: its name, what comes before the layers and what after.
        let wraps = [
            (
                "pattern",
                r#"<pattern id="p" width="100" height="100" patternUnits="userSpaceOnUse">"#,
                r#"</pattern><rect width="100" height="100" fill="url(#p)"/>"#,
            ),
            (
                "mask of a mask",
                r#"<mask id="m2">"#,
                r#"</mask><mask id="m" mask="url(#m2)"><rect width="100" height="100" fill="white"/></mask><rect width="100" height="100" mask="url(#m)"/>"#,
            ),
            (
                "feImage",
                r#"<defs><g id="e">"#,
                r##"</g></defs><filter id="f"><feImage href="#e"/></filter><rect width="100" height="100" filter="url(#f)"/>"##,
            ),
        ];
        let inside = |n: usize, before: &str, after: &str| {
            let body = nested(n);
            let body = &body[body.find('>').unwrap() + 1..body.rfind("</svg>").unwrap()];
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{before}{body}{after}</svg>"#
            )
        };
        for (name, before, after) in wraps {
            let why = png(inside(80, before, after).as_bytes(), 512, Background::Clear);
            assert!(
                matches!(&why, Err(why) if why.contains("at most 12")),
                "{name}: {:?}",
                why.map(|_| "drawn")
            );
            let fine = png(inside(3, before, after).as_bytes(), 512, Background::Clear);
            assert!(fine.is_ok(), "{name}: {:?}", fine.map(|_| "drawn"));
        }
        // A noise of 100,000 octaves overflowed in resvg.
        let noise = |octaves: u32| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="{octaves}"/></filter><rect width="100" height="100" filter="url(#f)"/></svg>"#
            )
        };
        let why = png(noise(100_000).as_bytes(), 32, Background::Clear).unwrap_err();
        assert!(why.contains("100000 octaves"), "{why}");
        assert!(png(noise(4).as_bytes(), 32, Background::Clear).is_ok());
        // And inside a pattern's tile.
        let tiled = noise(100_000).replace(
            r#"<rect width="100" height="100" filter="url(#f)"/>"#,
            r#"<pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="10" height="10" filter="url(#f)"/></pattern><rect width="100" height="100" fill="url(#p)"/>"#,
        );
        let why = png(tiled.as_bytes(), 32, Background::Clear).map(|_| "drawn");
        assert!(
            matches!(why, Err(ref why) if why.contains("100000 octaves")),
            "{why:?}"
        );
        // Whatever resvg cannot draw is refused; a turbulence of a huge frequency made it
        // overflow.
        let huge = noise(1).replace("0.05", "1e10");
        let drawn = png(huge.as_bytes(), 32, Background::Clear);
        assert!(cfg!(not(debug_assertions)) || drawn.is_err(), "{drawn:?}");
    }

    #[test]
    fn an_icon_whose_tiles_or_filters_cost_with_their_size_is_refused() {
        let icon = |body: &str| {
            format!(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{body}</svg>"#)
        };
        let drawn = |body: &str| png(icon(body).as_bytes(), 512, Background::Clear);
        // A fifth hostile round's favicons: a tile of 1e9 by 1e9 (271 bytes) aborted the
        // build asking for 400 petabytes; a morphology of radius 100 never finished; a
        // convolution of order 21 took 27 s.
        let tile = |size: &str| {
            format!(
                r#"<pattern id="p" width="{size}" height="{size}" patternUnits="userSpaceOnUse"><rect width="5" height="5"/></pattern><rect width="100" height="100" fill="url(#p)"/>"#
            )
        };
        let why = drawn(&tile("1e9")).unwrap_err();
        assert!(why.contains("pattern whose tile"), "{why}");
        assert!(drawn(&tile("10")).is_ok());
        let filtered = |primitive: &str| {
            format!(
                r#"<filter id="f">{primitive}</filter><rect width="100" height="100" filter="url(#f)"/>"#
            )
        };
        let why = drawn(&filtered(r#"<feMorphology radius="100"/>"#)).unwrap_err();
        assert!(why.contains("feMorphology of radius 512"), "{why}");
        assert!(drawn(&filtered(r#"<feMorphology radius="1"/>"#)).is_ok());
        let kernel = |order: usize| {
            format!(
                r#"<feConvolveMatrix order="{order}" kernelMatrix="{}"/>"#,
                vec!["1"; order * order].join(" ")
            )
        };
        let why = drawn(&filtered(&kernel(21))).unwrap_err();
        assert!(why.contains("order 21"), "{why}");
        assert!(drawn(&filtered(&kernel(3))).is_ok());
    }
}
