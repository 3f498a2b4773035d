//! Access tokens: HS256 JWTs with `iss`, `aud`, `sub`, `exp`, `iat`, `role`, `org` and `gen`, validated for
//! algorithm, signature, expiry, audience and issuer (so `alg: none` and foreign keys are refused).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use shared::auth::Role;
use uuid::Uuid;

pub const ISSUER: &str = "basisbaan";
pub const AUDIENCE: &str = "basisbaan-api";

/// Who a token speaks for: a person (`sub` = user id) or an API client (`sub` = `client:<client_id>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: u64,
    pub iat: u64,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The account's session generation when the token was issued (0 for API clients); a token of an
    /// earlier generation is refused (logout, password change, reset).
    #[serde(rename = "gen")]
    pub generation: i32,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub lifetime_secs: u64,
}

impl TokenKeys {
    pub fn new(secret: &[u8], lifetime_secs: u64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub", "iat"]);
        // A token with `nbf` in the future is not valid yet.
        validation.validate_nbf = true;
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            lifetime_secs,
        }
    }

    pub fn issue(
        &self,
        subject: String,
        role: Role,
        organisation_id: Option<Uuid>,
        generation: i32,
    ) -> anyhow::Result<String> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: subject,
            exp: now + self.lifetime_secs,
            iat: now,
            role,
            org: organisation_id,
            generation,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// The claims of a valid token: its algorithm HS256, signed with our key, not expired, not before its
    /// `nbf`, not issued in the future, for our audience and from our issuer.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?.claims;
        let now = jsonwebtoken::get_current_timestamp();
        (claims.iat <= now + self.validation.leeway).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_own_key_only() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 900);
        let token = keys.issue("u1".into(), Role::Consultant, None, 0).unwrap();
        assert_eq!(keys.verify(&token).unwrap().role, Role::Consultant);
        let other = TokenKeys::new(b"fedcba9876543210fedcba9876543210", 900);
        assert!(other.verify(&token).is_none());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 0);
        let mut claims = keys.verify(&keys.issue("u".into(), Role::Admin, None, 0).unwrap()).unwrap();
        claims.exp -= 60;
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        assert!(keys.verify(&token).is_none());
    }
}
