//! The headers in compat/ agree with the Rust side of the C ABI: bindgen
//! turns the headers into Rust declarations, and every function, global
//! and struct found there must be defined in src/ffi with the same
//! parameter and return types and the same fields, and every function
//! and global src/ffi exports must be declared in a header.
//!
//! Types are compared as text after normalisation: paths dropped,
//! `uint32` and `u32` spelled `c_uint`, array lengths as numbers, and the
//! two function-pointer types the headers leave unprototyped as stock
//! does (`int (*op)()` of substdio, `char *(*alloc)()` of cdbmake_add)
//! named after the Rust aliases that give their real parameters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failed step stops the test

use quote::ToTokens;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The headers that declare this library (readwrite.h and exit.h only
/// declare libc's functions for old-style code).
const HEADERS: &[&str] = &[
    "alloc.h",
    "byte.h",
    "case.h",
    "cdb.h",
    "cdb_make.h",
    "cdbmake.h",
    "cdbmss.h",
    "coe.h",
    "constmap.h",
    "control.h",
    "date822fmt.h",
    "datetime.h",
    "env.h",
    "error.h",
    "fd.h",
    "fmt.h",
    "fmtqfn.h",
    "gen_alloc.h",
    "getln.h",
    "gfrom.h",
    "headerbody.h",
    "hfield.h",
    "ip.h",
    "ipalloc.h",
    "ipme.h",
    "lock.h",
    "myctime.h",
    "ndelay.h",
    "newfield.h",
    "now.h",
    "open.h",
    "prioq.h",
    "qmail.h",
    "readsubdir.h",
    "quote.h",
    "scan.h",
    "seek.h",
    "sgetopt.h",
    "sig.h",
    "slurpclose.h",
    "str.h",
    "stralloc.h",
    "strerr.h",
    "subfd.h",
    "subgetopt.h",
    "substdio.h",
    "tcpto.h",
    "timeoutread.h",
    "timeoutwrite.h",
    "trigger.h",
    "triggerpull.h",
    "uint32.h",
    "wait.h",
];

/// Declarations the headers make for libc's sake, not ours (fd_set comes
/// from <sys/select.h> through trigger.h).
const NOT_OURS: &[&str] = &["environ", "fd_set", "DIR", "__dirstream"];

#[derive(Default, Debug)]
struct Api {
    fns: BTreeMap<String, String>,
    statics: BTreeMap<String, String>,
    structs: BTreeMap<String, Vec<(String, String)>>,
}

fn norm(t: &str, consts: &BTreeMap<String, String>) -> String {
    let mut s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    for p in [
        "::std::os::raw::",
        "std::os::raw::",
        "::core::ffi::",
        "core::ffi::",
        "libc::",
        "::std::option::",
        "std::option::",
    ] {
        s = s.replace(p, "");
    }
    s = s.replace(
        "Option<unsafeextern\"C\"fn()->c_int>",
        "Option<substdio_op>",
    );
    s = s.replace(
        "Option<unsafeextern\"C\"fn()->*mutc_char>",
        "Option<cdbmake_alloc>",
    );
    s = s.replace("Option<unsafeextern\"C\"fn()>", "Option<sig_handler>");
    // headerbody's end-of-header hook is `void (*)()` in C as well
    s = s.replace("Option<headerbody_done>", "Option<sig_handler>");
    s = s.replace(
        "Option<unsafeextern\"C\"fn(arg1:*mutstralloc)>",
        "Option<headerbody_line>",
    );
    s = s.replace(
        "Option<unsafeextern\"C\"fn(path:*mutc_char)>",
        "Option<readsubdir_pause>",
    );
    // Word-wise renames.
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let w = word.trim_end_matches("usize");
            let w = if w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() {
                w.to_string()
            } else {
                match word.as_str() {
                    "uint32" | "u32" => "c_uint".to_string(),
                    "i32" => "c_int".to_string(),
                    other => consts
                        .get(other)
                        .cloned()
                        .unwrap_or_else(|| other.to_string()),
                }
            };
            out.push_str(&w);
            word.clear();
        }
    };
    for c in s.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn sig(inputs: Vec<String>, output: &syn::ReturnType) -> String {
    let ret = match output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, t) => t.to_token_stream().to_string(),
    };
    format!("({}) -> {}", inputs.join(", "), ret)
}

fn is_no_mangle(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.to_token_stream().to_string().contains("no_mangle"))
}

fn is_repr_c(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let s = a.to_token_stream().to_string();
        s.contains("repr") && s.contains('C')
    })
}

fn fields(s: &syn::ItemStruct) -> Vec<(String, String)> {
    s.fields
        .iter()
        .map(|f| {
            (
                f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                f.ty.to_token_stream().to_string(),
            )
        })
        .collect()
}

