//! byte.h, str.h, case.h, fmt.h, scan.h over [`crate::base::byte`],
//! [`crate::base::case`] and [`crate::base::fmt`].

use super::{bytes, bytes_mut, cstr};
use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};

/// byte_copy: `n` bytes from `from` to `to`, one at a time from the
/// first, so overlap is fine when `to` is before `from`.
///
/// # Safety
/// `to` writable and `from` readable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn byte_copy(to: *mut c_void, n: c_uint, from: *const c_void) {
    let (to, from) = (to.cast::<u8>(), from.cast::<u8>());
    for i in 0..n as usize {
        // SAFETY: both are valid for n bytes (the caller's promise); each
        // byte is read after the writes before it, as in C.
        unsafe { to.add(i).write(from.add(i).read()) }
    }
}

/// byte_copyr: like byte_copy, but from the last byte, so overlap is fine
/// when `to` is after `from`.
///
/// # Safety
/// As byte_copy.
#[no_mangle]
pub unsafe extern "C" fn byte_copyr(to: *mut c_void, n: c_uint, from: *const c_void) {
    let (to, from) = (to.cast::<u8>(), from.cast::<u8>());
    for i in (0..n as usize).rev() {
        // SAFETY: as in byte_copy.
        unsafe { to.add(i).write(from.add(i).read()) }
    }
}

/// byte_zero: `n` zero bytes at `s`.
///
/// # Safety
/// `s` writable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn byte_zero(s: *mut c_void, n: c_uint) {
    // SAFETY: s is writable for n bytes.
    unsafe { bytes_mut(s.cast(), n as usize) }.fill(0)
}

/// byte_diff: 0 when the `n` bytes at `s` and `t` agree, else the first
/// difference (unsigned bytes).
///
/// # Safety
/// Both readable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn byte_diff(s: *const c_void, n: c_uint, t: *const c_void) -> c_int {
    // SAFETY: both readable for n bytes.
    let (s, t) = unsafe { (bytes(s.cast(), n as usize), bytes(t.cast(), n as usize)) };
    crate::base::byte::diff(s, t)
}

/// byte_chr: index of the first `c` among `n` bytes, or `n`.
///
/// # Safety
/// `s` readable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn byte_chr(s: *const c_void, n: c_uint, c: c_int) -> c_uint {
    // SAFETY: s readable for n bytes.
    crate::base::byte::chr(unsafe { bytes(s.cast(), n as usize) }, c as u8) as c_uint
}

/// byte_rchr: index of the last `c` among `n` bytes, or `n`.
///
/// # Safety
/// `s` readable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn byte_rchr(s: *const c_void, n: c_uint, c: c_int) -> c_uint {
    // SAFETY: s readable for n bytes.
    crate::base::byte::rchr(unsafe { bytes(s.cast(), n as usize) }, c as u8) as c_uint
}

/// str_len: bytes before the NUL.
///
/// # Safety
/// `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn str_len(s: *const c_char) -> c_uint {
    // SAFETY: s is a C string.
    unsafe { cstr(s) }.len() as c_uint
}

/// The string with its NUL, so comparisons see the terminator like C.
///
/// # Safety
/// `s` a NUL-terminated string.
unsafe fn with_nul<'a>(s: *const c_char) -> &'a [u8] {
    // SAFETY: s is a C string: its bytes and the NUL are readable.
    unsafe { bytes(s, cstr(s).len() + 1) }
}

/// str_diff: 0 for equal strings, else the first difference (unsigned,
/// the NUL taking part).
///
/// # Safety
/// Both NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn str_diff(s: *const c_char, t: *const c_char) -> c_int {
    // SAFETY: both are C strings.
    crate::base::byte::diff(unsafe { with_nul(s) }, unsafe { with_nul(t) })
}

/// str_diffn: str_diff looking at no more than `n` bytes.
///
/// # Safety
/// Both NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn str_diffn(s: *const c_char, t: *const c_char, n: c_uint) -> c_int {
    // SAFETY: both are C strings.
    let (s, t) = unsafe { (with_nul(s), with_nul(t)) };
    let n = n as usize;
    crate::base::byte::diff(&s[..s.len().min(n)], &t[..t.len().min(n)])
}

