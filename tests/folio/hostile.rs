//! A repository that takes pull requests: every file under content/ is written by a
//! stranger. Nothing in it may read outside the site, run script on the site's origin,
//! hang or crash the build, or wipe the published site; `folio check` finds what
//! `folio build` would fail on, with the same words.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

/// A small site in a temporary folder: `site/` inside it, so that the folder around the
/// site can hold what must never be read (`secret.txt`).
struct Site {
    dir: tempfile::TempDir,
}

/// Something only the machine knows: it must never reach the output or the terminal.
const SECRET: &str = "TOKEN=s3cr3t-6f1d2a";

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/people/ada")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "title = \"Hostile\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
        let site = Site { dir };
        site.profile(
            "people/ada/index.md",
            "name = \"Ada Lovelace\"\n",
            "Ada builds engines.\n",
        );
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn secret(&self) -> PathBuf {
        self.dir.path().join("secret.txt")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Writes `content/<rel>` with this front matter and body.
    fn profile(&self, rel: &str, front: &str, body: &str) {
        self.write(
            &format!("content/{rel}"),
            &format!("+++\n{front}+++\n{body}"),
        );
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[cfg(unix)]
    fn link(&self, target: &Path, rel: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    fn build(&self) -> Output {
        folio(&[
            "build",
            "--root",
            self.root().to_str().unwrap(),
            "--output",
            self.out().to_str().unwrap(),
        ])
    }

    fn check(&self) -> Output {
        folio(&["check", "--root", self.root().to_str().unwrap()])
    }

    /// Builds and checks: both must fail, and both must say `said` (whitespace aside).
    fn both_refuse(&self, said: &[&str]) -> String {
        let build = self.build();
        let check = self.check();
        let (b, c) = (flat(&stderr(&build)), flat(&stderr(&check)));
        assert_eq!(build.status.code(), Some(1), "build:\n{b}");
        assert_eq!(check.status.code(), Some(1), "check:\n{c}");
        for words in said {
            assert!(b.contains(words), "build does not say {words:?}:\n{b}");
            assert!(c.contains(words), "check does not say {words:?}:\n{c}");
        }
        assert!(
            !b.contains("panicked") && !c.contains("panicked"),
            "{b}\n{c}"
        );
        assert!(!b.contains(SECRET) && !c.contains(SECRET), "{b}\n{c}");
        b
    }

    /// Every file of the output, as text, for looking for what must not be there.
    fn published(&self) -> String {
        tree(&self.out())
            .into_values()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_site_is_refused_and_never_read() {
    let site = Site::new();
    site.link(&site.secret(), "content/people/ada/secret.txt");
    site.link(
        Path::new("/proc/self/environ"),
        "content/people/ada/env.txt",
    );
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n[links]\ncv = \"secret.txt\"\n",
        "Ada builds engines.\n",
    );
    let said = site.both_refuse(&[
        "content/people/ada/secret.txt",
        "is a symbolic link to a file outside the site",
        "content/people/ada/env.txt",
    ]);
    assert!(!said.contains("/proc/self/environ"), "{said}");
    assert!(!site.out().exists());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_system_folder_is_refused_and_not_walked() {
    let site = Site::new();
    site.link(Path::new("/"), "content/people/ada/everything");
    site.link(Path::new("/etc"), "static/etc");
    let started = std::time::Instant::now();
    site.both_refuse(&[
        "content/people/ada/everything",
        "static/etc",
        "is a symbolic link to a folder outside the site",
    ]);
    // Walking the machine's whole file system took minutes and more than a gigabyte.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// Markdown nested thousands of levels deep (`- - - ... a`, `>>>... a`): `folio check`
/// parses each page to check its links, and an HTML parser looks through every open
/// element for each new one (20,000 nested lists, 40 KB, took 10 s; 80 KB 41 s).
#[test]
fn deeply_nested_markdown_is_refused_at_its_place() {
    for body in ["- ".repeat(20_000), ">".repeat(40_000)] {
        let site = Site::new();
        site.profile(
            "people/ada/index.md",
            "name = \"Ada Lovelace\"\n",
            &format!("Ada.\n\n{body}a\n"),
        );
        let started = std::time::Instant::now();
        site.both_refuse(&[
            "content/people/ada/index.md:6:",
            "this text nests deeper than 64 levels here",
        ]);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}

/// Each problem shown reads its file up to it: thousands of broken links in one profile
/// took `folio check` minutes to show (301 KB, 39 s in a release build). A report shows 20
/// of a file's problems and counts the rest.
#[test]
fn thousands_of_broken_links_are_reported_in_a_screenful() {
    let site = Site::new();
    let links: String = (0..3_000).map(|i| format!("[a](/u{i})\n\n")).collect();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n",
        &format!("Ada.\n\n{links}"),
    );
    let started = std::time::Instant::now();
    let check = site.check();
    let said = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{said}");
    // The first 100 of a page are located, the rest counted in one line (which, being of
    // the whole file, comes first), and a report shows 20 of a file.
    assert_eq!(said.matches("╰── here").count(), 19, "{said}");
    let flat_said = flat(&said);
    for words in [
        "content/people/ada/index.md: the page /people/ada/ has 2900 more broken links",
        "content/people/ada/index.md: 81 more problems in this file are not shown",
        "101 errors",
    ] {
        assert!(flat_said.contains(words), "{words}:\n{said}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// The site's hidden files are inside it, but are the repository's and the machine's own:
/// a CI checkout leaves its token in `.git/config`, and an owner's `.env` is git-ignored
/// but there when they build (a fifth hostile tester published both).
#[cfg(unix)]
#[test]
fn a_link_to_a_hidden_file_of_the_site_is_refused_and_never_read() {
    let site = Site::new();
    site.write(".env", &format!("AWS_SECRET_ACCESS_KEY={SECRET}\n"));
    site.write(
        ".git/config",
        &format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"),
    );
    site.link(&site.root().join(".env"), "content/people/ada/cv.txt");
    site.link(
        &site.root().join(".git/config"),
        "content/people/ada/notes.txt",
    );
    site.link(&site.root().join(".git"), "static/repo");
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n",
        "Ada builds engines.\n",
    );
    site.both_refuse(&[
        "content/people/ada/cv.txt",
        "content/people/ada/notes.txt",
        "static/repo",
        "is a symbolic link to a hidden file or folder of the site",
    ]);
    assert!(!site.out().exists());
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_still_work_and_the_owner_may_allow_others() {
    let site = Site::new();
    site.write("shared/cv.pdf", "%PDF-1.4\n");
    site.link(
        &site.root().join("shared/cv.pdf"),
        "content/people/ada/cv.pdf",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(site.out().join("people/ada/cv.pdf")).unwrap(),
        b"%PDF-1.4\n"
    );
    // An owner who trusts the links may let them lead outside.
    std::fs::write(site.dir.path().join("outside.pdf"), "%PDF-1.7\n").unwrap();
    site.link(
        &site.dir.path().join("outside.pdf"),
        "content/people/ada/other.pdf",
    );
    assert_eq!(site.build().status.code(), Some(1));
    let toml = site.root().join("site.toml");
    edit(&toml, |t| t + "[security]\nallow_outside_links = true\n");
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("people/ada/other.pdf").is_file());
}

#[test]
fn script_beside_a_profile_is_refused_even_under_another_name() {
    let site = Site::new();
    let page = "<html><script>alert(document.cookie)</script></html>";
    site.write("content/people/ada/talk.html", page);
    site.write(
        "content/people/ada/logo.svg",
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    );
    site.write("content/people/ada/photo.png", page);
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\navatar = \"photo.png\"\n",
        "Ada builds engines.\n",
    );
    site.both_refuse(&[
        "content/people/ada/talk.html",
        "a .html file is not published from content/",
        "content/people/ada/photo.png",
        "its name says .png but",
    ]);
    assert!(!site.out().exists());
    // The owner may allow a kind, for a site whose contributors are all trusted.
    std::fs::remove_file(site.root().join("content/people/ada/photo.png")).unwrap();
    std::fs::remove_file(site.root().join("content/people/ada/logo.svg")).unwrap();
    site.profile("people/ada/index.md", "name = \"Ada Lovelace\"\n", "Ada.\n");
    edit(&site.root().join("site.toml"), |t| {
        t + "[security]\nallow_content_files = [\"html\"]\n"
    });
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("people/ada/talk.html").is_file());
}

#[test]
fn an_svg_beside_a_profile_is_published_without_its_script() {
    let site = Site::new();
    site.write(
        "content/people/ada/avatar.svg",
        "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64' onload='alert(1)'>\
         <script>alert(document.cookie)</script><circle cx='32' cy='32' r='30' fill='teal'/>\
         <a href='javascript:alert(2)'><text x='10' y='40'>AL</text></a></svg>",
    );
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\navatar = \"avatar.svg\"\n",
        "Ada builds engines.\n",
    );
    let check = site.check();
    assert!(check.status.success(), "{}", stderr(&check));
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(site.out().join("people/ada/avatar.svg")).unwrap();
    for gone in ["script", "onload", "javascript", "<a"] {
        assert!(!svg.contains(gone), "{gone} survived:\n{svg}");
    }
    assert!(svg.contains("circle") || svg.contains("<path"), "{svg}");
    let html = page(&site.out(), "people/ada/index.html");
    let avatar = select(&html, "img[src$='avatar.svg']");
    assert!(!avatar.is_empty(), "the avatar is shown as a picture");
}

/// An SVG whose level `i` uses level `i - 1` twice, level 0 a path of `points` points: a
/// `<use>` of the last level is 2^`levels` copies of the path once expanded.
fn svg_use_in_levels(levels: usize, points: usize) -> String {
    let d: String = (0..points)
        .map(|i| format!(" L{}.5 {}.25", i % 97, i % 89))
        .collect();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><defs><path id="g0" d="M0 0{d}" fill="red"/>"#
    );
    for i in 1..=levels {
        let below = i - 1;
        svg += &format!(
            r##"<g id="g{i}"><use xlink:href="#g{below}"/><use xlink:href="#g{below}"/></g>"##
        );
    }
    svg + &format!(r##"</defs><use xlink:href="#g{levels}"/></svg>"##)
}

#[test]
fn an_svg_whose_uses_multiply_in_levels_is_refused_at_once() {
    // 48 KB that usvg expanded into 16,384 copies of the path: 38 s, 2.13 GB of memory and
    // a 951 MB avatar.svg, published.
    let site = Site::new();
    let svg = svg_use_in_levels(14, 4000);
    assert!(svg.len() < 64 * 1024, "{}", svg.len());
    site.write("content/people/ada/avatar.svg", &svg);
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\navatar = \"avatar.svg\"\n",
        "Ada builds engines.\n",
    );
    let started = std::time::Instant::now();
    site.both_refuse(&[
        "content/people/ada/avatar.svg",
        "this file cannot be published beside Ada Lovelace's page",
        "references would add",
        "they may add at most 4 MB and 50000 elements",
    ]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(!site.out().exists(), "the build wrote its output");
    // A few uses of one path, as a drawing program writes them, are published.
    let mut few = svg_use_in_levels(2, 50);
    few = few.replace(
        "<defs>",
        "<defs><symbol id=\"s\"><circle r=\"3\"/></symbol>",
    );
    few = few.replace(
        "</svg>",
        "<use href=\"#s\" x=\"9\"/><use href=\"#s\" x=\"19\"/></svg>",
    );
    site.write("content/people/ada/avatar.svg", &few);
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let published = std::fs::read(site.out().join("people/ada/avatar.svg")).unwrap();
    assert!(published.len() < 64 * 1024, "{}", published.len());
}

/// Ada's avatar is `svg`: `build` and `check` both refuse it, saying `why`, and nothing is
/// written.
fn avatar_svg_is_refused(svg: &str, why: &str) {
    let site = Site::new();
    site.write("content/people/ada/avatar.svg", svg);
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\navatar = \"avatar.svg\"\n",
        "Ada builds engines.\n",
    );
    site.both_refuse(&[
        "content/people/ada/avatar.svg",
        "this file cannot be published beside Ada Lovelace's page",
        why,
    ]);
    assert!(!site.out().exists(), "the build wrote its output");
}

#[test]
fn an_svg_whose_marker_stands_on_every_point_of_a_long_path_is_refused() {
    // 420 KB: a path of 50,000 points with a marker of 2,000 squares at each, which usvg
    // drew out into 100 million squares; the build ran out of 8 GB of memory.
    let squares = r#"<rect width="1" height="1"/>"#.repeat(2_000);
    let d: String = (0..50_000)
        .map(|i| format!("L{} {} ", i % 100, i / 100 % 100))
        .collect();
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><marker id="m">{squares}</marker></defs><path d="M0 0 {d}" marker-mid="url(#m)" stroke="black"/></svg>"#
        ),
        "a marker at every vertex",
    );
}

#[test]
fn an_svg_of_arcs_stretched_to_a_far_point_is_refused_at_once() {
    // Found while counting markers on arcs: 749 bytes, 20 arcs of radius 1 to a point 1e30
    // away, each drawn with a radius of 5e29 as 65,000 curves. The build took 45 s and
    // published a 90 MB picture.
    let arcs = r#"<path d="M0 0 A1 1 0 0 0 1e30 0"/>"#.repeat(20);
    let started = std::time::Instant::now();
    avatar_svg_is_refused(
        &format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{arcs}</svg>"#),
        "radius over a hundred thousand in `d` (line 1), as written or as drawn",
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn an_svg_pattern_that_would_draw_itself_without_end_is_refused_not_a_crash() {
    // A ninth hostile round: 195 bytes, a pattern inheriting `fill="url(#p)"` from the
    // `<svg>` around it; usvg drew the pattern within itself until the stack overflowed,
    // and the whole build aborted naming no file.
    avatar_svg_is_refused(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" fill="url(#p)"><pattern id="p" width="10" height="10"><rect width="5" height="5"/></pattern><rect width="100" height="100"/></svg>"#,
        "that the <pattern> inside it (line 1) would inherit",
    );
    // A tenth round: loops usvg does not break (281 bytes: a pattern taking another's
    // content through `href`, which paints with the first), and a `style` in another
    // namespace, which usvg applies and no check read: both aborted the build.
    avatar_svg_is_refused(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><pattern id="a" href="#b"/><pattern id="b" width="10" height="10"><rect width="5" height="5" fill="url(#a)"/></pattern><rect width="100" height="100" fill="url(#a)"/></svg>"##,
        "refer back to themselves",
    );
    avatar_svg_is_refused(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:f="urn:f" width="100" height="100" f:style="fill:url(#p)"><pattern id="p" width="10" height="10"><rect width="5" height="5"/></pattern><rect width="100" height="100"/></svg>"##,
        "the attribute `style` in the namespace urn:f",
    );
    // `mask: inherit` gave every rectangle a copy of its group's mask.
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><style>rect {{ mask: inherit }}</style><mask id="m">{}</mask><g mask="url(#m)">{}</g></svg>"#,
            r#"<rect width="1" height="1"/>"#.repeat(50),
            r#"<rect x="1" width="5" height="5"/>"#.repeat(50)
        ),
        "`mask: inherit`",
    );
}

#[test]
fn an_svg_drawn_thousands_deep_through_patterns_is_refused_not_a_crash() {
    // An eleventh hostile round: four patterns, each drawing a chain of uses 976 deep whose
    // last shape the pattern before paints (7.5 KB). usvg's writer recursed 3,400 levels:
    // on a worker thread (a site of two people) or in `folio serve`'s rebuild, the stack
    // overflowed and the process aborted.
    let mut svg =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs>"#);
    for p in 0..4 {
        let leaf = match p {
            0 => String::new(),
            _ => format!(r#" fill="url(#p{})""#, p - 1),
        };
        svg += &format!(r#"<rect id="c{p}_0" width="1" height="1"{leaf}/>"#);
        for i in 1..=200 {
            svg += &format!(r##"<g id="c{p}_{i}"><use href="#c{p}_{}"/></g>"##, i - 1);
        }
        svg += &format!(
            r##"<pattern id="p{p}" width="1" height="1"><use href="#c{p}_200"/></pattern>"##
        );
    }
    svg += r#"</defs><rect width="9" height="9" fill="url(#p3)"/></svg>"#;
    avatar_svg_is_refused(&svg, "may nest at most 256 deep");
}

#[test]
fn svg_text_written_back_or_shaped_out_of_proportion_is_refused() {
    // A twelfth hostile round: a font-family of 10,000 names over 3,000 letters each placed
    // by an `x` of its own, 68 KB, was written back as a 207 MB picture; 10,000 spans in one
    // text took 26 s.
    let xs: Vec<String> = (0..3000).map(|i| i.to_string()).collect();
    let families: Vec<String> = (0..10_000).map(|i| format!("f{i}")).collect();
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text y="10" x="{}" font-family="{}">{}</text></svg>"#,
            xs.join(" "),
            families.join(","),
            "a".repeat(3000)
        ),
        "a `font-family` of 58889 bytes",
    );
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text y="10">{}</text></svg>"#,
            "<tspan>a</tspan>".repeat(10_000)
        ),
        "has more than 256 parts",
    );
}

#[test]
fn an_svg_whose_id_would_name_another_site_in_a_url_is_refused() {
    // usvg wrote the id back as it was, into `mask="url(#m), url(http://…)"`: the
    // published picture, opened, fetched from the other site (a hostile tester's find).
    avatar_svg_is_refused(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><mask id="m), url(http://127.0.0.1:8999/leak.png"><rect width="100" height="100" fill="white"/></mask></defs><rect width="80" height="80" mask="url('#m), url(http://127.0.0.1:8999/leak.png')"/></svg>"#,
        "<mask> has the id",
    );
}

#[test]
fn an_svg_cannot_hide_an_attribute_behind_one_of_another_namespace() {
    // roxmltree's lookup took `f:id`, which usvg skips, and the check passed the `id`
    // usvg wrote back into `url(#…)` (a second hostile tester's find). Since a tenth round,
    // an `id` in another namespace is refused itself (usvg finds a `<use>`'s target by it).
    avatar_svg_is_refused(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:f="urn:f" width="100" height="100"><defs><mask f:id="ok" id="m), url(http://127.0.0.1:8999/leak.png"><rect width="100" height="100" fill="white"/></mask></defs><rect width="80" height="80" mask="url('#m), url(http://127.0.0.1:8999/leak.png')"/></svg>"#,
        "<mask> has the attribute `id` in the namespace urn:f",
    );
    avatar_svg_is_refused(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><mask id="m), url(http://127.0.0.1:8999/leak.png"><rect width="100" height="100" fill="white"/></mask></defs><rect width="80" height="80" mask="url('#m), url(http://127.0.0.1:8999/leak.png')"/></svg>"#,
        "<mask> has the id",
    );
}

#[test]
fn an_svg_whose_circles_would_be_drawn_as_millions_of_curves_is_refused() {
    // 1,871 bytes of `<circle r="1e30"/>` were a 1.06 GB avatar.svg and 2.4 GB of memory;
    // 9 KB of them ended the build out of memory.
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{}</svg>"#,
            r#"<circle cx="50" cy="50" r="1e30"/>"#.repeat(100)
        ),
        "hundred thousand",
    );
}

