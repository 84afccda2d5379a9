//! Budgets for rendering one page with the owner's templates: time, memory, output and
//! `range()` values. A runaway template (nested `range` loops, a string doubled forty times
//! with `set_global`) is an error naming the template and the page, never a hang, and never
//! the "memory allocation failed" abort that took a running `folio serve` down with it.
//!
//! Tera runs a template to its end and offers no way to stop it from outside, so:
//! - what can fail cleanly does: `range()` counts the values it makes in a page (a nested
//!   loop of ranges is an error at once), and the page's HTML is written into a buffer that
//!   refuses to grow past [`MAX_OUTPUT`];
//! - what cannot is watched: [`Budgeted`], the process's allocator, counts what each page's
//!   rendering holds and stops that thread (parks it, never to return) before it takes more
//!   than [`MAX_MEMORY`]; a watchdog sees it, or a page rendering for longer than
//!   [`MAX_TIME`], and hands the located error to the runaway hook: `folio build` and
//!   `folio check` report it and exit (the output is as it was: nothing is moved in until a
//!   build has rendered every page); `folio serve` starts itself again, keeping its port
//!   and its last good site ([`crate::serve`]).
//!
//! The allocator and the hook are the process's own, hence the statics here.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;

/// The most memory rendering one page may hold. A page of 10,000 people's cards needs a
/// few megabytes.
pub const MAX_MEMORY: usize = 512 * 1024 * 1024;
/// The longest one page may take to render. Pages take milliseconds.
pub const MAX_TIME: Duration = Duration::from_secs(10);
/// The most HTML one page may be.
pub const MAX_OUTPUT: usize = 64 * 1024 * 1024;
/// What a page past [`MAX_OUTPUT`] is refused with.
pub const TOO_LARGE: &str = "the page would be larger than 64 MB";
const _: () = assert!(MAX_OUTPUT == 64 * 1024 * 1024, "TOO_LARGE names the size");
/// The most values `range()` may make for one page: a loop over `range(end=100000)` inside
/// another is an error at its tenth turn, not a loop of ten billion.
pub const MAX_RANGE_VALUES: usize = 1_000_000;

/// Not rendering: allocations are not counted.
const NOT_RENDERING: isize = isize::MAX;

thread_local! {
    /// Bytes this thread may still allocate while it renders a page.
    static LEFT: Cell<isize> = const { Cell::new(NOT_RENDERING) };
    /// Values `range()` may still make for the page this thread renders.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(MAX_RANGE_VALUES) };
}

/// The process's allocator, counting what each page's rendering holds (see the module's
/// documentation). `main.rs` installs it around mimalloc.
pub struct Budgeted<A>(pub A);

// SAFETY: every call is passed to the wrapped allocator unchanged; the counting touches a
// thread-local `Cell` with a constant initializer (no allocation, no destructor), and a
// thread out of budget sleeps before it allocates.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Budgeted<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        charge(layout.size() as isize);
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        charge(layout.size() as isize);
        // SAFETY: as above.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        charge(-(layout.size() as isize));
        // SAFETY: as above.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        charge(new_size as isize - layout.size() as isize);
        // SAFETY: as above.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

fn charge(bytes: isize) {
    let Ok(left) = LEFT.try_with(Cell::get) else {
        return;
    };
    if left == NOT_RENDERING {
        return;
    }
    let left = left.saturating_sub(bytes);
    if left < 0 {
        // Counting stops, so that what the watchdog needs may be allocated; this thread
        // never returns to the template.
        let _ = LEFT.try_with(|l| l.set(NOT_RENDERING));
        OVER_MEMORY.store(true, Ordering::SeqCst);
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    let _ = LEFT.try_with(|l| l.set(left));
}

/// Some thread ran out of memory while rendering, and sleeps.
static OVER_MEMORY: AtomicBool = AtomicBool::new(false);

/// The pages being rendered now, by thread: when each started, its template and URL.
type Active = Mutex<HashMap<ThreadId, (Instant, PathBuf, String)>>;

fn active() -> &'static Active {
    static ACTIVE: OnceLock<Active> = OnceLock::new();
    ACTIVE.get_or_init(Default::default)
}

type Hook = Box<dyn Fn(Diagnostic) + Send + Sync>;

/// What is done with a runaway template's error: set once by the program (print and exit,
/// or start the dev server again). Without one, the process aborts.
static HOOK: OnceLock<Hook> = OnceLock::new();

/// Sets what happens when a template runs away; the first call wins. The hook must not
/// return to the build: the page's thread cannot be stopped, so the process has to end or
/// replace itself.
pub fn on_runaway(hook: impl Fn(Diagnostic) + Send + Sync + 'static) {
    let _ = HOOK.set(Box::new(hook));
}

