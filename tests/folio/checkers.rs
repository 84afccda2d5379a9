//! Third-party checkers on the demo: the Nu Html Checker and axe-core in headless Chromium.
//! They are installed by `.ci/setup` (run by `.ci/test`).

use std::process::Command;

use crate::support::*;

fn demo_build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&repo(), &out.path().join("site"), &[]);
    out
}

#[test]
fn demo_html_passes_the_nu_html_checker() {
    let out = demo_build();
    let result = Command::new("bash")
        .arg(repo().join("tests/browser/vnu.sh"))
        .arg(out.path().join("site"))
        .output()
        .expect("bash runs");
    assert!(
        result.status.success(),
        "vnu reported errors (run .ci/setup if it is missing):\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn demo_pages_of_every_kind_have_no_axe_violations_light_and_dark() {
    let out = demo_build();
    let root = "/folio/";
    let pages = [
        "",
        "people/guido-iaquinti/",
        "people/dsaiztc/",
        "employers/",
        "employers/slack-technologies/",
        "talks/",
        "talks/2019-scaling-resilient-systems-a-journey-into-slack-s-database-service/",
        "skills/",
        "skills/go/",
        "about/",
        "404.html",
    ];
    let result = Command::new("node")
        .arg(repo().join("tests/browser/axe.mjs"))
        .arg(out.path().join("site"))
        .arg(root)
        .args(pages)
        .output()
        .expect("node runs");
    assert!(
        result.status.success(),
        "axe reported violations (run .ci/setup if it is missing):\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}