#[test]
fn an_svg_whose_spans_nest_thousands_deep_is_refused() {
    // 45 KB of nested <tspan>: usvg read each within the last, the stack overflowed and the
    // whole build was aborted (a fourth hostile round).
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text>{}x{}</text></svg>"#,
            "<tspan>".repeat(3_000),
            "</tspan>".repeat(3_000)
        ),
        "they may nest at most 128 deep",
    );
}

#[test]
fn an_svg_whose_path_closes_thousands_of_times_in_a_row_is_refused() {
    // 30 KB: svgtypes read each close after a close by calling itself, the stack overflowed
    // and the whole build was aborted, no error naming the file (a third hostile round).
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><path d="M0 0{}"/></svg>"#,
            "Z".repeat(30_000)
        ),
        "closes or arcs in a row",
    );
    // A dash list on a group is written onto each of its shapes: 1,999 numbers on 100,000
    // paths (1.8 MB) were 808 MB written back.
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><g stroke="black" stroke-dasharray="{}">{}</g></svg>"#,
            vec!["1"; 1999].join(" "),
            r#"<path d="M0 0h1"/>"#.repeat(100)
        ),
        "stroke-dasharray` of 1999 numbers",
    );
}

#[test]
fn an_svg_whose_filter_lists_thousands_of_parts_is_refused() {
    // One attribute of 320,000 `blur(1)` took 28 s (usvg finds each filter among the
    // others one by one); a stylesheet's `url(#f)` 20,000 times, 6.7 GB.
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="9" height="9" filter="{}"/></svg>"#,
            "blur(1) ".repeat(50_000)
        ),
        "a filter may list at most 32",
    );
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><style>rect {{ filter: {} }}</style><defs><filter id="f"><feFlood/></filter></defs><rect width="9" height="9"/></svg>"#,
            "url(#f) ".repeat(2_000)
        ),
        "(its stylesheet)",
    );
    // One blur on each of many elements: the time grows as the square of their number
    // (80,000 took 2.3 s; the million usvg reads, minutes).
    avatar_svg_is_refused(
        &format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{}</svg>"#,
            r#"<rect width="9" height="9" filter="blur(1)"/>"#.repeat(20_000)
        ),
        "20000 filters once each part",
    );
}

