//! Reading `router.toml` from disk (the type and its rules are `contract::router`).

use std::path::Path;

use anyhow::Result;

pub use crate::contract::paths::{
    ROUTER_STATE_DIR as DEFAULT_STATE_DIR, ROUTER_TOML as DEFAULT_CONFIG,
    SOCKETS_GLOB as DEFAULT_SOCKETS,
};
pub use crate::contract::router::{RepoDecl, RouterConfig};
use crate::error::usage;

/// Read and check a router.toml; errors name the file (exit 2).
pub fn load(path: &Path) -> Result<RouterConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "cannot read route server config {}: {e} (pass --config PATH, or run rdc context push-infra)",
            path.display()
        ))
    })?;
    let mut cfg = RouterConfig::parse(&text).map_err(|e| {
        usage(format!(
            "{} is not a valid route server config: {e}",
            path.display()
        ))
    })?;
    cfg.source = Some(path.to_path_buf());
    Ok(cfg)
}
