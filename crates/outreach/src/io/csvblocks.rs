//! CSV input read in blocks that end on record boundaries, so blocks can be parsed in
//! parallel while line numbers stay exact.

use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

const BLOCK: usize = 4 << 20;

/// Opens a file, transparently gunzipping it when it starts with the gzip magic bytes.
pub(crate) fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = BufReader::with_capacity(1 << 20, File::open(path).map_err(io_err)?);
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        let n = file.read(&mut magic[got..]).map_err(io_err)?;
        if n == 0 {
            break;
        }
        got += n;
    }
    let head = std::io::Cursor::new(magic[..got].to_vec());
    let chained = head.chain(file);
    if got == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(chained),
        )))
    } else {
        Ok(Box::new(chained))
    }
}

/// Reads a whole (possibly gzipped) file into a string.
pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    let mut reader = open(path)?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, None, e))?;
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    String::from_utf8(bytes.split_off(start)).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        line: None,
        reason: format!("not UTF-8 text: {e}"),
    })
}

fn read_error(path: &Path, line: Option<u64>, e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::InvalidInput
        | std::io::ErrorKind::InvalidData => Error::Format {
            path: path.to_path_buf(),
            line,
            reason: format!("truncated or corrupt compressed data: {e}"),
        },
        _ => Error::Io {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

/// A CSV file with its header read, handing out blocks of whole records.
pub(crate) struct CsvBlocks {
    path: PathBuf,
    reader: Box<dyn Read + Send>,
    headers: Vec<String>,
    carry: Vec<u8>,
    next_line: u64,
    eof: bool,
}

impl CsvBlocks {
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let mut blocks = CsvBlocks {
            path: path.to_path_buf(),
            reader: open(path)?,
            headers: Vec::new(),
            carry: Vec::new(),
            next_line: 1,
            eof: false,
        };
        let Some((first, _)) = blocks.next_block_sized(64 * 1024, true)? else {
            return Err(blocks.format(None, "the file is empty: no header row"));
        };
        let first = if first.starts_with(b"\xEF\xBB\xBF") {
            &first[3..]
        } else {
            &first[..]
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(first);
        let mut record = csv::StringRecord::new();
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Err(blocks.format(Some(1), "the file is empty: no header row")),
            Err(e) => return Err(blocks.format(Some(1), &format!("unreadable header: {e}"))),
        }
        blocks.headers = record.iter().map(|h| h.trim().to_string()).collect();
        Ok(blocks)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn headers(&self) -> &[String] {
        &self.headers
    }

    pub(crate) fn format(&self, line: Option<u64>, reason: &str) -> Error {
        Error::Format {
            path: self.path.clone(),
            line,
            reason: reason.to_string(),
        }
    }

    /// Index of a required column (exact name, then case-insensitive).
    pub(crate) fn column(&self, name: &str) -> Result<usize> {
        self.find(&[name]).ok_or_else(|| {
            self.format(
                Some(1),
                &format!(
                    "missing column {name:?}; the header has: {}",
                    self.headers.join(", ")
                ),
            )
        })
    }

    /// Index of the first of several accepted column names present.
    pub(crate) fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            self.headers.iter().position(|h| h == name).or_else(|| {
                self.headers
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(name))
            })
        })
    }

    /// The next block of whole records (or, with `one_record`, just the first record) and
    /// the line number its first record starts on.
    fn next_block_sized(
        &mut self,
        size: usize,
        one_record: bool,
    ) -> Result<Option<(Vec<u8>, u64)>> {
        let mut buf = std::mem::take(&mut self.carry);
        loop {
            if let Some(end) = record_boundary(&buf, one_record).filter(|_| !self.eof || one_record)
            {
                let rest = buf.split_off(end);
                self.carry = rest;
                return Ok(Some(self.take(buf)));
            }
            if self.eof {
                if buf.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.take(buf)));
            }
            let old = buf.len();
            let want = if one_record { size } else { size.max(old) };
            buf.resize(old + want, 0);
            let mut filled = old;
            while filled < buf.len() {
                let n = self
                    .reader
                    .read(&mut buf[filled..])
                    .map_err(|e| read_error(&self.path, Some(self.next_line), e))?;
                if n == 0 {
                    self.eof = true;
                    break;
                }
                filled += n;
            }
            buf.truncate(filled);
            if !self.eof && !one_record && buf.len() >= size {
                if let Some(end) = record_boundary(&buf, false) {
                    let rest = buf.split_off(end);
                    self.carry = rest;
                    return Ok(Some(self.take(buf)));
                }
            }
        }
    }

    fn take(&mut self, block: Vec<u8>) -> (Vec<u8>, u64) {
        let first = self.next_line;
        self.next_line += block.iter().filter(|&&b| b == b'\n').count() as u64;
        (block, first)
    }

    /// Parses all remaining blocks in parallel with `parse(block, first_line)`, returning
    /// the results in file order.
    pub(crate) fn par_map<T, F>(self, parse: F) -> Result<Vec<T>>
    where
        T: Send,
        F: Fn(&[u8], u64) -> T + Sync,
    {
        let mut out = Vec::new();
        self.par_batches(parse, |t| {
            out.push(t);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(out)
    }

    /// Parses blocks in parallel, a batch at a time, and hands each result to `consume` in
    /// file order, so memory holds one batch of parsed rows rather than the whole file.
    /// `consume` returning `Break` stops the read there (`Ok(false)`); `Ok(true)` when every
    /// block was consumed.
    pub(crate) fn par_batches<T, F, C>(mut self, parse: F, mut consume: C) -> Result<bool>
    where
        T: Send,
        F: Fn(&[u8], u64) -> T + Sync,
        C: FnMut(T) -> Result<ControlFlow<()>>,
    {
        let batch = rayon::current_num_threads().max(1) * 2;
        loop {
            let mut blocks = Vec::with_capacity(batch);
            while blocks.len() < batch {
                match self.next_block_sized(BLOCK, false)? {
                    Some(b) => blocks.push(b),
                    None => break,
                }
            }
            if blocks.is_empty() {
                return Ok(true);
            }
            let done = blocks.len() < batch;
            let parsed: Vec<T> = blocks
                .par_iter()
                .map(|(block, line)| parse(block, *line))
                .collect();
            drop(blocks);
            for t in parsed {
                if consume(t)?.is_break() {
                    return Ok(false);
                }
            }
            if done {
                return Ok(true);
            }
        }
    }
}

/// End (exclusive) of the last complete record in `buf`: after a newline that is not
/// inside quotes. With `first`, after the first such newline.
fn record_boundary(buf: &[u8], first: bool) -> Option<usize> {
    // Most files never quote: then any newline is a record end.
    if !buf.contains(&b'"') {
        return if first {
            buf.iter().position(|&b| b == b'\n').map(|p| p + 1)
        } else {
            buf.iter().rposition(|&b| b == b'\n').map(|p| p + 1)
        };
    }
    let mut in_quotes = false;
    let mut last = None;
    for (i, &b) in buf.iter().enumerate() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == b'\n' && !in_quotes {
            if first {
                return Some(i + 1);
            }
            last = Some(i + 1);
        }
    }
    last
}

