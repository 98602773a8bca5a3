//! qmail, reimplemented one-to-one in Rust (baseline stock qmail 1.06).
//!
//! The library holds the byte-level behaviour the programs share;
//! `src/bin/<program>.rs` (or `src/bin/<program>/main.rs`, beside the
//! modules only that program uses) holds each stock program's flow. The
//! folders are qmail's families, from the ground up (docs/ARCHITECTURE.md):
//!
//! - [`sys`]: the system edge, every libc call (the only unsafe code with
//!   [`ffi`]); [`conf`]: the build-time constants of conf-files/.
//! - [`base`]: the byte-level library every program links.
//! - [`queue`]: the queue directory, its client (qmail-queue's protocol) and
//!   the qmail-clean protocol.
//! - [`send`]: qmail-send's scheduler and the spawn protocol its partners
//!   speak.
//! - [`local`]: local delivery: qmail-local, Maildir and the delivery
//!   helpers (forward, condredirect, ...).
//! - [`net`]: the network front ends.
//! - [`inject`]: qmail-inject's RFC 822 header handling.
//! - [`admin`]: the installed tree (install, instcheck).
//! - [`ffi`]: the C ABI, thin `extern "C"` shims over the above.

pub mod sys;

pub mod admin;
pub mod base;
pub mod conf;
pub mod ffi;
pub mod inject;
pub mod local;
pub mod net;
pub mod queue;
pub mod send;
