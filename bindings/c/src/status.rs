//! Status codes, the thread-local last error message, and the guard every export runs in.
//!
//! Every `outreach_` function body runs inside `guard` (or `catch` for the few that
//! return no status): arguments are checked with `input`, `output`, `text` and
//! `array`, core errors map to a [`Status`] through the one exhaustive match in
//! `status_of`, and a panic becomes [`Status::Panic`] instead of unwinding into C.

use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use outreach_core::Error;

/// What a call did: `OUTREACH_STATUS_OK` (0) or why it failed.
///
/// Codes 1-99 correspond one-to-one to the error kinds of the Rust core; codes from 100 on
/// are raised by the C layer itself. The numeric values are part of the ABI and never
/// change. `outreach_last_error_message()` gives a human-readable explanation of the
/// last failure on the calling thread; the status, not the message, is what programs
/// should test.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success. Out-parameters have been written.
    Ok = 0,
    /// The number is not a UPRN: zero or more than 12 digits.
    InvalidUprn = 1,
    /// The text is not an area code: empty, longer than 64 bytes or with control characters.
    InvalidAreaCode = 2,
    /// The area code is well formed but the area set has no such area.
    UnknownArea = 3,
    /// The UPRN is valid but not in this gazetteer.
    UnknownUprn = 4,
    /// A coordinate could not be converted between WGS84 and British National Grid.
    Transform = 5,
    /// An argument is out of range or inconsistent: an index past the end, an unknown
    /// CRS, a column name the file does not have.
    InvalidArgument = 6,
    /// A geometry is unusable: empty, a ring of fewer than three points, or a non-finite
    /// coordinate.
    InvalidGeometry = 7,
    /// A file was read but its content stops the load: a missing column, invalid JSON,
    /// a truncated gzip stream, an unsupported CRS, no usable feature.
    Format = 8,
    /// The operating system could not read the file (missing, unreadable).
    Io = 9,
    /// A pointer argument that must not be NULL was NULL.
    NullArgument = 100,
    /// A text argument is not valid UTF-8.
    InvalidUtf8 = 101,
    /// The library panicked (a bug in outreach): the call was abandoned and had no effect.
    /// Handles passed to it remain valid.
    Panic = 102,
}

/// Why a call failed, before it becomes a [`Status`] and a message.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error of the Rust core.
    Core(Error),
    /// A required pointer was NULL.
    Null(&'static str),
    /// A text argument was not UTF-8.
    Utf8(&'static str, std::str::Utf8Error),
    /// The body panicked.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Core(error)
    }
}

/// The one mapping from core errors to statuses. No `_` arm: a new core variant does not
/// compile until it has a status.
fn status_of(error: &Error) -> Status {
    match error {
        Error::InvalidUprn { .. } => Status::InvalidUprn,
        Error::InvalidAreaCode { .. } => Status::InvalidAreaCode,
        Error::UnknownArea(_) => Status::UnknownArea,
        Error::UnknownUprn(_) => Status::UnknownUprn,
        Error::Transform { .. } => Status::Transform,
        Error::InvalidArgument { .. } => Status::InvalidArgument,
        Error::InvalidGeometry { .. } => Status::InvalidGeometry,
        Error::Format { .. } => Status::Format,
        Error::Io { .. } => Status::Io,
    }
}

impl Failure {
    fn status(&self) -> Status {
        match self {
            Failure::Core(error) => status_of(error),
            Failure::Null(_) => Status::NullArgument,
            Failure::Utf8(..) => Status::InvalidUtf8,
            Failure::Panic(_) => Status::Panic,
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Core(error) => error.to_string(),
            Failure::Null(name) => format!("argument {name} is NULL"),
            Failure::Utf8(name, e) => format!("argument {name} is not valid UTF-8: {e}"),
            Failure::Panic(what) => format!("outreach panicked (this is a bug): {what}"),
        }
    }
}

thread_local! {
    /// The message of the last failed call on this thread; `None` after a success.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: Option<String>) {
    // Interior NULs would cut the message short; none are expected, but never fail here.
    let message = message.map(|m| CString::new(m.replace('\0', " ")).unwrap_or_default());
    // `try_with` fails only while the thread is being torn down; then there is no one to tell.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = message;
        }
    });
}

/// The message of the last failed call on the calling thread, `""` if it succeeded.
fn last_error_ptr() -> *const c_char {
    LAST_ERROR
        .try_with(|slot| match slot.try_borrow() {
            // The CString stays in the slot until the next call replaces it.
            Ok(slot) => slot.as_ref().map(|m| m.as_ptr()),
            Err(_) => None,
        })
        .ok()
        .flatten()
        .unwrap_or(c"".as_ptr())
}

