//! STARTTLS and AUTH (docs/EXTENSIONS.md) against the peers mail servers
//! meet in the wild, not scripted ones:
//!
//! - qmail-smtpd under tcpserver on 127.0.0.1:25 with swaks (its `--tls`,
//!   `--tls-on-connect`, `--auth LOGIN/PLAIN`, `--tls-cert`) and Python's
//!   smtplib (`starttls`, `login`, `SMTP_SSL`) as the clients
//!   (tests/harness/smtplib_client.py); `openssl s_client -starttls smtp`
//!   is in tests/smtpd_tls.rs. Messages go to the qmail-queue stand-in of
//!   tests/common, which keeps the bytes, the envelope and RELAYCLIENT.
//! - qmail-remote against aiosmtpd (Debian's python3-aiosmtpd), a real
//!   SMTP server with Python's ssl module for TLS
//!   (tests/harness/aiosmtpd_peer.py), found through dnsmasq: verified,
//!   unverified, mandatory, refused and failing handshakes, TLS 1.2 and
//!   port 465. The server records what it saw: the TLS version and suite,
//!   whether the client showed a certificate, the envelope and the bytes.
//!
//! Everything runs in the private namespaces of tests/harness/qmail-ns.sh;
//! the certificates are made with rcgen.

#![allow(clippy::unwrap_used)]

mod common;

use common::{ca, Case, Home, MX};

// ---- qmail-smtpd with real clients ----

/// Runs the shell command line `client` against qmail-smtpd (with
/// `args`) under `tcpserver -HR` on 127.0.0.1:25 in `h`'s namespace, with
/// /etc/hosts naming 127.0.0.1 golden.example. Returns the client's
/// output (stdout and stderr) and exit code.
fn under_tcpserver(h: &Home, env: &[(&str, &str)], args: &str, client: &str) -> (String, i32) {
    let bin = env!("CARGO_BIN_EXE_qmail-smtpd");
    let script = format!(
        "echo '127.0.0.1 golden.example' > /etc/hosts\n\
         tcpserver -HR -l golden.example 127.0.0.1 25 {bin} {args} 2>/dev/null &\n\
         n=0; until grep -q ':0019 00000000:0000 0A' /proc/net/tcp || [ $n -ge 200 ]; do sleep 0.05; n=$((n+1)); done\n\
         {client} 2>&1\necho \"rc $?\"\n"
    );
    let mut cmd = h.ns("sh");
    cmd.arg("-c").arg(&script);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    let (body, rc) = text.trim_end().rsplit_once("rc ").unwrap();
    (body.to_string(), rc.parse().unwrap())
}

/// A home with a server certificate, the CA's certificate as ca.pem and
/// the message swaks sends as swaks.eml.
fn home(name: &str) -> Home {
    let h = Home::new("tls-peers", name, true);
    h.write("ca.pem", &h.ca.cert.pem());
    h.write(
        "swaks.eml",
        "Subject: swaks\r\n\r\nhello from swaks\r\n..a dot",
    );
    h
}

/// Runs swaks with `opts` against qmail-smtpd with `smtpd_args` (see
/// under_tcpserver): from a@client.example to c@elsewhere.example (a
/// relayed recipient: refused unless AUTH or a client certificate lets
/// it through), the server's certificate verified for golden.example.
/// Its output and exit code.
fn swaks(h: &Home, env: &[(&str, &str)], smtpd_args: &str, opts: &str) -> (String, i32) {
    let client = format!(
        "swaks --server golden.example:25 --ehlo client.example --from a@client.example \
         --to c@elsewhere.example --data @{d}/swaks.eml --tls-verify --tls-ca-path {d}/ca.pem {opts}",
        d = h.dir.display()
    );
    under_tcpserver(h, env, smtpd_args, &client)
}

/// swaks with `opts` against qmail-smtpd offering AUTH.
fn swaks_auth(h: &Home, opts: &str) -> (String, i32) {
    swaks(h, &[], &h.auth_args(), opts)
}