#[test]
fn an_svg_whose_gradients_name_each_other_in_a_ring_is_refused() {
    // 300 bytes: `a` takes its stops from `b`, `b` from `c`, `c` from `b`; usvg followed
    // the ring forever and the build never ended.
    avatar_svg_is_refused(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><linearGradient id="a" href="#b"/><linearGradient id="b" href="#c"/><linearGradient id="c" href="#b"/></defs><rect width="5" height="5" fill="url(#a)"/></svg>"##,
        "refer to themselves",
    );
}

#[test]
fn an_svg_whose_stylesheet_would_never_finish_matching_is_refused() {
    // 642 bytes: a rule for `nomatch` under 24 ancestors, over 60 nested groups; usvg
    // tried every chain of ancestors and the build never ended.
    avatar_svg_is_refused(
        &format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'><style>nomatch{} {{ fill: red }}</style>{}<rect width='1' height='1'/>{}</svg>",
            " *".repeat(24),
            "<g>".repeat(60),
            "</g>".repeat(60)
        ),
        "stylesheet takes more than",
    );
}

#[test]
fn an_svg_whose_entity_is_referred_to_thousands_of_times_is_refused() {
    // 88 KB: an entity of 1,000 squares referred to 20,000 times; roxmltree expanded it
    // into 20 million squares and the build crashed out of memory after 79 s.
    avatar_svg_is_refused(
        &format!(
            "<!DOCTYPE svg [<!ENTITY a \"{}\">]><svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'><g>{}</g></svg>",
            "<rect width='1' height='1'/>".repeat(1_000),
            "&a;".repeat(20_000)
        ),
        "entities",
    );
}

