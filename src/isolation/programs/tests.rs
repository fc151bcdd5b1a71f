//! Each program's decisions, run by an interpreter (rbpf) over a `struct bpf_sock_addr` laid out as
//! the kernel's. The integration tests (`tests/it/isolation_net.rs`) check the same decisions in
//! the real kernel.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::*;

/// Repository 2880 (127.0.11.64/26), service at .66, resolver 127.0.0.53 allowed.
fn policy() -> Policy {
    Policy {
        own: Ipv4Addr::new(127, 0, 11, 66),
        net: Ipv4Addr::new(127, 0, 11, 64),
        allow: vec![Ipv4Addr::new(127, 0, 0, 53)],
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Allow,
    Deny,
}

fn ctx4(ip: Ipv4Addr) -> Vec<u8> {
    let mut c = vec![0u8; CTX_LEN];
    c[0..4].copy_from_slice(&2u32.to_ne_bytes());
    c[4..8].copy_from_slice(&ip.octets());
    c
}

fn ctx6(ip: Ipv6Addr) -> Vec<u8> {
    let mut c = vec![0u8; CTX_LEN];
    c[0..4].copy_from_slice(&10u32.to_ne_bytes());
    c[8..24].copy_from_slice(&ip.octets());
    c
}

fn run(hook: Hook, ctx: &mut [u8]) -> Verdict {
    let prog = super::super::insn::bytes(&hook.program(&policy()));
    let vm = rbpf::EbpfVmRaw::new(Some(&prog)).expect("the interpreter accepts the program");
    match vm.execute_program(ctx).expect("runs") {
        1 => Verdict::Allow,
        0 => Verdict::Deny,
        other => panic!("{hook:?} returned {other}"),
    }
}

/// Verdict and the address after the program (v4).
fn v4(hook: Hook, ip: [u8; 4]) -> (Verdict, Ipv4Addr) {
    let mut c = ctx4(Ipv4Addr::from(ip));
    let v = run(hook, &mut c);
    (v, Ipv4Addr::new(c[4], c[5], c[6], c[7]))
}

fn v6(hook: Hook, ip: &str) -> (Verdict, Ipv6Addr) {
    let mut c = ctx6(ip.parse().unwrap());
    let v = run(hook, &mut c);
    let mut o = [0u8; 16];
    o.copy_from_slice(&c[8..24]);
    (v, Ipv6Addr::from(o))
}

const OWN: Ipv4Addr = Ipv4Addr::new(127, 0, 11, 66);

#[test]
fn bind4_rewrites_wildcard_and_localhost_and_keeps_the_repository() {
    use Verdict::*;
    assert_eq!(v4(Hook::Bind4, [0, 0, 0, 0]), (Allow, OWN));
    assert_eq!(v4(Hook::Bind4, [127, 0, 0, 1]), (Allow, OWN));
    assert_eq!(v4(Hook::Bind4, [127, 0, 11, 66]), (Allow, OWN));
    // Another service of the same repository, the edges of the /26.
    for last in [64, 70, 127] {
        assert_eq!(
            v4(Hook::Bind4, [127, 0, 11, last]),
            (Allow, Ipv4Addr::new(127, 0, 11, last))
        );
    }
    // Another repository, the public address (reusePort group of Traefik), the internet,
    // the /26 next door, another loopback address.
    for ip in [
        [127, 0, 11, 2],
        [127, 0, 11, 128],
        [127, 0, 11, 63],
        [203, 0, 113, 50],
        [127, 0, 0, 2],
        [127, 0, 0, 53],
        [8, 8, 8, 8],
    ] {
        assert_eq!(v4(Hook::Bind4, ip).0, Deny, "bind to {ip:?}");
    }
}

#[test]
fn connect4_keeps_tenants_on_their_side_of_loopback() {
    use Verdict::*;
    for hook in [Hook::Connect4, Hook::Sendmsg4] {
        assert_eq!(v4(hook, [127, 0, 0, 1]), (Allow, OWN), "{hook:?}");
        assert_eq!(v4(hook, [0, 0, 0, 0]), (Allow, OWN), "{hook:?}");
        assert_eq!(
            v4(hook, [127, 0, 11, 70]),
            (Allow, Ipv4Addr::new(127, 0, 11, 70))
        );
        assert_eq!(
            v4(hook, [127, 0, 0, 53]),
            (Allow, Ipv4Addr::new(127, 0, 0, 53)),
            "the allowed resolver"
        );
        // Non-loopback: untouched.
        for ip in [
            [8, 8, 8, 8],
            [203, 0, 113, 50],
            [10, 1, 2, 3],
            [128, 0, 0, 1],
        ] {
            assert_eq!(v4(hook, ip), (Allow, Ipv4Addr::from(ip)), "{hook:?} {ip:?}");
        }
        // Another repository, the route server on another loopback address, Traefik's admin
        // address, the /26 next door.
        for ip in [
            [127, 0, 11, 2],
            [127, 0, 11, 128],
            [127, 0, 0, 5],
            [127, 0, 0, 2],
            [127, 255, 255, 255],
        ] {
            assert_eq!(v4(hook, ip).0, Deny, "{hook:?} {ip:?}");
        }
    }
}

#[test]
fn bind6_maps_to_the_own_ipv4_and_refuses_ipv6_addresses() {
    use Verdict::*;
    let mapped_own: Ipv6Addr = "::ffff:127.0.11.66".parse().unwrap();
    assert_eq!(v6(Hook::Bind6, "::"), (Allow, mapped_own));
    assert_eq!(v6(Hook::Bind6, "::1"), (Allow, mapped_own));
    assert_eq!(v6(Hook::Bind6, "::ffff:0.0.0.0"), (Allow, mapped_own));
    assert_eq!(v6(Hook::Bind6, "::ffff:127.0.0.1"), (Allow, mapped_own));
    assert_eq!(v6(Hook::Bind6, "::ffff:127.0.11.70").0, Allow);
    for ip in [
        "::ffff:127.0.11.2",
        "::ffff:127.0.0.2",
        "2001:db8::1",
        "fe80::1",
        "::2",
        "::1:0:0:1",
    ] {
        assert_eq!(v6(Hook::Bind6, ip).0, Deny, "bind to {ip}");
    }
}

#[test]
fn connect6_closes_the_v4_mapped_bypass() {
    use Verdict::*;
    let mapped_own: Ipv6Addr = "::ffff:127.0.11.66".parse().unwrap();
    for hook in [Hook::Connect6, Hook::Sendmsg6] {
        assert_eq!(v6(hook, "::1"), (Allow, mapped_own));
        assert_eq!(v6(hook, "::"), (Allow, mapped_own));
        assert_eq!(v6(hook, "::ffff:127.0.0.1"), (Allow, mapped_own));
        assert_eq!(v6(hook, "::ffff:127.0.0.53").0, Allow);
        assert_eq!(v6(hook, "::ffff:127.0.11.70").0, Allow);
        for ip in ["2001:db8::1", "::ffff:8.8.8.8", "fe80::1"] {
            assert_eq!(v6(hook, ip), (Allow, ip.parse().unwrap()), "{hook:?} {ip}");
        }
        for ip in ["::ffff:127.0.11.2", "::ffff:127.0.0.5", "::ffff:127.1.2.3"] {
            assert_eq!(v6(hook, ip).0, Deny, "{hook:?} {ip}");
        }
    }
}

#[test]
fn every_program_fits_and_ends() {
    for hook in Hook::ALL {
        let p = hook.program(&policy());
        assert!(p.len() < 128, "{hook:?}: {} instructions", p.len());
        assert_eq!(p.last().unwrap().code, 0x95, "{hook:?} ends with exit");
        assert!(hook.name().len() < 16);
    }
}
