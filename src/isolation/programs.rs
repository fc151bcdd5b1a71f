//! The socket-address programs of one cgroup, generated from its [`Policy`] (the addresses are
//! immediates: one program set per cgroup).
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
//! One exception, the kernel's: unconnected IPv6 UDP to `::1` is refused (see [`connect6`]).
//!
//! What the application reads back stays what it asked for: each rewrite is remembered in the
//! cgroup's map, keyed by (socket cookie, own address, port), and `recvmsg4`/`recvmsg6` (the
//! source of a UDP reply: DNS clients drop a reply from another address than the one asked) and
//! `getpeername4`/`getpeername6` turn the own address back into the `127.0.0.1`, `::1` or
//! `::ffff:127.0.0.1` that socket was given. A socket that asked for the own address by name gets
//! the own address: only rewritten destinations have an entry.
//!
//! The same bytes run in the kernel and, for the unit tests, in an interpreter over the same
//! context layout (with the two helpers and the map modelled).

use std::net::Ipv4Addr;

use super::insn::{Asm, Insn, Label, R0, R1, R2, R3, R4, R5, R6, R7, R10, Reg};

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
    Recvmsg4,
    Recvmsg6,
    Peer4,
    Peer6,
}

impl Hook {
    pub(crate) const ALL: [Hook; 10] = [
        Hook::Bind4,
        Hook::Bind6,
        Hook::Connect4,
        Hook::Connect6,
        Hook::Sendmsg4,
        Hook::Sendmsg6,
        Hook::Recvmsg4,
        Hook::Recvmsg6,
        Hook::Peer4,
        Hook::Peer6,
    ];

    /// `BPF_CGROUP_INET4_BIND` … `BPF_CGROUP_INET6_GETPEERNAME`.
    pub(crate) fn attach_type(self) -> u32 {
        match self {
            Hook::Bind4 => 8,
            Hook::Bind6 => 9,
            Hook::Connect4 => 10,
            Hook::Connect6 => 11,
            Hook::Sendmsg4 => 14,
            Hook::Sendmsg6 => 15,
            Hook::Recvmsg4 => 19,
            Hook::Recvmsg6 => 20,
            Hook::Peer4 => 29,
            Hook::Peer6 => 30,
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
            Hook::Recvmsg4 => "rdc_recvmsg4",
            Hook::Recvmsg6 => "rdc_recvmsg6",
            Hook::Peer4 => "rdc_peername4",
            Hook::Peer6 => "rdc_peername6",
        }
    }

    /// The program for `p`; `map` is the descriptor of the cgroup's map of rewrites
    /// ([`MAP_KEY`], [`MAP_VALUE`]).
    pub(crate) fn program(self, p: &Policy, map: i32) -> Vec<Insn> {
        match self {
            Hook::Bind4 => bind4(p),
            Hook::Bind6 => bind6(p),
            Hook::Connect4 => connect4(p, map, true),
            Hook::Sendmsg4 => connect4(p, map, false),
            Hook::Connect6 => connect6(p, map, true),
            Hook::Sendmsg6 => connect6(p, map, false),
            Hook::Recvmsg4 | Hook::Peer4 => restore4(p, map),
            Hook::Recvmsg6 | Hook::Peer6 => restore6(p, map),
        }
    }
}

/// The map of rewrites: key (socket cookie: u64, own address: u32, port: u32 as in the context),
/// value the address to show instead, in its IPv6 form (an IPv4 address v4-mapped: a dual-stack
/// socket that sent to `127.0.0.1` went through the IPv4 hooks and reads `::ffff:127.0.0.1`).
pub(crate) const MAP_KEY: u32 = 16;
pub(crate) const MAP_VALUE: u32 = 16;
/// Entries per cgroup: sockets in flight to a rewritten destination (the least recently used
/// entry makes room; a socket whose entry is gone reads the own address).
pub(crate) const MAP_ENTRIES: u32 = 1024;

// Kernel helpers (`enum bpf_func_id`).
pub(crate) const HELPER_MAP_LOOKUP: i32 = 1;
pub(crate) const HELPER_MAP_UPDATE: i32 = 2;
pub(crate) const HELPER_SOCKET_COOKIE: i32 = 46;
pub(crate) const HELPER_BIND: i32 = 64;

// Where key and value live on the stack (below R10).
const KEY: i16 = -16;
const VALUE: i16 = -32;
/// A sockaddr for `bpf_bind` (28 bytes at most).
const SOCKADDR: i16 = -64;

