//! The tamper-evident log of every single-view query.

use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The `prev` of the first entry: 64 zeros.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One logged query. `hash` is the SHA-256 of `prev` and every other field, so changing
/// any field, or the order, breaks the chain.
///
/// Holds the role, the stated reason, what was asked (a UPRN, a person token or a summary)
/// and how it ended: never a clear identifier (but the reason is the user's free text, so
/// tell users not to write names in it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// When the query was made, UTC, RFC 3339 (`2026-12-03T12:14:08Z`).
    pub time: String,
    /// The role's name.
    pub role: String,
    /// The stated reason (empty when the query was refused for lack of one).
    pub reason: String,
    /// What was asked: `household <UPRN>`, `person <token>`, `summary min_agencies=<n>`.
    pub query: String,
    /// `shown <n> records` or `refused: <why>`.
    pub outcome: String,
    /// `hash` of the previous entry (64 zeros for the first).
    pub prev: String,
    /// SHA-256 (hex) of this entry's other fields.
    pub hash: String,
}

impl AuditEntry {
    fn digest(&self) -> String {
        let mut h = Sha256::new();
        // Length-prefixed fields: no text a user writes can shift a boundary.
        for field in [
            self.prev.as_bytes(),
            self.seq.to_string().as_bytes(),
            self.time.as_bytes(),
            self.role.as_bytes(),
            self.reason.as_bytes(),
            self.query.as_bytes(),
            self.outcome.as_bytes(),
        ] {
            h.update((field.len() as u64).to_le_bytes());
            h.update(field);
        }
        let mut out = String::with_capacity(64);
        for b in h.finalize() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// An append-only, hash-chained log of queries. Queries append to it through `&self`
/// (a mutex inside), so one log can be shared by threads.
///
/// # Examples
/// ```
/// use outreach::linkage::AuditLog;
/// let log = AuditLog::new();
/// assert!(log.is_empty() && log.verify().is_ok());
/// ```
#[derive(Debug, Default)]
pub struct AuditLog {
    entries: Mutex<Vec<AuditEntry>>,
}

impl AuditLog {
    /// An empty log.
    pub fn new() -> Self {
        AuditLog::default()
    }

    /// A log holding entries read back from storage. Nothing is checked here: call
    /// [`AuditLog::verify`].
    pub fn from_entries(entries: Vec<AuditEntry>) -> Self {
        AuditLog {
            entries: Mutex::new(entries),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<AuditEntry>> {
        // A panic elsewhere while holding the lock leaves whole entries only.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends an entry, chained to the last one.
    pub(crate) fn append(&self, role: &str, reason: &str, query: String, outcome: String) {
        let mut entries = self.lock();
        let (seq, prev) = match entries.last() {
            Some(e) => (e.seq + 1, e.hash.clone()),
            None => (0, GENESIS.to_string()),
        };
        let mut e = AuditEntry {
            seq,
            time: now_rfc3339(),
            role: role.to_string(),
            reason: reason.to_string(),
            query,
            outcome,
            prev,
            hash: String::new(),
        };
        e.hash = e.digest();
        entries.push(e);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the log has no entry.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// A copy of the entries, oldest first.
    pub fn entries(&self) -> Vec<AuditEntry> {
        self.lock().clone()
    }

    /// The hash of the last entry (64 zeros when empty). Keep it somewhere else (a
    /// receipt, another system): [`AuditLog::verify_head`] then also detects entries cut
    /// from the end, which a chain alone cannot.
    pub fn head(&self) -> String {
        self.lock()
            .last()
            .map_or_else(|| GENESIS.to_string(), |e| e.hash.clone())
    }

    /// Checks the chain: entries numbered 0, 1, 2… in order, each `prev` equal to the hash
    /// of the entry before, each `hash` equal to the SHA-256 of its content. An edited,
    /// deleted, inserted or reordered entry fails.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`audit_log`) naming the first entry that fails and why.
    pub fn verify(&self) -> Result<()> {
        let entries = self.lock();
        let mut prev = GENESIS;
        for (i, e) in entries.iter().enumerate() {
            let bad = |why: &str| Error::arg("audit_log", format!("entry {i}: {why}"));
            if e.seq != i as u64 {
                return Err(bad(&format!(
                    "numbered {} (an entry was deleted, inserted or moved)",
                    e.seq
                )));
            }
            if e.prev != prev {
                return Err(bad("does not chain to the entry before it"));
            }
            if e.digest() != e.hash {
                return Err(bad("its hash does not match its content (edited)"));
            }
            prev = &e.hash;
        }
        Ok(())
    }

    /// [`AuditLog::verify`], and the last hash must be `expected_head` (as kept from
    /// [`AuditLog::head`]) or that of a later entry.
    ///
    /// # Errors
    /// As [`AuditLog::verify`]; also when no entry has the expected hash (entries were cut
    /// from the end or the log was replaced).
    pub fn verify_head(&self, expected_head: &str) -> Result<()> {
        self.verify()?;
        let expected = expected_head.trim().to_ascii_lowercase();
        if expected == GENESIS || self.lock().iter().any(|e| e.hash == expected) {
            Ok(())
        } else {
            Err(Error::arg(
                "audit_log",
                "no entry has the expected head hash: entries were removed from the end or the log was replaced",
            ))
        }
    }
}

fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AuditLog {
        let log = AuditLog::new();
        for i in 0..5 {
            log.append(
                "role",
                &format!("reason {i}"),
                format!("household {i}"),
                "shown 0 records".into(),
            );
        }
        log
    }

    #[test]
    fn chain_detects_tampering() {
        let log = sample();
        log.verify().unwrap();
        let head = log.head();
        log.verify_head(&head).unwrap();
        let good = log.entries();

        let mut edited = good.clone();
        edited[2].reason = "something else".into();
        assert!(AuditLog::from_entries(edited).verify().is_err());

        let mut deleted = good.clone();
        deleted.remove(1);
        assert!(AuditLog::from_entries(deleted).verify().is_err());

        let mut reordered = good.clone();
        reordered.swap(1, 2);
        assert!(AuditLog::from_entries(reordered).verify().is_err());

        let mut inserted = good.clone();
        let mut extra = good[1].clone();
        extra.reason = "inserted".into();
        inserted.insert(2, extra);
        assert!(AuditLog::from_entries(inserted).verify().is_err());

        // Rehashing an edited entry still breaks the link to the next one.
        let mut rehashed = good.clone();
        rehashed[2].reason = "forged".into();
        rehashed[2].hash = rehashed[2].digest();
        assert!(AuditLog::from_entries(rehashed).verify().is_err());

        // Cutting the tail passes the chain check but not the head check.
        let mut cut = good.clone();
        cut.pop();
        let cut = AuditLog::from_entries(cut);
        cut.verify().unwrap();
        assert!(cut.verify_head(&head).is_err());
    }

    #[test]
    fn time_format() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
