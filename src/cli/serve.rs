//! `folio serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use super::*;
use clap::Args;

#[derive(Args)]
pub(super) struct ServeArgs {
    /// The port to listen on; if it is taken, the next free one.
    #[arg(long, short = 'p', default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Anything but loopback shows the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Include profiles and pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Look for changes every 0.5 s instead of waiting for file system events
    /// (network drives, WSL, containers).
    #[arg(long)]
    poll: bool,
    /// Keep the preview's files in this folder (checked like `folio build --output`)
    /// instead of a temporary one that is removed on exit.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Print how long each stage of every build took.
    #[arg(long)]
    timings: bool,
}

impl ServeArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        if let Err(error) = folio::require_site(&root) {
            return show_error(&error);
        }
        let options = folio::serve::Options {
            root,
            bind: self.bind,
            port: self.port,
            drafts: self.drafts,
            watching: match self.poll {
                true => folio::serve::Watching::Poll,
                false => folio::serve::Watching::Events,
            },
            output: self.output,
        };
        let (open, timings) = (self.open, self.timings);
        match folio::serve::run(&options, move |event| {
            show_serve_event(event, open, timings)
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tell!("Error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

fn show_serve_event(event: folio::serve::Event, open: bool, timings: bool) {
    use folio::serve::{Event, Reload};
    match event {
        Event::Serving {
            url,
            address,
            taken,
        } => {
            if let Some(first) = taken.first() {
                say!(
                    "Port {first} is in use; serving on port {} instead",
                    address.port()
                );
            }
            say!("Serving at {url}");
            if !address.ip().is_loopback() {
                say!("Listening on {address}: other machines on your network can see the preview");
            }
            say!("Watching for changes; press Ctrl-C to stop");
            if open && let Err(e) = open::that_detached(&url) {
                tell!("Warning: cannot open a browser: {e}");
            }
        }
        Event::Changed(paths) => {
            let mut names: Vec<String> = paths
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            if paths.len() > 3 {
                names.push(format!("and {} more", paths.len() - 3));
            }
            say!("Changed: {}", names.join(", "));
        }
        Event::Built(built) => {
            show_diagnostics(&built.warnings);
            if timings {
                show_timings(&built.stages);
            }
            let ms = built.elapsed.as_secs_f64() * 1000.0;
            if built.first {
                say!("Built {} in {ms:.0} ms", built.counts);
                return;
            }
            let files = match built.changed_files {
                1 => "1 file changed".to_string(),
                n => format!("{n} files changed"),
            };
            let then = match built.reload {
                Reload::Nothing => "nothing to reload",
                Reload::Css => "stylesheets swapped",
                Reload::Page => "pages reload",
            };
            let index = match built.indexing {
                true => "; updating the search index",
                false => "",
            };
            say!("Rebuilt in {ms:.0} ms: {files}, {then}{index}");
        }
        Event::Indexed {
            elapsed,
            changed_files,
        } => {
            let ms = elapsed.as_secs_f64() * 1000.0;
            let files = match changed_files {
                1 => "1 file changed".to_string(),
                n => format!("{n} files changed"),
            };
            say!("Search index updated in {ms:.0} ms: {files}");
        }
        Event::Failed(error) => {
            show_error(&error);
            tell!(
                "The pages show this error until a build succeeds; the last good site stays served."
            );
        }
        Event::Restarting(error) => {
            show_diagnostics(std::slice::from_ref(&error));
            tell!(
                "A template ran away: the server starts again on the same port, showing this \
                 error over the last good site until the next save."
            );
        }
        Event::WatchProblem(problem) => tell!("Warning: {problem}"),
        Event::Stopping => say!("Stopping"),
    }
}
