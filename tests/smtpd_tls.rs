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

/// smtptls.py's steps for `dialogue`: "read", "tls", "eof", "send:..."
/// and "cram:..." are steps as they stand; anything else is a command
/// line, sent with its CRLF, and its one reply read.
fn steps(dialogue: &[&str]) -> Vec<String> {
    let mut v = Vec::new();
    for &d in dialogue {
        if ["read", "tls", "eof"].contains(&d) || d.starts_with("send:") || d.starts_with("cram:") {
            v.push(d.to_string());
        } else {
            v.push(format!("send:{d}\\r\\n"));
            v.push("read".to_string());
        }
    }
    v
}

/// A home of this test binary's, with a server certificate when `cert`.
fn home(name: &str, cert: bool) -> Home {
    Home::new("smtpd-tls", name, cert)
}

impl Home {
    /// Runs smtptls.py through the steps of `dialogue`; its transcript.
    fn run(&self, env: &[(&str, &str)], dialogue: &[&str]) -> String {
        let top = env!("CARGO_MANIFEST_DIR");
        let bin = Path::new(env!("CARGO_BIN_EXE_qmail-smtpd"));
        let mut cmd = self.ns("/usr/bin/python3");
        cmd.arg(format!("{top}/tests/harness/smtptls.py"))
            .arg(bin)
            .args(steps(dialogue))
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
    let h = home("nocert", false);
    let t = h.run(&[], &["read", "EHLO x", "STARTTLS", "QUIT"]);
    assert_eq!(
        t,
        format!(
            "{GREETING}{EHLO_PLAIN}502 unimplemented (#5.5.1)\r\n221 golden.example\r\nexit 0\n"
        )
    );
}

#[test]
fn starttls_session_delivers_with_the_esmtps_protocol_word() {
    let h = home("session", true);
    let t = h.run(
        &[],
        &[
            "read",
            "EHLO x",
            "STARTTLS",
            "tls",
            "EHLO client.example",
            "STARTTLS",
            "MAIL FROM:<a@client.example>",
            "RCPT TO:<b@golden.example>",
            "RCPT TO:<c@elsewhere.example>",
            "DATA",
            "send:Subject: hi\\r\\n\\r\\nbody\\r\\n.\\r\\n",
            "read",
            "QUIT",
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
    let h = home("tls12", true);
    h.write(
        "control/tlsserverciphers",
        "ECDHE-ECDSA-AES128-GCM-SHA256\n",
    );
    let t = h.run(
        &[("TLS_MAX", "1.2")],
        &over_tls(&[
            "send:MAIL FROM:<>\\r\\nRCPT TO:<b@golden.example>\\r\\nDATA\\r\\n",
            "read",
            "read",
            "read",
            "send:x\\r\\n.\\r\\nQUIT\\r\\n",
            "read",
            "read",
        ]),
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
    let h = home("inject", true);
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
            "RCPT TO:<b@golden.example>",
            "send:MAIL FROM:<good@client.example>\\r\\nRCPT TO:<b@golden.example>\\r\\nDATA\\r\\n",
            "read",
            "read",
            "read",
            "send:x\\r\\n.\\r\\n",
            "read",
            "QUIT",
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
    let h = home("param", true);
    let t = h.run(&[], &["read", "STARTTLS now", "QUIT"]);
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
    let h = home("nokey", true);
    let (c, _) = leaf(&h.ca, "golden.example", None);
    h.write("control/servercert.pem", &c);
    let t = h.run(&[], &["read", "STARTTLS", "NOOP"]);
    assert!(
        t.starts_with(&format!("{GREETING}454 TLS no valid RSA private key: ")),
        "{t}"
    );
    assert!(t.ends_with(" (#4.3.0)\r\n250 ok\r\nexit 1\n"), "{t}");
}

#[test]
fn a_client_below_tls12_is_refused() {
    let h = home("tls11", true);
    let t = h.run(&[("TLS_MAX", "1.1")], &over_tls(&[]));
    assert!(
        t.starts_with(&format!("{GREETING}220 ready for tls\r\nTLS failed\n")),
        "{t}"
    );
    assert!(t.ends_with("exit 1\n"), "{t}");
}

#[test]
fn smtps_shakes_hands_before_the_greeting() {
    let h = home("smtps", true);
    let t = h.run(&[("SMTPS", "1")], &["tls", "read", "EHLO x", "QUIT"]);
    assert_eq!(
        t,
        format!("TLS ok TLSv1.3\n{GREETING}{EHLO_PLAIN}221 golden.example\r\nexit 0\n")
    );
}

#[test]
fn smtps_without_a_certificate_ends_the_session() {
    let h = home("smtpsnocert", false);
    let t = h.run(&[("SMTPS", "1")], &["read"]);
    assert!(t.starts_with("454 TLS missing certificate: "), "{t}");
    assert!(t.ends_with(" (#4.3.0)\r\nexit 1\n"), "{t}");
}

/// A home whose control/tlsclients lets friend@client.example relay with
/// a certificate by its CA.
fn relay_home(name: &str) -> Home {
    let h = home(name, true);
    h.relay_by_cert("friend@client.example\n");
    h
}

/// Under TLS, a mail from a@client.example to two relayed recipients.
const RELAY: [&str; 3] = [
    "MAIL FROM:<a@client.example>",
    "RCPT TO:<c@elsewhere.example>",
    "RCPT TO:<d@elsewhere.example>",
];

#[test]
fn a_listed_client_certificate_relays() {
    let h = relay_home("relay");
    h.client_cert(None, Some("friend@client.example"));
    let mut dialogue = over_tls(&RELAY);
    dialogue.extend(["DATA", "send:x\\r\\n.\\r\\nQUIT\\r\\n", "read", "read"]);
    let t = h.run(&[], &dialogue);
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

/// Runs the relay dialogue (and QUIT) and asserts that both recipients
/// were refused for `why`.
fn refused(h: &Home, why: &str) {
    let mut dialogue = over_tls(&RELAY);
    dialogue.push("QUIT");
    let t = h.run(&[], &dialogue);
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
    let h = relay_home("unlisted");
    h.client_cert(None, Some("stranger@client.example"));
    refused(&h, ": email address not in my list of tlsclients");
}

#[test]
fn a_client_certificate_without_email_does_not_relay() {
    let h = relay_home("noemail");
    h.client_cert(None, None);
    refused(&h, ": contains no email address");
}

#[test]
fn a_client_certificate_from_another_ca_does_not_relay() {
    let h = relay_home("otherca");
    let other = ca("Other CA");
    h.client_cert(Some(&other), Some("friend@client.example"));
    refused(&h, ": unable to verify the first certificate");
}

#[test]
fn no_client_certificate_does_not_relay() {
    let h = relay_home("nocc");
    refused(&h, "");
}

/// The greeting, STARTTLS and the handshake, then `more`.
fn over_tls<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["read", "STARTTLS", "tls"];
    v.extend_from_slice(more);
    v
}

// SMTP AUTH (`qmail-smtpd hostname checkprogram subprogram`), with
// tests/harness/checkpw.py as the checker (Home::auth_args): user alice,
// password wonderland.

/// AUTH PLAIN for alice with her password.
const AUTH_ALICE: &str = "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=";

impl Home {
    /// `run` with AUTH's arguments for qmail-smtpd (SMTPD_ARGS).
    fn run_auth(&self, env: &[(&str, &str)], dialogue: &[&str]) -> String {
        let args = self.auth_args();
        let mut env = env.to_vec();
        env.insert(0, ("SMTPD_ARGS", &args));
        self.run(&env, dialogue)
    }
}

#[test]
fn auth_is_not_offered_before_tls() {
    let h = home("authplain", true);
    let t = h.run_auth(&[], &["read", "EHLO x", AUTH_ALICE, "QUIT"]);
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
    let h = home("authok", true);
    h.write("control/databytes", "1000\n");
    let t = h.run_auth(
        &[],
        &over_tls(&[
            "EHLO x",
            AUTH_ALICE,
            AUTH_ALICE,
            "MAIL FROM:<a@client.example> SIZE=1001",
            "MAIL FROM:<a@client.example> SIZE=999",
            "RCPT TO:<c@elsewhere.example>",
            "DATA",
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
    let h = home("authlogin", true);
    let t = h.run_auth(
        &[],
        &over_tls(&[
            "AUTH LOGIN",
            "YWxpY2U=",
            "d3Jvbmc=",
            "AUTH PLAIN AG1hbGxvcnkAd29uZGVybGFuZA==",
            "AUTH LOGIN YWxpY2U=",
            "d29uZGVybGFuZA==",
            "RCPT TO:<c@elsewhere.example>",
            "QUIT",
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
    let h = home("authcram", true);
    let t = h.run_auth(
        &[("SMTPAUTH", "+cram")],
        &over_tls(&[
            "EHLO x",
            "AUTH CRAM-MD5",
            "cram:alice:wonderland",
            "read",
            "QUIT",
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
    let h = home("authbad", true);
    let t = h.run_auth(
        &[("SMTPAUTH", "cram")],
        &over_tls(&[
            AUTH_ALICE,
            "AUTH CRAM-MD5",
            "*",
            "AUTH CRAM-MD5",
            "not base64!",
            "MAIL FROM:<>",
            "AUTH CRAM-MD5",
            "QUIT",
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
    let h = home("authreq", true);
    let t = h.run_auth(
        &[("SMTPAUTH", "!")],
        &over_tls(&[
            "MAIL FROM:<a@client.example>",
            AUTH_ALICE,
            "MAIL FROM:<a@client.example>",
            "QUIT",
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
    let h = home("authinsecure", false);
    let t = h.run_auth(
        &[("ALLOW_INSECURE_AUTH", "1")],
        &["read", "EHLO x", AUTH_ALICE, "QUIT"],
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
    let h = home("authinject", true);
    let t = h.run_auth(
        &[("ALLOW_INSECURE_AUTH", "1")],
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
    let h = home("authnone", false);
    let t = h.run(&[("SMTPAUTH", "1")], &["read", AUTH_ALICE]);
    assert_eq!(
        t,
        format!("{GREETING}502 unimplemented (#5.5.1)\r\nexit 1\n")
    );
}

#[test]
fn a_revoked_client_certificate_does_not_relay() {
    let h = relay_home("revoked");
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
    refused(&h, ": certificate revoked");
}

/// `openssl s_client -starttls smtp` against qmail-smtpd under tcpserver
/// on 127.0.0.1:25: another TLS stack as the client, over TCP.
#[test]
fn openssl_s_client_starttls_under_tcpserver() {
    let h = home("s_client", true);
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
    let h = home("timeout", true);
    h.write("control/timeoutsmtpd", "1\n");
    let t = h.run(&[], &over_tls(&["read"]));
    assert_eq!(
        t,
        format!("{GREETING}220 ready for tls\r\nTLS ok TLSv1.3\n451 timeout (#4.4.2)\r\nexit 1\n")
    );
}

#[test]
fn a_large_message_comes_in_through_tls_whole() {
    let h = home("large", true);
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
            "QUIT",
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
