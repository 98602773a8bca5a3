//! The delivery schedule's priority queue (prioq): a binary min-heap of
//! (time, id) keyed on the time alone.
//!
//! Among equal times the order in which entries come out is whatever the
//! sift-up and sift-down below produce, and qmail-send's delivery order
//! depends on it, so both are written step for step as qmail does them:
//! an insert stops climbing at a parent that is not later, and a removal
//! prefers the left child on a tie and stops when the moved last entry is
//! not later than the smaller child.

use crate::sys::Errno;

/// One scheduled entry: when, and which message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elt {
    /// Seconds since the epoch (datetime_sec).
    pub dt: i64,
    /// Message id.
    pub id: u64,
}

/// The heap; `p[0]` is the earliest entry.
#[derive(Clone, Debug, Default)]
pub struct Prioq {
    p: Vec<Elt>,
}

impl Prioq {
    /// An empty queue.
    pub fn new() -> Prioq {
        Prioq { p: Vec::new() }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.p.len()
    }

    /// True when there is nothing queued.
    pub fn is_empty(&self) -> bool {
        self.p.is_empty()
    }

    /// Adds `pe` (prioq_insert); fails only when memory runs out, leaving
    /// the queue as it was.
    pub fn insert(&mut self, pe: Elt) -> Result<(), Errno> {
        self.p.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        self.p.push(pe);
        sift_up(&mut self.p, pe, |e| e.dt);
        Ok(())
    }

    /// Gives every entry the time `dt` (qmail-send's pqrun on SIGALRM); the
    /// heap order stays valid since all times become equal.
    pub fn set_all(&mut self, dt: i64) {
        for e in &mut self.p {
            e.dt = dt;
        }
    }

    /// The earliest entry, if any (prioq_min).
    pub fn min(&self) -> Option<Elt> {
        self.p.first().copied()
    }

    /// Removes the earliest entry (prioq_delmin); nothing happens when
    /// the queue is empty.
    pub fn delmin(&mut self) {
        let Some(last) = self.p.pop() else {
            return;
        };
        sift_down(&mut self.p, last, |e| e.dt);
    }
}

/// The climb of an insert, on any heap of entries keyed by `dt`: `p`'s
/// last slot is the new one (its content is ignored); `pe` ends up where
/// it stops. Shared with the C ABI, whose heap is C's array.
pub fn sift_up<T: Copy>(p: &mut [T], pe: T, dt: impl Fn(&T) -> i64) {
    let Some(mut j) = p.len().checked_sub(1) else {
        return;
    };
    while j > 0 {
        let i = (j - 1) / 2;
        if dt(&p[i]) <= dt(&pe) {
            break;
        }
        p[j] = p[i];
        j = i;
    }
    p[j] = pe;
}

/// The descent of a removal of the first entry: `p` is the heap without
/// its last entry `last`, which is moved down from the top to where it
/// belongs (nothing happens when `p` is empty).
pub fn sift_down<T: Copy>(p: &mut [T], last: T, dt: impl Fn(&T) -> i64) {
    // `n` is the index of the entry being moved, now just past the end.
    let n = p.len();
    if n == 0 {
        return;
    }
    let mut i = 0;
    loop {
        let mut j = i + i + 2;
        if j > n {
            break;
        }
        // j may equal n: that slot is the moved entry itself, as in C.
        let right = if j == n { dt(&last) } else { dt(&p[j]) };
        if dt(&p[j - 1]) <= right {
            j -= 1;
        }
        let child = if j == n { dt(&last) } else { dt(&p[j]) };
        if dt(&last) <= child {
            break;
        }
        p[i] = p[j];
        i = j;
    }
    p[i] = last;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tsv::{num, rows};

    /// `tests/data/prioq.tsv` is a run of random operations recorded from
    /// the reference's prioq.o, with times drawn from ranges of 1, 2, 3, 5,
    /// 20 and 10^6 values so that most keys tie: `i dt id` inserts, `m dt
    /// id` is what prioq_min returned (`m - -` for empty), `d` is
    /// prioq_delmin (also on an empty queue).
    #[test]
    fn replays_recorded_c_run() {
        let data = include_str!("../../tests/data/prioq.tsv");
        let mut pq = Prioq::new();
        let mut mins = 0;
        for (line, f) in rows(data).iter().enumerate() {
            match f[0] {
                "i" => pq
                    .insert(Elt {
                        dt: num(f[1]),
                        id: num(f[2]),
                    })
                    .unwrap(),
                "d" => pq.delmin(),
                "m" if f[1] == "-" => assert_eq!(pq.min(), None, "line {line}"),
                "m" => {
                    let want = Elt {
                        dt: num(f[1]),
                        id: num(f[2]),
                    };
                    assert_eq!(pq.min(), Some(want), "line {line}");
                    mins += 1;
                }
                _ => panic!("bad row {f:?}"),
            }
        }
        assert!(mins > 1000);
        assert!(pq.is_empty());
    }
}