/// What bindgen makes of the headers.
fn from_headers() -> (Api, BTreeMap<String, String>) {
    let compat = root().join("compat");
    let wrapper: String = HEADERS
        .iter()
        .map(|h| format!("#include \"{h}\"\n"))
        .collect();
    let b = bindgen::Builder::default()
        .header_contents("abi_wrapper.h", &wrapper)
        .clang_arg(format!("-I{}", compat.display()))
        .allowlist_file(format!("{}/.*", compat.display()))
        .layout_tests(false)
        .generate()
        .expect("bindgen failed on compat/ (is libclang installed?)");
    let file = syn::parse_file(&b.to_string()).unwrap();
    let mut consts = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Const(c) = item {
            if let syn::Expr::Lit(l) = &*c.expr {
                consts.insert(c.ident.to_string(), l.to_token_stream().to_string());
            }
        }
    }
    let mut api = Api::default();
    for item in &file.items {
        match item {
            syn::Item::ForeignMod(m) => {
                for fi in &m.items {
                    match fi {
                        syn::ForeignItem::Fn(f) => {
                            let inputs = f
                                .sig
                                .inputs
                                .iter()
                                .map(|a| match a {
                                    syn::FnArg::Typed(p) => {
                                        norm(&p.ty.to_token_stream().to_string(), &consts)
                                    }
                                    syn::FnArg::Receiver(_) => unreachable!(),
                                })
                                .collect();
                            api.fns.insert(
                                f.sig.ident.to_string(),
                                norm(&sig(inputs, &f.sig.output), &consts),
                            );
                        }
                        syn::ForeignItem::Static(s) => {
                            let name = s.ident.to_string();
                            if !NOT_OURS.contains(&name.as_str()) {
                                api.statics.insert(
                                    name,
                                    norm(&s.ty.to_token_stream().to_string(), &consts),
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Struct(s) => {
                let f = fields(s)
                    .into_iter()
                    .map(|(n, t)| (n, norm(&t, &consts)))
                    .collect();
                api.structs.insert(s.ident.to_string(), f);
            }
            _ => {}
        }
    }
    (api, consts)
}

/// What src/ffi defines.
fn from_rust(consts: &BTreeMap<String, String>) -> Api {
    let mut api = Api::default();
    let dir = root().join("src/ffi");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in files {
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
        collect(&file.items, &mut api, consts, &path);
    }
    api
}

fn collect(items: &[syn::Item], api: &mut Api, consts: &BTreeMap<String, String>, path: &Path) {
    for item in items {
        match item {
            syn::Item::Fn(f) if is_no_mangle(&f.attrs) => {
                let abi = f
                    .sig
                    .abi
                    .as_ref()
                    .and_then(|a| a.name.as_ref())
                    .map(|n| n.value());
                assert_eq!(
                    abi.as_deref(),
                    Some("C"),
                    "{} in {}",
                    f.sig.ident,
                    path.display()
                );
                let inputs = f
                    .sig
                    .inputs
                    .iter()
                    .map(|a| match a {
                        syn::FnArg::Typed(p) => norm(&p.ty.to_token_stream().to_string(), consts),
                        syn::FnArg::Receiver(_) => unreachable!(),
                    })
                    .collect();
                api.fns.insert(
                    f.sig.ident.to_string(),
                    norm(&sig(inputs, &f.sig.output), consts),
                );
            }
            syn::Item::Static(s) if is_no_mangle(&s.attrs) => {
                api.statics.insert(
                    s.ident.to_string(),
                    norm(&s.ty.to_token_stream().to_string(), consts),
                );
            }
            syn::Item::Struct(s) if is_repr_c(&s.attrs) => {
                let f = fields(s)
                    .into_iter()
                    .map(|(n, t)| (n, norm(&t, consts)))
                    .collect();
                api.structs.insert(s.ident.to_string(), f);
            }
            _ => {}
        }
    }
}

#[test]
fn headers_and_rust_declarations_agree() {
    let (c, consts) = from_headers();
    let r = from_rust(&consts);
    assert!(
        c.fns.len() > 80,
        "bindgen found only {} functions",
        c.fns.len()
    );
    let mut problems = Vec::new();
    for (name, s) in &c.fns {
        match r.fns.get(name) {
            None => problems.push(format!(
                "{name}: declared in compat/, not defined in src/ffi"
            )),
            Some(rs) if rs != s => problems.push(format!("{name}: header {s}\n   rust   {rs}")),
            _ => {}
        }
    }
    for name in r.fns.keys() {
        if !c.fns.contains_key(name) {
            problems.push(format!(
                "{name}: exported by src/ffi, declared in no header"
            ));
        }
    }
    for (name, t) in &c.statics {
        match r.statics.get(name) {
            None => problems.push(format!("{name}: global declared, not defined")),
            Some(rt) if rt.replace("mut", "") != t.replace("mut", "") => {
                problems.push(format!("{name}: header {t}, rust {rt}"))
            }
            _ => {}
        }
    }
    for name in r.statics.keys() {
        if !c.statics.contains_key(name) {
            problems.push(format!("{name}: global exported, declared in no header"));
        }
    }
    for (name, f) in &c.structs {
        if NOT_OURS.contains(&name.as_str()) {
            continue;
        }
        match r.structs.get(name) {
            None => problems.push(format!("struct {name}: no #[repr(C)] twin in src/ffi")),
            Some(rf) if rf != f => {
                problems.push(format!("struct {name}:\n   header {f:?}\n   rust   {rf:?}"))
            }
            _ => {}
        }
    }
    assert!(
        problems.is_empty(),
        "compat/ and src/ffi disagree:\n{}",
        problems.join("\n")
    );
}
