//! The network edge: the command reader of the line-based servers
//! (qmail-smtpd, qmail-popup, qmail-pop3d), qmail-smtpd's dialogue pieces
//! (address parsing, rcpthosts, the DATA state) and the Received line the
//! front ends add.
//! qmail-qmtpd and qmail-qmqpd share them; the outbound side (qmail-remote,
//! DNS) lands here too.

pub mod commands;
pub mod received;
pub mod smtpd;
