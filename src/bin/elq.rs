//! elq: moves the mail of $MAILDIR into $MAIL with maildir2mbox, then
//! runs the mail reader `elm` on it (stock ships this as a shell script;
//! this program does what the script does).
//!
//! `elq [elm args ...]`: runs the qmail home's bin/maildir2mbox; when it
//! succeeds, replaces itself with `elm` (found along PATH) and the
//! arguments.
//!
//! Exit codes: maildir2mbox's when it fails (128 + signal if it was killed,
//! reported on fd 2 like the shell does; 127 or 126 when it cannot be run);
//! else the reader's, or 127/126 with the shell's message when the reader
//! cannot be run.
#![cfg_attr(not(test), no_main)]

use qmail::local::script;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    script::maildir_then_reader(&args, b"elq", b"elm")
}
