//! qmail-smtpd's STARTTLS and SMTPS (docs/EXTENSIONS.md) against a real
//! TLS peer: Python's ssl module, driven step by step by
//! tests/harness/smtptls.py, on a socket pair in a private namespace. The
//! certificates are made with rcgen and messages go to a stand-in for
//! qmail-queue (QMAILQUEUE) that keeps the message, the envelope and the
//! RELAYCLIENT it was given (tests/common). tests/tls_peers.rs has the
//! clients found in the wild (swaks, smtplib).
//!
//! The expected texts are the patch's replies, as read in its source and
//! as the patched C build gives them (tests/golden/qmail-smtpd-tls/, see
//! EXTENSIONS.md).

#![allow(clippy::unwrap_used)]

mod common;

use common::{ca, leaf, Home, EMAIL_OID};
use rcgen::{CertificateParams, DnType, KeyPair};
use std::path::Path;

impl Home {
    /// Runs smtptls.py with `steps`; its transcript.
    fn run(&self, env: &[(&str, &str)], steps: &[&str]) -> String {
        let top = env!("CARGO_MANIFEST_DIR");
        let bin = Path::new(env!("CARGO_BIN_EXE_qmail-smtpd"));
        let mut cmd = self.ns("/usr/bin/python3");
        cmd.arg(format!("{top}/tests/harness/smtptls.py"))
            .arg(bin)
            .args(steps)
            .env("TCPREMOTEIP", "127.0.0.1")
            .env("TCPREMOTEHOST", "client.example")
            .env("TCPLOCALHOST", "golden.example");
        for (k, v) in env {
            cmd.env(k, v);
        }
        if self.dir.join("client.pem").exists() {
            cmd.env("TLS_CERT", self.dir.join("client.pem"))
                .env("TLS_KEY", self.dir.join("client.key"));
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
        text
    }
}

const GREETING: &str = "220 golden.example ESMTP\r\n";
const EHLO_TLS: &str = "250-golden.example\r\n250-STARTTLS\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
const EHLO_PLAIN: &str = "250-golden.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n";

#[test]
fn without_servercert_every_byte_is_stock() {
    let h = Home::new("smtpd-tls", "nocert", false);
    let t = h.run(
        &[],
        &[
            "read",
            "send:EHLO x\\r\\n",
            "read",
            "send:STARTTLS\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!(
            "{GREETING}{EHLO_PLAIN}502 unimplemented (#5.5.1)\r\n221 golden.example\r\nexit 0\n"
        )
    );
}

#[test]
fn starttls_session_delivers_with_the_esmtps_protocol_word() {
    let h = Home::new("smtpd-tls", "session", true);
    let t = h.run(
        &[],
        &[
            "read",
            "send:EHLO x\\r\\n",
            "read",
            "send:STARTTLS\\r\\n",
            "read",
            "tls",
            "send:EHLO client.example\\r\\n",
            "read",
            "send:STARTTLS\\r\\n",
            "read",
            "send:MAIL FROM:<a@client.example>\\r\\n",
            "read",
            "send:RCPT TO:<b@golden.example>\\r\\n",
            "read",
            "send:RCPT TO:<c@elsewhere.example>\\r\\n",
            "read",
            "send:DATA\\r\\n",
            "read",
            "send:Subject: hi\\r\\n\\r\\nbody\\r\\n.\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    let want_head = format!(
        "{GREETING}{EHLO_TLS}220 ready for tls\r\nTLS ok TLSv1.3\r\n{EHLO_PLAIN}\
         502 unimplemented (#5.5.1)\r\n250 ok\r\n250 ok\r\n\
         553 sorry, that domain isn't in my list of allowed rcpthosts; \
         no valid cert for gatewaying (#5.7.1)\r\n354 go ahead\r\n250 ok "
    )
    .replace("TLS ok TLSv1.3\r\n", "TLS ok TLSv1.3\n");
    assert!(t.starts_with(&want_head), "{t}");
    assert!(t.ends_with("221 golden.example\r\nexit 0\n"), "{t}");
    let msg = h.read("msg");
    assert!(
        msg.starts_with(
            "Received: from client.example (127.0.0.1)\n  by golden.example with \
             ESMTPS (TLS_AES_256_GCM_SHA384 encrypted); "
        ),
        "{msg}"
    );
    assert!(msg.ends_with("Subject: hi\n\nbody\n"), "{msg}");
    assert_eq!(h.read("relay"), "RELAYCLIENT=unset\n");
}

#[test]
fn tls12_names_its_suite_as_openssl_does() {
    let h = Home::new("smtpd-tls", "tls12", true);
    h.write(
        "control/tlsserverciphers",
        "ECDHE-ECDSA-AES128-GCM-SHA256\n",
    );
    let t = h.run(
        &[("TLS_MAX", "1.2")],
        &[
            "read",
            "send:STARTTLS\\r\\n",
            "read",
            "tls",
            "send:MAIL FROM:<>\\r\\nRCPT TO:<b@golden.example>\\r\\nDATA\\r\\n",
            "read",
            "read",
            "read",
            "send:x\\r\\n.\\r\\nQUIT\\r\\n",
            "read",
            "read",
        ],
    );
    assert!(t.contains("TLS ok TLSv1.2\n"), "{t}");
    assert!(t.ends_with("221 golden.example\r\nexit 0\n"), "{t}");
    assert!(
        h.read("msg")
            .contains(" with ESMTPS (ECDHE-ECDSA-AES128-GCM-SHA256 encrypted); "),
        "{}",
        h.read("msg")
    );
}

/// The STARTTLS command-injection bug: whatever comes with STARTTLS in the
/// same packet is plaintext an attacker may have added, and must not be
/// taken as said inside TLS. State from before the handshake (HELO, MAIL)
/// is gone too (RFC 3207).
#[test]
fn commands_pipelined_after_starttls_are_discarded() {
    let h = Home::new("smtpd-tls", "inject", true);
    let t = h.run(
        &[],
        &[
            "read",
            "send:HELO evil.example\\r\\nMAIL FROM:<early@evil.example>\\r\\n",
            "read",
            "read",
            "send:STARTTLS\\r\\nRSET\\r\\nMAIL FROM:<injected@evil.example>\\r\\n",
            "read",
            "tls",
            "send:RCPT TO:<b@golden.example>\\r\\n",
            "read",
            "send:MAIL FROM:<good@client.example>\\r\\nRCPT TO:<b@golden.example>\\r\\nDATA\\r\\n",
            "read",
            "read",
            "read",
            "send:x\\r\\n.\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    let want = format!(
        "{GREETING}250 golden.example\r\n250 ok\r\n220 ready for tls\r\nTLS ok TLSv1.3\n\
         503 MAIL first (#5.5.1)\r\n250 ok\r\n250 ok\r\n354 go ahead\r\n250 ok "
    );
    assert!(t.starts_with(&want), "{t}");
    assert!(t.ends_with("221 golden.example\r\nexit 0\n"), "{t}");
    // no HELO evil.example: the HELO before TLS was discarded
    let msg = h.read("msg");
    assert!(
        msg.starts_with(
            "Received: from client.example (127.0.0.1)\n  by golden.example with ESMTPS"
        ),
        "{msg}"
    );
    assert_eq!(
        h.read("envelope"),
        "Fgood@client.example\0Tb@golden.example\0\0"
    );
}

#[test]
fn starttls_with_a_parameter_is_refused() {
    let h = Home::new("smtpd-tls", "param", true);
    let t = h.run(
        &[],
        &[
            "read",
            "send:STARTTLS now\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!(
            "{GREETING}501 Syntax error (no parameters allowed) (#5.5.4)\r\n\
             221 golden.example\r\nexit 0\n"
        )
    );
}

#[test]
fn a_servercert_without_a_key_gets_454_and_plaintext_goes_on() {
    let h = Home::new("smtpd-tls", "nokey", true);
    let (c, _) = leaf(&h.ca, "golden.example", None);
    h.write("control/servercert.pem", &c);
    let t = h.run(
        &[],
        &[
            "read",
            "send:STARTTLS\\r\\n",
            "read",
            "send:NOOP\\r\\n",
            "read",
        ],
    );
    assert!(
        t.starts_with(&format!("{GREETING}454 TLS no valid RSA private key: ")),
        "{t}"
    );
    assert!(t.ends_with(" (#4.3.0)\r\n250 ok\r\nexit 1\n"), "{t}");
}

#[test]
fn a_client_below_tls12_is_refused() {
    let h = Home::new("smtpd-tls", "tls11", true);
    let t = h.run(
        &[("TLS_MAX", "1.1")],
        &["read", "send:STARTTLS\\r\\n", "read", "tls"],
    );
    assert!(
        t.starts_with(&format!("{GREETING}220 ready for tls\r\nTLS failed\n")),
        "{t}"
    );
    assert!(t.ends_with("exit 1\n"), "{t}");
}

#[test]
fn smtps_shakes_hands_before_the_greeting() {
    let h = Home::new("smtpd-tls", "smtps", true);
    let t = h.run(
        &[("SMTPS", "1")],
        &[
            "tls",
            "read",
            "send:EHLO x\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!("TLS ok TLSv1.3\n{GREETING}{EHLO_PLAIN}221 golden.example\r\nexit 0\n")
    );
}

#[test]
fn smtps_without_a_certificate_ends_the_session() {
    let h = Home::new("smtpd-tls", "smtpsnocert", false);
    let t = h.run(&[("SMTPS", "1")], &["read"]);
    assert!(t.starts_with("454 TLS missing certificate: "), "{t}");
    assert!(t.ends_with(" (#4.3.0)\r\nexit 1\n"), "{t}");
}

fn relay_steps() -> Vec<&'static str> {
    vec![
        "read",
        "send:STARTTLS\\r\\n",
        "read",
        "tls",
        "send:MAIL FROM:<a@client.example>\\r\\n",
        "read",
        "send:RCPT TO:<c@elsewhere.example>\\r\\n",
        "read",
        "send:RCPT TO:<d@elsewhere.example>\\r\\n",
        "read",
        "send:QUIT\\r\\n",
        "read",
    ]
}

#[test]
fn a_listed_client_certificate_relays() {
    let h = Home::new("smtpd-tls", "relay", true);
    h.relay_by_cert("friend@client.example\n");
    h.client_cert(None, Some("friend@client.example"));
    let mut steps = relay_steps();
    steps.truncate(10);
    steps.extend([
        "send:DATA\\r\\n",
        "read",
        "send:x\\r\\n.\\r\\nQUIT\\r\\n",
        "read",
        "read",
    ]);
    let t = h.run(&[], &steps);
    assert!(
        t.contains("TLS ok TLSv1.3\n250 ok\r\n250 ok\r\n250 ok\r\n354 go ahead\r\n250 ok "),
        "{t}"
    );
    let msg = h.read("msg");
    assert!(
        msg.starts_with(
            "Received: from client.example (127.0.0.1)\n  by golden.example with \
             ESMTPS (TLS_AES_256_GCM_SHA384 encrypted)\n  (cert friend@client.example); "
        ),
        "{msg}"
    );
    assert_eq!(h.read("relay"), "RELAYCLIENT=\n");
    assert_eq!(
        h.read("envelope"),
        "Fa@client.example\0Tc@elsewhere.example\0Td@elsewhere.example\0\0"
    );
}

fn refused(t: &str, why: &str) {
    let line = format!(
        "553 sorry, that domain isn't in my list of allowed rcpthosts; \
         no valid cert for gatewaying{why} (#5.7.1)\r\n"
    );
    assert!(
        t.contains(&format!("TLS ok TLSv1.3\n250 ok\r\n{line}{line}221 ")),
        "{t}"
    );
}

#[test]
fn an_unlisted_client_certificate_does_not_relay() {
    let h = Home::new("smtpd-tls", "unlisted", true);
    h.relay_by_cert("friend@client.example\n");
    h.client_cert(None, Some("stranger@client.example"));
    refused(
        &h.run(&[], &relay_steps()),
        ": email address not in my list of tlsclients",
    );
}

#[test]
fn a_client_certificate_without_email_does_not_relay() {
    let h = Home::new("smtpd-tls", "noemail", true);
    h.relay_by_cert("friend@client.example\n");
    h.client_cert(None, None);
    refused(&h.run(&[], &relay_steps()), ": contains no email address");
}

#[test]
fn a_client_certificate_from_another_ca_does_not_relay() {
    let h = Home::new("smtpd-tls", "otherca", true);
    h.relay_by_cert("friend@client.example\n");
    let other = ca("Other CA");
    h.client_cert(Some(&other), Some("friend@client.example"));
    refused(
        &h.run(&[], &relay_steps()),
        ": unable to verify the first certificate",
    );
}

#[test]
fn no_client_certificate_does_not_relay() {
    let h = Home::new("smtpd-tls", "nocc", true);
    h.relay_by_cert("friend@client.example\n");
    refused(&h.run(&[], &relay_steps()), "");
}

// SMTP AUTH (`qmail-smtpd hostname checkprogram subprogram`), with
// tests/harness/checkpw.py as the checker (Home::auth_args): user alice,
// password wonderland.

/// The steps of STARTTLS, then `more`.
fn over_tls<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["read", "send:STARTTLS\\r\\n", "read", "tls"];
    v.extend_from_slice(more);
    v
}

#[test]
fn auth_is_not_offered_before_tls() {
    let h = Home::new("smtpd-tls", "authplain", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args)],
        &[
            "read",
            "send:EHLO x\\r\\n",
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!(
            "{GREETING}250-golden.example\r\n250-STARTTLS\r\n250-PIPELINING\r\n\
             250-8BITMIME\r\n250 SIZE 0\r\n503 auth not available (#5.3.3)\r\n\
             221 golden.example\r\nexit 0\n"
        )
    );
    assert_eq!(h.read("checkin"), "");
}

#[test]
fn auth_plain_over_tls_relays_as_the_user() {
    let h = Home::new("smtpd-tls", "authok", true);
    let args = h.auth_args();
    h.write("control/databytes", "1000\n");
    let t = h.run(
        &[("SMTPD_ARGS", &args)],
        &over_tls(&[
            "send:EHLO x\\r\\n",
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:MAIL FROM:<a@client.example> SIZE=1001\\r\\n",
            "read",
            "send:MAIL FROM:<a@client.example> SIZE=999\\r\\n",
            "read",
            "send:RCPT TO:<c@elsewhere.example>\\r\\n",
            "read",
            "send:DATA\\r\\n",
            "read",
            "send:x\\r\\n.\\r\\nQUIT\\r\\n",
            "read",
            "read",
        ]),
    );
    let want = "TLS ok TLSv1.3\n250-golden.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n\
         250-AUTH LOGIN PLAIN\r\n250 SIZE 1000\r\n235 ok, go ahead (#2.0.0)\r\n\
         503 you're already authenticated (#5.5.0)\r\n\
         552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n\
         250 ok\r\n250 ok\r\n354 go ahead\r\n250 ok ";
    assert!(t.contains(want), "{t}");
    assert_eq!(h.read("checkin"), "alice\0wonderland\0");
    assert!(
        h.read("msg").starts_with(
            "Received: from client.example (HELO x) (alice@127.0.0.1)\n  by golden.example with ESMTPA; "
        ),
        "{}",
        h.read("msg")
    );
    assert_eq!(h.read("relay"), "RELAYCLIENT=\n");
}

#[test]
fn auth_login_prompts_and_a_wrong_password_or_user_fail_alike() {
    let h = Home::new("smtpd-tls", "authlogin", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args)],
        &over_tls(&[
            "send:AUTH LOGIN\\r\\n",
            "read",
            "send:YWxpY2U=\\r\\n",
            "read",
            "send:d3Jvbmc=\\r\\n",
            "read",
            "send:AUTH PLAIN AG1hbGxvcnkAd29uZGVybGFuZA==\\r\\n",
            "read",
            "send:AUTH LOGIN YWxpY2U=\\r\\n",
            "read",
            "send:d29uZGVybGFuZA==\\r\\n",
            "read",
            "send:RCPT TO:<c@elsewhere.example>\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ]),
    );
    assert!(
        t.ends_with(
            "TLS ok TLSv1.3\n334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n\
             535 authentication failed (#5.7.1)\r\n535 authentication failed (#5.7.1)\r\n\
             334 UGFzc3dvcmQ6\r\n235 ok, go ahead (#2.0.0)\r\n\
             503 MAIL first (#5.5.1)\r\n221 golden.example\r\nexit 0\n"
        ),
        "{t}"
    );
}

#[test]
fn auth_cram_md5_sends_the_challenge_to_the_checker() {
    let h = Home::new("smtpd-tls", "authcram", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args), ("SMTPAUTH", "+cram")],
        &over_tls(&[
            "send:EHLO x\\r\\n",
            "read",
            "send:AUTH CRAM-MD5\\r\\n",
            "read",
            "cram:alice:wonderland",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ]),
    );
    assert!(t.contains("250-AUTH LOGIN PLAIN CRAM-MD5\r\n"), "{t}");
    assert!(
        t.ends_with("235 ok, go ahead (#2.0.0)\r\n221 golden.example\r\nexit 0\n"),
        "{t}"
    );
    let checkin = h.read("checkin");
    let parts: Vec<&str> = checkin.split('\0').collect();
    assert_eq!(parts[0], "alice");
    assert_eq!(parts[1].len(), 32);
    assert!(
        parts[2].starts_with('<') && parts[2].ends_with("@golden.example>"),
        "{checkin}"
    );
}

