//! How much an SVG grows inside usvg, measured before usvg reads it.
//!
//! usvg copies what an SVG refers to wherever it is referred to: the target of every
//! `<use>` (and `<tref>` and `<feImage>`); a marker at every vertex of each shape that
//! names it; a pattern's content for every shape it fills or strokes (every glyph of a
//! text); a clip path, mask or filter for every element it applies to. Each copy brings
//! the references inside it, copied in turn. So a few kilobytes that refer to each other
//! in levels become gigabytes: a 420 KB path of 50,000 points with a marker of 2,000
//! squares took 8 GB before the machine refused it. [`bounded_expansion`] adds up what the
//! copies would weigh, in one pass over the document, and refuses the file past a bound.
//!
//! The count errs on the side of more: every number of a path's data is taken for a
//! vertex; a reference a stylesheet gives is counted at every element its rules match.

use std::cell::Cell;
use std::collections::HashMap;

/// How much usvg's copies may add to an SVG, in bytes of names, attributes and text: a few
/// levels of `<use>` that each use the one below twice make a 48 KB file a gigabyte.
pub const MAX_ADDED_BYTES: u64 = 4 * 1024 * 1024;

/// How many elements usvg's copies may add to an SVG.
pub const MAX_ADDED_ELEMENTS: u64 = 50_000;

/// How many references (`url(#id)`) an SVG's stylesheet may give its elements in all, each
/// element counted with every rule that matches it: what each names is then copied as if
/// the element named it itself.
pub const MAX_SHEET_REFERENCES: usize = 100_000;

/// How many steps usvg may take to match an SVG's stylesheet to its elements and the copies
/// `<use>` makes of them: usvg tries every rule on every element, and a selector of
/// descendants (`x * * * * *`) tries every chain of ancestors: 24 of them over 60 nested
/// groups, a 642-byte file, kept the build busy forever.
pub const MAX_SHEET_STEPS: u64 = 10_000_000;

/// How many bytes usvg's stylesheet parser (simplecss) may scan to say where its errors are:
/// each is placed by its line and column, counted from the start of the sheet, and every
/// number without a unit and every declaration's end is one; a 40 KB sheet of numbers took
/// 27 s, and 400 KB more than two minutes.
pub const MAX_SHEET_PARSE: u64 = 200_000_000;

/// How many characters of text an SVG may hold, with the copies usvg makes of them: usvg
/// lays out and draws every glyph, and a megabyte of letters kept the build busy for more
/// than two minutes (11,000 spans of 20 placed letters: 34 s and 880 MB).
pub const MAX_GLYPHS: u64 = 20_000;

/// How far, in powers of ten, text on a path may be enlarged: usvg measures the path to
/// an accuracy of half a unit on the screen, so a text path under `scale(1e20)` is
/// measured to an accuracy of zero, and kurbo's search for a length overflowed (a
/// 474-byte file crashed the build; without overflow checks the search never ends).
pub const MAX_TEXT_PATH_SCALE: f64 = 12.0;

/// How many markers, patterns, clip paths, masks, filters and gradients may share one id.
/// usvg finds a `url(#id)` or a pattern's `href` by the last element with that id (or a
/// copy of another one a `<use>` made), so each is counted as the heaviest of them; the
/// bound keeps that linear.
pub const MAX_SAME_ID: usize = 8;

/// The most `<tref>` elements an SVG may have: usvg finds each one's text by a search of the
/// whole document (100,000 in 2 MB took 14 s). `<tref>` is long deprecated.
pub const MAX_TREFS: usize = 100;

/// How large a radius may be, of a circle, an ellipse, a rounded corner or an arc of path
/// data. usvg draws each as curves, more of them the larger it is (the sixth root of its
/// size over a tenth of a unit): a 90-byte `<circle r="1e30"/>` was 10 MB written back,
/// and 500 of them (9 KB) ended the build out of memory; at 1e9, 150,000 circles (2.5 MB)
/// were 477 MB, and at 1e6 a third hostile tester's 100,000 circles (1.7 MB) 102 MB. A
/// hundred thousand is about two and a half times the curves of a small circle.
pub const MAX_RADIUS: f64 = 1e5;

/// How many segments in a row of path data may be closes or arcs. svgtypes reads a segment
/// that draws nothing (a close after a close, an arc that ends where it starts) by calling
/// itself for the next one, so 30,000 of them (30 KB) overflowed the stack: the whole build
/// was aborted, no error named the file.
pub const MAX_EMPTY_RUN: usize = 2_000;

/// How many numbers a `stroke-dasharray` may list: usvg writes the list (doubled when it is
/// of odd length) onto every shape that inherits it, so 1,999 numbers on a group of 100,000
/// paths (1.8 MB) were 808 MB written back, in 46 s.
pub const MAX_DASHES: usize = 64;

/// How deeply elements may nest. usvg reads a text's spans, and nested `<svg>` elements,
/// one level within another: 3,000 nested `<tspan>` (45 KB) overflowed the main thread's
/// stack and 600 a worker's, aborting the whole build.
pub const MAX_DEPTH: usize = 128;

/// How many parts a `filter` may list (`url(#f)` or a function such as `blur(2px)`; every
/// parenthesis counts): usvg makes a filter of each, copied for the element, and finds
/// each among those it has one by one, so 320,000 functions in one attribute took 28 s
/// and a stylesheet's `url(#f)` 20,000 times took 6.7 GB.
pub const MAX_FILTER_PARTS: u64 = 32;

/// How many filters usvg may make for an SVG: one for each part of every `filter` on every
/// element and copy of one. It finds each among those it has made, one by one, so the time
/// grows as their square: 80,000 elements of one `blur(1)` each took 2.3 s, and the million
/// elements usvg reads would take minutes.
pub const MAX_FILTERS: u64 = 10_000;

/// How many bytes an SVG's entities may expand to: roxmltree (under usvg and this measure)
/// expands each reference to an entity where it stands, and bounds only entities within
/// entities, so an entity of 200 KB referred to 20,000 times is 4 GB of text from an 80 KB
/// file.
pub const MAX_ENTITY_BYTES: u64 = MAX_ADDED_BYTES;

/// At least the bytes the references to entities declared in `text` expand to: each entity
/// counts its value with the entities it refers to expanded (roxmltree expands ten levels
/// at most), and every `&name;` of a declared entity anywhere in the text counts as one
/// reference. Linear in the text, times the ten levels.
fn entity_bytes(text: &str) -> u64 {
    // name -> value, as `<!ENTITY name "value">` or with single quotes; an external
    // entity (SYSTEM, PUBLIC) is not read by roxmltree.
    let mut values: HashMap<&str, &str> = HashMap::new();
    for (at, _) in text.match_indices("<!ENTITY") {
        let rest = text[at + "<!ENTITY".len()..].trim_start();
        let rest = rest.strip_prefix('%').unwrap_or(rest).trim_start();
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '"' | '\''))
            .unwrap_or(rest.len());
        let (name, rest) = rest.split_at(end);
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let value = &rest[1..];
        let value = &value[..value.find(quote).unwrap_or(value.len())];
        // roxmltree takes the first declaration of a name.
        values.entry(name).or_insert(value);
    }
    if values.is_empty() {
        return 0;
    }
    fn references<'t>(text: &'t str, values: &HashMap<&str, &str>) -> Vec<&'t str> {
        text.split('&')
            .skip(1)
            .filter_map(|after| after.split_once(';').map(|(name, _)| name))
            .filter(|name| values.contains_key(name))
            .collect()
    }
    // Sizes with nine levels of references expanded, then ten: deeper, roxmltree refuses.
    let mut sizes: HashMap<&str, u64> = values.keys().map(|name| (*name, 0)).collect();
    for _ in 0..=10 {
        let next: HashMap<&str, u64> = values
            .iter()
            .map(|(name, value)| {
                let inner = references(value, &values)
                    .iter()
                    .map(|r| sizes.get(*r).copied().unwrap_or_default())
                    .fold(0u64, u64::saturating_add);
                (*name, (value.len() as u64).saturating_add(inner))
            })
            .collect();
        sizes = next;
    }
    references(text, &values)
        .iter()
        .map(|r| sizes.get(*r).copied().unwrap_or_default())
        .fold(0u64, u64::saturating_add)
}

/// Why [`expansion`] gives no weight.
#[derive(Debug, PartialEq)]
enum Refused {
    /// A `<use>` refers to itself through its ancestors or other uses, or a pattern,
    /// gradient or filter to itself through `href`.
    UseLoop,
    /// A pattern, mask, clip path or filter refers back to itself through `url()`.
    ReferenceLoop,
    /// The tree usvg would make is this deep, past [`MAX_DRAWN_DEPTH`].
    Deep(u64),
    /// More than [`MAX_SAME_ID`] markers, patterns, clip paths, masks, filters and
    /// gradients share this id.
    SameId(String),
    /// A stylesheet gives its elements more than [`MAX_SHEET_REFERENCES`] references.
    CrowdedSheet,
    /// Matching the stylesheet to the elements takes more than [`MAX_SHEET_STEPS`].
    SlowSheet,
    /// A declaration of the stylesheet is refused by [`refuse_declaration`]: why.
    Declaration(String),
    /// A pattern or marker would inherit a reference from around it: why.
    Inherited(String),
    /// A text usvg would shape or write at a cost out of proportion: why.
    Text(String),
    /// A path usvg would draw at a cost out of proportion: why.
    Path(String),
}

/// Whether the SVG `bytes`, with everything usvg copies copied, stays within
/// [`MAX_ADDED_BYTES`] and [`MAX_ADDED_ELEMENTS`] of the file itself. What usvg cannot
/// read passes, for usvg to say why.
pub fn bounded_expansion(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    // Before parsing: roxmltree's expanding the entities is the copy.
    let entities = entity_bytes(text);
    if entities > MAX_ENTITY_BYTES {
        return Err(format!(
            "it is an SVG whose entities (`<!ENTITY>` in its DOCTYPE) expand to {:.0} MB where \
             they are referred to; they may expand to at most {} MB",
            entities as f64 / 1e6,
            MAX_ENTITY_BYTES / (1024 * 1024)
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Ok(());
    };
    one_of_each_name(&doc)?;
    shapes_and_names(&doc)?;
    let added = match expansion(&doc) {
        Ok(added) => added,
        Err(Refused::UseLoop) => {
            return Err(
                "it is an SVG whose `<use>` elements (or patterns, gradients and filters, through \
                 `href`) refer to themselves, through the elements around them or each other; \
                 an SVG may only use what does not use it back"
                    .to_string(),
            );
        }
        Err(Refused::Deep(depth)) => {
            return Err(format!(
                "it is an SVG whose elements, with what its `<use>` elements copy and its \
                 patterns, masks and markers draw within them, nest {depth} deep; they may \
                 nest at most {MAX_DRAWN_DEPTH} deep"
            ));
        }
        Err(Refused::ReferenceLoop) => {
            return Err(
                "it is an SVG whose patterns, masks, clip paths or filters refer back to \
                 themselves through `url(...)` (a pattern painting its own content, directly or \
                 through others, a mask masked by itself); usvg would draw them within \
                 themselves without end"
                    .to_string(),
            );
        }
        Err(Refused::SameId(id)) => {
            return Err(format!(
                "it is an SVG in which more than {MAX_SAME_ID} markers, patterns, clip paths, \
                 masks, filters and gradients have the id \"{id}\"; give each its own"
            ));
        }
        Err(Refused::CrowdedSheet) => {
            return Err(format!(
                "it is an SVG whose stylesheet gives its elements more than \
                 {MAX_SHEET_REFERENCES} references (`url(#...)`, each counted for every element \
                 its rule matches)"
            ));
        }
        Err(Refused::SlowSheet) => return Err(slow_sheet()),
        Err(
            Refused::Declaration(why)
            | Refused::Inherited(why)
            | Refused::Text(why)
            | Refused::Path(why),
        ) => {
            return Err(why);
        }
    };
    if added.sheet_steps > MAX_SHEET_STEPS {
        return Err(slow_sheet());
    }
    if let Some(power) = added.text_path_power
        && power > (MAX_TEXT_PATH_SCALE * 1000.0) as u64
    {
        return Err(format!(
            "it is an SVG that enlarges text on a path about 1e{} times, through its \
             transforms and view boxes; it may enlarge it at most 1e{MAX_TEXT_PATH_SCALE} times",
            power / 1000
        ));
    }
    if added.filters > MAX_FILTERS {
        return Err(format!(
            "it is an SVG with {} filters once each part of every `filter` is counted on every \
             element it applies to, copies included; it may have at most {MAX_FILTERS} (give \
             the filter to a group around the elements instead)",
            added.filters
        ));
    }
    if added.glyphs > MAX_GLYPHS {
        return Err(format!(
            "it is an SVG with {} characters of text once what it refers to is copied where \
             it is used; it may have at most {MAX_GLYPHS} (draw long text in the page instead)",
            added.glyphs
        ));
    }
    if added.bytes == u64::MAX || added.elements == u64::MAX {
        return Err(
            "it is an SVG whose references would add more to it than can be counted once each \
             is copied where it is used (markers drawing markers, uses of uses, in levels)"
                .to_string(),
        );
    }
    if added.bytes > MAX_ADDED_BYTES || added.elements > MAX_ADDED_ELEMENTS {
        return Err(format!(
            "it is an SVG whose references would add {:.0} MB and {} elements to it once \
             each is copied where it is used (a `<use>`'s target, a marker at every vertex, \
             a pattern in every shape it paints) and its arcs are drawn as curves (an arc too \
             small to reach its end point is stretched until it does, and the larger, the \
             more curves); they may add at most {} MB and {} elements (a `<use>` of an \
             element that itself uses others twice, in levels, doubles at every level)",
            added.bytes as f64 / 1e6,
            added.elements,
            MAX_ADDED_BYTES / (1024 * 1024),
            MAX_ADDED_ELEMENTS
        ));
    }
    Ok(())
}

/// The namespaces of the attributes usvg reads: none, SVG's, XLink's and XML's.
fn read_by_usvg(attribute: &roxmltree::Attribute) -> bool {
    matches!(
        attribute.namespace(),
        None | Some(
            "http://www.w3.org/2000/svg"
                | "http://www.w3.org/1999/xlink"
                | "http://www.w3.org/XML/1998/namespace"
        )
    )
}

/// The value of `node`'s attribute `name` as usvg reads it. roxmltree's own `attribute`
/// takes the first of that name in any namespace, so `f:r="1" r="1e30"` (with `f` some
/// other namespace) would be measured as 1 and drawn as 1e30.
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name && read_by_usvg(a))
        .map(|a| a.value())
}

