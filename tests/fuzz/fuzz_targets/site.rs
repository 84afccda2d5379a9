//! Whole small sites from fuzz bytes: profiles with hostile values, file names, links
//! (relative, schemes, `@/`), files beside profiles, and symbolic links into and out of the
//! site. The invariants: nothing panics; `folio check` and `folio build` agree (both fail or
//! both succeed); nothing outside the site reaches the output.
#![no_main]

use std::path::Path;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// What must never be published or printed: it sits beside the site, outside it.
const SECRET: &str = "SECRET-1b7c0e5a";

/// Pieces hostile values are made of: the fuzzer mixes them with its own bytes.
const PIECES: &[&str] = &[
    "", " ", "!!!", "???", "Ada", "Acme", "Rust", "C++", "..", "/", "\\", "@/people/a.md",
    "javascript:alert(1)", "https:javascript:x", "/\\evil.example", "//evil.example",
    "https://example.org/x", "mailto:a@b.c", "cv.pdf", "photo.png", "x.html", "x.svg",
    "index.html", "resume.json", "people", "\u{FFFF}", "\u{1b}[31m", "<script>", "\"", "\n",
    "2019", "2019-13", "0000", "2020-02-30", "2021-06", "page", "pagefind",
];

fn piece(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 4)? {
        let text: &str = u.arbitrary()?;
        return Ok(text.chars().take(40).collect());
    }
    let mut s = String::new();
    for _ in 0..u.int_in_range(1..=3)? {
        s.push_str(u.choose(PIECES)?);
    }
    Ok(s)
}

/// A TOML string literal (basic string, escaped), so the front matter parses or fails on
/// its own terms rather than on quoting.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn profile(u: &mut Unstructured) -> Result<String> {
    let mut front = format!("name = {}\n", quoted(&piece(u)?));
    if u.arbitrary()? {
        front.push_str(&format!("avatar = {}\n", quoted(&piece(u)?)));
    }
    let skills: Vec<String> = (0..u.int_in_range(0..=3)?)
        .map(|_| piece(u).map(|s| quoted(&s)))
        .collect::<Result<_>>()?;
    front.push_str(&format!("skills = [{}]\n", skills.join(", ")));
    if u.arbitrary()? {
        front.push_str(&format!("[links]\nsite = {}\n", quoted(&piece(u)?)));
    }
    for _ in 0..u.int_in_range(0..=2)? {
        front.push_str(&format!(
            "[[experience]]\nemployer = {}\nstart = {}\n",
            quoted(&piece(u)?),
            quoted(&piece(u)?)
        ));
    }
    for _ in 0..u.int_in_range(0..=1)? {
        front.push_str(&format!(
            "[[talks]]\ntitle = {}\nevent = {}\ndate = {}\nwith = [{}]\n",
            quoted(&piece(u)?),
            quoted(&piece(u)?),
            quoted(&piece(u)?),
            quoted(&piece(u)?)
        ));
    }
    let body = format!("{} [link]({})\n", piece(u)?, piece(u)?);
    Ok(format!("+++\n{front}+++\n{body}"))
}

/// A file name a contributor might commit: plain, or hostile.
fn name(u: &mut Unstructured) -> Result<String> {
    let raw = piece(u)?;
    let cleaned: String = raw
        .chars()
        .filter(|c| *c != '/' && *c != '\0')
        .take(60)
        .collect();
    Ok(match cleaned.as_str() {
        "" | "." | ".." => "x".to_string(),
        _ => cleaned,
    })
}

fn site(u: &mut Unstructured, root: &Path) -> Result<()> {
    let people = root.join("content/people");
    std::fs::create_dir_all(&people).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    for _ in 0..u.int_in_range(1..=3)? {
        let folder = people.join(name(u)?);
        if std::fs::create_dir_all(&folder).is_err() {
            continue;
        }
        let _ = std::fs::write(folder.join("index.md"), profile(u)?);
        for _ in 0..u.int_in_range(0..=2)? {
            let file = folder.join(name(u)?);
            match u.int_in_range(0..=4)? {
                0 => {
                    let _ = std::fs::write(&file, b"%PDF-1.7\n");
                }
                1 => {
                    let _ = std::fs::write(&file, b"<script>alert(1)</script>");
                }
                2 => {
                    let _ = std::os::unix::fs::symlink(root.join("../secret.txt"), &file);
                }
                3 => {
                    let _ = std::os::unix::fs::symlink(root, &file);
                }
                _ => {
                    let _ = std::os::unix::fs::symlink("/etc", &file);
                }
            }
        }
    }
    if u.arbitrary()? {
        let _ = std::fs::write(people.join(format!("{}.md", name(u)?)), profile(u)?);
    }
    if u.arbitrary()? {
        std::fs::create_dir_all(root.join("static")).unwrap();
        let _ = std::fs::write(root.join("static").join(name(u)?), b"static");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    let root = dir.path().join("site");
    let mut u = Unstructured::new(data);
    if site(&mut u, &root).is_err() {
        return;
    }
    let out = dir.path().join("out");
    let options = folio::BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: None,
        preview: None,
        drafts: false,
        strict: false,
        cache: folio::CacheWrites::Never,
        sitemap_urls: None,
    };
    // `check` also checks links, which `build` does not: it may fail where a build passes,
    // never the other way round.
    let checked = folio::check(&options);
    let built = folio::build(&options);
    if let Err(e) = &built {
        assert!(
            checked.is_err(),
            "build failed, check passed: {e}\n{}",
            describe(&e)
        );
    }
    if let Err(folio::Error::Content(problems)) = &checked
        && built.is_ok()
    {
        let only_links = problems
            .iter()
            .filter(|p| p.is_error())
            .all(|p| p.message.contains(" links to `"));
        assert!(only_links, "check failed, build passed: {problems:#?}");
    }
    for text in [
        checked.err().map(|e| describe(&e)),
        built.err().map(|e| describe(&e)),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!text.contains(SECRET), "the secret reached a report: {text}");
    }
    if out.exists() {
        for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(SECRET), "{} holds the secret", entry.path().display());
            }
            assert!(!entry.path_is_symlink(), "a link was published: {}", entry.path().display());
        }
    }
});

fn describe(error: &folio::Error) -> String {
    match error {
        folio::Error::Content(problems) => problems
            .iter()
            .map(|p| format!("{p}"))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}
