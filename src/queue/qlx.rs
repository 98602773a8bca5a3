//! The exit codes qmail-lspawn's helpers (qmail-getpw, qmail-local) use to
//! tell it what went wrong; qmail-lspawn turns each into its own report.

/// Bad usage.
pub const USAGE: i32 = 112;
/// Internal bug.
pub const BUG: i32 = 101;
/// Delivery to root refused.
pub const ROOT: i32 = 113;
/// A home directory's file system did not answer (NFS).
pub const NFS: i32 = 115;
/// No alias user.
pub const NOALIAS: i32 = 116;
/// Trouble with users/cdb.
pub const CDB: i32 = 117;
/// A system call failed temporarily.
pub const SYS: i32 = 118;
/// Out of memory.
pub const NOMEM: i32 = 119;
/// Could not run qmail-local (temporary).
pub const EXECSOFT: i32 = 120;
/// Could not run qmail-getpw.
pub const EXECPW: i32 = 121;
/// Could not run qmail-local (permanent).
pub const EXECHARD: i32 = 126;
