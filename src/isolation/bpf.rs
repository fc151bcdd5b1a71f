//! The `bpf(2)` calls rdc makes, with `union bpf_attr` laid out by hand (the fields are stable
//! kernel ABI): load a socket-address program (printing the verifier's log when it refuses),
//! attach it to a cgroup so that it outlives rdc (`BPF_PROG_ATTACH` with `BPF_F_ALLOW_MULTI`:
//! the cgroup holds it until detached or removed), list what a cgroup has attached, and detach;
//! create the small map in which a cgroup's programs remember which destinations they rewrote.

use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

use anyhow::{Result, anyhow};

const MAP_CREATE: i64 = 0;
const PROG_LOAD: i64 = 5;
const PROG_ATTACH: i64 = 8;
const PROG_DETACH: i64 = 9;
const PROG_GET_FD_BY_ID: i64 = 13;
const OBJ_GET_INFO_BY_FD: i64 = 15;
const PROG_QUERY: i64 = 16;
const PROG_TYPE_CGROUP_SOCK_ADDR: u32 = 18;
const F_ALLOW_MULTI: u32 = 2;
const MAP_TYPE_LRU_HASH: u32 = 9;
const ATTR_SIZE: usize = 144;

#[repr(C, align(8))]
struct Attr([u8; ATTR_SIZE]);

impl Attr {
    fn new() -> Attr {
        Attr([0; ATTR_SIZE])
    }
    fn u32(&mut self, off: usize, v: u32) -> &mut Self {
        self.0[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        self
    }
    fn u64(&mut self, off: usize, v: u64) -> &mut Self {
        self.0[off..off + 8].copy_from_slice(&v.to_ne_bytes());
        self
    }
    fn get_u32(&self, off: usize) -> u32 {
        u32::from_ne_bytes(self.0[off..off + 4].try_into().expect("4 bytes"))
    }
}

fn sys(cmd: i64, attr: &mut Attr) -> std::io::Result<i64> {
    // SAFETY: `attr` is a zeroed `union bpf_attr` of ATTR_SIZE bytes with the fields of `cmd`
    // set; every pointer in it refers to memory that outlives the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            cmd,
            attr.0.as_mut_ptr(),
            ATTR_SIZE as libc::c_uint,
        )
    };
    if r < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn fd(r: i64) -> OwnedFd {
    // SAFETY: the kernel just returned this new descriptor to us.
    unsafe { OwnedFd::from_raw_fd(r as i32) }
}

/// Create an LRU hash map (`BPF_MAP_TYPE_LRU_HASH`: when full, the least recently used entry
/// makes room). It lives as long as a descriptor or a program that uses it.
pub(crate) fn lru_map(name: &str, key: u32, value: u32, entries: u32) -> Result<OwnedFd> {
    let mut a = Attr::new();
    a.u32(0, MAP_TYPE_LRU_HASH)
        .u32(4, key)
        .u32(8, value)
        .u32(12, entries);
    let n = name.len().min(15);
    a.0[28..28 + n].copy_from_slice(&name.as_bytes()[..n]);
    sys(MAP_CREATE, &mut a)
        .map(fd)
        .map_err(|e| anyhow!("the kernel refused the {name} map: {e}"))
}

/// Load a `BPF_PROG_TYPE_CGROUP_SOCK_ADDR` program for `attach_type`.
pub(crate) fn load(name: &str, attach_type: u32, insns: &[u8]) -> Result<OwnedFd> {
    let license = c"Dual MIT/GPL";
    let mut log = vec![0u8; 64 * 1024];
    let mut a = Attr::new();
    a.u32(0, PROG_TYPE_CGROUP_SOCK_ADDR)
        .u32(4, (insns.len() / 8) as u32)
        .u64(8, insns.as_ptr() as u64)
        .u64(16, license.as_ptr() as u64)
        .u32(68, attach_type);
    let n = name.len().min(15);
    a.0[48..48 + n].copy_from_slice(&name.as_bytes()[..n]);
    match sys(PROG_LOAD, &mut a) {
        Ok(r) => Ok(fd(r)),
        Err(first) => {
            // Again with the verifier's log, to say why.
            a.u32(24, 1)
                .u32(28, log.len() as u32)
                .u64(32, log.as_mut_ptr() as u64);
            let again = sys(PROG_LOAD, &mut a);
            let text =
                String::from_utf8_lossy(&log[..log.iter().position(|b| *b == 0).unwrap_or(0)])
                    .trim()
                    .to_string();
            match again {
                Ok(r) => Ok(fd(r)),
                Err(_) if text.is_empty() => {
                    Err(anyhow!("the kernel refused the {name} program: {first}"))
                }
                Err(_) => Err(anyhow!(
                    "the kernel's verifier refused the {name} program ({first}): {}",
                    text.lines()
                        .rev()
                        .take(12)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<Vec<_>>()
                        .join(" | ")
                )),
            }
        }
    }
}

/// Attach `prog` to the cgroup `cgroup` for `attach_type`, next to what is there already.
pub(crate) fn attach(cgroup: impl AsFd, prog: impl AsFd, attach_type: u32) -> std::io::Result<()> {
    let mut a = Attr::new();
    a.u32(0, cgroup.as_fd().as_raw_fd() as u32)
        .u32(4, prog.as_fd().as_raw_fd() as u32)
        .u32(8, attach_type)
        .u32(12, F_ALLOW_MULTI);
    sys(PROG_ATTACH, &mut a).map(|_| ())
}

/// Detach `prog` from the cgroup.
pub(crate) fn detach(cgroup: impl AsFd, prog: impl AsFd, attach_type: u32) -> std::io::Result<()> {
    let mut a = Attr::new();
    a.u32(0, cgroup.as_fd().as_raw_fd() as u32)
        .u32(4, prog.as_fd().as_raw_fd() as u32)
        .u32(8, attach_type);
    sys(PROG_DETACH, &mut a).map(|_| ())
}

/// The ids of the programs attached to the cgroup itself (not inherited) for `attach_type`.
pub(crate) fn query(cgroup: impl AsFd, attach_type: u32) -> std::io::Result<Vec<u32>> {
    let mut ids = vec![0u32; 64];
    let mut a = Attr::new();
    a.u32(0, cgroup.as_fd().as_raw_fd() as u32)
        .u32(4, attach_type)
        .u64(16, ids.as_mut_ptr() as u64)
        .u32(24, ids.len() as u32);
    sys(PROG_QUERY, &mut a)?;
    let n = a.get_u32(24) as usize;
    ids.truncate(n.min(64));
    Ok(ids)
}

/// A program by id, and its name.
pub(crate) fn by_id(id: u32) -> std::io::Result<(OwnedFd, String)> {
    let mut a = Attr::new();
    a.u32(0, id);
    let prog = fd(sys(PROG_GET_FD_BY_ID, &mut a)?);
    // `struct bpf_prog_info`: name[16] at offset 64.
    let mut info = [0u8; 256];
    let mut a = Attr::new();
    a.u32(0, prog.as_raw_fd() as u32)
        .u32(4, info.len() as u32)
        .u64(8, info.as_mut_ptr() as u64);
    sys(OBJ_GET_INFO_BY_FD, &mut a)?;
    let raw = &info[64..80];
    let name = String::from_utf8_lossy(&raw[..raw.iter().position(|b| *b == 0).unwrap_or(16)])
        .into_owned();
    Ok((prog, name))
}