#[test]
fn auth_bad_input_gets_the_patch_replies() {
    let h = Home::new("smtpd-tls", "authbad", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args), ("SMTPAUTH", "cram")],
        &over_tls(&[
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:AUTH CRAM-MD5\\r\\n",
            "read",
            "send:*\\r\\n",
            "read",
            "send:AUTH CRAM-MD5\\r\\n",
            "read",
            "send:not base64!\\r\\n",
            "read",
            "send:MAIL FROM:<>\\r\\n",
            "read",
            "send:AUTH CRAM-MD5\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ]),
    );
    assert!(
        t.contains("TLS ok TLSv1.3\n504 auth type unimplemented (#5.5.1)\r\n334 "),
        "{t}"
    );
    assert!(
        t.contains("501 auth exchange canceled (#5.0.0)\r\n334 "),
        "{t}"
    );
    assert!(
        t.ends_with(
            "501 malformed auth input (#5.5.4)\r\n250 ok\r\n\
             503 no auth during mail transaction (#5.5.0)\r\n221 golden.example\r\nexit 0\n"
        ),
        "{t}"
    );
    assert_eq!(h.read("checkin"), "");
}

#[test]
fn smtpauth_bang_requires_auth_before_mail() {
    let h = Home::new("smtpd-tls", "authreq", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args), ("SMTPAUTH", "!")],
        &over_tls(&[
            "send:MAIL FROM:<a@client.example>\\r\\n",
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:MAIL FROM:<a@client.example>\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ]),
    );
    assert!(
        t.ends_with(
            "TLS ok TLSv1.3\n530 Authorization required (#5.7.1) \r\n\
             235 ok, go ahead (#2.0.0)\r\n250 ok\r\n221 golden.example\r\nexit 0\n"
        ),
        "{t}"
    );
}

