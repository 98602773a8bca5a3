//! TLS for the SMTP programs (docs/EXTENSIONS.md): qmail-smtpd's STARTTLS
//! and SMTPS, qmail-remote's STARTTLS and port 465. rustls with its ring
//! provider, TLS 1.2 and 1.3 only; rustls has no renegotiation at all.
//!
//! A `Session` runs one connection over a pair of fds with the program's
//! timeout on every wait, the way stock's timeoutread/timeoutwrite wait:
//! the programs put it under their substdio read and write ops.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{
    CertificateDer, CertificateRevocationListDer, PrivateKeyDer, ServerName, UnixTime,
};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{ConfigBuilder, ConfigSide, WantsVerifier, WantsVersions};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

use crate::sys::{self, Fd};

/// The versions offered and accepted: 1.3 and 1.2, nothing older.
static VERSIONS: &[&rustls::SupportedProtocolVersion] =
    &[&rustls::version::TLS13, &rustls::version::TLS12];

/// The OpenSSL names of the suites the provider has, which is how the
/// patch's control files (tlsserverciphers, tlsclientciphers) and its
/// Received line spell them.
#[rustfmt::skip] // a table: one suite a line
const SUITE_NAMES: &[(rustls::CipherSuite, &str)] = {
    use rustls::CipherSuite as S;
    &[
        (S::TLS13_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384"),
        (S::TLS13_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256"),
        (S::TLS13_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256"),
        (S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384"),
        (S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256"),
        (S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-ECDSA-CHACHA20-POLY1305"),
        (S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ECDHE-RSA-AES256-GCM-SHA384"),
        (S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256"),
        (S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-RSA-CHACHA20-POLY1305"),
    ]
};

/// The OpenSSL name of a suite (rustls's own name for one not listed).
pub fn suite_name(s: rustls::CipherSuite) -> String {
    match SUITE_NAMES.iter().find(|(c, _)| *c == s) {
        Some((_, n)) => (*n).to_string(),
        None => format!("{s:?}"),
    }
}

/// The provider, its TLS 1.2 suites cut down to those an OpenSSL-style
/// cipher list names. The list is colon-separated (control files' lines
/// joined with `:`); names of suites rustls does not have, and OpenSSL's
/// keywords and operators (`DEFAULT`, `HIGH`, `!aNULL`, `+RSA`...), are
/// ignored. TLS 1.3 suites are not governed by such a list (OpenSSL keeps
/// them apart too) unless the list names some. A list that names no suite
/// at all leaves the provider's defaults.
pub fn provider(ciphers: Option<&[u8]>) -> CryptoProvider {
    // ring has no post-quantum key exchange, which is why rustls marks
    // this deprecated; X25519 and the NIST curves are what it offers.
    #[allow(deprecated)]
    let mut p = rustls::crypto::ring::default_provider();
    let Some(list) = ciphers else { return p };
    let named: Vec<rustls::CipherSuite> = list
        .split(|&c| c == b':' || c == b',' || c == b' ')
        .filter_map(|w| {
            SUITE_NAMES
                .iter()
                .find(|(_, n)| n.as_bytes().eq_ignore_ascii_case(w))
                .map(|(c, _)| *c)
        })
        .collect();
    if named.is_empty() {
        return p;
    }
    let is13 =
        |s: &rustls::SupportedCipherSuite| matches!(s, rustls::SupportedCipherSuite::Tls13(_));
    let any13 = p
        .cipher_suites
        .iter()
        .any(|s| is13(s) && named.contains(&s.suite()));
    let any12 = p
        .cipher_suites
        .iter()
        .any(|s| !is13(s) && named.contains(&s.suite()));
    p.cipher_suites.retain(|s| {
        if is13(s) {
            !any13 || named.contains(&s.suite())
        } else {
            !any12 || named.contains(&s.suite())
        }
    });
    p
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => format!("{path}: file does not exist"),
        _ => format!("{path}: unable to read: {e}"),
    })
}

/// The certificates of a PEM file, in order.
pub fn load_certs(path: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = read_file(path)?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{path}: {e}"))?;
    if certs.is_empty() {
        return Err(format!("{path}: no certificate"));
    }
    Ok(certs)
}

/// The (first) private key of a PEM file.
pub fn load_key(path: &str) -> Result<PrivateKeyDer<'static>, String> {
    let pem = read_file(path)?;
    PrivateKeyDer::from_pem_slice(&pem).map_err(|e| format!("{path}: no private key: {e}"))
}

/// A root store made of every certificate in a PEM file.
pub fn load_roots(path: &str) -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    for c in load_certs(path)? {
        roots
            .add(c)
            .map_err(|e| format!("{path}: {}", error_text(&e)))?;
    }
    Ok(roots)
}

/// What went wrong with a certificate, in OpenSSL's words where it has
/// words for it (the patch reports X509_verify_cert_error_string).
pub fn error_text(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => "unable to get local issuer certificate".into(),
            C::Expired | C::ExpiredContext { .. } => "certificate has expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => "certificate is not yet valid".into(),
            C::Revoked => "certificate revoked".into(),
            C::BadSignature => "certificate signature failure".into(),
            C::UnknownRevocationStatus => "unable to get certificate CRL".into(),
            C::ExpiredRevocationList | C::ExpiredRevocationListContext { .. } => {
                "CRL has expired".into()
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "certificate does not match the host name".into()
            }
            C::Other(o) => o.to_string(),
            other => format!("{other:?}"),
        },
        other => other.to_string(),
    }
}

/// OpenSSL's verdict for a chain whose issuer it cannot find depends on
/// what the peer sent: the leaf alone gives "unable to verify the first
/// certificate" (X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE), a leaf with
/// intermediates "unable to get local issuer certificate". rustls says
/// UnknownIssuer for both; this tells them apart, so `error_text` gives
/// the words the patched C programs print (recorded in
/// tests/golden/qmail-remote-tls/tlshosts-wrong-ca and
/// qmail-smtpd-tls/tlsclients-wrong-ca).
fn chain_verdict(e: rustls::Error, intermediates: &[CertificateDer<'_>]) -> rustls::Error {
    match e {
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
            if intermediates.is_empty() =>
        {
            rustls::Error::InvalidCertificate(rustls::CertificateError::Other(rustls::OtherError(
                Arc::new(LeafUnverified),
            )))
        }
        e => e,
    }
}

/// The issuer of a lone leaf certificate is unknown.
#[derive(Debug)]
struct LeafUnverified;

impl std::fmt::Display for LeafUnverified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unable to verify the first certificate")
    }
}

impl std::error::Error for LeafUnverified {}

/// Keeps a verifier's verdict for the program to look at after the
/// handshake.
fn keep<T>(check: &Mutex<Option<T>>, verdict: T) {
    if let Ok(mut g) = check.lock() {
        *g = Some(verdict);
    }
}

/// The handshake-signature half of a certificate verifier, the same in
/// the client's and the server's: whatever became of the chain, a
/// signature is checked with the provider's algorithms (`self.algs`), as
/// rustls's own WebPKI verifiers check it.
macro_rules! signature_checks {
    () => {
        signature_checks!(verify_tls12_signature);
        signature_checks!(verify_tls13_signature);
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.algs.supported_schemes()
        }
    };
    // the trait's method and rustls::crypto's function share the name
    ($check:ident) => {
        fn $check(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::$check(message, cert, dss, &self.algs)
        }
    };
}

/// What a client's certificate came to: None until a handshake saw one
/// (or when none was sent), else whether it verified against clientca.pem
/// (and clientcrl.pem) and OpenSSL's words for why not.
pub type ClientCheck = Arc<Mutex<Option<Result<(), String>>>>;

/// Asks for a client certificate without requiring one, and never fails
/// the handshake over its chain (the patch's verify callback accepts
/// everything and looks at the result afterwards): the chain's verdict is
/// kept for `ClientCheck`. The handshake signature is still checked, so a
/// client must hold the key of the certificate it shows.
#[derive(Debug)]
struct Lenient {
    inner: Arc<dyn ClientCertVerifier>,
    check: ClientCheck,
    algs: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for Lenient {
    fn offer_client_auth(&self) -> bool {
        true
    }
    fn client_auth_mandatory(&self) -> bool {
        false
    }
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let r = self
            .inner
            .verify_client_cert(end_entity, intermediates, now)
            .map(|_| ())
            .map_err(|e| error_text(&chain_verdict(e, intermediates)));
        keep(&self.check, r);
        Ok(ClientCertVerified::assertion())
    }
    signature_checks!();
}

/// What both configurations start from: the provider cut down to
/// `ciphers`, and `new`'s builder (the server's or the client's) held to
/// VERSIONS.
fn begin<S: ConfigSide>(
    ciphers: Option<&[u8]>,
    new: fn(Arc<CryptoProvider>) -> ConfigBuilder<S, WantsVersions>,
) -> Result<(Arc<CryptoProvider>, ConfigBuilder<S, WantsVerifier>), rustls::Error> {
    let provider = Arc::new(provider(ciphers));
    let builder = new(provider.clone()).with_protocol_versions(VERSIONS)?;
    Ok((provider, builder))
}

/// Why a server configuration could not be made, in the patch's words for
/// the two steps (the detail is ours).
pub enum ServerSetupError {
    /// "missing certificate": servercert.pem has no usable chain.
    Certificate(String),
    /// "no valid RSA private key": no key, or one that does not fit.
    Key(String),
}

/// A server configuration from `certfile` (key, certificate and chain in
/// one PEM file). With `clientca`, a client certificate is asked for (not
/// required) and checked against that file's CAs and the CRLs of
/// `clientcrl` when it has any; the verdict lands in the returned check.
pub fn server_config(
    certfile: &str,
    clientca: Option<&str>,
    clientcrl: &str,
    ciphers: Option<&[u8]>,
) -> Result<(Arc<rustls::ServerConfig>, ClientCheck), ServerSetupError> {
    let chain = load_certs(certfile).map_err(ServerSetupError::Certificate)?;
    let key = load_key(certfile).map_err(ServerSetupError::Key)?;
    let (provider, builder) = begin(ciphers, rustls::ServerConfig::builder_with_provider)
        .map_err(|e| ServerSetupError::Certificate(e.to_string()))?;
    let check = ClientCheck::default();
    let algs = provider.signature_verification_algorithms;
    let verifier = clientca.and_then(|ca| {
        let roots = load_roots(ca).ok()?;
        let crls: Vec<CertificateRevocationListDer<'static>> = std::fs::read(clientcrl)
            .ok()
            .map(|pem| {
                CertificateRevocationListDer::pem_slice_iter(&pem)
                    .filter_map(Result::ok)
                    .collect()
            })
            .unwrap_or_default();
        rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .with_crls(crls)
            .allow_unauthenticated()
            .build()
            .ok()
    });
    let builder = match verifier {
        Some(inner) => builder.with_client_cert_verifier(Arc::new(Lenient {
            inner,
            check: check.clone(),
            algs,
        })),
        None => builder.with_no_client_auth(),
    };
    let config = builder
        .with_single_cert(chain, key)
        .map_err(|e| ServerSetupError::Key(e.to_string()))?;
    Ok((Arc::new(config), check))
}

/// What the server's certificate came to under a mandatory check: None
/// until the handshake saw it, else its verdict.
pub type ServerCheck = Arc<Mutex<Option<Result<(), rustls::Error>>>>;

/// The server's certificate under either of qmail-remote's policies.
/// With `roots` (mandatory TLS) the chain and name are verified against
/// them and the verdict kept, and the handshake goes on, so that the
/// program can say what was wrong in the patch's words and stop before
/// sending anything. Without (opportunistic TLS, where the patch does not
/// verify either) any certificate does. The handshake signatures are
/// checked either way.
#[derive(Debug)]
struct ServerVerdict {
    roots: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    check: ServerCheck,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ServerVerdict {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let r = roots
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
                .map(|_| ())
                .map_err(|e| chain_verdict(e, intermediates));
            keep(&self.check, r);
        }
        Ok(ServerCertVerified::assertion())
    }
    signature_checks!();
}

