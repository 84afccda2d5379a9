//! One content file read and parsed: its kind by where it is, its text, its front matter,
//! and the limits on what one profile may list.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::front_matter;
use super::*;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::fs;

pub(super) fn load_file(root: &Path, content_dir: &Path, path: &Path) -> LoadResult {
    let rel_to_content = path.strip_prefix(content_dir).unwrap_or(path);
    if rel_to_content
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return Ok(None);
    }
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        return Ok(None); // assets beside a folder profile; copied by the output stage
    }
    let parts: Vec<String> = rel_to_content
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem = |name: &str| name.trim_end_matches(".md").to_string();
    enum Kind {
        Person(String, Option<PathBuf>),
        Employer,
        Talk,
        Page(String),
        Index,
    }
    let kind = match parts.as_slice() {
        ["index.md"] => Kind::Index,
        ["people", file] => Kind::Person(stem(file), None),
        ["people", folder, "index.md"] => {
            Kind::Person(folder.to_string(), path.parent().map(Path::to_path_buf))
        }
        ["people", _, ..] => return Ok(None), // a markdown asset inside a profile folder
        ["employers", _] => Kind::Employer,
        ["talks", _] => Kind::Talk,
        ["pages", file] => Kind::Page(stem(file)),
        _ => {
            return Err(Diagnostic::file(
                &relative(root, path),
                "folio does not know what this file is",
            )
            .help("content/ holds index.md, people/<slug>.md, people/<slug>/index.md, employers/<slug>.md, talks/<slug>.md and pages/<slug>.md").into());
        }
    };

    let source = read_source(root, path)?;
    let split = front_matter::split(&source)?;
    let body = split.body.to_string();
    let body_offset = split.body_offset;
    Ok(Some(match kind {
        Kind::Person(file_slug, folder) => Loaded::Person(Arc::new(Person {
            front: within_limits(front_matter::parse(&source, &split)?, &source)?,
            file_slug,
            folder,
            disk_path: path.to_path_buf(),
            body_offset,
            links_inside: source.text.contains("@/"),
            source,
        })),
        Kind::Employer => Loaded::Employer(EmployerFile {
            front: front_matter::parse(&source, &split)?,
            body,
            body_offset,
            source,
        }),
        Kind::Talk => Loaded::Talk(TalkFile {
            front: front_matter::parse(&source, &split)?,
            body,
            body_offset,
            source,
        }),
        Kind::Page(file_slug) => Loaded::Page(PageFile {
            front: front_matter::parse(&source, &split)?,
            file_slug,
            body,
            body_offset,
            source,
        }),
        Kind::Index => Loaded::Index(PageFile {
            front: front_matter::parse(&source, &split)?,
            file_slug: String::new(),
            body,
            body_offset,
            source,
        }),
    }))
}

/// Reads a profile's text as the build will (its fences, its front matter, the limits on
/// its lists, what [`super::check_person`] asks of its values) without a file on disk:
/// `folio import` checks what it is about to write, so that no imported value (a line `+++`
/// in a text, data nested past the parser's limits, a headline longer than a card holds)
/// makes a profile the next build refuses. Warnings are not reasons to refuse.
pub fn check_profile(source: &SourceFile) -> Result<(), Vec<Diagnostic>> {
    let split = front_matter::split(source)?;
    let front = within_limits(front_matter::parse(source, &split)?, source)?;
    let person = Person {
        source: source.clone(),
        disk_path: source.path.clone(),
        file_slug: String::new(),
        folder: None,
        front,
        body_offset: split.body_offset,
        links_inside: false,
    };
    let mut problems = Vec::new();
    super::check_person(&person, &mut problems);
    problems.retain(Diagnostic::is_error);
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems),
    }
}

/// The most entries a profile may list of each kind (roles, talks, skills...). The longest
/// real CVs list a few dozen; each new employer, talk and skill is a page of the site, so
/// one contributor's file must not be able to make a hundred thousand of them.
pub const MAX_ENTRIES: usize = 500;

/// The most co-speakers a profile may name over all its talks (a prolific speaker with a
/// hundred talks of a panel each stays well under it).
pub const MAX_CO_SPEAKERS: usize = 2_000;

