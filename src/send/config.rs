//! The control files qmail-send reads once at start (lifetime,
//! concurrencies, bounce addresses, the rewriting maps), and the two it
//! reads again on SIGHUP (locals and virtualdomains).

use super::addr::Maps;
use super::{log, nomem};
use crate::base::constmap::Constmap;
use crate::base::control::{self, Control};

/// The settings read from control/ at start.
#[derive(Debug, Default)]
pub struct Config {
    pub lifetime: i64,
    /// The concurrency asked for, local then remote; each spawner may
    /// lower it (see [`super::Channel::open_both`]).
    pub concurrency: [u32; 2],
    pub bouncefrom: Vec<u8>,
    pub bouncehost: Vec<u8>,
    /// doublebounceto@doublebouncehost.
    pub doublebounceto: Vec<u8>,
    pub maps: Maps,
    ctl: Control,
}

impl Config {
    /// getcontrols: None when a control file cannot be read.
    pub fn read() -> Option<Config> {
        let mut ctl = Control::new();
        ctl.init().ok()?;
        let mut cfg = Config {
            lifetime: 604800,
            concurrency: [10, 20],
            ..Default::default()
        };
        if let Some(v) = control::readint(b"control/queuelifetime").ok()? {
            cfg.lifetime = i64::from(v);
        }
        let conc: [&[u8]; 2] = [b"control/concurrencylocal", b"control/concurrencyremote"];
        for (c, path) in conc.iter().enumerate() {
            if let Some(v) = control::readint(path).ok()? {
                cfg.concurrency[c] = v as u32;
            }
        }
        let rl = |p: &[u8], me: bool, d: &[u8]| ctl.rldef(p, me, Some(d)).ok().flatten();
        cfg.maps.envnoathost = rl(b"control/envnoathost", true, b"envnoathost")?;
        cfg.bouncefrom = rl(b"control/bouncefrom", false, b"MAILER-DAEMON")?;
        cfg.bouncehost = rl(b"control/bouncehost", true, b"bouncehost")?;
        let dbhost = rl(b"control/doublebouncehost", true, b"doublebouncehost")?;
        cfg.doublebounceto = rl(b"control/doublebounceto", false, b"postmaster")?;
        cfg.doublebounceto.push(b'@');
        cfg.doublebounceto.extend_from_slice(&dbhost);
        let locals = ctl.readfile(b"control/locals", true).ok()??;
        cfg.maps.locals = Constmap::new(&locals, false).ok()?;
        let ph = ctl.readfile(b"control/percenthack", false).ok()?;
        cfg.maps.percenthack = Constmap::new(ph.as_deref().unwrap_or(b""), false).ok()?;
        let vd = ctl.readfile(b"control/virtualdomains", false).ok()?;
        cfg.maps.vdoms = Constmap::new(vd.as_deref().unwrap_or(b""), true).ok()?;
        cfg.ctl = ctl;
        Some(cfg)
    }

    /// regetcontrols (on SIGHUP): locals and virtualdomains only.
    pub(super) fn reread(&mut self) {
        let locals = match self.ctl.readfile(b"control/locals", true) {
            Ok(Some(l)) => l,
            _ => {
                log(&[b"alert: unable to reread control/locals\n"]);
                return;
            }
        };
        let vd = match self.ctl.readfile(b"control/virtualdomains", false) {
            Ok(v) => v,
            Err(_) => {
                log(&[b"alert: unable to reread control/virtualdomains\n"]);
                return;
            }
        };
        self.maps.locals = loop {
            match Constmap::new(&locals, false) {
                Ok(m) => break m,
                Err(_) => nomem(),
            }
        };
        self.maps.vdoms = loop {
            match Constmap::new(vd.as_deref().unwrap_or(b""), true) {
                Ok(m) => break m,
                Err(_) => nomem(),
            }
        };
    }
}