/// Reads every data row of `src` (blocks parsed in parallel): `parse` turns a record into
/// a value or a rejection. Returns the values with their line numbers, in file order, and
/// the report (rows read, accepted, rejected). Blank lines are not rows.
pub(crate) fn parse_rows<T, F>(
    src: CsvBlocks,
    parse: F,
) -> Result<(Vec<(u64, T)>, super::LoadReport)>
where
    T: Send,
    F: Fn(u64, &csv::ByteRecord) -> std::result::Result<T, super::Rejection> + Sync,
{
    let path = src.path().to_path_buf();
    let mut report = super::LoadReport::new(&path);
    let mut rows = Vec::new();
    src.par_batches(
        |block, first| {
            let (mut ok, mut rejected, mut count) = (Vec::new(), Vec::new(), 0u64);
            let res = records(block, first, |line, rec| {
                if rec.len() == 1 && rec[0].is_empty() {
                    return;
                }
                count += 1;
                match parse(line, rec) {
                    Ok(v) => ok.push((line, v)),
                    Err(r) => rejected.push(r),
                }
            });
            (ok, rejected, count, res.err())
        },
        |(ok, rejected, count, fatal)| {
            if let Some((line, reason)) = fatal {
                return Err(Error::Format {
                    path: path.clone(),
                    line: Some(line),
                    reason,
                });
            }
            report.rows_read += count;
            report.rejected.extend(rejected);
            rows.extend(ok);
            Ok(ControlFlow::Continue(()))
        },
    )?;
    report.accepted = rows.len() as u64;
    Ok((rows, report))
}

/// Iterates over the records of one block with their file line numbers.
pub(crate) fn records(
    block: &[u8],
    first_line: u64,
    mut each: impl FnMut(u64, &csv::ByteRecord),
) -> std::result::Result<(), (u64, String)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block);
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {
                let line = first_line + record.position().map_or(1, |p| p.line()) - 1;
                each(line, &record);
            }
            Ok(false) => return Ok(()),
            Err(e) => {
                let line = first_line + e.position().map_or(1, |p| p.line()) - 1;
                return Err((line, e.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_respect_quotes() {
        assert_eq!(record_boundary(b"a,b\nc,\"d\ne\"\nf", false), Some(12));
        assert_eq!(record_boundary(b"a,\"b\nc", false), None);
        assert_eq!(record_boundary(b"h1,h2\nx,y\n", true), Some(6));
    }
}
