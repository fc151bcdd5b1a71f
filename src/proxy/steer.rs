//! Steering new connections between two Traefik processes that listen on the same addresses
//! (`reusePort`): the kernel puts their sockets in one `SO_REUSEPORT` group per address, and a
//! one-instruction classic BPF program attached to the group (`SO_ATTACH_REUSEPORT_CBPF`) picks
//! the member by its index, in the order the sockets joined. The old Traefik's sockets joined
//! first (index 0), the new one's next (index 1).
//!
//! rdc never joins a group itself (that would take connections): it copies the old Traefik's
//! listening descriptors with `pidfd_getfd(2)` and attaches the program through them. When the
//! old process is gone, its sockets leave the group and an index past the end falls back to the
//! kernel's hash, over the one remaining member.

use std::net::SocketAddr;
use std::os::fd::{AsRawFd, OwnedFd};

use super::sockets::{Listener, Proto, listeners};

/// The Linux value on every architecture rdc is built for (x86_64, aarch64).
const SO_ATTACH_REUSEPORT_CBPF: libc::c_int = 51;

/// The old process's listening sockets, held for steering.
pub(crate) struct Steer {
    socks: Vec<(Listener, OwnedFd)>,
}

impl Steer {
    /// Copy every listening socket of `pid`.
    pub(crate) fn grab(pid: i32) -> std::io::Result<Steer> {
        Steer::grab_only(pid, |_| true)
    }

    /// Copy the listening sockets of `pid` that `keep` accepts.
    pub(crate) fn grab_only(pid: i32, keep: impl Fn(&Listener) -> bool) -> std::io::Result<Steer> {
        let pid_t = rustix::process::Pid::from_raw(pid)
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        let pidfd = rustix::process::pidfd_open(pid_t, rustix::process::PidfdFlags::empty())?;
        let mut socks = Vec::new();
        for l in listeners(pid).into_iter().filter(|l| keep(l)) {
            let fd = rustix::process::pidfd_getfd(
                &pidfd,
                l.fd,
                rustix::process::PidfdGetfdFlags::empty(),
            )?;
            socks.push((l, fd));
        }
        Ok(Steer { socks })
    }

    pub(crate) fn addrs(&self) -> Vec<(Proto, SocketAddr)> {
        self.socks.iter().map(|(l, _)| (l.proto, l.addr)).collect()
    }

    /// New connections (datagrams) on every address go to the member at `index`.
    pub(crate) fn direct(&self, index: u32) -> std::io::Result<()> {
        for (_, fd) in &self.socks {
            attach(fd, index)?;
        }
        Ok(())
    }

    /// New connections on `addr` only go to the member at `index`.
    pub(crate) fn direct_one(
        &self,
        proto: Proto,
        addr: SocketAddr,
        index: u32,
    ) -> std::io::Result<()> {
        for (l, fd) in &self.socks {
            if l.proto == proto && l.addr == addr {
                attach(fd, index)?;
            }
        }
        Ok(())
    }
}

/// `return index`.
fn constant(index: u32) -> Vec<libc::sock_filter> {
    // BPF_RET | BPF_K
    vec![op(0x06, 0, 0, index)]
}

fn op(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// Attach `return index` as the group's selection program.
fn attach(fd: &OwnedFd, index: u32) -> std::io::Result<()> {
    load(fd, &constant(index))
}

/// Attach `filter` as the group's selection program.
fn load(fd: &OwnedFd, filter: &[libc::sock_filter]) -> std::io::Result<()> {
    let mut filter = filter.to_vec();
    let prog = libc::sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_mut_ptr(),
    };
    // SAFETY: a valid socket descriptor, and a program that lives for the duration of the call
    // (the kernel copies it).
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_ATTACH_REUSEPORT_CBPF,
            (&prog as *const libc::sock_fprog).cast(),
            std::mem::size_of::<libc::sock_fprog>() as libc::socklen_t,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;

    fn reuse_listener(addr: SocketAddr) -> std::net::TcpListener {
        let fd = rustix::net::socket(
            rustix::net::AddressFamily::INET,
            rustix::net::SocketType::STREAM,
            None,
        )
        .unwrap();
        rustix::net::sockopt::set_socket_reuseport(&fd, true).unwrap();
        rustix::net::bind(&fd, &addr).unwrap();
        rustix::net::listen(&fd, 128).unwrap();
        // SAFETY: a listening socket we own.
        unsafe { std::net::TcpListener::from_raw_fd(std::os::fd::IntoRawFd::into_raw_fd(fd)) }
    }

    /// Two listeners on one address: with the program, every connection goes to the one chosen;
    /// steering through a copied descriptor works the same.
    #[test]
    fn connections_go_to_the_member_chosen() {
        let first = reuse_listener("127.0.0.77:0".parse().unwrap());
        let addr = first.local_addr().unwrap();
        let second = reuse_listener(addr);
        for l in [&first, &second] {
            l.set_nonblocking(true).unwrap();
        }
        let me = std::process::id() as i32;
        let steer = Steer::grab_only(me, |l| l.addr == addr).unwrap();
        assert!(steer.addrs().contains(&(Proto::Tcp, addr)));
        let count = |l: &std::net::TcpListener| {
            let mut n = 0;
            while let Ok((mut s, _)) = l.accept() {
                let _ = s.write_all(b"x");
                n += 1;
            }
            n
        };
        for (index, want_first) in [(1u32, false), (0, true)] {
            steer.direct_one(Proto::Tcp, addr, index).unwrap();
            for _ in 0..20 {
                let mut c = std::net::TcpStream::connect(addr).unwrap();
                let _ = c.set_read_timeout(Some(std::time::Duration::from_millis(1)));
                let _ = c.read(&mut [0u8; 1]);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            let (a, b) = (count(&first), count(&second));
            if want_first {
                assert_eq!((a, b), (20, 0), "index {index}");
            } else {
                assert_eq!((a, b), (0, 20), "index {index}");
            }
        }
    }
}
