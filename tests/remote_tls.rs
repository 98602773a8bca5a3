//! qmail-remote's STARTTLS (docs/EXTENSIONS.md) against a real TLS peer:
//! the recording SMTP sink (tests/harness/smtpsink.py, its `!tls` stage
//! runs Python's ssl module as the server), dnsmasq for the exchanger's
//! name, all in a private namespace through tests/harness/run-case. Each
//! test writes a case directory (cmd, script, dns, control files and
//! certificates made with rcgen) and reads the report and the bytes the
//! sink received. tests/tls_peers.rs has the same against aiosmtpd.
//!
//! The report texts are the patch's, as read in its source and as the
//! patched C build prints them (tests/golden/qmail-remote-tls/, see
//! EXTENSIONS.md).

#![allow(clippy::unwrap_used)]

mod common;

use common::{ca, Case, MX};

/// A case whose sink serves `script` on 127.0.0.2:`port`. The script
/// names the server's certificate and the CA /tmp/sink.pem... and gets
/// the case directory's paths.
fn sink_case(name: &str, script: &str, port: u16) -> Case {
    let c = Case::new("remote-tls", name);
    c.write(
        "script",
        &script.replace("/tmp/", &format!("{}/", c.dir.display())),
    );
    c.write(
        "cmd",
        &format!(
            ". \"$HARNESS/lib.sh\"\ndnsmasq_start \"$CASE/dns\"\n\
             sink_start script 127.0.0.2 {port}\n\
             remote remote.example joe@golden.example ann@remote.example\nsink_wait\n"
        ),
    );
    c
}

/// Runs the case: (report, what the sink received).
fn run(c: &Case) -> (String, String) {
    c.report("script.received", &[])
}

const GREET: &str = "220 mx.remote.example ESMTP\\r\\n\n";
const EHLO_TLS: &str = "250-mx.remote.example\\r\\n\n+250-STARTTLS\\r\\n\n+250 8BITMIME\\r\\n\n";
const EHLO_PLAIN: &str = "250-mx.remote.example\\r\\n\n+250 8BITMIME\\r\\n\n";
const STARTTLS: &str = "220 go ahead\\r\\n\n+!tls /tmp/sink.pem /tmp/sink.key\n";
const REST: &str = "250 ok\\r\\n\n250 ok\\r\\n\n354 go\\r\\n\n250 queued\\r\\n\n221 bye\\r\\n\n";

fn delivered(report: &str) {
    assert!(
        report.contains("| r\n| K127.0.0.2 accepted message.\n| Remote host said: 250 queued\n"),
        "{report}"
    );
}

const DIALOGUE_TAIL: &str = "MAIL FROM:<joe@golden.example>\r\nRCPT TO:<ann@remote.example>\r\n\
     DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n";

/// Runs the case and asserts that the message was delivered, the sink
/// having received `head` and then the mail transaction.
fn delivers_after(c: &Case, head: &str) {
    let (report, got) = run(c);
    delivered(&report);
    assert_eq!(got, format!("{head}{DIALOGUE_TAIL}"));
}

#[test]
fn opportunistic_starttls_with_the_client_certificate() {
    let script = format!(
        "{GREET}{EHLO_TLS}220 go ahead\\r\\n\n+!tls /tmp/sink.pem /tmp/sink.key /tmp/ca.pem\n\
         {EHLO_PLAIN}{REST}"
    );
    let c = sink_case("opportunistic", &script, 25);
    c.clientcert();
    delivers_after(
        &c,
        "EHLO golden.example\r\nSTARTTLS\r\n--- tls TLSv1.3 ---\n--- client golden.example ---\n\
         EHLO golden.example\r\n",
    );
}

#[test]
fn no_starttls_offered_goes_on_in_plaintext_after_ehlo() {
    let script = format!("{GREET}{EHLO_PLAIN}{REST}");
    let c = sink_case("notoffered", &script, 25);
    c.clientcert();
    delivers_after(&c, "EHLO golden.example\r\n");
}

#[test]
fn without_tls_set_up_it_is_stock_helo() {
    let script = format!("{GREET}250 mx.remote.example\\r\\n\n{REST}");
    let c = sink_case("stock", &script, 25);
    delivers_after(&c, "HELO golden.example\r\n");
}

#[test]
fn a_refused_ehlo_falls_back_to_helo() {
    let script = format!("{GREET}502 no\\r\\n\n250 mx.remote.example\\r\\n\n{REST}");
    let c = sink_case("ehlorefused", &script, 25);
    c.clientcert();
    delivers_after(&c, "EHLO golden.example\r\nHELO golden.example\r\n");
}

#[test]
fn mandatory_tls_verified_by_tlshosts() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}{EHLO_PLAIN}{REST}");
    let c = sink_case("mandatory", &script, 25);
    c.mandatory();
    delivers_after(
        &c,
        "EHLO golden.example\r\nSTARTTLS\r\n--- tls TLSv1.3 ---\n\
         EHLO golden.example\r\n",
    );
}