/// A client configuration: with `roots`, the server's chain and its name
/// are checked against them, the verdict kept in the returned check
/// (mandatory TLS); without, any certificate does (opportunistic TLS).
/// `client` is a (chain, key) to show when asked.
pub fn client_config(
    roots: Option<rustls::RootCertStore>,
    client: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    ciphers: Option<&[u8]>,
) -> Result<(Arc<rustls::ClientConfig>, ServerCheck), String> {
    let (provider, builder) =
        begin(ciphers, rustls::ClientConfig::builder_with_provider).map_err(|e| e.to_string())?;
    let check = ServerCheck::default();
    let roots = roots
        .map(|r| {
            rustls::client::WebPkiServerVerifier::builder_with_provider(
                Arc::new(r),
                provider.clone(),
            )
            .build()
        })
        .transpose()
        .map_err(|e| e.to_string())?;
    let verifier = Arc::new(ServerVerdict {
        roots,
        check: check.clone(),
        algs: provider.signature_verification_algorithms,
    });
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match client {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| e.to_string())?,
        None => builder.with_no_client_auth(),
    };
    Ok((Arc::new(config), check))
}

/// The fds under a session, each wait bounded by `timeout` seconds.
struct FdIo {
    rfd: Fd,
    wfd: Fd,
    timeout: i32,
}