// `struct bpf_sock_addr` offsets.
pub(crate) const USER_IP4: i16 = 4;
pub(crate) const USER_IP6: i16 = 8;
pub(crate) const USER_PORT: i16 = 24;
/// The socket's type (`SOCK_STREAM`, `SOCK_DGRAM`).
pub(crate) const SOCK_TYPE: i16 = 32;
const SOCK_DGRAM: u32 = 2;
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
    a.mov64(R6, R1).load32(R2, R6, USER_IP4);
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
/// `inside`: a destination of the repository's /26 as written.
struct Targets {
    rewrite: Label,
    inside: Label,
    allow: Label,
    deny: Label,
}

fn connect_v4_logic(a: &mut Asm, p: &Policy, ip: Reg, t: &Targets) {
    let Targets {
        rewrite,
        inside,
        allow,
        deny,
    } = *t;
    is(a, ip, ANY, rewrite);
    is(a, ip, localhost(), rewrite);
    // Not loopback at all: the internet, the machine's public address.
    let loopback = a.label();
    in_net(a, ip, R4, word(Ipv4Addr::new(127, 0, 0, 0)), 8, loopback);
    a.ja(allow);
    a.bind(loopback);
    in_net(a, ip, R4, word(p.net), 26, inside);
    for x in &p.allow {
        is(a, ip, word(*x), allow);
    }
    a.ja(deny);
}

/// connect4 (`connect`) and sendmsg4.
fn connect4(p: &Policy, map: i32, connect: bool) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite, own_source, allow, deny) = (a.label(), a.label(), a.label(), a.label());
    let inside = if connect { own_source } else { allow };
    a.mov64(R6, R1).load32(R2, R6, USER_IP4);
    let t = Targets {
        rewrite,
        inside,
        allow,
        deny,
    };
    connect_v4_logic(&mut a, p, R2, &t);
    a.bind(deny).ret(0);
    a.bind(rewrite)
        .mov32_imm(R3, word(p.own))
        .store32(R6, USER_IP4, R3);
    remember(&mut a, p, map, [0, 0, mapped(), localhost()]);
    if connect {
        a.bind(own_source);
        bind_own(&mut a, p, false, allow);
    }
    a.bind(allow).ret(1);
    a.finish()
}

/// A connected UDP socket takes the own address as its source (`bpf_bind`, address only): the
/// kernel would pick `127.0.0.1`, and a reply sent there is itself rewritten to the replier's
/// own address, which a socket bound to `127.0.0.1` never receives. TCP keeps the kernel's
/// choice (servers see `127.0.0.1`, as health checks expect; replies travel in the connection).
/// A socket bound already is left as it is (the helper refuses it).
fn bind_own(a: &mut Asm, p: &Policy, v6: bool, allow: Label) {
    a.load32(R2, R6, SOCK_TYPE)
        .mov32_imm(R3, SOCK_DGRAM)
        .jne(R2, R3, allow);
    let words: Vec<u32> = if v6 {
        // sockaddr_in6: family, port 0, flowinfo 0, ::ffff:OWN, scope 0.
        vec![
            u32::from_ne_bytes([10, 0, 0, 0]),
            0,
            0,
            0,
            mapped(),
            word(p.own),
            0,
        ]
    } else {
        // sockaddr_in: family, port 0, OWN, zero padding.
        vec![u32::from_ne_bytes([2, 0, 0, 0]), word(p.own), 0, 0]
    };
    for (i, w) in words.iter().enumerate() {
        a.mov32_imm(R3, *w)
            .store32(R10, SOCKADDR + 4 * i as i16, R3);
    }
    a.mov64(R1, R6)
        .mov64(R2, R10)
        .add64_imm(R2, SOCKADDR.into())
        .mov32_imm(R3, 4 * words.len() as u32)
        .call(HELPER_BIND);
}

/// The key (this socket, the own address, the context's port) at `R10 + KEY`; R6 holds the
/// context. Clobbers R0–R5.
fn key(a: &mut Asm, p: &Policy) {
    a.mov64(R1, R6)
        .call(HELPER_SOCKET_COOKIE)
        .store64(R10, KEY, R0)
        .mov32_imm(R3, word(p.own))
        .store32(R10, KEY + 8, R3)
        .load32(R3, R6, USER_PORT)
        .store32(R10, KEY + 12, R3);
}

