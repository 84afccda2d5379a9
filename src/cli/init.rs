//! `folio init`, `folio new`, `folio eject`: new sites and files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::*;
use clap::Args;

#[derive(Args)]
pub(super) struct InitArgs {
    /// The folder of the new site (default: the --root folder); made if missing.
    dir: Option<PathBuf>,
    /// Replace files that are already there.
    #[arg(long)]
    force: bool,
    /// Also write the built-in templates and static files, to edit them.
    #[arg(long)]
    theme: bool,
}

impl InitArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        let dir = self.dir.unwrap_or(root);
        let options = folio::scaffold::InitOptions {
            dir: dir.clone(),
            force: self.force,
            theme: self.theme,
        };
        match folio::scaffold::init(&options) {
            Ok(written) => {
                show_written(&dir, &written);
                let cd = if dir == Path::new(".") {
                    String::new()
                } else {
                    format!("cd {} && ", dir.display())
                };
                say!("\nNext: {cd}folio serve    (then edit content/people/ada-lovelace.md)");
                say!(
                    "Publish: `folio deploy` (to the gh-pages branch), or push to GitHub with \
                     Settings -> Pages -> Source set to \"GitHub Actions\" (.github/workflows/pages.yml)."
                );
                if folio::scaffold::REPOSITORY.is_empty() {
                    tell!(
                        "\nWARNING: this folio was built without the address of its repository, so \
                         the workflows cannot know where to install folio from: set FOLIO_REPOSITORY \
                         at the top of .github/workflows/pages.yml and check.yml (they stop with \
                         this message until then)."
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                tell!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Args)]
pub(super) struct NewArgs {
    /// What to add.
    kind: NewKind,
    /// The person's full name, e.g. "Ada Lovelace"; the file is named after it.
    name: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    /// content/people/<slug>.md, with every field listed.
    Person,
}

impl NewArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        match self.kind {
            NewKind::Person => match folio::scaffold::new_person(&root, &self.name) {
                Ok(path) => {
                    say!("Created {}", shown(&root, &path).display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    tell!("Error: {error}");
                    ExitCode::FAILURE
                }
            },
        }
    }
}

#[derive(Args)]
pub(super) struct EjectArgs {
    /// Replace templates and static files that are already there.
    #[arg(long)]
    force: bool,
}

impl EjectArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        match folio::scaffold::eject(&root, self.force) {
            Ok(written) => {
                show_written(&root, &written);
                ExitCode::SUCCESS
            }
            Err(error) => {
                tell!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}
