//! Build-time configuration from conf-files/ (stock's auto_* values):
//! `AUTO_QMAIL`, `AUTO_BREAK`, `AUTO_SPLIT`, `AUTO_SPAWN`, `AUTO_PATRN`,
//! `AUTO_SYNCDIR` (ours: fsync directories after committing steps), the
//! eight uids `AUTO_UIDA`..`AUTO_UIDS` with their names `AUTO_USERA`..,
//! and the two gids `AUTO_GIDQ`, `AUTO_GIDN` with `AUTO_GROUPQ`, `AUTO_GROUPN`.
//! build.rs reads the files with the rules of [`parse`] and resolves or pins
//! the ids (see its doc comment and README.md). In the `users-by-name`
//! build only the names are here, no `AUTO_UID*`/`AUTO_GID*`: programs get
//! ids from `base::users`, whichever the build.

pub mod parse;

include!(concat!(env!("OUT_DIR"), "/auto.rs"));
