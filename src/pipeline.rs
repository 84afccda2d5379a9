//! The pipeline: site.toml -> content -> site -> pages -> output, in one pass, for
//! `folio build`, `folio check` and every rebuild of `folio serve`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::render::Rendered;
use crate::site::Site;
use crate::{Error, Incremental, config, links, output, render, site, timing, walk};

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Warnings fail the build too.
    pub strict: bool,
}

/// Checks that `root` holds a site (its site.toml), before anything is written for it.
pub fn require_site(root: &Path) -> Result<(), Error> {
    match root.join("site.toml").is_file() {
        true => Ok(()),
        false => Err(Error::NoSite(root.to_path_buf())),
    }
}

/// What a successful build did, for the one-line summary.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub counts: render::PageCounts,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub stages: Vec<(&'static str, Duration)>,
    /// CPU time by kind of work, summed over threads ([`timing`]).
    pub work: Vec<(&'static str, Duration)>,
}

/// Renders the site in memory: config -> content -> site -> pages.
/// Returns the rendered site and any warnings, or every error found.
pub fn render_site(
    options: &BuildOptions,
    stages: &mut Vec<(&'static str, Duration)>,
) -> Result<(Rendered, Vec<Diagnostic>), Error> {
    let memory = render::Memory::default();
    let (rendered, warnings) = render_to(options, &memory, stages, None)?;
    // Copied files take their paths as a build's do: a clash is found here too.
    memory.claim_copies(&rendered.copies, &options.root)?;
    Ok((memory.into_rendered(rendered), warnings))
}

/// config -> content -> site -> pages, each page handed to `sink` as it is rendered.
/// Returns what was rendered and any warnings, or every error found.
fn render_to(
    options: &BuildOptions,
    sink: &dyn render::Sink,
    stages: &mut Vec<(&'static str, Duration)>,
    mut incremental: Option<&mut Incremental>,
) -> Result<(Rendered, Vec<Diagnostic>), Error> {
    let mut clock = Instant::now();
    let mut lap = |name, stages: &mut Vec<_>| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let mut config = Config::load(&options.root).map_err(Error::Content)?;
    if let Some(url) = &options.base_url {
        config
            .set_base_url(url)
            .map_err(|message| Error::Option(format!("--base-url {message}")))?;
    }
    lap("config", stages);
    let confine = walk::Confine::new(&options.root, config.security.allow_outside_links);
    let cache = incremental.as_mut().map(|i| &mut i.content);
    let (content, mut problems) = Content::load(&options.root, &confine, cache);
    lap("content", stages);
    let (site, site_problems) = Site::build(
        config,
        content,
        site::Options {
            drafts: options.drafts,
        },
    );
    problems.extend(site_problems);
    lap("site", stages);
    let (markdown, memo) = match &incremental {
        Some(i) => (Some(&i.markdown), Some(&i.memo)),
        None => (None, None),
    };
    let rendered = render::render_into(&site, &options.root, sink, markdown, memo);
    // Freeing a large site takes milliseconds that no one needs to wait for.
    rayon::spawn(move || drop(site));
    lap("render", stages);
    if let Ok(rendered) = &rendered {
        stages.extend(rendered.stages.iter().map(|&(name, took)| (name, took)));
    }
    let rendered = match rendered {
        Ok(r) => r,
        Err(Error::Content(render_problems)) => {
            problems.extend(render_problems);
            return Err(fail(problems));
        }
        // The site's own errors come first: they may be why the output could not be written.
        Err(_) if problems.iter().any(Diagnostic::is_error) => return Err(fail(problems)),
        Err(other) => return Err(other),
    };
    if problems.iter().any(Diagnostic::is_error) || (options.strict && !problems.is_empty()) {
        return Err(fail(problems));
    }
    Diagnostic::sort(&mut problems);
    Ok((rendered, problems))
}

fn fail(mut problems: Vec<Diagnostic>) -> Error {
    Diagnostic::sort(&mut problems);
    Error::Content(problems)
}

/// Builds the site into the output folder: pages are staged as they are
/// rendered and moved into place only when the whole site rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    require_site(&options.root)?;
    check_options(options)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let output = output::check_output_folder(&options.root, &output)?;
    let mut lock = output::Lock::take(&output)?;
    let mut stages = Vec::new();
    timing::take();
    let (counts, warnings, _) = build_into(options, &mut lock, &mut stages, None)?;
    Ok(BuildReport {
        output,
        counts,
        warnings,
        elapsed: start.elapsed(),
        stages,
        work: timing::take(),
    })
}

/// What one build did to its output folder.
pub type Built = (render::PageCounts, Vec<Diagnostic>, Vec<PathBuf>);

/// Renders the site straight into `output` (checked, and locked by the caller), writing only what
/// changed. Returns the page counts, the warnings and the paths that changed.
/// `incremental` is what the dev server keeps across its rebuilds of one output folder.
pub fn build_into(
    options: &BuildOptions,
    output: &mut output::Lock,
    stages: &mut Vec<(&'static str, Duration)>,
    mut incremental: Option<&mut Incremental>,
) -> Result<Built, Error> {
    // The dev server holds its lock for hours: its file may have been removed meanwhile,
    // and another process may have written into the folder. Then the folder's own marker
    // is read instead of the kept manifest, and no file is kept unrendered on its word.
    if output.hold()?
        && let Some(incremental) = incremental.as_deref_mut()
    {
        incremental.manifest = None;
    }
    let kept = incremental.as_ref().and_then(|i| i.manifest.clone());
    let update = output::Update::begin(output.output(), kept)?;
    let (mut rendered, warnings) =
        match render_to(options, &update, stages, incremental.as_deref_mut()) {
            Ok(done) => done,
            Err(e) => {
                update.abort();
                return Err(e);
            }
        };
    let write_start = Instant::now();
    if let Err(e) = update.copy_all(&rendered.copies, &options.root) {
        update.abort();
        return Err(e);
    }
    let output::Committed { changed, manifest } = match update.commit() {
        Ok(committed) => committed,
        Err(e) => {
            // The output may be partly updated: the next build reads what it lists again.
            if let Some(incremental) = incremental {
                incremental.manifest = None;
            }
            return Err(e);
        }
    };
    if let Some(incremental) = incremental {
        // Only now does the output hold what the memo describes.
        let memo = std::mem::replace(
            &mut incremental.memo,
            rendered.memo.take().unwrap_or_default(),
        );
        let manifest = incremental.manifest.replace(manifest.into());
        rayon::spawn(move || drop((memo, manifest)));
    }
    stages.push(("write", write_start.elapsed()));
    Ok((rendered.counts, warnings, changed))
}

/// What `folio check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub counts: render::PageCounts,
    pub links: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, validates and renders everything in memory, then checks every link
/// of every page. Writes nothing.
pub fn check(options: &BuildOptions) -> Result<CheckReport, Error> {
    require_site(&options.root)?;
    check_options(options)?;
    let (rendered, warnings) = render_site(options, &mut Vec::new())?;
    let report = links::check(&rendered, &rendered.root);
    if !report.problems.is_empty() {
        let mut all = report.problems;
        all.extend(warnings);
        return Err(fail(all));
    }
    Ok(CheckReport {
        counts: rendered.counts,
        links: report.checked,
        warnings,
    })
}

/// Refuses options that cannot be used before anything is read or written.
fn check_options(options: &BuildOptions) -> Result<(), Error> {
    if let Some(url) = &options.base_url {
        config::check_base_url(url)
            .map_err(|message| Error::Option(format!("--base-url {message}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk is not a problem in the site's files: it must not be counted among them.
    struct FullDisk;

    impl render::Sink for FullDisk {
        fn put(&self, path: PathBuf, _: Vec<u8>, _: &Path) -> Result<(), Error> {
            Err(Error::Fs(crate::fs::FsError {
                action: "cannot write",
                path,
                source: std::io::Error::from(std::io::ErrorKind::StorageFull),
            }))
        }
    }

    #[test]
    fn a_failed_write_is_an_error_of_the_machine_not_of_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/people")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "base_url = \"https://example.org/\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/people/ada.md"),
            "+++\nname = \"Ada\"\n+++\nAda.\n",
        )
        .unwrap();
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: None,
            base_url: None,
            drafts: false,
            strict: false,
        };
        match render_to(&options, &FullDisk, &mut Vec::new(), None) {
            Err(Error::Fs(e)) => assert_eq!(e.source.kind(), std::io::ErrorKind::StorageFull),
            Err(other) => panic!("counted as {other}"),
            Ok(_) => panic!("the build succeeded"),
        }
    }
}
