//! The corpus of broken sites under tests/fixtures/invalid/: each one must fail
//! with the errors its expected.toml names (file, line, key words), never panic,
//! and write nothing.

use serde::Deserialize;

use crate::support::*;

/// A case's `expected.toml`: the command to run, and the errors it must report.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    command: String,
    error: Vec<ExpectedError>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedError {
    file: String,
    line: Option<usize>,
    contains: Vec<String>,
}

/// stderr with runs of whitespace made single spaces, so messages compare whole.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each error and warning folio printed (`× ...`, `⚠ ...`, `Error: ...`), flattened.
fn diagnostics(stderr: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let starts = line.trim_start().starts_with(['×', '⚠']) || line.starts_with("Error:");
        match found.last_mut() {
            Some(last) if !starts => last.push_str(&format!(" {line}")),
            _ => found.push(line.to_string()),
        }
    }
    found.iter().map(|d| flat(d)).collect()
}

/// Runs the case `tests/fixtures/invalid/<folder>`: folio must exit with status 1, not panic,
/// write no output folder, and report each error of its expected.toml at its file (and line)
/// with all of its words in that same error.
fn fails_with_its_expected_errors(folder: &str) {
    let case = repo().join("tests/fixtures/invalid").join(folder);
    let expected = case.join("expected.toml");
    let text = std::fs::read_to_string(&expected)
        .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
    let expected: Expected =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
    assert!(
        !expected.error.is_empty(),
        "{folder}: no [[error]] to expect"
    );
    let out = tempfile::tempdir().unwrap();
    let output_dir = out.path().join("public");
    let mut words: Vec<&str> = expected.command.split_whitespace().collect();
    words.extend(["--root", case.to_str().unwrap()]);
    if words[0] == "build" {
        words.extend(["--output", output_dir.to_str().unwrap()]);
    }
    let output = folio(&words);
    let err = stderr(&output);
    let mut problems = Vec::new();
    if output.status.code() != Some(1) {
        problems.push(format!(
            "exit status {:?}, expected 1",
            output.status.code()
        ));
    }
    if err.contains("panicked") {
        problems.push("folio panicked".into());
    }
    if output_dir.exists() {
        problems.push("it wrote an output folder".into());
    }
    let reported = diagnostics(&err);
    for e in &expected.error {
        let place = match e.line {
            Some(line) => format!("{}:{line}:", e.file),
            None => e.file.clone(),
        };
        let at_place: Vec<&String> = reported.iter().filter(|d| d.contains(&place)).collect();
        if at_place.is_empty() {
            problems.push(format!("no error at {place}"));
            continue;
        }
        let words: Vec<String> = e.contains.iter().map(|w| flat(w)).collect();
        if !at_place
            .iter()
            .any(|d| words.iter().all(|w| d.contains(w.as_str())))
        {
            problems.push(format!("no error at {place} says all of {words:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{folder}: {}\n--- stderr ---\n{err}",
        problems.join("; ")
    );
}

/// One test per case of tests/fixtures/invalid/, named after its folder (`-` as `_`), so that
/// one case runs alone: `cargo test --test folio invalid::corpus::toml_syntax`.
macro_rules! corpus {
    ($($case:ident),* $(,)?) => {
        mod corpus {
            $(
                #[test]
                fn $case() {
                    super::fails_with_its_expected_errors(&stringify!($case).replace('_', "-"));
                }
            )*
        }

        /// The folders the tests above run.
        const CORPUS: &[&str] = &[$(stringify!($case)),*];
    };
}

corpus!(
    alias_claimed_twice,
    avatar_missing,
    bad_date_month,
    bad_date_words,
    broken_internal_link,
    broken_link_in_highlights,
    check_broken_anchor,
    check_broken_internal_link,
    check_template_link_to_missing_page,
    data_url_avatar,
    date_in_words,
    deep_nesting,
    deep_nesting_yaml,
    duplicate_slug,
    employer_logo_beside_file,
    empty_file,
    invalid_slug_field,
    javascript_in_markdown,
    javascript_link,
    key_after_links,
    key_after_talks,
    missing_name,
    missing_talk_event_yaml,
    no_closing_fence,
    no_front_matter,
    not_utf8,
    page_slug_taken,
    reversed_dates_strict,
    reversed_dates_untitled_strict,
    site_toml_bad_base_url,
    site_toml_search_not_bool,
    site_toml_unknown_key,
    skills_wrong_form,
    slug_collision_after_slugging,
    template_syntax_error,
    template_undefined_variable,
    toml_syntax,
    unknown_content_file,
    unknown_field,
    unquoted_toml_date,
    yaml_syntax,
    yaml_unknown_field
);

#[test]
fn every_invalid_site_in_the_corpus_has_its_own_test() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut folders: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let listed: Vec<String> = CORPUS.iter().map(|c| c.replace('_', "-")).collect();
    let unlisted: Vec<&String> = folders.iter().filter(|f| !listed.contains(f)).collect();
    let missing: Vec<&String> = listed.iter().filter(|c| !folders.contains(c)).collect();
    assert!(
        unlisted.is_empty(),
        "add these cases to `corpus!` in tests/folio/invalid.rs: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "`corpus!` lists cases with no folder in {}: {missing:?}",
        dir.display()
    );
}

#[test]
fn a_problem_with_a_whole_file_names_the_file_and_no_line_of_it() {
    let case = repo().join("tests/fixtures/invalid/duplicate-slug");
    let root = case.to_str().unwrap();
    let human = stderr(&folio(&["check", "--root", root]));
    assert!(
        human.contains("content/people/ada.md: two profiles have the slug"),
        "{human}"
    );
    assert!(!human.contains("ada.md:1:1"), "{human}");
    let github = folio(&["check", "--root", root, "--format", "github"]);
    let github = String::from_utf8_lossy(&github.stdout).into_owned() + &stderr(&github);
    assert!(
        github.contains("/content/people/ada.md,title=folio::two profiles"),
        "an annotation on the file, not on its first line: {github}"
    );
    let json = folio(&["check", "--root", root, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let problem = json["problems"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["file"] == "content/people/ada.md"))
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(problem["line"], serde_json::Value::Null, "{json}");
}

#[test]
fn several_broken_profiles_are_all_reported_sorted_by_file() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    for (i, name) in ["zed", "amy", "kim"].iter().enumerate() {
        std::fs::write(people.join(format!("{name}.md")), format!("+++\nname = \"{name}\"\n\n[[experience]]\nemployer = \"X\"\ntitle = \"T\"\nstart = \"20{i}9-99\"\n+++\nBio.\n")).unwrap();
    }
    std::fs::write(people.join("bob-babbage.md"), "no front matter").unwrap();
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let order: Vec<usize> = [
        "people/amy.md:7",
        "people/bob-babbage.md:1",
        "people/kim.md:7",
        "people/zed.md:7",
    ]
    .iter()
    .map(|place| {
        err.find(place)
            .unwrap_or_else(|| panic!("{place} missing from:\n{err}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "sorted by file:\n{err}"
    );
    assert!(err.contains("4 errors"), "{err}");
}

#[test]
fn warnings_are_printed_but_only_fail_with_strict() {
    let site = copy_site(&fixture("shared-talk"));
    let bob = site.path().join("content/people/bob-babbage.md");
    edit(&bob, |text| text.replace("Bob computes differences.\n", ""));
    let root = site.path().to_str().unwrap();
    let output = folio(&["build", "--root", root]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("has no bio"),
        "{}",
        stderr(&output)
    );
    let strict = folio(&["build", "--root", root, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_second_spelling_of_a_skill_is_a_warning_at_its_place() {
    let site = copy_site(&fixture("shared-talk"));
    let bob = site.path().join("content/people/bob-babbage.md");
    edit(&bob, |text| {
        text.replace("languages: [Rust, Python]", "languages: [rust, Python]")
    });
    let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("content/people/bob-babbage.md:5:"), "{err}");
    assert!(
        flat(&err).contains("the skill \"rust\" is spelled \"Rust\""),
        "{err}"
    );
}

#[test]
fn a_near_miss_co_speaker_is_linked_or_pointed_out() {
    let site = copy_site(&fixture("shared-talk"));
    let ada = site.path().join("content/people/ada-lovelace.md");
    edit(&ada, |text| {
        text.replace("\"Bob Babbage\"", "\"Bob Babage\"")
    });
    let bob = site.path().join("content/people/bob-babbage.md");
    edit(&bob, |text| {
        text.replace("with: [Ada Lovelace]", "with: [Ádá Lovelace]")
    });
    let out = site.path().join("public");
    let output = build(site.path(), &out, &[]);
    let err = flat(&stderr(&output));
    assert!(
        err.contains("the speaker \"Bob Babage\" has no profile, but \"Bob Babbage\" does"),
        "{err}"
    );
    assert!(
        err.contains("the speaker \"Ádá Lovelace\" is taken to be the profile \"Ada Lovelace\""),
        "{err}"
    );
}

#[test]
fn a_javascript_url_never_reaches_the_html() {
    let site = copy_site(&fixture("shared-talk"));
    let ada = site.path().join("content/people/ada-lovelace.md");
    edit(&ada, |text| {
        text.replace("https://github.com/ada", "javascript:alert(1)")
    });
    let out = site.path().join("public");
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!out.exists());
    // Refused for what it is, at the line and column where it is written.
    let written = std::fs::read_to_string(&ada).unwrap();
    let (line, column) = written
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("\"javascript:").map(|c| (i + 1, c + 1)))
        .unwrap();
    let refused = diagnostics(&err);
    let at = format!("content/people/ada-lovelace.md:{line}:{column}");
    assert!(
        refused.iter().any(|d| d.contains(&at)
            && d.contains("URL \"javascript:alert(1)\" uses `javascript:`")
            && d.contains("only http, https and mailto URLs")),
        "{err}"
    );
    // And script in a value is escaped, never run.
    edit(&ada, |text| {
        text.replace("javascript:alert(1)", "https://github.com/ada")
            .replace("Engine programmer", "<script>alert(1)</script>")
    });
    build(site.path(), &out, &[]);
    for (path, bytes) in tree(&out) {
        let html = String::from_utf8_lossy(&bytes);
        // Pagefind's own UI script names `javascript:` in its code; it is not the site's.
        if !path.starts_with("pagefind") {
            assert!(!html.contains("javascript:"), "{}", path.display());
        }
        assert!(!html.contains("<script>alert(1)"), "{}", path.display());
    }
}

#[test]
fn raw_html_is_escaped_when_the_site_disallows_it() {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::write(
        site.path().join("site.toml"),
        "base_url = \"https://example.org/\"\n[markdown]\nallow_html = false\n",
    )
    .unwrap();
    let ada = site.path().join("content/people/ada-lovelace.md");
    edit(&ada, |text| {
        text.replace(
            "Ada builds engines.",
            "Ada builds <img src=x onerror=alert(1)> engines.",
        )
    });
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = std::fs::read_to_string(out.join("people/ada-lovelace/index.html")).unwrap();
    assert!(!html.contains("<img src=x"), "raw HTML escaped");
    assert!(html.contains("&lt;img src=x"), "shown as text");
}

#[test]
fn hostile_files_get_errors_not_crashes() {
    let site = copy_site(&fixture("shared-talk"));
    let people = site.path().join("content/people");
    // A 50 MB file.
    let big = format!("+++\nname = \"Big\"\n+++\n{}", "word ".repeat(10_000_000));
    std::fs::write(people.join("big.md"), big).unwrap();
    // A symlink loop under content/.
    std::os::unix::fs::symlink(&people, people.join("loop")).unwrap();
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let errors = diagnostics(&err);
    assert!(
        errors.iter().any(|d| d.contains(
            "content/people/big.md: this file is 50.0 MB; content files may be at most 4 MB"
        )),
        "{err}"
    );
    assert!(
        errors.iter().any(|d| d.contains(
            "content/people/loop: this is a symbolic link to a folder above it (a loop), \
             which folio does not follow"
        )),
        "{err}"
    );
    // Nothing else: files walked again through the loop would be profiles a second time.
    assert!(err.contains("Error: 2 errors"), "{err}");
}

#[test]
fn bom_and_windows_line_endings_are_read_as_usual() {
    let site = copy_site(&fixture("shared-talk"));
    let usual = tempfile::tempdir().unwrap();
    build(site.path(), usual.path(), &[]);
    let bob = site.path().join("content/people/bob-babbage.md");
    let text = std::fs::read_to_string(&bob).unwrap().replace('\n', "\r\n");
    std::fs::write(&bob, format!("\u{feff}{text}")).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "people/bob-babbage/index.html");
    assert_eq!(text_of(&html, "h1"), "Bob Babbage");
    // Every file as it is with the usual encoding and line endings.
    assert!(tree(&out) == tree(usual.path()), "the site differs");
}

#[test]
fn names_with_spaces_and_accents_get_readable_slugs() {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::write(
        site.path().join("content/people/Zoë Ångström.md"),
        "+++\nname = \"Zoë Ångström\"\n+++\nBio.\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(out.join("people/zoe-angstrom/index.html").is_file());
}

#[test]
fn check_passes_on_the_demo_and_writes_nothing() {
    let site = copy_demo();
    let before = tree(site.path());
    let output = folio(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("no errors"));
    assert!(!site.path().join("public").exists());
    // Nor anything else in the site: no lock, no staging folder, no file changed.
    assert!(
        tree(site.path()) == before,
        "check changed the site's files"
    );
}

fn text_of(html: &scraper::Html, css: &str) -> String {
    text(&select(html, css)[0])
}

/// Names are resolved in parallel stretches of profiles: the first spelling in profile
/// order must still win, and the notes must still come in profile order, wherever the
/// stretches begin.
#[test]
fn the_first_spelling_wins_and_notes_come_in_order_in_a_large_site() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Many\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let people = root.join("content/people");
    std::fs::create_dir_all(&people).unwrap();
    let spelling = |i: usize| match i {
        290 => Some("GraphQL"),
        410 => Some("graphql"),
        600 => Some("GRAPHQL"),
        700 => Some("graphQL"),
        _ => None,
    };
    for i in 0..800 {
        let skills: Vec<String> = ["Rust"]
            .into_iter()
            .chain(spelling(i))
            .map(|s| format!("\"{s}\""))
            .collect();
        std::fs::write(
            people.join(format!("p{i:03}.md")),
            format!(
                "+++\nname = \"Person {i:03}\"\nskills = [{}]\n+++\nWrites code.\n",
                skills.join(", ")
            ),
        )
        .unwrap();
    }
    let out = root.join("public");
    let output = build(root, &out, &[]);
    let err = flat(&stderr(&output));
    let notes: Vec<&str> = err
        .split('⚠')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    // Each note points at its place: `╭─[content/people/p410.md:3:20]`.
    let files: Vec<&str> = notes
        .iter()
        .map(|n| {
            let at = &n[n.find("─[").unwrap() + "─[".len()..];
            &at[..at.find(':').unwrap()]
        })
        .collect();
    assert_eq!(
        files,
        [
            "content/people/p410.md",
            "content/people/p600.md",
            "content/people/p700.md"
        ],
        "{notes:#?}"
    );
    for (note, second) in notes.iter().zip(["graphql", "GRAPHQL", "graphQL"]) {
        let said =
            format!("the skill \"{second}\" is spelled \"GraphQL\" in content/people/p290.md");
        assert!(note.contains(&said), "{note}");
    }
    let html = page(&out, "skills/graphql/index.html");
    assert_eq!(text(&select(&html, "h1")[0]), "GraphQL");
    assert_eq!(select(&html, "main a[href^='/people/']").len(), 4);
}

/// `folio check 2>&1 | head -1` closes the pipe after the first line: folio must end with
/// its own status (1: the site has errors), not a panic's 101 for writing to it.
#[test]
fn a_closed_pipe_ends_with_the_commands_own_status() {
    use std::process::{Command, Stdio};
    for (args, want) in [
        (vec!["check"], 1),
        (vec!["check", "--format", "github"], 1),
        (vec!["build", "--output", "/nonexistent/out"], 1),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("--root")
            .arg(fixture("invalid/toml-syntax"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Both pipes are closed before folio has read its site, let alone written.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(want), "{args:?}");
    }
}