#[test]
fn mandatory_tls_not_offered_is_deferred() {
    let script = format!("{GREET}{EHLO_PLAIN}221 bye\\r\\n\n");
    let c = sink_case("mandnooffer", &script, 25);
    c.mandatory();
    let (report, got) = run(&c);
    assert!(
        report.contains(&format!(
            "| ZNo TLS achieved while control/tlshosts/{MX}.pem exists; \
             connecting to 127.0.0.2.\n"
        )),
        "{report}"
    );
    assert_eq!(got, "EHLO golden.example\r\nQUIT\r\n");
}

#[test]
fn mandatory_tls_with_a_certificate_from_another_ca_is_deferred() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}221 bye\\r\\n\n");
    let c = sink_case("mandotherca", &script, 25);
    c.mandatory_by(&ca("Other CA"));
    let (report, got) = run(&c);
    assert!(
        report.contains(&format!(
            "| ZTLS unable to verify server with control/tlshosts/{MX}.pem: \
             unable to verify the first certificate; connected to 127.0.0.2.\n"
        )),
        "{report}"
    );
    // nothing of the message went out
    assert_eq!(
        got,
        "EHLO golden.example\r\nSTARTTLS\r\n--- tls TLSv1.3 ---\nQUIT\r\n"
    );
}

#[test]
fn mandatory_tls_with_a_certificate_for_another_name_is_deferred() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}221 bye\\r\\n\n");
    let c = sink_case("mandname", &script, 25);
    c.mandatory();
    c.sink_cert(&c.ca, "other.example");
    let (report, got) = run(&c);
    assert!(
        report.contains(&format!(
            "| ZTLS unable to verify server {MX}: certificate contains no matching \
             dNSNnames; connected to 127.0.0.2.\n"
        )),
        "{report}"
    );
    assert!(!got.contains("MAIL FROM"), "{got}");
}

#[test]
fn mandatory_tls_refused_by_the_server_is_deferred() {
    let script = format!("{GREET}{EHLO_TLS}454 not now\\r\\n\n221 bye\\r\\n\n");
    let c = sink_case("mandrefused", &script, 25);
    c.mandatory();
    let (report, got) = run(&c);
    assert!(
        report.contains(&format!(
            "| ZSTARTTLS rejected while control/tlshosts/{MX}.pem exists; \
             connecting to 127.0.0.2.\n| Remote host said: 454 not now\n"
        )),
        "{report}"
    );
    assert_eq!(got, "EHLO golden.example\r\nSTARTTLS\r\nQUIT\r\n");
}

#[test]
fn opportunistic_starttls_refused_goes_on_in_plaintext() {
    let script = format!("{GREET}{EHLO_TLS}454 not now\\r\\n\n{REST}");
    let c = sink_case("oppofused", &script, 25);
    c.clientcert();
    delivers_after(&c, "EHLO golden.example\r\nSTARTTLS\r\n");
}

#[test]
fn a_failing_handshake_is_deferred() {
    let script =
        format!("{GREET}{EHLO_TLS}220 go ahead\\r\\n\n+!tls /tmp/sink.pem /tmp/sink.key max=1.1\n");
    let c = sink_case("handshake", &script, 25);
    c.clientcert();
    let (report, got) = run(&c);
    assert!(report.contains("| ZTLS connect failed: "), "{report}");
    assert!(report.contains("; connected to 127.0.0.2.\n"), "{report}");
    assert_eq!(
        got,
        "EHLO golden.example\r\nSTARTTLS\r\n--- tls failed ---\n"
    );
}

#[test]
fn notlshosts_turns_starttls_off_for_a_host() {
    let script = format!("{GREET}{EHLO_TLS}{REST}");
    let c = sink_case("notls", &script, 25);
    c.clientcert();
    c.write(&format!("root/control/notlshosts/{MX}"), "");
    delivers_after(&c, "EHLO golden.example\r\n");
}

#[test]
fn exhaustivelist_limits_tls_to_the_listed_hosts() {
    let script = format!("{GREET}{EHLO_TLS}{REST}");
    let c = sink_case("exhaustive", &script, 25);
    c.write("root/control/tlshosts/exhaustivelist", "");
    delivers_after(&c, "EHLO golden.example\r\n");
}

#[test]
fn port_465_is_tls_from_the_first_byte() {
    let script = format!("!tls /tmp/sink.pem /tmp/sink.key\n+{GREET}{EHLO_PLAIN}{REST}");
    let c = sink_case("smtps", &script, 465);
    c.port_465();
    delivers_after(&c, "--- tls TLSv1.3 ---\nEHLO golden.example\r\n");
}

#[test]
fn a_large_message_goes_through_tls_whole() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}{EHLO_PLAIN}{REST}");
    let c = sink_case("large", &script, 25);
    c.clientcert();
    let line = "y".repeat(998);
    let body: String = (0..300).map(|_| format!("{line}\n")).collect();
    c.write("msg", &format!("Subject: big\n\n{body}"));
    let (report, got) = run(&c);
    delivered(&report);
    let want: String = (0..300).map(|_| format!("{line}\r\n")).collect();
    assert!(
        got.contains(&format!("Subject: big\r\n\r\n{want}.\r\nQUIT\r\n")),
        "{} bytes",
        got.len()
    );
}