/// str_chr: index of the first `c`, or the length.
///
/// # Safety
/// `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn str_chr(s: *const c_char, c: c_int) -> c_uint {
    // SAFETY: s is a C string.
    crate::base::byte::chr(unsafe { cstr(s) }, c as u8) as c_uint
}

/// str_rchr: index of the last `c`, or the length.
///
/// # Safety
/// `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn str_rchr(s: *const c_char, c: c_int) -> c_uint {
    // SAFETY: s is a C string.
    crate::base::byte::rchr(unsafe { cstr(s) }, c as u8) as c_uint
}

/// str_start: 1 when `s` begins with `t`.
///
/// # Safety
/// Both NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn str_start(s: *const c_char, t: *const c_char) -> c_int {
    // SAFETY: both are C strings.
    crate::base::byte::starts(unsafe { cstr(s) }, unsafe { cstr(t) }) as c_int
}

/// str_copy: copies `t` with its NUL to `s`; the length of `t`.
///
/// # Safety
/// `t` a C string, `s` writable for its length plus one.
#[no_mangle]
pub unsafe extern "C" fn str_copy(s: *mut c_char, t: *const c_char) -> c_uint {
    // SAFETY: t is a C string.
    let src = unsafe { with_nul(t) };
    // SAFETY: s has room for src (the caller's promise).
    unsafe { bytes_mut(s, src.len()) }.copy_from_slice(src);
    (src.len() - 1) as c_uint
}

/// case_diffb: case-insensitive byte_diff of `len` bytes.
///
/// # Safety
/// Both readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn case_diffb(s: *const c_char, len: c_uint, t: *const c_char) -> c_int {
    // SAFETY: both readable for len bytes.
    let (s, t) = unsafe { (bytes(s, len as usize), bytes(t, len as usize)) };
    crate::base::case::diffb(s, t, len as usize)
}

/// case_diffs: case-insensitive str_diff.
///
/// # Safety
/// Both NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn case_diffs(s: *const c_char, t: *const c_char) -> c_int {
    // SAFETY: both are C strings.
    crate::base::case::diffs(unsafe { cstr(s) }, unsafe { cstr(t) })
}

/// case_lowerb: lowercases `len` bytes in place (A-Z only).
///
/// # Safety
/// `s` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn case_lowerb(s: *mut c_char, len: c_uint) {
    // SAFETY: s writable for len bytes.
    crate::base::case::lowerb(unsafe { bytes_mut(s, len as usize) })
}

/// case_lowers: lowercases a C string in place.
///
/// # Safety
/// `s` a writable NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn case_lowers(s: *mut c_char) {
    // SAFETY: s is a C string, writable for its length.
    let n = unsafe { cstr(s) }.len();
    // SAFETY: as above.
    crate::base::case::lowerb(unsafe { bytes_mut(s, n) })
}

/// case_starts: 1 when the C string `s` begins with `t`, ignoring case.
///
/// # Safety
/// Both NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn case_starts(s: *const c_char, t: *const c_char) -> c_int {
    // SAFETY: both are C strings.
    crate::base::case::starts(unsafe { cstr(s) }, unsafe { cstr(t) }) as c_int
}

/// case_startb: 1 when the `len` bytes at `s` begin with the C string
/// `t`, ignoring case.
///
/// # Safety
/// `s` readable for `len` bytes; `t` a C string.
#[no_mangle]
pub unsafe extern "C" fn case_startb(s: *const c_char, len: c_uint, t: *const c_char) -> c_int {
    // SAFETY: as documented.
    crate::base::case::starts(unsafe { bytes(s, len as usize) }, unsafe { cstr(t) }) as c_int
}

/// Writes `src` to `s` unless `s` is null (FMT_LEN); its length.
///
/// # Safety
/// `s` null or writable for `src.len()` bytes.
unsafe fn emit(s: *mut c_char, src: &[u8]) -> c_uint {
    if !s.is_null() {
        // SAFETY: s has room for src (the caller's promise).
        unsafe { bytes_mut(s, src.len()) }.copy_from_slice(src);
    }
    src.len() as c_uint
}

