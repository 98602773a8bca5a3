//! The network edge: qmail-smtpd's dialogue pieces (address parsing,
//! rcpthosts, the DATA state) and the Received line the front ends add.
//! qmail-qmtpd and qmail-qmqpd share them; the outbound side (qmail-remote,
//! DNS) lands here too.

pub mod received;
pub mod remote;
pub mod smtpd;
pub mod tcpto;
