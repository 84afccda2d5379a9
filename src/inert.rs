//! Which files contributors may publish: kinds that cannot run script on the site's origin.
//!
//! A file beside a profile is published on the site's own address. An `.html`, `.svg`
//! or `.js` file there would run its script with the site's cookies and storage, even
//! with `allow_html = false`. So only inert kinds are published (pictures, PDFs, plain
//! text), and each is checked by its content as well as its name: `photo.png` that is
//! HTML inside is refused too. The owner may allow more kinds in site.toml.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

mod expansion;
pub use expansion::bounded_expansion;

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
/// The reason when it may not. An SVG is checked by sanitizing it: the result is what is
/// published, so the file is sanitized once per build, and what goes out is what was checked
/// even if the file changes in between.
pub fn check(path: &Path, extra: &[String]) -> Result<Option<Arc<[u8]>>, String> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extra.iter().any(|allowed| {
        allowed
            .trim_start_matches('.')
            .eq_ignore_ascii_case(&extension)
    }) {
        return Ok(None);
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
        return sanitized_svg(&bytes).map(|clean| Some(clean.into()));
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(HEAD).read_to_end(&mut head))
        .map_err(|e| format!("cannot read it: {e}"))?;
    match kind {
        Kind::Binary(mime) => match infer::get(&head) {
            Some(found) if found.mime_type() == mime => Ok(None),
            Some(found) => Err(format!(
                "its name says .{extension} but it holds {}",
                found.mime_type()
            )),
            None => Err(format!(
                "its name says .{extension} but its content is not {mime}"
            )),
        },
        Kind::Text => text(&head)
            .map(|()| None)
            .map_err(|why| format!("a .{extension} file must be plain text: {why}")),
        Kind::Svg => unreachable!("read whole above"),
    }
}

/// An SVG picture as usvg reads and writes it back: shapes, gradients, text and embedded
/// pictures only. Script, event handlers, `<foreignObject>`, links, animation, styles with
/// external references and every reference to another file or address are dropped; nothing
/// is read from disk or the network (usvg's default resolvers would read local files).
pub fn sanitized_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    on_usvgs_stack(|| sanitize(bytes))?
}

/// The stack usvg runs on: it reads and writes a picture's tree one call within another.
const USVG_STACK: usize = 64 * 1024 * 1024;

/// `work` on a thread of its own with a stack of [`USVG_STACK`], so that a picture behaves the
/// same whichever thread asks: the main thread has 8 MiB, rayon's workers and the dev
/// server's rebuilds 2 MiB, and a picture that passed on one overflowed another, which
/// aborts the whole process (an eleventh hostile round). The measure bounds the depth;
/// this keeps well clear of it.
pub fn on_usvgs_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("usvg".into())
            .stack_size(USVG_STACK)
            .spawn_scoped(scope, work)
            .map_err(|e| format!("no thread to read it on: {e}"))?;
        Ok(thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        resources_dir: None,
        font_family: crate::fonts::FAMILY.into(),
        fontdb: crate::fonts::database(),
        ..usvg::Options::default()
    };
    options.image_href_resolver = usvg::ImageHrefResolver {
        // Embedded pictures stay, unless they are SVG themselves: those are dropped unread
        // (usvg's own resolver would read a whole SVG to drop it).
        resolve_data: Box::new(|mime, data, _| embedded_raster(mime, data)),
        resolve_string: Box::new(|_, _| None),
    };
    bounded_expansion(bytes)?;
    // usvg's arithmetic may overflow where the measure did not foresee it (text on a path
    // under `scale(1e20)` crashed the build): such a file is refused, not the build ended.
    let tree = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        usvg::Tree::from_data(bytes, &options)
    }))
    .map_err(|_| "it is an SVG picture usvg could not read (its numbers overflowed)".to_string())?
    .map_err(|e| format!("it is not an SVG picture folio can read: {e}"))?;
    // Without indentation: usvg indents each level by four spaces, so 1,020 nested groups
    // (7 KB) were written back as 4 MB.
    let written = usvg::WriteOptions {
        preserve_text: true,
        indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    };
    // usvg writes text as it is, but `]]>` may not stand in XML's text: a browser refused
    // the whole picture. Written as `]]&gt;` it means the same, in text and in attributes.
    Ok(tree
        .to_string(&written)
        .replace("]]>", "]]&gt;")
        .into_bytes())
}

