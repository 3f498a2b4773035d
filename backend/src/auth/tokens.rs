//! Access tokens: HS256 JWTs with `iss`, `aud`, `sub`, `exp`, `iat`, `role` and `org`, validated for
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
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            lifetime_secs,
        }
    }

    pub fn issue(&self, subject: String, role: Role, organisation_id: Option<Uuid>) -> anyhow::Result<String> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: subject,
            exp: now + self.lifetime_secs,
            iat: now,
            role,
            org: organisation_id,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok().map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_own_key_only() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 900);
        let token = keys.issue("u1".into(), Role::Consultant, None).unwrap();
        assert_eq!(keys.verify(&token).unwrap().role, Role::Consultant);
        let other = TokenKeys::new(b"fedcba9876543210fedcba9876543210", 900);
        assert!(other.verify(&token).is_none());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 0);
        let mut claims = keys.verify(&keys.issue("u".into(), Role::Admin, None).unwrap()).unwrap();
        claims.exp -= 60;
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        assert!(keys.verify(&token).is_none());
    }
}
