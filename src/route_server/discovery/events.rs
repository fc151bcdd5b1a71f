//! Docker's event stream, read by hand over the daemon's unix socket, with bounded memory.
//!
//! Every container event carries all of the container's labels (`Actor.Attributes`): a
//! container with 20 MB of labels and a health check that flips every second would have the
//! route server parse 20 MB of JSON, into a map of strings, every second (bollard's event
//! stream did: half a core). Here a line is parsed only up to [`LINE_LIMIT`] bytes; beyond it,
//! the rest of the line is skipped unread (a byte scan for the newline) and the event is taken
//! from its head, where Docker writes `status`, `id`, `Type` and `Action` before `Actor`.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use futures_util::Stream;
use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use super::docker::DockerEvent;

/// The longest event line parsed as JSON; a longer one is read from its head only.
pub const LINE_LIMIT: usize = 64 * 1024;
/// How much of an oversized line is kept to read its head.
const HEAD: usize = 4096;

/// `GET /events` on `socket` for container events of `wanted` kinds, from `since` on.
pub fn stream(
    socket: PathBuf,
    since: u64,
    wanted: &'static [&'static str],
) -> impl Stream<Item = Result<DockerEvent>> + Send {
    futures_util::stream::unfold(State::Start(socket, since, wanted), |st| async move {
        let mut r = match st {
            State::Start(socket, since, wanted) => match open(&socket, since, wanted).await {
                Ok(r) => r,
                Err(e) => return Some((Err(e), State::Done)),
            },
            State::Reading(r) => r,
            State::Done => return None,
        };
        loop {
            match r.next_line().await {
                Ok(Some(line)) => {
                    if let Some(ev) = parse(&line) {
                        return Some((Ok(ev), State::Reading(r)));
                    }
                }
                Ok(None) => return Some((Err(anyhow!("the event stream ended")), State::Done)),
                Err(e) => return Some((Err(e), State::Done)),
            }
        }
    })
}

enum State {
    Start(PathBuf, u64, &'static [&'static str]),
    Reading(Reader),
    Done,
}

async fn open(socket: &Path, since: u64, wanted: &[&str]) -> Result<Reader> {
    let mut s = UnixStream::connect(socket)
        .await
        .map_err(|e| anyhow!("connecting to {}: {e}", socket.display()))?;
    let filters = serde_json::json!({"type": ["container"], "event": wanted}).to_string();
    let req = format!(
        "GET /events?since={since}&filters={} HTTP/1.1\r\nHost: docker\r\nUser-Agent: rdc\r\n\r\n",
        percent(&filters)
    );
    s.write_all(req.as_bytes()).await?;
    let mut r = BufReader::new(s);
    let mut status = String::new();
    r.read_line(&mut status).await?;
    if !status.starts_with("HTTP/1.1 200") && !status.starts_with("HTTP/1.0 200") {
        bail!(
            "the daemon answered the event request with {}",
            status.trim()
        );
    }
    let mut chunked = false;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).await? == 0 {
            bail!("the event stream ended in its headers");
        }
        let h = h.trim();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("transfer-encoding")
            && v.trim().eq_ignore_ascii_case("chunked")
        {
            chunked = true;
        }
    }
    Ok(Reader {
        r,
        chunked,
        left: 0,
        line: Line::default(),
    })
}

/// The body, chunk-decoded, cut into lines.
struct Reader {
    r: BufReader<UnixStream>,
    chunked: bool,
    /// Bytes left in the current chunk.
    left: usize,
    line: Line,
}

/// One line being assembled: whole up to [`LINE_LIMIT`], then its head only.
#[derive(Default)]
struct Line {
    bytes: Vec<u8>,
    over: bool,
}

/// A finished line: the whole of it, or the head of an oversized one.
pub enum Text {
    Whole(Vec<u8>),
    Head(Vec<u8>),
}

impl Line {
    fn push(&mut self, b: &[u8]) {
        if self.over {
            return;
        }
        if self.bytes.len() + b.len() > LINE_LIMIT {
            self.over = true;
            self.bytes.truncate(HEAD);
            let room = HEAD.saturating_sub(self.bytes.len());
            self.bytes.extend_from_slice(&b[..room.min(b.len())]);
            return;
        }
        self.bytes.extend_from_slice(b);
    }

