//! qmail-inject's header logic: address rewriting, the envelope it
//! collects from the header and the command line, and the fields it adds
//! (From, Return-Path, Mail-Followup-To).
//!
//! Addresses go through the RFC 822 tokenizer ([`token822`]); the
//! rewriting hooks see each address's tokens in reverse order (last token
//! first), as [`token822::addrlist`] hands them over, so "the end of the
//! address" is the front of the vector.

pub mod headerbody;
pub mod hfield;
pub mod newfield;
pub mod token822;

use crate::base::quote::quote2;
use crate::base::stralloc;
use crate::sys::Errno;
use token822::{Kind, Token};

/// Folding width for rewritten header fields.
pub const LINELEN: usize = 80;

/// Why qmail-inject gives up; the bin turns each into stock's message.
#[derive(Debug, PartialEq, Eq)]
pub enum Fail {
    /// Out of memory.
    NoMem,
    /// "unable to parse this line:" and the line (as is, no newline added).
    Parse(Vec<u8>),
    /// "invalid header field: " and the field.
    Invalid(Vec<u8>),
    /// "unable to parse address: " and the command-line address.
    Address(Vec<u8>),
}

impl From<Errno> for Fail {
    fn from(_: Errno) -> Fail {
        Fail::NoMem
    }
}

/// `$QMAILINJECT` letters.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// `c`: the full name goes in a comment after the address.
    pub namecomment: bool,
    /// `s`: drop Return-Path fields (they set no sender).
    pub deletesender: bool,
    /// `f`: drop From fields (a new one is made).
    pub deletefrom: bool,
    /// `i`: drop Message-ID fields (a new one is made).
    pub deletemessid: bool,
    /// `r`: VERP: the sender gets `-@[]` appended.
    pub hackrecip: bool,
    /// `m`: the default sender's user gets `-time.pid`.
    pub hackmess: bool,
}

impl Flags {
    /// Reads the letters; others are ignored.
    pub fn parse(opts: &[u8]) -> Flags {
        let mut f = Flags::default();
        for &c in opts {
            match c {
                b'c' => f.namecomment = true,
                b's' => f.deletesender = true,
                b'f' => f.deletefrom = true,
                b'i' => f.deletemessid = true,
                b'r' => f.hackrecip = true,
                b'm' => f.hackmess = true,
                _ => {}
            }
        }
        f
    }
}

/// Tokens of `s`, or a parse failure naming `s`.
fn parse_or_die(s: &[u8]) -> Result<Vec<Token>, Fail> {
    token822::parse(s)?.ok_or_else(|| Fail::Parse(s.to_vec()))
}

fn reserve(v: &mut Vec<Token>, n: usize) -> Result<(), Errno> {
    v.try_reserve(n).map_err(|_| Errno(libc::ENOMEM))
}

/// Puts `add` (in forward order) at the front of the reversed `addr`,
/// reversed: in forward terms, appends it to the address.
fn append_rev(addr: &mut Vec<Token>, add: &[Token]) -> Result<(), Errno> {
    reserve(addr, add.len())?;
    let mut front = Vec::new();
    reserve(&mut front, add.len())?;
    for t in add.iter().rev() {
        front.push(Token::new(t.kind, &t.s)?);
    }
    addr.splice(0..0, front);
    Ok(())
}

/// The address rewriting with the defaults from control files and
/// environment (rwgeneric and its parts).
#[derive(Debug, Clone)]
pub struct Rewriter {
    /// Tokens of `@defaulthost`.
    defaulthost: Vec<Token>,
    /// Tokens of `.defaultdomain`.
    defaultdomain: Vec<Token>,
    /// Tokens of `.plusdomain`.
    plusdomain: Vec<Token>,
}

/// The tokens of `c` followed by `s` (`@host`, `.domain`), or a parse
/// failure naming that string.
pub fn prefixed(c: u8, s: &[u8]) -> Result<Vec<Token>, Fail> {
    let mut sa = stralloc::of(&[c])?;
    stralloc::cat(&mut sa, s)?;
    parse_or_die(&sa)
}

