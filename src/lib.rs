//! folio: a static portfolio site generator. Markdown profiles in, a site of
//! people, employers, talks and skills out.
//!
//! One pipeline, one stage per module: [`config`] -> [`content`] -> [`site`] ->
//! [`render`] -> [`output`]. [`build`] runs it top to bottom.

#![warn(clippy::print_stdout, clippy::print_stderr)]
// A `Diagnostic` carries its file's text and help; errors are the cold path, so
// they travel by value rather than boxed at every `?`.
#![allow(clippy::result_large_err)]

pub mod budget;
pub mod config;
pub mod content;
pub mod dates;
pub mod deploy;
pub mod diagnostic;
mod error;
pub mod fonts;
pub mod fs;
pub mod git;
pub mod import;
mod incremental;
pub mod inert;
pub mod json;
pub mod links;
pub mod markdown;
pub mod output;
mod pipeline;
pub mod place;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod timing;
pub mod walk;

pub use error::Error;
pub use incremental::Incremental;
pub use pipeline::{
    BuildOptions, BuildReport, Built, CheckReport, build, build_into, check, render_site,
    require_site,
};