    fn take(&mut self) -> Text {
        let bytes = std::mem::take(&mut self.bytes);
        let over = std::mem::take(&mut self.over);
        if over {
            Text::Head(bytes)
        } else {
            Text::Whole(bytes)
        }
    }
}

impl Reader {
    /// The next line of the body; None at its end.
    async fn next_line(&mut self) -> Result<Option<Text>> {
        loop {
            if self.chunked && self.left == 0 {
                let mut size = String::new();
                if self.r.read_line(&mut size).await? == 0 {
                    return Ok(None);
                }
                let size = size.trim();
                if size.is_empty() {
                    continue;
                }
                let n = usize::from_str_radix(size.split(';').next().unwrap_or(""), 16)
                    .map_err(|_| anyhow!("a chunk size that is not hex: {size:?}"))?;
                if n == 0 {
                    return Ok(None);
                }
                self.left = n;
            }
            let buf = self.r.fill_buf().await?;
            if buf.is_empty() {
                return Ok(None);
            }
            let avail = if self.chunked {
                buf.len().min(self.left)
            } else {
                buf.len()
            };
            let part = &buf[..avail];
            let (used, done) = match memchr(b'\n', part) {
                Some(i) => {
                    self.line.push(&part[..i]);
                    (i + 1, true)
                }
                None => {
                    self.line.push(part);
                    (avail, false)
                }
            };
            self.r.consume(used);
            if self.chunked {
                self.left -= used;
                if self.left == 0 {
                    // The chunk's CRLF.
                    let mut crlf = [0u8; 2];
                    self.r.read_exact(&mut crlf).await?;
                }
            }
            if done {
                return Ok(Some(self.line.take()));
            }
        }
    }
}

fn memchr(b: u8, s: &[u8]) -> Option<usize> {
    s.iter().position(|x| *x == b)
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "Type", default)]
    kind: String,
    #[serde(rename = "Action", default)]
    action: String,
    #[serde(rename = "Actor", default)]
    actor: Option<Actor>,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize)]
struct Actor {
    #[serde(rename = "ID", default)]
    id: Option<String>,
}

/// The event of a line: a container event with its action and id, or None.
pub fn parse(t: &Text) -> Option<DockerEvent> {
    match t {
        Text::Whole(b) => {
            let raw: Raw = serde_json::from_slice(b).ok()?;
            if raw.kind != "container" {
                return None;
            }
            let id = raw.actor.and_then(|a| a.id).or(raw.id)?;
            Some(DockerEvent {
                action: raw.action,
                id,
            })
        }
        Text::Head(b) => {
            let s = String::from_utf8_lossy(b);
            if field(&s, "Type").as_deref() != Some("container") {
                return None;
            }
            Some(DockerEvent {
                action: field(&s, "Action")?,
                id: field(&s, "id")?,
            })
        }
    }
}

/// The string value of the first `"key":"…"` in `s` (the head of Docker's JSON, which has no
/// escapes in these fields).
fn field(s: &str, key: &str) -> Option<String> {
    let at = s.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let end = s[at..].find('"')?;
    Some(s[at..at + end].to_string())
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_line_and_the_head_of_a_huge_one_give_the_same_event() {
        let big: String = "x".repeat(200_000);
        let line = format!(
            r#"{{"status":"health_status: healthy","id":"abc123","from":"img","Type":"container","Action":"health_status: healthy","Actor":{{"ID":"abc123","Attributes":{{"junk":"{big}"}}}},"scope":"local","time":1}}"#
        );
        let mut l = Line::default();
        for part in line.as_bytes().chunks(7000) {
            l.push(part);
        }
        let head = l.take();
        assert!(matches!(head, Text::Head(ref b) if b.len() <= HEAD));
        let want = DockerEvent {
            action: "health_status: healthy".into(),
            id: "abc123".into(),
        };
        assert_eq!(parse(&head), Some(want.clone()));
        let small = line.replace(&big, "y");
        assert_eq!(parse(&Text::Whole(small.into_bytes())), Some(want));
        // Not a container event.
        let net = r#"{"Type":"network","Action":"connect","Actor":{"ID":"n1"}}"#;
        assert_eq!(parse(&Text::Whole(net.as_bytes().to_vec())), None);
    }

    #[test]
    fn filters_are_percent_encoded() {
        assert_eq!(
            percent(r#"{"a":["b c"]}"#),
            "%7B%22a%22%3A%5B%22b%20c%22%5D%7D"
        );
    }
}