impl Rewriter {
    /// From the tokens of `.defaultdomain`, `@defaulthost` and
    /// `.plusdomain` (see [`prefixed`]).
    pub fn new(defaultdomain: Vec<Token>, defaulthost: Vec<Token>, plusdomain: Vec<Token>) -> Self {
        Rewriter {
            defaulthost,
            defaultdomain,
            plusdomain,
        }
    }

    /// Rewrites one reversed address (rwgeneric): `<>` and `<x@[]>`
    /// stay; a source route goes; one trailing `.` or `@` goes (leaving
    /// possibly `<>`); no `@`: `@defaulthost` is added; a last atom ending
    /// in `+` loses it and gets `.plusdomain`; a domain without a dot or
    /// literal gets `.defaultdomain`.
    pub fn generic(&self, addr: &mut Vec<Token>) -> Result<(), Errno> {
        if addr.is_empty() {
            return Ok(());
        }
        if addr.len() >= 2
            && addr[1].kind == Kind::At
            && addr[0].kind == Kind::Literal
            && addr[0].s.is_empty()
        {
            return Ok(());
        }
        route(addr);
        for k in [Kind::Dot, Kind::At] {
            if addr.is_empty() {
                return Ok(());
            }
            if addr[0].kind == k {
                addr.remove(0);
            }
        }
        if addr.is_empty() {
            return Ok(());
        }
        if !addr.iter().any(|t| t.kind == Kind::At) {
            append_rev(addr, &self.defaulthost)?;
        }
        self.plus(addr)?;
        self.nodot(addr)
    }

    /// rwplus.
    fn plus(&self, addr: &mut Vec<Token>) -> Result<(), Errno> {
        let Some(t) = addr.first_mut() else {
            return Ok(());
        };
        if t.kind != Kind::Atom || t.s.last() != Some(&b'+') {
            return Ok(());
        }
        t.chop()?;
        append_rev(addr, &self.plusdomain)
    }

    /// rwnodot: only when the domain part (tokens after the last `@`) has
    /// neither a dot nor a literal.
    fn nodot(&self, addr: &mut Vec<Token>) -> Result<(), Errno> {
        for t in addr.iter() {
            match t.kind {
                Kind::Dot | Kind::Literal => return Ok(()),
                Kind::At => break,
                _ => {}
            }
        }
        append_rev(addr, &self.defaultdomain)
    }
}

/// rwroute: an address starting with `@` loses everything up to and
/// including the first `:` (all of it if there is none).
fn route(addr: &mut Vec<Token>) {
    if addr.last().map(|t| t.kind) != Some(Kind::At) {
        return;
    }
    while let Some(t) = addr.pop() {
        if t.kind == Kind::Colon {
            return;
        }
    }
}

/// The plain text of a reversed address (rwappend's unquote).
fn unquote_rev(addr: &[Token]) -> Result<Vec<u8>, Errno> {
    token822::unquote_rev(addr)
}

fn push(list: &mut Vec<Vec<u8>>, s: Vec<u8>) -> Result<(), Errno> {
    list.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
    list.push(s);
    Ok(())
}

/// What an address found in a header field is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// To, Cc: header recipient, and candidate for Mail-Followup-To.
    ToCc,
    /// Bcc, Apparently-To: header recipient.
    Hr,
    /// Resent-To, -Cc, -Bcc.
    Hrr,
    /// Return-Path: the sender, unless one is set.
    Return,
    /// Sender, From, Reply-To and friends: rewritten only.
    Sender,
}

/// The envelope being collected and what the header has shown.
#[derive(Debug)]
pub struct State {
    pub rw: Rewriter,
    pub flags: Flags,
    /// The envelope sender; None until -f, a Return-Path field or the
    /// default sets it.
    pub sender: Option<Vec<u8>>,
    /// Recipients from the command line.
    pub reciplist: Vec<Vec<u8>>,
    /// Recipients from To, Cc, Bcc, Apparently-To.
    pub hrlist: Vec<Vec<u8>>,
    /// Recipients from To and Cc only.
    pub tocclist: Vec<Vec<u8>>,
    /// Recipients from Resent-To, -Cc, -Bcc.
    pub hrrlist: Vec<Vec<u8>>,
    /// Which well-known fields the header had.
    pub seen: [bool; hfield::NUM],
}

