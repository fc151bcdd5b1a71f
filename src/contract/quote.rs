//! Quoting for the two languages rdc writes commands in: POSIX sh (commands run over SSH,
//! `--service-manager none` start commands) and systemd unit files.

/// Quote for POSIX sh when needed.
pub fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Whether a word can stand in a systemd unit file as is (no specifier `%`, quote, `$`
/// expansion, backslash escape or whitespace split). rdc refuses paths that fail this (see
/// `context::validate::server_dir`) rather than escaping them.
pub fn systemd_safe(s: &str) -> bool {
    !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "%'\"`$\\".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("/usr/bin/x"), "/usr/bin/x");
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote(""), "''");
        assert!(systemd_safe("/mnt/rediacc"));
        for bad in ["/a b", "/50%", "/$x", "/a\\b", "/\"x\"", ""] {
            assert!(!systemd_safe(bad), "{bad}");
        }
    }
}