/// Asserts that each of `want` is in `t`, one after the other.
fn lines_in_order(t: &str, want: &[&str]) {
    let mut rest = t;
    for w in want {
        let i = rest.find(w);
        assert!(i.is_some(), "{w:?} not found in order in:\n{t}");
        rest = &rest[i.unwrap_or(0) + w.len()..];
    }
}

/// Asserts that the message from a@client.example went to qmail-queue
/// relayed for c@elsewhere.example because alice authenticated, with
/// `body` after the Received line.
fn relayed_as_alice(h: &Home, body: &str) {
    assert_eq!(h.read("relay"), "RELAYCLIENT=\n");
    assert_eq!(
        h.read("envelope"),
        "Fa@client.example\0Tc@elsewhere.example\0\0"
    );
    let msg = h.read("msg");
    assert!(
        msg.starts_with(
            "Received: from unknown (HELO client.example) (alice@127.0.0.1)\n  \
             by golden.example with ESMTPA; "
        ),
        "{msg}"
    );
    assert!(msg.ends_with(&format!("\n{body}")), "{msg}");
}

/// What qmail-queue gets of swaks.eml: swaks ends the last line and
/// doubles the leading dot, qmail-smtpd takes the doubling away.
const SWAKS_MSG: &str = "Subject: swaks\n\nhello from swaks\n..a dot\n";

#[test]
fn swaks_starttls_auth_plain_relays() {
    let h = home("swaksplain");
    let (t, rc) = swaks_auth(
        &h,
        "--tls --auth PLAIN --auth-user alice --auth-password wonderland",
    );
    assert_eq!(rc, 0, "{t}");
    lines_in_order(
        &t,
        &[
            "<-  220 golden.example ESMTP\n",
            "<-  250-STARTTLS\n",
            " -> STARTTLS\n",
            "<-  220 ready for tls\n",
            "=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256\n",
            " ~> EHLO client.example\n",
            "<~  250-AUTH LOGIN PLAIN\n",
            " ~> AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\n",
            "<~  235 ok, go ahead (#2.0.0)\n",
            "<~  250 ok\n",
            "<~  250 ok\n",
            "<~  354 go ahead\n",
            "<~  250 ok ",
            "<~  221 golden.example\n",
        ],
    );
    assert!(
        !t.contains("<-  250-AUTH"),
        "AUTH offered in plaintext:\n{t}"
    );
    assert_eq!(h.read("checkin"), "alice\0wonderland\0");
    relayed_as_alice(&h, SWAKS_MSG);
}

#[test]
fn swaks_auth_login_with_a_wrong_password_is_refused() {
    let h = home("swakslogin");
    let (t, rc) = swaks_auth(
        &h,
        "--tls --auth LOGIN --auth-user alice --auth-password wrong",
    );
    assert_eq!(rc, 28, "{t}");
    lines_in_order(
        &t,
        &[
            " ~> AUTH LOGIN\n",
            "<~  334 VXNlcm5hbWU6\n",
            " ~> YWxpY2U=\n",
            "<~  334 UGFzc3dvcmQ6\n",
            " ~> d3Jvbmc=\n",
            "<~* 535 authentication failed (#5.7.1)\n",
            "*** No authentication type succeeded\n",
            " ~> QUIT\n",
            "<~  221 golden.example\n",
        ],
    );
    assert_eq!(h.read("checkin"), "alice\0wrong\0");
    assert_eq!(h.read("msg"), "");
}

#[test]
fn swaks_without_tls_is_offered_no_auth() {
    let h = home("swaksnotls");
    let (t, rc) = swaks_auth(
        &h,
        "--auth PLAIN --auth-user alice --auth-password wonderland",
    );
    assert_eq!(rc, 28, "{t}");
    assert!(
        t.contains("<-  250-STARTTLS\n") && !t.contains("250-AUTH"),
        "{t}"
    );
    assert!(
        t.contains("*** Host did not advertise authentication\n"),
        "{t}"
    );
    assert!(!t.contains(" -> AUTH"), "{t}");
    assert_eq!(h.read("checkin"), "");
    assert_eq!(h.read("msg"), "");
}

