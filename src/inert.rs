//! Which files contributors may publish: kinds that cannot run script on the site's origin.
//!
//! A file beside a profile is published on the site's own address. An `.html`, `.svg`
//! or `.js` file there would run its script with the site's cookies and storage, even
//! with `allow_html = false`. So only inert kinds are published (pictures, PDFs, plain
//! text), and each is checked by its content as well as its name: `photo.png` that is
//! HTML inside is refused too. The owner may allow more kinds in site.toml.

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
}

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
        for name in ["x.html", "x.svg", "x.js", "x.xhtml", "x"] {
            assert!(check(&file(d, name, page), &[]).is_err(), "{name}");
        }
        let png = check(&file(d, "photo.png", page), &[]).unwrap_err();
        assert!(png.contains("its name says .png but"), "{png}");
        let txt = check(&file(d, "notes.txt", page), &[]).unwrap_err();
        assert!(txt.contains("starts like HTML"), "{txt}");
        assert!(check(&file(d, "bin.txt", b"a\0b"), &[]).is_err());
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
