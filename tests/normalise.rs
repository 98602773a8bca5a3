//! Tests of the golden harness's normalisation rules: each rule hides what
//! must differ between runs and nothing else.

#![allow(clippy::unwrap_used)]

#[path = "harness/normalise.rs"]
#[allow(dead_code)]
mod normalise;

use normalise::{compare, normalise, Run};

fn run(parts: &[(&str, &str)], order: &str) -> Run {
    let mut r = Run::default();
    for (k, v) in parts {
        r.parts.insert(k.to_string(), v.as_bytes().to_vec());
    }
    r.order = order.as_bytes().to_vec();
    r
}

fn same(a: &Run, b: &Run) -> bool {
    compare(&normalise(a), &normalise(b)).is_none()
}

#[test]
fn message_numbers_follow_creation_order_everywhere() {
    // 460001 % 23 = 1, 460024 % 23 = 1, 1000002 % 23 = 8, 1000025 % 23 = 8
    let a = run(
        &[
            (
                "tree",
                "./queue/mess/1/460001 f\n./queue/mess/1/460024 f\n./queue/todo/460024 f\n",
            ),
            ("files/./queue/todo/460024", "Fme\0"),
            ("stdout", "#460001 and #460024\n"),
        ],
        "1795000000.1 460024 ./queue/mess/1/460024\n1795000000.2 460001 ./queue/mess/1/460001\n",
    );
    let b = run(
        &[
            (
                "tree",
                "./queue/mess/8/1000002 f\n./queue/mess/8/1000025 f\n./queue/todo/1000002 f\n",
            ),
            ("files/./queue/todo/1000002", "Fme\0"),
            ("stdout", "#1000025 and #1000002\n"),
        ],
        "1795000005.1 1000002 ./queue/mess/8/1000002\n1795000005.3 1000025 ./queue/mess/8/1000025\n",
    );
    assert!(
        same(&a, &b),
        "{:?}",
        compare(&normalise(&a), &normalise(&b))
    );
    let n = normalise(&a);
    assert_eq!(n["stdout"], b"#MSG2 and #MSG1\n");
    assert!(n.contains_key("files/./queue/todo/MSG1"));
}

#[test]
fn wrong_split_subdirectory_is_not_hidden() {
    let good = run(
        &[("tree", "./queue/mess/1/460001 f\n")],
        "1.0 460001 ./queue/mess/1/460001\n",
    );
    let other = run(
        &[("tree", "./queue/mess/9/1000003 f\n")],
        "1.0 1000003 ./queue/mess/9/1000003\n",
    );
    let bad = run(
        &[("tree", "./queue/mess/2/460001 f\n")],
        "1.0 460001 ./queue/mess/2/460001\n",
    );
    assert!(same(&good, &other));
    assert!(!same(&good, &bad));
}

#[test]
fn fixture_message_names_are_kept() {
    // a file a case made under a fixed name is not named after its inode
    let order = "1.5 777 ./queue/mess/5/28\n1.5 778 ./queue/mess/1/47\n";
    let a = run(
        &[("tree", "./queue/mess/5/28 f\n./queue/mess/1/47 f\n")],
        order,
    );
    let n = normalise(&a);
    assert_eq!(n["tree"], b"./queue/mess/S/28 f\n./queue/mess/S/47 f\n");
    let b = run(
        &[("tree", "./queue/mess/5/28 f\n./queue/mess/1/48 f\n")],
        order,
    );
    assert!(!same(&a, &b));
}

#[test]
fn log_message_numbers_are_numbered_by_first_appearance() {
    let a = run(
        &[(
            "out/log",
            "new msg 77\ninfo msg 77: qp 4242\nnew msg 99\nend msg 77\n",
        )],
        "",
    );
    let b = run(
        &[(
            "out/log",
            "new msg 5\ninfo msg 5: qp 17\nnew msg 3\nend msg 5\n",
        )],
        "",
    );
    assert!(same(&a, &b));
    let c = run(
        &[(
            "out/log",
            "new msg 5\ninfo msg 5: qp 17\nnew msg 3\nend msg 3\n",
        )],
        "",
    );
    assert!(!same(&a, &c));
}