#[test]
fn swaks_without_auth_may_not_relay() {
    let h = home("swaksnoauth");
    let (t, rc) = swaks_auth(&h, "--tls");
    assert_eq!(rc, 24, "{t}");
    assert!(
        t.contains(
            "<~* 553 sorry, that domain isn't in my list of allowed rcpthosts; \
             no valid cert for gatewaying (#5.7.1)\n"
        ),
        "{t}"
    );
    assert_eq!(h.read("msg"), "");
}

#[test]
fn swaks_client_certificate_listed_in_tlsclients_relays() {
    let h = home("swakscert");
    h.relay_by_cert("friend@client.example\n");
    h.client_cert(None, Some("friend@client.example"));
    let d = h.dir.display();
    let (t, rc) = swaks(
        &h,
        &[],
        "",
        &format!("--tls --tls-cert {d}/client.pem --tls-key {d}/client.key"),
    );
    assert_eq!(rc, 0, "{t}");
    assert!(t.contains("<~  354 go ahead\n"), "{t}");
    assert_eq!(h.read("relay"), "RELAYCLIENT=\n");
    let msg = h.read("msg");
    assert!(
        msg.starts_with(
            "Received: from unknown (HELO client.example) (127.0.0.1)\n  by golden.example \
             with ESMTPS (TLS_AES_256_GCM_SHA384 encrypted)\n  (cert friend@client.example); "
        ),
        "{msg}"
    );
    assert!(msg.ends_with(&format!("\n{SWAKS_MSG}")), "{msg}");
}

#[test]
fn swaks_tls_on_connect_with_tls12() {
    let h = home("swakssmtps");
    h.write("control/rcpthosts", "elsewhere.example\n");
    let (t, rc) = swaks(
        &h,
        &[("SMTPS", "1")],
        "",
        "--tls-on-connect --tls-protocol tlsv1_2",
    );
    assert_eq!(rc, 0, "{t}");
    lines_in_order(
        &t,
        &[
            "=== TLS started with cipher TLSv1.2:ECDHE-ECDSA-AES256-GCM-SHA384:256\n",
            "<~  220 golden.example ESMTP\n",
            " ~> EHLO client.example\n",
            "<~  250 8BITMIME\n",
            "<~  250 ok ",
        ],
    );
    assert!(!t.contains("STARTTLS"), "{t}");
    assert!(
        h.read("msg")
            .contains(" with ESMTPS (ECDHE-ECDSA-AES256-GCM-SHA384 encrypted); "),
        "{}",
        h.read("msg")
    );
    assert_eq!(h.read("relay"), "RELAYCLIENT=unset\n");
}

/// smtplib_client.py with `args`: its output and exit code.
fn smtplib(h: &Home, env: &[(&str, &str)], smtpd_args: &str, args: &str) -> (String, i32) {
    let mut env = env.to_vec();
    let ca = format!("{}/ca.pem", h.dir.display());
    env.push(("CA", &ca));
    under_tcpserver(
        h,
        &env,
        smtpd_args,
        &format!(
            "/usr/bin/python3 {}/tests/harness/smtplib_client.py {args}",
            env!("CARGO_MANIFEST_DIR")
        ),
    )
}

const SMTPLIB_MSG: &str = "Subject: smtplib\n\nhello from smtplib\n";

#[test]
fn smtplib_starttls_and_login_relay() {
    let h = home("smtplib");
    let (t, rc) = smtplib(&h, &[], &h.auth_args(), "starttls alice wonderland");
    assert_eq!(rc, 0, "{t}");
    assert_eq!(
        t,
        "ehlo 250 starttls=yes auth=none\n\
         starttls 220 ready for tls\n\
         tls TLSv1.3 TLS_AES_256_GCM_SHA384 verified golden.example\n\
         ehlo 250 starttls=no auth=LOGIN PLAIN\n\
         auth 235 ok, go ahead (#2.0.0)\n\
         sendmail refused {}\n\
         quit 221 golden.example\n"
    );
    // smtplib prefers PLAIN of the two
    assert_eq!(h.read("checkin"), "alice\0wonderland\0");
    relayed_as_alice(&h, SMTPLIB_MSG);
}

