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
use crate::{images, incremental, markdown, publish, search};

pub use crate::images::Writes as CacheWrites;

/// What `folio build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// The origin `folio serve` previews the site at (`http://127.0.0.1:1111`): base_url
    /// becomes it with site.toml's path.
    pub preview: Option<String>,
    pub drafts: bool,
    /// Warnings fail the build too.
    pub strict: bool,
    /// Whether the pictures folio processes are kept in the site's `.folio-cache/`
    /// (`folio deploy` only reads it: it changes nothing in the repository).
    pub cache: CacheWrites,
    /// URLs per sitemap file, for tests of the sitemap index (`--sitemap-urls`, hidden).
    #[doc(hidden)]
    pub sitemap_urls: Option<usize>,
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
    let memory = output::Memory::default();
    let made = make(options, &memory, stages, None, None, Purpose::Check)?;
    // Copied files take their paths as a build's do: a clash is found here too.
    memory.claim_copies(&made.copies, &options.root)?;
    let rendered = Rendered {
        files: memory.into_files(),
        root: made.root,
        copies: made.copies.into_iter().map(|(_, path)| path).collect(),
        origins: render::origins(&made.site, &made.theme),
        counts: made.counts,
    };
    Ok((rendered, made.warnings))
}

/// What one pass of the pipeline made, for the output to finish.
struct Made {
    counts: render::PageCounts,
    /// The path of base_url, where the site is published.
    root: String,
    /// (file on disk, path under the output): files to copy as they are.
    copies: Vec<(PathBuf, PathBuf)>,
    /// (path under the output, what it is made from): files kept as the last build wrote them.
    kept: Vec<(PathBuf, PathBuf)>,
    warnings: Vec<Diagnostic>,
    /// The site and the theme it was made with, for `folio check` to say what each page
    /// is made from; freeing them is left to the caller (a large site takes a while).
    site: Site,
    theme: render::Theme,
    /// What the dev server remembers of this build, once the output holds it.
    next: Option<incremental::Memory>,
    /// The shards of the search index left to make once the pages are in place.
    index_later: Option<IndexLater>,
}

/// The shards of the search index whose records changed, made after the pages of a dev
/// server's rebuild are in place ([`index_into`]): until then the output keeps the last
/// build's index, so the edited page is served without waiting for the index.
pub struct IndexLater {
    shards: search::Shards,
    later: Vec<usize>,
}

impl std::fmt::Debug for IndexLater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "IndexLater({:?} of {} shards)",
            self.later,
            self.shards.count()
        )
    }
}

/// What a pass of the pipeline is for: a build writes the output (and the picture cache),
/// `folio check` only looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Publish,
    Check,
}

/// The problems found so far in the site's files; a step's own join them, and an error
/// of the machine ends the build (after the site's errors, which may be why it happened).
#[derive(Default)]
struct Problems(Vec<Diagnostic>);

impl Problems {
    /// The step's result, or None when it found problems in the site's files.
    fn step<T>(&mut self, result: Result<T, Error>) -> Result<Option<T>, Error> {
        match result {
            Ok(done) => Ok(Some(done)),
            Err(Error::Content(found)) => {
                self.0.extend(found);
                Ok(None)
            }
            Err(_) if self.0.iter().any(Diagnostic::is_error) => Err(fail(self.take())),
            Err(other) => Err(other),
        }
    }

    fn take(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.0)
    }
}

