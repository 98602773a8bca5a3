//! qmail-remote's STARTTLS (docs/EXTENSIONS.md) against a real TLS peer:
//! the recording SMTP sink (tests/harness/smtpsink.py, its `!tls` stage
//! runs Python's ssl module as the server), dnsmasq for the exchanger's
//! name, all in a private namespace through tests/harness/run-case. Each
//! test writes a case directory (cmd, script, dns, control files and
//! certificates made with rcgen) and reads the report and the bytes the
//! sink received.
//!
//! No C reference with the STARTTLS patch exists here: the report texts
//! are the patch's, as read in its source (see EXTENSIONS.md).

#![allow(clippy::unwrap_used)]

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

fn ca(name: &str) -> Ca {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let cert = p.self_signed(&key).unwrap();
    Ca { cert, key }
}

/// (certificate PEM, key PEM) for `name`, signed by `ca`.
fn leaf(ca: &Ca, name: &str) -> (String, String) {
    let mut p = CertificateParams::new(vec![name.to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &ca.cert, &ca.key).unwrap();
    (cert.pem(), key.serialize_pem())
}

const MX: &str = "mx.remote.example";

/// One case: the files of the case directory; returns (report, what the
/// sink received).
struct Case {
    dir: PathBuf,
    ca: Ca,
}

impl Case {
    /// A case whose sink serves `script` on 127.0.0.2:`port`, the MX of
    /// remote.example being mx.remote.example. The server's certificate
    /// (for mx.remote.example, by this case's CA) is sink.pem/sink.key,
    /// and ca.pem the CA; the script names them /tmp/sink.pem... and gets
    /// the case directory's paths.
    fn new(name: &str, script: &str, port: u16) -> Case {
        let dir = std::env::temp_dir().join(format!("remote-tls-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("root/control")).unwrap();
        let c = Case {
            dir,
            ca: ca("Test CA"),
        };
        c.write("root/control/me", "golden.example\n");
        c.write(
            "dns",
            &format!("mx-host=remote.example,{MX},10\nhost-record={MX},127.0.0.2\n"),
        );
        c.write(
            "script",
            &script.replace("/tmp/", &format!("{}/", c.dir.display())),
        );
        c.write("msg", "Subject: hi\n\nbody\n");
        c.write(
            "cmd",
            &format!(
                ". \"$HARNESS/lib.sh\"\ndnsmasq_start \"$CASE/dns\"\n\
                 sink_start script 127.0.0.2 {port}\n\
                 remote remote.example joe@golden.example ann@remote.example\nsink_wait\n"
            ),
        );
        let (cert, key) = leaf(&c.ca, MX);
        c.write("sink.pem", &cert);
        c.write("sink.key", &key);
        c.write("ca.pem", &c.ca.cert.pem());
        c
    }

    fn write(&self, name: &str, text: &str) {
        let p = self.dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A client certificate for golden.example, which turns TLS on.
    fn clientcert(&self) {
        let (c, k) = leaf(&self.ca, "golden.example");
        self.write("root/control/clientcert.pem", &format!("{k}{c}"));
    }

    /// Makes TLS to mx.remote.example mandatory, verified by this CA.
    fn mandatory(&self) {
        self.write(
            &format!("root/control/tlshosts/{MX}.pem"),
            &self.ca.cert.pem(),
        );
    }

    fn run(&self) -> (String, String) {
        let top = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bindir = self.dir.join("bin");
        std::fs::create_dir_all(&bindir).unwrap();
        std::os::unix::fs::symlink(
            env!("CARGO_BIN_EXE_qmail-remote"),
            bindir.join("qmail-remote"),
        )
        .unwrap();
        let out = self.dir.join("out");
        let st = Command::new(top.join("tests/harness/run-case"))
            .arg(&self.dir)
            .arg(&bindir)
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success(), "run-case: {st}");
        let read = |p: &str| {
            String::from_utf8_lossy(&std::fs::read(out.join(p)).unwrap_or_default()).into_owned()
        };
        let r = (read("stdout"), read("out/script.received"));
        eprintln!("{}\n{}\n{}", r.0, r.1, read("stderr"));
        r
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
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

#[test]
fn opportunistic_starttls_with_the_client_certificate() {
    let script = format!(
        "{GREET}{EHLO_TLS}220 go ahead\\r\\n\n+!tls /tmp/sink.pem /tmp/sink.key /tmp/ca.pem\n\
         {EHLO_PLAIN}{REST}"
    );
    let c = Case::new("opportunistic", &script, 25);
    c.clientcert();
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(
        got,
        format!(
            "EHLO golden.example\r\nSTARTTLS\r\n--- tls TLSv1.3 ---\n--- client golden.example ---\n\
             EHLO golden.example\r\n{DIALOGUE_TAIL}"
        )
    );
}

#[test]
fn no_starttls_offered_goes_on_in_plaintext_after_ehlo() {
    let script = format!("{GREET}{EHLO_PLAIN}{REST}");
    let c = Case::new("notoffered", &script, 25);
    c.clientcert();
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(got, format!("EHLO golden.example\r\n{DIALOGUE_TAIL}"));
}

#[test]
fn without_tls_set_up_it_is_stock_helo() {
    let script = format!("{GREET}250 mx.remote.example\\r\\n\n{REST}");
    let c = Case::new("stock", &script, 25);
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(got, format!("HELO golden.example\r\n{DIALOGUE_TAIL}"));
}

#[test]
fn a_refused_ehlo_falls_back_to_helo() {
    let script = format!("{GREET}502 no\\r\\n\n250 mx.remote.example\\r\\n\n{REST}");
    let c = Case::new("ehlorefused", &script, 25);
    c.clientcert();
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(
        got,
        format!("EHLO golden.example\r\nHELO golden.example\r\n{DIALOGUE_TAIL}")
    );
}

#[test]
fn mandatory_tls_verified_by_tlshosts() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}{EHLO_PLAIN}{REST}");
    let c = Case::new("mandatory", &script, 25);
    c.mandatory();
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(
        got,
        format!(
            "EHLO golden.example\r\nSTARTTLS\r\n--- tls TLSv1.3 ---\n\
             EHLO golden.example\r\n{DIALOGUE_TAIL}"
        )
    );
}

#[test]
fn mandatory_tls_not_offered_is_deferred() {
    let script = format!("{GREET}{EHLO_PLAIN}221 bye\\r\\n\n");
    let c = Case::new("mandnooffer", &script, 25);
    c.mandatory();
    let (report, got) = c.run();
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
    let c = Case::new("mandotherca", &script, 25);
    let other = ca("Other CA");
    c.write(
        &format!("root/control/tlshosts/{MX}.pem"),
        &other.cert.pem(),
    );
    let (report, got) = c.run();
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
    let c = Case::new("mandname", &script, 25);
    c.mandatory();
    let (cert, key) = leaf(&c.ca, "other.example");
    c.write("sink.pem", &cert);
    c.write("sink.key", &key);
    let (report, got) = c.run();
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
    let c = Case::new("mandrefused", &script, 25);
    c.mandatory();
    let (report, got) = c.run();
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
    let c = Case::new("oppofused", &script, 25);
    c.clientcert();
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(
        got,
        format!("EHLO golden.example\r\nSTARTTLS\r\n{DIALOGUE_TAIL}")
    );
}

#[test]
fn a_failing_handshake_is_deferred() {
    let script =
        format!("{GREET}{EHLO_TLS}220 go ahead\\r\\n\n+!tls /tmp/sink.pem /tmp/sink.key max=1.1\n");
    let c = Case::new("handshake", &script, 25);
    c.clientcert();
    let (report, got) = c.run();
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
    let c = Case::new("notls", &script, 25);
    c.clientcert();
    c.write(&format!("root/control/notlshosts/{MX}"), "");
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(got, format!("EHLO golden.example\r\n{DIALOGUE_TAIL}"));
}

#[test]
fn exhaustivelist_limits_tls_to_the_listed_hosts() {
    let script = format!("{GREET}{EHLO_TLS}{REST}");
    let c = Case::new("exhaustive", &script, 25);
    c.write("root/control/tlshosts/exhaustivelist", "");
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(got, format!("EHLO golden.example\r\n{DIALOGUE_TAIL}"));
}

#[test]
fn port_465_is_tls_from_the_first_byte() {
    let script = format!("!tls /tmp/sink.pem /tmp/sink.key\n+{GREET}{EHLO_PLAIN}{REST}");
    let c = Case::new("smtps", &script, 465);
    c.write(
        "root/control/smtproutes",
        "remote.example:mx.remote.example:465\n",
    );
    let (report, got) = c.run();
    delivered(&report);
    assert_eq!(
        got,
        format!("--- tls TLSv1.3 ---\nEHLO golden.example\r\n{DIALOGUE_TAIL}")
    );
}

#[test]
fn a_large_message_goes_through_tls_whole() {
    let script = format!("{GREET}{EHLO_TLS}{STARTTLS}{EHLO_PLAIN}{REST}");
    let c = Case::new("large", &script, 25);
    c.clientcert();
    let line = "y".repeat(998);
    let body: String = (0..300).map(|_| format!("{line}\n")).collect();
    c.write("msg", &format!("Subject: big\n\n{body}"));
    let (report, got) = c.run();
    delivered(&report);
    let want: String = (0..300).map(|_| format!("{line}\r\n")).collect();
    assert!(
        got.contains(&format!("Subject: big\r\n\r\n{want}.\r\nQUIT\r\n")),
        "{} bytes",
        got.len()
    );
}