/// Refuses an element with two attributes of one name in the namespaces usvg reads (`id`
/// and `xml:id`, say): which of them usvg takes is its own business, and the measure must
/// read the same one. `href` and `xlink:href` are both counted wherever they are read.
fn one_of_each_name(doc: &roxmltree::Document) -> Result<(), String> {
    let mut trefs = 0;
    for node in doc.descendants().filter(|n| n.is_element()) {
        // usvg looks these up by their name in any namespace (roxmltree's `attribute(&str)`):
        // a `style` in another namespace was applied and read by no check, and an `id` there
        // named a `<use>`'s target no count saw (a tenth hostile round).
        if let Some(foreign) = node
            .attributes()
            .find(|a| !read_by_usvg(a) && matches!(a.name(), "style" | "id" | "href"))
        {
            return Err(format!(
                "it is an SVG whose <{}> has the attribute `{}` in the namespace {} (line {}); \
                 write it without a namespace",
                node.tag_name().name(),
                foreign.name(),
                foreign.namespace().unwrap_or_default(),
                doc.text_pos_at(node.range().start).row
            ));
        }
        // usvg looks each `<tref>`'s target up through the whole document.
        trefs += usize::from(node.has_tag_name("tref"));
        if trefs > MAX_TREFS {
            return Err(format!(
                "it is an SVG with more than {MAX_TREFS} `<tref>` elements; usvg searches the \
                 whole file for the text of each (write the text itself)"
            ));
        }
        let mut names: Vec<&str> = node
            .attributes()
            .filter(|a| read_by_usvg(a) && a.name() != "href")
            .map(|a| a.name())
            .collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(format!(
                "it is an SVG whose <{}> has the attribute `{}` twice, in two namespaces \
                 (line {}); give it once",
                node.tag_name().name(),
                pair[0],
                doc.text_pos_at(node.range().start).row
            ));
        }
    }
    Ok(())
}

/// Refuses what usvg would grow or write back as something else before the copies are
/// counted: the id of something `url(#id)` names holding what could end the `url(…)`, a
/// radius in `em`, `ex` or `%` or past [`MAX_RADIUS`] (path data's arcs are read with their
/// curves, in [`arc_curves`]), a `filter` of more than [`MAX_FILTER_PARTS`] parts.
fn shapes_and_names(doc: &roxmltree::Document) -> Result<(), String> {
    let line = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row;
    // Each node's depth from its parent's, in document order: linear however deep.
    let mut depth = vec![0usize; doc.descendants().count()];
    // A transform given in CSS is not measured by `enlargement`: with text on a path, an
    // enlarged path sends usvg's measure of it into a search that never ends (a release
    // build has no overflow check to stop it).
    let text_on_a_path = doc.descendants().any(|n| n.has_tag_name("textPath"));
    if text_on_a_path
        && style_texts(doc)
            .iter()
            .any(|sheet| sheet.contains("transform"))
    {
        return Err(
            "it is an SVG with text on a path and a `transform` in its stylesheet; \
                    give transforms as attributes instead"
                .to_string(),
        );
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        let here = node.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[node.id().get_usize()] = here;
        if here > MAX_DEPTH {
            return Err(format!(
                "it is an SVG whose elements nest {here} deep at <{tag}> (line {}); they may \
                 nest at most {MAX_DEPTH} deep",
                line(node)
            ));
        }
        if text_on_a_path && styled(node, "transform").next().is_some() {
            return Err(format!(
                "it is an SVG with text on a path and a `transform` in the `style` of its \
                 <{tag}> (line {}); give transforms as attributes instead",
                line(node)
            ));
        }
        // usvg writes the id of a clip path, mask, filter, gradient or pattern back into
        // `url(#id)` as it is: `m), url(https://…` would make the published picture fetch
        // from another site when it is opened.
        if let Some(id) = attr(node, "id")
            && (copied_as(node).is_some() || followed(node))
            && !is_plain_name(id)
        {
            return Err(format!(
                "it is an SVG whose <{tag}> has the id \"{id}\" (line {}); the id of a clip \
                 path, mask, filter, gradient or pattern may not hold spaces or any of \
                 ( ) ' \" \\ ; , < > &",
                line(node)
            ));
        }
        for name in ["r", "rx", "ry"] {
            if let Some(value) = attr(node, name) {
                refuse_large_length(name, value, || format!("<{tag}>, line {}", line(node)))?;
            }
        }
        for name in BOUNDED_PROPERTIES {
            for value in declared(node, name) {
                refuse_declaration(name, value, || format!("<{tag}>, line {}", line(node)))?;
            }
        }
    }
    Ok(())
}

/// Whether an id holds nothing that could end a `url(#…)` or an attribute: no space,
/// control character, parenthesis, quote, backslash, `;`, `,`, `<`, `>` or `&`.
fn is_plain_name(id: &str) -> bool {
    !id.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '(' | ')' | '\'' | '"' | '\\' | ';' | ',' | '<' | '>' | '&'
            )
    })
}

/// The values of a property `name` on an element: its attribute, and the declarations of
/// its `style` read as usvg reads them (simplecss: a comment may stand before the colon, and
/// a `url(…)` may hold a `;`).
fn declared<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> impl Iterator<Item = &'a str> {
    attr(node, name).into_iter().chain(styled(node, name))
}

/// The values of the declarations of a property `name` in an element's `style`.
fn styled<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> impl Iterator<Item = &'a str> {
    attr(node, "style").into_iter().flat_map(move |style| {
        simplecss::DeclarationTokenizer::from(style)
            .filter(move |declaration| declaration.name == name)
            .map(|declaration| declaration.value)
    })
}

/// Refuses a radius or stroke width (`name`) usvg would draw as thousands of curves: past
/// [`MAX_RADIUS`] user units (a stroke of 1e7 around 400 small curves took 1.6 s, of 1e9
/// 21 s; `1e6in` is 9.6e7), or in `em`, `ex` or `%`, which grow with the font sizes around
/// it or the view box, so that the number written says nothing. Read as usvg reads a length
/// (svgtypes): what it cannot read, usvg leaves out. `place` is worked out only when it is
/// refused.
fn refuse_large_length(name: &str, value: &str, place: impl Fn() -> String) -> Result<(), String> {
    use svgtypes::LengthUnit as Unit;
    let Ok(length) = value.trim().parse::<svgtypes::Length>() else {
        return Ok(());
    };
    let user_units = match length.unit {
        Unit::None | Unit::Px => 1.0,
        Unit::In => 96.0,
        Unit::Cm => 96.0 / 2.54,
        Unit::Mm => 96.0 / 25.4,
        Unit::Pt => 4.0 / 3.0,
        Unit::Pc => 16.0,
        Unit::Em | Unit::Ex | Unit::Percent => {
            return Err(format!(
                "it is an SVG with `{name}: {value}` ({}); folio publishes radii and stroke \
                 widths written in user units (a number, or `px`), not in `em`, `ex` or `%`",
                place()
            ));
        }
    };
    if (length.number * user_units).abs() > MAX_RADIUS {
        return Err(format!(
            "it is an SVG with a `{name}` of more than a hundred thousand user units ({}); \
             usvg would draw it as thousands of curves. A radius or stroke width may be at \
             most 1e5 (scale with a `transform` instead)",
            place()
        ));
    }
    Ok(())
}

/// What path data costs usvg, read as usvg reads it (svgtypes, one segment at a time).
#[derive(Debug, Default, PartialEq)]
struct PathCosts {
    /// The largest radius of its arcs, as written or as drawn (see [`MAX_RADIUS`]): an arc
    /// too small to reach its end point is stretched until it does (kurbo), and drawn with
    /// more curves the larger it is: `A1 1 0 0 0 1e30 0` has a radius of 5e29, 66,593
    /// curves. Infinite when one is not a number.
    radius: f64,
    /// The cubic curves its arcs are drawn as, each written back and each a vertex.
    curves: u64,
    /// The longest run of segments that are closes or arcs, which may draw nothing (see
    /// [`MAX_EMPTY_RUN`]).
    empty_run: usize,
}

/// The tolerance svgtypes draws an arc's curves to (`SimplifyingPathParser`).
const ARC_TOLERANCE: f64 = 0.1;

/// [`PathCosts`] of path data. The current point is followed as svgtypes' simplifying
/// parser follows it, which usvg draws from: after an arc, the end of its last curve as
/// kurbo works it out, a little off the point written (an arc back to "the same" point
/// then draws a whole ellipse). Counting stops at the first arc whose radius as drawn is
/// past [`MAX_RADIUS`], which refuses the file: svgtypes makes an arc's curves into a list
/// it takes from the front one by one, so an arc of 60,000 curves took seconds.
fn path_costs(data: &str) -> PathCosts {
    use svgtypes::PathSegment as S;
    let mut costs = PathCosts::default();
    let (mut at, mut start) = ((0.0, 0.0), (0.0, 0.0));
    let mut run = 0;
    for segment in svgtypes::PathParser::from(data).map_while(Result::ok) {
        // The point a segment ends at, made absolute.
        let to = |abs: bool, x: f64, y: f64| match abs {
            true => (x, y),
            false => (at.0 + x, at.1 + y),
        };
        run = match segment {
            S::EllipticalArc { .. } | S::ClosePath { .. } => run + 1,
            _ => 0,
        };
        costs.empty_run = costs.empty_run.max(run);
        at = match segment {
            S::MoveTo { abs, x, y } => {
                start = to(abs, x, y);
                start
            }
            S::LineTo { abs, x, y }
            | S::CurveTo { abs, x, y, .. }
            | S::SmoothCurveTo { abs, x, y, .. }
            | S::Quadratic { abs, x, y, .. }
            | S::SmoothQuadratic { abs, x, y } => to(abs, x, y),
            S::HorizontalLineTo { abs, x } => (if abs { x } else { at.0 + x }, at.1),
            S::VerticalLineTo { abs, y } => (at.0, if abs { y } else { at.1 + y }),
            S::ClosePath { .. } => start,
            S::EllipticalArc {
                abs,
                rx,
                ry,
                x_axis_rotation,
                large_arc,
                sweep,
                x,
                y,
            } => {
                let end = to(abs, x, y);
                let arc = kurbo::SvgArc {
                    from: kurbo::Point::new(at.0, at.1),
                    to: kurbo::Point::new(end.0, end.1),
                    radii: kurbo::Vec2::new(rx, ry),
                    x_rotation: x_axis_rotation.to_radians(),
                    large_arc,
                    sweep,
                };
                costs.radius = costs.radius.max(rx.abs()).max(ry.abs());
                // No arc (its ends are one point, or a radius is next to nothing): a line.
                let Some(arc) = kurbo::Arc::from_svg_arc(&arc) else {
                    at = end;
                    continue;
                };
                let drawn = arc.radii.x.abs().max(arc.radii.y.abs());
                if drawn.is_nan() || drawn > MAX_RADIUS {
                    costs.radius = if drawn.is_nan() { f64::INFINITY } else { drawn };
                    return costs;
                }
                // At most 11 curves within the radius; none leaves the point where it was.
                let mut last = at;
                for element in arc.append_iter(ARC_TOLERANCE) {
                    costs.curves += 1;
                    if let kurbo::PathEl::CurveTo(_, _, p) = element {
                        last = (p.x, p.y);
                    }
                }
                last
            }
        };
    }
    costs
}

/// The curves each path's arcs are drawn as, by node index, each path's data read once; or
/// the path refused for an arc of a radius past [`MAX_RADIUS`], or a run of closes or arcs
/// past [`MAX_EMPTY_RUN`].
fn arc_curves(doc: &roxmltree::Document) -> Result<Vec<u64>, Refused> {
    let mut curves = vec![0; doc.descendants().count()];
    for node in doc.descendants().filter(|n| n.has_tag_name("path")) {
        let Some(data) = attr(node, "d") else {
            continue;
        };
        let costs = path_costs(data);
        let line = doc.text_pos_at(node.range().start).row;
        if costs.radius > MAX_RADIUS {
            return Err(Refused::Path(format!(
                "it is an SVG whose <path> has an arc of a radius over a hundred thousand in \
                 `d` (line {line}), as written or as drawn (an arc too small to reach its end \
                 point is stretched until it does); usvg would draw it as thousands of curves. \
                 A radius may be at most 1e5 (scale with a `transform` instead)"
            )));
        }
        if costs.empty_run > MAX_EMPTY_RUN {
            return Err(Refused::Path(format!(
                "it is an SVG whose <path> has {} closes or arcs in a row in `d` (line {line}); \
                 the SVG reader needs more memory for each, so it may have at most \
                 {MAX_EMPTY_RUN}",
                costs.empty_run
            )));
        }
        curves[node.id().get_usize()] = costs.curves;
    }
    Ok(curves)
}

/// Refuses a `stroke-dasharray` of more than [`MAX_DASHES`] numbers. `place` is worked out
/// only when it is refused.
fn refuse_long_dashes(value: &str, place: impl Fn() -> String) -> Result<(), String> {
    let dashes = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .count();
    if dashes > MAX_DASHES {
        return Err(format!(
            "it is an SVG with a `stroke-dasharray` of {dashes} numbers ({}); usvg writes it \
             onto every shape that inherits it, so it may list at most {MAX_DASHES}",
            place()
        ));
    }
    Ok(())
}

/// The parts of a `filter` value (`url(#f)`, `blur(2px)`): at least its parentheses.
fn filter_parts(value: &str) -> u64 {
    value.matches('(').count() as u64
}

/// The properties usvg turns into work or bytes in proportion to their value, wherever they
/// are written (an attribute, a `style`, a stylesheet), each refused by
/// [`refuse_declaration`] past its bound.
const BOUNDED_PROPERTIES: [&str; 7] = [
    "stroke-width",
    "stroke-dasharray",
    "filter",
    "mask",
    "clip-path",
    "font-family",
    "font",
];

