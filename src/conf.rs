//! Build-time configuration from conf-files/ (stock's auto_* values):
//! `AUTO_QMAIL`, `AUTO_BREAK`, `AUTO_SPLIT`, `AUTO_SPAWN`, `AUTO_PATRN`, the
//! eight uids `AUTO_UIDA`..`AUTO_UIDS` with their names `AUTO_USERA`..,
//! and the two gids `AUTO_GIDQ`, `AUTO_GIDN` with `AUTO_GROUPQ`, `AUTO_GROUPN`.
//! See build.rs for how each is read and how ids are resolved or pinned.

include!(concat!(env!("OUT_DIR"), "/auto.rs"));
