//! The host protocol over a connection: [`Remote::call`] runs a [`Call`] with the server's rdc
//! and reads its typed answer. One place owns the command line (`Call::argv`), the wrapper that
//! tells "rdc is not installed there" (exit `NOT_INSTALLED`) from an answer, bounded reading (the link's
//! caps) and the escaping of what the server prints (remote lines go through progress events,
//! escaped by the printer).

use anyhow::Result;

use super::{Out, Remote, capped};
use crate::contract::call::{Answer, Call};
use crate::contract::host::NOT_INSTALLED;
use crate::error::remote;
use crate::progress::Progress;

/// `$1` is the server's rdc: run it with the call's words, or exit [`NOT_INSTALLED`] when it is
/// not there (the SSH mux reports a missing program, and any exit 127, as a failure to execute,
/// not as an answer).
const WRAP: &str = "if [ -x \"$1\" ]; then exec \"$@\"; else exit 121; fi";

/// How a call ended.
#[derive(Debug)]
pub(crate) enum Called<T> {
    /// The call succeeded; its answer.
    Answer(T),
    /// No rdc at that path on the server.
    NotInstalled,
    /// It failed: the tail of its stderr.
    Failed { stderr: String },
}

impl Remote {
    pub(super) fn wrapped(rdc: &str, call: &Call) -> Vec<String> {
        let mut v = vec!["sh".to_string(), "-c".into(), WRAP.into(), "sh".into()];
        v.extend(call.argv(rdc));
        v
    }

    /// Run `call` with the server's rdc at `rdc`, `input` on stdin; its answer typed.
    pub(crate) async fn call<T>(
        &self,
        rdc: &str,
        call: &Call,
        input: Option<&[u8]>,
    ) -> Result<Called<T>>
    where
        T: TryFrom<Answer, Error = String>,
    {
        let argv = Self::wrapped(rdc, call);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let o = self.run_stdin(&argv, input).await?;
        self.typed(call, o)
    }

    fn typed<T>(&self, call: &Call, o: Out) -> Result<Called<T>>
    where
        T: TryFrom<Answer, Error = String>,
    {
        match o.code {
            Some(0) => {
                let a = call
                    .read(&o.stdout)
                    .and_then(T::try_from)
                    .map_err(|e| remote(format!("{}: {e}", self.name)))?;
                Ok(Called::Answer(a))
            }
            Some(NOT_INSTALLED) => Ok(Called::NotInstalled),
            _ => Ok(Called::Failed {
                stderr: o.stderr_str(),
            }),
        }
    }

    /// [`Remote::call`], each line of the server's stderr reported as it comes; with `reply`,
    /// stdin stays open until the first line of stdout is answered (`create`'s commit).
    /// Returns the raw output too (a failed repository action still prints its status).
    pub(crate) async fn call_streaming(
        &self,
        rdc: &str,
        call: &Call,
        input: &[u8],
        reply: Option<&capped::Reply<'_>>,
        p: &dyn Progress,
    ) -> Result<Out> {
        let argv = Self::wrapped(rdc, call);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        match reply {
            Some(reply) => self.run_streaming_confirmed(&argv, input, reply, p).await,
            None => self.run_streaming(&argv, Some(input), p).await,
        }
    }

    /// A call whose stdout is lines (logs): each to `out` as it comes. Its exit code.
    pub(crate) async fn call_lines(
        &self,
        rdc: &str,
        call: &Call,
        out: &mut dyn FnMut(String),
        p: &dyn Progress,
    ) -> Result<Option<i32>> {
        let argv = Self::wrapped(rdc, call);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        self.run_lines(&argv, out, p).await
    }

    /// A call with the terminal passed through (exec, term). Its exit code.
    pub(crate) fn call_interactive(&self, rdc: &str, call: &Call, tty: bool) -> Result<i32> {
        let argv = Self::wrapped(rdc, call);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        self.interactive(&argv, tty)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wrapper_exits_with_the_not_installed_code() {
        assert!(super::WRAP.ends_with(&format!("exit {}; fi", super::NOT_INSTALLED)));
    }
}
