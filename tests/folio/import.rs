//! `folio import jsonresume`, and the round trips between profiles and resume.json.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/jsonresume")
}

/// A new empty site in a temporary folder.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"t\"\nbase_url = \"https://x.example/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/people")).unwrap();
    dir
}

fn import(site: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--root", site.to_str().unwrap(), "import", "jsonresume"];
    args.extend(extra);
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    folio(&args)
}

/// A new empty site with `text` imported into it from its `resume.json`; the import must
/// succeed. With what the import printed.
fn imported(text: &str) -> (tempfile::TempDir, std::process::Output) {
    let site = empty_site();
    let file = site.path().join("resume.json");
    std::fs::write(&file, text).unwrap();
    let output = import(site.path(), &[&file], &[]);
    run_ok(&output, "import");
    (site, output)
}

/// The resume.json a build writes for the profile `text`, as `content/people/<slug>.md`.
fn exported(slug: &str, text: &str) -> String {
    let from = empty_site();
    std::fs::write(from.path().join(format!("content/people/{slug}.md")), text).unwrap();
    let out = from.path().join("out");
    build(from.path(), &out, &[]);
    std::fs::read_to_string(out.join(format!("people/{slug}/resume.json"))).unwrap()
}

/// The front matter of a profile, as a TOML table.
fn front(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Some(yaml) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---"))
    {
        return serde_saphyr::from_str(yaml.0).unwrap();
    }
    let inner = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("\n+++"))
        .map(|(f, _)| f);
    toml::from_str(inner.unwrap_or_else(|| panic!("no front matter: {text}"))).unwrap()
}

