//! Splitting a message into header fields and body (headerbody), the way
//! qmail-inject reads its input.
//!
//! Rules, line by line:
//! * a line starting with a space or tab continues the field before it
//!   (before any field it is judged like any other line);
//! * a line starting with `From ` becomes a field `MBOX-Line: From ...`;
//! * a line that is a valid field (see [`hfield::valid`]) starts a field;
//! * an empty line ends the header; it is the body's first line;
//! * any other line also ends the header: the body then starts with an
//!   empty line, then that line;
//! * the header also ends at end of input (the body is then empty).
//!
//! A last line without a newline gets one. Each field goes to the handler
//! only once the next line shows it is complete, continuation lines
//! included, with its newlines.

use crate::base::stralloc;
use crate::inject::hfield;
use crate::sys::Errno;

/// What [`headerbody`] drives: the input and the three callbacks.
pub trait Handler {
    type Error;
    /// Reads the next line, with its `\n`, into `line` (getln); returns
    /// false at end of input, `line` then holding any partial last line.
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno>;
    /// A complete header field; the handler may rewrite it in place.
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Self::Error>;
    /// The header is over (called exactly once).
    fn done(&mut self) -> Result<(), Self::Error>;
    /// Body bytes: one line at a time.
    fn body(&mut self, b: &[u8]) -> Result<(), Self::Error>;
}

/// Why [`headerbody`] stopped early.
#[derive(Debug, PartialEq, Eq)]
pub enum Error<E> {
    /// Reading failed, or memory ran out (ENOMEM).
    Read(Errno),
    /// A callback failed.
    Handler(E),
}

/// Reads lines while `more` says the last one ended in a newline; a last
/// line without a newline gets one. Ok(false) at end of input.
fn getsa<H: Handler>(h: &mut H, sa: &mut Vec<u8>, more: &mut bool) -> Result<bool, Errno> {
    if !*more {
        return Ok(false);
    }
    *more = h.getln(sa)?;
    if *more {
        return Ok(true);
    }
    if sa.is_empty() {
        return Ok(false);
    }
    stralloc::append(sa, b'\n')?;
    Ok(true)
}

/// Runs the whole input through `h` (see the module documentation).
pub fn headerbody<H: Handler>(h: &mut H) -> Result<(), Error<H::Error>> {
    let mut more = true;
    let mut lineok = false;
    let mut line = Vec::new();
    let mut nextline = Vec::new();
    loop {
        if !getsa(h, &mut nextline, &mut more).map_err(Error::Read)? {
            if lineok {
                h.field(&mut line).map_err(Error::Handler)?;
            }
            h.done().map_err(Error::Handler)?;
            return Ok(());
        }
        if lineok {
            if matches!(nextline.first(), Some(b' ' | b'\t')) {
                stralloc::cat(&mut line, &nextline).map_err(Error::Read)?;
                continue;
            }
            h.field(&mut line).map_err(Error::Handler)?;
        }
        if nextline.len() == 1 {
            h.done().map_err(Error::Handler)?;
            h.body(&nextline).map_err(Error::Handler)?;
            break;
        }
        if nextline.starts_with(b"From ") {
            stralloc::copy(&mut line, b"MBOX-Line: ").map_err(Error::Read)?;
            stralloc::cat(&mut line, &nextline).map_err(Error::Read)?;
        } else if hfield::valid(&nextline) {
            stralloc::copy(&mut line, &nextline).map_err(Error::Read)?;
        } else {
            h.done().map_err(Error::Handler)?;
            h.body(b"\n").map_err(Error::Handler)?;
            h.body(&nextline).map_err(Error::Handler)?;
            break;
        }
        lineok = true;
    }
    while getsa(h, &mut nextline, &mut more).map_err(Error::Read)? {
        h.body(&nextline).map_err(Error::Handler)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input from memory; records the calls as text.
    struct Rec {
        input: Vec<u8>,
        pos: usize,
        log: Vec<String>,
        fail_on_field: Option<&'static str>,
    }

    impl Handler for Rec {
        type Error = String;
        fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
            line.clear();
            let rest = &self.input[self.pos..];
            match rest.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&rest[..=i]);
                    self.pos += i + 1;
                    Ok(true)
                }
                None => {
                    line.extend_from_slice(rest);
                    self.pos = self.input.len();
                    Ok(false)
                }
            }
        }
        fn field(&mut self, h: &mut Vec<u8>) -> Result<(), String> {
            let s = String::from_utf8_lossy(h).into_owned();
            if self.fail_on_field.is_some_and(|f| s.starts_with(f)) {
                return Err(s);
            }
            self.log.push(format!("F[{s}]"));
            Ok(())
        }
        fn done(&mut self) -> Result<(), String> {
            self.log.push("D".into());
            Ok(())
        }
        fn body(&mut self, b: &[u8]) -> Result<(), String> {
            self.log
                .push(format!("B[{}]", String::from_utf8_lossy(b).into_owned()));
            Ok(())
        }
    }

    fn run(input: &[u8]) -> String {
        let mut r = Rec {
            input: input.to_vec(),
            pos: 0,
            log: Vec::new(),
            fail_on_field: None,
        };
        headerbody(&mut r).unwrap();
        r.log.join(" ")
    }

    #[test]
    fn header_fields_continue_on_whitespace_and_a_blank_line_starts_the_body() {
        assert_eq!(run(b""), "D");
        assert_eq!(run(b"\n"), "D B[\n]");
        assert_eq!(
            run(b"To: a\nSubject: x\n\nbody\nmore"),
            "F[To: a\n] F[Subject: x\n] D B[\n] B[body\n] B[more\n]"
        );
        assert_eq!(run(b"To: a"), "F[To: a\n] D");
        assert_eq!(
            run(b"To: a,\n b\n\tc\nX: y\n"),
            "F[To: a,\n b\n\tc\n] F[X: y\n] D"
        );
        assert_eq!(
            run(b"From bob Mon\nTo: a\n\n"),
            "F[MBOX-Line: From bob Mon\n] F[To: a\n] D B[\n]"
        );
        assert_eq!(
            run(b"To: a\nnot a field\nTo: b\n"),
            "F[To: a\n] D B[\n] B[not a field\n] B[To: b\n]"
        );
        assert_eq!(run(b" lead\n"), "D B[\n] B[ lead\n]");
        assert_eq!(
            run(b"To: a\r\n\r\nx"),
            "F[To: a\r\n] D B[\n] B[\r\n] B[x\n]"
        );
        assert_eq!(run(b"To: a\n\n\n"), "F[To: a\n] D B[\n] B[\n]");
        assert_eq!(run(b"a:\n \n"), "F[a:\n \n] D");
    }

    #[test]
    fn handler_errors_stop_the_run() {
        let mut r = Rec {
            input: b"A: 1\nB: 2\nC: 3\n".to_vec(),
            pos: 0,
            log: Vec::new(),
            fail_on_field: Some("B"),
        };
        assert_eq!(headerbody(&mut r), Err(Error::Handler("B: 2\n".into())));
        assert_eq!(r.log, vec!["F[A: 1\n]"]);
    }
}
