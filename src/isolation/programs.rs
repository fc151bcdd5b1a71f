//! The socket-address programs of one cgroup, generated from its [`Policy`] (the addresses are
//! immediates: one program per cgroup, no map to keep in sync).
//!
//! `bind4`/`bind6`: `0.0.0.0`, `127.0.0.1`, `::` and `::1` become the cgroup's own address (for
//! IPv6 the v4-mapped `::ffff:OWN`, which a dual-stack socket accepts and a v6-only socket
//! refuses with `EINVAL`); any address of the repository's /26 is kept; anything else (another
//! repository, the machine's public address, a global IPv6 address) is refused with `EPERM`.
//!
//! `connect4`/`connect6`, and `sendmsg4`/`sendmsg6` for unconnected UDP: `127.0.0.1`, `::1` and
//! the unspecified address (which the kernel would take for loopback) become the own address; the
//! repository's /26 and the allowlist (loopback resolvers) pass; every other `127.0.0.0/8`
//! destination, also written as `::ffff:127.x.y.z`, is refused; non-loopback destinations pass.
//!
//! Each program is a few dozen instructions without helpers or maps, so the same bytes run in the
//! kernel and, for the unit tests, in an interpreter over the same context layout.

use std::net::Ipv4Addr;

use super::insn::{Asm, Insn, Label, R0, R2, R3, R4, R5, R6, R7, Reg};

/// What one cgroup may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Policy {
    /// What wildcard and localhost binds and connects become.
    pub(crate) own: Ipv4Addr,
    /// The repository's /26.
    pub(crate) net: Ipv4Addr,
    /// Loopback addresses outside the /26 that may be reached (resolvers).
    pub(crate) allow: Vec<Ipv4Addr>,
}

/// Where a program is attached (the kernel's `enum bpf_attach_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hook {
    Bind4,
    Bind6,
    Connect4,
    Connect6,
    Sendmsg4,
    Sendmsg6,
}

impl Hook {
    pub(crate) const ALL: [Hook; 6] = [
        Hook::Bind4,
        Hook::Bind6,
        Hook::Connect4,
        Hook::Connect6,
        Hook::Sendmsg4,
        Hook::Sendmsg6,
    ];

    /// `BPF_CGROUP_INET4_BIND` … `BPF_CGROUP_UDP6_SENDMSG`.
    pub(crate) fn attach_type(self) -> u32 {
        match self {
            Hook::Bind4 => 8,
            Hook::Bind6 => 9,
            Hook::Connect4 => 10,
            Hook::Connect6 => 11,
            Hook::Sendmsg4 => 14,
            Hook::Sendmsg6 => 15,
        }
    }

    /// The program's name in the kernel (`bpftool cgroup show` prints it; 15 bytes at most).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Hook::Bind4 => "rdc_bind4",
            Hook::Bind6 => "rdc_bind6",
            Hook::Connect4 => "rdc_connect4",
            Hook::Connect6 => "rdc_connect6",
            Hook::Sendmsg4 => "rdc_sendmsg4",
            Hook::Sendmsg6 => "rdc_sendmsg6",
        }
    }

    pub(crate) fn program(self, p: &Policy) -> Vec<Insn> {
        match self {
            Hook::Bind4 => bind4(p),
            Hook::Bind6 => bind6(p),
            Hook::Connect4 | Hook::Sendmsg4 => connect4(p),
            Hook::Connect6 | Hook::Sendmsg6 => connect6(p),
        }
    }
}

// `struct bpf_sock_addr` offsets.
pub(crate) const USER_IP4: i16 = 4;
pub(crate) const USER_IP6: i16 = 8;
/// The context's size, for the interpreter.
#[cfg(test)]
pub(crate) const CTX_LEN: usize = 72;

/// An address as the 32-bit word the program loads (network byte order in memory).
fn word(ip: Ipv4Addr) -> u32 {
    u32::from_ne_bytes(ip.octets())
}

fn mask(bits: u32) -> u32 {
    u32::from_ne_bytes((u32::MAX << (32 - bits)).to_be_bytes())
}

const ANY: u32 = 0;
fn localhost() -> u32 {
    word(Ipv4Addr::LOCALHOST)
}
/// The third word of a v4-mapped IPv6 address (`::ffff:0:0/96`).
fn mapped() -> u32 {
    u32::from_ne_bytes([0, 0, 0xff, 0xff])
}
/// The fourth word of `::1`.
fn v6_one() -> u32 {
    u32::from_ne_bytes([0, 0, 0, 1])
}

/// `if (ip & mask) == net goto to`; clobbers `scratch` and R3.
fn in_net(a: &mut Asm, ip: Reg, scratch: Reg, net: u32, bits: u32, to: Label) {
    a.mov32(scratch, ip)
        .and32_imm(scratch, mask(bits))
        .mov32_imm(R3, net & mask(bits))
        .jeq(scratch, R3, to);
}