/// `front`, if no list in it is longer than [`MAX_ENTRIES`], nor its co-speakers more than
/// [`MAX_CO_SPEAKERS`] in all.
fn within_limits(front: PersonFront, source: &SourceFile) -> Result<PersonFront, Diagnostic> {
    let skills: std::collections::HashSet<&str> = front.skill_names().collect();
    let with = front.talks.iter().map(|t| t.with.len()).max().unwrap_or(0);
    let with_in_all: usize = front.talks.iter().map(|t| t.with.len()).sum();
    let lists = [
        (
            "skills",
            "skills (with every role's technologies)",
            skills.len(),
        ),
        ("experience", "roles", front.experience.len()),
        ("talks", "talks", front.talks.len()),
        ("with", "co-speakers on one talk", with),
        ("education", "education entries", front.education.len()),
        ("projects", "projects", front.projects.len()),
        ("writing", "pieces of writing", front.writing.len()),
        ("links", "links", front.links.len()),
        (
            "spoken_languages",
            "languages",
            front.spoken_languages.len(),
        ),
        ("volunteer", "volunteer roles", front.volunteer.len()),
        ("awards", "awards", front.awards.len()),
        ("certificates", "certificates", front.certificates.len()),
        ("interests", "interests", front.interests.len()),
        ("references", "references", front.references.len()),
        ("skill_levels", "skill levels", front.skill_levels.len()),
        ("extra", "extra fields", front.extra.len()),
    ];
    // Every name is a speaker of a talk page and a row of the site's model: 250 talks of 500
    // co-speakers each (1.5 MB) took 410 MB of memory to build (a sixth hostile tester).
    let limits = lists
        .into_iter()
        .map(|(field, what, count)| (field, what, count, MAX_ENTRIES))
        .chain([(
            "with",
            "co-speakers over all its talks",
            with_in_all,
            MAX_CO_SPEAKERS,
        )]);
    for (field, what, count, limit) in limits {
        if count > limit {
            return Err(Diagnostic::near(
                source,
                &[field],
                format!("this profile lists {count} {what}; a profile may list at most {limit}"),
            )
            .help("each employer, talk and skill becomes a page of the site: list what the person really has"));
        }
    }
    // `extra` is written back into the resume.json, indented by its depth: 62 levels of
    // lists (4 MB) became 264 MB (a seventh hostile tester). What an import keeps there is
    // a few small fields.
    let extra_bytes: usize = front
        .extra
        .iter()
        .map(|(k, v)| k.len() + serde_json::to_string(v).map_or(0, |s| s.len()))
        .sum();
    let deepest = front.extra.values().map(depth).max().unwrap_or(0);
    if extra_bytes > MAX_EXTRA_BYTES || deepest > MAX_EXTRA_DEPTH {
        return Err(Diagnostic::near(
            source,
            &["extra"],
            format!(
                "`extra` holds {extra_bytes} bytes, nested {deepest} deep; it may hold at most {MAX_EXTRA_BYTES}, nested {MAX_EXTRA_DEPTH} deep"
            ),
        )
        .help("`extra` keeps what an imported resume had that folio has no field for: keep it small"));
    }
    Ok(front)
}

/// The most `extra` may hold, written as JSON, and how deep its lists and tables may nest.
const MAX_EXTRA_BYTES: usize = 64 * 1024;
const MAX_EXTRA_DEPTH: usize = 8;

/// How deep lists and tables nest in `value` (a plain value is 0), without recursing.
fn depth(value: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, at)) = stack.pop() {
        deepest = deepest.max(at);
        match value {
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|v| (v, at + 1))),
            serde_json::Value::Object(map) => stack.extend(map.values().map(|v| (v, at + 1))),
            _ => {}
        }
    }
    deepest
}

/// The largest content file folio reads: a long profile is tens of kilobytes.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// `bytes` as UTF-8 text, or the line (from 1) of the first byte that is not.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, usize> {
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        before.iter().filter(|&&b| b == b'\n').count() + 1
    })
}

/// Reads a content file as text: UTF-8 only, a byte-order mark dropped.
fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_SIZE {
        return Err(Diagnostic::file(&rel, format!("this file is {:.1} MB; content files may be at most {} MB", size as f64 / 1e6, MAX_FILE_SIZE / (1024 * 1024)))
            .help("a profile is text: put large files (PDFs, videos) beside it in people/<slug>/ and link them"));
    }
    let bytes = crate::timing::measure(crate::timing::Work::Reading, || fs::read(path))
        .map_err(|e| Diagnostic::file(&rel, e.source.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = utf8_text(bytes).map_err(|line| {
        let mut d = Diagnostic::file(
            &rel,
            format!("this file is not UTF-8 text (invalid byte on line {line})"),
        );
        (d.line, d.column) = (line, 1);
        d.help("save the file as UTF-8")
    })?;
    let source = SourceFile::new(rel, text);
    if let Some((at, c)) = super::control::first_raw(text) {
        return Err(super::control::raw_error(&source, at, c));
    }
    Ok(source)
}
