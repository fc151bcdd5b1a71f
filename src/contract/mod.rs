//! What the laptop and the server agree on, in one place: network ids, server paths and
//! defaults, `router.toml`, the host protocol (`rdc host repo …` jobs and answers, exit codes),
//! host names and declared domains, atomic file writes and quoting.
//!
//! Nothing here depends on any other module of the crate, and only `fs` touches the filesystem,
//! so both sides — `cli`/`context`/`push`/`repo` on the laptop, `route_server`/`compose`/
//! `repo::host` on the server — can use it without depending on each other (checked by the test
//! in `tests/it/architecture.rs`).

pub mod backup;
pub mod call;
pub mod exit;
pub mod fs;
pub mod host;
pub mod hostname;
pub mod network;
pub mod paths;
pub mod quote;
pub mod router;

pub use network::NetworkId;
