//! Reading a user's file with limits, in one place: only a regular file is read (a FIFO or a
//! device such as `/dev/urandom` would block or never end), and its size is checked before
//! any byte is read, then enforced while reading (a file that grows cannot slip past).

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is not a regular file (a folder, a pipe or a device)")]
    NotRegular,
    #[error("it is {len} bytes, more than {max} bytes")]
    TooLarge { len: u64, max: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The bytes of the regular file at `path` (symlinks followed), at most `max` of them.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            len: meta.len(),
            max,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let len = bytes.len() as u64;
    if len > max {
        return Err(ReadError::TooLarge { len, max });
    }
    Ok(bytes)
}