/// The longest `font-family` (or `font`) an SVG may give: usvg writes it onto every span of
/// text it writes back, and every character placed by an `x` or `y` of its own is a span:
/// a list of 10,000 names over 3,000 placed letters (68 KB) was written back as 207 MB (a
/// twelfth hostile round). Real files name one to three families.
pub const MAX_FONT_FAMILY: usize = 256;

/// The most parts (spans and runs of text) one `<text>` may have: usvg shapes the whole of a
/// run of text once for each of its spans, so 10,000 one-letter spans took 26 s.
pub const MAX_TEXT_PARTS: usize = 256;

/// The most `baseline-shift`s one span of text may sit within: usvg writes each around every
/// span it writes back (120 nested over 20,000 placed letters, 64 KB, wrote 84 MB).
pub const MAX_BASELINE_SHIFTS: usize = 8;

/// Refuses a declaration of one of [`BOUNDED_PROPERTIES`] past its bound, saying where it is
/// (`place` is worked out only then: a line is counted from the start of the file).
fn refuse_declaration(name: &str, value: &str, place: impl Fn() -> String) -> Result<(), String> {
    // usvg gives an element whose mask, clip path or filter is `inherit` its parent's, a
    // copy of its own: a mask of 500 shapes on a group of 2,000 such rectangles wrote 84 MB
    // back (a ninth hostile round), uncounted, since no `url()` is written there.
    if matches!(name, "mask" | "clip-path" | "filter")
        && value.trim().eq_ignore_ascii_case("inherit")
    {
        return Err(format!(
            "it is an SVG with `{name}: inherit` ({}); usvg gives each such element a copy of \
             its parent's {name}: give the {name} to the group around the elements instead",
            place()
        ));
    }
    if matches!(name, "font-family" | "font") && value.len() > MAX_FONT_FAMILY {
        return Err(format!(
            "it is an SVG with a `{name}` of {} bytes ({}); usvg writes it onto every span of \
             text, so it may be at most {MAX_FONT_FAMILY}",
            value.len(),
            place()
        ));
    }
    match name {
        "stroke-width" => refuse_large_length(name, value, place),
        "stroke-dasharray" => refuse_long_dashes(value, place),
        "filter" => refuse_long_filter(value, place),
        _ => Ok(()),
    }
}

/// Refuses a `filter` of more than [`MAX_FILTER_PARTS`] parts.
fn refuse_long_filter(value: &str, place: impl Fn() -> String) -> Result<(), String> {
    let parts = filter_parts(value);
    if parts > MAX_FILTER_PARTS {
        return Err(format!(
            "it is an SVG with a `filter` of {parts} parts ({}); a filter may list at \
             most {MAX_FILTER_PARTS} (`url(#id)` or functions such as `blur(2px)`)",
            place()
        ));
    }
    Ok(())
}

/// Why an SVG whose stylesheet takes too long to match is refused.
fn slow_sheet() -> String {
    format!(
        "it is an SVG whose stylesheet takes more than {MAX_SHEET_STEPS} steps to match to its \
         elements and their copies (every rule is tried on every element, and a selector of \
         descendants such as `a * * *` on every chain of ancestors); write fewer rules, or \
         shorter selectors"
    )
}

/// What a node weighs with its copies: bytes (of names, attributes and text) and
/// elements; and what a marker or pattern that reaches it is copied for. Saturating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Weight {
    bytes: u64,
    elements: u64,
    /// Shapes a pattern is copied for when it paints them: paths, basic shapes, pictures,
    /// and each character of a text.
    shapes: u64,
    /// At least as many as the vertices a marker can stand on.
    vertices: u64,
    /// Characters of text, each a glyph usvg lays out and draws, with their copies.
    glyphs: u64,
    /// Steps usvg takes to match the stylesheet to the elements, with their copies.
    sheet_steps: u64,
    /// The parts of the `filter`s on the elements, each a filter usvg makes, with their
    /// copies.
    filters: u64,
    /// With a `<textPath>` within: the power of ten, in thousandths, by which transforms and
    /// view boxes up to this node may enlarge the one most enlarged.
    text_path_power: Option<u64>,
    /// The cubic curves usvg draws arcs as, with their copies: each is written back, about
    /// [`CURVE_BYTES`] in place of a few bytes of the arc.
    curves: u64,
    /// How deep the tree usvg makes of this node is, copies and what its references draw
    /// within it included: usvg reads and writes that tree one call within another.
    depth: u64,
}

/// How deep the tree usvg makes of an SVG may be, copies included. Elements may nest 128
/// deep in the file ([`MAX_DEPTH`]), but `<use>` copies nest what they copy, and a pattern's
/// content is drawn within each shape it paints: four patterns each drawing a 976-deep
/// chain of uses (7.5 KB) made usvg's writer recurse 3,400 levels and overflow a worker
/// thread's stack, aborting the build (an eleventh hostile round).
pub const MAX_DRAWN_DEPTH: u64 = 256;

/// About what usvg writes back for each curve an arc is drawn as (`C` and six numbers).
const CURVE_BYTES: u64 = 64;

impl Weight {
    fn add(self, other: Weight) -> Weight {
        Weight {
            bytes: self.bytes.saturating_add(other.bytes),
            elements: self.elements.saturating_add(other.elements),
            shapes: self.shapes.saturating_add(other.shapes),
            vertices: self.vertices.saturating_add(other.vertices),
            glyphs: self.glyphs.saturating_add(other.glyphs),
            sheet_steps: self.sheet_steps.saturating_add(other.sheet_steps),
            filters: self.filters.saturating_add(other.filters),
            // None (no text path) is less than any power.
            text_path_power: self.text_path_power.max(other.text_path_power),
            curves: self.curves.saturating_add(other.curves),
            // Side by side: as deep as the deeper.
            depth: self.depth.max(other.depth),
        }
    }

    /// `copies` copies of this weight's content, painted by their own references, not by
    /// those of the element that refers to them; but a marker's shapes may be painted by
    /// the shape it stands on (`context-fill`, `context-stroke`), whose pattern usvg then
    /// copies into each of them, so they count as that shape's (`painted_by_referrer`).
    fn times(self, copies: u64, painted_by_referrer: bool) -> Weight {
        Weight {
            bytes: self.bytes.saturating_mul(copies),
            elements: self.elements.saturating_mul(copies),
            shapes: if painted_by_referrer {
                self.shapes.saturating_mul(copies)
            } else {
                0
            },
            vertices: 0,
            glyphs: self.glyphs.saturating_mul(copies),
            sheet_steps: self.sheet_steps.saturating_mul(copies),
            filters: self.filters.saturating_mul(copies),
            text_path_power: self.text_path_power,
            curves: self.curves.saturating_mul(copies),
            depth: self.depth,
        }
    }

    /// A node's own weight: an element's name and attributes, a text's characters.
    /// `curves`: those its path data's arcs are drawn as ([`arc_curves`]).
    fn own(node: roxmltree::Node, curves: u64) -> Weight {
        if node.is_text() {
            let text = node.text().unwrap_or_default();
            let in_text = node.parent_element().is_some_and(|p| {
                matches!(p.tag_name().name(), "text" | "tspan" | "textPath" | "a")
            });
            let chars = text.chars().count() as u64;
            return Weight {
                bytes: text.len() as u64,
                glyphs: if in_text { chars } else { 0 },
                // A glyph is a path; a span's fill is copied a few times over.
                shapes: if in_text { chars + 3 } else { 0 },
                ..Weight::default()
            };
        }
        if !node.is_element() {
            return Weight::default();
        }
        let attributes = node.attributes().map(|a| {
            // name="value" and a space
            a.name().len() as u64 + a.value().len() as u64 + 4
        });
        let name = node.tag_name().name();
        // An arc's curves are vertices a marker stands on too.
        let vertices = match name {
            "path" => vertex_bound(attr(node, "d").unwrap_or_default()).saturating_add(curves),
            "polyline" | "polygon" => vertex_bound(attr(node, "points").unwrap_or_default()),
            "line" => 2,
            _ => 0,
        };
        Weight {
            bytes: attributes.fold(name.len() as u64 + 2, u64::saturating_add),
            elements: 1,
            shapes: is_shape(name) as u64,
            vertices,
            glyphs: 0,
            sheet_steps: 0,
            filters: declared(node, "filter").map(filter_parts).sum(),
            text_path_power: (name == "textPath").then_some(0),
            curves,
            depth: 0,
        }
    }
}

/// Whether an element of this name is a shape a pattern paints, one copy for it.
fn is_shape(name: &str) -> bool {
    matches!(
        name,
        "path" | "rect" | "circle" | "ellipse" | "line" | "polyline" | "polygon" | "image"
    )
}

/// At least the vertices of path data or a list of points: one for every command letter
/// and every run of digits.
fn vertex_bound(data: &str) -> u64 {
    let mut count = 1u64;
    let mut after_digit = false;
    for b in data.bytes() {
        let digit = b.is_ascii_digit();
        if (digit && !after_digit) || b.is_ascii_alphabetic() {
            count += 1;
        }
        after_digit = digit;
    }
    count
}

/// What usvg copies for each element that refers to it with `url(#id)`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Copied {
    /// A marker, at every vertex of the shapes under the element.
    PerVertex,
    /// A pattern, for every shape under the element it paints.
    PerShape,
    /// A clip path, mask or filter, for the element itself.
    Once,
}

fn copied_as(node: roxmltree::Node) -> Option<Copied> {
    match node.tag_name().name() {
        "marker" => Some(Copied::PerVertex),
        // A gradient in the shape's own units (the default) is made again, with all its
        // stops, for every shape it paints, and usvg finds each among those it has made one
        // by one: 200,000 circles of one gradient (3 MB) took 12 s, and 4,000 stops painting
        // 4,000 rectangles, 917 MB written back.
        "pattern" | "linearGradient" | "radialGradient" => Some(Copied::PerShape),
        "clipPath" | "mask" | "filter" => Some(Copied::Once),
        _ => None,
    }
}

/// The ids every `url(#id)` in `text` names, as svgtypes reads a functional IRI.
fn url_ids(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("url(").filter_map(move |(at, _)| {
        let rest = text[at + 4..].trim_start_matches([' ', '\t', '\n', '\r', '"', '\'']);
        let id = rest.strip_prefix('#')?;
        let end = id
            .find(|c: char| matches!(c, ')' | '"' | '\'') || c.is_ascii_whitespace())
            .unwrap_or(id.len());
        Some(&id[..end])
    })
}

/// What `doc` grows by once usvg copies what it refers to (each copy with its own copies
/// in it), or why it is refused.
/// A marker, pattern, clip path or mask that reaches itself is not counted again: usvg
/// drops such a reference. Linear in the document: each node's weight is worked out once,
/// depth first on an explicit stack.
fn expansion(doc: &roxmltree::Document) -> Result<Weight, Refused> {
    let curves = arc_curves(doc)?;
    // The element an `#id` names, as usvg finds it: the first with that id.
    let mut ids = HashMap::new();
    // What a `url(#id)` or a pattern's, gradient's or filter's `href` names, as usvg finds
    // it: the last element with that id, or a copy a `<use>` made of another; so every one
    // of the kinds usvg looks for.
    let mut named: HashMap<&str, Vec<roxmltree::Node>> = HashMap::new();
    for node in doc.descendants() {
        if let Some(id) = attr(node, "id") {
            ids.entry(id).or_insert(node);
            if copied_as(node).is_some() || followed(node) {
                let same = named.entry(id).or_default();
                same.push(node);
                if same.len() > MAX_SAME_ID {
                    return Err(Refused::SameId(id.to_string()));
                }
            }
        }
    }
    let named_by = |id: &str| named.get(id).into_iter().flatten().copied();
    let styled = sheet_weights(doc)?;
    refuse_what_is_inherited(doc, &styled)?;
    // What an element names, in its attributes or through the stylesheet's rules that match
    // it, is copied for it (and, inherited, for every shape under it: see below).
    let referred = |node: roxmltree::Node<'_, '_>| -> Vec<roxmltree::Node<'_, '_>> {
        if !node.is_element() {
            return Vec::new();
        }
        let by_sheet = styled.references[node.id().get_usize()].iter().copied();
        node.attributes()
            .flat_map(|a| url_ids(a.value()))
            .chain(by_sheet)
            .flat_map(named_by)
            .filter(|target| copied_as(*target).is_some())
            .collect()
    };
    let copied = |node| targets(node, &ids, &named);
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done(Weight),
    }
    let count = doc.descendants().count();
    let mut state = vec![State::New; count];
    let mut own_total = Weight::default();
    let mut stack = vec![doc.root()];
    while let Some(&node) = stack.last() {
        let index = node.id().get_usize();
        match state[index] {
            State::New => {
                state[index] = State::Open;
                for next in node.children().chain(copied(node)) {
                    match state[next.id().get_usize()] {
                        State::New => stack.push(next),
                        // Open nodes are the ones this node is under, in the walk.
                        State::Open => return Err(Refused::UseLoop),
                        State::Done(_) => {}
                    }
                }
                for next in referred(node) {
                    match state[next.id().get_usize()] {
                        State::New => stack.push(next),
                        // A marker drawn within itself is skipped by usvg (it keeps the
                        // markers it is in); any other reference back is drawn again without
                        // end: three patterns painting each other, a pattern taking another's
                        // content through `href` that paints it, three masks, overflowed the
                        // stack and aborted the build (a tenth hostile round).
                        State::Open if !next.has_tag_name("marker") => {
                            return Err(Refused::ReferenceLoop);
                        }
                        State::Open | State::Done(_) => {}
                    }
                }
            }
            State::Open => {
                stack.pop();
                let own = Weight::own(node, curves[index]);
                own_total = own_total.add(own);
                // What the stylesheet gives the node is not in the file: usvg copies it in.
                let mut weight = own.add(styled.weights[index]);
                for next in node.children().chain(copied(node)) {
                    if let State::Done(w) = state[next.id().get_usize()] {
                        weight = weight.add(w);
                        // A `<tref>` copies the text of whatever it names into its own.
                        if node.has_tag_name("tref") {
                            weight.glyphs = weight.glyphs.saturating_add(w.bytes);
                        }
                    }
                }
                // A marker or pattern is drawn within each shape under this node, at the
                // bottom of what it holds; a clip path, mask or filter at this node.
                let below = weight.depth;
                // Markers first: the shapes of their copies take this node's pattern too.
                let references: Vec<_> = referred(node)
                    .into_iter()
                    .filter_map(|next| match state[next.id().get_usize()] {
                        State::Done(w) => Some((copied_as(next), w)),
                        // A reference still open reaches back to this node: usvg drops it.
                        _ => None,
                    })
                    .collect();
                for (copied, w) in &references {
                    if *copied == Some(Copied::PerVertex) {
                        weight = weight.add(w.times(weight.vertices.max(1), true));
                    }
                }
                let mut added = Weight::default();
                for (copied, w) in &references {
                    let copies = match copied {
                        Some(Copied::PerVertex) => continue,
                        Some(Copied::PerShape) => weight.shapes.max(1),
                        _ => 1,
                    };
                    added = added.add(w.times(copies, false));
                }
                let deepest = references
                    .iter()
                    .map(|(copied, w)| match copied {
                        Some(Copied::PerVertex | Copied::PerShape) => below.saturating_add(w.depth),
                        _ => w.depth,
                    })
                    .fold(below, u64::max);
                let mut done = weight.add(added);
                // This node holds the deepest of its children, copies and references.
                done.depth = deepest.saturating_add(1);
                if let Some(power) = &mut done.text_path_power {
                    // Text on a path is laid along the path as its own transform enlarges it.
                    let path = node
                        .has_tag_name("textPath")
                        .then(|| node.attributes().find(|a| a.name() == "href"))
                        .flatten()
                        .and_then(|href| ids.get(href.value().trim().trim_start_matches('#')));
                    let enlarged = enlargement(node) + path.map_or(0.0, |p| enlargement(*p));
                    *power = power.saturating_add((enlarged * 1000.0) as u64);
                }
                state[index] = State::Done(done);
            }
            State::Done(_) => {
                stack.pop();
            }
        }
    }
    let State::Done(all) = state[doc.root().id().get_usize()] else {
        return Err(Refused::UseLoop);
    };
    if all.depth > MAX_DRAWN_DEPTH {
        return Err(Refused::Deep(all.depth));
    }
    Ok(Weight {
        // What the file holds is not added; the curves its arcs become are. A count that
        // reached the most a u64 holds stays there: it is more than can be counted.
        bytes: added_to(all.bytes, own_total.bytes)
            .saturating_add(all.curves.saturating_mul(CURVE_BYTES)),
        elements: added_to(all.elements, own_total.elements),
        glyphs: all.glyphs,
        sheet_steps: all.sheet_steps,
        filters: all.filters,
        text_path_power: all.text_path_power,
        depth: all.depth,
        ..Weight::default()
    })
}

