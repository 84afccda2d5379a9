//! The `folio` command line: parses arguments and shows results; the work is in the library.

use std::process::ExitCode;

mod cli;

// Rendering thousands of pages on every core allocates heavily; glibc's malloc
// spent a fifth of a 10,000-profile build contending for its arenas.
// Counted while a page renders, so that a runaway template is stopped (folio::budget).
#[global_allocator]
static ALLOCATOR: folio::budget::Budgeted<mimalloc::MiMalloc> =
    folio::budget::Budgeted(mimalloc::MiMalloc);

fn main() -> ExitCode {
    cli::run()
}
