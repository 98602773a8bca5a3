//! What the administrator runs around the mail flow: the installed tree
//! (install, instcheck) and qmail-pw2u's users/assign from passwd.

pub mod hier;
pub mod pw2u;
