//! `folio build`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::*;
use clap::Args;

#[derive(Args)]
pub(super) struct BuildArgs {
    /// Where to write the site (default: public/ in the site folder).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    #[command(flatten)]
    site: SiteArgs,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// URLs per sitemap file instead of the protocol's 50,000: only for the tests of the
    /// sitemap index, which would otherwise need a site of 50,000 pages.
    #[arg(long, hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    sitemap_urls: Option<u32>,
    /// Builds the site as `folio serve` previews it at this origin (`http://127.0.0.1:1111`):
    /// only for the tests that compare a served site with a full build.
    #[arg(long, hide = true, value_name = "ORIGIN", conflicts_with = "base_url")]
    preview: Option<String>,
}

impl BuildArgs {
    pub(super) fn run(self, root: PathBuf) -> ExitCode {
        let given_base_url = self.site.base_url.is_some();
        let mut options = self.site.options(root, self.output);
        options.sitemap_urls = self.sitemap_urls.map(|n| n as usize);
        options.preview = self.preview;
        match folio::build(&options) {
            Ok(report) => {
                show_diagnostics(&report.warnings);
                if self.timings {
                    show_timings(&report.stages);
                    say!("CPU time by kind of work, all threads:");
                    show_timings(&report.work);
                }
                let ms = report.elapsed.as_secs_f64() * 1000.0;
                say!(
                    "Built {} in {ms:.0} ms -> {}",
                    report.counts,
                    report.output.display()
                );
                if !given_base_url
                    && let Ok(config) = folio::config::Config::load(&options.root)
                    && config.address == folio::config::Address::Unknown
                {
                    say!(
                        "Built for {}: site.toml sets no base_url, and there is no git remote \
                         `origin` on GitHub to tell the address. `folio deploy` and the Pages \
                         workflow find it themselves; to publish elsewhere, set base_url in site.toml.",
                        config.base_url
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => show_error(&error),
        }
    }
}
