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

/// The context and, after it, 16 bytes where the modelled map lookup puts the value it returns
/// (the interpreter lets a program read only its context and its stack).
const SCRATCH: usize = CTX_LEN;

fn ctx4(ip: Ipv4Addr) -> Vec<u8> {
    let mut c = vec![0u8; CTX_LEN + 16];
    c[0..4].copy_from_slice(&2u32.to_ne_bytes());
    c[4..8].copy_from_slice(&ip.octets());
    c
}

fn ctx6(ip: Ipv6Addr) -> Vec<u8> {
    let mut c = vec![0u8; CTX_LEN + 16];
    c[0..4].copy_from_slice(&10u32.to_ne_bytes());
    c[8..24].copy_from_slice(&ip.octets());
    c
}

/// The kernel's side of the two helpers and the map, per test thread.
mod model {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    thread_local! {
        pub(super) static MAP: RefCell<HashMap<[u8; 16], [u8; 16]>> = RefCell::default();
        pub(super) static COOKIE: Cell<u64> = const { Cell::new(1) };
        pub(super) static SCRATCH: Cell<u64> = const { Cell::new(0) };
        /// The sockaddr of the last `bpf_bind`.
        pub(super) static BOUND: RefCell<Option<Vec<u8>>> = RefCell::default();
    }

    pub(super) fn bind(_ctx: u64, addr: u64, len: u64, _: u64, _: u64) -> u64 {
        // SAFETY: the program passes a sockaddr of `len` bytes on its stack.
        let bytes = unsafe { std::slice::from_raw_parts(addr as *const u8, len as usize) };
        BOUND.with(|b| *b.borrow_mut() = Some(bytes.to_vec()));
        0
    }

    fn read16(addr: u64) -> [u8; 16] {
        // SAFETY: the interpreter passes addresses of its own stack, where the program wrote
        // the 16 bytes of a key or value (the kernel's verifier checks the same).
        unsafe { std::ptr::read_unaligned(addr as *const [u8; 16]) }
    }

    pub(super) fn cookie(_: u64, _: u64, _: u64, _: u64, _: u64) -> u64 {
        COOKIE.get()
    }

    pub(super) fn update(_map: u64, key: u64, value: u64, _: u64, _: u64) -> u64 {
        MAP.with(|m| m.borrow_mut().insert(read16(key), read16(value)));
        0
    }

    pub(super) fn lookup(_map: u64, key: u64, _: u64, _: u64, _: u64) -> u64 {
        match MAP.with(|m| m.borrow().get(&read16(key)).copied()) {
            Some(v) => {
                let at = SCRATCH.get();
                // SAFETY: `at` is the 16-byte scratch area after the context being run.
                unsafe { std::ptr::write_unaligned(at as *mut [u8; 16], v) };
                at
            }
            None => 0,
        }
    }
}

fn run(hook: Hook, ctx: &mut [u8]) -> Verdict {
    let prog = super::super::insn::bytes(&hook.program(&policy(), 3));
    let mut vm = rbpf::EbpfVmRaw::new(Some(&prog)).expect("the interpreter accepts the program");
    vm.register_helper(HELPER_SOCKET_COOKIE as u32, model::cookie)
        .unwrap();
    vm.register_helper(HELPER_MAP_UPDATE as u32, model::update)
        .unwrap();
    vm.register_helper(HELPER_MAP_LOOKUP as u32, model::lookup)
        .unwrap();
    vm.register_helper(HELPER_BIND as u32, model::bind).unwrap();
    model::SCRATCH.set(ctx[SCRATCH..].as_ptr() as u64);
    match vm.execute_program(ctx).expect("runs") {
        1 => Verdict::Allow,
        0 => Verdict::Deny,
        other => panic!("{hook:?} returned {other}"),
    }
}

/// Verdict and the address after the program (v4).
fn v4(hook: Hook, ip: [u8; 4]) -> (Verdict, Ipv4Addr) {
    v4_port(hook, ip, 80)
}

fn v4_port(hook: Hook, ip: [u8; 4], port: u16) -> (Verdict, Ipv4Addr) {
    let mut c = ctx4(Ipv4Addr::from(ip));
    c[24..26].copy_from_slice(&port.to_be_bytes());
    let v = run(hook, &mut c);
    (v, Ipv4Addr::new(c[4], c[5], c[6], c[7]))
}

fn v6(hook: Hook, ip: &str) -> (Verdict, Ipv6Addr) {
    let mut c = ctx6(ip.parse().unwrap());
    c[24..26].copy_from_slice(&53u16.to_be_bytes());
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
        if hook == Hook::Connect6 {
            assert_eq!(v6(hook, "::1"), (Allow, mapped_own));
            assert_eq!(v6(hook, "::"), (Allow, mapped_own));
        } else {
            // The kernel cannot send unconnected IPv6 UDP to a v4-mapped address.
            assert_eq!(v6(hook, "::1").0, Deny);
            assert_eq!(v6(hook, "::").0, Deny);
        }
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
        let p = hook.program(&policy(), 3);
        assert!(p.len() < 128, "{hook:?}: {} instructions", p.len());
        assert_eq!(p.last().unwrap().code, 0x95, "{hook:?} ends with exit");
        assert!(hook.name().len() < 16);
    }
}