/// `if ip == value goto to`; clobbers R3.
fn is(a: &mut Asm, ip: Reg, value: u32, to: Label) {
    if value == 0 {
        a.jeq_zero(ip, to);
    } else {
        a.mov32_imm(R3, value).jeq(ip, R3, to);
    }
}

fn bind4(p: &Policy) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite, allow) = (a.label(), a.label());
    a.mov64(R6, super::insn::R1).load32(R2, R6, USER_IP4);
    is(&mut a, R2, ANY, rewrite);
    is(&mut a, R2, localhost(), rewrite);
    in_net(&mut a, R2, R4, word(p.net), 26, allow);
    a.ret(0);
    a.bind(rewrite)
        .mov32_imm(R3, word(p.own))
        .store32(R6, USER_IP4, R3);
    a.bind(allow).ret(1);
    a.finish()
}

/// The IPv4 destination check of connect/sendmsg on the word in `ip`; `rewrite` stores the own
/// address (the caller's label knows where).
fn connect_v4_logic(a: &mut Asm, p: &Policy, ip: Reg, rewrite: Label, allow: Label, deny: Label) {
    is(a, ip, ANY, rewrite);
    is(a, ip, localhost(), rewrite);
    // Not loopback at all: the internet, the machine's public address.
    let loopback = a.label();
    in_net(a, ip, R4, word(Ipv4Addr::new(127, 0, 0, 0)), 8, loopback);
    a.ja(allow);
    a.bind(loopback);
    in_net(a, ip, R4, word(p.net), 26, allow);
    for x in &p.allow {
        is(a, ip, word(*x), allow);
    }
    a.ja(deny);
}

fn connect4(p: &Policy) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite, allow, deny) = (a.label(), a.label(), a.label());
    a.mov64(R6, super::insn::R1).load32(R2, R6, USER_IP4);
    connect_v4_logic(&mut a, p, R2, rewrite, allow, deny);
    a.bind(deny).ret(0);
    a.bind(rewrite)
        .mov32_imm(R3, word(p.own))
        .store32(R6, USER_IP4, R3);
    a.bind(allow).ret(1);
    a.finish()
}

/// Loads the four words of the IPv6 address into R2..R5 and jumps: `unspec_or_one` for `::` and
/// `::1`, `v4` for `::ffff:a.b.c.d` (the word in R5), else falls through.
fn classify_v6(a: &mut Asm, unspec_or_one: Label, v4: Label) {
    a.mov64(R6, super::insn::R1)
        .load32(R2, R6, USER_IP6)
        .load32(R3, R6, USER_IP6 + 4)
        .load32(R4, R6, USER_IP6 + 8)
        .load32(R5, R6, USER_IP6 + 12);
    let other = a.label();
    // The first two words are zero for all three forms.
    a.mov64(R7, R2).or64(R7, R3).jne_zero(R7, other);
    let not_mapped = a.label();
    a.mov32_imm(R0, mapped()).jne(R4, R0, not_mapped).ja(v4);
    a.bind(not_mapped);
    a.jne_zero(R4, other);
    a.jeq_zero(R5, unspec_or_one);
    a.mov32_imm(R0, v6_one()).jeq(R5, R0, unspec_or_one);
    a.bind(other);
}

/// Store `::ffff:OWN`.
fn store_mapped_own(a: &mut Asm, p: &Policy) {
    a.mov32_imm(R3, 0)
        .store32(R6, USER_IP6, R3)
        .store32(R6, USER_IP6 + 4, R3)
        .mov32_imm(R3, mapped())
        .store32(R6, USER_IP6 + 8, R3)
        .mov32_imm(R3, word(p.own))
        .store32(R6, USER_IP6 + 12, R3);
}

fn bind6(p: &Policy) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite, v4, allow) = (a.label(), a.label(), a.label());
    classify_v6(&mut a, rewrite, v4);
    // Any other IPv6 address: not the repository's.
    a.ret(0);
    a.bind(v4);
    is(&mut a, R5, ANY, rewrite);
    is(&mut a, R5, localhost(), rewrite);
    in_net(&mut a, R5, R4, word(p.net), 26, allow);
    a.ret(0);
    a.bind(rewrite);
    store_mapped_own(&mut a, p);
    a.bind(allow).ret(1);
    a.finish()
}

fn connect6(p: &Policy) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite, v4, allow, deny) = (a.label(), a.label(), a.label(), a.label());
    classify_v6(&mut a, rewrite, v4);
    // A global (or link-local, unique-local) IPv6 destination: not loopback.
    a.ja(allow);
    a.bind(v4);
    connect_v4_logic(&mut a, p, R5, rewrite, allow, deny);
    a.bind(deny).ret(0);
    a.bind(rewrite);
    store_mapped_own(&mut a, p);
    a.bind(allow).ret(1);
    a.finish()
}

#[cfg(test)]
mod tests;