#[test]
fn allow_insecure_auth_offers_auth_in_plaintext() {
    let h = Home::new("smtpd-tls", "authinsecure", false);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args), ("ALLOW_INSECURE_AUTH", "1")],
        &[
            "read",
            "send:EHLO x\\r\\n",
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "send:QUIT\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!(
            "{GREETING}250-golden.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n\
             250-AUTH LOGIN PLAIN\r\n250 SIZE 0\r\n235 ok, go ahead (#2.0.0)\r\n\
             221 golden.example\r\nexit 0\n"
        )
    );
}

#[test]
fn auth_pipelined_with_starttls_is_discarded() {
    let h = Home::new("smtpd-tls", "authinject", true);
    let args = h.auth_args();
    let t = h.run(
        &[("SMTPD_ARGS", &args), ("ALLOW_INSECURE_AUTH", "1")],
        &[
            "read",
            "send:STARTTLS\\r\\nAUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
            "tls",
            "send:MAIL FROM:<a@client.example>\\r\\nRCPT TO:<c@elsewhere.example>\\r\\nQUIT\\r\\n",
            "read",
            "read",
            "read",
        ],
    );
    assert!(
        t.ends_with(
            "220 ready for tls\r\nTLS ok TLSv1.3\n250 ok\r\n553 sorry, that domain isn't in my \
             list of allowed rcpthosts; no valid cert for gatewaying (#5.7.1)\r\n\
             221 golden.example\r\nexit 0\n"
        ),
        "{t}"
    );
    assert_eq!(h.read("checkin"), "");
}

