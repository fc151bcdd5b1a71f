//! Which listening sockets a process holds, from `/proc`: its file descriptors that are sockets
//! (`socket:[INODE]`), matched against the kernel's tables of listening TCP sockets and bound UDP
//! sockets (`/proc/net/{tcp,tcp6,udp,udp6}`).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Proto {
    Tcp,
    Udp,
}

/// A listening socket of a process: what it listens on, and the descriptor number in that
/// process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listener {
    pub proto: Proto,
    pub addr: SocketAddr,
    pub fd: i32,
}

/// One line of `/proc/net/tcp*` or `/proc/net/udp*`: local address, state, inode.
fn parse_line(line: &str, v6: bool) -> Option<(SocketAddr, u8, u64)> {
    let w: Vec<&str> = line.split_whitespace().collect();
    let local = w.get(1)?;
    let state = u8::from_str_radix(w.get(3)?, 16).ok()?;
    let inode: u64 = w.get(9)?.parse().ok()?;
    let (ip_hex, port_hex) = local.split_once(':')?;
    let port = u16::from_str_radix(port_hex, 16).ok()?;
    let ip = if v6 {
        // Four 32-bit words, each in the host's byte order (little-endian here).
        if ip_hex.len() != 32 {
            return None;
        }
        let mut b = [0u8; 16];
        for i in 0..4 {
            let word = u32::from_str_radix(&ip_hex[i * 8..i * 8 + 8], 16).ok()?;
            b[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
        }
        IpAddr::V6(Ipv6Addr::from(b))
    } else {
        let word = u32::from_str_radix(ip_hex, 16).ok()?;
        IpAddr::V4(Ipv4Addr::from(word.to_le_bytes()))
    };
    Some((SocketAddr::new(ip, port), state, inode))
}

/// Listening TCP sockets (state LISTEN) and bound UDP sockets, by inode, from the tables' text.
pub(crate) fn parse_tables(tables: &[(Proto, bool, String)]) -> BTreeMap<u64, (Proto, SocketAddr)> {
    const TCP_LISTEN: u8 = 0x0A;
    const UDP_CLOSE: u8 = 0x07;
    let mut out = BTreeMap::new();
    for (proto, v6, text) in tables {
        for line in text.lines().skip(1) {
            if let Some((addr, state, inode)) = parse_line(line, *v6) {
                let listening = match proto {
                    Proto::Tcp => state == TCP_LISTEN,
                    Proto::Udp => state == UDP_CLOSE && addr.port() != 0,
                };
                if listening && inode != 0 {
                    out.insert(inode, (*proto, addr));
                }
            }
        }
    }
    out
}

fn tables() -> BTreeMap<u64, (Proto, SocketAddr)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    parse_tables(&[
        (Proto::Tcp, false, read("/proc/net/tcp")),
        (Proto::Tcp, true, read("/proc/net/tcp6")),
        (Proto::Udp, false, read("/proc/net/udp")),
        (Proto::Udp, true, read("/proc/net/udp6")),
    ])
}

/// Processes other than `ours` that hold a listening socket on one of `addrs`: with reusePort,
/// every such socket is a member of the group the kernel spreads connections over, so a process
/// that is not one of the proxy's Traefiks would take a share of them. (address, pid, command)
pub(crate) fn strangers(
    addrs: &[(Proto, SocketAddr)],
    ours: &[i32],
) -> Vec<(SocketAddr, i32, String)> {
    let wanted: BTreeMap<u64, SocketAddr> = tables()
        .into_iter()
        .filter(|(_, pa)| addrs.contains(pa))
        .map(|(inode, (_, a))| (inode, a))
        .collect();
    let mut out = Vec::new();
    if wanted.is_empty() {
        return out;
    }
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return out;
    };
    for p in procs.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        if ours.contains(&pid) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        for e in fds.flatten() {
            let Ok(target) = std::fs::read_link(e.path()) else {
                continue;
            };
            if let Some(addr) = target
                .to_string_lossy()
                .strip_prefix("socket:[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse::<u64>().ok())
                .and_then(|inode| wanted.get(&inode))
            {
                let comm = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                out.push((*addr, pid, comm.trim().to_string()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The listening sockets of process `pid`.
pub(crate) fn listeners(pid: i32) -> Vec<Listener> {
    let table = tables();
    let Ok(rd) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in rd.flatten() {
        let Ok(fd) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(target) = std::fs::read_link(e.path()) else {
            continue;
        };
        let t = target.to_string_lossy();
        let Some(inode) = t
            .strip_prefix("socket:[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|i| i.parse::<u64>().ok())
        else {
            continue;
        };
        if let Some((proto, addr)) = table.get(&inode) {
            out.push(Listener {
                proto: *proto,
                addr: *addr,
                fd,
            });
        }
    }
    out.sort_by_key(|l| (l.proto, l.addr));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stranger_in_the_group_is_found_and_we_are_not() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let me = std::process::id() as i32;
        let found = strangers(&[(Proto::Tcp, addr)], &[]);
        assert!(
            found.iter().any(|(a, p, _)| *a == addr && *p == me),
            "{found:?}"
        );
        assert!(strangers(&[(Proto::Tcp, addr)], &[me]).is_empty());
    }

    #[test]
    fn kernel_tables_are_read() {
        let tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1BC7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n   1: 0100007F:1BC8 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0\n";
        let tcp6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 100 0 0 10 0\n";
        let udp = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n  1: 0500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6161 2 0000000000000000 0\n";
        let t = parse_tables(&[
            (Proto::Tcp, false, tcp.into()),
            (Proto::Tcp, true, tcp6.into()),
            (Proto::Udp, false, udp.into()),
        ]);
        assert_eq!(
            t[&4242],
            (Proto::Tcp, "127.0.0.1:7111".parse().unwrap()),
            "listening TCP"
        );
        assert!(
            !t.contains_key(&4343),
            "an established connection is not a listener"
        );
        assert_eq!(t[&5151], (Proto::Tcp, "[::1]:443".parse().unwrap()));
        assert_eq!(t[&6161], (Proto::Udp, "127.0.0.5:53".parse().unwrap()));
    }

    #[test]
    fn a_process_listeners_are_found() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let uaddr = u.local_addr().unwrap();
        let found = listeners(std::process::id() as i32);
        assert!(
            found
                .iter()
                .any(|x| x.proto == Proto::Tcp && x.addr == addr),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|x| x.proto == Proto::Udp && x.addr == uaddr),
            "{found:?}"
        );
    }
}
