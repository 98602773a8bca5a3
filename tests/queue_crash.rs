//! Crash safety of qmail-queue: it is killed with SIGKILL at each step of
//! its sequence, and afterwards todo/ must never name a message whose
//! envelope or content is incomplete, and the queue must still take new
//! messages.
//!
//! Steps are reached by feeding fd 0 (the message, a pipe) and fd 1 (the
//! envelope, a fifo) piece by piece and waiting until qmail-queue sleeps in
//! read(2) on the expected fd (/proc/PID/syscall), then killing it. The
//! last steps (fsync, intd, link to todo, trigger) are too short to hit on
//! purpose, so the whole input is given and the kill comes after a random
//! delay, many times over.
//!
//! Runs as root under tests/harness/qmail-ns.sh (a private /var/qmail with
//! an empty queue made by lib.sh's mkqueue and the binary installed setuid
//! qmailq like stock), against the Rust build and, when QMAIL_REF names the
//! C reference installation, against stock's qmail-queue as well.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::Write;
use std::os::unix::fs::{chown, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TOP: &str = env!("CARGO_MANIFEST_DIR");
const RUST_QQ: &str = env!("CARGO_BIN_EXE_qmail-queue");
const QHOME: &str = "/var/qmail";
const SPLIT: u64 = 23;

fn main() {
    if let Ok(qq) = std::env::var("QUEUE_CRASH_INNER") {
        match inner(Path::new(&qq)) {
            Ok(summary) => {
                println!("{summary}");
                std::process::exit(0)
            }
            Err(e) => {
                println!("FAIL: {e}");
                std::process::exit(1)
            }
        }
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !root {
        eprintln!("queue_crash: must run as root (private namespaces); failing");
        std::process::exit(1);
    }
    let mut impls = vec![("rust", PathBuf::from(RUST_QQ))];
    if let Ok(r) = std::env::var("QMAIL_REF") {
        impls.push(("c", Path::new(&r).join("bin/qmail-queue")));
    }
    let mut failed = false;
    for (name, qq) in impls {
        let home = std::env::temp_dir().join(format!("queue-crash-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&home);
        fs::create_dir_all(&home).unwrap();
        fs::set_permissions(&home, fs::Permissions::from_mode(0o755)).unwrap();
        let out = Command::new(format!("{TOP}/tests/harness/qmail-ns.sh"))
            .arg(&home)
            .arg(std::env::current_exe().unwrap())
            .env("QUEUE_CRASH_INNER", &qq)
            .env("HARNESS", format!("{TOP}/tests/harness"))
            .env("QHOME", QHOME)
            .output()
            .unwrap();
        let _ = fs::remove_dir_all(&home);
        let text = String::from_utf8_lossy(&out.stdout);
        print!("queue_crash {name}: {text}");
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// Inside the namespace: install, make the queue, run every scenario.
fn inner(qq: &Path) -> Result<String, String> {
    let bin = Path::new(QHOME).join("bin");
    fs::create_dir_all(&bin).unwrap();
    let installed = bin.join("qmail-queue");
    fs::copy(qq, &installed).unwrap();
    chown(&installed, Some(7794), Some(2107)).unwrap();
    fs::set_permissions(&installed, fs::Permissions::from_mode(0o4711)).unwrap();
    let st = Command::new("sh")
        .arg("-c")
        .arg(". \"$HARNESS/lib.sh\"; mkqueue")
        .status()
        .unwrap();
    if !st.success() {
        return Err("mkqueue failed".into());
    }

    let msg = message();
    let env = envelope(40);
    let mut report = Vec::new();

    // Kills while qmail-queue sleeps in read(2): (name, message bytes
    // given, message closed?, envelope bytes given, fd it must wait on).
    let mid = env.iter().position(|&c| c == b'T').unwrap() + 7;
    let steps: Vec<(&str, usize, bool, usize, u64)> = vec![
        ("reading the message, nothing sent", 0, false, 0, 0),
        ("reading the message, part sent", 5000, false, 0, 0),
        ("reading the message, all but EOF", msg.len(), false, 0, 0),
        ("reading the envelope, nothing sent", msg.len(), true, 0, 1),
        ("reading the sender", msg.len(), true, 3, 1),
        ("reading a recipient", msg.len(), true, mid, 1),
        (
            "reading the envelope, past one buffer",
            msg.len(),
            true,
            env.len() - 20,
            1,
        ),
        (
            "reading the envelope, all but the final NUL",
            msg.len(),
            true,
            env.len() - 1,
            1,
        ),
    ];
    for (name, nmsg, close_msg, nenv, fd) in steps {
        clean_queue()?;
        let mut run = Run::start(&installed)?;
        run.send_msg(&msg[..nmsg]);
        if close_msg {
            run.close_msg();
        }
        run.send_env(&env[..nenv]);
        run.wait_blocked_in_read(fd)
            .map_err(|e| format!("{name}: {e}"))?;
        run.kill();
        let queued = check_queue(&msg, &env, run.pid).map_err(|e| format!("{name}: {e}"))?;
        if queued != 0 {
            return Err(format!("{name}: todo/ holds a message"));
        }
        check_still_works(&installed, &msg, &env).map_err(|e| format!("after {name}: {e}"))?;
        report.push(format!("ok: killed while {name}"));
    }

    // Kills at random moments once all input is there.
    let mut rng = Lcg(u64::from(std::process::id()) ^ now_nanos());
    let (mut queued, mut lost) = (0, 0);
    let rounds = 150;
    for i in 0..rounds {
        clean_queue()?;
        let mut run = Run::start(&installed)?;
        run.send_msg(&msg);
        run.close_msg();
        run.send_env(&env);
        run.close_env();
        // spread the kills over the whole run: 0 .. 3 ms
        std::thread::sleep(Duration::from_micros(rng.next() % 3000));
        run.kill();
        match check_queue(&msg, &env, run.pid) {
            Ok(0) => lost += 1,
            Ok(_) => queued += 1,
            Err(e) => return Err(format!("random kill {i}: {e}")),
        }
    }
    check_still_works(&installed, &msg, &env).map_err(|e| format!("after random kills: {e}"))?;
    report.push(format!(
        "ok: {rounds} random kills ({queued} complete in todo/, {lost} not queued, none partial)"
    ));
    Ok(report.join("\n") + "\n")
}

/// A message bigger than qmail-queue's buffers.
fn message() -> Vec<u8> {
    let mut m = b"Subject: crash test\n\n".to_vec();
    for i in 0..400 {
        m.extend_from_slice(format!("line {i} of the crash test message body\n").as_bytes());
    }
    m
}

/// F sender, n recipients, final NUL.
fn envelope(n: usize) -> Vec<u8> {
    let mut e = b"Fsender@example.com\0".to_vec();
    for i in 0..n {
        e.extend_from_slice(format!("Trecipient{i}@example.org\0").as_bytes());
    }
    e.push(0);
    e
}

/// One qmail-queue process with its message pipe and envelope fifo.
struct Run {
    child: Child,
    pid: u32,
    msg: Option<std::process::ChildStdin>,
    env: Option<fs::File>,
}

impl Run {
    fn start(qq: &Path) -> Result<Run, String> {
        let fifo = Path::new("/tmp/queue-crash-envelope");
        let _ = fs::remove_file(fifo);
        let st = Command::new("mkfifo").arg(fifo).status().unwrap();
        if !st.success() {
            return Err("mkfifo failed".into());
        }
        // A read-write open never blocks on a fifo; it lets the read-only
        // end (the child's fd 1) and then our write end open at once.
        let keep = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(fifo)
            .unwrap();
        let child_end = fs::File::open(fifo).unwrap();
        let our_end = fs::OpenOptions::new().write(true).open(fifo).unwrap();
        drop(keep);
        let _ = fs::remove_file(fifo);
        let child = Command::new(qq)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::from(child_end))
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("spawn: {e}"))?;
        let pid = child.id();
        let mut run = Run {
            child,
            pid,
            msg: None,
            env: Some(our_end),
        };
        run.msg = run.child.stdin.take();
        Ok(run)
    }
    fn send_msg(&mut self, b: &[u8]) {
        if let Some(m) = self.msg.as_mut() {
            let _ = m.write_all(b);
        }
    }
    fn close_msg(&mut self) {
        self.msg = None;
    }
    fn send_env(&mut self, b: &[u8]) {
        if let Some(e) = self.env.as_mut() {
            let _ = e.write_all(b);
        }
    }
    fn close_env(&mut self) {
        self.env = None;
    }
    /// Waits until the process sleeps in read(2) on `fd` and has read all
    /// that is there (the pipe or fifo is empty).
    fn wait_blocked_in_read(&self, fd: u64) -> Result<(), String> {
        let start = Instant::now();
        let want = format!("{} 0x{:x} ", libc::SYS_read, fd);
        loop {
            let sc = fs::read_to_string(format!("/proc/{}/syscall", self.pid)).unwrap_or_default();
            if sc.starts_with(&want) {
                return Ok(());
            }
            if start.elapsed() > Duration::from_secs(10) {
                return Err(format!(
                    "never blocked in read on fd {fd} (syscall: {sc:?})"
                ));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.msg = None;
        self.env = None;
    }
}

/// Removes every message file (as qmail-send's cleanup eventually would).
fn clean_queue() -> Result<(), String> {
    let q = Path::new(QHOME).join("queue");
    let mut dirs = vec![q.join("pid"), q.join("intd"), q.join("todo")];
    for i in 0..SPLIT {
        dirs.push(q.join(format!("mess/{i}")));
    }
    for d in dirs {
        for e in fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let p = e.unwrap().path();
            fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

/// Checks the queue after a kill of process `pid`: every todo/N is the
/// same file as intd/N with the whole envelope, and mess/S/N holds the
/// Received line and the whole message. Returns how many are in todo/.
fn check_queue(msg: &[u8], env: &[u8], pid: u32) -> Result<usize, String> {
    let q = Path::new(QHOME).join("queue");
    let mut n = 0;
    for e in fs::read_dir(q.join("todo")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        let id: u64 = name.parse().map_err(|_| format!("todo/{name}: bad name"))?;
        let todo = e.path();
        let intd = q.join("intd").join(&name);
        let ti = fs::metadata(&todo).unwrap();
        let ii = fs::metadata(&intd).map_err(|e| format!("todo/{name} but intd: {e}"))?;
        if ti.ino() != ii.ino() {
            return Err(format!("todo/{name}: not the same file as intd/{name}"));
        }
        let mut want = format!("u0\0p{pid}\0").into_bytes();
        want.extend_from_slice(&env[..env.len() - 1]);
        let got = fs::read(&todo).unwrap();
        if got != want {
            return Err(format!(
                "todo/{name}: partial envelope ({} of {} bytes)",
                got.len(),
                want.len()
            ));
        }
        let mess = q.join(format!("mess/{}/{id}", id % SPLIT));
        let m = fs::read(&mess).map_err(|e| format!("todo/{name} but {}: {e}", mess.display()))?;
        let head = format!("Received: (qmail {pid} invoked by uid 0); ");
        let nl = m.iter().position(|&c| c == b'\n').unwrap_or(m.len());
        if !m.starts_with(head.as_bytes()) || &m[(nl + 1).min(m.len())..] != msg {
            return Err(format!("todo/{name}: message file incomplete"));
        }
        let ms = fs::metadata(&mess).unwrap();
        if ms.ino() != id {
            return Err(format!("todo/{name}: not named after its message's inode"));
        }
        if ms.uid() != 7794 || ms.mode() & 0o7777 != 0o644 || ti.mode() & 0o7777 != 0o644 {
            return Err(format!("todo/{name}: owner or mode wrong"));
        }
        n += 1;
    }
    let pids = fs::read_dir(q.join("pid")).unwrap().count();
    if pids > 1 {
        return Err(format!("{pids} files left in pid/"));
    }
    Ok(n)
}

/// A normal run after a crash still queues (exit 0, one more todo entry).
fn check_still_works(qq: &Path, msg: &[u8], env: &[u8]) -> Result<(), String> {
    let before = fs::read_dir(Path::new(QHOME).join("queue/todo"))
        .unwrap()
        .count();
    let mut run = Run::start(qq)?;
    run.send_msg(msg);
    run.close_msg();
    run.send_env(env);
    run.close_env();
    let st = run.child.wait().unwrap();
    if st.code() != Some(0) {
        return Err(format!("qmail-queue then exited {st}"));
    }
    let after = fs::read_dir(Path::new(QHOME).join("queue/todo"))
        .unwrap()
        .count();
    if after != before + 1 {
        return Err(format!("todo/ went from {before} to {after} entries"));
    }
    Ok(())
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// A small linear congruential generator for the kill delays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}
