//! The network edge: qmail-smtpd's dialogue pieces (address parsing,
//! rcpthosts, the DATA state), the Received line the front ends add, and
//! DNS through the system resolver (`dns`).
//! qmail-qmtpd and qmail-qmqpd share them; the outbound side (qmail-remote)
//! lands here too.

pub mod dns;
pub mod received;
pub mod smtpd;
