//! The certificates Traefik obtained, read from its ACME storage (`acme.json`, written by
//! Traefik, readable by root only): each certificate's main domain and expiry. The private keys
//! in the same file are never read into the answer.

use serde_json::Value;
use x509_cert::der::DecodePem;

use crate::contract::host::Cert;

/// The certificates of every resolver in `acme_json`, soonest expiry first. A certificate that
/// does not parse is left out.
pub(crate) fn from_acme(acme_json: &[u8]) -> Vec<Cert> {
    use base64::Engine;
    let Ok(v) = serde_json::from_slice::<Value>(acme_json) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for resolver in v.as_object().into_iter().flat_map(|o| o.values()) {
        for c in resolver["Certificates"].as_array().into_iter().flatten() {
            let domain = c["domain"]["main"].as_str().unwrap_or("?").to_string();
            let Some(b64) = c["certificate"].as_str() else {
                continue;
            };
            let Ok(pem) = base64::engine::general_purpose::STANDARD.decode(b64) else {
                continue;
            };
            // The chain starts with the leaf.
            let Some(leaf) = first_pem_block(&pem) else {
                continue;
            };
            if let Ok(cert) = x509_cert::Certificate::from_pem(leaf) {
                let not_after = cert
                    .tbs_certificate
                    .validity
                    .not_after
                    .to_unix_duration()
                    .as_secs() as i64;
                out.push(Cert { domain, not_after });
            }
        }
    }
    out.sort_by_key(|c| c.not_after);
    out
}

fn first_pem_block(pem: &[u8]) -> Option<&[u8]> {
    let text = std::str::from_utf8(pem).ok()?;
    let end = "-----END CERTIFICATE-----";
    let start = text.find("-----BEGIN CERTIFICATE-----")?;
    let stop = text[start..].find(end)? + start + end.len();
    Some(&pem[start..stop])
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    /// A self-signed certificate for cert.example.test, valid until 2034-12-30 (openssl req
    /// -x509 -newkey ed25519 -nodes -days 2950 -subj /CN=cert.example.test).
    const PEM: &str = include_str!("testdata/cert.pem");

    #[test]
    fn expiry_comes_from_each_certificate_and_keys_are_ignored() {
        let chain = format!("{PEM}{PEM}");
        let acme = serde_json::json!({
            "letsencrypt": {
                "Account": {"Email": "ops@example.test", "PrivateKey": "secret"},
                "Certificates": [
                    {"domain": {"main": "*.example.test"}, "certificate": base64::engine::general_purpose::STANDARD.encode(chain), "key": "c2VjcmV0"},
                    {"domain": {"main": "broken.example.test"}, "certificate": "not base64!", "key": "x"},
                ]
            }
        });
        let certs = from_acme(acme.to_string().as_bytes());
        assert_eq!(certs.len(), 1);
        assert_eq!(certs[0].domain, "*.example.test");
        // 2034-12-30.
        assert!(
            (2_050_000_000..2_080_000_000).contains(&certs[0].not_after),
            "{}",
            certs[0].not_after
        );
        assert!(from_acme(b"{not json").is_empty());
        assert!(from_acme(b"{}").is_empty());
    }
}
