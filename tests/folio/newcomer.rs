//! What a newcomer meets first: the README's quick start run as written, commands run where
//! there is no site, a build into a folder elsewhere, problems written for GitHub and for
//! other tools, and the first errors (options, templates).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// `folio` with arguments, run in `dir`.
fn folio_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .output()
        .expect("the folio binary runs")
}

/// The words of a shell command line: split on spaces, double quotes kept together.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Starts `folio serve` in `dir`, waits until it serves, and returns the page at `path`
/// under the address it printed; the server is stopped (as by Ctrl-C) before returning.
fn serve_once(dir: &Path, args: &[String], path: &str) -> (u16, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let url = loop {
        assert!(Instant::now() < deadline, "folio serve did not start");
        let line = lines
            .next()
            .expect("folio serve says where it serves")
            .unwrap();
        if let Some(url) = line.strip_prefix("Serving at ") {
            break url.trim().to_string();
        }
    };
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent();
    let mut response = agent.get(&format!("{url}{path}")).call().unwrap();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    #[cfg(not(unix))]
    let _ = child.kill();
    let _ = child.wait();
    (status, body)
}

/// The commands of the README's "Quick start" section, in order.
fn quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## Quick start")
        .nth(1)
        .expect("the README has a Quick start section");
    let section = section.split("\n## ").next().unwrap();
    let mut commands = Vec::new();
    let mut in_code = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let command = line.split(" #").next().unwrap().trim();
            commands.extend(command.split("&&").map(|c| c.trim().to_string()));
        }
    }
    commands.retain(|c| !c.is_empty());
    commands
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    let commands = quick_start();
    let folio_commands: Vec<String> = commands
        .iter()
        .filter_map(|c| words(c).get(1).cloned())
        .collect();
    for expected in ["init", "new", "serve", "build", "check"] {
        assert!(
            folio_commands.iter().any(|c| c == expected),
            "the quick start runs folio {expected}: {commands:?}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let mut cwd = dir.path().to_path_buf();
    let mut person: Option<String> = None;
    for command in &commands {
        let words = words(command);
        match words[0].as_str() {
            "cd" => cwd = cwd.join(&words[1]),
            "folio" if words[1] == "serve" => {
                let slug = person.as_deref().unwrap_or("ada-lovelace");
                let (status, body) = serve_once(&cwd, &words[1..], &format!("people/{slug}/"));
                assert_eq!(status, 200, "{command}: {body}");
            }
            "folio" => {
                let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
                let output = folio_in(&cwd, &args);
                assert!(
                    output.status.success(),
                    "`{command}` failed:\n{}\n{}",
                    String::from_utf8_lossy(&output.stdout),
                    stderr(&output)
                );
                if words[1] == "new" {
                    person = Some(
                        String::from_utf8_lossy(&output.stdout)
                            .split("people/")
                            .nth(1)
                            .unwrap()
                            .trim()
                            .trim_end_matches(".md")
                            .to_string(),
                    );
                }
            }
            other => panic!("the quick start runs `{other}`, which this test does not know"),
        }
    }
    let slug = person.expect("the quick start adds a person");
    let out = cwd.join("public");
    let html = page(&out, &format!("people/{slug}/index.html"));
    assert!(!select(&html, "h1").is_empty());
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}

#[test]
fn every_command_where_there_is_no_site_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 7] = [
        &["build"],
        &["build", "--output", "out"],
        &["serve", "--port", "0"],
        &["check"],
        &["new", "person", "Grace Hopper"],
        &["eject"],
        &["deploy"],
    ];
    for args in commands {
        let output = folio_in(dir.path(), args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert!(
            message.contains("no folio site here")
                && message.contains("has no site.toml")
                && message.contains("folio init")
                && message.contains("--root"),
            "{args:?}: {message}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
    // A mistyped --root is not made.
    let typo = dir.path().join("my-stie");
    for args in [
        &["build"][..],
        &["new", "person", "Grace Hopper"],
        &["deploy"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--root", typo.to_str().unwrap()]);
        let output = folio_in(dir.path(), &all);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{all:?}: {message}");
        assert!(message.contains("does not exist"), "{all:?}: {message}");
        assert!(!typo.exists(), "{all:?} made {}", typo.display());
    }
}

#[test]
fn a_build_into_a_folder_elsewhere_leaves_nothing_beside_it_or_in_the_site() {
    let site = copy_site(&fixture("shared-talk"));
    let before: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("x");
    build(site.path(), &out, &[]);
    build(site.path(), &out, &[]);
    let beside: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        ["x"],
        "the lock file and the staging folder are gone"
    );
    let after: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
    // A failed build too.
    std::fs::write(
        site.path().join("content/people/bob-babbage.md"),
        "no front matter",
    )
    .unwrap();
    let failed = folio_in(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let beside: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["x"]);
}

/// A site whose one profile has two problems: an unknown field and a date in words.
fn broken_site() -> tempfile::TempDir {
    let site = copy_site(&fixture("shared-talk"));
    std::fs::write(
        site.path().join("content/people/bob-babbage.md"),
        "+++\nname = \"Bob\"\nheadlin = \"x\"\n\n[[experience]]\nemployer = \"X\"\ntitle = \"T\"\nstart = \"March 2020\"\n+++\nBio.\n",
    )
    .unwrap();
    site
}

#[test]
fn check_writes_github_annotations_on_the_lines_of_every_problem() {
    let site = broken_site();
    for how in ["--format github", "GITHUB_ACTIONS=true"] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
        command
            .current_dir(site.path().parent().unwrap())
            .args(["check", "--root"])
            .arg(site.path().file_name().unwrap());
        match how {
            "--format github" => command
                .args(["--format", "github"])
                .env_remove("GITHUB_ACTIONS"),
            _ => command.env("GITHUB_ACTIONS", "true"),
        };
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{how}");
        let annotations: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|l| l.starts_with("::"))
            .map(str::to_string)
            .collect();
        let folder = site
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let file = format!("{folder}/content/people/bob-babbage.md");
        for (line, col, words) in [(3, 1, "unknown field `headlin`"), (8, 9, "March 2020")] {
            let expected = format!("::error file={file},line={line},col={col},title=folio::");
            let found = annotations.iter().find(|a| a.starts_with(&expected));
            let found = found.unwrap_or_else(|| panic!("{how}: no {expected} in {annotations:#?}"));
            assert!(found.contains(words), "{found}");
            // One line each: the help is on it, its line break escaped.
            assert!(found.contains("%0Ahelp: "), "{found}");
        }
        assert_eq!(annotations.len(), 2, "{how}: {annotations:#?}");
        // People reading the log still get the whole report.
        assert!(stderr(&output).contains("2 errors"), "{}", stderr(&output));
    }
}