#[test]
fn smtplib_login_chooses_cram_md5_when_offered() {
    let h = home("smtplibcram");
    let (t, rc) = smtplib(
        &h,
        &[("SMTPAUTH", "+cram")],
        &h.auth_args(),
        "starttls alice wonderland",
    );
    assert_eq!(rc, 0, "{t}");
    assert!(
        t.contains(
            "ehlo 250 starttls=no auth=LOGIN PLAIN CRAM-MD5\nauth 235 ok, go ahead (#2.0.0)\n"
        ),
        "{t}"
    );
    let checkin = h.read("checkin");
    let parts: Vec<&str> = checkin.split('\0').collect();
    assert_eq!(parts[0], "alice", "{checkin:?}");
    assert_eq!(parts[1].len(), 32, "{checkin:?}");
    assert!(parts[2].ends_with("@golden.example>"), "{checkin:?}");
    assert_eq!(h.read("relay"), "RELAYCLIENT=\n");
}

#[test]
fn smtplib_auth_login_with_a_wrong_password_gets_535() {
    let h = home("smtplibwrong");
    let (t, rc) = smtplib(&h, &[], &h.auth_args(), "starttls alice wrong LOGIN");
    assert_eq!(rc, 1, "{t}");
    assert!(
        t.ends_with(
            "ehlo 250 starttls=no auth=LOGIN PLAIN\nerror 535 authentication failed (#5.7.1)\n"
        ),
        "{t}"
    );
    assert_eq!(h.read("checkin"), "alice\0wrong\0");
    assert_eq!(h.read("msg"), "");
}

#[test]
fn smtplib_smtp_ssl_with_smtps() {
    let h = home("smtplibssl");
    h.write("control/rcpthosts", "elsewhere.example\n");
    let (t, rc) = smtplib(&h, &[("SMTPS", "1")], "", "smtps");
    assert_eq!(rc, 0, "{t}");
    assert_eq!(
        t,
        "tls TLSv1.3 TLS_AES_256_GCM_SHA384 verified golden.example\n\
         ehlo 250 starttls=no auth=none\n\
         sendmail refused {}\n\
         quit 221 golden.example\n"
    );
    let msg = h.read("msg");
    assert!(
        msg.contains(" with ESMTPS (TLS_AES_256_GCM_SHA384 encrypted); "),
        "{msg}"
    );
    assert!(msg.ends_with(&format!("\n{SMTPLIB_MSG}")), "{msg}");
}

// ---- qmail-remote against aiosmtpd ----