/// What `all` adds to `own`, unless `all` is past counting.
fn added_to(all: u64, own: u64) -> u64 {
    match all {
        u64::MAX => u64::MAX,
        _ => all.saturating_sub(own),
    }
}

/// Every text of every `<style>`: usvg reads the first text of each `<style>` of the type
/// CSS or none, and every text cannot weigh less.
fn style_texts<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("style"))
        .flat_map(|style| style.descendants().filter(|t| t.is_text()))
        .filter_map(|t| t.text())
        .collect()
}

/// What the stylesheet gives each node (by its index), as usvg gives it: the steps usvg
/// takes to match every rule to it, and the bytes of the declarations that match, which
/// usvg copies into the element (a `marker` into three properties, a `font` into 14): a
/// rule of a megabyte for `*` is a megabyte for every element, and every copy of one.
/// Refused once matching the elements themselves takes more than [`MAX_SHEET_STEPS`].
fn sheet_weights<'a>(doc: &'a roxmltree::Document) -> Result<Styled<'a>, Refused> {
    let count = doc.descendants().count();
    let mut weights = vec![Weight::default(); count];
    let mut references: Vec<Vec<&'a str>> = vec![Vec::new(); count];
    let mut inherited = vec![Inherited::default(); count];
    let mut given = 0usize;
    let mut sheet = simplecss::StyleSheet::new();
    let texts = style_texts(doc);
    if texts
        .iter()
        .map(|t| parse_cost(t))
        .fold(0, u64::saturating_add)
        > MAX_SHEET_PARSE
    {
        return Err(Refused::SlowSheet);
    }
    for text in texts {
        sheet.parse_more(text);
    }
    if sheet.rules.is_empty() {
        return Ok(Styled {
            weights,
            references,
            inherited,
        });
    }
    let steps = Cell::new(0u64);
    for node in doc.descendants().filter(|n| n.is_element()) {
        let before = steps.get();
        let element = Matched {
            node,
            steps: &steps,
        };
        let (mut bytes, mut filters) = (0u64, 0u64);
        for rule in &sheet.rules {
            // A rule is tried even when its selector takes no step (`*`).
            element.step(1);
            if rule.selector.matches(&element) {
                for declaration in &rule.declarations {
                    let copies = match declaration.name {
                        "marker" => 3,
                        "font" => 14,
                        _ => 1,
                    };
                    let one = declaration.name.len() + declaration.value.len() + 4;
                    bytes = bytes.saturating_add((one as u64).saturating_mul(copies));
                    refuse_declaration(declaration.name, declaration.value, || {
                        "its stylesheet".to_string()
                    })
                    .map_err(Refused::Declaration)?;
                    if declaration.name == "filter" {
                        filters = filters.saturating_add(filter_parts(declaration.value));
                    }
                    let passed = &mut inherited[node.id().get_usize()];
                    passed.shift |= declaration.name == "baseline-shift";
                    passed.reference |= INHERITED_REFERENCES.contains(&declaration.name)
                        && declaration.value.contains("url(");
                    let named = &mut references[node.id().get_usize()];
                    let before = named.len();
                    named.extend(url_ids(declaration.value));
                    given += named.len() - before;
                    if given > MAX_SHEET_REFERENCES {
                        return Err(Refused::CrowdedSheet);
                    }
                }
            }
        }
        if steps.get() > MAX_SHEET_STEPS {
            return Err(Refused::SlowSheet);
        }
        weights[node.id().get_usize()] = Weight {
            bytes,
            filters,
            sheet_steps: steps.get() - before,
            ..Weight::default()
        };
    }
    Ok(Styled {
        weights,
        references,
        inherited,
    })
}

/// What a stylesheet gives each node, by its index.
struct Styled<'a> {
    /// The bytes and steps of [`sheet_weights`].
    weights: Vec<Weight>,
    /// The ids the `url(#id)`s of the declarations that match it name.
    references: Vec<Vec<&'a str>>,
    /// What the declarations that match it give that the nodes inside it inherit.
    inherited: Vec<Inherited>,
}

/// What a node gives the nodes inside it, of what the measure follows down the tree.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited {
    /// One of [`INHERITED_REFERENCES`] with a `url()`.
    reference: bool,
    /// A `baseline-shift`.
    shift: bool,
}

impl Styled<'_> {
    /// What `node` gives the nodes inside it, by attribute, `style` or stylesheet.
    fn inherited(&self, node: roxmltree::Node) -> Inherited {
        let sheet = self.inherited[node.id().get_usize()];
        if !node.is_element() {
            return Inherited::default();
        }
        Inherited {
            reference: sheet.reference
                || INHERITED_REFERENCES
                    .iter()
                    .any(|name| declared(node, name).any(|value| value.contains("url("))),
            shift: sheet.shift || declared(node, "baseline-shift").next().is_some(),
        }
    }
}

/// The properties whose references (`url(#id)`) the elements inside inherit.
const INHERITED_REFERENCES: [&str; 6] = [
    "fill",
    "stroke",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
];

/// Refuses what a node would take from the nodes around it at a cost out of proportion, in
/// one pass in document order (a parent before its children), each element read once:
/// - a pattern or marker inside an element that gives `fill`, `stroke` or a marker a
///   reference: usvg draws a pattern's or marker's content with what it inherits from
///   around it, in every copy. A pattern inside the `<svg fill="url(#p)">` it paints (195
///   bytes) drew itself without end and overflowed the stack, aborting the build; a marker
///   inherited so by a pattern drawn in 200 shapes wrote 148 MB (a ninth hostile round);
/// - a `<text>` of more than [`MAX_TEXT_PARTS`] parts, and a span within more than
///   [`MAX_BASELINE_SHIFTS`] `baseline-shift`s: what usvg shapes and writes for each span
///   grows with them (a twelfth hostile round).
fn refuse_what_is_inherited(doc: &roxmltree::Document, styled: &Styled) -> Result<(), Refused> {
    /// What a node is within.
    #[derive(Clone, Copy, Default)]
    struct Around<'a, 'input> {
        /// The nearest element that gives a reference to what is inside it.
        giver: Option<roxmltree::Node<'a, 'input>>,
        /// The `baseline-shift`s it sits within, its own counted.
        shifts: usize,
        /// The `<text>` it is part of.
        text: Option<roxmltree::Node<'a, 'input>>,
    }
    let line = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row;
    let mut around: Vec<Around> = vec![Around::default(); doc.descendants().count()];
    let mut parts: HashMap<usize, usize> = HashMap::new();
    for node in doc.descendants() {
        let outer = node
            .parent()
            .map_or_else(Around::default, |p| around[p.id().get_usize()]);
        if let Some(giver) = outer.giver
            && (node.has_tag_name("pattern") || node.has_tag_name("marker"))
        {
            return Err(Refused::Inherited(format!(
                "it is an SVG whose <{}> (line {}) gives `fill`, `stroke` or a marker a \
                 `url(...)` that the <{}> inside it (line {}) would inherit: usvg would draw \
                 it again in every copy of the {2}, or a pattern within itself without end. \
                 Give such references to the shapes, not to an element around a pattern or \
                 marker",
                giver.tag_name().name(),
                line(giver),
                node.tag_name().name(),
                line(node),
            )));
        }
        let gives = styled.inherited(node);
        let shifts = outer.shifts + usize::from(gives.shift);
        if shifts > MAX_BASELINE_SHIFTS {
            return Err(Refused::Text(format!(
                "it is an SVG whose text sits within {shifts} `baseline-shift`s at line {}; \
                 usvg writes each around every span, so text may sit within at most \
                 {MAX_BASELINE_SHIFTS}",
                line(node)
            )));
        }
        if let Some(text) = outer.text {
            let n = parts.entry(text.id().get_usize()).or_default();
            *n += 1;
            if *n > MAX_TEXT_PARTS {
                return Err(Refused::Text(format!(
                    "it is an SVG whose <text> at line {} has more than {MAX_TEXT_PARTS} parts \
                     (spans and runs of text); usvg shapes the whole text again for each, so \
                     write it as several texts",
                    line(text)
                )));
            }
        }
        around[node.id().get_usize()] = Around {
            giver: if gives.reference {
                Some(node)
            } else {
                outer.giver
            },
            shifts,
            text: outer.text.or(node.has_tag_name("text").then_some(node)),
        };
    }
    Ok(())
}

/// At least the bytes simplecss scans to place the errors it finds parsing `sheet`: for
/// each, the sheet up to it (for its line) and its line up to it (for its column). An
/// error can stand at each number without a unit (`1 1 1`), a hex colour of digits, an
/// at-rule, a quote, and the punctuation that starts or ends a declaration. Linear.
fn parse_cost(sheet: &str) -> u64 {
    let bytes = sheet.as_bytes();
    let mut cost = 0u64;
    let mut line_start = 0;
    for (at, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line_start = at + 1;
        }
        let next = bytes.get(at + 1).copied().unwrap_or(b' ');
        let error = match b {
            b':' | b';' | b'{' | b'}' | b'@' | b'!' | b'"' | b'\'' | b'/' => true,
            b'#' => next.is_ascii_digit(),
            // A number's last digit, not followed by a unit, a percent or more of it.
            b'0'..=b'9' => {
                !(next.is_ascii_alphanumeric() || matches!(next, b'%' | b'.' | b'-' | b'_'))
            }
            _ => false,
        };
        if error {
            cost = cost.saturating_add((at + (at - line_start)) as u64 + 2);
        }
    }
    cost
}

/// An element as usvg's stylesheet matching sees it (usvg's own `XmlNode`), counting each
/// step of a match in `steps`: each ancestor or sibling visited, each name and attribute
/// compared. Past [`MAX_SHEET_STEPS`] it matches nothing and has no relatives, so that a
/// selector that would take forever ends at once (and the SVG is refused).
#[derive(Clone, Copy)]
struct Matched<'s, 'a, 'input> {
    node: roxmltree::Node<'a, 'input>,
    steps: &'s Cell<u64>,
}

impl<'a, 'input> Matched<'_, 'a, 'input> {
    /// Counts `n` steps; whether the matching may go on.
    fn step(&self, n: u64) -> bool {
        let total = self.steps.get().saturating_add(n);
        self.steps.set(total);
        total <= MAX_SHEET_STEPS
    }

    fn with(&self, node: Option<roxmltree::Node<'a, 'input>>) -> Option<Self> {
        node.map(|node| Matched { node, ..*self })
    }
}

impl simplecss::Element for Matched<'_, '_, '_> {
    fn parent_element(&self) -> Option<Self> {
        self.step(1)
            .then(|| self.with(self.node.parent_element()))?
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        self.step(1)
            .then(|| self.with(self.node.prev_sibling_element()))?
    }

    fn has_local_name(&self, local_name: &str) -> bool {
        self.step(1) && self.node.tag_name().name() == local_name
    }

    fn attribute_matches(&self, local_name: &str, operator: simplecss::AttributeOperator) -> bool {
        // roxmltree looks an attribute up among all of the element's (a step is slower).
        self.step(1 + self.node.attributes().len() as u64 / 16)
            && self
                .node
                .attribute(local_name)
                .is_some_and(|value| operator.matches(value))
    }

    fn pseudo_class_matches(&self, class: simplecss::PseudoClass) -> bool {
        match class {
            simplecss::PseudoClass::FirstChild => self.prev_sibling_element().is_none(),
            _ => false,
        }
    }
}