#[test]
fn without_a_checker_auth_is_stock_unimplemented() {
    let h = Home::new("smtpd-tls", "authnone", false);
    let t = h.run(
        &[("SMTPAUTH", "1")],
        &[
            "read",
            "send:AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\\r\\n",
            "read",
        ],
    );
    assert_eq!(
        t,
        format!("{GREETING}502 unimplemented (#5.5.1)\r\nexit 1\n")
    );
}

#[test]
fn a_revoked_client_certificate_does_not_relay() {
    let h = Home::new("smtpd-tls", "revoked", true);
    h.relay_by_cert("friend@client.example\n");
    // the client's certificate, serial 42, and a CRL of the CA naming it
    let mut p = CertificateParams::new(vec!["client.example".to_string()]).unwrap();
    p.distinguished_name.push(
        DnType::CustomDnType(EMAIL_OID.to_vec()),
        "friend@client.example",
    );
    p.serial_number = Some(rcgen::SerialNumber::from(42u64));
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &h.ca.cert, &h.ca.key).unwrap();
    h.write("client.pem", &cert.pem());
    h.write("client.key", &key.serialize_pem());
    let crl = rcgen::CertificateRevocationListParams {
        this_update: rcgen::date_time_ymd(2020, 1, 1),
        next_update: rcgen::date_time_ymd(4000, 1, 1),
        crl_number: rcgen::SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: vec![rcgen::RevokedCertParams {
            serial_number: rcgen::SerialNumber::from(42u64),
            revocation_time: rcgen::date_time_ymd(2021, 1, 1),
            reason_code: None,
            invalidity_date: None,
        }],
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    }
    .signed_by(&h.ca.cert, &h.ca.key)
    .unwrap();
    h.write("control/clientcrl.pem", &crl.pem().unwrap());
    refused(&h.run(&[], &relay_steps()), ": certificate revoked");
}