impl Read for FdIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match sys::wait_ready(self.rfd, false, self.timeout) {
            Ok(true) => {}
            Ok(false) => return Err(io::ErrorKind::TimedOut.into()),
            Err(e) => return Err(io::Error::from_raw_os_error(e.0)),
        }
        sys::read(self.rfd, buf).map_err(|e| io::Error::from_raw_os_error(e.0))
    }
}

impl Write for FdIo {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match sys::wait_ready(self.wfd, true, self.timeout) {
            Ok(true) => {}
            Ok(false) => return Err(io::ErrorKind::TimedOut.into()),
            Err(e) => return Err(io::Error::from_raw_os_error(e.0)),
        }
        match sys::write(self.wfd, buf) {
            Ok(0) => Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => Ok(n),
            Err(e) => Err(io::Error::from_raw_os_error(e.0)),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why a session's read, write or handshake failed.
#[derive(Debug)]
pub enum Error {
    /// A wait ran past the timeout.
    Timeout,
    /// The peer closed the connection (with or without close_notify).
    Closed,
    /// The fd failed.
    Io(io::Error),
    /// The TLS protocol failed.
    Tls(rustls::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Timeout => f.write_str("timed out"),
            Error::Closed => f.write_str("connection closed"),
            Error::Io(e) => write!(f, "{e}"),
            Error::Tls(e) => f.write_str(&error_text(e)),
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        match e.kind() {
            io::ErrorKind::TimedOut => Error::Timeout,
            io::ErrorKind::UnexpectedEof | io::ErrorKind::WriteZero => Error::Closed,
            _ => match e.into_inner() {
                Some(inner) => match inner.downcast::<rustls::Error>() {
                    Ok(t) => Error::Tls(*t),
                    Err(other) => Error::Io(io::Error::other(other)),
                },
                None => Error::Closed,
            },
        }
    }
}

/// One TLS connection over (rfd, wfd).
pub struct Session {
    conn: rustls::Connection,
    io: FdIo,
}

impl Session {
    /// The server side of a connection, not yet shaken hands.
    pub fn server(
        config: Arc<rustls::ServerConfig>,
        rfd: Fd,
        wfd: Fd,
        timeout: i32,
    ) -> Result<Session, Error> {
        let conn = rustls::ServerConnection::new(config).map_err(Error::Tls)?;
        Ok(Session {
            conn: conn.into(),
            io: FdIo { rfd, wfd, timeout },
        })
    }

    /// The client side of a connection to `name` (a host name or an IP
    /// address; it is what a verified certificate must be valid for).
    pub fn client(
        config: Arc<rustls::ClientConfig>,
        name: &str,
        fd: Fd,
        timeout: i32,
    ) -> Result<Session, Error> {
        let name = ServerName::try_from(name.to_string())
            .map_err(|_| Error::Tls(rustls::Error::General("invalid host name".into())))?;
        let conn = rustls::ClientConnection::new(config, name).map_err(Error::Tls)?;
        Ok(Session {
            conn: conn.into(),
            io: FdIo {
                rfd: fd,
                wfd: fd,
                timeout,
            },
        })
    }

    /// Sends what rustls has queued (records, alerts).
    fn push(&mut self) -> Result<(), Error> {
        while self.conn.wants_write() {
            self.conn.write_tls(&mut self.io)?;
        }
        Ok(())
    }

    /// Reads one lot of records and processes them; an alert rustls
    /// queues over a bad record is sent before the error is returned.
    fn pull(&mut self) -> Result<(), Error> {
        if self.conn.read_tls(&mut self.io)? == 0 {
            return Err(Error::Closed);
        }
        if let Err(e) = self.conn.process_new_packets() {
            let _ = self.push();
            return Err(Error::Tls(e));
        }
        Ok(())
    }

    /// Runs the handshake to its end.
    pub fn handshake(&mut self) -> Result<(), Error> {
        while self.conn.is_handshaking() {
            self.push()?;
            if !self.conn.is_handshaking() {
                break;
            }
            if !self.conn.wants_read() {
                // nothing to send and nothing awaited: cannot go on
                return Err(Error::Closed);
            }
            self.pull()?;
        }
        self.push()
    }

    /// Reads plaintext; Ok(0) when the peer has closed.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        loop {
            match self.conn.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return Ok(0),
            }
            self.push()?;
            match self.pull() {
                Err(Error::Closed) => return Ok(0),
                r => r?,
            }
        }
    }

    /// Writes all of `buf` as plaintext and sends it, a buffer's worth of
    /// rustls at a time.
    pub fn write(&mut self, buf: &[u8]) -> Result<usize, Error> {
        let mut rest = buf;
        let mut stuck = false;
        while !rest.is_empty() {
            let n = self.conn.writer().write(rest)?;
            self.push()?;
            if n == 0 {
                if stuck {
                    // nothing taken even with the buffer sent: closed
                    return Err(Error::Closed);
                }
                stuck = true;
            } else {
                stuck = false;
            }
            rest = &rest[n..];
        }
        Ok(buf.len())
    }

    /// The negotiated suite's OpenSSL name.
    pub fn cipher(&self) -> String {
        match self.conn.negotiated_cipher_suite() {
            Some(s) => suite_name(s.suite()),
            None => "(NONE)".into(),
        }
    }

    /// The negotiated version as OpenSSL names it (`TLSv1.3`).
    pub fn version(&self) -> &'static str {
        match self.conn.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3",
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2",
            _ => "unknown",
        }
    }

    /// The peer's certificate chain, end entity first.
    pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
        self.conn.peer_certificates()
    }

    /// Ends the session with close_notify (best effort).
    pub fn close(&mut self) {
        self.conn.send_close_notify();
        let _ = self.push();
    }
}

