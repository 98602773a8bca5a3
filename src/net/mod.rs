//! The network edge: the command reader of the line-based servers
//! (qmail-smtpd, qmail-popup, qmail-pop3d), qmail-smtpd's dialogue pieces
//! (address parsing, rcpthosts, the DATA state), the Received line the
//! front ends add, and DNS through the system resolver (`dns`).
//! qmail-qmtpd and qmail-qmqpd share them and read their netstrings
//! with `netstring` (which also reads qmail-qmqpc's answer). The outbound side is
//! qmail-remote's: smtproutes, the reply reader and the body encoder
//! (`remote`) and queue/lock/tcpto (`tcpto`). TLS for both, rustls under
//! the fds (`tls`, docs/EXTENSIONS.md).

pub mod auth;
pub mod commands;
pub mod dns;
pub mod netstring;
pub mod received;
pub mod remote;
pub mod remoteinfo;
pub mod smtpd;
pub mod tcpto;
pub mod tls;
