//! Pseudonyms for redacted output: ids and names replaced by stable,
//! keyed pseudonyms (`account-3f9c01d2a7b4`), so that a diagram or report
//! can go to a regulator or a board without identities.
//!
//! A pseudonym is an HMAC-SHA256 of the kind and id under a key: the same
//! key gives the same pseudonym in every output, and without the key a
//! pseudonym cannot be tested against a guessed address. Without a key
//! given, a run draws a random one, so its pseudonyms match only each other.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::diagnostic::Diagnostic;

/// Hex digits kept from the HMAC: 48 bits, so that collisions among even
/// millions of ids are very unlikely.
const DIGITS: usize = 12;

#[derive(Clone)]
pub struct Pseudonyms {
    key: Vec<u8>,
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms { key: <hidden> }")
    }
}

impl Pseudonyms {
    /// Pseudonyms under a key given as text.
    pub fn with_key(key: &[u8]) -> Pseudonyms {
        Pseudonyms { key: key.to_vec() }
    }

    /// Pseudonyms under the key in a file (its whole content, trailing
    /// newline removed).
    pub fn from_key_file(path: &std::path::Path) -> Result<Pseudonyms, Diagnostic> {
        let mut key = std::fs::read(path).map_err(|error| {
            Diagnostic::in_file(path, format!("cannot read the redaction key: {error}"))
        })?;
        while key.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            key.pop();
        }
        if key.is_empty() {
            return Err(Diagnostic::in_file(path, "the redaction key file is empty"));
        }
        Ok(Pseudonyms { key })
    }

    /// Pseudonyms under a random key, for a run that was given none.
    pub fn random() -> Pseudonyms {
        let mut key = vec![0u8; 32];
        if let Ok(mut file) = std::fs::File::open("/dev/urandom") {
            use std::io::Read;
            if file.read_exact(&mut key).is_ok() {
                return Pseudonyms { key };
            }
        }
        // No /dev/urandom: fall back on the standard library's per-process
        // random hasher seeds and the clock.
        use std::hash::{BuildHasher, Hasher};
        for chunk in key.chunks_mut(8) {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            chunk.copy_from_slice(&hasher.finish().to_le_bytes()[..chunk.len()]);
        }
        Pseudonyms { key }
    }

    /// The pseudonym of the record of `kind` with `id`: `kind-<12 hex>`.
    pub fn pseudonym(&self, kind: &str, id: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(id.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut text = String::with_capacity(kind.len() + 1 + DIGITS);
        text.push_str(&kind.replace(' ', "-"));
        text.push('-');
        for byte in &digest[..DIGITS / 2] {
            text.push_str(&format!("{byte:02x}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_key_and_differ_across_keys() {
        let a = Pseudonyms::with_key(b"one");
        let b = Pseudonyms::with_key(b"two");
        assert_eq!(
            a.pseudonym("account", "alice"),
            a.pseudonym("account", "alice")
        );
        assert_ne!(
            a.pseudonym("account", "alice"),
            b.pseudonym("account", "alice")
        );
        assert_ne!(
            a.pseudonym("account", "alice"),
            a.pseudonym("mailbox", "alice")
        );
        let p = a.pseudonym("account", "alice");
        assert!(
            p.starts_with("account-") && p.len() == "account-".len() + DIGITS,
            "{p}"
        );
    }
}