/// One DER element at the start of `d`: (tag, contents, rest).
fn der(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, d) = d.split_first()?;
    let (&l0, mut d) = d.split_first()?;
    let len = if l0 < 0x80 {
        l0 as usize
    } else {
        let n = (l0 & 0x7f) as usize;
        if n == 0 || n > 4 || d.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &d[..n] {
            len = (len << 8) | b as usize;
        }
        d = &d[n..];
        len
    };
    if d.len() < len {
        return None;
    }
    Some((tag, &d[..len], &d[len..]))
}

/// The DER of one of a certificate's names: `which` 0 the issuer, 1 the
/// subject.
fn cert_name(cert: &[u8], which: usize) -> Option<&[u8]> {
    let (_, c, _) = der(cert)?;
    let (_, tbs, _) = der(c)?;
    let mut rest = tbs;
    let (tag, _, r) = der(rest)?;
    if tag == 0xa0 {
        rest = r; // version
    }
    let (_, _, r) = der(rest)?; // serial
    let (_, _, r) = der(r)?; // signature algorithm
    let (_, issuer, r) = der(r)?;
    if which == 0 {
        return Some(issuer);
    }
    let (_, _, r) = der(r)?; // validity
    let (_, subject, _) = der(r)?;
    Some(subject)
}

/// The attributes of a name, in order: (OID contents, value contents).
fn name_attrs(mut name: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut v = Vec::new();
    while let Some((_, set, rest)) = der(name) {
        let mut s = set;
        while let Some((_, atv, r)) = der(s) {
            if let Some((0x06, oid, r2)) = der(atv) {
                if let Some((_, val, _)) = der(r2) {
                    v.push((oid, val));
                }
            }
            s = r;
        }
        name = rest;
    }
    v
}