/// config -> content -> site -> plan -> pages and files, each handed to `sink` as it is
/// made. `incremental` is the dev server's memory of its last build, and `keepable` what
/// the output holds of it.
fn make(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    stages: &mut Vec<(&'static str, Duration)>,
    mut incremental: Option<&mut Incremental>,
    keepable: Option<&output::Manifest>,
    purpose: Purpose,
) -> Result<Made, Error> {
    let mut clock = Instant::now();
    let mut lap = |name, stages: &mut Vec<_>| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let config = load_config(options)?;
    lap("config", stages);
    let confine = walk::Confine::new(&options.root, &config.security);
    let cache = incremental.as_mut().map(|i| &mut i.content);
    let (content, found) = Content::load(&options.root, &confine, cache);
    let mut problems = Problems(found);
    lap("content", stages);
    let (site, found) = Site::build(
        config,
        content,
        site::Options {
            drafts: options.drafts,
        },
    );
    problems.0.extend(found);
    let copies = problems.step(site.copies(&confine).map_err(Error::Content))?;
    lap("site", stages);
    let cache = images::Cache::of_site(
        &options.root,
        match purpose {
            Purpose::Publish => options.cache,
            Purpose::Check => images::Writes::Never,
        },
    );
    let known = |path: &Path| incremental.as_ref().and_then(|i| i.picture_print(path));
    let (images, found) = images::Images::identify(&site, &known);
    problems.0.extend(found);
    lap("- pictures", stages);
    let (render_at, render_start) = (stages.len(), Instant::now());
    let Some(theme) =
        problems.step(render::Theme::load(&site, &confine).map_err(Error::Content))?
    else {
        return Err(fail(problems.take()));
    };
    let html = markdown::Html::from_config(
        site.config.markdown.allow_html,
        site.config.security.trust_html,
    );
    if let Some(i) = incremental.as_deref_mut() {
        i.start(html);
    }
    let incremental = incremental.map(|i| &*i);
    let fresh;
    let markdown = match incremental {
        Some(i) => &i.markdown,
        None => {
            fresh = markdown::Markdown::new(html);
            &fresh
        }
    };
    let inputs = incremental.map(|_| incremental::Inputs::new(&site, &theme, &images));
    let kept = |id| {
        incremental
            .zip(inputs.as_ref())?
            .0
            .kept_person(&site, inputs.as_ref()?, id)
    };
    lap("- templates", stages);
    let Some(people) = problems.step(render::prepare_people(
        &site, &theme, markdown, &images, &kept,
    ))?
    else {
        return Err(fail(problems.take()));
    };
    lap("- people", stages);
    // The search records and the pages' plan side by side: the plan's bookkeeping is
    // one thread's, the records are made on the others meanwhile.
    let ((shards, records_took), plan) = rayon::join(
        || {
            let start = Instant::now();
            let shards = site
                .config
                .search
                .enabled
                .then(|| search::Shards::of(&site, search::records(&site)));
            (shards, start.elapsed())
        },
        || {
            let (i, inputs) = incremental.zip(inputs.as_ref())?;
            Some(i.plan(&site, &theme, inputs, &people, keepable))
        },
    );
    let mut plan = plan.unwrap_or_else(|| incremental::Plan::everything(&site, shards.as_ref()));
    if let (Some(i), Some(shards)) = (incremental, &shards) {
        i.plan_search(&mut plan, shards, keepable);
    }
    stages.push(("- search records", records_took));
    lap("- plan", stages);
    // Pictures before pages: a page names its card by the card's fingerprint.
    let keeps = |path: &Path| plan.keeps_file(path);
    problems.step(images.publish(&site, &cache, &keeps, sink))?;
    let drawing = match purpose {
        Purpose::Publish => render::Drawing::Drawn,
        Purpose::Check => render::Drawing::TemplateOnly,
    };
    let kept_card = |card| plan.kept_card(&site, card);
    let cards = problems
        .step(render::draw_cards(
            &site, &theme, &images, &cache, &kept_card, drawing, sink,
        ))?
        .unwrap_or_default();
    lap("- pictures and cards", stages);
    let pictures = render::Pictures {
        images: &images,
        cards: &cards,
    };
    problems.step(render::render_pages(
        &site, &theme, markdown, pictures, &people, &plan.jobs, sink,
    ))?;
    lap("- pages", stages);
    // What is published besides pages is made from the same texts: not once they failed.
    if problems.0.iter().any(Diagnostic::is_error) {
        return Err(fail(problems.take()));
    }
    problems.step(publish::files(&site, &images, &keeps, sink))?;
    let copies = copies.unwrap_or_default();
    problems.step(publish::inert_files(&site, &copies, &cache, sink))?;
    lap("- publish", stages);
    let mut index_later = None;
    if let Some(shards) = shards {
        let now = std::mem::take(&mut plan.search.now);
        problems.step(shards.write(&|n| now.contains(&n), sink))?;
        if plan.search.list_now {
            problems.step(shards.write_list(sink))?;
        }
        let later = std::mem::take(&mut plan.search.later);
        match later.is_empty() {
            false => index_later = Some(IndexLater { shards, later }),
            // Freeing a large site's records takes a while no one waits for.
            true => rayon::spawn(move || drop(shards)),
        }
        lap("- search", stages);
    }
    stages.insert(render_at, ("render", render_start.elapsed()));
    let mut problems = problems.take();
    if problems.iter().any(Diagnostic::is_error) || (options.strict && !problems.is_empty()) {
        return Err(fail(problems));
    }
    Diagnostic::sort(&mut problems);
    // A full build asked the cache for every picture the site shows: the rest goes.
    if incremental.is_none() {
        cache.prune();
    }
    let made = Made {
        counts: render::PageCounts::of(&site),
        root: site.root().to_string(),
        copies: copies.files,
        kept: std::mem::take(&mut plan.kept),
        index_later,
        warnings: problems,
        next: inputs
            .map(|inputs| incremental::Memory::new(&site, &inputs, people, plan, &images, &cards)),
        site,
        theme,
    };
    Ok(made)
}

/// site.toml, with the address the options give.
fn load_config(options: &BuildOptions) -> Result<Config, Error> {
    let mut config = Config::load(&options.root).map_err(Error::Content)?;
    config.sitemap_urls = options.sitemap_urls;
    let url = match (&options.base_url, &options.preview) {
        (Some(url), _) => Some((url.clone(), "--base-url")),
        // The served base_url keeps the path of the configured one, so a site published
        // at /repo/ is previewed at /repo/ and its links work unchanged.
        // What is drawn for the site (social cards) still shows where it is published.
        (None, Some(origin)) => {
            config.published_url = Some(config.base_url.clone());
            Some((format!("{origin}{}", config.root()), "--base-url"))
        }
        (None, None) => None,
    };
    if let Some((url, option)) = url {
        config
            .set_base_url(&url)
            .map_err(|message| Error::Option { option, message })?;
    }
    Ok(config)
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
    let built = build_into(options, &mut lock, &mut stages, None)?;
    Ok(BuildReport {
        output,
        counts: built.counts,
        warnings: built.warnings,
        elapsed: start.elapsed(),
        stages,
        work: timing::take(),
    })
}

/// What one build did to its output folder.
#[derive(Debug)]
pub struct Built {
    pub counts: render::PageCounts,
    pub warnings: Vec<Diagnostic>,
    /// The output files that changed: written, or removed.
    pub changed: Vec<PathBuf>,
    /// The path of base_url, where the site is published.
    pub root: String,
    /// The search index's shards left to make: [`index_into`] makes them. Only a dev
    /// server's rebuild leaves any (a full build makes the whole index with the pages).
    pub index: Option<IndexLater>,
}

/// Renders the site straight into `output` (checked, and locked by the caller), writing
/// only what changed. `incremental` is what the dev server keeps across its rebuilds of
/// one output folder.
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
        incremental.forget_output();
    }
    let last = incremental.as_ref().and_then(|i| i.manifest.clone());
    let update = output::Update::begin(output.output(), last)?;
    let made = make(
        options,
        &update,
        stages,
        incremental.as_deref_mut(),
        update.keepable(),
        Purpose::Publish,
    )
    .and_then(|made| {
        update.keep_all(&made.kept)?;
        update.copy_all(&made.copies, &options.root)?;
        Ok(made)
    });
    let made = match made {
        Ok(made) => made,
        Err(e) => {
            update.abort();
            return Err(e);
        }
    };
    let write_start = Instant::now();
    let output::Committed { changed, manifest } = match update.commit() {
        Ok(committed) => committed,
        Err(e) => {
            // The output may be partly updated: the next build reads what it lists again.
            if let Some(incremental) = incremental {
                incremental.forget_output();
            }
            return Err(e);
        }
    };
    if let (Some(incremental), Some(next)) = (incremental, made.next) {
        // Only now does the output hold what this build made.
        incremental.remember(next, manifest);
    }
    // Freeing a large site takes milliseconds that no one needs to wait for.
    let (site, theme) = (made.site, made.theme);
    rayon::spawn(move || drop((site, theme)));
    stages.push(("write", write_start.elapsed()));
    Ok(Built {
        counts: made.counts,
        warnings: made.warnings,
        changed,
        root: made.root,
        index: made.index_later,
    })
}