#[test]
fn a_name_without_letters_cannot_take_an_index_page() {
    let site = Site::new();
    site.profile(
        "people/bob.md",
        "name = \"Bob\"\nskills = [\"!!!\"]\n[[experience]]\nemployer = \"???\"\nstart = \"2020\"\n",
        "Bob.\n",
    );
    site.both_refuse(&[
        "content/people/bob.md:3:",
        "the skill \"!!!\" has no letters or digits",
        "content/people/bob.md:5:",
        "the employer \"???\" has no letters or digits",
    ]);
    // Those two errors and nothing else: not a second one for each, at no line of the
    // author's, about two files written at its kind's index.
    let said = site.both_refuse(&[]);
    assert!(said.contains("2 errors"), "{said}");
    assert!(!said.contains("two files would be written"), "{said}");
}

#[test]
fn a_very_long_name_gets_a_short_address_in_build_and_check() {
    let site = Site::new();
    let long = "Very Long Employer Name ".repeat(13);
    site.profile(
        "people/bob.md",
        &format!(
            "name = \"Bob\"\nskills = [\"{long}\"]\n[[experience]]\nemployer = \"{long}\"\nstart = \"2020\"\n[[talks]]\ntitle = \"{long}\"\nevent = \"Conf\"\ndate = \"2021\"\n"
        ),
        "Bob.\n",
    );
    let check = site.check();
    assert!(check.status.success(), "{}", stderr(&check));
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    for section in ["employers", "skills", "talks"] {
        let names: Vec<String> = std::fs::read_dir(site.out().join(section))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("very") || n.starts_with("2021"))
            .collect();
        assert_eq!(names.len(), 1, "{section}: {names:?}");
        assert!(names[0].len() <= 100, "{}", names[0]);
    }
}

#[test]
fn a_missing_content_folder_stops_the_build_and_keeps_the_site() {
    let site = Site::new();
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let before = tree(&site.out());
    for gone in ["content/people", "content"] {
        let moved = site.dir.path().join("moved");
        std::fs::rename(site.root().join(gone), &moved).unwrap();
        let said = site.both_refuse(&[&format!("the site has no {gone}/ folder")]);
        assert!(said.contains(gone), "{said}");
        assert_eq!(tree(&site.out()), before, "the published site is as it was");
        std::fs::rename(&moved, site.root().join(gone)).unwrap();
    }
}

#[test]
fn an_output_clash_is_found_by_check_as_by_build() {
    // A static file where folio writes the people's folder.
    let site = Site::new();
    site.write("static/people", "a file");
    site.both_refuse(&[
        "people would be a file and also the folder of people/",
        "static/people",
    ]);
    // A profile's own index.html beside its page (an owner allowing HTML).
    let site = Site::new();
    site.write("content/people/ada/index.html", "<p>mine</p>");
    edit(&site.root().join("site.toml"), |t| {
        t + "[security]\nallow_content_files = [\"html\"]\n"
    });
    site.both_refuse(&[
        "two files would be written to people/ada/index.html",
        "content/people/ada/index.html",
        "content/people/ada/index.md",
    ]);
}

#[test]
fn urls_that_lead_elsewhere_are_refused_alike_by_check_and_build() {
    for (avatar, said) in [
        ("https:javascript:alert(1)", "is not a web address"),
        ("/\\\\evil.example/a.png", "contains a backslash"),
    ] {
        let site = Site::new();
        site.profile(
            "people/ada/index.md",
            &format!("name = \"Ada\"\navatar = \"{avatar}\"\n"),
            "Ada.\n",
        );
        site.both_refuse(&["content/people/ada/index.md:3:", said]);
    }
}

#[cfg(unix)]
#[test]
fn a_linked_avatar_outside_the_site_is_refused_alike_by_check_and_build() {
    let site = Site::new();
    site.link(&site.secret(), "content/people/ada/avatar.png");
    site.profile(
        "people/ada/index.md",
        "name = \"Ada\"\navatar = \"avatar.png\"\n",
        "Ada.\n",
    );
    site.both_refuse(&[
        "content/people/ada/avatar.png",
        "is a symbolic link to a file outside the site",
    ]);
}

#[test]
fn templates_that_run_away_are_errors_naming_the_template() {
    for (template, said) in [
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
            "more than 1000000 values",
        ),
        (
            "{% set_global s = \"xxxxxxxx\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
            "took more than 512 MB of memory",
        ),
        // Found by a seventh hostile round, where a page over 64 MB was put on `templates`.
        (
            "{% extends \"folio/page.html\" %}{% block content %}{% for i in range(end=900000) %}\
             xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\
             {% endfor %}{% endblock %}",
            "would be larger than 64 MB",
        ),
    ] {
        let site = Site::new();
        site.write("templates/page.html", template);
        site.profile("pages/about.md", "title = \"About\"\n", "About us.\n");
        let output = site.build();
        let err = flat(&stderr(&output));
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains("templates/page.html"), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(err.contains("/about/"), "names the page: {err}");
        assert!(
            !err.contains("templates:"),
            "names the template's file: {err}"
        );
        assert!(!err.contains("memory allocation"), "{err}");
        assert!(!site.out().exists());
    }
}

