//! The one error type of the crate.

use std::path::PathBuf;

use crate::area::AreaCode;

/// Everything that can go wrong in outreach.
///
/// Each variant maps to exactly one Python exception and one C status code; the bindings
/// match on it exhaustively, so a new variant does not compile until it is mapped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text or number is not a UPRN: empty, not a number, zero, or more than 12 digits.
    #[error("invalid UPRN {input:?}: {reason}")]
    InvalidUprn {
        /// What the caller gave.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The text is not a GSS area code of the expected shape (e.g. `E01012345`).
    #[error("invalid area code {input:?}: {reason}")]
    InvalidAreaCode {
        /// What the caller gave.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The code is well formed but the dataset or area set has no such area.
    #[error("area {0} is not in this dataset")]
    UnknownArea(AreaCode),
    /// The UPRN is valid but not in this gazetteer.
    #[error("UPRN {0} is not in this gazetteer")]
    UnknownUprn(crate::Uprn),
    /// A coordinate could not be converted between WGS84 and British National Grid
    /// (outside the OSTN15 coverage of Great Britain, or not a finite number).
    #[error("cannot transform coordinate ({x}, {y}): {reason}")]
    Transform {
        /// First ordinate as given (longitude or easting).
        x: f64,
        /// Second ordinate as given (latitude or northing).
        y: f64,
        /// Why the transform failed.
        reason: String,
    },
    /// A caller-supplied argument is out of range or inconsistent (e.g. arrays of different
    /// lengths, a negative radius, an unknown column name in a mapping).
    #[error("invalid argument {name}: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A geometry is unusable: empty, not a polygon, not closed, self-intersecting or with
    /// non-finite coordinates.
    #[error("invalid geometry for area {code:?} (feature {feature}): {reason}")]
    InvalidGeometry {
        /// The area code of the feature, when it could be read.
        code: Option<String>,
        /// Zero-based index of the feature in its collection.
        feature: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A file (or stream) was read but its content is malformed in a way that stops the load:
    /// a missing column, an undeclared or unsupported CRS, a truncated archive, bad JSON.
    /// Row-level problems do not raise this: they are collected as [`crate::io::Rejection`]s.
    #[error("{path}{}: {reason}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Format {
        /// The file (or a description of the stream).
        path: PathBuf,
        /// One-based line number where known.
        line: Option<u64>,
        /// What is wrong.
        reason: String,
    },
    /// Reading or writing a file failed at the operating-system level.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub(crate) fn arg(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }
}