#[test]
fn a_reply_reads_as_coming_from_the_address_the_socket_asked_for() {
    use Verdict::*;
    let localhost = Ipv4Addr::LOCALHOST;
    // Socket 7 sends to 127.0.0.1:53 (rewritten to the own address); the reply from OWN:53 reads
    // as 127.0.0.1:53, for recvmsg and getpeername alike.
    model::COOKIE.set(7);
    assert_eq!(v4_port(Hook::Sendmsg4, [127, 0, 0, 1], 53), (Allow, OWN));
    for hook in [Hook::Recvmsg4, Hook::Peer4] {
        assert_eq!(
            v4_port(hook, OWN.octets(), 53),
            (Allow, localhost),
            "{hook:?}"
        );
        // Another port, another address of the repository: as they are.
        assert_eq!(v4_port(hook, OWN.octets(), 54), (Allow, OWN), "{hook:?}");
        let other = Ipv4Addr::new(127, 0, 11, 70);
        assert_eq!(v4_port(hook, other.octets(), 53), (Allow, other));
    }
    // Another socket that asked for the own address by its name reads the own address.
    model::COOKIE.set(8);
    assert_eq!(v4_port(Hook::Connect4, OWN.octets(), 53), (Allow, OWN));
    assert_eq!(v4_port(Hook::Recvmsg4, OWN.octets(), 53), (Allow, OWN));
    // 0.0.0.0 is loopback to the kernel: read back as 127.0.0.1, as without the programs.
    model::COOKIE.set(9);
    assert_eq!(v4_port(Hook::Connect4, [0, 0, 0, 0], 53), (Allow, OWN));
    assert_eq!(v4_port(Hook::Peer4, OWN.octets(), 53), (Allow, localhost));
    // A dual-stack IPv6 socket that sent to ::ffff:127.0.0.1 went through the IPv4 hooks (the
    // kernel's path for v4-mapped destinations) and reads back the mapped form.
    model::COOKIE.set(10);
    assert_eq!(v4_port(Hook::Sendmsg4, [127, 0, 0, 1], 53), (Allow, OWN));
    assert_eq!(
        v6(Hook::Recvmsg6, "::ffff:127.0.11.66"),
        (Allow, "::ffff:127.0.0.1".parse().unwrap())
    );
}

#[test]
fn an_ipv6_socket_reads_back_the_form_it_wrote() {
    use Verdict::*;
    let mapped_own: Ipv6Addr = "::ffff:127.0.11.66".parse().unwrap();
    for (asked, shown) in [
        ("::1", "::1"),
        ("::", "::1"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
        ("::ffff:0.0.0.0", "::ffff:127.0.0.1"),
    ] {
        model::COOKIE.set(20);
        assert_eq!(v6(Hook::Connect6, asked), (Allow, mapped_own), "{asked}");
        for hook in [Hook::Recvmsg6, Hook::Peer6] {
            assert_eq!(
                v6(hook, "::ffff:127.0.11.66"),
                (Allow, shown.parse().unwrap()),
                "{hook:?} after {asked}"
            );
        }
        // A socket with nothing remembered, and addresses that are not the own one.
        model::COOKIE.set(21);
        assert_eq!(
            v6(Hook::Recvmsg6, "::ffff:127.0.11.66"),
            (Allow, mapped_own)
        );
        model::COOKIE.set(20);
        for other in ["::ffff:127.0.11.70", "2001:db8::1", "::1"] {
            assert_eq!(v6(Hook::Recvmsg6, other), (Allow, other.parse().unwrap()));
        }
    }
}

/// What `bpf_bind` was asked for when `hook` saw a socket of `sock_type` go to `ip` (v4).
fn source_of(hook: Hook, sock_type: u32, ip: [u8; 4]) -> Option<Vec<u8>> {
    model::BOUND.with(|b| *b.borrow_mut() = None);
    let mut c = ctx4(Ipv4Addr::from(ip));
    c[32..36].copy_from_slice(&sock_type.to_ne_bytes());
    run(hook, &mut c);
    model::BOUND.with(|b| b.borrow().clone())
}

#[test]
fn connected_udp_takes_the_own_address_as_its_source() {
    const STREAM: u32 = 1;
    const DGRAM: u32 = 2;
    let sin = |ip: Ipv4Addr| {
        let mut v = vec![2, 0, 0, 0];
        v.extend_from_slice(&ip.octets());
        v.extend_from_slice(&[0; 8]);
        v
    };
    // Localhost (rewritten) and another service of the repository: bound to the own address,
    // port left to connect.
    assert_eq!(
        source_of(Hook::Connect4, DGRAM, [127, 0, 0, 1]),
        Some(sin(OWN))
    );
    assert_eq!(
        source_of(Hook::Connect4, DGRAM, [127, 0, 11, 70]),
        Some(sin(OWN))
    );
    // TCP keeps the kernel's source; unconnected UDP, the internet and the resolver too.
    assert_eq!(source_of(Hook::Connect4, STREAM, [127, 0, 0, 1]), None);
    assert_eq!(source_of(Hook::Sendmsg4, DGRAM, [127, 0, 0, 1]), None);
    assert_eq!(source_of(Hook::Connect4, DGRAM, [8, 8, 8, 8]), None);
    assert_eq!(source_of(Hook::Connect4, DGRAM, [127, 0, 0, 53]), None);
    // IPv6: a sockaddr_in6 of ::ffff:OWN.
    model::BOUND.with(|b| *b.borrow_mut() = None);
    let mut c = ctx6("::1".parse().unwrap());
    c[32..36].copy_from_slice(&DGRAM.to_ne_bytes());
    run(Hook::Connect6, &mut c);
    let bound = model::BOUND.with(|b| b.borrow().clone()).expect("bound");
    assert_eq!(bound.len(), 28);
    assert_eq!(&bound[..2], &10u16.to_ne_bytes());
    let mut a = [0u8; 16];
    a.copy_from_slice(&bound[8..24]);
    assert_eq!(
        Ipv6Addr::from(a),
        "::ffff:127.0.11.66".parse::<Ipv6Addr>().unwrap()
    );
}
