//! datemail: sendmail with a `Date:` line added (stock ships this as a
//! shell script; this program does what the script does).
//!
//! `datemail [sendmail args ...]`: runs the qmail home's bin/predate with
//! bin/sendmail and the arguments, replacing itself.
//!
//! Exit codes: those of predate (and so of sendmail); 127 when predate does
//! not exist, 126 when it cannot be run, with the shell's message.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::write_err;
use qmail::conf::AUTO_QMAIL;
use qmail::local::script::{self, dash_error};

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"datemail"[..], |a| a));
    let predate = [AUTO_QMAIL, b"/bin/predate"].concat();
    let sendmail = [AUTO_QMAIL, b"/bin/sendmail"].concat();
    let mut argv: Vec<&[u8]> = vec![&predate, &sendmail];
    argv.extend(args.iter().skip(1).map(|a| a.as_slice()));
    let e = script::dash_exec(&predate, &argv);
    let (code, why) = script::exec_failure(e);
    write_err(&dash_error(&name, 3, &[b"exec: ", &predate, b": ", &why]));
    code
}