/// fmt_ulong: the decimal digits of `u` (no NUL); their count. With `s`
/// null only counts.
///
/// # Safety
/// `s` null or writable for the digits (FMT_ULONG is always enough).
#[no_mangle]
pub unsafe extern "C" fn fmt_ulong(s: *mut c_char, u: c_ulong) -> c_uint {
    // unsigned long is 64 bits here, but not on every target.
    #[allow(clippy::useless_conversion)]
    let (d, n) = crate::base::fmt::ulong_digits(u64::from(u));
    // SAFETY: passed on.
    unsafe { emit(s, &d[..n]) }
}

/// fmt_uint: fmt_ulong for an unsigned int.
///
/// # Safety
/// As fmt_ulong.
#[no_mangle]
pub unsafe extern "C" fn fmt_uint(s: *mut c_char, u: c_uint) -> c_uint {
    // SAFETY: passed on.
    unsafe { fmt_ulong(s, u as c_ulong) }
}

/// fmt_uint0: fmt_uint padded with leading '0' to at least `n` digits.
///
/// # Safety
/// `s` null or writable for max(n, digits) bytes.
#[no_mangle]
pub unsafe extern "C" fn fmt_uint0(s: *mut c_char, u: c_uint, n: c_uint) -> c_uint {
    let (d, len) = crate::base::fmt::ulong_digits(u64::from(u));
    let pad = (n as usize).saturating_sub(len);
    if !s.is_null() {
        // SAFETY: s has room for pad + len bytes.
        let out = unsafe { bytes_mut(s, pad + len) };
        out[..pad].fill(b'0');
        out[pad..].copy_from_slice(&d[..len]);
    }
    (pad + len) as c_uint
}

/// fmt_str: copies the C string `t` without its NUL; its length.
///
/// # Safety
/// `t` a C string; `s` null or writable for its length.
#[no_mangle]
pub unsafe extern "C" fn fmt_str(s: *mut c_char, t: *const c_char) -> c_uint {
    // SAFETY: as documented.
    unsafe { emit(s, cstr(t)) }
}

/// fmt_strn: fmt_str copying at most `n` bytes.
///
/// # Safety
/// `t` a C string; `s` null or writable for min(n, its length).
#[no_mangle]
pub unsafe extern "C" fn fmt_strn(s: *mut c_char, t: *const c_char, n: c_uint) -> c_uint {
    // SAFETY: t is a C string.
    let src = unsafe { cstr(t) };
    // SAFETY: as documented.
    unsafe { emit(s, &src[..src.len().min(n as usize)]) }
}

/// The run of digits of `base` at `s` (read one byte at a time, exactly
/// as far as the C scanners read).
///
/// # Safety
/// `s` points at bytes ending in a byte that is not such a digit.
unsafe fn digit_run<'a>(s: *const c_char, base: u8) -> &'a [u8] {
    if s.is_null() {
        return &[];
    }
    let mut n = 0;
    // SAFETY: every byte up to and including the first non-digit is
    // readable (the caller's promise).
    while unsafe { *s.add(n) as u8 }.wrapping_sub(b'0') < base {
        n += 1;
    }
    // SAFETY: the n bytes just read.
    unsafe { bytes(s, n) }
}

/// scan_ulong: decimal digits at the start of `s` into `*u` (0 when
/// there are none); how many bytes were used.
///
/// # Safety
/// `s` points at bytes ending in a non-digit (a C string will do); `u`
/// writable.
#[no_mangle]
pub unsafe extern "C" fn scan_ulong(s: *const c_char, u: *mut c_ulong) -> c_uint {
    // SAFETY: as documented.
    let (v, n) = crate::base::fmt::scan_ulong(unsafe { digit_run(s, 10) });
    if !u.is_null() {
        // SAFETY: u is writable.
        unsafe { *u = v as c_ulong };
    }
    n as c_uint
}

/// scan_8long: scan_ulong for octal digits.
///
/// # Safety
/// As scan_ulong.
#[no_mangle]
pub unsafe extern "C" fn scan_8long(s: *const c_char, u: *mut c_ulong) -> c_uint {
    // SAFETY: as documented.
    let (v, n) = crate::base::fmt::scan_8long(unsafe { digit_run(s, 8) });
    if !u.is_null() {
        // SAFETY: u is writable.
        unsafe { *u = v as c_ulong };
    }
    n as c_uint
}
