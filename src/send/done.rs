//! The end of a message: once no channel file and no todo/N is left, its
//! bounce (if any) goes out, info/N is removed and qmail-clean removes the
//! rest. A step that fails puts the message back in the done queue for
//! a later try.

use super::scheduler::Send;
use super::{insert, log, num, SLEEP_SYSFAIL};
use crate::base::syncdir;
use crate::queue::{self, clean};
use crate::sys::{self, Errno};

impl Send {
    /// Finishes message `id`, or schedules it to be tried again.
    pub(super) fn messdone(&mut self, id: u64) {
        if !self.messdone_try(id) {
            insert(&mut self.pqdone, id, sys::now() + SLEEP_SYSFAIL);
        }
    }

    /// false means "schedule again later".
    fn messdone_try(&mut self, id: u64) -> bool {
        let warn = |path: &[u8]| {
            log(&[
                b"warning: unable to stat ",
                path,
                b"; will try again later\n",
            ]);
            false
        };
        for path in [
            self.chans[0].file(id),
            self.chans[1].file(id),
            queue::todo(id),
        ] {
            match sys::stat(&path) {
                Ok(_) => return true,
                Err(Errno(libc::ENOENT)) => {}
                Err(_) => return warn(&path),
            }
        }
        let path = queue::info(id);
        match sys::stat(&path) {
            Ok(_) => {}
            Err(Errno(libc::ENOENT)) => return true,
            Err(_) => return warn(&path),
        }
        if !self.injectbounce(id) {
            return false;
        }
        log(&[b"end msg ", &num(id), b"\n"]);
        if sys::unlink(&path).is_err() {
            log(&[
                b"warning: unable to unlink ",
                &path,
                b"; will try again later\n",
            ]);
            return false;
        }
        // Ours (conf-syncdir): info/N gone on disk before mess/N is.
        let _ = syncdir::parent(&path);
        self.clean_logged(&clean::foop(id));
        true
    }
}