#[test]
fn every_fixture_imports_and_the_site_builds() {
    let site = empty_site();
    let files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let output = import(site.path(), &refs, &[]);
    assert!(
        !output.status.success(),
        "two fixtures are broken: the import fails"
    );
    let err = stderr(&output);
    // Malformed JSON: located at the trailing comma; a missing name: said so.
    assert!(err.contains("malformed.json:5:3"), "{err}");
    assert!(err.contains("basics.name is missing"), "{err}");
    let mut written: Vec<String> = std::fs::read_dir(site.path().join("content/people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "ana-de-la-cruz.md",
            "dmitrii-olegovich-smirnov.md",
            "gimminjun.md",
            "pieter-van-der-berg.md",
            "shan-tian-hua-zi.md",
            "wang-xiao-ming.md",
            "zofia-lukasiewicz-wojcik.md",
        ],
        "one profile per good file, slugs readable in ASCII"
    );
    // Names as written, in any script.
    assert_eq!(
        front(&site.path().join("content/people/shan-tian-hua-zi.md"))["name"].as_str(),
        Some("山田 花子")
    );
    // Each change is a warning naming where it was.
    for said in [
        "work[0].company",
        "\"2019-3\" read as \"2019-03\"",
        "Spring 2017",
        "hobbies",
        "<script> dropped",
    ] {
        assert!(err.contains(said), "no warning saying {said:?}:\n{err}");
    }
    let out = site.path().join("public");
    let built = build(site.path(), &out, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
}

#[test]
fn loose_dates_html_and_plain_strings_are_normalised() {
    let site = empty_site();
    let files = [
        "dates.json",
        "html-in-strings.json",
        "plain-strings.json",
        "pre-1.0.json",
        "extra-and-meta.json",
    ]
    .map(|f| fixtures().join(f));
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    run_ok(&import(site.path(), &refs, &[]), "import");
    let people = site.path().join("content/people");
    let dates = front(&people.join("wang-xiao-ming.md"));
    let starts: Vec<Option<&str>> = dates["experience"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.get("start").and_then(|s| s.as_str()))
        .collect();
    assert!(
        starts.contains(&Some("2019-03"))
            && starts.contains(&Some("2012-03"))
            && starts.contains(&Some("2006-02")),
        "{starts:?}"
    );
    let html = std::fs::read_to_string(people.join("shan-tian-hua-zi.md")).unwrap();
    for raw in ["<strong>", "<b>", "<br", "<script", "javascript:", "<a "] {
        assert!(!html.contains(raw), "{raw} passed through:\n{html}");
    }
    assert!(html.contains("**"), "bold kept as markdown:\n{html}");
    let plain = front(&people.join("gimminjun.md"));
    assert!(
        plain["links"]["github"]
            .as_str()
            .unwrap()
            .starts_with("https://github.com/")
    );
    assert!(plain["interests"].as_array().is_some_and(|i| !i.is_empty()));
    let old = front(&people.join("dmitrii-olegovich-smirnov.md"));
    assert!(
        old["experience"][0].get("employer").is_some(),
        "company read as the employer"
    );
    assert!(
        old["education"][0].get("score").is_some(),
        "gpa read as the score"
    );
    let extra = front(&people.join("pieter-van-der-berg.md"));
    for key in ["hobbies", "x-custom", "meta.theme", "experience[0].contact"] {
        assert!(
            extra["extra"].get(key).is_some(),
            "{key} not kept in extra: {:?}",
            extra["extra"]
        );
    }
    // The extra data is in the person's resume.json again, where it came from.
    let out = site.path().join("public");
    run_ok(&build(site.path(), &out, &[]), "build");
    let resume: Value = serde_json::from_slice(
        &std::fs::read(out.join("people/pieter-van-der-berg/resume.json")).unwrap(),
    )
    .unwrap();
    assert!(
        resume.get("hobbies").is_some() && resume["meta"].get("theme").is_some(),
        "{resume:#}"
    );
    let vcard =
        std::fs::read_to_string(out.join("people/pieter-van-der-berg/pieter-van-der-berg.vcf"))
            .unwrap();
    assert!(vcard.contains("N:van der Berg;Pieter;;;"), "{vcard}");
}

#[test]
fn an_existing_profile_is_replaced_only_with_force() {
    let site = empty_site();
    let file = fixtures().join("minimal.json");
    let path = site.path().join("content/people/ana-de-la-cruz.md");
    std::fs::write(&path, "+++\nname = \"Mine\"\n+++\n").unwrap();
    let output = import(site.path(), &[&file], &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        front(&path)["name"].as_str(),
        Some("Mine"),
        "left as it was"
    );
    run_ok(
        &import(site.path(), &[&file], &["--force"]),
        "import --force",
    );
    assert_eq!(front(&path)["name"].as_str(), Some("Ana de la Cruz"));
}

fn run_ok(output: &std::process::Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        stderr(output)
    );
}

/// The fields of a profile JSON Resume can hold, links resolved as resume.json gives them.
fn comparable(mut table: toml::Table, page: &str) -> toml::Table {
    for key in ["slug", "draft", "extra"] {
        table.remove(key);
    }
    let absolute = |v: &mut toml::Value| {
        if let Some(s) = v.as_str()
            && !s.contains("://")
        {
            *v = toml::Value::String(format!("{page}{s}"));
        }
    };
    if let Some(links) = table.get_mut("links").and_then(|l| l.as_table_mut()) {
        links.iter_mut().for_each(|(_, v)| absolute(v));
    }
    if let Some(avatar) = table.get_mut("avatar") {
        absolute(avatar);
    }
    // Multi-line text compared without the spaces at its ends.
    fn trim(v: &mut toml::Value) {
        match v {
            toml::Value::String(s) => *s = s.trim().to_string(),
            toml::Value::Array(a) => a.iter_mut().for_each(trim),
            toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| trim(v)),
            _ => {}
        }
    }
    let mut value = toml::Value::Table(table);
    trim(&mut value);
    value.as_table().cloned().unwrap()
}

