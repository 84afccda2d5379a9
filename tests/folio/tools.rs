//! The third-party checkers some tests run (CHECKING.md), installed by `.ci/setup`. A test
//! that needs one is `#[ignore = "needs ..."]`, so that a plain `cargo test` needs only Rust
//! (and git) and lists it as ignored; `bash .ci/test` installs them and runs every test, and
//! there a missing checker fails the test saying what is missing, never a silent pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::repo;

const SETUP: &str = "run `bash .ci/setup`, or `bash .ci/test`, which runs it and then every test";

/// A program on PATH, ready to run; the test fails naming it and its Debian package when it is
/// missing (a bare "No such file or directory" from `Command::output` names neither).
pub fn program(name: &str, debian_package: &str) -> Command {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| is_executable(&dir.join(name))));
    assert!(
        on_path,
        "this test needs `{name}` (Debian package {debian_package}), which is not on PATH: {SETUP}"
    );
    Command::new(name)
}

/// A file a Debian package installs at a fixed place (Chromium, which axe.mjs runs by path).
pub fn installed(path: &str, debian_package: &str) {
    assert!(
        Path::new(path).exists(),
        "this test needs {path} (Debian package {debian_package}), which is missing: {SETUP}"
    );
}

/// A file of one of the npm packages of tests/browser/ (its package.json lists them).
pub fn node_package(package: &str, file: &str) -> PathBuf {
    let path = repo()
        .join("tests/browser/node_modules")
        .join(package)
        .join(file);
    assert!(
        path.exists(),
        "this test needs the npm package {package} of tests/browser/ ({} is missing): {SETUP}",
        path.display()
    );
    path
}

/// A command one of the npm packages of tests/browser/ installs (`node_modules/.bin/<name>`).
pub fn node_command(name: &str, package: &str) -> Command {
    program("node", "nodejs");
    node_package(package, "package.json");
    let bin = repo().join("tests/browser/node_modules/.bin").join(name);
    assert!(
        bin.exists(),
        "this test needs `{name}` of the npm package {package} ({} is missing): {SETUP}",
        bin.display()
    );
    Command::new(bin)
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file() || path.with_extension("exe").is_file()
}
