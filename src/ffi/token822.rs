//! token822 (stock's token822.c) over `inject::token822`: header fields
//! as tokens in C's own growing array, the token texts in a caller's
//! stralloc, as qmail-inject and qreceipt use them.

use super::prioq::gen_readyplus;
use super::set_errno;
use super::stralloc::{stralloc, stralloc_ready};
use crate::inject::token822::{self as t822, Tok};
use crate::sys::Errno;
use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::null_mut;

/// `struct token822`: a type number and (for words) its text.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct token822 {
    pub type_: c_int,
    pub s: *mut c_char,
    pub slen: c_int,
}

/// `token822_alloc`: `len` tokens of `t` in use, room for `a`.
#[repr(C)]
#[derive(Debug)]
pub struct token822_alloc {
    pub t: *mut token822,
    pub len: c_uint,
    pub a: c_uint,
}

/// The callback token822_addrlist calls on each address.
pub type token822_callback = unsafe extern "C" fn(*mut token822_alloc) -> c_int;

/// A C token seen from the safe side: the struct as C made it, and its
/// text read once when it was taken from C.
#[derive(Clone, Copy)]
struct CTok<'a> {
    raw: token822,
    text: &'a [u8],
}

impl<'a> CTok<'a> {
    /// # Safety
    /// Unless `slen` is 0 or less or `s` is null, `s` points at `slen`
    /// readable bytes that stay unchanged for `'a`.
    unsafe fn of(raw: token822) -> CTok<'a> {
        let n = usize::try_from(raw.slen).unwrap_or(0);
        // SAFETY: the caller's promise.
        let text = unsafe { super::bytes(raw.s, n) };
        CTok { raw, text }
    }
}

impl Tok for CTok<'_> {
    fn ty(&self) -> i32 {
        self.raw.type_
    }
    fn text(&self) -> &[u8] {
        self.text
    }
    fn dup(&self) -> Result<Self, Errno> {
        Ok(*self)
    }
    fn comma() -> Self {
        CTok {
            raw: token822 {
                type_: t822::Kind::Comma as c_int,
                s: null_mut(),
                slen: 0,
            },
            text: &[],
        }
    }
}

/// The tokens of `ta` in use.
///
/// # Safety
/// `ta` a valid token822_alloc whose tokens' texts are readable and stay
/// unchanged while the result is used.
unsafe fn tokens<'a>(ta: &token822_alloc) -> Vec<CTok<'a>> {
    if ta.t.is_null() || ta.len == 0 {
        return Vec::new();
    }
    // SAFETY: t holds len tokens (the caller's promise).
    let raw = unsafe { std::slice::from_raw_parts(ta.t, ta.len as usize) };
    // SAFETY: their texts are readable (the caller's promise).
    raw.iter().map(|&r| unsafe { CTok::of(r) }).collect()
}

/// Puts `v` into `ta` (grown with token822_ready); false when out of memory.
///
/// # Safety
/// `ta` valid, its `t` null or from this library's allocator.
unsafe fn store(ta: &mut token822_alloc, v: &[token822]) -> bool {
    let Ok(n) = c_uint::try_from(v.len()) else {
        set_errno(libc::ENOMEM);
        return false;
    };
    if !ready(ta, n) {
        return false;
    }
    // SAFETY: ready made room for n tokens.
    unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), ta.t, v.len()) };
    ta.len = n;
    true
}

/// GEN_ALLOC's ready: room for `n` tokens in all (30 + n + n/8 when it
/// grows; a null array gets exactly `n` and `len` 0).
fn ready(ta: &mut token822_alloc, n: c_uint) -> bool {
    if ta.t.is_null() {
        return gen_readyplus(&mut ta.t, &mut ta.len, &mut ta.a, n, 30);
    }
    // readyplus asks for len + n; ask with len 0 to get n in all.
    let len = std::mem::replace(&mut ta.len, 0);
    let ok = gen_readyplus(&mut ta.t, &mut ta.len, &mut ta.a, n, 30);
    ta.len = len;
    ok
}

fn ta_mut<'a>(ta: *mut token822_alloc) -> Option<&'a mut token822_alloc> {
    // SAFETY: a non-null pointer from C points at a live struct (the
    // ABI's contract).
    let r = unsafe { ta.as_mut() };
    if r.is_none() {
        set_errno(libc::EINVAL);
    }
    r
}

/// token822_ready: room for `n` tokens in all; 1, or 0 with ENOMEM.
///
/// # Safety
/// `ta` a valid token822_alloc whose `t` is null or from this library's
/// allocator.
#[no_mangle]
pub unsafe extern "C" fn token822_ready(ta: *mut token822_alloc, n: c_uint) -> c_int {
    ta_mut(ta).map_or(0, |ta| ready(ta, n) as c_int)
}

