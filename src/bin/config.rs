//! config: sets up the control files from what DNS says about this host
//! (stock ships this as a shell script in the build directory; this
//! program does what the script does).
//!
//! No arguments; run in the build directory, whose helpers it runs by
//! relative path: `./hostname` gives the host name, `./dnsfq NAME` its
//! fully qualified name (both lowercased, first line, as the shell's
//! `read` takes it). That name goes into control/me, control/defaultdomain
//! and control/plusdomain as config-fast puts it. control/locals is then
//! emptied and gets, for each address of `./dnsip FQDN` and `./ipmeprint`
//! (sorted, each once), the first line of `./dnsptr ADDRESS` if there is
//! one; it is copied to control/rcpthosts. Every step prints what it does;
//! words are printed by the shell's echo (backslash escapes included).
//!
//! Exit code: 0; 2 when control/locals cannot be created (the script
//! stops there, as its shell does). When no host name or no DNS name is found, it says so
//! and writes nothing. A helper that cannot be run, or a file that cannot
//! be written, gets the shell's message (and chmod's and cp's), and the
//! rest goes on.
#![cfg_attr(not(test), no_main)]

use qmail::conf::AUTO_QMAIL;
use qmail::local::script::{self, capture, dash_echo, dash_read, say};

qmail::entry!(run);

/// The first line of a helper's output, lowercased (`| tr '[A-Z]'
/// '[a-z]' | read VAR`), if there is a whole one.
fn first_line_lower(mut out: Vec<u8>) -> Option<Vec<u8>> {
    out.make_ascii_lowercase();
    let (ok, v) = dash_read(&out, &mut 0);
    ok.then_some(v)
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"config"[..], |a| a));
    let Some(host) = first_line_lower(capture(
        &name,
        3,
        b"./hostname",
        &[b"./hostname"],
        false,
        true,
    )) else {
        say(b"Sorry, I couldn't find your hostname.\n");
        say(b"You will have to set up control/me yourself.\n");
        return 0;
    };
    say(&dash_echo(&[
        b"Your",
        b"hostname",
        b"is",
        &[&host[..], b"."].concat(),
    ]));
    let fq = capture(&name, 7, b"./dnsfq", &[b"./dnsfq", &host], false, true);
    let Some(fqdn) = first_line_lower(fq) else {
        say(b"Sorry, I couldn't find your host's canonical name in DNS.\n");
        say(b"You will have to set up control/me yourself.\n");
        return 0;
    };
    say(&dash_echo(&[
        b"Your",
        b"host's",
        b"fully",
        b"qualified",
        b"name",
        b"in",
        b"DNS",
        b"is",
        &[&fqdn[..], b"."].concat(),
    ]));
    script::put_me_and_domains(&name, &fqdn, [12, 17, 23]);

    say(b" \n");
    say(b"Checking local IP addresses:\n");
    let locals = [AUTO_QMAIL, b"/control/locals"].concat();
    let rcpthosts = [AUTO_QMAIL, b"/control/rcpthosts"].concat();
    // `: > locals`: a redirection that fails on the special builtin `:`
    // ends the (sub)shell with status 2, and so the script
    if !script::redirect(&name, 28, &locals, false, b"") {
        return 2;
    }
    script::chmod(&locals, 0o644);
    let mut ips = capture(&name, 30, b"./dnsip", &[b"./dnsip", &fqdn], false, false);
    ips.extend_from_slice(&capture(
        &name,
        31,
        b"./ipmeprint",
        &[b"./ipmeprint"],
        false,
        false,
    ));
    let ips = script::sort_unique(&ips);
    let mut pos = 0;
    loop {
        let (ok, ip) = dash_read(&ips, &mut pos);
        if !ok {
            break;
        }
        // `echo "$localip: " | tr -d '\012'`
        let mut shown = dash_echo(&[&[&ip[..], b": "].concat()]);
        shown.retain(|&c| c != b'\n');
        say(&shown);
        let ptr = capture(&name, 36, b"./dnsptr", &[b"./dnsptr", &ip], true, true);
        match dash_read(&ptr, &mut 0) {
            (true, local) => {
                say(&dash_echo(&[
                    b"Adding",
                    &local,
                    b"to",
                    b"control/locals...",
                ]));
                script::redirect(&name, 40, &locals, true, &dash_echo(&[&local]));
            }
            (false, _) => say(b"PTR lookup failed. I assume this address has no DNS name.\n"),
        }
    }
    say(b" \n");
    say(b"If there are any other domain names that point to you,\n");
    say(&[&b"you will have to add them to "[..], &locals, b".\n"].concat());
    say(b"You don't have to worry about aliases, i.e., domains with CNAME records.\n");
    say(b" \n");
    say(&[&b"Copying "[..], &locals, b" to ", &rcpthosts, b"...\n"].concat());
    script::cp(&locals, &rcpthosts);
    script::chmod(&rcpthosts, 0o644);
    say(b"Now qmail will refuse to accept SMTP messages except to those hosts.\n");
    say(b"Make sure to change rcpthosts if you add hosts to locals or virtualdomains!\n");
    0
}
