#!/usr/bin/env python3
"""Socket probes for tests/it/netiso.rs, run from inside a repository's cgroup.

    netprobe.py CGROUP_PROCS KIND:ADDR:PORT ...

First moves itself into the cgroup (writes its pid to CGROUP_PROCS), so that the cgroup's
socket-address programs apply to it exactly as to a container, then tries each probe and prints
one JSON object: {probe: {"errno": "ok" | "EPERM" | ..., "bound": "ADDR:PORT"}}.

Kinds: connect4, connect6 (a v6 socket; v4-mapped addresses allowed), tfo (TCP Fast Open:
sendto with MSG_FASTOPEN), sendto and sendmmsg (unconnected UDP), iouring (IORING_OP_CONNECT),
reuseport (SO_REUSEPORT, then bind), bind4, bind6 (dual-stack), udpserve (bind UDP, then a
client in the same cgroup asks it through 127.0.0.1 and it answers; where the reply reads as
coming from), udpconn (the same with a connected client), udp6serve (the same with a dual-stack IPv6 client connected to ::1), sendto6
(unconnected IPv6 UDP), tcppeer (listen,
connect to 127.0.0.1, getpeername), detach:ATTACH_TYPE:0 (detach the cgroup's programs for
that hook: a repair test).
Every call is bounded: sockets time out after 3 s.
"""
import ctypes
import errno
import json
import mmap
import os
import socket
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)


def err_name(e):
    return errno.errorcode.get(e, str(e))


def split(target):
    addr, port = target.rsplit(":", 1)
    return addr, int(port)


def run(kind, target):
    addr, port = split(target)
    out = {}
    try:
        if kind == "connect4":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(3)
            s.connect((addr, port))
        elif kind == "connect6":
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.settimeout(3)
            s.connect((addr, port))
        elif kind == "tfo":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(3)
            s.sendto(b"GET / HTTP/1.0\r\n\r\n", socket.MSG_FASTOPEN, (addr, port))
        elif kind == "sendto":
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.sendto(b"x", (addr, port))
        elif kind == "sendto6":
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.sendto(b"x", (addr, port))
        elif kind == "sendmmsg":
            sendmmsg(addr, port)
        elif kind == "iouring":
            iouring_connect(addr, port)
        elif kind == "reuseport":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind((addr, port))
            s.listen(1)
        elif kind == "bind4":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((addr, port))
            a = s.getsockname()
            out["bound"] = f"{a[0]}:{a[1]}"
        elif kind == "bind6":
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind((addr, port))
            a = s.getsockname()
            out["bound"] = f"{a[0]}:{a[1]}"
        elif kind in ("udpserve", "udpconn"):
            srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            srv.bind((addr, port))
            a = srv.getsockname()
            out["bound"] = f"{a[0]}:{a[1]}"
            srv.settimeout(3)
            cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            cli.settimeout(3)
            if kind == "udpconn":
                # As glibc's resolver asks: connect, send, receive.
                cli.connect(("127.0.0.1", port))
                cli.send(b"question")
            else:
                # As musl's asks: sendto, recvfrom.
                cli.sendto(b"question", ("127.0.0.1", port))
            data, peer = srv.recvfrom(100)
            srv.sendto(b"answer:" + data, peer)
            reply, src = cli.recvfrom(100)
            out["reply"] = reply.decode()
            out["reply_from"] = f"{src[0]}:{src[1]}"
        elif kind == "udp6serve":
            srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            srv.bind((addr, port))
            srv.settimeout(3)
            cli = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            cli.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            cli.settimeout(3)
            cli.connect(("::1", port))
            cli.send(b"question")
            data, peer = srv.recvfrom(100)
            srv.sendto(b"answer:" + data, peer)
            reply, src = cli.recvfrom(100)
            out["reply"] = reply.decode()
            out["reply_from"] = f"{src[0]}:{src[1]}"
        elif kind == "tcppeer":
            srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            srv.bind((addr, port))
            srv.listen(1)
            cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            cli.settimeout(3)
            cli.connect(("127.0.0.1", port))
            p = cli.getpeername()
            out["peer"] = f"{p[0]}:{p[1]}"
        elif kind == "detach":
            out["detached"] = detach(os.path.dirname(sys.argv[1]), int(addr), port)
        else:
            raise SystemExit(f"unknown probe {kind}")
        out["errno"] = "ok"
    except OSError as e:
        out["errno"] = err_name(e.errno) if e.errno else type(e).__name__
    return out


class SockaddrIn(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_ushort),
                ("addr", ctypes.c_uint32), ("zero", ctypes.c_char * 8)]


def sockaddr_in(addr, port):
    return SockaddrIn(socket.AF_INET, socket.htons(port),
                      struct.unpack("=I", socket.inet_aton(addr))[0], b"")