/// Remember that this socket asked for `shown` (four words) where it got the own address.
fn remember(a: &mut Asm, p: &Policy, map: i32, shown: [u32; 4]) {
    key(a, p);
    for (i, w) in shown.into_iter().enumerate() {
        a.mov32_imm(R3, w).store32(R10, VALUE + 4 * i as i16, R3);
    }
    a.ld_map_fd(R1, map)
        .mov64(R2, R10)
        .add64_imm(R2, KEY.into())
        .mov64(R3, R10)
        .add64_imm(R3, VALUE.into())
        .mov32_imm(R4, 0)
        .call(HELPER_MAP_UPDATE);
}

/// Look the key up: R0 is the value or null.
fn recall(a: &mut Asm, p: &Policy, map: i32) {
    key(a, p);
    a.ld_map_fd(R1, map)
        .mov64(R2, R10)
        .add64_imm(R2, KEY.into())
        .call(HELPER_MAP_LOOKUP);
}

/// recvmsg4 / getpeername4: the own address back into what this socket asked for.
fn restore4(p: &Policy, map: i32) -> Vec<Insn> {
    let mut a = Asm::new();
    let done = a.label();
    a.mov64(R6, R1).load32(R2, R6, USER_IP4);
    a.mov32_imm(R3, word(p.own)).jne(R2, R3, done);
    recall(&mut a, p, map);
    a.jeq_zero(R0, done)
        .load32(R2, R0, 12)
        .store32(R6, USER_IP4, R2);
    a.bind(done).ret(1);
    a.finish()
}

/// recvmsg6 / getpeername6: `::ffff:OWN` back into what this socket asked for.
fn restore6(p: &Policy, map: i32) -> Vec<Insn> {
    let mut a = Asm::new();
    let done = a.label();
    a.mov64(R6, R1)
        .load32(R2, R6, USER_IP6)
        .load32(R3, R6, USER_IP6 + 4)
        .load32(R4, R6, USER_IP6 + 8)
        .load32(R5, R6, USER_IP6 + 12);
    a.mov64(R7, R2).or64(R7, R3).jne_zero(R7, done);
    a.mov32_imm(R0, mapped()).jne(R4, R0, done);
    a.mov32_imm(R0, word(p.own)).jne(R5, R0, done);
    recall(&mut a, p, map);
    a.jeq_zero(R0, done);
    for i in 0..4 {
        a.load32(R2, R0, 4 * i).store32(R6, USER_IP6 + 4 * i, R2);
    }
    a.bind(done).ret(1);
    a.finish()
}

/// Loads the four words of the IPv6 address into R2..R5 and jumps: `unspec_or_one` for `::` and
/// `::1`, `v4` for `::ffff:a.b.c.d` (the word in R5), else falls through.
fn classify_v6(a: &mut Asm, unspec_or_one: Label, v4: Label) {
    a.mov64(R6, R1)
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

/// connect6 and sendmsg6. Unconnected IPv6 UDP to `::1`/`::` is refused: the kernel cannot send
/// it to the own (IPv4) address (`udpv6_sendmsg` answers `ENOTSUPP` to a program that rewrites
/// to a v4-mapped address), and `::1` is the host's. A connected socket, or `127.0.0.1`, works.
/// (v4-mapped destinations of unconnected UDP never reach sendmsg6: the kernel hands them to
/// the IPv4 path, whose sendmsg4 decides.)
fn connect6(p: &Policy, map: i32, connect: bool) -> Vec<Insn> {
    let mut a = Asm::new();
    let (rewrite6, rewrite4, own_source, v4, allow, deny) = (
        a.label(),
        a.label(),
        a.label(),
        a.label(),
        a.label(),
        a.label(),
    );
    classify_v6(&mut a, if connect { rewrite6 } else { deny }, v4);
    // A global (or link-local, unique-local) IPv6 destination: not loopback.
    a.ja(allow);
    a.bind(v4);
    let t = Targets {
        rewrite: rewrite4,
        inside: if connect { own_source } else { allow },
        allow,
        deny,
    };
    connect_v4_logic(&mut a, p, R5, &t);
    a.bind(deny).ret(0);
    // `::`/`::1` read back as `::1`, `::ffff:127.0.0.1`/`::ffff:0.0.0.0` as `::ffff:127.0.0.1`.
    if connect {
        a.bind(rewrite6);
        store_mapped_own(&mut a, p);
        remember(&mut a, p, map, [0, 0, 0, v6_one()]);
        a.ja(own_source);
    }
    a.bind(rewrite4);
    store_mapped_own(&mut a, p);
    remember(&mut a, p, map, [0, 0, mapped(), localhost()]);
    if connect {
        a.bind(own_source);
        bind_own(&mut a, p, true, allow);
    }
    a.bind(allow).ret(1);
    a.finish()
}

#[cfg(test)]
mod tests;