#[test]
fn a_profile_cannot_make_thousands_of_pages() {
    let site = Site::new();
    let skills: Vec<String> = (0..100_000).map(|i| format!("\"s{i}\"")).collect();
    site.profile(
        "people/bob.md",
        &format!("name = \"Bob\"\nskills = [{}]\n", skills.join(", ")),
        "Bob.\n",
    );
    site.both_refuse(&["content/people/bob.md", "skills", "at most"]);
    assert!(!site.out().exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_markdown_table_is_an_error_not_a_gigabyte() {
    let site = Site::new();
    let mut table = String::from("| a | b |\n|---|---|\n");
    while table.len() < 3_900_000 {
        table.push_str("|x|y|\n");
    }
    site.profile("people/bob.md", "name = \"Bob\"\n", &table);
    let said = site.both_refuse(&["content/people/bob.md", "markdown elements"]);
    assert!(said.contains("more than"), "{said}");
    // folio check keeps well under the 1.6 GB this took before.
    let (code, peak_mb) = exit_and_peak_mb(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(peak_mb < 600, "peak memory of a child: {peak_mb} MB");
}

#[test]
fn odd_characters_in_values_keep_every_file_well_formed() {
    let site = Site::new();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada \u{FFFF}Lovelace\"\n[[talks]]\ntitle = \"Engines\u{FFFE}\"\nevent = \"Conf\"\ndate = \"2020\"\n",
        "Ada.\n",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    // XML does not allow U+FFFE or U+FFFF at all: every XML file, and every JSON file, parses.
    let mut parsed_files = Vec::new();
    for (rel, bytes) in tree(&site.out()) {
        let kind = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let parsed = match kind {
            "xml" => std::str::from_utf8(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|t| {
                    roxmltree::Document::parse(t)
                        .map(drop)
                        .map_err(|e| e.to_string())
                }),
            "json" => serde_json::from_slice::<serde_json::Value>(&bytes)
                .map(drop)
                .map_err(|e| e.to_string()),
            _ => continue,
        };
        if let Err(e) = parsed {
            panic!("{} is not well-formed: {e}", rel.display());
        }
        parsed_files.push(rel.display().to_string());
    }
    assert_eq!(
        parsed_files,
        [
            "feed.xml",
            "pagefind/pagefind-entry.json",
            "pagefind/shards.json",
            "people/ada/resume.json",
            "sitemap.xml"
        ],
        "every XML and JSON file was parsed"
    );
}

#[test]
fn an_empty_name_and_year_zero_are_errors() {
    let site = Site::new();
    site.profile("people/bob.md", "name = \"  \"\n", "Bob.\n");
    site.both_refuse(&["content/people/bob.md:2:", "the name is empty"]);
    site.profile(
        "people/bob.md",
        "name = \"Bob\"\n[[experience]]\nemployer = \"Acme\"\nstart = \"0000\"\n",
        "Bob.\n",
    );
    site.both_refuse(&["content/people/bob.md:5:", "invalid date \"0000\""]);
}

// A file named like an escape sequence must not print a fake green "Built" line.
#[test]
fn escape_sequences_from_content_never_reach_the_terminal() {
    let site = Site::new();
    site.profile(
        "people/\u{1b}[2K\u{1b}[32mBuilt 1 page.md",
        "name = \"Bob\"\nstart = 1\n",
        "Bob.\n",
    );
    let output = site.build();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("␛[32mBuilt"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_in_static_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.write("static/private/notes.txt", "notes");
    let private = site.root().join("static/private");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: the build runs as nobody then, which needs to read the site.
    let as_root = unsafe { libc::geteuid() } == 0;
    let mut command = if as_root {
        for dir in [site.dir.path(), &site.root()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_folio"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
    };
    let output = command
        .args(["check", "--root", site.root().to_str().unwrap()])
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = flat(&stderr(&output));
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("static/private"), "{err}");
    assert!(err.contains("cannot be read"), "{err}");
}

#[test]
fn nothing_published_holds_the_secret_even_when_the_build_succeeds() {
    // The site next to the secret builds; nothing of the folder around it is published.
    let site = Site::new();
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!site.published().contains(SECRET));
}

/// `{ key=value }` after a heading would be written as the heading's attributes, event
/// handlers included (`onfocus` with `autofocus` runs on load), even where raw HTML is not
/// allowed. Only `{#id .class}` is kept; anything else is a located error.
#[test]
fn heading_attributes_other_than_an_id_and_classes_are_refused() {
    for allow_html in [false, true] {
        let site = Site::new();
        site.write(
            "site.toml",
            &format!(
                "title = \"Hostile\"\nbase_url = \"https://example.org/\"\n\
                 [markdown]\nallow_html = {allow_html}\n"
            ),
        );
        site.profile(
            "people/ada/index.md",
            "name = \"Ada Lovelace\"\n",
            "Ada.\n\n## About me { tabindex=0 autofocus onfocus=alert(1) }\n\nMore.\n",
        );
        site.both_refuse(&[
            "content/people/ada/index.md:6:",
            "the heading's attributes `{ tabindex=0 autofocus onfocus=alert(1) }` are not published",
            "write `{#id .class}` after a heading, or nothing",
        ]);
        // Nothing is written: the output folder is never made.
        assert!(!site.out().exists());
    }

    // In a front matter field too, where the error is found in the file.
    let site = Site::new();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n[[talks]]\ntitle = \"Engines\"\nevent = \"Conf\"\ndate = \"2020\"\n\
         abstract = \"## Part one {#one onclick=alert(2)}\\n\\nText.\"\n",
        "Ada.\n",
    );
    site.both_refuse(&[
        "content/people/ada/index.md:7:",
        "`{#one onclick=alert(2)}` are not published",
    ]);

    // An id and classes are kept.
    let site = Site::new();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n",
        "Ada.\n\n## About me {#me .wide}\n\nMore.\n",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(site.out().join("people/ada/index.html")).unwrap();
    assert!(page.contains("id=\"me\" class=\"wide\""), "{page}");
}

/// A YAML alias bomb (each level repeating the one before ten times) is refused before it
/// grows, in words: not the YAML library's Rust value ("Nodes { nodes: 250001 }").
#[test]
fn a_yaml_alias_bomb_is_refused_in_words() {
    let site = Site::new();
    let mut front = String::from("name: Ada\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..8u8 {
        let (this, before) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let repeated = vec![format!("*{before}"); 10].join(", ");
        front.push_str(&format!("  {this}: &{this} [{repeated}]\n"));
    }
    site.write(
        "content/people/ada/index.md",
        &format!("---\n{front}---\nAda.\n"),
    );
    let said = site.both_refuse(&[
        "content/people/ada/index.md:",
        "the front matter has more values than folio reads in one file (250,000",
        "write each value out once",
    ]);
    assert!(
        !said.contains("Nodes {") && !said.contains("budget"),
        "{said}"
    );
}

/// Raw HTML in markdown is kept by default, but only what cannot run script on the site's
/// origin, load from elsewhere or take visitors away: a contributor's `<script>`, event
/// handler, iframe, `<base>`, meta refresh or `javascript:` link is not published, while
/// formatting tags stay. `[security] trust_html = true` publishes it as written.
#[test]
fn raw_html_in_markdown_cannot_run_script() {
    const HOSTILE: &str = "<script>alert(1)</script>\n\n\
        <img src=\"x.png\" onerror=\"alert(2)\" alt=\"x\">\n\n\
        <iframe srcdoc=\"&lt;script&gt;alert(3)&lt;/script&gt;\"></iframe>\n\n\
        <base href=\"https://evil.example/\">\n\n\
        <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n\
        <p style=\"position:fixed;inset:0\">Press <kbd>Ctrl</kbd> and \
        <a href=\"javascript:alert(5)\">here</a>.</p>\n\n\
        <details><summary>More</summary>Kept.</details>\n";
    for trust in [false, true] {
        let site = Site::new();
        site.write(
            "site.toml",
            &format!(
                "title = \"Hostile\"\nbase_url = \"https://example.org/\"\n\
                 [security]\ntrust_html = {trust}\n"
            ),
        );
        site.profile(
            "people/ada/index.md",
            &format!(
                "name = \"Ada Lovelace\"\n[[talks]]\ntitle = \"Engines\"\nevent = \"Conf\"\n\
                 date = \"2020\"\nabstract = '''\n{HOSTILE}'''\n"
            ),
            &format!("Ada.\n\n{HOSTILE}"),
        );
        let output = site.build();
        assert!(output.status.success(), "{}", stderr(&output));
        for page in ["people/ada/index.html", "talks/2020-engines/index.html"] {
            let html = std::fs::read_to_string(site.out().join(page)).unwrap();
            let prose = prose_of(&html);
            assert!(prose.contains("<kbd>Ctrl</kbd>"), "{page}: {prose}");
            assert!(prose.contains("<summary>More</summary>"), "{page}: {prose}");
            for hostile in [
                "<script",
                "onerror",
                "<iframe",
                "<base",
                "<meta",
                "javascript:",
                "position:fixed",
            ] {
                assert_eq!(prose.contains(hostile), trust, "{page}, {hostile}: {prose}");
            }
        }
    }
}

/// The HTML of every `.prose` block (the markdown texts) on a page.
fn prose_of(page: &str) -> String {
    let page = scraper::Html::parse_document(page);
    let prose = scraper::Selector::parse(".prose").unwrap();
    page.select(&prose).map(|p| p.inner_html()).collect()
}

/// A control character (NUL, ESC, BEL...) can be on no page, feed or vCard: as a raw byte
/// anywhere in a content file, or as an escape in a front matter string, it is an error
/// at its place, and the error shows it as a symbol (␛), not as itself to the terminal.
#[test]
fn control_characters_are_refused_where_they_are_written() {
    for (front, body, at, code) in [
        (
            "name = \"Ada\\u0000Lovelace\"\n",
            "Ada.\n",
            ":2:12",
            "U+0000",
        ),
        (
            "name = \"Ada\"\nheadline = 'C:\\build'\n[[talks]]\ntitle = \"x\\u001b[2J\"\n\
             event = \"Conf\"\ndate = \"2020\"\n",
            "Ada.\n",
            ":5:11",
            "U+001B",
        ),
        ("name = \"Ada\"\n", "Ada \u{1b}[31mred.\n", ":4:5", "U+001B"),
        ("name = \"Ada\u{7}\"\n", "Ada.\n", ":2:12", "U+0007"),
    ] {
        let site = Site::new();
        site.profile("people/ada/index.md", front, body);
        let said = site.both_refuse(&[
            &format!("content/people/ada/index.md{at}"),
            &format!("this is the control character {code}, which no page, feed or vCard can hold"),
            "delete it",
        ]);
        assert!(!said.contains(['\0', '\u{1b}', '\u{7}']), "{said:?}");
        assert!(!site.out().exists());
    }

    // In YAML too; but an escape in a string that does not decode escapes is text.
    let site = Site::new();
    site.write(
        "content/people/ada/index.md",
        "---\nname: \"Ada\\x07\"\n---\nAda.\n",
    );
    site.both_refuse(&["content/people/ada/index.md:2:11", "U+0007"]);
    site.write(
        "content/people/ada/index.md",
        "---\nname: Ada\nheadline: 'C:\\build\\x07 \\e'\n---\nAda.\n",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.published().contains("C:\\build\\x07 \\e"));
}

/// Raw HTML the sanitizer's parser would mend at length (thousands of tags left open or
/// misnested took minutes to hours) or read slowly (a tag of thousands of attributes) is
/// refused at its place before it is parsed, and so is an `id` the page's own script could
/// take for its own.
#[test]
fn raw_html_that_would_stall_the_sanitizer_is_refused_at_once() {
    let bold: String = (0..16_000).map(|i| format!("<b id={i}>")).collect();
    let divs = "<div>".repeat(32_000);
    let nested: String = (0..16_000).map(|i| format!("<b title={i}>")).collect();
    // What a second hostile tester got past a hand-written reading of the tags: an
    // attribute named `="` (not a value running to the next quote), blocks left open in
    // list items, and elements opened inside an <svg>.
    let hidden = format!(
        "<div><span =\">{}\"></span></div>",
        (0..8_000)
            .map(|i| format!("<b title={i}>"))
            .collect::<String>()
    );
    let lists = "- <ul>\n".repeat(20_000);
    let breakout: String = (0..8_000)
        .map(|i| format!("<svg><p><b title={i} />"))
        .collect();
    // And what a third got past the strict check: a list item inside another closes it,
    // and with it 60 formatting elements the parser then copied into every paragraph.
    let items = format!(
        "<ul><li>{}<li>y</li>{}{}</li></ul>",
        (0..60)
            .map(|i| format!("<b title={i}>"))
            .collect::<String>(),
        "<p>y</p>".repeat(10_000),
        "</b>".repeat(60)
    );
    // And a fourth: no-break spaces in a table, each run moved out of it, past thousands
    // of siblings.
    let fostered = format!(
        "<div>{}<table>{}</table></div>",
        "<br>".repeat(20_000),
        "\u{a0}<col>".repeat(20_000)
    );
    // And a fifth: one tag of 100,000 attributes (582 KB). The tokenizer compares each
    // attribute with every earlier one, and the tag took 101 s.
    let crowded = format!(
        "<div{}>\n\nhi\n\n</div>",
        (0..100_000).map(|i| format!(" x{i}")).collect::<String>()
    );
    for (body, said) in [
        (crowded, "`<div>` has more than 64 attributes"),
        (bold, "raw HTML may not set an `id`"),
        (divs, "nests deeper than 64 levels"),
        (nested, "nests deeper than 64 levels"),
        (hidden, "nests deeper than 64 levels"),
        (lists, "`<ul>` is not closed before `</li>`"),
        (breakout, "`<svg>` is not published from raw HTML"),
        (items, "`<li>` is inside another list item"),
        (fostered, "text is inside a table but outside its cells"),
    ] {
        let site = Site::new();
        site.profile(
            "people/ada/index.md",
            "name = \"Ada Lovelace\"\n",
            &format!("Ada.\n\n{body}\n"),
        );
        let started = std::time::Instant::now();
        site.both_refuse(&["content/people/ada/index.md:6:", said]);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
    let site = Site::new();
    site.write(
        "content/index.md",
        "+++\ntitle = \"Engineers\"\n+++\nIntro <span id=\"people-filter-status\">st</span>\n",
    );
    site.both_refuse(&["content/index.md:4:7", "raw HTML may not set an `id`"]);
}

/// An email is written into the vCard and a `mailto:` link as it is: a line break in it
/// would add a vCard line of the contributor's choosing (a sixth hostile tester's `URL:`).
#[test]
fn an_email_that_is_not_one_address_is_refused_at_its_line() {
    let site = Site::new();
    site.profile(
        "people/eve.md",
        "name = \"Eve\"\nemail = \"eve@example.com\\nURL:https://evil.example/\"\n",
        "Eve.\n",
    );
    let said = site.both_refuse(&[
        "content/people/eve.md:3:1",
        "`email` is not one email address",
    ]);
    assert!(!said.contains("evil.example/\n"), "{said}");
    assert!(!site.out().join("people/eve/eve.vcf").exists());

    // One address is published, in the vCard and as a link.
    site.profile(
        "people/eve.md",
        "name = \"Eve\"\nemail = \"eve.o+cv@example.co.uk\"\n",
        "Eve.\n",
    );
    assert!(site.build().status.success());
    let vcard = std::fs::read_to_string(site.out().join("people/eve/eve.vcf")).unwrap();
    assert!(
        vcard.contains("EMAIL;TYPE=INTERNET:eve.o+cv@example.co.uk\r\n"),
        "{vcard}"
    );
}

/// A talk's speakers come from every profile that lists it and from its own file, merged by
/// profile and by name. A talk file naming 50,000 speakers (450 KB), or one profile listing a
/// talk a hundred times with 500 co-speakers each, took minutes to merge, each name compared
/// with all before it, and the page of such a talk was 23 MB: a talk has at most 200
/// speakers, and merging is linear.
#[test]
fn a_talk_with_thousands_of_speakers_is_refused_in_seconds() {
    let site = Site::new();
    let names: Vec<String> = (0..50_000).map(|i| format!("\"Guest {i}\"")).collect();
    site.write(
        "content/talks/crowd.md",
        &format!(
            "+++\ntitle = \"Crowd\"\nevent = \"Conf\"\ndate = \"2024-05-16\"\nspeakers = [{}]\n+++\nA crowd.\n",
            names.join(", ")
        ),
    );
    let started = std::time::Instant::now();
    site.both_refuse(&[
        "content/talks/crowd.md:2:",
        "the talk \"Crowd\" has 50000 speakers with this file's, more than 200",
    ]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );

    // From a profile, and a talk's own file counted with the profiles that list the talk.
    let site = Site::new();
    let names: Vec<String> = (0..300).map(|i| format!("\"C{i}\"")).collect();
    site.profile(
        "people/eve.md",
        &format!(
            "name = \"Eve\"\n[[talks]]\ntitle = \"Same Talk\"\nevent = \"Conf\"\ndate = \"2024-01\"\nwith = [{}]\n",
            names.join(",")
        ),
        "Eve.\n",
    );
    site.both_refuse(&[
        "content/people/eve.md:4:",
        "the talk \"Same Talk\" has 301 speakers with this file's, more than 200",
    ]);
    let site = Site::new();
    let names: Vec<String> = (0..200).map(|i| format!("\"Guest {i}\"")).collect();
    site.write(
        "content/talks/panel.md",
        &format!(
            "+++\ntitle = \"Panel\"\nevent = \"Conf\"\ndate = \"2024-05-16\"\nspeakers = [{}]\n+++\nA panel.\n",
            names.join(", ")
        ),
    );
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n[[talks]]\ntitle = \"Panel\"\nevent = \"Conf\"\ndate = \"2024-05-16\"\n",
        "Ada builds engines.\n",
    );
    site.both_refuse(&["has 201 speakers with this file's, more than 200"]);
}

/// `extra` keeps what a JSON Resume import had no field for, and puts it back in the
/// person's resume.json. It may add to what folio writes there, never replace it (a sixth
/// hostile tester replaced the checked website, name and schema this way), and a link in
/// it is checked like any other.
#[test]
fn extra_adds_to_the_resume_json_but_never_replaces_what_folio_writes() {
    let site = Site::new();
    let front = "name = \"Eve\"\n[links]\nwebsite = \"https://eve.example/\"\n\
        [[experience]]\nemployer = \"Acme\"\ntitle = \"Dev\"\nstart = \"2020\"\n\
        url = \"https://acme.example/\"\n[extra]\n";
    site.profile(
        "people/eve.md",
        &format!(
            "{front}\"basics.url\" = \"javascript:alert(document.domain)\"\n\
             \"projects\" = [{{ name = \"P\", url = \"data:text/html,x\" }}]\n"
        ),
        "Eve.\n",
    );
    site.both_refuse(&[
        "content/people/eve.md:11:",
        "`extra` gives \"basics.url\" a link folio does not publish",
        "content/people/eve.md:12:",
        "`extra` gives \"projects\" a link folio does not publish",
    ]);

    site.profile(
        "people/eve.md",
        &format!(
            "{front}\"basics.name\" = \"Mallory\"\n\"basics.url\" = \"https://mallory.example/\"\n\
             \"experience[0].url\" = \"https://other.example/\"\n\"basics.pronouns\" = \"she/her\"\n"
        ),
        "Eve.\n",
    );
    let build = site.build();
    assert!(build.status.success(), "{}", stderr(&build));
    let text = std::fs::read_to_string(site.out().join("people/eve/resume.json")).unwrap();
    let resume: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(resume["basics"]["name"], "Eve");
    assert_eq!(resume["basics"]["url"], "https://eve.example/");
    assert_eq!(resume["work"][0]["url"], "https://acme.example/");
    assert_eq!(resume["basics"]["pronouns"], "she/her", "{text}");
    let kept = &resume["meta"]["folio"]["extra"];
    assert_eq!(kept["basics.name"], "Mallory", "{text}");
    assert_eq!(kept["work[0].url"], "https://other.example/", "{text}");
}

/// Each problem was located by counting lines from the start of its file, and each broken
/// link searched for in the whole file: 40,000 links on one line (470 KB) kept `folio
/// check` busy 6 s in a release build, 50,000 bad headings after a paragraph of 3 MB kept
/// `folio build` 35 s (a sixth hostile tester). Lines are found in an index of the file,
/// and a page's broken links past the first 100 are counted, not searched for.
#[test]
fn tens_of_thousands_of_problems_in_one_file_are_reported_in_seconds() {
    let site = Site::new();
    let links: String = (0..40_000).map(|i| format!("[a](/u{i}) ")).collect();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n",
        &format!("Ada.\n\n{links}\n"),
    );
    let started = std::time::Instant::now();
    let check = site.check();
    assert_eq!(check.status.code(), Some(1));
    assert!(
        flat(&stderr(&check)).contains("has 39900 more broken links"),
        "{}",
        stderr(&check)
    );
    let links = started.elapsed();

    let headings = "# {a=b}\n".repeat(50_000);
    let paragraph = "word ".repeat(200_000);
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\n",
        &format!("{paragraph}\n\n{headings}"),
    );
    let started = std::time::Instant::now();
    let build = site.build();
    assert_eq!(build.status.code(), Some(1));
    let said = stderr(&build);
    assert!(
        said.contains("content/people/ada/index.md:6:3"),
        "{}",
        &said[..said.len().min(2000)]
    );
    let headings = started.elapsed();
    assert!(
        links < std::time::Duration::from_secs(30) && headings < std::time::Duration::from_secs(30),
        "links {links:?}, headings {headings:?}"
    );
}

