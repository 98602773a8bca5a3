//! The environment as stock's env library keeps it (env_init, env_put2,
//! env_unset): a list of `NAME=value` entries copied from the process,
//! changed in place and handed to a program at exec. The order is part of
//! what the program sees: removing an entry moves the last entry into its
//! slot, and setting a name removes every old entry of it first and then
//! appends the new one at the end.

/// An environment list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: Vec<Vec<u8>>,
}

impl Env {
    /// env_init: a copy of this process's environment, in order.
    pub fn from_process() -> Env {
        Env {
            vars: crate::sys::environ(),
        }
    }

    /// A list from the given entries.
    pub fn from_entries(vars: Vec<Vec<u8>>) -> Env {
        Env { vars }
    }

    /// The entries, in the order the program will get them.
    pub fn entries(&self) -> &[Vec<u8>] {
        &self.vars
    }

    /// env_get: the value of the first entry (from the start) named `name`.
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.vars.iter().find_map(|e| {
            (e.len() > name.len() && e.starts_with(name) && e[name.len()] == b'=')
                .then(|| &e[name.len() + 1..])
        })
    }

    /// env_unset: removes every entry named `name`, looking from the end,
    /// each hole filled by the then last entry.
    pub fn unset(&mut self, name: &[u8]) {
        let mut i = self.vars.len();
        while i > 0 {
            i -= 1;
            let e = &self.vars[i];
            if e.len() > name.len() && e.starts_with(name) && e[name.len()] == b'=' {
                self.vars.swap_remove(i);
            }
        }
    }

    /// env_put2: `name=value` at the end, after removing the old entries.
    /// The value is cut at a NUL, as the C string it is.
    pub fn put2(&mut self, name: &[u8], value: &[u8]) {
        let value = match value.iter().position(|&c| c == 0) {
            Some(n) => &value[..n],
            None => value,
        };
        self.unset(name);
        let mut e = Vec::with_capacity(name.len() + 1 + value.len());
        e.extend_from_slice(name);
        e.push(b'=');
        e.extend_from_slice(value);
        self.vars.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(v: &[&str]) -> Env {
        Env::from_entries(v.iter().map(|s| s.as_bytes().to_vec()).collect())
    }

    fn list(e: &Env) -> Vec<String> {
        e.entries()
            .iter()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect()
    }

    #[test]
    fn unset_fills_the_hole_with_the_last() {
        let mut e = env(&["A=1", "B=2", "C=3", "D=4"]);
        e.unset(b"B");
        assert_eq!(list(&e), ["A=1", "D=4", "C=3"]);
        // every entry of the name goes, the last ones first
        let mut e = env(&["X=1", "A=1", "X=2", "B=2", "X=3"]);
        e.unset(b"X");
        assert_eq!(list(&e), ["B=2", "A=1"]);
        // only whole names
        let mut e = env(&["AB=1", "A=2", "A"]);
        e.unset(b"A");
        assert_eq!(list(&e), ["AB=1", "A"]);
    }

    #[test]
    fn put_moves_a_name_to_the_end() {
        let mut e = env(&["PROTO=x", "PATH=/bin", "HOME=/"]);
        e.put2(b"PROTO", b"TCP");
        assert_eq!(list(&e), ["HOME=/", "PATH=/bin", "PROTO=TCP"]);
        e.put2(b"NEW", b"a\0b");
        assert_eq!(e.get(b"NEW"), Some(&b"a"[..]));
        assert_eq!(e.get(b"PATH"), Some(&b"/bin"[..]));
        assert_eq!(e.get(b"PAT"), None);
    }
}