/// token822_readyplus: room for `n` more tokens; 1, or 0 with ENOMEM.
///
/// # Safety
/// As token822_ready.
#[no_mangle]
pub unsafe extern "C" fn token822_readyplus(ta: *mut token822_alloc, n: c_uint) -> c_int {
    ta_mut(ta).map_or(0, |ta| {
        gen_readyplus(&mut ta.t, &mut ta.len, &mut ta.a, n, 30) as c_int
    })
}

/// token822_append: adds a copy of `*t` at the end; 1, or 0 with ENOMEM.
///
/// # Safety
/// As token822_ready; `t` readable.
#[no_mangle]
pub unsafe extern "C" fn token822_append(ta: *mut token822_alloc, t: *const token822) -> c_int {
    // SAFETY: readable (the caller's promise).
    let Some(&t) = (unsafe { t.as_ref() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    let Some(ta) = ta_mut(ta) else {
        return 0;
    };
    if !gen_readyplus(&mut ta.t, &mut ta.len, &mut ta.a, 1, 30) {
        return 0;
    }
    // SAFETY: readyplus made room for one more.
    unsafe { ta.t.add(ta.len as usize).write(t) };
    ta.len += 1;
    1
}

/// token822_reverse: the tokens in use, end for end.
///
/// # Safety
/// `ta` a valid token822_alloc.
#[no_mangle]
pub unsafe extern "C" fn token822_reverse(ta: *mut token822_alloc) {
    // SAFETY: valid (the caller's promise).
    let Some(ta) = (unsafe { ta.as_mut() }) else {
        return;
    };
    if ta.t.is_null() || ta.len == 0 {
        return;
    }
    // SAFETY: t holds len tokens.
    unsafe { std::slice::from_raw_parts_mut(ta.t, ta.len as usize) }.reverse();
}

/// Copies `out` into `sa` (made ready for `room` bytes first, as stock
/// sizes it); 1, or -1 when out of memory.
///
/// # Safety
/// `sa` valid.
unsafe fn put(sa: *mut stralloc, out: &[u8], room: usize) -> c_int {
    let (Ok(n), Ok(room)) = (c_uint::try_from(out.len()), c_uint::try_from(room)) else {
        set_errno(libc::ENOMEM);
        return -1;
    };
    // SAFETY: valid (the caller's promise).
    if unsafe { stralloc_ready(sa, room.max(n)) } == 0 {
        return -1;
    }
    // SAFETY: ready made room for n bytes; sa non-null (ready checked).
    unsafe {
        if n > 0 {
            std::ptr::copy_nonoverlapping(out.as_ptr(), (*sa).s.cast::<u8>(), out.len());
        }
        (*sa).len = n;
    }
    1
}

/// token822_parse: the field in `sa` as tokens in `ta`, their texts one
/// after the other in `buf` (its len untouched, as stock leaves it); 1,
/// 0 on a syntax error, -1 when out of memory. Specials get only their
/// type, their `s` and `slen` left as they were, as in stock.
///
/// # Safety
/// `ta`, `sa`, `buf` valid; `sa` holds `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn token822_parse(
    ta: *mut token822_alloc,
    sa: *mut stralloc,
    buf: *mut stralloc,
) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(sa) = (unsafe { sa.as_ref() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: s holds len bytes.
    let field = unsafe { super::bytes(sa.s, sa.len as usize) };
    let toks = match t822::parse(field) {
        Ok(Some(v)) => v,
        Ok(None) => return 0,
        Err(e) => {
            set_errno(e.0);
            return -1;
        }
    };
    let Some(ta) = ta_mut(ta) else {
        return -1;
    };
    let chars: usize = toks.iter().map(|t| t.s.len()).sum();
    let (Ok(n), Ok(chars)) = (c_uint::try_from(toks.len()), c_uint::try_from(chars)) else {
        set_errno(libc::ENOMEM);
        return -1;
    };
    if !ready(ta, n) {
        return -1;
    }
    // SAFETY: buf valid (the caller's promise).
    if unsafe { stralloc_ready(buf, chars) } == 0 {
        return -1;
    }
    // SAFETY: ready gave ta room for n tokens and buf (non-null, checked
    // by stralloc_ready) room for every text; each text goes at `off`,
    // and the offsets add up to at most `chars`.
    unsafe {
        let cbuf = (*buf).s;
        let mut off = 0usize;
        for (i, t) in toks.iter().enumerate() {
            let slot = ta.t.add(i);
            (*slot).type_ = t.kind as c_int;
            if t.kind.special().is_none() {
                let p = cbuf.add(off);
                std::ptr::copy_nonoverlapping(t.s.as_ptr(), p.cast::<u8>(), t.s.len());
                (*slot).s = p;
                (*slot).slen = t.s.len() as c_int;
                off += t.s.len();
            }
        }
    }
    ta.len = n;
    1
}

/// token822_unquote: the plain contents of `ta` into `sa`; 1, or -1
/// when out of memory.
///
/// # Safety
/// `sa`, `ta` valid; the tokens' texts readable.
#[no_mangle]
pub unsafe extern "C" fn token822_unquote(sa: *mut stralloc, ta: *mut token822_alloc) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(ta) = (unsafe { ta.as_ref() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: as promised.
    let toks = unsafe { tokens(ta) };
    match t822::unquote(&toks) {
        // SAFETY: sa valid.
        Ok(out) => unsafe { put(sa, &out, out.len()) },
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// The room stock's token822_unparse asks for before printing: every
/// byte it could write, with three for each comma's possible break.
fn unparse_room(toks: &[CTok]) -> usize {
    use t822::Kind;
    let mut len = 0usize;
    let mut last = 0;
    for t in toks {
        let ty = t.ty();
        if last != 0
            && (last == Kind::Colon as i32
                || last == Kind::Comma as i32
                || ty == Kind::Left as i32
                || (Kind::of(last).is_some_and(|k| k.special().is_none())
                    && t.kind().is_some_and(|k| k.special().is_none())))
        {
            len += 1;
        }
        last = ty;
        len += match t.kind() {
            None => 0,
            Some(Kind::Comma) => 3,
            Some(k) if k.special().is_some() => 1,
            Some(k) => {
                let esc = t
                    .text
                    .iter()
                    .filter(|c| b"\"[]()\\\r\n".contains(c))
                    .count();
                usize::from(k != Kind::Atom) * 2 + t.text.len() + esc
            }
        };
    }
    len + 2
}

/// token822_unparse: `ta` printed into `sa` as a header field, folded
/// after commas past `linelen` (0: never); 1, or -1 when out of memory.
///
/// # Safety
/// `sa`, `ta` valid; the tokens' texts readable.
#[no_mangle]
pub unsafe extern "C" fn token822_unparse(
    sa: *mut stralloc,
    ta: *mut token822_alloc,
    linelen: c_uint,
) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(ta) = (unsafe { ta.as_ref() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: as promised.
    let toks = unsafe { tokens(ta) };
    match t822::unparse(&toks, linelen as usize) {
        // SAFETY: sa valid.
        Ok(out) => unsafe { put(sa, &out, unparse_room(&toks)) },
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// token822_addrlist: the address list `ta` (field name and colon
/// first) rebuilt into `taout`, each address handed to `callback` in
/// `taaddr` (reversed; it must give 1). 1; 0 on a syntax error (then
/// `taout` is left empty, where stock leaves what it had built); -1 when
/// out of memory or when the callback gave anything but 1 (errno as the
/// callback left it).
///
/// # Safety
/// The three arrays valid, the texts of `ta`'s tokens (and of those the
/// callback makes) readable while this runs and afterwards while
/// `taout` is used.
#[no_mangle]
pub unsafe extern "C" fn token822_addrlist(
    taout: *mut token822_alloc,
    taaddr: *mut token822_alloc,
    ta: *mut token822_alloc,
    callback: Option<token822_callback>,
) -> c_int {
    let (Some(out), Some(addr), Some(callback)) = (ta_mut(taout), ta_mut(taaddr), callback) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: valid (the caller's promise).
    let Some(ta) = (unsafe { ta.as_ref() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    out.len = 0;
    addr.len = 0;
    if !gen_readyplus(&mut out.t, &mut out.len, &mut out.a, 1, 30)
        || !gen_readyplus(&mut addr.t, &mut addr.len, &mut addr.a, 1, 30)
    {
        return -1;
    }
    // SAFETY: as promised.
    let mut toks = unsafe { tokens(ta) };
    let mut refused = false;
    let addrp: *mut token822_alloc = addr;
    let mut hook = |v: &mut Vec<CTok>| -> Result<(), Errno> {
        let raw: Vec<token822> = v.iter().map(|t| t.raw).collect();
        // SAFETY: addrp is the caller's valid taaddr; nothing else
        // refers to it while this runs.
        let a = unsafe { &mut *addrp };
        // SAFETY: a valid.
        if !unsafe { store(a, &raw) } {
            return Err(Errno(libc::ENOMEM));
        }
        // SAFETY: the caller's callback on the caller's array.
        if unsafe { callback(addrp) } != 1 {
            refused = true;
            return Err(Errno(0));
        }
        // SAFETY: the callback left a valid array whose texts stay
        // readable (the caller's promise).
        let back = unsafe { tokens(&*addrp) };
        v.clear();
        v.try_reserve(back.len()).map_err(|_| Errno(libc::ENOMEM))?;
        v.extend(back);
        // SAFETY: as above.
        unsafe { (*addrp).len = 0 };
        Ok(())
    };
    let r = t822::addrlist(&mut toks, &mut hook);
    match r {
        Ok(Some(v)) => {
            let raw: Vec<token822> = v.iter().map(|t| t.raw).collect();
            // SAFETY: taout valid.
            if unsafe { store(&mut *taout, &raw) } {
                1
            } else {
                -1
            }
        }
        Ok(None) => 0,
        Err(e) => {
            if !refused {
                set_errno(e.0);
            }
            -1
        }
    }
}