// import(export(profile)) is the profile, for every demo profile.
#[test]
fn demo_profiles_come_back_from_their_resume_json() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    let people = repo().join("content/people");
    for entry in std::fs::read_dir(&people).unwrap() {
        let path = entry.unwrap().path();
        let (slug, file) = match path.extension() {
            Some(_) => (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                path.clone(),
            ),
            None => (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                path.join("index.md"),
            ),
        };
        let site = empty_site();
        let resume = out.path().join(format!("people/{slug}/resume.json"));
        run_ok(&import(site.path(), &[&resume], &[]), "import");
        let imported = std::fs::read_dir(site.path().join("content/people"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let page = format!("https://example.github.io/folio/people/{slug}/");
        let want = comparable(front(&file), &page);
        let got = comparable(front(&imported), &page);
        for key in want.keys().chain(got.keys()) {
            assert_eq!(
                got.get(key),
                want.get(key),
                "{slug}: `{key}` after the round trip"
            );
        }
        let body = |p: &Path| {
            let text = std::fs::read_to_string(p).unwrap();
            let (_, rest) = text.split_at(4);
            rest.split_once(&text[..4])
                .map(|(_, b)| b.trim().to_string())
                .unwrap()
        };
        assert_eq!(body(&imported), body(&file), "{slug}: the bio");
    }
}

// export(import(file)) keeps every schema field's value.
#[test]
fn a_full_resume_keeps_every_value_through_folio() {
    let site = empty_site();
    let file = fixtures().join("full-v1.json");
    run_ok(&import(site.path(), &[&file], &[]), "import");
    let out = site.path().join("public");
    run_ok(&build(site.path(), &out, &[]), "build");
    let written: Value = serde_json::from_slice(
        &std::fs::read(out.join("people/zofia-lukasiewicz-wojcik/resume.json")).unwrap(),
    )
    .unwrap();
    let original: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    // Every string of a schema field is in the export (the phone and street address only
    // with --with-phone / never: they would be published).
    let mut missing = Vec::new();
    let exported = written.to_string();
    collect_strings(&original, "", &mut |path, s| {
        let private = path.contains("phone")
            || path.contains("address")
            || path.contains("postalCode")
            || path.starts_with("/meta")
            || path.starts_with("/$schema");
        if !private && !exported.contains(&serde_json::to_string(s).unwrap()[1..s.len()]) {
            missing.push(format!("{path}: {s:?}"));
        }
    });
    assert!(
        missing.is_empty(),
        "lost in export(import(file)):\n{}",
        missing.join("\n")
    );
}

fn collect_strings(value: &Value, path: &str, found: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(s) => found(path, s),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_strings(v, &format!("{path}/{i}"), found)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| collect_strings(v, &format!("{path}/{k}"), found)),
        _ => {}
    }
}

#[test]
fn talks_are_dated_projects_with_their_event_and_own_links() {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), out.path(), &[]);
    let resume: Value = serde_json::from_slice(
        &std::fs::read(out.path().join("people/guido-iaquinti/resume.json")).unwrap(),
    )
    .unwrap();
    let talks: Vec<&Value> = resume["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["type"] == "talk")
        .collect();
    assert!(!talks.is_empty());
    for talk in talks {
        assert_eq!(
            talk["startDate"], talk["endDate"],
            "no theme may show a talk as ongoing"
        );
        assert!(
            talk["entity"].is_string()
                && talk["description"]
                    .as_str()
                    .unwrap()
                    .starts_with("Speaker at ")
        );
    }
    assert_eq!(
        resume["basics"]["location"]["countryCode"], "ES",
        "{:#}",
        resume["basics"]
    );
    assert!(resume["basics"]["profiles"].is_array());
}