/// `openssl s_client -starttls smtp` against qmail-smtpd under tcpserver
/// on 127.0.0.1:25: another TLS stack as the client, over TCP.
#[test]
fn openssl_s_client_starttls_under_tcpserver() {
    let h = Home::new("smtpd-tls", "s_client", true);
    let bin = env!("CARGO_BIN_EXE_qmail-smtpd");
    let script = format!(
        "tcpserver -HR -l golden.example 127.0.0.1 25 {bin} &\n\
         n=0; until grep -q ':0019 ' /proc/net/tcp || [ $n -ge 100 ]; do sleep 0.05; n=$((n+1)); done\n\
         (printf 'EHLO client.example\\r\\nMAIL FROM:<a@client.example>\\r\\n\
RCPT TO:<b@golden.example>\\r\\nDATA\\r\\n'; sleep 1;\n\
          printf 'Subject: s_client\\r\\n\\r\\nhi\\r\\n.\\r\\n'; sleep 1; printf 'QUIT\\r\\n'; sleep 1) |\n\
           openssl s_client -starttls smtp -connect 127.0.0.1:25 -quiet -ign_eof 2>/dev/null\n"
    );
    let out = h.ns("sh").arg("-c").arg(&script).output().unwrap();
    let t = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        t.starts_with(
            "250-golden.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n250 ok\r\n250 ok\r\n\
             354 go ahead\r\n250 ok "
        ),
        "{t}"
    );
    assert!(t.ends_with("221 golden.example\r\n"), "{t}");
    let msg = h.read("msg");
    assert!(
        msg.starts_with("Received: from unknown (HELO client.example) (127.0.0.1)\n  by golden.example with ESMTPS ("),
        "{msg}"
    );
}

