//! ipme: the addresses this host answers on. Always starts with 0.0.0.0
//! ("this host"), then each up interface's IPv4 address in kernel order.

use crate::base::ip::IpAddress;
pub use crate::sys::net::IfError;

/// ipme_init's list (1 = Ok, 0 = NoMem, -1 = Hard).
pub fn ipme() -> Result<Vec<IpAddress>, IfError> {
    let found = crate::sys::net::up_ipv4_addresses()?;
    let mut v = Vec::new();
    v.try_reserve(found.len() + 1).map_err(|_| IfError::NoMem)?;
    v.push(IpAddress([0, 0, 0, 0]));
    v.extend(found.into_iter().map(IpAddress));
    Ok(v)
}

/// ipme_is: whether `ip` is one of ours.
pub fn is_me(list: &[IpAddress], ip: &IpAddress) -> bool {
    list.contains(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_this_host() {
        let v = ipme().unwrap();
        assert_eq!(v[0], IpAddress([0, 0, 0, 0]));
        assert!(is_me(&v, &IpAddress([0, 0, 0, 0])));
    }
}
