//! Time spent in each kind of work, summed over every thread, for `--timings`: the stages
//! say how long the build waited for each step, these say what the cores did meanwhile.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A kind of work measured across the build.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Reading content files.
    Reading,
    /// Filling templates.
    Templates,
    /// Decoding, resizing and encoding pictures, and drawing social cards (cache misses).
    Pictures,
}

const NAMES: [&str; 3] = ["reading", "templates", "pictures"];

static SPENT: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

/// Runs `f`, adding the time it took to `work`'s total.
pub fn measure<T>(work: Work, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    SPENT[work as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    result
}

/// Each kind of work's total since the last call, which starts them again from zero: reading,
/// front matter, markdown, highlighting (the last three counted by [`crate::content::front_matter`] and
/// [`crate::markdown`]) and templates.
pub fn take() -> Vec<(&'static str, Duration)> {
    let own = |work: Work| {
        let spent = SPENT[work as usize].swap(0, Ordering::Relaxed);
        (NAMES[work as usize], Duration::from_nanos(spent))
    };
    let (markdown, highlighting) = crate::markdown::take_timings();
    vec![
        own(Work::Reading),
        ("front matter", crate::content::front_matter::take_timings()),
        ("markdown", markdown),
        ("highlighting", highlighting),
        own(Work::Templates),
        own(Work::Pictures),
    ]
}