/// The message describing the last failed `outreach_` call on the calling thread, or
/// `""` when that call succeeded (or no call was made yet).
///
/// The status code is what programs should test; the message is for people (logs, error
/// dialogs). It names the argument, file, line or value at fault where known.
///
/// Ownership: a NUL-terminated UTF-8 string owned by the library, valid until the next
/// `outreach_` call on the same thread (or the thread's exit); copy it to keep it. Never
/// NULL; do not free it.
/// Thread safety: each thread has its own message. Never fails.
///
/// Since 0.1.
#[no_mangle]
pub extern "C" fn outreach_last_error_message() -> *const c_char {
    catch(c"".as_ptr(), last_error_ptr)
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// Runs `body`, returning `fallback` if it panics. For exports that return no status.
pub(crate) fn catch<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Runs the body of a status-returning export: clears the last error, catches panics and
/// turns failures into a status plus a thread-local message.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> Status {
    set_last_error(None);
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return Status::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::Panic(panic_text(&*payload)),
    };
    // Building the message allocates and formats; it must not unwind into C either.
    let message = catch(None, || Some(failure.message()));
    set_last_error(message);
    failure.status()
}

/// A checked, non-NULL out-parameter, written only by [`Out::set`] at the end of a
/// successful call.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Writes the result (without reading or dropping what was there: C memory may be
    /// uninitialised).
    pub(crate) fn set(self, value: T) {
        // SAFETY: `output` built `self` from a non-NULL pointer that the export's caller
        // promised is valid and aligned for writes of `T`.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// Checks a required input handle.
///
/// # Safety
/// `ptr` is NULL or points to a live `T`, unaliased by writers for `'a`.
pub(crate) unsafe fn input<'a, T>(ptr: *const T, name: &'static str) -> Result<&'a T, Failure> {
    // SAFETY: non-NULL pointers are valid per this function's contract.
    unsafe { ptr.as_ref() }.ok_or(Failure::Null(name))
}

/// Checks a required out-parameter.
///
/// # Safety
/// `ptr` is NULL or valid and aligned for a write of `T`.
pub(crate) unsafe fn output<T>(ptr: *mut T, name: &'static str) -> Result<Out<T>, Failure> {
    NonNull::new(ptr).map(Out).ok_or(Failure::Null(name))
}

/// An optional out-parameter: `None` when the caller passed NULL.
///
/// # Safety
/// As for [`output`].
pub(crate) unsafe fn optional_output<T>(ptr: *mut T) -> Option<Out<T>> {
    NonNull::new(ptr).map(Out)
}

fn check_len(len: usize, size: usize, name: &'static str) -> Result<(), Failure> {
    if len
        .checked_mul(size)
        .is_none_or(|bytes| bytes > isize::MAX as usize)
    {
        return Err(Failure::Core(Error::InvalidArgument {
            name,
            reason: format!("length {len} is larger than any array"),
        }));
    }
    Ok(())
}

/// Checks a text argument given as pointer + length and decodes it as UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    name: &'static str,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::Null(name));
    }
    check_len(len, 1, name)?;
    // SAFETY: non-NULL, `len` readable bytes per this function's contract, size checked.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| Failure::Utf8(name, e))
}

/// Checks an array argument given as pointer + length; NULL is accepted when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable, aligned `T`s that stay unchanged for `'a`.
pub(crate) unsafe fn array<'a, T>(
    ptr: *const T,
    len: usize,
    name: &'static str,
) -> Result<&'a [T], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::Null(name))
        };
    }
    check_len(len, std::mem::size_of::<T>(), name)?;
    // SAFETY: non-NULL, `len` readable elements per this function's contract, size checked.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Moves a value to the heap and hands ownership to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a handle made by [`into_handle`]; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or came from [`into_handle`] with the same `T` and was not freed before.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: per this function's contract the pointer owns a live Box<T>.
    let owned = unsafe { Box::from_raw(ptr) };
    catch((), move || drop(owned));
}

/// An index past the end of a collection, as the core's argument error.
pub(crate) fn out_of_range(name: &'static str, index: usize, len: usize, what: &str) -> Failure {
    Failure::Core(Error::InvalidArgument {
        name,
        reason: format!("{index} is out of range: the {what} has {len} entries"),
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    fn last() -> String {
        // SAFETY: `last_error_ptr` always returns a NUL-terminated string.
        unsafe { CStr::from_ptr(last_error_ptr()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, Status::Panic);
        assert!(last().contains("boom"), "{}", last());
        assert_eq!(guard(|| Ok(())), Status::Ok);
        assert_eq!(last(), "");
    }

    #[test]
    fn core_errors_map_to_their_status() {
        let status = guard(|| Err(outreach_core::Uprn::new(0).unwrap_err().into()));
        assert_eq!(status, Status::InvalidUprn);
        assert!(last().contains("UPRNs start at 1"));
        let status = guard(|| Err("".parse::<outreach_core::AreaCode>().unwrap_err().into()));
        assert_eq!(status, Status::InvalidAreaCode);
    }

    #[test]
    fn null_and_utf8_checks() {
        // SAFETY: NULL and a valid two-byte buffer.
        unsafe {
            assert!(matches!(
                text(std::ptr::null(), 0, "t"),
                Err(Failure::Null("t"))
            ));
            let bad = [0xffu8, 0x41];
            assert!(matches!(
                text(bad.as_ptr().cast(), 2, "t"),
                Err(Failure::Utf8("t", _))
            ));
            assert!(array::<f64>(std::ptr::null(), 0, "xs").is_ok_and(|a| a.is_empty()));
            assert!(array::<f64>(std::ptr::null(), 1, "xs").is_err());
        }
    }
}