/// An embedded picture of a kind usvg draws without reading another SVG: by the type its
/// `data:` address names, or by its first bytes when that is `text/plain` (as usvg does).
fn embedded_raster(mime: &str, data: std::sync::Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
    let sniffed = (mime == "text/plain")
        .then(|| infer::get(&data).map(|kind| kind.mime_type()))
        .flatten();
    match sniffed.unwrap_or(mime) {
        "image/jpg" | "image/jpeg" => Some(usvg::ImageKind::JPEG(data)),
        "image/png" => Some(usvg::ImageKind::PNG(data)),
        "image/gif" => Some(usvg::ImageKind::GIF(data)),
        "image/webp" => Some(usvg::ImageKind::WEBP(data)),
        _ => None,
    }
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
    fn usvg_runs_on_a_stack_of_its_own_whatever_thread_asks() {
        // About 8 MB of stack, asked for from a thread of 256 KB: on that thread's own stack
        // it would overflow and abort the tests.
        fn deep(n: u32) -> u32 {
            let pad = std::hint::black_box([1u8; 1024]);
            match n {
                0 => 0,
                _ => deep(n - 1) + u32::from(pad[n as usize % 1024] - 1),
            }
        }
        let small = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| on_usvgs_stack(|| deep(8_000)))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(small, Ok(0));
    }

    #[test]
    fn inert_files_pass_by_name_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        assert_eq!(check(&file(d, "a.png", png), &[]), Ok(None));
        assert_eq!(check(&file(d, "a.PDF", b"%PDF-1.7\n"), &[]), Ok(None));
        assert_eq!(
            check(&file(d, "cv.txt", "Ada — engines\n".as_bytes()), &[]),
            Ok(None)
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
    fn svg_text_holding_the_end_of_a_cdata_section_stays_well_formed() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="1" y="15">a]]&gt;b</text></svg>"#;
        let written = String::from_utf8(sanitized_svg(svg).unwrap()).unwrap();
        assert!(!written.contains("]]>"), "{written}");
        assert!(written.contains("a]]&gt;b"), "{written}");
        roxmltree::Document::parse(&written).unwrap();
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
        std::fs::write(&file, &svg).unwrap();
        // What the check gives is what is published: the picture as sanitized.
        let checked = check(&file, &[])
            .unwrap()
            .expect("an SVG is sanitized when checked");
        assert_eq!(&*checked, sanitized_svg(svg.as_bytes()).unwrap().as_slice());
        std::fs::write(&file, "<html>not a picture").unwrap();
        assert!(check(&file, &[]).is_err());
    }

    #[test]
    fn an_embedded_svg_is_dropped_unread_and_an_embedded_picture_kept() {
        // An SVG inside, of uses in 39 levels: usvg's own resolver read it up to its limit of
        // a million elements (about 200 MB) only for folio to drop it.
        let mut inner = String::from(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="l0"><rect width="1" height="1"/></g>"#,
        );
        for i in 1..40 {
            let below = i - 1;
            inner +=
                &format!(r##"<g id="l{i}"><use href="#l{below}"/><use href="#l{below}"/></g>"##);
        }
        inner += r##"</defs><use href="#l39"/></svg>"##;
        let mut png = Vec::new();
        image::RgbImage::new(1, 1)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let data = |bytes: &[u8]| {
            percent_encoding::percent_encode(bytes, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10"><image href="data:image/svg+xml,{}" width="10" height="10"/><image x="10" href="data:image/png,{}" width="10" height="10"/><image x="20" href="data:text/plain,{}" width="10" height="10"/></svg>"#,
            data(inner.as_bytes()),
            data(&png),
            data(&png)
        );
        let started = std::time::Instant::now();
        let clean = String::from_utf8(sanitized_svg(svg.as_bytes()).unwrap()).unwrap();
        let took = started.elapsed();
        assert_eq!(clean.matches("<image").count(), 2, "{clean}");
        assert_eq!(clean.matches("data:image/png").count(), 2, "{clean}");
        assert!(took < std::time::Duration::from_millis(300), "{took:?}");
    }

    #[test]
    fn the_owner_may_allow_more_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let page = file(dir.path(), "talk.html", b"<p>slides</p>");
        assert!(check(&page, &[]).is_err());
        assert_eq!(check(&page, &["html".into()]), Ok(None));
        assert_eq!(check(&page, &[".HTML".into()]), Ok(None));
    }
}
