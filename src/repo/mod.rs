//! Repositories: an encrypted (or, chosen explicitly, plain) btrfs image per application on a
//! machine, with its own Docker daemon and loopback /26 (docs/repositories.md).
//!
//! Split by side: `client/` is the laptop's (identities kept in the config, `rdc repo …` driving
//! `rdc host repo …` over SSH with the job on stdin), `host/` the server's (mount, daemon,
//! Rediaccfile, LUKS, isolation, the repository lock), with the types both sides share (`Job`,
//! `Status`, `Layout`) in `host`. Server code never imports `client` or the laptop's config
//! store (checked by `tests/it/architecture.rs`).

pub(crate) mod client;
pub(crate) mod host;

pub(crate) use client::{
    NewRepo, RepoChange, RouterPush, Target, call, collect_files, create, delete, inside, live,
    push_router_toml, set,
};
