//! Which files contributors may publish: kinds that cannot run script on the site's origin.
//!
//! A file beside a profile is published on the site's own address. An `.html`, `.svg`
//! or `.js` file there would run its script with the site's cookies and storage, even
//! with `allow_html = false`. So only inert kinds are published (pictures, PDFs, plain
//! text), and each is checked by its content as well as its name: `photo.png` that is
//! HTML inside is refused too. The owner may allow more kinds in site.toml.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Kinds of file published from content/ as they are, by extension.
const INERT: &[(&str, Kind)] = &[
    ("png", Kind::Binary("image/png")),
    ("jpg", Kind::Binary("image/jpeg")),
    ("jpeg", Kind::Binary("image/jpeg")),
    ("gif", Kind::Binary("image/gif")),
    ("webp", Kind::Binary("image/webp")),
    ("avif", Kind::Binary("image/avif")),
    ("svg", Kind::Svg),
    ("pdf", Kind::Binary("application/pdf")),
    ("txt", Kind::Text),
    ("md", Kind::Text),
    ("csv", Kind::Text),
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A binary format, recognised by its first bytes.
    Binary(&'static str),
    /// UTF-8 text that does not look like markup to a browser sniffing it.
    Text,
    /// An SVG picture, published only as [`sanitized_svg`] writes it back.
    Svg,
}

/// The largest file published beside a profile: slides and a CV fit; a video does not
/// belong in the site's repository (link it).
pub const MAX_FILE: u64 = 50 * 1024 * 1024;

/// How much of a file is read to tell what it is.
const HEAD: u64 = 4096;

/// The extensions published as they are, for messages.
pub fn allowed() -> String {
    let mut names: Vec<&str> = INERT.iter().map(|(e, _)| *e).collect();
    names.dedup();
    names.join(", ")
}

/// Whether the file at `path` may be published from content/: its extension names an inert
/// kind and its content is of that kind, or the owner allows its extension (`extra`).
/// The reason when it may not.
pub fn check(path: &Path, extra: &[String]) -> Result<(), String> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extra.iter().any(|allowed| {
        allowed
            .trim_start_matches('.')
            .eq_ignore_ascii_case(&extension)
    }) {
        return Ok(());
    }
    let Some(&(_, kind)) = INERT.iter().find(|(e, _)| *e == extension) else {
        let what = if extension.is_empty() {
            "a file without an extension".to_string()
        } else {
            format!("a .{extension} file")
        };
        return Err(format!(
            "{what} is not published from content/: only inert files are ({}), because \
             anything else could run script on the site's address",
            allowed()
        ));
    };
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    if size > MAX_FILE {
        return Err(format!(
            "it is {:.0} MB; a file beside a profile may be at most {} MB (link a larger one)",
            size as f64 / 1e6,
            MAX_FILE / (1024 * 1024)
        ));
    }
    if let Kind::Svg = kind {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
        return sanitized_svg(&bytes).map(drop);
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(HEAD).read_to_end(&mut head))
        .map_err(|e| format!("cannot read it: {e}"))?;
    match kind {
        Kind::Binary(mime) => match infer::get(&head) {
            Some(found) if found.mime_type() == mime => Ok(()),
            Some(found) => Err(format!(
                "its name says .{extension} but it holds {}",
                found.mime_type()
            )),
            None => Err(format!(
                "its name says .{extension} but its content is not {mime}"
            )),
        },
        Kind::Text => {
            text(&head).map_err(|why| format!("a .{extension} file must be plain text: {why}"))
        }
        Kind::Svg => unreachable!("read whole above"),
    }
}

/// Whether a published file must be rewritten: an SVG goes out only as [`sanitized_svg`],
/// unless the owner allows SVG as it is (`extra`).
pub fn sanitizes(path: &Path, extra: &[String]) -> bool {
    let svg = |e: &str| e.trim_start_matches('.').eq_ignore_ascii_case("svg");
    path.extension().is_some_and(|e| svg(&e.to_string_lossy())) && !extra.iter().any(|e| svg(e))
}

/// An SVG picture as usvg reads and writes it back: shapes, gradients, text and embedded
/// pictures only. Script, event handlers, `<foreignObject>`, links, animation, styles with
/// external references and every reference to another file or address are dropped; nothing
/// is read from disk or the network (usvg's default resolvers would read local files).
pub fn sanitized_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        resources_dir: None,
        font_family: crate::fonts::FAMILY.into(),
        fontdb: crate::fonts::database(),
        ..usvg::Options::default()
    };
    options.image_href_resolver = usvg::ImageHrefResolver {
        // Embedded pictures stay, unless they are SVG themselves.
        resolve_data: Box::new(|mime, data, options| {
            match (usvg::ImageHrefResolver::default_data_resolver())(mime, data, options) {
                Some(usvg::ImageKind::SVG(_)) | None => None,
                raster => raster,
            }
        }),
        resolve_string: Box::new(|_, _| None),
    };
    bounded_use(bytes)?;
    let tree = usvg::Tree::from_data(bytes, &options)
        .map_err(|e| format!("it is not an SVG picture folio can read: {e}"))?;
    let written = usvg::WriteOptions {
        preserve_text: true,
        ..usvg::WriteOptions::default()
    };
    Ok(tree.to_string(&written).into_bytes())
}

