//! qmail, reimplemented one-to-one in Rust (baseline stock qmail 1.06).
//!
//! The library holds every byte-level behaviour; `src/bin/<program>.rs`
//! holds each stock program's flow. Modules mirror qmail's own families so a
//! reader of the C finds the twin. `unsafe` lives only in [`sys`] and [`ffi`]
//! (the C ABI); everything else is safe code.

pub mod sys;

pub mod byte;
pub mod case;
pub mod cdb;
pub mod child;
pub mod clean;
pub mod conf;
pub mod constmap;
pub mod control;
pub mod date822fmt;
pub mod datetime;
pub mod error;
pub mod ffi;
pub mod fmt;
pub mod fmtqfn;
pub mod getopt;
pub mod getpw;
pub mod headerbody;
pub mod hfield;
pub mod hier;
pub mod inject;
pub mod ip;
pub mod ipme;
pub mod local;
pub mod maildir;
pub mod newfield;
pub mod prioq;
pub mod pw2u;
pub mod qlx;
pub mod qmail;
pub mod qread;
pub mod queue;
pub mod quote;
pub mod readsubdir;
pub mod received;
pub mod script;
pub mod send;
pub mod smtpd;
pub mod spawn;
pub mod splog;
pub mod stralloc;
pub mod strerr;
pub mod substdio;
pub mod tcpto;
pub mod token822;
pub mod trigger;
pub mod users;

#[cfg(test)]
mod tsv;
