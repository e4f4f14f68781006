//! What a stand-in starts with: accounts, their agent users and ticket fields, the rate limit,
//! the upload size limit and strict validation. Read from a JSON file by the binary.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

/// Everything a stand-in needs to start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StandinConfig {
    /// The Gorgias accounts served, each on its own loopback port.
    pub accounts: Vec<AccountConfig>,
    /// The leaky bucket every account starts with.
    pub rate_limit: RateLimit,
    /// Upload requests whose files add up to more bytes than this answer 413.
    pub max_upload_bytes: usize,
    /// When on, ticket and customer bodies with fields Gorgias does not know answer 400.
    pub strict: bool,
}

impl Default for StandinConfig {
    /// The demo set-up: account `acme`, admin `agent@acme.test` / `demo-key`, two text fields.
    fn default() -> Self {
        StandinConfig {
            accounts: vec![AccountConfig::demo()],
            rate_limit: RateLimit::default(),
            max_upload_bytes: 20 * 1024 * 1024,
            strict: true,
        }
    }
}

/// One Gorgias account (what `{account}.gorgias.com` names).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The account's subdomain, e.g. `acme`.
    pub name: String,
    /// The agents whose email and REST API key open the API.
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// The ticket custom field definitions `GET /api/custom-fields` lists.
    #[serde(default)]
    pub custom_fields: Vec<CustomFieldConfig>,
}

impl AccountConfig {
    /// The demo account `acme` with admin `agent@acme.test` / `demo-key` and two text ticket fields.
    pub fn demo() -> Self {
        AccountConfig {
            name: "acme".into(),
            users: vec![UserConfig {
                email: "agent@acme.test".into(),
                api_key: "demo-key".into(),
                role: Role::Admin,
            }],
            custom_fields: vec![
                CustomFieldConfig {
                    id: 101,
                    label: "Claim reason".into(),
                    data_type: "text".into(),
                },
                CustomFieldConfig {
                    id: 102,
                    label: "Order number".into(),
                    data_type: "text".into(),
                },
            ],
        }
    }
}

/// An agent user of an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// The Basic auth user name.
    pub email: String,
    /// The Basic auth password (the user's REST API key).
    pub api_key: String,
    /// What the key may do.
    pub role: Role,
}

/// A Gorgias user role: the names `role.name` takes in `GET /api/users/0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// May do everything, including integrations and widgets.
    #[serde(rename = "admin")]
    Admin,
    /// May do everything the ticket integration needs.
    #[serde(rename = "agent")]
    Agent,
    /// A restricted agent seat; writes like an agent here, as only the observer is known to be
    /// read-only.
    #[serde(rename = "basic-agent")]
    BasicAgent,
    /// A restricted agent seat; writes like an agent here.
    #[serde(rename = "lite-agent")]
    LiteAgent,
    /// Read-only: may read everything and gets 403 on every write. Config files may also say
    /// `observer`.
    #[serde(rename = "observer-agent", alias = "observer")]
    Observer,
    /// A seat for Gorgias's own staff; writes like an agent here.
    #[serde(rename = "internal-agent")]
    InternalAgent,
    /// An automation user; writes like an agent here.
    #[serde(rename = "bot")]
    Bot,
}

impl Role {
    /// The role name Gorgias shows in `role.name`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::BasicAgent => "basic-agent",
            Role::LiteAgent => "lite-agent",
            Role::Observer => "observer-agent",
            Role::InternalAgent => "internal-agent",
            Role::Bot => "bot",
        }
    }

    /// Whether calls that change something (any method but `GET` and `HEAD`) are allowed.
    pub fn may_write(self) -> bool {
        self != Role::Observer
    }
}

/// A ticket custom field definition.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldConfig {
    /// The field id tickets refer to in `custom_fields[].id`.
    pub id: u64,
    /// The label agents see.
    pub label: String,
    /// `text`, `number` or `boolean`; values of another JSON type answer 400.
    pub data_type: String,
}

/// A leaky bucket: `limit` requests drain evenly over `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// The bucket size (Gorgias: 40 for API keys).
    pub limit: u32,
    /// The time a full bucket takes to drain (Gorgias: 20 s). Written `window_ms` in files.
    #[serde(rename = "window_ms", with = "millis")]
    pub window: Duration,
}

impl Default for RateLimit {
    /// Gorgias's limit for API-key clients: 40 requests per 20 seconds.
    fn default() -> Self {
        RateLimit {
            limit: 40,
            window: Duration::from_secs(20),
        }
    }
}

/// `Duration` as whole milliseconds in config files and the control API.
mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

/// The data types a custom field may have.
pub const DATA_TYPES: [&str; 3] = ["text", "number", "boolean"];

impl StandinConfig {
    /// Reads a JSON config file (see the crate README for its shape).
    pub fn from_file(path: &Path) -> std::io::Result<StandinConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot read config file {}: {e}", path.display()),
            )
        })?;
        let config: StandinConfig = serde_json::from_str(&text).map_err(|e| {
            invalid(format!(
                "config file {} is not valid stand-in JSON: {e} (see tests/gorgias-standin/README.md)",
                path.display()
            ))
        })?;
        config.check()?;
        Ok(config)
    }

    /// Refuses settings the stand-in cannot serve, saying which one to fix.
    pub fn check(&self) -> std::io::Result<()> {
        self.rate_limit.check()?;
        let mut names = HashSet::new();
        for account in &self.accounts {
            account.check()?;
            if !names.insert(account.name.as_str()) {
                return Err(invalid(format!(
                    "account {:?} appears twice; give each account its own name",
                    account.name
                )));
            }
        }
        Ok(())
    }
}

impl RateLimit {
    /// Refuses a zero limit or window, which would refuse or allow everything.
    pub fn check(&self) -> std::io::Result<()> {
        if self.limit == 0 || self.window.is_zero() {
            return Err(invalid(format!(
                "rate limit {}/{} ms cannot work: limit and window must both be above zero",
                self.limit,
                self.window.as_millis()
            )));
        }
        Ok(())
    }
}

impl AccountConfig {
    /// Refuses an empty or non-subdomain name, duplicate users and unusable custom fields.
    pub fn check(&self) -> std::io::Result<()> {
        let name_ok = !self.name.is_empty()
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !name_ok {
            return Err(invalid(format!(
                "account name {:?} must be a subdomain: lower-case letters, digits and '-'",
                self.name
            )));
        }
        let mut emails = HashSet::new();
        for user in &self.users {
            if user.email.is_empty() || user.api_key.is_empty() {
                return Err(invalid(format!(
                    "a user of account {:?} has an empty email or api_key; set both",
                    self.name
                )));
            }
            if !emails.insert(user.email.to_ascii_lowercase()) {
                return Err(invalid(format!(
                    "user {:?} appears twice in account {:?}",
                    user.email, self.name
                )));
            }
        }
        let mut ids = HashSet::new();
        for field in &self.custom_fields {
            if !DATA_TYPES.contains(&field.data_type.as_str()) {
                return Err(invalid(format!(
                    "custom field {} of account {:?} has data_type {:?}; use one of text, number, boolean",
                    field.id, self.name, field.data_type
                )));
            }
            if !ids.insert(field.id) {
                return Err(invalid(format!(
                    "custom field id {} appears twice in account {:?}",
                    field.id, self.name
                )));
            }
        }
        Ok(())
    }
}

fn invalid(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, msg)
}