/// How much an SVG's `<use>` elements may add to it once expanded, in bytes of attributes
/// and text: usvg copies the target of every `<use>` (and `<tref>`) where it is used, so a
/// few levels that each use the one below twice make a 48 KB file a gigabyte.
pub const MAX_USE_BYTES: u64 = 4 * 1024 * 1024;

/// How many elements an SVG's `<use>` elements may add to it once expanded.
pub const MAX_USE_ELEMENTS: u64 = 50_000;

/// Whether the SVG `bytes`, with every `<use>` expanded as usvg expands it, stays within
/// [`MAX_USE_BYTES`] and [`MAX_USE_ELEMENTS`] of the file itself. Measured in one pass over
/// the document, before usvg copies anything. What usvg cannot read passes, for usvg to
/// say why.
pub fn bounded_use(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Ok(());
    };
    let Some(expanded) = use_expansion(&doc) else {
        return Err(
            "it is an SVG whose `<use>` elements refer to themselves, through the elements \
             around them or each other; an SVG may only use what does not use it back"
                .to_string(),
        );
    };
    if expanded.bytes > MAX_USE_BYTES || expanded.elements > MAX_USE_ELEMENTS {
        return Err(format!(
            "it is an SVG whose `<use>` elements would add {:.0} MB and {} elements to it once \
             each is expanded; they may add at most {} MB and {} elements (a `<use>` of an \
             element that itself uses others twice, in levels, doubles at every level)",
            expanded.bytes as f64 / 1e6,
            expanded.elements,
            MAX_USE_BYTES / (1024 * 1024),
            MAX_USE_ELEMENTS
        ));
    }
    Ok(())
}

/// Bytes (of names, attributes and text) and elements, saturating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Weight {
    bytes: u64,
    elements: u64,
}

impl Weight {
    fn add(self, other: Weight) -> Weight {
        Weight {
            bytes: self.bytes.saturating_add(other.bytes),
            elements: self.elements.saturating_add(other.elements),
        }
    }

    /// A node's own weight: an element's name and attributes, a text's characters.
    fn own(node: roxmltree::Node) -> Weight {
        if node.is_text() {
            let bytes = node.text().map_or(0, str::len) as u64;
            return Weight { bytes, elements: 0 };
        }
        if !node.is_element() {
            return Weight::default();
        }
        let attributes = node.attributes().map(|a| {
            // name="value" and a space
            a.name().len() as u64 + a.value().len() as u64 + 4
        });
        Weight {
            bytes: attributes.fold(node.tag_name().name().len() as u64 + 2, u64::saturating_add),
            elements: 1,
        }
    }
}

/// What every `<use>` and `<tref>` of `doc` adds to it once expanded (each copying the
/// whole weight of the element its `href` names, its own uses expanded too), or `None`
/// when one refers to itself through its ancestors or other uses. Linear in the document:
/// each node's expanded weight is worked out once, depth first on an explicit stack.
fn use_expansion(doc: &roxmltree::Document) -> Option<Weight> {
    // The element an `#id` names, as usvg finds it: the first with that id.
    let mut ids = HashMap::new();
    for node in doc.descendants() {
        if let Some(id) = node.attribute("id") {
            ids.entry(id).or_insert(node);
        }
    }
    let copied = |node| targets(node, &ids);
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
                        State::Open => return None,
                        State::Done(_) => {}
                    }
                }
            }
            State::Open => {
                stack.pop();
                let own = Weight::own(node);
                own_total = own_total.add(own);
                let mut weight = own;
                for next in node.children().chain(copied(node)) {
                    if let State::Done(w) = state[next.id().get_usize()] {
                        weight = weight.add(w);
                    }
                }
                state[index] = State::Done(weight);
            }
            State::Done(_) => {
                stack.pop();
            }
        }
    }
    let State::Done(all) = state[doc.root().id().get_usize()] else {
        return None;
    };
    Some(Weight {
        bytes: all.bytes.saturating_sub(own_total.bytes),
        elements: all.elements.saturating_sub(own_total.elements),
    })
}

