//! Exit codes and the user-facing error type.
//!
//! Every failure that an operator can fix carries an [`ExitKind`], which decides the process exit
//! code. Anything else is a plain `anyhow` error and exits with 1. `main` prints the whole error
//! chain on one line (`rdc: …`) and never a backtrace.

use std::process::ExitCode;

pub(crate) use crate::contract::exit::ExitKind;

/// An error with a message written for the operator and a specific exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Fail {
    pub kind: ExitKind,
    pub message: String,
}

impl Fail {
    pub(crate) fn new(kind: ExitKind, message: impl Into<String>) -> Self {
        Fail {
            kind,
            message: message.into(),
        }
    }
}

/// Shorthand constructors returning `anyhow::Error`, so call sites read `return Err(usage(..))`.
pub(crate) fn usage(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::Usage, msg).into()
}
pub(crate) fn not_found(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::NotFound, msg).into()
}
pub(crate) fn config_err(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::Config, msg).into()
}
pub(crate) fn connection(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::Connection, msg).into()
}
pub(crate) fn remote(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::Remote, msg).into()
}
pub(crate) fn declined(msg: impl Into<String>) -> anyhow::Error {
    Fail::new(ExitKind::Declined, msg).into()
}

/// A remote command's own exit code, passed through as rdc's (`repo exec`, `repo term`):
/// nothing is printed, the shell sees the command's code.
#[derive(Debug, thiserror::Error)]
#[error("the command exited with {0}")]
pub(crate) struct PassThrough(pub u8);

/// Exit with a remote command's exit code (0 is success).
pub(crate) fn pass_through(code: i32) -> anyhow::Result<()> {
    match code {
        0 => Ok(()),
        c => Err(PassThrough(u8::try_from(c).unwrap_or(1)).into()),
    }
}

/// Decide the exit code for an error: a broken pipe anywhere in the chain is a success (the
/// reader went away, as with `rdc … | head`), a [`Fail`] gives its kind, anything else is 1.
pub(crate) fn exit_code_for(err: &anyhow::Error) -> Option<ExitCode> {
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return None;
        }
    }
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Fail>() {
            return Some(f.kind.code());
        }
    }
    Some(ExitKind::General.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn kind_survives_context() {
        let e: anyhow::Result<()> = Err(not_found("machine x"));
        let e = e.context("loading").unwrap_err();
        assert_eq!(exit_code_for(&e), Some(ExitKind::NotFound.code()));
    }

    #[test]
    fn broken_pipe_is_success() {
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(exit_code_for(&e), None);
    }
}