/// Whether usvg follows `node`'s `href` to what it names, for the content or the
/// attributes it lacks: a pattern takes the children of the first pattern along its
/// `href`s that has some, and a chain that comes back to any but its first element kept
/// usvg looking forever (three gradients, `a` to `b` to `c` to `b`).
fn followed(node: roxmltree::Node) -> bool {
    node.is_element()
        && matches!(
            node.tag_name().name(),
            "pattern" | "linearGradient" | "radialGradient" | "filter"
        )
}

/// At least the power of ten by which `node` may enlarge what is in it: its transforms'
/// scales and skews, and the sizes its view box is stretched to. Linear in its attributes.
fn enlargement(node: roxmltree::Node) -> f64 {
    let numbers = |text: &str| -> Vec<f64> {
        // As svgtypes reads a list: a sign not after an exponent's `e`, or a second
        // point, starts the next number (`1e20-1`, `.5.5`).
        let mut found = Vec::new();
        let mut number = String::new();
        let mut push = |number: &mut String| {
            if let Ok(n) = number.parse::<f64>() {
                found.push(n);
            }
            number.clear();
        };
        for c in text.chars() {
            let starts = match c {
                '-' | '+' => !number.ends_with(['e', 'E']),
                '.' => number.contains('.') || number.contains(['e', 'E']),
                _ => false,
            };
            if starts || !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')) {
                push(&mut number);
            }
            if c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E') {
                number.push(c);
            }
        }
        push(&mut number);
        found.retain(|n| n.is_finite());
        found
    };
    let power = |n: f64| n.abs().max(1.0).log10();
    let mut total = 0.0;
    for attribute in ["transform", "patternTransform", "gradientTransform"] {
        let Some(value) = attr(node, attribute) else {
            continue;
        };
        for function in value.split(')') {
            let (name, arguments) = function.split_once('(').unwrap_or_default();
            let arguments = numbers(arguments);
            let name = name.trim_matches(|c: char| c.is_ascii_whitespace() || c == ',');
            total += match name {
                "scale" => arguments.iter().copied().map(power).fold(0.0, f64::max),
                "matrix" => arguments
                    .iter()
                    .take(4)
                    .copied()
                    .map(power)
                    .fold(0.0, f64::max),
                // As usvg computes it, in f32: below 1e8 even at 90 degrees.
                "skewX" | "skewY" => arguments
                    .first()
                    .map(|&angle| power(f64::from((angle as f32).to_radians().tan())))
                    .unwrap_or_default(),
                _ => 0.0,
            };
        }
    }
    if let Some(view_box) = attr(node, "viewBox") {
        let view = numbers(view_box);
        let smallest = view
            .iter()
            .skip(2)
            .map(|n| n.abs())
            .filter(|n| *n > 0.0)
            .fold(f64::MAX, f64::min);
        let sizes = ["width", "height", "markerWidth", "markerHeight"]
            .iter()
            .filter_map(|a| attr(node, a))
            .flat_map(numbers)
            .map(power)
            .fold(0.0, f64::max);
        // A size in percent or not given is at most the view the parent has, counted there.
        total += (sizes.max(2.0) - smallest.log10()).max(0.0);
    }
    total
}