/// Every co-speaker is a speaker of a talk page and a row of the site's model: 250 talks of
/// 500 co-speakers each (1.5 MB) took 410 MB to build. A profile names at most 2,000 in all.
#[test]
fn a_profile_names_at_most_two_thousand_co_speakers_in_all() {
    let site = Site::new();
    let mut front = String::from("name = \"Eve\"\n");
    for k in 0..11 {
        let names: Vec<String> = (0..199).map(|i| format!("\"C{k}x{i}\"")).collect();
        front += &format!(
            "[[talks]]\ntitle = \"Talk {k}\"\nevent = \"Conf\"\ndate = \"2024-01\"\nwith = [{}]\n",
            names.join(",")
        );
    }
    site.profile("people/eve.md", &front, "Eve.\n");
    site.both_refuse(&[
        "content/people/eve.md:",
        "this profile lists 2189 co-speakers over all its talks; a profile may list at most 2000",
    ]);
}

/// A person's card is on every page that lists them: up to 500 skill pages, their
/// employers' and talks' pages, the people list. A 4 MB headline over 500 skills made
/// 2 GB of pages (a seventh hostile tester): the card's fields are bounded, and a card shows
/// at most 1,000 characters of the bio's first paragraph.
#[test]
fn what_a_card_repeats_on_every_page_is_bounded() {
    let site = Site::new();
    let skills: Vec<String> = (0..50).map(|i| format!("\"S{i}\"")).collect();
    site.profile(
        "people/eve.md",
        &format!(
            "name = \"Eve\"\nheadline = \"{}\"\n[skills]\nl = [{}]\n",
            "h".repeat(301),
            skills.join(",")
        ),
        "Eve.\n",
    );
    site.both_refuse(&[
        "content/people/eve.md:3:",
        "`headline` is 301 characters long; it may be at most 300",
    ]);

    let paragraph = "word ".repeat(100_000);
    site.profile(
        "people/eve.md",
        &format!("name = \"Eve\"\n[skills]\nl = [{}]\n", skills.join(",")),
        &format!("{paragraph}\n"),
    );
    let build = site.build();
    assert!(build.status.success(), "{}", stderr(&build));
    let people = page(&site.out(), "index.html");
    let card = select(&people, ".person-card")
        .into_iter()
        .find(|c| text(c).contains("Eve"))
        .expect("Eve's card");
    let summary = text(&select_in(&card, ".card-summary")[0]);
    assert!(summary.chars().count() <= 1_001, "{}", summary.len());
    assert!(
        summary.ends_with("word…"),
        "{}",
        &summary[summary.len() - 20..]
    );
    let skill = std::fs::metadata(site.out().join("skills/s0/index.html")).unwrap();
    assert!(skill.len() < 100_000, "{}", skill.len());
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

/// `extra` is written back into the resume.json, indented by its depth: a 4 MB profile of
/// 62 nested lists gave a 264 MB resume.json (a seventh hostile tester).
#[test]
fn extra_is_bounded_in_size_and_depth() {
    let site = Site::new();
    let nested = format!("{}0{}", "[".repeat(9), "]".repeat(9));
    site.profile(
        "people/eve.md",
        &format!("name = \"Eve\"\n[extra]\nfoo = {nested}\n"),
        "Eve.\n",
    );
    site.both_refuse(&[
        "content/people/eve.md:3:",
        "nested 9 deep; it may hold at most 65536, nested 8 deep",
    ]);
    let long = "x".repeat(70_000);
    site.profile(
        "people/eve.md",
        &format!("name = \"Eve\"\n[extra]\nfoo = \"{long}\"\n"),
        "Eve.\n",
    );
    site.both_refuse(&["`extra` holds 70005 bytes"]);
    site.profile(
        "people/eve.md",
        "name = \"Eve\"\n[extra]\n\"basics.pronouns\" = \"she/her\"\nhobbies = [{ name = \"Sailing\", keywords = [\"dinghy\"] }]\n",
        "Eve.\n",
    );
    assert!(site.build().status.success());
}

// Hostile round 8 (pictures and cards).

#[test]
fn an_avatar_that_names_no_picture_is_an_error_at_its_line() {
    // `avatar = "index.md"` (the profile itself) or a folder beside it: the pages linked a
    // file the site does not write, and the errors were put on the built-in templates.
    for (avatar, said) in [
        (
            "index.md",
            "`avatar` names \"index.md\", which is not a picture",
        ),
        (
            "notes.txt",
            "`avatar` names \"notes.txt\", which is not a picture",
        ),
        ("sub", "`avatar` names \"sub\", which is not a picture"),
        (
            "shots.png",
            "names the file \"shots.png\", which does not exist",
        ),
        (
            ".me.png",
            "names the file \".me.png\", which is never published",
        ),
    ] {
        let site = Site::new();
        site.write("content/people/ada/.me.png", "not read");
        site.write("content/people/ada/notes.txt", "Notes.\n");
        site.write("content/people/ada/sub/a.txt", "A.\n");
        site.write("content/people/ada/shots.png/a.txt", "A.\n");
        site.profile(
            "people/ada/index.md",
            &format!("name = \"Ada Lovelace\"\navatar = \"{avatar}\"\n"),
            "Ada builds engines.\n",
        );
        let said = site.both_refuse(&["content/people/ada/index.md", said]);
        assert!(said.contains("index.md:3:"), "at the avatar line: {said}");
        assert!(!said.contains("(built-in)"), "{said}");
    }
}

#[cfg(unix)]
#[test]
fn an_avatar_through_a_link_out_of_the_site_tells_nothing_of_what_is_there() {
    // The review: the message said whether a file existed outside the site, through a link
    // to a folder there, and a pull request's report is public.
    let said_of = |name: &str| {
        let site = Site::new();
        let outside = site.dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("there.png"), "not read").unwrap();
        site.link(&outside, "content/people/ada/out");
        site.profile(
            "people/ada/index.md",
            &format!("name = \"Ada Lovelace\"\navatar = \"out/{name}\"\n"),
            "Ada builds engines.\n",
        );
        let said = site.both_refuse(&["content/people/ada/out", "outside the site"]);
        assert!(!said.contains("never published"), "{said}");
        said.replace(name, "NAME")
    };
    assert_eq!(said_of("there.png"), said_of("absent.png"));
}