// What a file kept beside an entry goes back onto that entry, however the entries were
// regrouped: talks written after the projects, roles newest first, entries without a name
// skipped.
#[test]
fn extra_data_goes_back_onto_its_own_entry() {
    let site = empty_site();
    let file = site.path().join("mixed.json");
    let talk = r#"{"name": "On Queues", "type": "talk", "entity": "QConf 2021",
        "startDate": "2021-04", "recorded": true}"#;
    let project = r#"{"name": "qtool", "stars": 42}"#;
    let resume = format!(
        r#"{{"basics": {{"name": "Ada Example"}},
        "projects": [{talk}, {project}],
        "work": [{{"position": "Intern", "note": "no employer"}},
                 {{"name": "Old Co", "startDate": "2010", "endDate": "2012", "contact": "old"}},
                 {{"name": "New Co", "startDate": "2020", "contact": "new"}}],
        "education": [{{"studyType": null, "memo": "skipped"}},
                      {{"institution": "Uni", "thesis": "T"}}]}}"#
    );
    std::fs::write(&file, resume).unwrap();
    run_ok(&import(site.path(), &[&file], &[]), "import");
    let out = site.path().join("public");
    run_ok(&build(site.path(), &out, &[]), "build");
    let written: Value =
        serde_json::from_slice(&std::fs::read(out.join("people/ada-example/resume.json")).unwrap())
            .unwrap();
    let projects = written["projects"].as_array().unwrap();
    let by_name = |list: &[Value], name: &str| -> Value {
        list.iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}: {written:#}"))
    };
    assert_eq!(by_name(projects, "qtool")["stars"], 42, "{written:#}");
    assert!(by_name(projects, "qtool").get("recorded").is_none());
    assert_eq!(
        by_name(projects, "On Queues")["recorded"],
        true,
        "{written:#}"
    );
    assert!(by_name(projects, "On Queues").get("stars").is_none());
    let work = written["work"].as_array().unwrap();
    assert_eq!(by_name(work, "Old Co")["contact"], "old", "{written:#}");
    assert_eq!(by_name(work, "New Co")["contact"], "new", "{written:#}");
    let education = written["education"].as_array().unwrap();
    assert_eq!(education.len(), 1);
    assert_eq!(education[0]["thesis"], "T", "{written:#}");
    assert!(education[0].get("memo").is_none(), "{written:#}");
    // The entries folio could not read are kept where no theme looks.
    let kept = &written["meta"]["folio"]["extra"];
    assert_eq!(kept["work[0]"]["note"], "no employer", "{written:#}");
    assert_eq!(kept["education[0]"]["memo"], "skipped", "{written:#}");
}

/// A document holding control characters (NUL, ESC) imports without them, with a
/// warning, and the profile it writes builds: a profile that holds one is an error.
#[test]
fn control_characters_are_removed_on_import() {
    let site = empty_site();
    let file = site.path().join("resume.json");
    std::fs::write(
        &file,
        r#"{"basics": {"name": "Ada\u0000 Lovelace", "label": "Engineer\u001b[31m",
            "summary": "Builds\u0007 engines."}}"#,
    )
    .unwrap();
    let output = import(site.path(), &[&file], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("3 control characters (such as NUL or ESC) removed"),
        "{}",
        stderr(&output)
    );
    let profile = site.path().join("content/people/ada-lovelace.md");
    let front = front(&profile);
    assert_eq!(front["name"].as_str(), Some("Ada Lovelace"));
    assert_eq!(front["headline"].as_str(), Some("Engineer[31m"));
    let out = site.path().join("out");
    build(site.path(), &out, &[]);
}