/// Marks this thread as rendering the page at `url` with `template` until dropped: its
/// allocations count against [`MAX_MEMORY`], its `range()` calls against
/// [`MAX_RANGE_VALUES`], and the watchdog times it.
pub struct Rendering(());

impl Rendering {
    pub fn start(template: &Path, url: &str) -> Rendering {
        watchdog();
        active().lock().unwrap_or_else(|e| e.into_inner()).insert(
            std::thread::current().id(),
            (Instant::now(), template.to_path_buf(), url.to_string()),
        );
        RANGE_LEFT.set(MAX_RANGE_VALUES);
        LEFT.set(MAX_MEMORY as isize);
        Rendering(())
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        LEFT.set(NOT_RENDERING);
        active()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&std::thread::current().id());
    }
}

/// Starts the watchdog thread once per process.
fn watchdog() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        std::thread::Builder::new()
            .name("folio-watchdog".into())
            .spawn(watch)
            .expect("a thread can be started");
    });
}

fn watch() {
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let over_memory = OVER_MEMORY.load(Ordering::SeqCst);
        let runaway = {
            let pages = active().lock().unwrap_or_else(|e| e.into_inner());
            // The page out of memory sleeps and so has rendered the longest of those
            // running; a page out of time has too.
            pages
                .values()
                .filter(|(started, _, _)| over_memory || started.elapsed() > MAX_TIME)
                .max_by_key(|(started, _, _)| started.elapsed())
                .map(|(_, template, url)| (template.clone(), url.clone()))
        };
        let Some((template, url)) = runaway else {
            continue;
        };
        let why = if over_memory {
            format!(
                "rendering {url} with this template took more than {} MB of memory",
                MAX_MEMORY / (1024 * 1024)
            )
        } else {
            format!(
                "rendering {url} with this template took more than {} seconds",
                MAX_TIME.as_secs()
            )
        };
        let error = Diagnostic::file(&template, why).help(
            "look for a loop that never ends or a value that keeps growing (`set_global` in a \
             loop); a page renders in milliseconds",
        );
        match HOOK.get() {
            Some(hook) => hook(error),
            None => std::process::abort(),
        }
        // A hook that returns leaves the page's thread where it is; it must not be
        // reported again.
        OVER_MEMORY.store(false, Ordering::SeqCst);
        active()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (_, t, u)| !(t == &template && u == &url));
    }
}

/// Takes `count` values from this page's `range()` budget, or says it is spent.
fn take_range_values(count: usize) -> Result<(), String> {
    let left = RANGE_LEFT.get();
    if count > left {
        RANGE_LEFT.set(0);
        return Err(format!(
            "range() made more than {MAX_RANGE_VALUES} values for this page (a loop of ranges \
             inside another?)"
        ));
    }
    RANGE_LEFT.set(left - count);
    Ok(())
}

/// Tera's `range(end=, start=0, step_by=1)`, counting what it makes against the page's
/// budget; registered over the built-in one.
pub fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i64>> {
    let start = kwargs.get::<i64>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i64>("end")?;
    let step = kwargs.get::<i64>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "range() was called with step_by=0, which never ends",
        ));
    }
    let span = if step > 0 {
        (end as i128 - start as i128).max(0)
    } else {
        (start as i128 - end as i128).max(0)
    };
    let count =
        usize::try_from((span + step.unsigned_abs() as i128 - 1) / step.unsigned_abs() as i128)
            .unwrap_or(usize::MAX);
    take_range_values(count).map_err(tera::Error::message)?;
    Ok((0..count as i64).map(|i| start + i * step).collect())
}

/// A page's HTML, refused past [`MAX_OUTPUT`].
pub struct Output(pub Vec<u8>);

impl Default for Output {
    /// Room for a typical page from the start: grown from nothing, a page's buffer was
    /// copied a dozen times as it filled.
    fn default() -> Output {
        Output(Vec::with_capacity(64 * 1024))
    }
}

impl std::io::Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(TOO_LARGE));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_counts_against_the_page() {
        let tera = || {
            let mut tera = tera::Tera::new();
            tera.register_function("range", range);
            tera
        };
        let _page = Rendering::start(Path::new("templates/test.html"), "/x/");
        let out = tera()
            .render_str(
                "{% for i in range(end=3) %}{{ i }}{% endfor %}{% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}",
                &tera::Context::new(),
                false,
            )
            .unwrap();
        assert_eq!(out, "012531");
        let nested = tera().render_str(
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
            &tera::Context::new(),
            false,
        );
        let error = format!("{:?}", nested.unwrap_err());
        assert!(error.contains("more than 1000000 values"), "{error}");
    }

    #[test]
    fn output_stops_growing_at_its_limit() {
        use std::io::Write;
        let mut out = Output::default();
        assert!(out.write_all(&vec![b'x'; MAX_OUTPUT]).is_ok());
        assert!(out.write_all(b"y").is_err());
    }
}