/// A qmail-remote case whose peer is aiosmtpd_peer.py on
/// 127.0.0.2:`port` with `opts` (cert=, key=, ca= name files of the case
/// directory: sink.pem, sink.key, ca.pem).
fn aiosmtpd_case(name: &str, port: u16, opts: &str) -> Case {
    let c = Case::new("tls-peers", name);
    let opts = opts
        .split_whitespace()
        .map(|o| match o.split_once('=') {
            Some((k, f)) if ["cert", "key", "ca"].contains(&k) => format!("{k}=\"$CASE/{f}\""),
            _ => o.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    c.write(
        "cmd",
        &format!(
            ". \"$HARNESS/lib.sh\"\ndnsmasq_start \"$CASE/dns\"\n\
             /usr/bin/python3 \"$HARNESS/aiosmtpd_peer.py\" \"$OUT/peer\" \"$OUT/ready\" \
             127.0.0.2 {port} {opts} 2>\"$OUT/peer.log\" &\npeer=$!\n\
             n=0; while [ ! -e \"$OUT/ready\" ] && [ $n -lt 200 ]; do n=$((n+1)); sleep 0.05; done\n\
             rm -f \"$OUT/ready\"\n\
             remote remote.example joe@golden.example ann@remote.example\nwait $peer\n"
        ),
    );
    c
}

/// Runs the case: (qmail-remote's report, the peer's record).
fn run(c: &Case) -> (String, String) {
    c.report("peer", &["peer.log"])
}

const TLS_CERT: &str = "cert=sink.pem key=sink.key";

fn delivered(report: &str) {
    assert!(
        report.starts_with(
            "rc: 0\n| r\n| K127.0.0.2 accepted message.\n\
             | Remote host said: 250 2.0.0 Ok: queued as 4711\n"
        ),
        "{report}"
    );
}

/// Runs the case and asserts that the message was delivered after a
/// STARTTLS whose outcome the peer records as `tls` (its tls and client
/// lines).
fn delivers_over(c: &Case, tls: &str) {
    let (report, got) = run(c);
    delivered(&report);
    assert_eq!(
        got,
        format!(
            "ehlo golden.example\n{tls}ehlo golden.example\nmail joe@golden.example\n\
             rcpt ann@remote.example\ndata\nSubject: hi\r\n\r\nbody\r\n.\nquit\nclosed\n"
        )
    );
}

/// Asserts that qmail-remote deferred the message over a failed handshake.
fn handshake_failed(report: &str) {
    assert!(
        report.starts_with("rc: 0\n| ZTLS connect failed: "),
        "{report}"
    );
    assert!(
        report.ends_with("; connected to 127.0.0.2.\n| \n"),
        "{report}"
    );
}

#[test]
fn remote_opportunistic_tls_shows_its_certificate_to_aiosmtpd() {
    let c = aiosmtpd_case("opportunistic", 25, &format!("{TLS_CERT} ca=ca.pem"));
    c.clientcert();
    delivers_over(
        &c,
        "tls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient golden.example\n",
    );
}

#[test]
fn remote_opportunistic_tls_to_an_unverified_server_delivers() {
    // the server's certificate is by a CA qmail-remote does not know
    let c = aiosmtpd_case("unverified", 25, TLS_CERT);
    c.sink_cert(&ca("Unknown CA"), MX);
    c.write("root/control/tlshosts/other.example.pem", &c.ca.cert.pem());
    delivers_over(&c, "tls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient none\n");
}

#[test]
fn remote_mandatory_tls_verified_delivers() {
    let c = aiosmtpd_case("verified", 25, TLS_CERT);
    c.mandatory();
    delivers_over(&c, "tls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient none\n");
}

#[test]
fn remote_mandatory_tls_with_an_unverifiable_server_sends_nothing() {
    let c = aiosmtpd_case("unverifiable", 25, TLS_CERT);
    c.mandatory_by(&ca("Other CA"));
    let (report, got) = run(&c);
    assert_eq!(
        report,
        format!(
            "rc: 0\n| ZTLS unable to verify server with control/tlshosts/{MX}.pem: \
             unable to verify the first certificate; connected to 127.0.0.2.\n| \n"
        )
    );
    assert_eq!(
        got,
        "ehlo golden.example\ntls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient none\nquit\nclosed\n"
    );
}

#[test]
fn remote_mandatory_tls_without_starttls_offered_sends_nothing() {
    let c = aiosmtpd_case("notoffered", 25, "");
    c.mandatory();
    let (report, got) = run(&c);
    assert_eq!(
        report,
        format!(
            "rc: 0\n| ZNo TLS achieved while control/tlshosts/{MX}.pem exists; \
             connecting to 127.0.0.2.\n| \n"
        )
    );
    assert_eq!(got, "ehlo golden.example\nquit\nclosed\n");
}

#[test]
fn remote_mandatory_tls_refused_by_the_server_is_deferred() {
    let c = aiosmtpd_case("refused", 25, &format!("{TLS_CERT} refuse"));
    c.mandatory();
    let (report, got) = run(&c);
    assert_eq!(
        report,
        format!(
            "rc: 0\n| ZSTARTTLS rejected while control/tlshosts/{MX}.pem exists; \
             connecting to 127.0.0.2.\n| Remote host said: 454 4.7.0 TLS not available \
             due to local problem\n| \n"
        )
    );
    assert_eq!(got, "ehlo golden.example\nstarttls refused\nquit\nclosed\n");
}

#[test]
fn remote_opportunistic_tls_refused_goes_on_in_plaintext() {
    let c = aiosmtpd_case("refusedopp", 25, &format!("{TLS_CERT} refuse"));
    c.clientcert();
    let (report, got) = run(&c);
    delivered(&report);
    assert_eq!(
        got,
        "ehlo golden.example\nstarttls refused\nmail joe@golden.example\n\
         rcpt ann@remote.example\ndata\nSubject: hi\r\n\r\nbody\r\n.\nquit\nclosed\n"
    );
}

#[test]
fn remote_failing_handshake_below_tls12_is_deferred() {
    let c = aiosmtpd_case("tls11", 25, &format!("{TLS_CERT} max=1.1"));
    c.clientcert();
    let (report, got) = run(&c);
    handshake_failed(&report);
    assert!(
        got.starts_with("ehlo golden.example\ntls failed\n"),
        "{got}"
    );
    assert!(!got.contains("mail "), "{got}");
}

/// A server that requires a client certificate, and qmail-remote has
/// none. In TLS 1.3 the client's side of the handshake is over before the
/// server looks at the certificate: the server then drops the connection
/// (asyncio sends no alert), which qmail-remote sees at the EHLO after
/// STARTTLS. In TLS 1.2 the handshake itself fails.
#[test]
fn remote_without_a_client_certificate_where_one_is_required_sends_nothing() {
    let c = aiosmtpd_case(
        "needcert",
        25,
        &format!("{TLS_CERT} ca=ca.pem require-client"),
    );
    c.mandatory();
    let (report, got) = run(&c);
    assert_eq!(
        report,
        "rc: 0\n| ZConnected to 127.0.0.2 but connection died. (#4.4.2)\n| \n"
    );
    assert_eq!(got, "ehlo golden.example\ntls failed\nclosed\n");
}

#[test]
fn remote_without_a_client_certificate_where_one_is_required_tls12() {
    let c = aiosmtpd_case(
        "needcert12",
        25,
        &format!("{TLS_CERT} ca=ca.pem require-client max=1.2"),
    );
    c.mandatory();
    let (report, got) = run(&c);
    handshake_failed(&report);
    assert_eq!(got, "ehlo golden.example\ntls failed\nclosed\n");
}

#[test]
fn remote_with_the_client_certificate_a_server_requires_delivers() {
    let c = aiosmtpd_case(
        "havecert",
        25,
        &format!("{TLS_CERT} ca=ca.pem require-client"),
    );
    c.mandatory();
    c.clientcert();
    delivers_over(
        &c,
        "tls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient golden.example\n",
    );
}

#[test]
fn remote_tls12_peer() {
    let c = aiosmtpd_case("tls12", 25, &format!("{TLS_CERT} max=1.2"));
    c.mandatory();
    delivers_over(
        &c,
        "tls TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384\nclient none\n",
    );
}

#[test]
fn remote_port_465_to_aiosmtpd_on_connect_tls() {
    let c = aiosmtpd_case("smtps", 465, &format!("{TLS_CERT} ca=ca.pem smtps"));
    c.clientcert();
    c.port_465();
    let (report, got) = run(&c);
    delivered(&report);
    assert_eq!(
        got,
        "tls TLSv1.3 TLS_AES_256_GCM_SHA384\nclient golden.example\nehlo golden.example\n\
         mail joe@golden.example\nrcpt ann@remote.example\ndata\nSubject: hi\r\n\r\nbody\r\n.\n\
         quit\nclosed\n"
    );
}
