//! Progress reporting and cancellation for long calls, shared with another thread.
//!
//! A [`Progress`] is a pair of atomics: a counter of items done, which the working call
//! advances with [`Progress::tick`] as it finishes each chunk, and a cancel flag, which any
//! thread may raise with [`Progress::cancel`]. The `*_with_progress` methods
//! ([`crate::AreaSet::assign_with_progress`], [`crate::Gazetteer::assign_with_progress`],
//! [`crate::address::AddressIndex::match_batch_with_progress`]) work in chunks of
//! [`Progress::CHUNK`] items or fewer, tick after each, and stop between chunks once the
//! flag is up, returning `None`. Nothing they were called on is changed, so a cancelled
//! call leaves every object as it was. Bindings poll the counter from the calling thread
//! to draw a progress bar and raise the flag on Ctrl-C.
//!
//! # Examples
//! ```
//! use outreach::progress::Progress;
//! let progress = Progress::new();
//! progress.tick(3);
//! progress.tick(4);
//! assert_eq!(progress.done(), 7);
//! assert!(!progress.cancelled());
//! progress.cancel();
//! assert!(progress.cancelled());
//! ```

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A counter of items done and a cancel flag, safe to share between threads.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Items the chunked calls handle between two ticks (and two looks at the flag), at
    /// most: a million points take 30-60 ms on 2 cores, so a cancel is seen within tens
    /// of milliseconds, and the per-chunk cost (the core's counting sort runs per chunk)
    /// is lost in the noise (at 65,536 the binding's 1M-point assignment was 56% slower
    /// than one core call; at 2^20, 40%).
    pub const CHUNK: usize = 1 << 20;

    /// A counter at zero with the flag down.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `n` more items done.
    pub fn tick(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Items done so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the call to stop at its next chunk boundary.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Runs `work` over consecutive ranges of `0..total` at most `chunk` long, in order,
    /// ticking each range's length after it; stops (returning `false`) before a range
    /// when the flag is up, and returns `true` once every range is done.
    pub(crate) fn chunked(
        &self,
        total: usize,
        chunk: usize,
        mut work: impl FnMut(std::ops::Range<usize>),
    ) -> bool {
        let chunk = chunk.max(1);
        let mut start = 0;
        while start < total {
            if self.cancelled() {
                return false;
            }
            let end = total.min(start + chunk);
            work(start..end);
            self.tick((end - start) as u64);
            start = end;
        }
        true
    }
}
