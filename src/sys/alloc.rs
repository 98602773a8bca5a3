//! An allocator that waits out a memory shortage instead of aborting, for
//! the long-running qmail-send. Rust's collections abort the process when
//! an allocation fails; stock qmail-send instead logs
//! `alert: out of memory, sleeping...`, sleeps 10 seconds and tries again
//! (`while (!stralloc_...) nomem();`), so the scheduler keeps running and
//! the message it was handling goes on when memory is back. `Retry` gives
//! every allocation of a program that result: a program opts in with
//! `#[global_allocator] static A: Retry = Retry::new(System, pause);`.

use std::alloc::{GlobalAlloc, Layout};

/// Wraps allocator `A`: a failed allocation calls `pause` and is tried
/// again, until it succeeds.
pub struct Retry<A> {
    inner: A,
    pause: fn(),
}

impl<A> Retry<A> {
    pub const fn new(inner: A, pause: fn()) -> Self {
        Retry { inner, pause }
    }
}

impl<A: GlobalAlloc> Retry<A> {
    fn again(&self, mut f: impl FnMut() -> *mut u8) -> *mut u8 {
        loop {
            let p = f();
            if !p.is_null() {
                return p;
            }
            (self.pause)();
        }
    }
}

// SAFETY: every call is passed on to `inner` unchanged (same layout, same
// pointer); only a null result is turned into another try after `pause`,
// so the contract of GlobalAlloc holds as it holds for `inner`.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Retry<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, as GlobalAlloc::alloc requires.
        self.again(|| unsafe { self.inner.alloc(layout) })
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for alloc.
        self.again(|| unsafe { self.inner.alloc_zeroed(layout) })
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr came from inner with this layout (the caller's duty).
        unsafe { self.inner.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's block and size; a failed realloc leaves the
        // block as it was, so trying again is sound.
        self.again(|| unsafe { self.inner.realloc(ptr, layout, new_size) })
    }
}

/// qmail-send's pause (its `nomem`): the alert as one write to the log on
/// fd 0, then 10 seconds of sleep. Allocates nothing.
pub fn send_nomem() {
    let msg = b"alert: out of memory, sleeping...\n";
    // SAFETY: writes a static buffer of its own length; no memory effects.
    let _ = unsafe { libc::write(0, msg.as_ptr().cast(), msg.len()) };
    // SAFETY: sleep(3) has no memory effects.
    unsafe { libc::sleep(10) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// System, failing the first FAILS allocations.
    struct Flaky;
    static FAILS: AtomicUsize = AtomicUsize::new(0);
    static PAUSES: AtomicUsize = AtomicUsize::new(0);

    // SAFETY: System's own calls, or null, which GlobalAlloc allows.
    unsafe impl GlobalAlloc for Flaky {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            if FAILS.load(Ordering::SeqCst) > 0 {
                FAILS.fetch_sub(1, Ordering::SeqCst);
                return std::ptr::null_mut();
            }
            // SAFETY: the caller's layout.
            unsafe { System.alloc(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            // SAFETY: p came from System.alloc with l.
            unsafe { System.dealloc(p, l) }
        }
    }

    fn pause() {
        PAUSES.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn a_failed_allocation_pauses_and_is_tried_again() {
        let a = Retry::new(Flaky, pause);
        let l = Layout::from_size_align(64, 8).unwrap_or(Layout::new::<u64>());
        FAILS.store(3, Ordering::SeqCst);
        // SAFETY: a valid layout; the block is freed with it below.
        let p = unsafe { a.alloc(l) };
        assert!(!p.is_null());
        assert_eq!(PAUSES.load(Ordering::SeqCst), 3);
        // SAFETY: p came from a.alloc(l) and is freed once; realloc of a
        // live block, then freed with the new layout.
        unsafe {
            FAILS.store(2, Ordering::SeqCst);
            let q = a.realloc(p, l, 128);
            assert!(!q.is_null());
            a.dealloc(q, Layout::from_size_align(128, 8).unwrap_or(l));
        }
        assert_eq!(PAUSES.load(Ordering::SeqCst), 5);
    }
}
