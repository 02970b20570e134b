//! Progress bars and Ctrl-C for long calls.
//!
//! The core call runs on a worker thread with an [`outreach::progress::Progress`]; the
//! calling thread, which holds the GIL only between short waits, forwards the counter to a
//! reporter (`outreach._progress.reporter`: a tqdm bar, a user callback or nothing) and
//! checks for signals. On Ctrl-C (or an exception from the callback) it raises the cancel
//! flag, waits for the worker to stop at its next chunk boundary, and raises: the objects
//! the call was made on are never changed by a call, so they stay usable.

use std::sync::mpsc;
use std::time::Duration;

use outreach::progress::Progress;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::errors::{in_live_pool, Failure};

/// How often the calling thread looks at the counter and for signals.
const POLL: Duration = Duration::from_millis(50);

/// What a long call reports: its bar's label, the unit counted and how many there are
/// (`None`: unknown, the bar shows the time elapsed).
pub(crate) struct Task {
    pub(crate) desc: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) total: Option<u64>,
}

/// Runs `f` on a worker thread, reporting its progress to `progress` (`None` or `True`:
/// a tqdm bar when tqdm is installed; `False`: nothing; a callable: called with each
/// increment) and turning Ctrl-C into `KeyboardInterrupt`. `f` returns `Ok(None)` only
/// when it saw the cancel flag.
pub(crate) fn run_with_progress<T, F>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    task: Task,
    f: F,
) -> PyResult<T>
where
    F: FnOnce(&Progress) -> Result<Option<T>, Failure> + Send,
    T: Send,
{
    let reporter = py
        .import("outreach._progress")?
        .call_method1("reporter", (progress, task.total, task.desc, task.unit))?;
    let state = Progress::new();
    let (done_tx, mut done_rx) = mpsc::channel::<()>();
    let outcome = std::thread::scope(|scope| {
        let state = &state;
        let worker = scope.spawn(move || {
            let result = in_live_pool(|| f(state));
            // The receiver outlives the worker (same scope); a send cannot fail.
            let _ = done_tx.send(());
            result
        });
        let mut reported = 0u64;
        let mut stop: Option<PyErr> = None;
        loop {
            // The receiver is not `Sync`: it goes into the GIL-free wait and comes back.
            let (finished, rx) = py.detach(move || {
                let finished = match done_rx.recv_timeout(POLL) {
                    Err(mpsc::RecvTimeoutError::Timeout) => false,
                    // Sent, or the worker panicked (sender dropped): either way it is over.
                    Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => true,
                };
                (finished, done_rx)
            });
            done_rx = rx;
            let done = state.done();
            if done > reported && !reporter.is_none() && stop.is_none() {
                if let Err(e) = reporter.call_method1("update", (done - reported,)) {
                    stop = Some(e);
                }
                reported = done;
            }
            if stop.is_none() {
                if let Err(e) = py.check_signals() {
                    stop = Some(e);
                }
            }
            if stop.is_some() {
                state.cancel();
            }
            if finished {
                break;
            }
        }
        let joined = py.detach(|| worker.join());
        (joined, stop)
    });
    if !reporter.is_none() {
        reporter.call_method0("close")?;
    }
    let (joined, stop) = outcome;
    if let Some(err) = stop {
        return Err(err);
    }
    match joined {
        Err(_) => Err(PyRuntimeError::new_err(
            "the outreach worker thread panicked",
        )),
        Ok(result) => match result?? {
            Some(value) => Ok(value),
            None => Err(PyRuntimeError::new_err("the call was cancelled")),
        },
    }
}
