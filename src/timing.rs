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
}

const NAMES: [&str; 2] = ["reading", "templates"];

static SPENT: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

/// Runs `f`, adding the time it took to `work`'s total.
pub fn measure<T>(work: Work, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    SPENT[work as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    result
}

/// Each kind of work's total since the last call, which starts them again from zero.
pub fn take() -> Vec<(&'static str, Duration)> {
    NAMES
        .iter()
        .zip(&SPENT)
        .map(|(name, spent)| {
            (
                *name,
                Duration::from_nanos(spent.swap(0, Ordering::Relaxed)),
            )
        })
        .collect()
}
