//! Password and secret hashing. Passwords use argon2id with a random salt; machine secrets and refresh
//! tokens are 256 random bits, for which SHA-256 is enough and keeps the token endpoint fast.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};

static CHEAP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tests only (`Config::cheap_password_hashing`): argon2id at its minimum cost from now on in this process.
/// Verification reads the cost from each stored hash, so production hashes still verify.
pub fn use_cheap_hashing() {
    CHEAP.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn hasher() -> Argon2<'static> {
    if CHEAP.load(std::sync::atomic::Ordering::Relaxed) {
        let params =
            argon2::Params::new(argon2::Params::MIN_M_COST, 1, 1, None).expect("valid minimal argon2 parameters");
        Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
    } else {
        Argon2::default()
    }
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing a password: {error}"))
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A hash computed for unknown usernames, so that a login attempt takes as long whether or not the
/// account exists.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password 0").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// 32 random bytes, base64url without padding (43 characters).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(value: &str) -> String {
    Sha256::digest(value.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two SHA-256 hex digests are the same, in time that does not depend on where they differ.
pub fn same_secret_hash(stored: &str, presented: &str) -> bool {
    use subtle::ConstantTimeEq;
    stored.len() == presented.len() && bool::from(stored.as_bytes().ct_eq(presented.as_bytes()))
}

/// A readable temporary password (for an admin's reset): four groups of letters and digits.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let groups: Vec<String> =
        (0..4).map(|_| (0..5).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()).collect();
    format!("{}-7", groups.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse 9").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse 9", &hash));
        assert!(!verify_password("correct horse 8", &hash));
        assert!(!verify_password("correct horse 9", "not a hash"));
    }

    #[test]
    fn secret_hashes_compare_whole() {
        let hash = sha256_hex("geheim");
        assert!(same_secret_hash(&hash, &sha256_hex("geheim")));
        assert!(!same_secret_hash(&hash, &sha256_hex("geheim2")));
        assert!(!same_secret_hash(&hash, ""));
    }

    #[test]
    fn temporary_passwords_pass_the_password_rules() {
        let password = temporary_password();
        let mut errors = shared::validation::Errors::default();
        shared::validation::check_new_password(&mut errors, "p", &password);
        assert!(errors.is_empty(), "{password}");
        assert_ne!(password, temporary_password());
    }
}
