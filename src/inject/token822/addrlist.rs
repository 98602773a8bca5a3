//! Picking the addresses out of an address-list field (token822_addrlist):
//! a right-to-left walk that groups the tokens of each address, hands them
//! to the caller's rewriting hook and rebuilds the list around the result.

use super::{Kind, Tok, Token};
use crate::sys::Errno;

/// The hook [`addrlist`] calls on each address. It gets the address's
/// tokens in reverse order (last token first) and may change them freely;
/// an error aborts the whole list.
pub type AddrHook<'a, T = Token> = dyn FnMut(&mut Vec<T>) -> Result<(), Errno> + 'a;

/// State of the right-to-left walk in [`addrlist`].
struct Walk<'a, 'h, T: Tok> {
    ta: &'a mut [T],
    /// Index of the next token to look at; below `BEGIN` when done (it
    /// is only stepped down from `BEGIN` or above, so it never needs to
    /// go below zero).
    t: usize,
    out: Vec<T>,
    addr: Vec<T>,
    hook: &'a mut AddrHook<'h, T>,
}

/// The first two tokens (field name and colon) are not part of the list.
const BEGIN: usize = 2;

impl<T: Tok> Walk<'_, '_, T> {
    fn more(&self) -> bool {
        self.t >= BEGIN
    }
    fn kind(&self) -> Option<Kind> {
        if self.more() {
            self.ta.get(self.t).and_then(|t| t.kind())
        } else {
            None
        }
    }
    fn push(v: &mut Vec<T>, t: T) -> Result<(), Errno> {
        super::room(v, 1)?;
        v.push(t);
        Ok(())
    }
    /// Moves the current token into the address being collected.
    fn addr_left(&mut self) -> Result<(), Errno> {
        if let Some(t) = self.ta.get_mut(self.t) {
            Self::push(&mut self.addr, t.take()?)?;
        }
        self.t = self.t.saturating_sub(1);
        Ok(())
    }
    /// Moves the current token straight to the output.
    fn out_left(&mut self) -> Result<(), Errno> {
        if let Some(t) = self.ta.get_mut(self.t) {
            Self::push(&mut self.out, t.take()?)?;
        }
        self.t = self.t.saturating_sub(1);
        Ok(())
    }
    /// Hands the collected address to the hook and moves it to the output.
    fn got_addr(&mut self) -> Result<(), Errno> {
        (self.hook)(&mut self.addr)?;
        super::room(&mut self.out, self.addr.len())?;
        self.out.append(&mut self.addr);
        Ok(())
    }
    fn flush(&mut self) -> Result<(), Errno> {
        if !self.addr.is_empty() {
            self.got_addr()?;
        }
        Ok(())
    }
    /// Like `flush`, and separates the flushed address with a comma.
    fn flush_comma(&mut self) -> Result<(), Errno> {
        if !self.addr.is_empty() {
            self.got_addr()?;
            Self::push(&mut self.out, T::comma())?;
        }
        Ok(())
    }
}

/// Finds the addresses in a header field's tokens (token822_addrlist):
/// `ta` is the whole field, name and colon first. The list is read from
/// right to left. A `<...>` is one address (even when empty), with the
/// words before it as its phrase; otherwise a run of atoms, quoted strings,
/// literals, dots and `@`s is one address, and two words in a row without
/// a dot or `@` between them start a new address, which gets a comma
/// inserted. Groups (`name: ... ;`) keep their name. Comments stay where
/// they were, in the output only. Each address goes through `hook` (see
/// [`AddrHook`]), right to left, and the returned tokens hold the rewritten
/// field in order. `Ok(None)` is a syntax error: `:` outside a group, a
/// group inside a group, or `>` without `<`; the hook may already have run
/// for addresses to its right.
///
/// Each token of `ta` is looked at once and then moved (see
/// [`Tok::take`]) into the result: what is left in `ta` is of no use.
pub fn addrlist<T: Tok>(ta: &mut [T], hook: &mut AddrHook<T>) -> Result<Option<Vec<T>>, Errno> {
    let n = ta.len();
    let mut w = Walk {
        ta,
        t: n.saturating_sub(1),
        out: Vec::new(),
        addr: Vec::new(),
        hook,
    };
    // about as many tokens come out as go in
    super::room(&mut w.out, n)?;
    let mut ingroup = false;
    let mut wordok = true;
    while w.more() {
        // A type number qmail does not know counts like `<`, `@` and `.`.
        match w.kind() {
            Some(Kind::Semi) => {
                w.flush_comma()?;
                if ingroup {
                    return Ok(None);
                }
                ingroup = true;
                wordok = true;
            }
            Some(Kind::Colon) => {
                w.flush()?;
                if !ingroup {
                    return Ok(None);
                }
                ingroup = false;
                while w.more() && w.kind() != Some(Kind::Comma) {
                    w.out_left()?;
                }
                if w.more() {
                    w.out_left()?;
                }
                wordok = true;
                continue;
            }
            Some(Kind::Right) => {
                w.flush_comma()?;
                w.out_left()?;
                while w.more() && w.kind() != Some(Kind::Left) {
                    w.addr_left()?;
                }
                // Even an empty address counts here: that is <>.
                w.got_addr()?;
                if !w.more() {
                    return Ok(None);
                }
                w.out_left()?;
                while matches!(
                    w.kind(),
                    Some(Kind::Comment | Kind::Atom | Kind::Quote | Kind::At | Kind::Dot)
                ) {
                    w.out_left()?;
                }
                wordok = false;
                continue;
            }
            Some(Kind::Atom | Kind::Quote | Kind::Literal) => {
                if !wordok {
                    w.flush_comma()?;
                }
                wordok = false;
                w.addr_left()?;
                continue;
            }
            // A comment counts as white space and leaves wordok alone.
            Some(Kind::Comment) => {}
            Some(Kind::Comma) => {
                w.flush()?;
                wordok = true;
            }
            None | Some(Kind::Left | Kind::At | Kind::Dot) => {
                wordok = true;
                w.addr_left()?;
                continue;
            }
        }
        w.out_left()?;
    }
    w.flush()?;
    // The field name and colon (or whatever the first two tokens are).
    for t in w.ta.iter_mut().take(BEGIN).rev() {
        Walk::<T>::push(&mut w.out, t.take()?)?;
    }
    w.out.reverse();
    Ok(Some(w.out))
}