#[test]
fn an_idle_client_under_tls_gets_the_timeout_reply_inside_tls() {
    let h = Home::new("smtpd-tls", "timeout", true);
    h.write("control/timeoutsmtpd", "1\n");
    let t = h.run(&[], &over_tls(&["read"]));
    assert_eq!(
        t,
        format!("{GREETING}220 ready for tls\r\nTLS ok TLSv1.3\n451 timeout (#4.4.2)\r\nexit 1\n")
    );
}

#[test]
fn a_large_message_comes_in_through_tls_whole() {
    let h = Home::new("smtpd-tls", "large", true);
    let line = "z".repeat(998);
    let body: String = (0..100).map(|_| format!("{line}\\r\\n")).collect();
    let data = format!("send:Subject: big\\r\\n\\r\\n{body}.\\r\\n");
    let t = h.run(
        &[],
        &over_tls(&[
            "send:MAIL FROM:<a@client.example>\\r\\nRCPT TO:<b@golden.example>\\r\\nDATA\\r\\n",
            "read",
            "read",
            "read",
            &data,
            "read",
            "send:QUIT\\r\\n",
            "read",
        ]),
    );
    assert!(t.contains("354 go ahead\r\n250 ok "), "{t}");
    let want: String = (0..100).map(|_| format!("{line}\n")).collect();
    assert!(
        h.read("msg").ends_with(&format!("Subject: big\n\n{want}")),
        "{}",
        h.read("msg").len()
    );
}
