//! The byte-level library every program links, stock's own foundation
//! (its alloc/str/stralloc/substdio/error/fs/case/cdb archives): byte
//! strings, buffered fd I/O with stock's flush points, number and date
//! formatting, errno texts and fatal messages, option parsing, cdb, the
//! control-file reader, IP addresses, and the small containers qmail-send
//! keeps (prioq, constmap). Nothing here knows a program; everything above
//! builds on it, and it builds only on [`crate::sys`] and [`crate::conf`]. The qmail
//! users' ids come from [`users`], compiled in or looked up by name.

pub mod byte;
pub mod case;
pub mod cdb;
pub mod constmap;
pub mod control;
pub mod date822fmt;
pub mod datetime;
pub mod env;
pub mod error;
pub mod fmt;
pub mod fmtqfn;
pub mod getopt;
pub mod ip;
pub mod ipme;
pub mod prioq;
pub mod quote;
pub mod readsubdir;
pub mod stralloc;
pub mod strerr;
pub mod substdio;
pub mod syncdir;
pub mod trigger;
pub mod users;

#[cfg(test)]
pub(crate) mod tsv;