const OID_EMAIL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

/// The emailAddress of a certificate's subject (the patch's key into
/// control/tlsclients).
pub fn subject_email(cert: &[u8]) -> Option<Vec<u8>> {
    let subject = cert_name(cert, 1)?;
    name_attrs(subject)
        .into_iter()
        .find(|(oid, _)| *oid == OID_EMAIL)
        .map(|(_, v)| v.to_vec())
}

/// A name in OpenSSL's one-line form (`/C=XX/O=Org/CN=host`), for
/// qmail-remote's report; `which` 0 the issuer, 1 the subject.
pub fn oneline_name(cert: &[u8], which: usize) -> Option<String> {
    let name = cert_name(cert, which)?;
    let mut s = String::new();
    for (oid, val) in name_attrs(name) {
        let key = match oid {
            [0x55, 0x04, 0x03] => "CN".to_string(),
            [0x55, 0x04, 0x06] => "C".into(),
            [0x55, 0x04, 0x07] => "L".into(),
            [0x55, 0x04, 0x08] => "ST".into(),
            [0x55, 0x04, 0x0a] => "O".into(),
            [0x55, 0x04, 0x0b] => "OU".into(),
            o if o == OID_EMAIL => "emailAddress".into(),
            _ => "UNDEF".into(),
        };
        s.push('/');
        s.push_str(&key);
        s.push('=');
        s.push_str(&String::from_utf8_lossy(val));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths() {
        assert_eq!(der(&[0x30, 0x01, 0x05]), Some((0x30, &[5u8][..], &[][..])));
        assert_eq!(
            der(&[0x30, 0x81, 0x01, 0x07, 9]),
            Some((0x30, &[7u8][..], &[9u8][..]))
        );
        assert_eq!(der(&[0x30, 0x05, 0x00]), None);
        assert_eq!(der(&[0x30, 0x80]), None);
        assert_eq!(der(&[]), None);
    }

    #[test]
    fn cipher_lists() {
        let all = provider(None).cipher_suites.len();
        assert_eq!(provider(Some(b"DEFAULT:!aNULL")).cipher_suites.len(), all);
        let p = provider(Some(b"ECDHE-RSA-AES128-GCM-SHA256:HIGH"));
        let twelve: Vec<_> = p
            .cipher_suites
            .iter()
            .filter(|s| matches!(s, rustls::SupportedCipherSuite::Tls12(_)))
            .map(|s| s.suite())
            .collect();
        assert_eq!(
            twelve,
            vec![rustls::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
        );
        assert!(p
            .cipher_suites
            .iter()
            .any(|s| matches!(s, rustls::SupportedCipherSuite::Tls13(_))));
    }
}
