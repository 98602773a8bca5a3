//! Durable names (not in stock; conf-syncdir). Stock trusts link(),
//! rename() and unlink() to be on disk when they return, which holds only
//! on file systems with synchronous metadata. With `AUTO_SYNCDIR` on, a
//! program that has just created, linked or removed the name that commits a
//! message calls [`parent`] before it acknowledges the step, so the entry
//! reaches the disk first. With it off this does nothing, as in stock.

use crate::conf::AUTO_SYNCDIR;
use crate::sys::{self, Errno};

/// The directory part of `path`: everything before its last `/`, or `.`
/// for a bare name.
pub fn dir_of(path: &[u8]) -> &[u8] {
    match path.iter().rposition(|&c| c == b'/') {
        Some(0) => b"/",
        Some(i) => &path[..i],
        None => b".",
    }
}

/// fsyncs the directory holding `path` when conf-syncdir is on.
pub fn parent(path: &[u8]) -> Result<(), Errno> {
    dir(dir_of(path))
}

/// fsyncs directory `d` when conf-syncdir is on.
pub fn dir(d: &[u8]) -> Result<(), Errno> {
    if AUTO_SYNCDIR {
        sys::fsync_dir(d)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_parts() {
        assert_eq!(dir_of(b"todo/123"), b"todo");
        assert_eq!(dir_of(b"local/3/123"), b"local/3");
        assert_eq!(dir_of(b"mbox"), b".");
        assert_eq!(dir_of(b"/mbox"), b"/");
        assert_eq!(dir_of(b"./Maildir/new/1.2.h"), b"./Maildir/new");
    }

    #[test]
    fn syncs_a_real_directory_and_fails_on_a_missing_one() {
        let d = std::env::temp_dir();
        let mut p = d.as_os_str().as_encoded_bytes().to_vec();
        p.extend_from_slice(b"/x");
        assert!(parent(&p).is_ok());
        if AUTO_SYNCDIR {
            assert!(parent(b"/nonexistent-syncdir-test/x").is_err());
        }
    }
}
