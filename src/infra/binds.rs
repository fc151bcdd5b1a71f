//! Can Traefik bind the machine's addresses? The server's local addresses (`ip route show table
//! local`, read with the survey) must cover what the entrypoints bind: the public address, or
//! `--bind-ipv4/6` on a cloud that NATs it (the public address is then on no interface of the
//! instance, and Traefik could not start). Said before anything changes, with the fix.

use std::net::IpAddr;

use crate::context::Infra;
use crate::error::usage;

/// Whether `ip` is one of the server's addresses, or inside a local prefix (`127.0.0.0/8`).
fn is_local(ip: IpAddr, local: &[String]) -> bool {
    local.iter().any(|l| {
        let (a, len) = match l.split_once('/') {
            Some((a, n)) => (a, n.parse::<u32>().ok()),
            None => (l.as_str(), None),
        };
        let Ok(net) = a.parse::<IpAddr>() else {
            return false;
        };
        match (ip, net) {
            (IpAddr::V4(x), IpAddr::V4(n)) => {
                let len = len.unwrap_or(32).min(32);
                let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
                u32::from(x) & mask == u32::from(n) & mask
            }
            (IpAddr::V6(x), IpAddr::V6(n)) => {
                let len = len.unwrap_or(128).min(128);
                let mask = if len == 0 {
                    0
                } else {
                    u128::MAX << (128 - len)
                };
                u128::from(x) & mask == u128::from(n) & mask
            }
            _ => false,
        }
    })
}

/// The server's own addresses of one family worth suggesting (not loopback or link-local).
fn candidates(v6: bool, local: &[String]) -> Vec<String> {
    local
        .iter()
        .filter(|l| !l.contains('/'))
        .filter_map(|l| l.parse::<IpAddr>().ok())
        .filter(|ip| ip.is_ipv6() == v6 && !ip.is_loopback())
        .filter(|ip| match ip {
            IpAddr::V6(a) => (a.segments()[0] & 0xffc0) != 0xfe80,
            IpAddr::V4(a) => !a.is_link_local(),
        })
        .map(|ip| ip.to_string())
        .collect()
}

/// Refuse an address Traefik could not bind on `machine`, naming what to set.
pub(crate) fn check(machine: &str, infra: &Infra, local: &[String]) -> anyhow::Result<()> {
    let fams = [
        (
            false,
            infra.public_ipv4().map(IpAddr::V4),
            infra.get("bind_ipv4").is_some(),
            infra.listen_ipv4().map(IpAddr::V4),
        ),
        (
            true,
            infra.public_ipv6().map(IpAddr::V6),
            infra.get("bind_ipv6").is_some(),
            infra.listen_ipv6().map(IpAddr::V6),
        ),
    ];
    for (v6, public, bind_set, listen) in fams {
        let (Some(public), Some(listen)) = (public, listen) else {
            continue;
        };
        if is_local(listen, local) {
            continue;
        }
        let own = candidates(v6, local);
        let theirs = if own.is_empty() {
            "none of this family".to_string()
        } else {
            own.join(", ")
        };
        let pick = own.first().cloned().unwrap_or_else(|| "IP".into());
        let (flag, fix) = if v6 {
            (
                "--bind-ipv6",
                format!("rdc context set-infra {machine} --bind-ipv6 {pick}"),
            )
        } else {
            (
                "--bind-ipv4",
                format!("rdc context set-infra {machine} --bind-ipv4 {pick}"),
            )
        };
        return Err(usage(if bind_set {
            format!(
                "{flag} {listen} is not an address of {machine} (its addresses: {theirs}); Traefik could not bind it; set one of them: {fix}"
            )
        } else {
            format!(
                "the public address {public} is not on any interface of {machine} (its addresses: {theirs}), so Traefik could not bind it; on a cloud that NATs the public address, bind the server's own one (DNS keeps {public}): {fix}"
            )
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infra(pairs: &[(&str, &str)]) -> Infra {
        Infra::from_pairs(pairs)
    }

    #[test]
    fn a_natted_public_address_names_the_bind_flag_and_an_own_address() {
        let local: Vec<String> = ["127.0.0.0/8", "127.0.0.1", "10.0.0.5", "fe80::1", "::1"]
            .map(String::from)
            .to_vec();
        let e = check("m", &infra(&[("public_ipv4", "203.0.113.50")]), &local).unwrap_err();
        let e = format!("{e:#}");
        assert!(
            e.contains("the public address 203.0.113.50 is not on any interface of m (its addresses: 10.0.0.5)")
                && e.contains("rdc context set-infra m --bind-ipv4 10.0.0.5"),
            "{e}"
        );
        assert!(
            check(
                "m",
                &infra(&[("public_ipv4", "203.0.113.50"), ("bind_ipv4", "10.0.0.5")]),
                &local
            )
            .is_ok()
        );
        let e = check(
            "m",
            &infra(&[("public_ipv4", "203.0.113.50"), ("bind_ipv4", "10.0.0.6")]),
            &local,
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("--bind-ipv4 10.0.0.6 is not an address of m"));
        // A loopback test address is inside 127.0.0.0/8.
        assert!(check("m", &infra(&[("public_ipv4", "127.0.0.61")]), &local).is_ok());
        let e = check("m", &infra(&[("public_ipv6", "2001:db8::1")]), &local).unwrap_err();
        assert!(format!("{e:#}").contains("(its addresses: none of this family)"));
    }
}
