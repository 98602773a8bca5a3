//! Header field names (hfield): which well-known field a header line is,
//! whether its name is well formed, and where its value starts.
//!
//! A field is recognised by its name in any mix of upper and lower case
//! letters (a `-` must be a `-`), then optional spaces and tabs, then `:`.

/// The fields qmail knows, numbered as stock numbers them (H_SENDER = 1,
/// ...); 0 is "unknown".
pub const SENDER: usize = 1;
pub const FROM: usize = 2;
pub const REPLYTO: usize = 3;
pub const TO: usize = 4;
pub const CC: usize = 5;
pub const BCC: usize = 6;
pub const DATE: usize = 7;
pub const MESSAGEID: usize = 8;
pub const SUBJECT: usize = 9;
pub const R_SENDER: usize = 10;
pub const R_FROM: usize = 11;
pub const R_REPLYTO: usize = 12;
pub const R_TO: usize = 13;
pub const R_CC: usize = 14;
pub const R_BCC: usize = 15;
pub const R_DATE: usize = 16;
pub const R_MESSAGEID: usize = 17;
pub const RETURNRECEIPTTO: usize = 18;
pub const ERRORSTO: usize = 19;
pub const APPARENTLYTO: usize = 20;
pub const RECEIVED: usize = 21;
pub const RETURNPATH: usize = 22;
pub const DELIVEREDTO: usize = 23;
pub const CONTENTLENGTH: usize = 24;
pub const CONTENTTYPE: usize = 25;
pub const CONTENTTRANSFERENCODING: usize = 26;
pub const NOTICEREQUESTEDUPONDELIVERYTO: usize = 27;
pub const MAILFOLLOWUPTO: usize = 28;
/// One more than the largest field number.
pub const NUM: usize = 29;

/// The names, lower case, indexed by field number (index 0 unused).
const NAMES: [&[u8]; NUM] = [
    b"",
    b"sender",
    b"from",
    b"reply-to",
    b"to",
    b"cc",
    b"bcc",
    b"date",
    b"message-id",
    b"subject",
    b"resent-sender",
    b"resent-from",
    b"resent-reply-to",
    b"resent-to",
    b"resent-cc",
    b"resent-bcc",
    b"resent-date",
    b"resent-message-id",
    b"return-receipt-to",
    b"errors-to",
    b"apparently-to",
    b"received",
    b"return-path",
    b"delivered-to",
    b"content-length",
    b"content-type",
    b"content-transfer-encoding",
    b"notice-requested-upon-delivery-to",
    b"mail-followup-to",
];

/// Whether `s` starts with the field name `name` (case-insensitively for
/// letters), optional blanks and a colon.
fn matches(s: &[u8], name: &[u8]) -> bool {
    if s.len() <= name.len() {
        return false;
    }
    for (&want, &got) in name.iter().zip(s) {
        // A letter also matches its upper-case form; '-' only itself.
        if want != got && (want == b'-' || want.wrapping_sub(32) != got) {
            return false;
        }
    }
    for &c in &s[name.len()..] {
        match c {
            b':' => return true,
            b' ' | b'\t' => {}
            _ => return false,
        }
    }
    false
}

/// The number of the well-known field the header line `s` is, or 0
/// (hfield_known). The first name that matches wins.
pub fn known(s: &[u8]) -> usize {
    (1..NUM).find(|&i| matches(s, NAMES[i])).unwrap_or(0)
}

/// Whether `s` looks like a header field (hfield_valid): it has a colon,
/// and the name before it (trailing spaces and tabs dropped) is not empty
/// and consists of printable non-space ASCII only.
pub fn valid(s: &[u8]) -> bool {
    let Some(colon) = s.iter().position(|&c| c == b':') else {
        return false;
    };
    let name = &s[..colon];
    let end = name
        .iter()
        .rposition(|&c| c != b' ' && c != b'\t')
        .map_or(0, |i| i + 1);
    end > 0 && name[..end].iter().all(|&c| (33..=126).contains(&c))
}

/// Offset of the field's value (hfield_skipname): just past the first
/// colon (or the end if there is none) and any spaces, tabs, CRs and LFs.
pub fn skipname(s: &[u8]) -> usize {
    let mut i = s.iter().position(|&c| c == b':').map_or(s.len(), |i| i + 1);
    while i < s.len() && matches!(s[i], b'\t' | b'\n' | b'\r' | b' ') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields_in_any_case_with_blanks_before_the_colon() {
        assert_eq!(known(b"To: a"), TO);
        assert_eq!(known(b"tO :a"), TO);
        assert_eq!(known(b"TO\t \t:"), TO);
        assert_eq!(known(b"RESENT-MESSAGE-ID: x"), R_MESSAGEID);
        assert_eq!(known(b"Mail-Followup-To: x"), MAILFOLLOWUPTO);
        assert_eq!(known(b"Content-Length:0"), CONTENTLENGTH);
        assert_eq!(known(b"Return-path: <>"), RETURNPATH);
        // Not a name match: extra letters, missing colon, '-' as '_'.
        assert_eq!(known(b"Tox: a"), 0);
        assert_eq!(known(b"To"), 0);
        assert_eq!(known(b"To a:"), 0);
        assert_eq!(known(b"Reply_To: a"), 0);
        assert_eq!(known(b"X-To: a"), 0);
        assert_eq!(known(b""), 0);
        // Case folding is letters-only arithmetic: '-' - 32 is '\r'.
        assert_eq!(known(b"Reply\rTo: a"), 0);
        // 8-bit bytes never match.
        assert_eq!(known(b"T\xcf: a"), 0);
    }

    #[test]
    fn every_name_is_known_as_itself() {
        for (i, n) in NAMES.iter().enumerate().skip(1) {
            let mut s = n.to_vec();
            s.push(b':');
            assert_eq!(known(&s), i);
            assert_eq!(known(&s.to_ascii_uppercase()), i);
        }
    }

    #[test]
    fn valid_names() {
        assert!(valid(b"X-Foo: bar\n"));
        assert!(valid(b"X-Foo :bar"));
        assert!(valid(b"a:"));
        assert!(valid(b"Subject: caf\xe9"));
        assert!(!valid(b": empty name"));
        assert!(!valid(b" \t: blank name"));
        assert!(!valid(b"no colon\n"));
        assert!(!valid(b"two words: x"));
        assert!(!valid(b" lead: x"));
        assert!(!valid(b"caf\xe9: x"));
        assert!(!valid(b"del\x7f: x"));
        assert!(!valid(b"From bob Mon"));
        assert!(!valid(b""));
    }

    #[test]
    fn skipname_skips_colon_and_white_space() {
        assert_eq!(skipname(b"To: a"), 4);
        assert_eq!(skipname(b"To:\r\n\t a"), 7);
        assert_eq!(skipname(b"To:"), 3);
        assert_eq!(skipname(b"none"), 4);
        assert_eq!(skipname(b"a: :b"), 3);
    }
}