def sendmmsg(addr, port):
    class Iovec(ctypes.Structure):
        _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]

    class Msghdr(ctypes.Structure):
        _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint32),
                    ("iov", ctypes.POINTER(Iovec)), ("iovlen", ctypes.c_size_t),
                    ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                    ("flags", ctypes.c_int)]

    class Mmsghdr(ctypes.Structure):
        _fields_ = [("hdr", Msghdr), ("len", ctypes.c_uint)]

    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sa = sockaddr_in(addr, port)
    buf = ctypes.create_string_buffer(b"x")
    iov = Iovec(ctypes.cast(buf, ctypes.c_void_p), 1)
    m = Mmsghdr(Msghdr(ctypes.cast(ctypes.pointer(sa), ctypes.c_void_p), ctypes.sizeof(sa),
                       ctypes.pointer(iov), 1, None, 0, 0), 0)
    n = libc.sendmmsg(s.fileno(), ctypes.byref(m), 1, 0)
    if n < 0:
        raise OSError(ctypes.get_errno(), "sendmmsg")


def iouring_connect(addr, port):
    """One IORING_OP_CONNECT through a minimal io_uring (raw syscalls, no liburing)."""
    SYS_setup, SYS_enter = 425, 426
    params = (ctypes.c_uint32 * 30)()  # struct io_uring_params (120 bytes)
    fd = libc.syscall(SYS_setup, 4, params)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "io_uring_setup")
    p = list(params)
    sq_entries, cq_entries = p[0], p[1]
    # sq_off at word 10: head, tail, ring_mask, ring_entries, flags, dropped, array, resv1, user_addr(2)
    sq_head, sq_tail, sq_mask, _, _, _, sq_array = p[10:17]
    # cq_off at word 20: head, tail, ring_mask, ring_entries, overflow, cqes, flags
    cq_head, cq_tail, cq_mask, _, _, cq_cqes = p[20:26]
    sq_ring = mmap.mmap(fd, sq_array + sq_entries * 4, offset=0)
    cq_ring = mmap.mmap(fd, cq_cqes + cq_entries * 16, offset=0x8000000)
    sqes = mmap.mmap(fd, sq_entries * 64, offset=0x10000000)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sa = sockaddr_in(addr, port)
    sqe = bytearray(64)
    # opcode 16 = IORING_OP_CONNECT; fd; off = addrlen; addr = sockaddr pointer
    struct.pack_into("=BBHi", sqe, 0, 16, 0, 0, s.fileno())
    struct.pack_into("=Q", sqe, 8, ctypes.sizeof(sa))
    struct.pack_into("=Q", sqe, 16, ctypes.addressof(sa))
    sqes[0:64] = bytes(sqe)
    tail = struct.unpack_from("=I", sq_ring, sq_tail)[0]
    mask = struct.unpack_from("=I", sq_ring, sq_mask)[0]
    struct.pack_into("=I", sq_ring, sq_array + (tail & mask) * 4, 0)
    struct.pack_into("=I", sq_ring, sq_tail, tail + 1)
    # to_submit 1, min_complete 1, IORING_ENTER_GETEVENTS
    if libc.syscall(SYS_enter, fd, 1, 1, 1, None, 0) < 0:
        raise OSError(ctypes.get_errno(), "io_uring_enter")
    head = struct.unpack_from("=I", cq_ring, cq_head)[0]
    cmask = struct.unpack_from("=I", cq_ring, cq_mask)[0]
    _, res, _ = struct.unpack_from("=QiI", cq_ring, cq_cqes + (head & cmask) * 16)
    os.close(fd)
    if res < 0:
        raise OSError(-res, "io_uring connect")


def bpf(cmd, attr):
    nr = {"x86_64": 321, "aarch64": 280}[os.uname().machine]
    buf = ctypes.create_string_buffer(bytes(attr), 144)
    r = libc.syscall(nr, cmd, buf, 144)
    if r < 0:
        raise OSError(ctypes.get_errno(), f"bpf({cmd})")
    return r, buf


def detach(cgroup, attach_type, _):
    """Detach every program attached to CGROUP for ATTACH_TYPE (as a careless operator or a
    broken tool would); returns how many."""
    cg = os.open(cgroup, os.O_RDONLY | os.O_DIRECTORY)
    ids = (ctypes.c_uint32 * 64)()
    attr = struct.pack("=IIIIQI", cg, attach_type, 0, 0, ctypes.addressof(ids), 64)
    _, buf = bpf(16, attr)  # BPF_PROG_QUERY
    n = struct.unpack_from("=I", buf.raw, 24)[0]
    for pid in list(ids)[:n]:
        fd, _ = bpf(13, struct.pack("=I", pid))  # BPF_PROG_GET_FD_BY_ID
        bpf(9, struct.pack("=III", cg, fd, attach_type))  # BPF_PROG_DETACH
        os.close(fd)
    os.close(cg)
    return n


def main():
    with open(sys.argv[1], "w") as f:
        f.write(str(os.getpid()))
    results = {}
    for arg in sys.argv[2:]:
        kind, target = arg.split(":", 1)
        results[arg] = run(kind, target)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
