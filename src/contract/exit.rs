//! Exit codes: what `rdc` returns to scripts, and what `rdc host …` returns to the laptop over
//! SSH (which maps them back to its own). Keep the numbers stable.

use std::process::ExitCode;

/// Documented exit codes (README "Exit codes"). Keep the numbers stable: scripts rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    /// 1: unexpected failure (a bug, or an I/O error nobody could predict).
    General = 1,
    /// 2: invalid input: a flag value, a name, a file the user gave. Nothing was changed.
    Usage = 2,
    /// 3: a context, machine or repository that does not exist.
    NotFound = 3,
    /// 4: the configuration file cannot be used (unsafe permissions, parse error, locked).
    Config = 4,
    /// 5: the server could not be reached or refused us (SSH, host key, sudo).
    Connection = 5,
    /// 6: a remote operation failed (and was rolled back where possible).
    Remote = 6,
    /// 7: a confirmation was declined, or was needed without a terminal and without `--yes`.
    Declined = 7,
}

impl ExitKind {
    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}