impl State {
    pub fn new(rw: Rewriter, flags: Flags) -> State {
        State {
            rw,
            flags,
            sender: None,
            reciplist: Vec::new(),
            hrlist: Vec::new(),
            tocclist: Vec::new(),
            hrrlist: Vec::new(),
            seen: [false; hfield::NUM],
        }
    }

    /// `-f`: the envelope sender, rewritten (no VERP suffix).
    pub fn set_sender(&mut self, s: &[u8]) -> Result<(), Fail> {
        let q = quote2(s)?;
        let mut t = parse_or_die(&q)?;
        t.reverse();
        self.rw.generic(&mut t)?;
        t.reverse();
        self.sender = Some(token822::unquote(&t)?);
        Ok(())
    }

    /// A recipient from the command line (dorecip).
    pub fn recip(&mut self, s: &[u8]) -> Result<(), Fail> {
        let q = quote2(s)?;
        let Some(mut t) = token822::parse(&q)? else {
            return Err(Fail::Address(s.to_vec()));
        };
        t.reverse();
        self.rw.generic(&mut t)?;
        push(&mut self.reciplist, unquote_rev(&t)?)?;
        Ok(())
    }

    /// setreturn: the first sender seen wins.
    fn set_return(&mut self, addr: &[Token]) -> Result<(), Errno> {
        if self.sender.is_none() {
            let mut s = unquote_rev(addr)?;
            if self.flags.hackrecip {
                stralloc::cat(&mut s, b"-@[]")?;
            }
            self.sender = Some(s);
        }
        Ok(())
    }

    /// The hook for each address of a field used as `u`.
    fn address(&mut self, u: Use, addr: &mut Vec<Token>) -> Result<(), Errno> {
        self.rw.generic(addr)?;
        match u {
            Use::ToCc => {
                push(&mut self.hrlist, unquote_rev(addr)?)?;
                push(&mut self.tocclist, unquote_rev(addr)?)?;
            }
            Use::Hr => push(&mut self.hrlist, unquote_rev(addr)?)?,
            Use::Hrr => push(&mut self.hrrlist, unquote_rev(addr)?)?,
            Use::Return => self.set_return(addr)?,
            Use::Sender => {}
        }
        Ok(())
    }

    /// Parses the address list in field `h`, runs each address through
    /// the hook for `u`, and puts the printed result back into `h`.
    fn rewrite_field(&mut self, u: Use, h: &mut Vec<u8>) -> Result<(), Fail> {
        let mut t = parse_or_die(h)?;
        let out = token822::addrlist(&mut t, &mut |a: &mut Vec<Token>| self.address(u, a))?;
        // the walk has moved every token out: the husks go before the
        // printing needs its room
        drop(t);
        let Some(out) = out else {
            return Err(Fail::Parse(h.clone()));
        };
        *h = token822::unparse(&out, LINELEN)?;
        Ok(())
    }

    /// One header field (doheaderfield). Address fields are rewritten in
    /// place. Returns whether the field stays in the message (Bcc,
    /// Resent-Bcc, Return-Path and Content-Length do not; the fields the
    /// flags delete are ignored entirely).
    pub fn field(&mut self, h: &mut Vec<u8>) -> Result<bool, Fail> {
        let htype = hfield::known(h);
        let f = self.flags;
        if (f.deletefrom && htype == hfield::FROM)
            || (f.deletemessid && htype == hfield::MESSAGEID)
            || (f.deletesender && htype == hfield::RETURNPATH)
        {
            return Ok(false);
        }
        if htype != 0 {
            self.seen[htype] = true;
        } else if !hfield::valid(h) {
            return Err(Fail::Invalid(h.clone()));
        }
        let u = match htype {
            hfield::TO | hfield::CC => Some(Use::ToCc),
            hfield::BCC | hfield::APPARENTLYTO => Some(Use::Hr),
            hfield::R_TO | hfield::R_CC | hfield::R_BCC => Some(Use::Hrr),
            hfield::RETURNPATH => Some(Use::Return),
            hfield::SENDER
            | hfield::FROM
            | hfield::REPLYTO
            | hfield::RETURNRECEIPTTO
            | hfield::ERRORSTO
            | hfield::R_SENDER
            | hfield::R_FROM
            | hfield::R_REPLYTO => Some(Use::Sender),
            _ => None,
        };
        if let Some(u) = u {
            self.rewrite_field(u, h)?;
        }
        Ok(!matches!(
            htype,
            hfield::BCC | hfield::R_BCC | hfield::RETURNPATH | hfield::CONTENTLENGTH
        ))
    }

