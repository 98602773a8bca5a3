//! What the administrator runs around the mail flow: the installed tree
//! (install, instcheck), qmail-pw2u's users/assign from passwd, and
//! splogger's syslog lines.

pub mod hier;
pub mod pw2u;
pub mod splog;
