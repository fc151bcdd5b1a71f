//! How results reach stdout: `--output table|json|yaml`.
//!
//! Everything printed on stdout goes through here, with `write!` rather than `println!`, so a
//! closed pipe becomes an error that `main` maps to exit 0 instead of a panic. Tables are for
//! people; JSON and YAML carry the same data with stable snake_case keys for scripts.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// One JSON document.
    Json,
    /// One YAML document.
    Yaml,
}

/// Write `s` to stdout as is.
pub(crate) fn print(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Write `s` and a newline to stdout.
pub(crate) fn println(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

pub(crate) fn to_yaml<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_saphyr::to_string(value)?)
}

/// Print a serializable value as JSON or YAML. With `Table`, `table` is called instead.
pub(crate) fn emit<T: Serialize>(
    format: Format,
    value: &T,
    table: impl FnOnce() -> Result<String>,
) -> Result<()> {
    match format {
        Format::Json => print(&to_json(value)?),
        Format::Yaml => print(&to_yaml(value)?),
        Format::Table => print(&table()?),
    }
}

/// Render rows as aligned columns with a header line.
pub(crate) fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::NOTHING);
    t.set_header(headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for r in rows {
        t.add_row(r.iter().map(|c| escape_controls(c)).collect::<Vec<_>>());
    }
    for c in t.column_iter_mut() {
        c.set_padding((0, 2));
    }
    finish_lines(&t.to_string())
}

/// Render a record as `key: value` lines, keys aligned.
pub(crate) fn record(fields: &[(&str, String)]) -> String {
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (k, v) in fields {
        s.push_str(&format!(
            "{:width$}  {}\n",
            format!("{k}:"),
            escape_lines(v),
            width = width + 1
        ));
    }
    s
}

fn finish_lines(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text from elsewhere (a server's output, a label, an error from a remote command) made safe for
/// a terminal: control characters other than tab, and the invisible formatting characters that
/// reorder or hide text (bidi overrides, zero-width marks), become `\u{…}` escapes, so no escape
/// sequence (window title, clipboard via OSC 52, hidden text) reaches the operator's terminal.
pub(crate) fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
        if c == '\r' {
            // Progress output redraws lines with CR; dropped, a CR can neither hide text
            // (everything before it stays shown) nor clutter the line.
            continue;
        }
        if (c.is_control() && c != '\t') || hidden {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape_controls`] for text of several lines: the newlines stay.
pub(crate) fn escape_lines(s: &str) -> String {
    s.split('\n')
        .map(escape_controls)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `-` for an absent value, as the original CLI printed.
pub(crate) fn or_dash(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_and_trims() {
        let t = table(
            &["NAME", "IP"],
            vec![
                vec!["a".into(), "1.2.3.4".into()],
                vec!["longer".into(), "-".into()],
            ],
        );
        assert_eq!(t, "NAME    IP\na       1.2.3.4\nlonger  -\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\tb"), "a\tb");
        assert_eq!(
            escape_controls("\x1b]0;pwned\x07x"),
            "\\u{1b}]0;pwned\\u{7}x"
        );
        assert_eq!(escape_controls("é\u{9b}"), "é\\u{9b}");
    }

    #[test]
    fn record_aligns() {
        let r = record(&[("a", "1".into()), ("long", "2".into())]);
        assert_eq!(r, "a:     1\nlong:  2\n");
    }
}