    /// Whether the header had any Resent- field that counts.
    pub fn resent(&self) -> bool {
        [
            hfield::R_SENDER,
            hfield::R_FROM,
            hfield::R_REPLYTO,
            hfield::R_TO,
            hfield::R_CC,
            hfield::R_BCC,
            hfield::R_DATE,
            hfield::R_MESSAGEID,
        ]
        .iter()
        .any(|&i| self.seen[i])
    }

    /// Makes a field from `tokens`, prints and reparses it, and runs its
    /// addresses through the hook for `u` (as if it came in the header).
    fn made_field(&mut self, u: Use, tokens: &[Token]) -> Result<Vec<u8>, Fail> {
        let mut h = token822::unparse(tokens, LINELEN)?;
        self.rewrite_field(u, &mut h)?;
        Ok(h)
    }

    /// The default sender (dodefaultreturnpath): `user@host` from
    /// `mailruser` and `mailrhost`, with the `m` and `r` suffixes.
    pub fn default_return_path(
        &mut self,
        mailruser: &[u8],
        mailrhost: Option<&[u8]>,
        starttime: i64,
        pid: i32,
    ) -> Result<(), Fail> {
        let mut user = stralloc::of(mailruser)?;
        if self.flags.hackmess {
            stralloc::append(&mut user, b'-')?;
            stralloc::cat(&mut user, &crate::base::fmt::ulong(starttime as u64))?;
            stralloc::append(&mut user, b'.')?;
            stralloc::cat(&mut user, &crate::base::fmt::ulong(u64::from(pid as u32)))?;
        }
        if self.flags.hackrecip {
            stralloc::append(&mut user, b'-')?;
        }
        let mut t = vec![
            Token::new(Kind::Atom, b"Return-Path")?,
            Token::bare(Kind::Colon),
            Token::new(Kind::Quote, &user)?,
        ];
        if let Some(host) = mailrhost {
            t.push(Token::bare(Kind::At));
            t.push(Token::new(Kind::Atom, host)?);
        }
        self.made_field(Use::Return, &t)?;
        Ok(())
    }

    /// The default `From:` field with its newline (defaultfrommake):
    /// `"Full Name" <user@host>` or, with the `c` flag, `user@host (Full
    /// Name)`; `user` is quoted if it must be.
    pub fn default_from(
        &mut self,
        fullname: Option<&[u8]>,
        mailuser: &[u8],
        mailhost: Option<&[u8]>,
    ) -> Result<Vec<u8>, Fail> {
        let comment = self.flags.namecomment;
        let userkind = if crate::base::quote::quote_need(mailuser) {
            Kind::Quote
        } else {
            Kind::Atom
        };
        let mut t = vec![Token::new(Kind::Atom, b"From")?, Token::bare(Kind::Colon)];
        if let (Some(name), false) = (fullname, comment) {
            t.push(Token::new(Kind::Quote, name)?);
            t.push(Token::bare(Kind::Left));
        }
        t.push(Token::new(userkind, mailuser)?);
        if let Some(host) = mailhost {
            t.push(Token::bare(Kind::At));
            t.push(Token::new(Kind::Atom, host)?);
        }
        match (fullname, comment) {
            (Some(_), false) => t.push(Token::bare(Kind::Right)),
            (Some(name), true) => t.push(Token::new(Kind::Comment, name)?),
            (None, _) => {}
        }
        self.made_field(Use::Sender, &t)
    }

