//! Printing tokens again (token822_unparse): qmail's spacing between
//! tokens, backslash escapes inside quoted strings, comments and literals,
//! and folding at commas once a line passes the wanted length.

use super::{Kind, Tok};
use crate::base::stralloc;
use crate::sys::Errno;

/// Whether a space goes between a token of type number `t1` (0 at the
/// start, and a token numbered 0 counts as a start) and one of `t2`.
fn needspace(t1: i32, t2: i32) -> bool {
    if t1 == 0 {
        return false;
    }
    let word = |t| Kind::of(t).is_some_and(Kind::is_word);
    t1 == Kind::Colon as i32
        || t1 == Kind::Comma as i32
        || t2 == Kind::Left as i32
        || (word(t1) && word(t2))
}

/// Bytes that get a backslash when a token's text is printed.
fn escaped(c: u8) -> bool {
    matches!(c, b'"' | b'[' | b']' | b'(' | b')' | b'\\' | b'\r' | b'\n')
}

/// The output of [`unparse`] under construction, with the folding state.
struct Folder {
    s: Vec<u8>,
    /// Start of the current output line.
    lineb: usize,
    /// Where the newest candidate line break (`\n` and a space) sits.
    linee: Option<usize>,
    linelen: usize,
}

impl Folder {
    /// Runs after every comma and at the end: puts a candidate break here,
    /// and if the line up to here still fits (or there is no limit), takes
    /// out the previous candidate, so that only the last break before the
    /// line grew too long survives.
    fn newline_maybe(&mut self) -> Result<(), Errno> {
        let here = self.s.len();
        stralloc::cat(&mut self.s, b"\n ")?;
        match self.linee {
            Some(le) if self.linelen == 0 || here - self.lineb <= self.linelen => {
                self.s.drain(le..le + 2);
                self.linee = Some(here - 2);
            }
            prev => {
                if let Some(le) = prev {
                    self.lineb = le + 1;
                }
                self.linee = Some(here);
            }
        }
        Ok(())
    }
}

/// Prints tokens as a header field (token822_unparse): quoted strings,
/// literals and comments get their delimiters back and every `" [ ] ( ) \`
/// CR and LF in any token's text gets a backslash; spaces go after colons
/// and commas, before `<`, and between two word tokens. After each comma a
/// line break may go in, folding lines longer than `linelen` (0: never
/// fold) with two-space continuation lines. The result ends in a newline.
pub fn unparse<T: Tok>(ta: &[T], linelen: usize) -> Result<Vec<u8>, Errno> {
    let mut f = Folder {
        s: Vec::new(),
        lineb: 0,
        linee: None,
        linelen,
    };
    let mut last = 0;
    for t in ta {
        if needspace(last, t.ty()) {
            stralloc::append(&mut f.s, b' ')?;
        }
        last = t.ty();
        // A type number qmail does not know prints nothing.
        let Some(kind) = t.kind() else {
            continue;
        };
        if let Some(c) = kind.special() {
            stralloc::append(&mut f.s, c)?;
            if kind == Kind::Comma {
                f.newline_maybe()?;
            }
            continue;
        }
        let (open, close) = match kind {
            Kind::Quote => (Some(b'"'), Some(b'"')),
            Kind::Literal => (Some(b'['), Some(b']')),
            Kind::Comment => (Some(b'('), Some(b')')),
            _ => (None, None),
        };
        if let Some(c) = open {
            stralloc::append(&mut f.s, c)?;
        }
        for &c in t.text() {
            if escaped(c) {
                stralloc::append(&mut f.s, b'\\')?;
            }
            stralloc::append(&mut f.s, c)?;
        }
        if let Some(c) = close {
            stralloc::append(&mut f.s, c)?;
        }
    }
    f.newline_maybe()?;
    // The last candidate break stays, minus its space.
    f.s.pop();
    Ok(f.s)
}
