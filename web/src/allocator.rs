//! Gives the allocator's free memory back when a worker thread goes idle.
//!
//! mimalloc frees a thread's empty pages, and takes in the blocks other
//! threads freed into them, only when that thread next allocates. A server
//! whose load has stopped has threads that never allocate again, so part of
//! what a burst of requests used stayed resident for good (docs/OPERATIONS.md,
//! "Memory"). A worker thread that parks asks mimalloc to collect, at most
//! once every ten seconds so that a busy server, whose threads park between
//! requests, does not pay for it on every park (ADR 0033).

use std::cell::Cell;
use std::time::{Duration, Instant};

/// The least time between two collections on one thread.
const AT_MOST_EVERY: Duration = Duration::from_secs(10);

thread_local! {
    static LAST_COLLECTED: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// For tokio's `on_thread_park`: collects this thread's free memory unless
/// it did so less than [`AT_MOST_EVERY`] ago. An idle server's threads still
/// wake now and then (timers), so a park skipped here is followed by one that
/// is not.
pub fn collect_when_idle() {
    LAST_COLLECTED.with(|last| {
        let now = Instant::now();
        if last
            .get()
            .is_some_and(|at| now.duration_since(at) < AT_MOST_EVERY)
        {
            return;
        }
        last.set(Some(now));
        // SAFETY: `mi_collect` takes no pointers; it only walks the calling
        // thread's own heap and the allocator's shared arenas, which it locks.
        #[expect(
            unsafe_code,
            reason = "mimalloc's collect is only reachable through its C API"
        )]
        unsafe {
            libmimalloc_sys::mi_collect(false)
        };
    });
}
