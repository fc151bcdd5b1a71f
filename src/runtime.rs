//! The process's one async runtime: a current-thread tokio runtime, built on first use and kept
//! for the life of the process. Laptop commands, and the host side's Docker and HTTP calls,
//! block on it (`runtime::get()?.block_on(…)`); nothing builds another. The route server is the
//! exception by design: it runs alone in its process on its own multi-thread runtime.

use std::sync::OnceLock;

use anyhow::{Context, Result};
use tokio::runtime::{Builder, Runtime};

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The runtime (built the first time).
pub(crate) fn get() -> Result<&'static Runtime> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    Ok(RUNTIME.get_or_init(|| rt))
}
