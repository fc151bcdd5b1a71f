//! The proxy on a server: Traefik supervised by rdc (`rdc host proxy run`), so that a change of
//! its static configuration (a new port, a new binary, a rotated token) is a handover to a new
//! Traefik instead of a restart: no connection refused, no 404 before the routes are loaded.
//! `sockets` finds a process's listening sockets, `steer` tells the kernel which of two
//! processes on the same addresses gets new connections, `supervisor` runs and hands over,
//! `certs` reads the expiry of the certificates Traefik obtained.

pub(crate) mod certs;
pub(crate) mod sockets;
pub(crate) mod steer;
pub(crate) mod supervisor;