#[test]
fn dates_pids_and_ids_are_hidden() {
    let a = run(
        &[(
            "stdout",
            "Received: (qmail 123 invoked by uid 0); 23 Nov 2026 06:54:51 -0000\n\
             Date: Mon, 23 Nov 2026 06:54:51 +0000\n\
             Message-ID: <20261123065451.123.qmail@golden.example>\n\
             From me Mon Nov 23 06:54:51 2026\n\
             delivery 1: success: did_1+1+0/qp_470/\n\
             250 ok 1795000000 qp 470\r\n\
             24:Kok 1795000000 qp 47,25:Kok 1795000000 qp 470,\
             23 Nov 2026 06:54:51 GMT  #1  5  <a@b>\n",
        )],
        "",
    );
    let b = run(
        &[(
            "stdout",
            "Received: (qmail 98765 invoked by uid 0); 1 Dec 2027 23:00:00 -0000\n\
             Date: Wed, 1 Dec 2027 23:00:00 +0100\n\
             Message-ID: <20271201230000.98765.qmail@golden.example>\n\
             From me Wed Dec  1 23:00:00 2027\n\
             delivery 1: success: did_1+1+0/qp_9/\n\
             250 ok 1795999999 qp 9\r\n\
             23:Kok 1795999999 qp 9,25:Kok 1795999999 qp 999,\
             1 Dec 2027 23:00:00 GMT  #1  5  <a@b>\n",
        )],
        "",
    );
    assert!(
        same(&a, &b),
        "{:?}",
        compare(&normalise(&a), &normalise(&b))
    );
}

#[test]
fn maildir_names_and_pid_files() {
    let a = run(
        &[
            (
                "tree",
                "./home/joe/Maildir/new/1795000000.123.golden.example f\n./queue/pid/123.1795000000.1 f\n",
            ),
            (
                "files/./home/joe/Maildir/new/1795000000.123.golden.example",
                "x",
            ),
        ],
        "",
    );
    let b = run(
        &[
            (
                "tree",
                "./home/joe/Maildir/new/1795000007.9999.golden.example f\n./queue/pid/9999.1795000007.1 f\n",
            ),
            (
                "files/./home/joe/Maildir/new/1795000007.9999.golden.example",
                "x",
            ),
        ],
        "",
    );
    assert!(same(&a, &b));
}

#[test]
fn envelope_pid_is_hidden_but_not_the_uid_or_addresses() {
    let a = run(&[("files/./queue/todo/1", "u0\0p123\0Fa@b\0Tc@d\0\0")], "");
    let b = run(
        &[("files/./queue/todo/1", "u0\0p98765\0Fa@b\0Tc@d\0\0")],
        "",
    );
    assert!(same(&a, &b));
    let c = run(&[("files/./queue/todo/1", "u7\0p123\0Fa@b\0Tc@d\0\0")], "");
    assert!(!same(&a, &c));
    let d = run(&[("files/./queue/todo/1", "u0\0p123\0Fa@b\0Tc@e\0\0")], "");
    assert!(!same(&a, &d));
    let e = run(&[("tree", "./queue/pid/1.1795000000.1 f\n")], "");
    let f = run(&[("tree", "./queue/pid/1.1795000000.2 f\n")], "");
    assert!(!same(&e, &f));
}

#[test]
fn two_files_that_normalise_alike_are_both_compared() {
    let a = run(
        &[
            ("files/./Maildir/new/1795000000.1.h", "one"),
            ("files/./Maildir/new/1795000000.2.h", "two"),
        ],
        "",
    );
    let b = run(
        &[
            ("files/./Maildir/new/1795000009.7.h", "two"),
            ("files/./Maildir/new/1795000009.8.h", "one"),
        ],
        "",
    );
    assert!(same(&a, &b));
    let c = run(
        &[
            ("files/./Maildir/new/1795000009.7.h", "two"),
            ("files/./Maildir/new/1795000009.8.h", "two"),
        ],
        "",
    );
    assert!(!same(&a, &c));
}

#[test]
fn anything_else_must_match_byte_for_byte() {
    for (x, y) in [
        ("hello\n", "hellO\n"),
        ("qmail-inject: fatal: x\n", "qmail-inject: fatal: y\n"),
        ("uid 0\n", "uid 1\n"),
        ("250 ok 1795000000 qp 7\r\n", "250 ok 1795000000 qp 7\n"),
        ("250 ok 1 qp 7\r\n", "251 ok 1 qp 7\r\n"),
        ("23:Kok 1795999999 qp 9,", "23:Zok 1795999999 qp 9,"),
        ("qmail 12 invoked by uid 0", "qmail 12 invoked by uid 7"),
        ("23 Nov 2026 06:54:51 -0000", "23 Nov 2026 06:54:51 -0000 "),
        ("a\n", "a"),
    ] {
        assert!(
            !same(&run(&[("stdout", x)], ""), &run(&[("stdout", y)], "")),
            "{x:?} vs {y:?}"
        );
    }
    // a part only one side has
    assert!(!same(&run(&[("out/fd3", "")], ""), &run(&[], "")));
}