#[test]
fn check_writes_json_for_other_tools() {
    let site = broken_site();
    let output = folio_in(site.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 2);
    let problems = report["problems"].as_array().unwrap();
    let date = problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("March 2020"))
        .unwrap();
    assert_eq!(date["file"], "content/people/bob-babbage.md");
    assert_eq!(date["line"], 8);
    assert_eq!(date["severity"], "error");
    assert!(date["help"].as_str().unwrap().contains("2020-03"), "{date}");

    let good = copy_site(&fixture("shared-talk"));
    let output = folio_in(good.path(), &["check", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["pages"].as_u64().unwrap() > 5 && report["links"].as_u64().unwrap() > 5);
}

#[test]
fn a_bad_base_url_option_is_an_option_error() {
    let site = copy_site(&fixture("shared-talk"));
    for command in ["build", "check", "deploy"] {
        let output = folio_in(site.path(), &[command, "--base-url", "ftp://example.org/"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {message}");
        assert!(
            message.contains("--base-url")
                && message.contains("must start with http:// or https://"),
            "{command}: {message}"
        );
        assert!(!message.contains("--base-url:1:1"), "{command}: {message}");
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn template_errors_are_located_in_the_template_even_a_built_in_one() {
    let site = copy_site(&fixture("shared-talk"));
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // A typo in the site's own template, at render time.
    std::fs::write(
        templates.join("skill.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ skill.nme }}</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    let output = folio_in(site.path(), &["build"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("templates/skill.html:3:"), "{message}");
    assert!(message.contains("cannot render /skills/"), "{message}");

    // A syntax error, at load time.
    std::fs::write(
        templates.join("skill.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ skill.name }</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    let output = folio_in(site.path(), &["build"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("templates/skill.html:3:"), "{message}");
    assert!(message.contains("template error"), "{message}");

    // The site's components.html gives `avatar` one more required argument: the built-in
    // person.html that calls it is named as such, at the call, and no file is pretended.
    std::fs::remove_file(templates.join("skill.html")).unwrap();
    let components = include_str!("../../templates/components.html");
    let signature = "{% component avatar(name: string, avatar_url, initials: string,";
    assert!(components.contains(signature));
    std::fs::write(
        templates.join("components.html"),
        components.replace(signature, &format!("{signature} shape: string,")),
    )
    .unwrap();
    let person = include_str!("../../templates/person.html");
    let line = person
        .lines()
        .position(|l| l.contains("<avatar "))
        .expect("the built-in person.html shows the avatar")
        + 1;
    let output = folio_in(site.path(), &["build"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains(&format!("[(built-in) person.html:{line}:")),
        "{message}"
    );
    assert!(message.contains("`shape`"), "{message}");
    assert!(!message.contains("templates/person.html"), "{message}");
}

// The repository's address is written once, in Cargo.toml: the README cannot derive it, so
// every copy there must be that one.
#[test]
fn the_readme_names_the_repository_cargo_toml_names() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    assert!(!repository.is_empty());
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let own = repository.trim_start_matches("https://github.com/");
    let owner = own.split('/').next().unwrap();
    for (at, _) in readme.match_indices("github.com/") {
        let rest = &readme[at + "github.com/".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
            .collect();
        let mut parts = path.split('/');
        let (who, what) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if what == "folio" || who == owner {
            assert_eq!(
                format!("https://github.com/{who}/{what}"),
                repository,
                "the README names another repository for folio: github.com/{path}"
            );
        }
    }
    assert!(readme.contains(&format!("cargo install --locked --git {repository}")));
    assert!(readme.contains(&format!("cargo binstall --git {repository} folio")));
}

// The release archive's documentation is the README: the C libraries compiled into folio
// whose licenses ask a binary's documentation for their notice have it there, for as long as
// Cargo.lock has them.
#[test]
fn the_readme_carries_the_notices_the_compiled_in_libraries_ask_for() {
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let notices = [
        (
            "libwebp-sys",
            "Copyright (c) 2010, Google Inc. All rights reserved.",
        ),
        ("onig_sys", "Copyright (c) 2002-2021  K.Kosako"),
        ("jpeg-encoder", "the work of the\n  Independent JPEG Group"),
    ];
    for (package, notice) in notices {
        assert!(
            lock.contains(&format!("name = \"{package}\"")),
            "{package} is no longer in Cargo.lock: its notice can go from the README and here"
        );
        assert!(
            readme.contains(notice),
            "the README lacks {package}'s notice: {notice}"
        );
    }
    let disclaimers = readme
        .matches("EVEN IF ADVISED OF THE POSSIBILITY OF")
        .count();
    assert!(
        disclaimers >= 2,
        "the BSD notices are reproduced whole, disclaimer included"
    );
}