/// Standard input is read only up to the size a file may have: `curl ... | folio import
/// jsonresume -` from a stranger's server once read gigabytes before anything was refused,
/// and a 6 MB document was imported whole.
#[test]
fn standard_input_past_the_size_limit_is_refused() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let site = empty_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["--root", site.path().to_str().unwrap()])
        .args(["import", "jsonresume", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let document = format!(
            r#"{{"basics": {{"name": "Big Input"}}, "padding": "{}"}}"#,
            "a".repeat(6 * 1024 * 1024)
        );
        // folio stops reading at the limit: the rest may meet a closed pipe.
        let _ = stdin.write_all(document.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(!output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("standard input holds more than 4 MB"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path().join("content/people/big-input.md").exists());
}

/// What the build would refuse is refused at import, naming the file: a text holding a
/// line `+++` (which TOML writes in a multi-line string, so that it ended the front matter
/// and the build failed on the rest) and data nested past the front matter's limits.
#[test]
fn a_profile_the_build_would_refuse_is_not_written() {
    let site = empty_site();
    let fence = site.path().join("fence.json");
    std::fs::write(
        &fence,
        r#"{"basics": {"name": "Fence Line", "label": "Engineer\n+++\ninjected = true"}}"#,
    )
    .unwrap();
    let deep = site.path().join("deep.json");
    std::fs::write(
        &deep,
        format!(
            r#"{{"basics": {{"name": "Deep Data"}}, "x": {}1{}}}"#,
            "[".repeat(100),
            "]".repeat(100)
        ),
    )
    .unwrap();
    let output = import(site.path(), &[&fence, &deep], &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("headline: a line that is only `+++` would end the profile's front matter"),
        "{err}"
    );
    assert!(
        err.contains("deep.json") && err.contains("would not build"),
        "{err}"
    );
    let people = site.path().join("content/people");
    assert!(!people.join("fence-line.md").exists());
    assert!(!people.join("deep-data.md").exists());
    // The same text is fine in YAML, whose fence it is not.
    run_ok(
        &import(site.path(), &[&fence], &["--yaml"]),
        "import --yaml",
    );
    assert_eq!(
        front(&people.join("fence-line.md"))["headline"].as_str(),
        Some("Engineer\n+++\ninjected = true")
    );
    build(site.path(), &site.path().join("out"), &[]);
    // Nor is a line `---` a fence in YAML, which indents a text's lines: it was refused.
    let rule = site.path().join("rule.json");
    std::fs::write(
        &rule,
        r#"{"basics": {"name": "Rule Line"}, "awards": [{"title": "Prize", "summary": "first\n---\nsecond"}]}"#,
    )
    .unwrap();
    run_ok(&import(site.path(), &[&rule], &["--yaml"]), "import --yaml");
    build(site.path(), &site.path().join("out"), &[]);
    let page =
        std::fs::read_to_string(site.path().join("out/people/rule-line/index.html")).unwrap();
    assert!(page.contains("second"), "{page}");
}

/// --force replaces a profile, never a file outside the site that a symbolic link in its
/// place points to, and never a profile imported a moment ago from another file of the
/// same run.
#[cfg(unix)]
#[test]
fn force_replaces_neither_a_link_target_nor_a_profile_of_the_same_run() {
    let site = empty_site();
    let outside = site.path().join("outside.txt");
    std::fs::write(&outside, "not a profile").unwrap();
    let people = site.path().join("content/people");
    std::os::unix::fs::symlink(&outside, people.join("same-person.md")).unwrap();
    let first = site.path().join("first.json");
    std::fs::write(
        &first,
        r#"{"basics": {"name": "Same Person", "label": "First"}}"#,
    )
    .unwrap();
    let second = site.path().join("second.json");
    std::fs::write(
        &second,
        r#"{"basics": {"name": "same-person", "label": "Second"}}"#,
    )
    .unwrap();
    let output = import(site.path(), &[&first, &second], &["--force"]);
    assert!(!output.status.success());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not a profile");
    let profile = people.join("same-person.md");
    assert!(!profile.symlink_metadata().unwrap().is_symlink());
    assert_eq!(front(&profile)["headline"].as_str(), Some("First"));
    assert!(
        stderr(&output).contains("was just imported from"),
        "{}",
        stderr(&output)
    );
    let left: Vec<_> = std::fs::read_dir(&people).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
}

/// A symbolic link at the profile's name is something there, even when it leads nowhere:
/// without `--force` it is kept and named, as a file would be (the write used to fail with
/// a bare "File exists").
#[cfg(unix)]
#[test]
fn a_dangling_link_at_the_profiles_name_is_named_and_kept() {
    let site = empty_site();
    let people = site.path().join("content/people");
    let link = people.join("ada-lovelace.md");
    std::os::unix::fs::symlink(site.path().join("gone.md"), &link).unwrap();
    let file = site.path().join("ada.json");
    std::fs::write(&file, r#"{"basics": {"name": "Ada Lovelace"}}"#).unwrap();
    let output = import(site.path(), &[&file], &[]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("already exists"), "{said}");
    assert!(said.contains("--force"), "{said}");
    assert!(link.symlink_metadata().unwrap().is_symlink());
    assert!(!site.path().join("gone.md").exists());
}

/// A `folio` object is anyone's to edit: the bio and summary it holds are taken as written
/// only without markup, so an edited export brings no raw HTML into a profile (a site with
/// `trust_html` published its script).
#[test]
fn markup_in_an_exported_folio_object_is_not_taken_as_written() {
    let exported = exported(
        "eve-export",
        "+++\nname = \"Eve Export\"\n+++\n## Heading\n\nHello.\n",
    );
    let mut resume: Value = serde_json::from_str(&exported).unwrap();
    let folio = resume["basics"]["folio"].as_object_mut().unwrap();
    assert!(folio.contains_key("summary_print"), "{resume:#}");
    folio.insert("bio".into(), "Hi <script>alert(1)</script>".into());
    folio.insert("summary".into(), "<img src=x onerror=alert(2)>".into());
    let (site, _) = imported(&resume.to_string());
    let text = std::fs::read_to_string(site.path().join("content/people/eve-export.md")).unwrap();
    assert!(!text.contains('<'), "{text}");
    assert!(text.contains("Hello."), "{text}");
}

/// A file of many unknown fields, or of many entries with one each, is read in time linear
/// in its size: each warning searched the file for its place (100,000 unknown keys took
/// minutes) and each entry searched every key kept before it (40,000 roles took 34 s).
#[test]
fn many_unknown_fields_are_read_in_linear_time() {
    let site = empty_site();
    let keys: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("k{i}"), Value::from(i)))
        .collect();
    let mut keys = Value::Object(keys);
    keys["basics"] = serde_json::json!({"name": "Many Keys"});
    let roles: Vec<Value> = (0..40_000)
        .map(|i| serde_json::json!({"name": format!("E{i}"), "z": i}))
        .collect();
    let roles = serde_json::json!({"basics": {"name": "Many Roles"}, "work": roles});
    for (name, document) in [("keys.json", keys), ("roles.json", roles)] {
        let file = site.path().join(name);
        std::fs::write(&file, document.to_string()).unwrap();
        let started = std::time::Instant::now();
        let output = import(site.path(), &[&file], &[]);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{name}: {:?}",
            started.elapsed()
        );
        // More than a profile may list: refused, and said so.
        assert!(
            stderr(&output).contains("a profile may list at most 500"),
            "{}",
            stderr(&output)
        );
    }
}

/// A link in markdown as written (a highlight, the summary) to an address the build would
/// refuse (`javascript:`) or could not find (a path in the CV's own site) is kept as its
/// text, with a warning: it was imported as it was, and the next build failed on it.
#[test]
fn a_markdown_link_the_build_would_refuse_is_imported_as_text() {
    let resume = serde_json::json!({
        "basics": {
            "name": "Mal Link",
            "summary": "See [my notes](notes/cv.pdf) and [the docs](https://docs.example/)."
        },
        "work": [{
            "name": "Acme",
            "startDate": "2020-01",
            "highlights": [
                "Shipped [it](javascript:alert(document.domain)) on time",
                "Wrote <javascript:alert(2)> and ![x](data:image/png;base64,AAAA)"
            ]
        }]
    });
    let (site, output) = imported(&resume.to_string());
    assert!(
        stderr(&output)
            .contains("the link to \"javascript:alert(document.domain)\" is no full URL"),
        "{}",
        stderr(&output)
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let page = std::fs::read_to_string(out.join("people/mal-link/index.html")).unwrap();
    assert!(!page.contains("href=\"javascript"), "{page}");
    assert!(
        page.contains("Shipped [it](javascript:alert(document.domain)) on time"),
        "{page}"
    );
    assert!(!page.contains("notes/cv.pdf\""), "{page}");
    assert!(page.contains("href=\"https://docs.example/\""), "{page}");
}

/// A talk's `slides` in an exported `folio` object is taken as written only while the
/// visible `[Slides](…)` highlight says the same; an edit of both to `javascript:` made a
/// profile the next build refused. The highlight is now kept as text, so the two differ
/// and the talk is read from the visible fields.
#[test]
fn an_exported_talk_edited_to_a_script_link_is_read_from_the_visible_fields() {
    let text = exported(
        "tia-talk",
        "+++\nname = \"Tia Talk\"\n[[talks]]\ntitle = \"Fast things\"\nevent = \"RustConf\"\ndate = \"2020-05\"\nurl = \"https://t.example/fast\"\nslides = \"https://s.example/deck\"\n+++\nTia talks.\n",
    )
    .replace("https://s.example/deck", "javascript:alert(1)");
    assert!(text.contains("[Slides](javascript:alert(1))"), "{text}");
    let (site, _) = imported(&text);
    let profile = front(&site.path().join("content/people/tia-talk.md"));
    assert!(
        !profile.to_string().contains("slides = \"javascript"),
        "{profile}"
    );
    build(site.path(), &site.path().join("public"), &[]);
}

/// An email with a line break would add lines to the person's vCard (a sixth hostile
/// tester): the import leaves it out with a warning, and the profile it writes builds.
#[test]
fn an_email_that_is_not_one_address_is_not_imported() {
    let (site, output) = imported(
        r#"{"basics": {"name": "Eve Example", "email": "eve@example.com\nURL:https://evil.example/"}}"#,
    );
    let said = stderr(&output);
    assert!(
        said.contains("basics.email") && said.contains("not one email address"),
        "{said}"
    );
    let profile = site.path().join("content/people/eve-example.md");
    assert!(
        !front(&profile).contains_key("email"),
        "{:?}",
        front(&profile)
    );
    let out = site.path().join("out");
    let built = build(site.path(), &out, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
}

/// A resume whose unknown sections make a profile past the 4 MB a content file may be (a
/// seventh hostile tester's 2.5 MB file gave a 4.2 MB profile, which the build refused) is
/// refused by the import, and nothing is written; a smaller one is refused for its `extra`.
#[test]
fn an_import_that_would_make_a_profile_the_build_refuses_writes_nothing() {
    let site = empty_site();
    let file = site.path().join("resume.json");
    // The import of `resume` fails with `said`, and writes nothing.
    let refused = |resume: String, said: &str| {
        std::fs::write(&file, resume).unwrap();
        let output = import(site.path(), &[&file], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains(said), "{}", stderr(&output));
        assert!(!site.path().join("content/people/extra.md").exists());
    };
    let entries: Vec<String> = (0..100_000)
        .map(|i| format!(r#"{{"a":[{{"b":[{i}]}}]}}"#))
        .collect();
    let with_foo = |entries: &[String]| {
        format!(
            r#"{{"basics":{{"name":"Extra"}},"foo":[{}]}}"#,
            entries.join(",")
        )
    };
    refused(
        with_foo(&entries),
        "a content file may be at most 4 MB: nothing was written",
    );
    refused(with_foo(&entries[..5_000]), "`extra` holds");
    // What the build asks of a profile's values is asked here too: a label longer than a
    // card holds was written, and the next build refused the profile.
    refused(
        format!(
            r#"{{"basics":{{"name":"Extra","label":"{}"}}}}"#,
            "Engineer ".repeat(40)
        ),
        "`headline` is 359 characters long; it may be at most 300",
    );
}