/// Makes the search index's shards a rebuild left ([`Built::index`]) in a second update of
/// the output: every other file is kept as the rebuild left it, the changed shards' old
/// files go. Says which output files changed. Afterwards the output is what a full build
/// writes.
pub fn index_into(
    output: &mut output::Lock,
    incremental: &mut Incremental,
    index: IndexLater,
) -> Result<Vec<PathBuf>, Error> {
    let last = match (output.hold()?, incremental.manifest.clone()) {
        (false, Some(last)) => last,
        // Another process wrote the folder: the next rebuild makes the whole index again.
        _ => {
            incremental.forget_output();
            return Ok(Vec::new());
        }
    };
    let IndexLater { shards, later } = index;
    let from = Path::new("(kept)");
    let kept: Vec<(PathBuf, PathBuf)> = last
        .keys()
        .filter(|path| match search::part_of(path) {
            None => true,
            Some(Some(n)) => n < shards.count() && !later.contains(&n),
            Some(None) => false,
        })
        .map(|path| (path.clone(), from.to_path_buf()))
        .collect();
    let update = output::Update::begin(output.output(), Some(last))?;
    let written = update
        .keep_all(&kept)
        .and_then(|()| shards.write(&|n| later.contains(&n), &update))
        .and_then(|()| shards.write_list(&update));
    if let Err(e) = written {
        update.abort();
        incremental.forget_output();
        return Err(e);
    }
    match update.commit() {
        Ok(output::Committed { changed, manifest }) => {
            incremental.remember_output(manifest);
            Ok(changed)
        }
        Err(e) => {
            incremental.forget_output();
            Err(e)
        }
    }
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
        config::check_base_url(url).map_err(|message| Error::Option {
            option: "--base-url",
            message,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk is not a problem in the site's files: it must not be counted among them.
    struct FullDisk;

    impl output::Sink for FullDisk {
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
            preview: None,
            drafts: false,
            strict: false,
            cache: CacheWrites::Allowed,
            sitemap_urls: None,
        };
        match make(
            &options,
            &FullDisk,
            &mut Vec::new(),
            None,
            None,
            Purpose::Publish,
        ) {
            Err(Error::Fs(e)) => assert_eq!(e.source.kind(), std::io::ErrorKind::StorageFull),
            Err(other) => panic!("counted as {other}"),
            Ok(_) => panic!("the build succeeded"),
        }
    }
}
