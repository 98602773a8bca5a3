//! config-fast: sets up the control files for a host whose name is given,
//! without asking DNS (stock ships this as a shell script in the build
//! directory; this program does what the script does).
//!
//! `config-fast FQDN`: writes FQDN into control/me, FQDN less its first
//! label into control/defaultdomain, its last two labels into
//! control/plusdomain, and appends FQDN to control/locals and
//! control/rcpthosts, each file then made mode 644, with a line on fd 1
//! for each step. Words are printed by the shell's echo (backslash escapes
//! included) and read back by its `read`. No argument counts as an empty
//! name.
//!
//! Exit code: 0. A file that cannot be written gets the shell's message
//! (`cannot create ...`) and chmod's, and the rest goes on.
#![cfg_attr(not(test), no_main)]

use qmail::conf::AUTO_QMAIL;
use qmail::local::script::{self, dash_echo, say};

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"config-fast"[..], |a| a));
    let fqdn: &[u8] = args.get(1).map_or(&[], |a| a);
    let dotted = [fqdn, b"."].concat();
    say(&dash_echo(&[
        b"Your",
        b"fully",
        b"qualified",
        b"host",
        b"name",
        b"is",
        &dotted,
    ]));
    script::put_me_and_domains(&name, fqdn, [7, 13, 20]);
    for (file, line) in [(&b"locals"[..], 25), (b"rcpthosts", 29)] {
        let path = [AUTO_QMAIL, b"/control/", file].concat();
        say(&dash_echo(&[
            b"Putting",
            fqdn,
            b"into",
            &[b"control/", file, b"..."].concat(),
        ]));
        script::redirect(&name, line, &path, true, &dash_echo(&[fqdn]));
        script::chmod(&path, 0o644);
    }
    say(&dash_echo(&[&[
        &b"Now qmail will refuse to accept SMTP messages except to "[..],
        fqdn,
        b".",
    ]
    .concat()]));
    say(b"Make sure to change rcpthosts if you add hosts to locals or virtualdomains!\n");
    0
}