#[test]
fn a_scheme_relative_avatar_is_written_absolute_where_no_page_resolves_it() {
    let site = Site::new();
    site.profile(
        "people/ada/index.md",
        "name = \"Ada Lovelace\"\navatar = \"//cdn.example.org/ada.png\"\n\n[links]\nwebsite = \"//ada.example.org/\"\n",
        "Ada builds engines.\n",
    );
    let output = site.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let folder = site.out().join("people/ada");
    let vcard = std::fs::read_to_string(folder.join("ada.vcf")).unwrap();
    assert!(
        vcard.contains("PHOTO;VALUE=URI:https://cdn.example.org/ada.png"),
        "{vcard}"
    );
    assert!(
        vcard.contains("URL;TYPE=website:https://ada.example.org/"),
        "{vcard}"
    );
    let resume: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("resume.json")).unwrap()).unwrap();
    assert_eq!(resume["basics"]["image"], "https://cdn.example.org/ada.png");
    let page = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        page.contains(r#""image":"https://cdn.example.org/ada.png""#),
        "JSON-LD"
    );
}

#[test]
fn a_name_of_only_spaces_and_invisible_characters_is_refused() {
    let site = Site::new();
    site.profile(
        "people/eve.md",
        "name = \"\\u3000\\u2003\\u00a0\\u200b\\u2060\\u180e\"\n",
        "Eve.\n",
    );
    site.both_refuse(&[
        "content/people/eve.md:2:",
        "the name has no letters or digits (it is U+3000 U+2003 U+00A0 U+200B U+2060 U+180E)",
    ]);
}
