//! What the TLS integration tests (tests/smtpd_tls.rs, tests/remote_tls.rs,
//! tests/tls_peers.rs) share: certificates made with rcgen, a qmail home
//! for qmail-smtpd run through tests/harness/qmail-ns.sh (the private
//! namespaces), and a case directory for qmail-remote run through
//! tests/harness/run-case. Each test binary uses part of it; `case` runs a
//! golden-style case directory for the tests that are not golden cases.

#![allow(dead_code, clippy::unwrap_used)]

pub mod case;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Ca {
    pub cert: rcgen::Certificate,
    pub key: KeyPair,
}

/// A self-signed CA named `name`.
pub fn ca(name: &str) -> Ca {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let cert = p.self_signed(&key).unwrap();
    Ca { cert, key }
}

/// The OID of the subject's emailAddress (PKCS #9), which
/// control/tlsclients matches.
pub const EMAIL_OID: [u64; 7] = [1, 2, 840, 113549, 1, 9, 1];

/// A leaf for `dns` (subjectAltName and commonName) signed by `ca`, with
/// `email` as the subject's emailAddress when given: (certificate PEM,
/// key PEM).
pub fn leaf(ca: &Ca, dns: &str, email: Option<&str>) -> (String, String) {
    let mut p = CertificateParams::new(vec![dns.to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, dns);
    if let Some(e) = email {
        p.distinguished_name
            .push(DnType::CustomDnType(EMAIL_OID.to_vec()), e);
    }
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &ca.cert, &ca.key).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// A file's bytes as text (empty when it is missing).
pub fn read_text(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned()
}

/// A qmail home for qmail-smtpd with control/me and rcpthosts
/// (golden.example), a server certificate for golden.example by this
/// home's CA (when `cert`), and `fake-queue`, a stand-in for qmail-queue
/// (QMAILQUEUE) that keeps the message (msg), the envelope and the
/// RELAYCLIENT it was given (relay).
pub struct Home {
    pub dir: PathBuf,
    pub ca: Ca,
}

impl Home {
    /// `prefix` names the test binary in the directory's name.
    pub fn new(prefix: &str, name: &str, cert: bool) -> Home {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("control")).unwrap();
        std::fs::write(dir.join("control/me"), "golden.example\n").unwrap();
        std::fs::write(dir.join("control/rcpthosts"), "golden.example\n").unwrap();
        let ca = ca("Test CA");
        if cert {
            let (c, k) = leaf(&ca, "golden.example", None);
            std::fs::write(dir.join("control/servercert.pem"), format!("{k}{c}")).unwrap();
        }
        let q = dir.join("fake-queue");
        std::fs::write(
            &q,
            format!(
                "#!/bin/sh\ncat > {d}/msg\ncat <&1 > {d}/envelope\n\
                 echo \"RELAYCLIENT=${{RELAYCLIENT-unset}}\" > {d}/relay\nexit 0\n",
                d = dir.display()
            ),
        )
        .unwrap();
        Command::new("chmod").arg("755").arg(&q).status().unwrap();
        Home { dir, ca }
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.join(name), text).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        read_text(&self.dir.join(name))
    }

    /// A client certificate signed by `ca` (this home's CA when None),
    /// written as client.pem and client.key.
    pub fn client_cert(&self, other: Option<&Ca>, email: Option<&str>) {
        let (c, k) = leaf(other.unwrap_or(&self.ca), "client.example", email);
        self.write("client.pem", &c);
        self.write("client.key", &k);
    }

    /// clientca.pem and tlsclients.
    pub fn relay_by_cert(&self, clients: &str) {
        self.write("control/clientca.pem", &self.ca.cert.pem());
        self.write("control/tlsclients", clients);
    }

    /// qmail-smtpd's AUTH arguments: tests/harness/checkpw.py (user alice,
    /// password wonderland) keeping what it read in `checkin`.
    pub fn auth_args(&self) -> String {
        format!(
            "golden.example {}/tests/harness/checkpw.py {}/checkin /bin/true",
            env!("CARGO_MANIFEST_DIR"),
            self.dir.display()
        )
    }

    /// A command that runs `program` in the private namespaces of
    /// tests/harness/qmail-ns.sh with this home as the qmail home,
    /// QMAILQUEUE set to the stand-in and no TLS, AUTH or relay variables
    /// of the caller's.
    pub fn ns(&self, program: &str) -> Command {
        let top = env!("CARGO_MANIFEST_DIR");
        let mut cmd = Command::new(format!("{top}/tests/harness/qmail-ns.sh"));
        cmd.arg(&self.dir)
            .arg(program)
            .env("QMAILQUEUE", self.dir.join("fake-queue"));
        for v in [
            "RELAYCLIENT",
            "SMTPS",
            "TLSCIPHERS",
            "SMTPAUTH",
            "ALLOW_INSECURE_AUTH",
        ] {
            cmd.env_remove(v);
        }
        cmd
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The exchanger of remote.example in the qmail-remote cases.
pub const MX: &str = "mx.remote.example";

/// A case directory for qmail-remote under tests/harness/run-case: the
/// home's control/me, the DNS records (remote.example's MX is
/// mx.remote.example, 127.0.0.2) for dnsmasq, the message (msg), and a
/// server certificate for mx.remote.example by this case's CA (sink.pem,
/// sink.key; the CA is ca.pem). The caller writes `cmd`.
pub struct Case {
    pub dir: PathBuf,
    pub ca: Ca,
}

impl Case {
    pub fn new(prefix: &str, name: &str) -> Case {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
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
        c.write("msg", "Subject: hi\n\nbody\n");
        c.sink_cert(&c.ca, MX);
        c.write("ca.pem", &c.ca.cert.pem());
        c
    }

    pub fn write(&self, name: &str, text: &str) {
        let p = self.dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A client certificate for golden.example, which turns TLS on.
    pub fn clientcert(&self) {
        let (c, k) = leaf(&self.ca, "golden.example", None);
        self.write("root/control/clientcert.pem", &format!("{k}{c}"));
    }

    /// The server's certificate (sink.pem, sink.key): one for `name` by
    /// `ca`.
    pub fn sink_cert(&self, ca: &Ca, name: &str) {
        let (cert, key) = leaf(ca, name, None);
        self.write("sink.pem", &cert);
        self.write("sink.key", &key);
    }

    /// Makes TLS to mx.remote.example mandatory, verified by this CA.
    pub fn mandatory(&self) {
        self.mandatory_by(&self.ca);
    }

    /// Makes TLS to mx.remote.example mandatory, verified by `ca`.
    pub fn mandatory_by(&self, ca: &Ca) {
        self.write(&format!("root/control/tlshosts/{MX}.pem"), &ca.cert.pem());
    }

    /// Routes remote.example to mx.remote.example's port 465 (SMTPS).
    pub fn port_465(&self) {
        self.write(
            "root/control/smtproutes",
            &format!("remote.example:{MX}:465\n"),
        );
    }

    /// Runs the case with this build's qmail-remote; the directory of what
    /// it produced (run-case's OUTDIR: stdout, out/...).
    pub fn run(&self) -> PathBuf {
        let top = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bindir = self.dir.join("bin");
        let _ = std::fs::remove_dir_all(&bindir);
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
        out
    }

    /// Runs the case: (qmail-remote's report, the peer's record
    /// out/`record`). The two, qmail-remote's stderr and the peer's
    /// `logs` in out/ go to stderr, for a failing test to show.
    pub fn report(&self, record: &str, logs: &[&str]) -> (String, String) {
        let out = self.run();
        let r = (
            read_text(&out.join("stdout")),
            read_text(&out.join("out").join(record)),
        );
        let mut shown = format!("{}\n{}\n{}", r.0, r.1, read_text(&out.join("stderr")));
        for l in logs {
            shown.push_str(&read_text(&out.join("out").join(l)));
        }
        eprintln!("{shown}");
        r
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
