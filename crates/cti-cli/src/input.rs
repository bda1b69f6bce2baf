//! The inputs of `cti decode`, `cti lint` and `cti roundtrip`: files or standard input,
//! read as captures by `cti_capture`.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use cti_capture::{read_frames, Direction, Format, Item, ReadError};

/// Where frames come from: a file, or standard input.
pub enum Source {
    Stdin,
    File { path: PathBuf, file: File, len: u64 },
}

impl Source {
    /// Opens every input before any frame is read, so that a missing file fails the run
    /// before it prints anything.
    pub fn open_all(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
        if paths.is_empty() {
            return Ok(vec![Source::Stdin]);
        }
        paths
            .iter()
            .map(|path| {
                if path.as_os_str() == "-" {
                    return Ok(Source::Stdin);
                }
                let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                Ok(Source::File {
                    path: path.clone(),
                    file,
                    len,
                })
            })
            .collect()
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    /// The format to read this source in, when none was given: HAR for `.har` files.
    pub fn default_format(&self) -> Format {
        match self {
            Source::File { path, .. } if has_har_extension(path) => Format::Har,
            _ => Format::Jsonl,
        }
    }

    pub fn len(&self) -> Option<u64> {
        match self {
            Source::File { len, .. } => Some(*len),
            Source::Stdin => None,
        }
    }
}

fn has_har_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("har"))
}

/// Counts the bytes read, for the progress indicator.
pub struct Counting<'a, R> {
    pub inner: R,
    pub count: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