#[test]
fn sizes_are_never_hidden_even_where_a_date_changes_them() {
    // On days 1-9 a Date or Received line is one byte shorter and so is
    // every size that counts it. The harness compares a run with the
    // recording made at the same width (tests/golden.rs); the normaliser
    // hides the date itself, never the size, so a size off by one byte
    // fails whatever the reason.
    for (x, y) in [
        (
            "info msg 460001: bytes 250 from <a@b> qp 12 uid 0\n",
            "info msg 460001: bytes 249 from <a@b> qp 12 uid 0\n",
        ),
        (
            "17 Nov 2026 12:00:00 GMT  #460001  85  <a@example.com> \n",
            "7 Nov 2026 12:00:00 GMT  #460001  84  <a@example.com> \n",
        ),
        ("500033\n", "500032\n"),
    ] {
        assert!(
            !same(&run(&[("stdout", x)], ""), &run(&[("stdout", y)], "")),
            "{x:?} vs {y:?}"
        );
    }
    // while the dates alone, of either width, are hidden
    assert!(same(
        &run(&[("stdout", "Date: 17 Nov 2026 12:00:00 -0000\n")], ""),
        &run(&[("stdout", "Date: 7 Nov 2026 12:00:00 -0000\n")], "")
    ));
}

#[test]
fn daemon_log_interleaving_between_messages_is_timing() {
    let a = "status: local 0/1\nnew msg 5\ninfo msg 5: bytes 1\nstarting delivery 1: msg 5 to local a\n\
             status: local 1/1\nnew msg 9\ninfo msg 9: bytes 2\ndelivery 1: success: x/\nend msg 5\n\
             status: local 0/1\nstarting delivery 2: msg 9 to local b\ndelivery 2: success: y/\nend msg 9\n";
    let b = "status: local 0/1\nnew msg 5\ninfo msg 5: bytes 1\nstarting delivery 1: msg 5 to local a\n\
             status: local 1/1\ndelivery 1: success: x/\nend msg 5\nnew msg 9\ninfo msg 9: bytes 2\n\
             status: local 0/1\nstarting delivery 2: msg 9 to local b\ndelivery 2: success: y/\nend msg 9\n";
    assert!(same(
        &run(&[("out/log", a)], ""),
        &run(&[("out/log", b)], "")
    ));
    // within a message, order still counts; so do the words
    let c = b.replace(
        "delivery 1: success: x/\nend msg 5\n",
        "end msg 5\ndelivery 1: success: x/\n",
    );
    assert!(!same(
        &run(&[("out/log", a)], ""),
        &run(&[("out/log", &c)], "")
    ));
    let d = b.replace("success: y", "failure: y");
    assert!(!same(
        &run(&[("out/log", a)], ""),
        &run(&[("out/log", &d)], "")
    ));
    // the status lines keep their own order
    let e = b
        .replace("status: local 1/1", "status: local 0/1")
        .replacen("status: local 0/1", "status: local 1/1", 1);
    assert!(!same(
        &run(&[("out/log", a)], ""),
        &run(&[("out/log", &e)], "")
    ));
    // other files are compared line for line
    assert!(!same(
        &run(&[("stdout", a)], ""),
        &run(&[("stdout", b)], "")
    ));
}

#[test]
fn an_inode_used_again_numbers_as_a_new_message() {
    // run a: the second message got the first one's inode (77) back
    let a = run(
        &[
            (
                "out/log",
                "new msg 77\ninfo msg 77: bytes 10\nend msg 77\nnew msg 77\ninfo msg 77: bytes 20\n",
            ),
            ("tree", "queue/mess/8/77\n"),
        ],
        "1 77 queue/mess/8/77\n",
    );
    // run b: the second message had a fresh inode (78)
    let b = run(
        &[
            (
                "out/log",
                "new msg 77\ninfo msg 77: bytes 10\nend msg 77\nnew msg 78\ninfo msg 78: bytes 20\n",
            ),
            ("tree", "queue/mess/9/78\n"),
        ],
        "1 78 queue/mess/9/78\n",
    );
    assert!(same(&a, &b));
    // a real difference still shows: the first message's size, or which
    // message ended
    assert!(!same(
        &a,
        &run(
            &[
                (
                    "out/log",
                    &read(&b, "out/log").replace("bytes 10", "bytes 11")
                ),
                ("tree", "queue/mess/9/78\n")
            ],
            "1 78 queue/mess/9/78\n"
        )
    ));
    let c = run(
        &[
            (
                "out/log",
                "new msg 77\ninfo msg 77: bytes 10\nend msg 78\nnew msg 78\ninfo msg 78: bytes 20\n",
            ),
            ("tree", "queue/mess/9/78\n"),
        ],
        "1 78 queue/mess/9/78\n",
    );
    assert!(!same(&a, &c));
    // without a second `new msg`, a number is one message, as before
    let d = run(
        &[(
            "out/log",
            "new msg 77\ninfo msg 77: bytes 10\nend msg 77\ninfo msg 77: bytes 20\n",
        )],
        "",
    );
    assert!(!same(&d, &b));
}

fn read(r: &Run, part: &str) -> String {
    String::from_utf8(r.parts[part].clone()).unwrap()
}
