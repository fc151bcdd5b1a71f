//! Reading a server's output without trusting it: stdout is kept up to a cap (a larger answer
//! is an error, not a laptop out of memory), stderr is read line by line with each line cut at
//! a length and only its tail kept. What the laptop shows of it is escaped elsewhere
//! (`output::escape_controls`).

use tokio::io::{AsyncRead, AsyncReadExt};

/// What a client answers to a server's first line of stdout (see `read_capped_replying`).
pub(crate) type Reply<'a> = dyn Fn(&[u8]) -> Vec<u8> + Sync + 'a;

/// Most bytes of stdout a remote command may answer (host commands answer a few KiB of JSON).
pub(crate) const STDOUT_CAP: usize = 16 << 20;
/// How much of the end of stderr is kept for error messages.
pub(crate) const STDERR_TAIL: usize = 64 << 10;
/// Longest stderr line shown; the rest of a line is cut (`…`).
pub(crate) const LINE_CAP: usize = 4096;

/// All of `r` if it holds at most `cap` bytes; `Err(cap)` as soon as it holds more (reading
/// stops there).
pub(crate) async fn read_capped<R: AsyncRead + Unpin>(r: R, cap: usize) -> Result<Vec<u8>, usize> {
    let mut buf = Vec::new();
    let mut limited = r.take(cap as u64 + 1);
    let _ = limited.read_to_end(&mut buf).await;
    if buf.len() > cap {
        return Err(cap);
    }
    Ok(buf)
}

/// Like [`read_capped`], and when the first line is complete, write `reply(first line)` to
/// `answer` and close it (how a client confirms what the server just reported).
pub(crate) async fn read_capped_replying<R, W>(
    mut r: R,
    cap: usize,
    mut answer: Option<W>,
    reply: &Reply<'_>,
) -> Result<Vec<u8>, usize>
where
    R: AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::AsyncWriteExt;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > cap {
            return Err(cap);
        }
        if let Some(pos) = buf.iter().position(|b| *b == b'\n')
            && let Some(mut w) = answer.take()
        {
            let bytes = reply(&buf[..pos]);
            let _ = w.write_all(&bytes).await;
            let _ = w.shutdown().await;
        }
    }
    if let Some(mut w) = answer.take() {
        let _ = w.shutdown().await;
    }
    Ok(buf)
}

/// Read `r` to its end, handing each line (cut at [`LINE_CAP`], lossy UTF-8) to `line`;
/// returns the last [`STDERR_TAIL`] bytes of what those lines were.
pub(crate) async fn lines_tail<R: AsyncRead + Unpin>(
    mut r: R,
    mut line: impl FnMut(String),
) -> Vec<u8> {
    let mut tail: std::collections::VecDeque<u8> = std::collections::VecDeque::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut cut = false;
    let mut chunk = vec![0u8; 64 << 10];
    let mut emit =
        |cur: &mut Vec<u8>, cut: &mut bool, tail: &mut std::collections::VecDeque<u8>| {
            let mut s = String::from_utf8_lossy(cur).into_owned();
            if *cut {
                s.push('…');
            }
            tail.extend(s.as_bytes());
            tail.push_back(b'\n');
            while tail.len() > STDERR_TAIL {
                tail.pop_front();
            }
            line(s);
            cur.clear();
            *cut = false;
        };
    loop {
        let n = match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &chunk[..n] {
            if b == b'\n' {
                emit(&mut cur, &mut cut, &mut tail);
            } else if cur.len() < LINE_CAP {
                cur.push(b);
            } else {
                cut = true;
            }
        }
    }
    if !cur.is_empty() || cut {
        emit(&mut cur, &mut cut, &mut tail);
    }
    tail.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stdout_over_the_cap_is_an_error() {
        assert_eq!(read_capped(&b"hello"[..], 5).await.unwrap(), b"hello");
        assert_eq!(read_capped(&b"hello!"[..], 5).await, Err(5));
    }

    #[tokio::test]
    async fn long_lines_are_cut_and_only_the_tail_is_kept() {
        let mut input = vec![b'x'; LINE_CAP * 3];
        input.push(b'\n');
        for i in 0..20_000 {
            input.extend(format!("line {i}\n").as_bytes());
        }
        input.extend(b"last, without newline");
        let mut seen = Vec::new();
        let tail = lines_tail(&input[..], |l| seen.push(l)).await;
        assert_eq!(seen[0].chars().count(), LINE_CAP + 1);
        assert!(seen[0].ends_with('…'));
        assert_eq!(seen.len(), 20_002);
        assert!(tail.len() <= STDERR_TAIL);
        assert!(String::from_utf8_lossy(&tail).ends_with("line 19999\nlast, without newline\n"));
    }
}