/// What the `<use>` or `<tref>` `node` copies (nothing for another node): every `href` it
/// has, with or without a namespace (usvg prefers one or the other by element; counting
/// both cannot count less than it copies), looked up in `ids`.
fn targets<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    ids: &HashMap<&'a str, roxmltree::Node<'a, 'input>>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    let referring = node.is_element() && matches!(node.tag_name().name(), "use" | "tref");
    node.attributes()
        .filter(move |a| referring && a.name() == "href")
        .filter_map(|a| {
            // svgtypes' IRI: spaces, `#`, the id up to a space.
            let link = a.value().trim_start_matches([' ', '\t', '\n', '\r']);
            let id = link.strip_prefix('#')?.split(' ').next()?;
            ids.get(id).copied()
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// Plain text: UTF-8 (the head may end inside a character), no NUL, and not starting like
/// markup, which a browser that sniffs a file served without a type would run as HTML.
fn text(head: &[u8]) -> Result<(), &'static str> {
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if !valid || head.contains(&0) {
        return Err("this is binary");
    }
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if start.trim_ascii_start().starts_with(b"<") {
        return Err("it starts like HTML or XML");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn inert_files_pass_by_name_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        assert_eq!(check(&file(d, "a.png", png), &[]), Ok(()));
        assert_eq!(check(&file(d, "a.PDF", b"%PDF-1.7\n"), &[]), Ok(()));
        assert_eq!(
            check(&file(d, "cv.txt", "Ada — engines\n".as_bytes()), &[]),
            Ok(())
        );
    }

    #[test]
    fn script_carriers_are_refused_whatever_they_are_called() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let page = b"<html><script>alert(document.cookie)</script></html>";
        for name in ["x.html", "x.js", "x.xhtml", "x"] {
            assert!(check(&file(d, name, page), &[]).is_err(), "{name}");
        }
        let png = check(&file(d, "photo.png", page), &[]).unwrap_err();
        assert!(png.contains("its name says .png but"), "{png}");
        let txt = check(&file(d, "notes.txt", page), &[]).unwrap_err();
        assert!(txt.contains("starts like HTML"), "{txt}");
        assert!(check(&file(d, "bin.txt", b"a\0b"), &[]).is_err());
    }

    #[test]
    fn svg_is_written_back_without_anything_that_runs_or_reaches_out() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.png");
        std::fs::write(&secret, b"\x89PNG\r\n\x1a\nSECRET").unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <a href="javascript:alert(2)"><rect width="100" height="50" onclick="alert(3)"/></a>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
  <image href="https://evil.example/a.png" width="10" height="10"/>
  <image href="{}" width="10" height="10"/>
  <use href="https://evil.example/i.svg#x"/>
  <set attributeName="onmouseover" to="alert(4)"/>
  <text x="10" y="80">Ada</text>
</svg>"#,
            secret.display()
        );
        let clean = String::from_utf8(sanitized_svg(svg.as_bytes()).unwrap()).unwrap();
        for gone in [
            "script",
            "onload",
            "onclick",
            "javascript",
            "evil.example",
            "foreignObject",
            "iframe",
            "SECRET",
            "U0VDUkVU",
            "<a",
            "<set",
        ] {
            assert!(!clean.contains(gone), "{gone} survived:\n{clean}");
        }
        assert!(
            clean.contains("<rect") || clean.contains("<path"),
            "{clean}"
        );
        assert!(clean.contains("Ada"), "text stays: {clean}");
        let bomb = "<!DOCTYPE svg [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&c;&c;&c;&c;</text></svg>";
        let _ = sanitized_svg(bomb.as_bytes());
        let file = dir.path().join("logo.svg");
        std::fs::write(&file, svg).unwrap();
        assert_eq!(check(&file, &[]), Ok(()));
        std::fs::write(&file, "<html>not a picture").unwrap();
        assert!(check(&file, &[]).is_err());
    }

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
        let expanded = |svg: &str| use_expansion(&roxmltree::Document::parse(svg).unwrap());
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
            assert_eq!(expanded(looped), None, "{looped}");
            assert!(sanitized_svg(looped.as_bytes()).is_err(), "{looped}");
        }
        // Nesting deeper than any recursion could follow is measured all the same.
        let deep = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg">{}{}</svg>"#,
            "<g>".repeat(200_000),
            "</g>".repeat(200_000)
        );
        assert_eq!(expanded(&deep).unwrap(), Weight::default());
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
        let added = use_expansion(&roxmltree::Document::parse(icon).unwrap()).unwrap();
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
        assert_eq!(bounded_use(plain.as_bytes()), Ok(()));
        // What is not XML is left for usvg to refuse.
        assert_eq!(bounded_use(b"<html>not a picture"), Ok(()));
    }

    #[test]
    fn the_owner_may_allow_more_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let page = file(dir.path(), "talk.html", b"<p>slides</p>");
        assert!(check(&page, &[]).is_err());
        assert_eq!(check(&page, &["html".into()]), Ok(()));
        assert_eq!(check(&page, &[".HTML".into()]), Ok(()));
    }
}
