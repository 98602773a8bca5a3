//! The trigger fifo `lock/trigger` (relative to the queue directory):
//! qmail-queue pulls it after each message so qmail-send looks at todo/ at
//! once. Pulling writes one NUL byte and ignores every error (nobody may be
//! listening); the listener keeps a non-blocking read fd open and reopens
//! it after each pull, because the fifo then reads as end of file.

use crate::sys::{self, Fd, OwnedFd};

/// Where the fifo is, relative to the queue directory.
const FIFO: &[u8] = b"lock/trigger";

/// The listening side (trigger_set / trigger_pulled).
#[derive(Debug, Default)]
pub struct Trigger {
    fd: Option<OwnedFd>,
}

impl Trigger {
    pub fn new() -> Self {
        Trigger { fd: None }
    }

    /// trigger_set: (re)opens lock/trigger for reading, non-blocking. A
    /// failure leaves no fd, as in C (the caller just waits for its timer).
    pub fn set(&mut self) {
        self.set_at(FIFO)
    }

    fn set_at(&mut self, path: &[u8]) {
        // the old fd goes first, as in C, so the new one may reuse its number
        self.fd = None;
        self.fd = sys::open_read(path).ok().map(OwnedFd);
    }

    /// The fd to watch for readability (trigger_selprep), if open.
    pub fn fd(&self) -> Option<Fd> {
        self.fd.as_ref().map(OwnedFd::raw)
    }
}

/// triggerpull: one NUL byte into lock/trigger, errors ignored.
pub fn pull() {
    pull_at(FIFO)
}

fn pull_at(path: &[u8]) {
    if let Ok(fd) = sys::open_write(path).map(OwnedFd) {
        let _ = sys::ndelay(fd.raw(), true);
        let _ = sys::write(fd.raw(), b"\0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_without_listener_is_harmless_and_with_one_delivers_a_nul() {
        let dir = std::env::temp_dir().join(format!("qmail-trigger-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lock")).unwrap();
        let fifo = dir.join("lock/trigger");
        let path = fifo.to_str().unwrap().as_bytes().to_vec();
        sys::mkfifo(&path, 0o622).unwrap();
        pull_at(&path); // no reader: ENXIO, ignored
        let mut t = Trigger::new();
        t.set_at(&path);
        let fd = t.fd().unwrap();
        pull_at(&path);
        let mut b = [7u8; 4];
        assert_eq!(sys::read(fd, &mut b).unwrap(), 1);
        assert_eq!(b[0], 0);
        t.set_at(&path);
        assert!(t.fd().is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
