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
pub(crate) mod dates;
pub mod deploy;
pub mod diagnostic;
mod error;
pub(crate) mod fonts;
pub(crate) mod fs;
pub(crate) mod git;
mod hashing;
pub(crate) mod images;
pub mod import;
pub(crate) mod incremental;
pub(crate) mod inert;
pub(crate) mod json;
pub(crate) mod links;
pub mod markdown;
pub(crate) mod output;
mod pipeline;
pub(crate) mod place;
pub(crate) mod publish;
pub(crate) mod render;
pub mod report;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod site;
pub mod slug;
pub(crate) mod theme;
pub(crate) mod timing;
pub(crate) mod walk;

pub use error::Error;
pub use incremental::Incremental;
pub use pipeline::{
    BuildOptions, BuildReport, Built, CacheWrites, CheckReport, IndexLater, build, build_into,
    check, index_into, render_site, require_site,
};