/// What the `<use>`, `<tref>` or `<feImage>` `node` copies, looked up in `ids`, or what
/// the pattern, gradient or filter `node` follows, in `named` (nothing for another node):
/// every `href` it has, with or without a namespace (usvg prefers one or the other by
/// element; counting both cannot count less than it copies). Following is counted as
/// copying, so a chain that comes back is refused as a loop of uses is.
fn targets<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    ids: &HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    named: &HashMap<&'a str, Vec<roxmltree::Node<'a, 'input>>>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    let referring =
        node.is_element() && matches!(node.tag_name().name(), "use" | "tref" | "feImage");
    let following = followed(node);
    node.attributes()
        .filter(move |a| (referring || following) && a.name() == "href")
        .flat_map(|a| {
            // svgtypes' IRI: spaces, `#`, the id up to a space.
            let link = a.value().trim_start_matches([' ', '\t', '\n', '\r']);
            let id = link
                .strip_prefix('#')
                .and_then(|id| id.split(' ').next())
                .unwrap_or_default();
            let found: Vec<_> = if referring {
                ids.get(id).copied().into_iter().collect()
            } else {
                named.get(id).cloned().unwrap_or_default()
            };
            found
        })
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inert::sanitized_svg;

    /// An SVG whose level `i` uses level `i - 1` twice, level 0 being `leaf`.
    fn levelled(levels: usize, leaf: &str) -> String {
        let mut svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><defs><g id="g0">{leaf}</g>"##
        );
        for i in 1..=levels {
            let below = i - 1;
            svg += &format!(
                r##"<g id="g{i}"><use xlink:href="#g{below}"/><use href=" #g{below}"/></g>"##
            );
        }
        svg + &format!(r##"</defs><use xlink:href="#g{levels}"/></svg>"##)
    }

    #[test]
    fn use_in_levels_is_refused_before_usvg_expands_it() {
        // The hostile tester's files: 16 levels of a rect (2^16 copies), and 14 levels of
        // a path of 2,000 points (a gigabyte expanded).
        let rects = levelled(16, r#"<rect width="1" height="1"/>"#);
        let why = sanitized_svg(rects.as_bytes()).unwrap_err();
        assert!(why.contains("at most 4 MB and 50000 elements"), "{why}");
        let d: String = (0..2000)
            .map(|i| format!("L{} {} ", i % 97, i % 89))
            .collect();
        let path = levelled(14, &format!(r#"<path d="M0 0 {d}"/>"#));
        let start = std::time::Instant::now();
        let why = sanitized_svg(path.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let expanded = |svg: &str| expansion(&roxmltree::Document::parse(svg).unwrap());
        // Each level adds its own two uses and doubles the one below.
        let few = expanded(&levelled(3, r#"<rect width="1" height="1"/>"#)).unwrap();
        // g0 and its rect (2), then g_i = 1 + 2 × (a use + g_(i-1)): 7, 17, 37, and the
        // last use of g3 (38), less the 14 elements written.
        assert_eq!(few.elements, 2 + 7 + 17 + 37 + 38 + 2 - 14, "{few:?}");
        // Levels beyond u64 saturate rather than overflow.
        let many = expanded(&levelled(70, "<rect/>")).unwrap();
        assert!(many.elements > u64::MAX / 2, "{many:?}");
        // A use that reaches itself, directly, through an ancestor or through another use.
        for looped in [
            r##"<svg xmlns="http://www.w3.org/2000/svg"><use id="a" href="#a"/></svg>"##,
            r##"<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><g><use href="#a"/></g></g></svg>"##,
            r##"<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g><g id="b"><use href="#c"/></g><g id="c"><use href="#a"/></g></svg>"##,
        ] {
            assert_eq!(expanded(looped), Err(Refused::UseLoop), "{looped}");
            assert!(sanitized_svg(looped.as_bytes()).is_err(), "{looped}");
        }
        // Nesting deeper than any recursion could follow is measured all the same (the
        // document, the root, 200,000 groups).
        let deep = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg">{}{}</svg>"#,
            "<g>".repeat(200_000),
            "</g>".repeat(200_000)
        );
        assert_eq!(expanded(&deep), Err(Refused::Deep(200_002)));
    }

    #[test]
    fn the_tree_usvg_makes_is_bounded_in_depth_with_its_copies() {
        // An eleventh hostile round: patterns each drawing a deep chain of uses, whose last
        // shape is painted by the pattern before; 7.5 KB made usvg recurse 3,400 levels and
        // overflow a worker thread's stack. Here a chain of uses: 100 pass, 130 do not.
        let uses = |n: usize| {
            let mut body = String::from(r#"<rect id="u0" width="1" height="1"/>"#);
            for i in 1..=n {
                body += &format!(r##"<g id="u{i}"><use href="#u{}"/></g>"##, i - 1);
            }
            format!("{SVG}<defs>{body}</defs><use href=\"#u{n}\"/></svg>")
        };
        assert!(added(&uses(100)).depth > 200, "{:?}", added(&uses(100)));
        assert_eq!(bounded_expansion(uses(100).as_bytes()), Ok(()));
        let why = bounded_expansion(uses(130).as_bytes()).unwrap_err();
        assert!(why.contains("may nest at most 256 deep"), "{why}");
        // A pattern is drawn at the bottom of each shape it paints: two chains, the last
        // shape of the second painted by a pattern drawing the first, are as deep as both
        // (the integration test `hostile::an_svg_drawn_thousands_deep_through_patterns_...`
        // has the round's file, refused).
        let chain = |name: &str, leaf: &str| {
            format!(
                r##"<rect id="{name}0" width="1" height="1"{leaf}/><g id="{name}1"><use href="#{name}0"/></g><g id="{name}2"><use href="#{name}1"/></g>"##
            )
        };
        let alone = format!(
            r##"{SVG}<defs>{}</defs><use href="#a2"/></svg>"##,
            chain("a", "")
        );
        let painted = format!(
            r##"{SVG}<defs>{}<pattern id="p" width="1" height="1"><use href="#a2"/></pattern>{}</defs><use href="#b2"/></svg>"##,
            chain("a", ""),
            chain("b", r#" fill="url(#p)""#)
        );
        // The document, the svg, then use, g, use, g, use, rect: 8. Painted, the pattern
        // and its own use, g, use, g, use, rect (7) stand below the last rect: 15.
        let (one, both) = (added(&alone).depth, added(&painted).depth);
        assert_eq!((one, both), (8, 15));
    }

    #[test]
    fn text_usvg_would_shape_or_write_out_of_proportion_is_refused() {
        // A twelfth hostile round: a font-family of 10,000 names written onto each of 3,000
        // spans (68 KB to 207 MB); 10,000 spans in one text shaped 10,000 times (26 s); 120
        // nested baseline-shifts written around each of 20,000 spans (64 KB to 84 MB).
        let long = (0..100)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let spans = "<tspan>a</tspan>".repeat(MAX_TEXT_PARTS);
        let nested = format!(
            "{}a{}",
            r#"<tspan baseline-shift="1">"#.repeat(9),
            "</tspan>".repeat(9)
        );
        for (body, said) in [
            (
                format!(r#"<text font-family="{long}">a</text>"#),
                "`font-family` of",
            ),
            (
                format!(r#"<text style="font: 9px {long}">a</text>"#),
                "`font` of",
            ),
            (
                format!(r#"<style>text {{ font-family: {long} }}</style><text>a</text>"#),
                "`font-family` of",
            ),
            (format!("<text>{spans}</text>"), "more than 256 parts"),
            (
                format!("<text>{nested}</text>"),
                "within 9 `baseline-shift`s",
            ),
            (
                format!(
                    "<style>tspan {{ baseline-shift: 1 }}</style><text>{}a{}</text>",
                    "<tspan>".repeat(9),
                    "</tspan>".repeat(9)
                ),
                "within 9 `baseline-shift`s",
            ),
        ] {
            let svg = format!("{SVG}{body}</svg>");
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(why.contains(said), "{why}");
        }
        // As text is written: a few families, styled words, a superscript.
        let fine = format!(
            r#"{SVG}<text font-family="Inter, Helvetica, sans-serif">E = mc<tspan baseline-shift="super">2</tspan>, <tspan font-weight="bold">said</tspan> {}</text></svg>"#,
            "<tspan>a</tspan>".repeat(100)
        );
        assert_eq!(bounded_expansion(fine.as_bytes()), Ok(()));
    }

    #[test]
    fn an_svg_that_uses_a_symbol_a_few_times_passes() {
        // As Inkscape and Figma write icons: a symbol, and a few uses of it and of a use.
        let icon = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">
  <defs>
    <symbol id="dot" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="teal"/></symbol>
    <linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient>
  </defs>
  <use id="one" xlink:href="#dot" x="0" y="0" width="10" height="10"/>
  <use xlink:href="#dot" x="20" y="0" width="10" height="10"/>
  <use href="#dot" x="40" y="0" width="10" height="10"/>
  <use href="#one" y="20"/>
  <use href="#missing"/>
  <rect y="40" width="64" height="20" fill="url(#g)"/>
  <text x="4" y="60"><tref xlink:href="#label"/></text>
  <desc id="label">Ada</desc>
</svg>"##;
        let added = expansion(&roxmltree::Document::parse(icon).unwrap()).unwrap();
        assert!(added.elements > 0 && added.elements < 20, "{added:?}");
        let clean = String::from_utf8(sanitized_svg(icon.as_bytes()).unwrap()).unwrap();
        assert!(
            clean.contains("<circle") || clean.contains("<path"),
            "{clean}"
        );
        // Without any use, nothing is added, however large the file.
        let plain = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg">{}</svg>"#,
            r#"<rect width="1" height="1"/>"#.repeat(100_000)
        );
        assert_eq!(bounded_expansion(plain.as_bytes()), Ok(()));
        // What is not XML is left for usvg to refuse.
        assert_eq!(bounded_expansion(b"<html>not a picture"), Ok(()));
    }

    fn added(svg: &str) -> Weight {
        expansion(&roxmltree::Document::parse(svg).unwrap()).unwrap()
    }

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">"#;

    #[test]
    fn a_marker_counts_for_every_vertex_of_the_shapes_that_name_it() {
        // M, L, L and six runs of digits, and one: at least ten vertices, each a copy of the
        // marker and its three squares.
        let three = r#"<rect width="1" height="1"/>"#.repeat(3);
        let svg = format!(
            r#"{SVG}<defs><marker id="m">{three}</marker></defs><path d="M0 0 L1 1 L2 2" marker-mid="url(#m)"/></svg>"#
        );
        assert_eq!(added(&svg).elements, 10 * 4);
        // Given to a group, it reaches the shapes inside; in a stylesheet, every shape.
        let grouped = format!(
            r#"{SVG}<defs><marker id="m">{three}</marker></defs><g style="marker-start: url('#m')"><path d="M0 0 L1 1 L2 2"/><line x2="5"/></g></svg>"#
        );
        assert_eq!(added(&grouped).elements, (10 + 2) * 4);
        let styled = format!(
            r#"{SVG}<style>path {{ marker-end: url(#m) }}</style><defs><marker id="m">{three}</marker></defs><path d="M0 0 L1 1 L2 2"/></svg>"#
        );
        assert_eq!(added(&styled).elements, 10 * 4);
        // The hostile tester's file: 420 KB, a path of 50,000 points with a marker of 2,000
        // squares, which took 8 GB before the machine refused it.
        let squares = r#"<rect width="1" height="1"/>"#.repeat(2_000);
        let d: String = (0..50_000)
            .map(|i| format!("L{} {} ", i % 100, i / 100 % 100))
            .collect();
        let bomb = format!(
            r#"{SVG}<defs><marker id="m">{squares}</marker></defs><path d="M0 0 {d}" marker-mid="url(#m)" stroke="black"/></svg>"#
        );
        let started = std::time::Instant::now();
        let why = sanitized_svg(bomb.as_bytes()).unwrap_err();
        assert!(why.contains("a marker at every vertex"), "{why}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn a_pattern_counts_for_every_shape_and_glyph_it_paints() {
        let svg = |inside: &str| {
            format!(
                r#"{SVG}<defs><pattern id="p" width="1" height="1"><circle r="1"/><circle r="2"/></pattern></defs><g fill="url(#p)">{inside}</g></svg>"#
            )
        };
        let rects = r#"<rect width="1" height="1"/>"#.repeat(5);
        assert_eq!(added(&svg(&rects)).elements, 5 * 3);
        // Four letters, and the few copies of a span's paint.
        assert_eq!(added(&svg("<text>Ada!</text>")).elements, (4 + 3) * 3);
        let crowd = r#"<rect width="1" height="1"/>"#.repeat(20_000);
        let why = bounded_expansion(svg(&crowd).as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
    }

    #[test]
    fn masks_that_mask_their_content_in_levels_multiply() {
        // Level i: two squares masked by level i - 1, for every element masked by it.
        let mut svg = format!(r#"{SVG}<defs><mask id="m0"><rect width="1" height="1"/></mask>"#);
        for i in 1..=40 {
            let below = i - 1;
            svg += &format!(
                r#"<mask id="m{i}"><rect width="1" height="1" mask="url(#m{below})"/><rect width="1" height="1" mask="url(#m{below})"/></mask>"#
            );
        }
        svg += r#"</defs><rect width="9" height="9" mask="url(#m40)"/></svg>"#;
        let started = std::time::Instant::now();
        let why = sanitized_svg(svg.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn a_marker_within_itself_is_dropped_as_usvg_drops_it_and_other_loops_refused() {
        // A marker on its own path: usvg skips the markers it is drawing, and so does the count.
        for svg in [
            format!(
                r#"{SVG}<defs><marker id="m"><path d="M0 0 L1 1" marker-end="url(#m)"/></marker></defs><path d="M0 0 L5 5" marker-end="url(#m)"/></svg>"#
            ),
            format!(
                r#"{SVG}<style>path {{ marker-end: url(#m) }}</style><defs><marker id="m"><path d="M0 0 L1 1"/></marker></defs><path d="M0 0 L5 5"/></svg>"#
            ),
        ] {
            let weight = added(&svg);
            assert!(
                weight.elements > 0 && weight.elements < 20,
                "{weight:?} {svg}"
            );
            assert!(sanitized_svg(svg.as_bytes()).is_ok(), "{svg}");
        }
        // Any other reference back: usvg breaks only a few shapes of loop, and drew the rest
        // within themselves until the stack overflowed (a tenth hostile round, 281 bytes and
        // up). A clip path clipped by itself, which usvg breaks, is refused too.
        for looped in [
            r##"<defs><clipPath id="c"><rect width="1" height="1" clip-path="url(#c)"/></clipPath></defs><rect width="5" height="5" clip-path="url(#c)"/>"##,
            r##"<pattern id="a" href="#b"/><pattern id="b" width="10" height="10"><rect width="5" height="5" fill="url(#a)"/></pattern><rect width="100" height="100" fill="url(#a)"/>"##,
            r##"<rect width="9" height="9" fill="url(#a)"/><pattern id="a" width="9" height="9"><rect width="1" height="1" fill="url(#b)"/></pattern><pattern id="b" width="9" height="9"><rect width="1" height="1" fill="url(#c)"/></pattern><pattern id="c" width="9" height="9"><rect width="1" height="1" stroke="url(#a)"/></pattern>"##,
            r##"<rect width="9" height="9" fill="url(#a)"/><pattern id="a" width="9" height="9"><rect width="1" height="1" mask="url(#m)"/></pattern><mask id="m"><rect width="1" height="1" fill="url(#a)"/></mask>"##,
            r##"<rect width="9" height="9" mask="url(#m1)"/><mask id="m1" mask="url(#m2)"/><mask id="m2" mask="url(#m3)"/><mask id="m3" mask="url(#m1)"/>"##,
        ] {
            let svg = format!("{SVG}{looped}</svg>");
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(why.contains("refer back to themselves"), "{why}\n{svg}");
        }
    }

    #[test]
    fn a_pattern_or_marker_inheriting_a_reference_from_around_it_is_refused() {
        // A ninth hostile round: 195 bytes that overflowed the stack, the pattern drawing
        // itself in its own content; and markers inherited by the content of markers and
        // patterns, drawn in every copy (13 KB wrote 148 MB).
        for svg in [
            format!(
                r#"{SVG}<svg width="100" height="100" fill="url(#p)"><pattern id="p" width="10" height="10"><rect width="5" height="5"/></pattern><rect width="100" height="100"/></svg></svg>"#
            ),
            format!(
                r#"{SVG}<g stroke="url(#p)"><defs><pattern id="p" width="10" height="10"><rect width="5" height="5"/></pattern></defs></g></svg>"#
            ),
            format!(
                r#"{SVG}<style>svg {{ marker-mid: url(#m) }}</style><marker id="m"><rect width="1" height="1"/></marker><marker id="m2"><path d="M0 0L1 1L2 2"/></marker><path d="M0 0L1 1L2 2" style="marker-mid:url(#m2)"/></svg>"#
            ),
            format!(
                r#"{SVG}<g style="fill: url(#g)"><marker id="m"><path d="M0 0L1 1"/></marker></g></svg>"#
            ),
        ] {
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(
                why.contains("inside it (line 1) would inherit"),
                "{why}\n{svg}"
            );
        }
        // References on the shapes, and on the pattern itself, are as before.
        for svg in [
            format!(
                r#"{SVG}<defs><pattern id="p" width="10" height="10" fill="url(#g)"><rect width="5" height="5"/></pattern><linearGradient id="g"/></defs><rect width="100" height="100" fill="url(#p)"/></svg>"#
            ),
            format!(
                r#"{SVG}<style>path {{ marker-end: url(#m) }} rect {{ fill: url(#g) }}</style><defs><marker id="m"><path d="M0 0L1 1"/></marker><linearGradient id="g"/></defs><path d="M0 0L5 5"/><rect width="1" height="1"/></svg>"#
            ),
        ] {
            assert_eq!(bounded_expansion(svg.as_bytes()), Ok(()), "{svg}");
        }
    }

    #[test]
    fn a_mask_clip_path_or_filter_of_inherit_is_refused() {
        // `inherit` gave each of 2,000 rectangles its own copy of their group's mask of 500
        // shapes: 96 KB wrote 84 MB, and 100,000 filters passed the bound of 10,000.
        for (name, svg) in [
            (
                "mask",
                format!(
                    r#"{SVG}<style>rect {{ mask: inherit }}</style><mask id="m"><rect width="1" height="1"/></mask><g mask="url(#m)"><rect width="5" height="5"/></g></svg>"#
                ),
            ),
            (
                "filter",
                format!(
                    r#"{SVG}<filter id="f"><feFlood/></filter><g filter="url(#f)"><rect width="5" height="5" filter="inherit"/></g></svg>"#
                ),
            ),
            (
                "clip-path",
                format!(
                    r#"{SVG}<clipPath id="c"><rect width="1" height="1"/></clipPath><g clip-path="url(#c)"><rect width="5" height="5" style="clip-path: INHERIT"/></g></svg>"#
                ),
            ),
        ] {
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(why.contains(&format!("`{name}: inherit`")), "{why}");
        }
    }

    #[test]
    fn an_arcs_curves_are_counted_as_svgtypes_draws_them() {
        use svgtypes::{PathParser, PathSegment, SimplePathSegment, SimplifyingPathParser};
        for data in [
            "M0 0 A1 1 0 0 0 2 0",
            "M10 10 a5 5 0 1 1 10 0 a5 5 0 1 1 -10 0z",
            "m5 5 h10 v10 a 3 8 30 0 1 -4 4 l-2 2 q1 1 2 2 t3 3 A50 50 0 1 0 90 90",
            "M0 0 C1 1 2 2 3 3 S5 5 6 6 a1e4 2e4 45 1 1 300 -200 Z a20 20 0 0 0 40 40",
            "M0 0 L100 0 Z m10 10 a1 1 0 0 1 1 1 a1 1 0 0 1 1 1 110 1 1 1 1",
            // Radii too small for the points: stretched until they reach.
            "M0 0 A1 1 0 0 0 5000 0",
            "M0 0 A1 0.001 20 1 1 30 40",
            "M3 4 A0 5 0 0 0 10 10 A5 5 0 0 0 3 4",
            // Back to "the same" point: svgtypes goes on from where kurbo's last curve
            // ends, a little off it, so these are whole ellipses (the review), until the
            // point settles where an arc draws nothing.
            "M0 0 A50 50 0 1 0 10 0 A50 50 0 1 0 10 0 A50 50 0 1 0 10 0 A50 50 0 1 0 10 0",
            "M0 0 A50 50 0 1 0 10 0 a50 50 0 1 0 0 0 L10 0 A50 50 0 1 1 10 0",
        ] {
            let drawn = SimplifyingPathParser::from(data)
                .map_while(Result::ok)
                .filter(|s| matches!(s, SimplePathSegment::CurveTo { .. }))
                .count() as u64;
            let written = PathParser::from(data)
                .map_while(Result::ok)
                .filter(|s| {
                    matches!(
                        s,
                        PathSegment::CurveTo { .. } | PathSegment::SmoothCurveTo { .. }
                    )
                })
                .count() as u64;
            assert_eq!(path_costs(data).curves, drawn - written, "{data}");
        }
    }

    #[test]
    fn an_arc_stretched_to_reach_a_far_point_is_refused_quickly() {
        // 749 bytes, 20 arcs of radius 1 to a point 1e30 away. Each was drawn with a radius
        // of 5e29, as 65,000 curves: 90 MB written back, in 45 s (svgtypes takes each curve
        // from the front of a list).
        let arcs = r#"<path d="M0 0 A1 1 0 0 0 1e30 0"/>"#.repeat(20);
        let svg = format!("{SVG}{arcs}</svg>");
        let started = std::time::Instant::now();
        let why = bounded_expansion(svg.as_bytes()).unwrap_err();
        assert!(why.contains("radius over a hundred thousand"), "{why}");
        assert!(why.contains("as drawn"), "{why}");
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        // A radius next to nothing is stretched as far: 1e5 by 1e-4 to a point (1, 1) away
        // is half an ellipse of radius 5e8, 21 curves.
        let thin = format!(r#"{SVG}<path d="M0 0 A1e5 1e-4 0 0 0 1 1"/></svg>"#);
        let why = bounded_expansion(thin.as_bytes()).unwrap_err();
        assert!(why.contains("radius over a hundred thousand"), "{why}");
        // Within the bound, what the curves write back counts: 100,000 half turns of radius
        // 1e5 are 600,000 curves, 38 MB.
        let many = "a1e5 1e5 0 0 0 2e5 0 l0 0 ".repeat(100_000);
        let long = format!(r#"{SVG}<path d="M0 0 {many}"/></svg>"#);
        let why = bounded_expansion(long.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        // A few arcs, as icons draw them, pass.
        let icon = format!(
            r#"{SVG}<path d="M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20zm0 4a6 6 0 1 1 0 12a6 6 0 1 1 0-12"/></svg>"#
        );
        assert_eq!(bounded_expansion(icon.as_bytes()), Ok(()));
    }

    #[test]
    fn what_a_stylesheet_gives_is_counted_where_its_rules_match() {
        // As Illustrator writes an illustration: a class per gradient, each on one shape.
        // Before, every reference of a stylesheet was taken as given to every shape, and a
        // sheet naming more than 64 was refused.
        let gradients: String = (0..300)
            .map(|i| {
                format!(
                    r#"<linearGradient id="SVGID_{i}_"><stop offset="0" style="stop-color:#FFF"/><stop offset="1" style="stop-color:#000"/></linearGradient>"#
                )
            })
            .collect();
        let classes: String = (0..300)
            .map(|i| format!(".st{i}{{fill:url(#SVGID_{i}_);}}"))
            .collect();
        let paths: String = (0..300)
            .map(|i| format!(r#"<path class="st{i}" d="M{i} 0h1v1h-1z"/>"#))
            .collect();
        let illustration =
            format!(r#"{SVG}<style>{classes}</style><defs>{gradients}</defs>{paths}</svg>"#);
        assert_eq!(bounded_expansion(illustration.as_bytes()), Ok(()));
        assert!(sanitized_svg(illustration.as_bytes()).is_ok());
        // As a chart draws: arrows on a few lines and a clip path, all named once.
        let chart = format!(
            r#"{SVG}<style>.axis {{ marker-end: url(#arrow) }}</style><defs><marker id="arrow" markerWidth="4" markerHeight="4"><path d="M0 0 L4 2 L0 4 z"/></marker><clipPath id="plot"><rect width="90" height="90"/></clipPath></defs><line class="axis" x1="5" y1="95" x2="95" y2="95"/><line class="axis" x1="5" y1="95" x2="5" y2="5"/><g clip-path="url(#plot)"><polyline points="5,90 20,70 40,75 60,30 80,40"/></g></svg>"#
        );
        assert_eq!(bounded_expansion(chart.as_bytes()), Ok(()));
        assert!(sanitized_svg(chart.as_bytes()).is_ok());
        // A rule matching a group gives its pattern to every shape under it, as usvg
        // inherits it: 2,000 copies of a pattern of 100 shapes.
        let shapes: String = (0..100)
            .map(|_| r#"<rect width="1" height="1"/>"#)
            .collect();
        let inside: String = (0..2000)
            .map(|_| r#"<rect width="1" height="1"/>"#)
            .collect();
        let inherited = format!(
            r#"{SVG}<style>g.fill {{ fill: url(#p) }}</style><defs><pattern id="p" width="9" height="9">{shapes}</pattern></defs><g class="fill">{inside}</g></svg>"#
        );
        assert!(
            added(&inherited).elements >= 200_000,
            "{:?}",
            added(&inherited)
        );
        assert!(bounded_expansion(inherited.as_bytes()).is_err());
        // The same rule matching nothing adds nothing.
        let unmatched = inherited.replace(r#"<g class="fill">"#, r#"<g class="plain">"#);
        assert_eq!(added(&unmatched).elements, 0);
        // References given by rules are bounded in all: 1,001 rectangles, each given 100.
        let many = " url(#m)".repeat(100);
        let rects = r#"<rect width="1" height="1"/>"#.repeat(1001);
        let crowded = format!(
            r#"{SVG}<style>rect {{ marker-end:{many} }}</style><defs><marker id="m"/></defs>{rects}</svg>"#
        );
        let why = bounded_expansion(crowded.as_bytes()).unwrap_err();
        assert!(why.contains("more than 100000 references"), "{why}");
    }

    #[test]
    fn a_selector_of_many_descendants_is_refused_at_once() {
        // The hostile tester's file, 642 bytes: a rule for `nomatch` under 24 ancestors,
        // over 60 nested groups; usvg tried every chain of ancestors and never ended.
        let svg = format!(
            "{SVG}<style>nomatch{} {{ fill: red }}</style>{}<rect width='1' height='1'/>{}</svg>",
            " *".repeat(24),
            "<g>".repeat(60),
            "</g>".repeat(60)
        );
        let started = std::time::Instant::now();
        let why = sanitized_svg(svg.as_bytes()).unwrap_err();
        assert!(why.contains("stylesheet takes more than"), "{why}");
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        // Many rules tried on many elements, the same.
        let crowd = format!(
            "{SVG}<style>{}</style>{}</svg>",
            ".a{fill:red}".repeat(2_000),
            "<g/>".repeat(5_000)
        );
        let why = bounded_expansion(crowd.as_bytes()).unwrap_err();
        assert!(why.contains("stylesheet takes more than"), "{why}");
        // As drawing programs write a sheet: a class for each colour, a few descendants.
        let classes: String = (0..200)
            .map(|i| format!(".st{i}{{fill:#A{i:05X};stroke:#000;stroke-width:1.5}}"))
            .collect();
        let rects: String = (0..1_000)
            .map(|i| {
                format!(
                    r#"<rect class="st{}" x="{}" width="3" height="4"/>"#,
                    i % 200,
                    i % 97
                )
            })
            .collect();
        let drawing = format!(
            "{SVG}<style>{classes} g .st1 {{ opacity: .5 }} svg > g rect:first-child {{ stroke: red }}</style><g><g>{rects}</g></g></svg>"
        );
        assert_eq!(bounded_expansion(drawing.as_bytes()), Ok(()));
    }

    #[test]
    fn a_stylesheet_counts_what_it_copies_into_every_element_it_matches() {
        // The hostile tester's file, 280 KB: a rule of 200 KB for `*` and 20,000 groups;
        // usvg copied the rule into each, 4.6 GB in 10 s.
        let svg = |groups: usize| {
            format!(
                "{SVG}<style>*{{font-variant:{}}}</style>{}</svg>",
                "a".repeat(200_000),
                "<g/>".repeat(groups)
            )
        };
        let why = bounded_expansion(svg(20_000).as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        // Through uses too: 100 groups, each used 100 times.
        let used = format!(
            "{SVG}<style>g{{font-variant:{}}}</style><defs><g id=\"g\">{}</g></defs>{}</svg>",
            "a".repeat(1_000),
            "<g/>".repeat(100),
            "<use href=\"#g\"/>".repeat(100)
        );
        assert!(added(&used).bytes > 10_000_000, "{:?}", added(&used));
        assert!(bounded_expansion(svg(10).as_bytes()).is_ok());
    }

    #[test]
    fn a_stylesheet_full_of_errors_is_refused_before_it_is_parsed() {
        // The hostile tester's file, 40 KB: 20,000 numbers without a unit, each an error
        // simplecss places by scanning the sheet up to it: 27 s.
        let svg = format!(
            "{SVG}<style>*{{stroke-dasharray:{}}}</style><rect width='1' height='1'/></svg>",
            "1 ".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let why = bounded_expansion(svg.as_bytes()).unwrap_err();
        assert!(why.contains("stylesheet takes more than"), "{why}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(parse_cost(&"1 ".repeat(1_000)), 2_000_000);
        // `0{`, `{`, `:` and `}`: each the sheet up to it, twice, and two.
        assert_eq!(parse_cost(".st0{fill:#ABCDEF}"), 8 + 10 + 20 + 36);
    }

    #[test]
    fn entities_are_counted_where_they_are_referred_to() {
        // The hostile tester's files, 80 KB: an entity of 20,000 letters referred to 20,000
        // times took 65 s and 870 MB; of 1,000 squares, 4.7 GB and a crash.
        let bomb = |value: &str| {
            format!(
                r#"<!DOCTYPE svg [<!ENTITY a "{value}">]>{SVG}<g>{}</g></svg>"#,
                "&a;".repeat(20_000)
            )
        };
        for value in [
            "A".repeat(20_000),
            "<rect width='1' height='1'/>".repeat(1_000),
        ] {
            let started = std::time::Instant::now();
            let why = bounded_expansion(bomb(&value).as_bytes()).unwrap_err();
            assert!(why.contains("entities"), "{why}");
            assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        }
        // In levels: each level is ten of the one below.
        let levels = r#"<!DOCTYPE svg [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>"#;
        // At least the 2,000 letters (references in the DOCTYPE count too, and their names).
        let counted = entity_bytes(&format!("{levels}{SVG}&c;&c;</svg>"));
        assert!((2_000..5_000).contains(&counted), "{counted}");
        // As Illustrator writes its namespaces.
        let illustrator = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg"><!ENTITY ns_xlink "http://www.w3.org/1999/xlink">]><svg xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" width="10" height="10"><rect width="5" height="5"/></svg>"#;
        assert_eq!(bounded_expansion(illustrator.as_bytes()), Ok(()));
        assert!(sanitized_svg(illustrator.as_bytes()).is_ok());
    }

    /// 2,000 squares and 20,000 shapes, 616 KB: 40 million squares once a pattern of the
    /// squares paints each shape.
    fn squares_and_shapes() -> (String, String) {
        let squares = r#"<rect width="1" height="1"/>"#.repeat(2_000);
        let shapes = r#"<rect width="2" height="2"/>"#.repeat(20_000);
        (squares, shapes)
    }

    #[test]
    fn a_pattern_is_counted_as_the_heaviest_of_those_with_its_id() {
        // The hostile tester's file: the first pattern with the id is one square, the last
        // (which usvg paints with) 2,000; the build ran out of 4 GB in 8 s.
        let (squares, shapes) = squares_and_shapes();
        let svg = format!(
            r#"{SVG}<defs><pattern id="p" width="1" height="1"><rect width="1" height="1"/></pattern><pattern id="p" width="1" height="1">{squares}</pattern></defs><g fill="url(#p)">{shapes}</g></svg>"#
        );
        let started = std::time::Instant::now();
        let why = bounded_expansion(svg.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        // A few clip paths that share an id, as files pasted together have, pass; many
        // are refused, so that the count stays linear.
        let clips = |n: usize| {
            format!(
                r#"{SVG}{}<rect width="5" height="5" clip-path="url(#c)"/></svg>"#,
                r#"<clipPath id="c"><rect width="9" height="9"/></clipPath>"#.repeat(n)
            )
        };
        assert_eq!(bounded_expansion(clips(2).as_bytes()), Ok(()));
        assert!(sanitized_svg(clips(2).as_bytes()).is_ok());
        let why = bounded_expansion(clips(9).as_bytes()).unwrap_err();
        assert!(why.contains(r#"have the id "c""#), "{why}");
    }

    #[test]
    fn a_pattern_counts_with_the_children_it_takes_through_href() {
        // The hostile tester's file: a pattern without children takes those of the one it
        // names; the build ran out of 4 GB in 3 s.
        let (squares, shapes) = squares_and_shapes();
        let svg = format!(
            r##"{SVG}<defs><pattern id="p" width="1" height="1">{squares}</pattern><pattern id="q" href="#p"/></defs><g fill="url(#q)">{shapes}</g></svg>"##
        );
        let why = bounded_expansion(svg.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
        // A gradient that takes its stops from another, as Inkscape writes them, passes.
        let inkscape = format!(
            r##"{SVG}<defs><linearGradient id="a"><stop offset="0"/><stop offset="1" stop-color="red"/></linearGradient><linearGradient id="b" xlink:href="#a" xmlns:xlink="http://www.w3.org/1999/xlink" x2="1"/></defs><rect width="9" height="9" fill="url(#b)"/></svg>"##
        );
        assert_eq!(bounded_expansion(inkscape.as_bytes()), Ok(()));
        assert!(sanitized_svg(inkscape.as_bytes()).is_ok());
    }

    #[test]
    fn an_href_chain_that_comes_back_is_refused() {
        // Three gradients, `a` to `b` to `c` to `b`: usvg looked for stops forever.
        for kind in ["linearGradient", "radialGradient", "pattern", "filter"] {
            let svg = format!(
                r##"{SVG}<defs><{kind} id="a" href="#b"/><{kind} id="b" href="#c"/><{kind} id="c" href="#b"/></defs><rect width="5" height="5" fill="url(#a)" filter="url(#a)"/></svg>"##
            );
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(why.contains("refer to themselves"), "{kind}: {why}");
        }
    }

    #[test]
    fn a_marker_painted_by_its_shape_counts_the_shape_pattern_in_each_copy() {
        // The hostile tester's file, 60 KB: a path of 580 points filled by a pattern of
        // 2,000 squares, with a marker of 40 squares at each point painted `context-fill`:
        // usvg copied the pattern into every one of the 23,200 squares and ran out of 4 GB.
        let (squares, _) = squares_and_shapes();
        let context = r#"<rect width="1" height="1" fill="context-fill"/>"#.repeat(40);
        let d: String = (0..580)
            .map(|i| format!("{} {} ", i % 10, i / 10 % 10))
            .collect();
        let svg = format!(
            r#"{SVG}<defs><pattern id="p" width="1" height="1">{squares}</pattern><marker id="m" overflow="visible">{context}</marker></defs><path d="M0 0 {d}" fill="url(#p)" marker-mid="url(#m)"/></svg>"#
        );
        let why = bounded_expansion(svg.as_bytes()).unwrap_err();
        assert!(why.contains("would add"), "{why}");
    }

    #[test]
    fn text_counts_its_characters_with_their_copies() {
        let text = |n: usize| format!("{SVG}<text>{}</text></svg>", "W".repeat(n));
        assert_eq!(
            bounded_expansion(text(MAX_GLYPHS as usize).as_bytes()),
            Ok(())
        );
        // The hostile tester's file: a megabyte of letters kept the build busy more than
        // two minutes.
        let why = bounded_expansion(text(1_000_000).as_bytes()).unwrap_err();
        assert!(why.contains("characters of text"), "{why}");
        // Copied: 100 uses of 300 letters, or 100 trefs of them.
        let words = "W".repeat(300);
        let uses = format!(
            r##"{SVG}<defs><text id="t">{words}</text></defs>{}</svg>"##,
            r##"<use href="#t"/>"##.repeat(100)
        );
        assert!(bounded_expansion(uses.as_bytes()).is_err());
        let trefs = format!(
            r##"{SVG}<defs><desc id="t">{words}</desc></defs><text>{}</text></svg>"##,
            r##"<tref href="#t"/>"##.repeat(100)
        );
        assert!(bounded_expansion(trefs.as_bytes()).is_err());
    }

    #[test]
    fn text_on_a_path_may_not_be_enlarged_past_what_usvg_can_measure() {
        // The hostile tester's file, 474 bytes: usvg measured the path to an accuracy of
        // zero, and kurbo overflowed (a crash; without overflow checks, a search forever).
        let d: String = (1..=40).map(|i| format!("L{i} {} ", i % 2)).collect();
        let on_path = |around: &str, inside: &str| {
            format!(
                r##"{SVG}<defs><path id="tp" d="M0 0 {d}"/></defs>{around}<text font-size="1"><textPath href="#tp">AB</textPath></text>{inside}</svg>"##
            )
        };
        for (around, inside) in [
            (r#"<g transform="scale(1e20)">"#, "</g>"),
            (
                r#"<g transform="translate(5) matrix(1e10,0,0,1e10,0,0)"><g transform="scale(1e5 1e-3)">"#,
                "</g></g>",
            ),
            (r#"<svg width="1e6" viewBox="0 0 1e-10 1e-10">"#, "</svg>"),
            (
                r#"<g transform="skewX(89.999999)"><g transform="skewY(89.999999)">"#,
                "</g></g>",
            ),
        ] {
            let svg = on_path(around, inside);
            let why = bounded_expansion(svg.as_bytes()).unwrap_err();
            assert!(why.contains("enlarges text on a path"), "{why}");
        }
        // Through a use, the same.
        let used = format!(
            r##"{SVG}<defs><path id="tp" d="M0 0 {d}"/><g id="t" transform="scale(1e10)"><text><textPath href="#tp">AB</textPath></text></g></defs><use href="#t" transform="scale(1e10)"/></svg>"##
        );
        assert!(bounded_expansion(used.as_bytes()).is_err());
        // A badge as drawn: a circle of text in a scaled, translated, rotated group.
        let badge = on_path(
            r#"<svg width="512" height="512" viewBox="0 0 24 24"><g transform="translate(-1200.5,-300.25) scale(4) rotate(30)">"#,
            "</g></svg>",
        );
        assert_eq!(bounded_expansion(badge.as_bytes()), Ok(()));
        assert!(sanitized_svg(badge.as_bytes()).is_ok());
    }

    #[test]
    fn ids_radii_and_filters_are_bounded_as_usvg_writes_and_draws_them() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#
            )
        };
        let refused = |body: &str| {
            bounded_expansion(svg(body).as_bytes()).expect_err(&format!("passed: {body}"))
        };
        // Ids as drawing programs write them pass, in any script.
        for id in [
            "linearGradient4711",
            "Layer_1",
            "a-b.c:d",
            "_x3C_x",
            "λόγος",
            "e\u{301}",
        ] {
            let body = format!(
                r#"<defs><clipPath id="{id}"><rect width="5" height="5"/></clipPath></defs><rect width="9" height="9" clip-path="url(#{id})"/>"#
            );
            assert_eq!(bounded_expansion(svg(&body).as_bytes()), Ok(()), "{id}");
        }
        for id in [
            "m), url(https://x.example/a.png",
            "a b",
            "a'b",
            "a&quot;b",
            "a;b",
            "a&lt;b",
        ] {
            let why = refused(&format!(r#"<mask id="{id}"/>"#));
            assert!(
                why.contains("<mask> has the id") && why.contains("line 1"),
                "{why}"
            );
        }
        // An id no `url(#…)` names is not written into one: a layer's name may have spaces.
        assert_eq!(
            bounded_expansion(svg(r#"<g id="Frame 1"/>"#).as_bytes()),
            Ok(())
        );
        // A radius in em, ex or % is not the number written.
        for radius in [
            r#"<circle r="1em" font-size="1e30"/>"#,
            r#"<circle r="50%"/>"#,
            r#"<rect rx="2ex "/>"#,
        ] {
            assert!(
                refused(radius).contains("written in user units"),
                "{radius}"
            );
        }
        // Stroke widths too, wherever they are written: around 400 small curves a stroke
        // of 1e9 took 21 s.
        for stroke in [
            r#"<path d="M0 0c1 5 3-5 4 0" stroke-width="1e9"/>"#,
            r#"<path d="M0 0c1 5 3-5 4 0" style="stroke-width/**/: 2e6"/>"#,
            r#"<g style="stroke-width:1e7"><path d="M0 0c1 5 3-5 4 0"/></g>"#,
            r#"<style>path { stroke-width: 1e9 }</style><path d="M0 0c1 5 3-5 4 0"/>"#,
            r#"<path d="M0 0c1 5 3-5 4 0" stroke-width="3em"/>"#,
        ] {
            let why = refused(stroke);
            assert!(why.contains("stroke-width"), "{stroke}: {why}");
        }
        let px =
            r#"<rect width="9" height="9" rx="2px" stroke-width="1e5" style="stroke-width: 2px"/>"#;
        assert_eq!(bounded_expansion(svg(px).as_bytes()), Ok(()));
        // Radii: a million passes, more is refused, however it is written; a path's other
        // numbers are not radii (a map's coordinates may be in the millions).
        let fine = r#"<circle r="1e5"/><circle r="2000pt"/><path d="M5e6 4e6L5000001 4000001A100000 5 0 1 1 5000011 4000001"/>"#;
        assert_eq!(bounded_expansion(svg(fine).as_bytes()), Ok(()));
        for shape in [
            r#"<circle r="1e30"/>"#,
            r#"<ellipse rx="5" ry="1E+10px"/>"#,
            r#"<rect width="9" height="9" rx="10000000"/>"#,
            r#"<path d="M0 0 A1.5.5e30 5 0 1 1 1 0"/>"#,
            r#"<path d="M0,0a-2e12,3 0 1,1 1,0"/>"#,
            r#"<path d="M0 0a1e7 1e7 0 111 0"/>"#,
            // An absolute unit is so many user units: 1e6in is 9.6e7.
            r#"<circle r="1e6in"/>"#,
            r#"<circle r="3000cm "/>"#,
        ] {
            assert!(refused(shape).contains("hundred thousand"), "{shape}");
        }
        // A length svgtypes cannot read, usvg leaves out: no radius at all.
        for unread in [r#"<circle r="1.5.5e30"/>"#, r#"<circle r=".e5 - e"/>"#] {
            assert_eq!(
                bounded_expansion(svg(unread).as_bytes()),
                Ok(()),
                "{unread}"
            );
        }
        // Filters: a few parts pass wherever they are written; past 32 they are refused.
        let few = r#"<rect width="9" height="9" filter="blur(1) url(#f)" style="filter: drop-shadow(1px 1px 2px rgb(0,0,0))"/>"#;
        assert_eq!(bounded_expansion(svg(few).as_bytes()), Ok(()));
        let many = "blur(1) ".repeat(33);
        for body in [
            format!(r#"<rect filter="{many}"/>"#),
            format!(r#"<rect style="fill: red; filter:{many}"/>"#),
            format!(r#"<style>rect {{ stroke: red }} g{{filter :{many}}}</style><g/>"#),
            // As simplecss reads a declaration, so does the count: a comment before the
            // colon, a `;` inside `url(…)`.
            format!(r#"<rect style="filter/**/: {many}"/>"#),
            format!(r#"<rect style="filter: url(#;) {many}"/>"#),
        ] {
            assert!(
                refused(&body).contains("a filter may list at most 32"),
                "{body}"
            );
        }
        // Names that only end in "filter" are no filter.
        let named = format!(r#"<rect style="-webkit-filter: {many}; x-filter: {many}"/>"#);
        assert_eq!(bounded_expansion(svg(&named).as_bytes()), Ok(()));
    }

    #[test]
    fn filters_are_counted_on_every_element_and_copy_they_apply_to() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{body}</svg>"#
            )
        };
        let filters = |body: &str| {
            expansion(&roxmltree::Document::parse(&svg(body)).unwrap())
                .unwrap()
                .filters
        };
        // Attributes, style attributes and the stylesheet, on every element they reach.
        assert_eq!(filters(r#"<rect filter="blur(1) url(#f)"/>"#), 2);
        assert_eq!(filters(r#"<rect style="filter: blur(1)"/><rect/>"#), 1);
        assert_eq!(
            filters(r#"<style>rect { filter: blur(1) }</style><rect/><rect/><g/>"#),
            2
        );
        // A use copies its target's filters.
        assert_eq!(
            filters(
                r##"<defs><g id="a"><rect filter="blur(1)"/></g></defs><use href="#a"/><use xlink:href="#a"/>"##
            ),
            3
        );
        // 80,000 elements of one blur each took 2.3 s (the square of their number): refused.
        let many = r#"<rect width="1" height="1" filter="blur(1)"/>"#.repeat(10_001);
        let why = bounded_expansion(svg(&many).as_bytes()).unwrap_err();
        assert!(
            why.contains("10001 filters") && why.contains("at most 10000"),
            "{why}"
        );
        let few = r#"<rect width="1" height="1" filter="blur(1)"/>"#.repeat(100);
        assert_eq!(bounded_expansion(svg(&few).as_bytes()), Ok(()));
    }

    #[test]
    fn attributes_are_read_as_usvg_reads_them() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:f="urn:f" xmlns:s="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#
            )
        };
        let refused = |body: &str| {
            bounded_expansion(svg(body).as_bytes()).expect_err(&format!("passed: {body}"))
        };
        // An attribute of another namespace first, which usvg skips, hid the one it reads.
        assert!(refused(r#"<circle f:r="1" r="1e30"/>"#).contains("hundred thousand"));
        let why = refused(r#"<mask f:id="ok" id="m), url(https://x.example/a.png"/>"#);
        assert!(
            why.contains("the attribute `id` in the namespace urn:f"),
            "{why}"
        );
        let why = refused(r#"<mask id="m), url(https://x.example/a.png"/>"#);
        assert!(why.contains("<mask> has the id"), "{why}");
        // usvg finds a `style`, an `id` and an `href` by their name in any namespace: a
        // `style` there was applied unchecked (a tenth hostile round).
        for foreign in [
            r##"<rect f:style="mask: inherit"/>"##,
            r##"<path f:id="p" d="M0 0"/>"##,
            r##"<use f:href="#p"/>"##,
        ] {
            assert!(
                refused(foreign).contains("in the namespace urn:f"),
                "{foreign}"
            );
        }
        let trefs = r##"<tref href="#nope"/>"##.repeat(MAX_TREFS + 1);
        let why = refused(&format!("<text>{trefs}</text>"));
        assert!(why.contains("more than 100 `<tref>`"), "{why}");
        let many = "blur(1) ".repeat(33);
        let why = refused(&format!(r#"<rect f:filter="" filter="{many}"/>"#));
        assert!(why.contains("a filter may list at most 32"), "{why}");
        // Two of one name in the namespaces usvg reads: which it takes is not ours to guess.
        for twice in [r#"<g id="a" xml:id="b"/>"#, r#"<circle r="1" s:r="1e30"/>"#] {
            assert!(
                refused(twice).contains("twice, in two namespaces"),
                "{twice}"
            );
        }
        // Another program's attributes of the same names as SVG's are no concern (Inkscape
        // writes `inkscape:version` beside `version`), nor are `href` and `xlink:href`.
        let inkscape = r##"<g f:version="1.2" version="1.1" f:label="Layer 1"><use href="#x" xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#x"/></g><rect id="x" width="1" height="1"/>"##;
        assert_eq!(bounded_expansion(svg(inkscape).as_bytes()), Ok(()));
    }

    #[test]
    fn a_gradient_counts_for_every_shape_it_paints() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#
            )
        };
        let stops = r#"<stop offset="0"/><stop offset="1"/>"#;
        let painted = |shapes: usize| {
            svg(&format!(
                r#"<defs><linearGradient id="g">{stops}</linearGradient></defs><g fill="url(#g)">{}</g>"#,
                r#"<circle r="1"/>"#.repeat(shapes)
            ))
        };
        // usvg made the gradient again for each of 200,000 circles: 12 s. The stops are
        // counted for each shape.
        let added = expansion(&roxmltree::Document::parse(&painted(1_000)).unwrap()).unwrap();
        assert!(added.elements >= 3_000, "{added:?}");
        assert!(bounded_expansion(painted(30_000).as_bytes()).is_err());
        // A logo's few shapes in a gradient pass.
        assert_eq!(bounded_expansion(painted(20).as_bytes()), Ok(()));
    }

    #[test]
    fn runs_of_empty_segments_and_long_dash_lists_are_refused() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#
            )
        };
        // 30,000 closes in a row overflowed the stack and aborted the build.
        for run in [
            "Z".repeat(2_001),
            "A1 1 0 1 1 0 0".repeat(2_001),
            "zA1 1 0 1 1 0 0".repeat(1_001),
        ] {
            let why = bounded_expansion(svg(&format!(r#"<path d="M0 0{run}"/>"#)).as_bytes())
                .unwrap_err();
            assert!(why.contains("in a row"), "{why}");
        }
        // Closes between lines are no run: a drawing of many closed shapes passes.
        let shapes = "L1 1L0 1Z".repeat(5_000);
        assert_eq!(
            bounded_expansion(svg(&format!(r#"<path d="M0 0{shapes}"/>"#)).as_bytes()),
            Ok(())
        );
        assert_eq!(path_costs("M0 0ZZZL1 1ZA1 1 0 0 0 2 2").empty_run, 3);
        // A dash list usvg copies onto every shape that inherits it.
        let dashes = vec!["1"; 65].join(" ");
        for body in [
            format!(r#"<g stroke-dasharray="{dashes}"><path d="M0 0h1"/></g>"#),
            format!(
                r#"<g style="stroke-dasharray: {}"><path d="M0 0h1"/></g>"#,
                vec!["1"; 65].join(",")
            ),
            format!(r#"<style>g {{ stroke-dasharray: {dashes} }}</style><g/>"#),
        ] {
            let why = bounded_expansion(svg(&body).as_bytes()).unwrap_err();
            assert!(why.contains("stroke-dasharray` of 65 numbers"), "{why}");
        }
        let few = r#"<path d="M0 0h9" stroke-dasharray="4 2, 1 2"/>"#;
        assert_eq!(bounded_expansion(svg(few).as_bytes()), Ok(()));
    }

    #[test]
    fn deep_nesting_and_transformed_text_paths_are_refused() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}</svg>"#
            )
        };
        // 3,000 nested spans overflowed the stack and aborted the build; 600 on a worker.
        let spans = format!(
            "<text>{}x{}</text>",
            "<tspan>".repeat(200),
            "</tspan>".repeat(200)
        );
        let why = bounded_expansion(svg(&spans).as_bytes()).unwrap_err();
        assert!(why.contains("nest 129 deep at <tspan>"), "{why}");
        let groups = format!("{}<rect/>{}", "<g>".repeat(100), "</g>".repeat(100));
        assert_eq!(bounded_expansion(svg(&groups).as_bytes()), Ok(()));
        // Written back without indentation: 1,020 nested groups were 4 MB of spaces.
        let written = String::from_utf8(sanitized_svg(svg(&groups).as_bytes()).unwrap()).unwrap();
        assert!(!written.contains("\n "), "{written}");
        // Text on a path enlarged by the path's own transform, or by CSS, which the measure
        // does not read: usvg's search for a length never ended in a release build.
        let text = r##"<text><textPath href="#p">hi</textPath></text>"##;
        for body in [
            format!(r#"{text}<path id="p" transform="scale(1e30)" d="M0 0L1 1"/>"#),
            format!(r#"{text}<path id="p" style="transform: scale(1e30)" d="M0 0L1 1"/>"#),
            format!(
                r#"{text}<style>path {{ transform: scale(1e30) }}</style><path id="p" d="M0 0L1 1"/>"#
            ),
        ] {
            assert!(bounded_expansion(svg(&body).as_bytes()).is_err(), "{body}");
        }
        let plain = format!(r#"{text}<path id="p" transform="scale(2)" d="M0 0L1 1"/>"#);
        assert_eq!(bounded_expansion(svg(&plain).as_bytes()), Ok(()));
        // Without text on a path, a transform in CSS is no concern.
        let css = r#"<style>rect { transform: scale(2) }</style><rect width="1" height="1"/>"#;
        assert_eq!(bounded_expansion(svg(css).as_bytes()), Ok(()));
    }
}
