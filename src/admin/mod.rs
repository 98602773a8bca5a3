//! What the administrator runs around the mail flow: the installed tree
//! (install, instcheck).

pub mod hier;