    /// The Mail-Followup-To field to add (finishmft), if the header has
    /// none and some To/Cc recipient is a mailing list in `lists`: all
    /// To/Cc recipients, last first, one per line.
    pub fn mail_followup_to(
        &self,
        lists: &crate::base::constmap::Constmap,
    ) -> Result<Option<Vec<u8>>, Errno> {
        if self.seen[hfield::MAILFOLLOWUPTO] || !self.tocclist.iter().any(|a| lists.contains(a)) {
            return Ok(None);
        }
        let mut s = stralloc::of(b"Mail-Followup-To: ")?;
        for (i, a) in self.tocclist.iter().rev().enumerate() {
            if i > 0 {
                stralloc::cat(&mut s, b",\n  ")?;
            }
            stralloc::cat(&mut s, &quote2(crate::queue::qmail::cstr(a))?)?;
        }
        stralloc::append(&mut s, b'\n')?;
        Ok(Some(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(flags: &[u8]) -> State {
        State::new(
            Rewriter::new(
                prefixed(b'.', b"dom.example").unwrap(),
                prefixed(b'@', b"host").unwrap(),
                prefixed(b'.', b"plus.example").unwrap(),
            ),
            Flags::parse(flags),
        )
    }

    fn rw(s: &str) -> String {
        let mut t = st(b"");
        t.recip(s.as_bytes()).unwrap();
        String::from_utf8_lossy(&t.reciplist[0]).into_owned()
    }

    #[test]
    fn generic_rewriting() {
        assert_eq!(rw("joe"), "joe@host.dom.example");
        assert_eq!(rw("joe@x"), "joe@x.dom.example");
        assert_eq!(rw("joe@x.y"), "joe@x.y");
        assert_eq!(rw("joe@[1.2.3.4]"), "joe@[1.2.3.4]");
        assert_eq!(rw("joe+"), "joe+@host.dom.example");
        assert_eq!(rw("joe@x+"), "joe@x.plus.example");
        // The command line quotes the local part first: no route here.
        assert_eq!(rw("@a,@b:joe@x.y"), "@a,@b:joe@x.y");
        assert_eq!(rw("joe@x.y."), "joe@x.y");
        assert_eq!(rw("joe@"), "joe@host.dom.example");
        assert_eq!(rw("joe@[]"), "joe@[]");
        assert_eq!(rw(""), "");
        assert_eq!(rw("a b"), "a b@host.dom.example");
    }

    #[test]
    fn address_fields_are_rewritten_and_recipients_collected() {
        let mut t = st(b"");
        let mut h = b"To: a, \"B C\" <b@x.y>\n".to_vec();
        assert!(t.field(&mut h).unwrap());
        assert_eq!(h, b"To: a@host.dom.example, \"B C\" <b@x.y>\n");
        assert_eq!(
            t.hrlist,
            vec![b"b@x.y".to_vec(), b"a@host.dom.example".to_vec()]
        );
        let mut h = b"Bcc: c\n".to_vec();
        assert!(!t.field(&mut h).unwrap());
        let mut h = b"Return-Path: <r@x.y>\n".to_vec();
        assert!(!t.field(&mut h).unwrap());
        assert_eq!(t.sender.as_deref(), Some(&b"r@x.y"[..]));
        let mut h = b"To: (oops\n".to_vec();
        assert_eq!(t.field(&mut h), Err(Fail::Parse(b"To: (oops\n".to_vec())));
        assert!(!t.resent());
        let mut h = b"Resent-Date: x\n".to_vec();
        assert!(t.field(&mut h).unwrap());
        assert!(t.resent());
    }

    #[test]
    fn default_return_path_and_from_follow_the_environment() {
        let mut t = st(b"rm");
        t.default_return_path(b"u", None, 7, 9).unwrap();
        assert_eq!(
            t.sender.as_deref(),
            Some(&b"u-7.9-@host.dom.example-@[]"[..])
        );
        let f = t.default_from(Some(b"A B"), b"u", Some(b"h.x")).unwrap();
        assert_eq!(f, b"From: \"A B\" <u@h.x>\n");
        let mut t = st(b"c");
        let f = t.default_from(Some(b"A B"), b"a b", None).unwrap();
        assert_eq!(f, b"From: \"a b\"@host.dom.example (A B)\n");
    }
}
