//! A repository is a network of its own: its containers run under a cgroup of the repository
//! (and of their service slot), to which rdc attaches socket-address programs that rewrite
//! wildcard and localhost binds and connects to the service's own loopback address and refuse
//! every other loopback address. Server side only.
//!
//! `insn` (the instruction builder), `programs` (the programs, pure).

pub(crate) mod insn;
pub(crate) mod programs;
