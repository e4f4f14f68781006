//! How a claim's values become ticket tags and custom field values, chosen per shop.

use serde::{Deserialize, Serialize};

use crate::domain::Invalid;

/// The per-shop ticket mapping; every part optional in a request, defaults filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TicketMapping {
    /// Which tags a ticket gets.
    pub tags: TagMapping,
    /// Which Gorgias custom fields (by id) receive values as text.
    pub custom_fields: CustomFieldMapping,
}

/// Tags put on every ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagMapping {
    /// Tags every ticket gets.
    pub always: Vec<String>,
    /// Adds `resolve-flow:{flow_type}`.
    pub flow_type: bool,
    /// Adds `resolve-preference:{resolution_preference}`.
    pub resolution_preference: bool,
    /// Adds `resolve-phase:{shipment_phase}`.
    pub shipment_phase: bool,
}

impl Default for TagMapping {
    fn default() -> Self {
        Self {
            always: vec!["resolve".to_owned()],
            flow_type: true,
            resolution_preference: true,
            shipment_phase: true,
        }
    }
}

/// Gorgias custom field ids receiving claim values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomFieldMapping {
    /// Field receiving the flow type.
    pub flow_type: Option<u64>,
    /// Field receiving the resolution preference.
    pub resolution_preference: Option<u64>,
    /// Field receiving the shipment phase.
    pub shipment_phase: Option<u64>,
}

impl TicketMapping {
    /// Checks the tags: 1–100 characters each, no commas (Gorgias splits on them), at most 20.
    /// Returns the offending JSON path with the reason.
    pub fn validate(&self) -> Result<(), (Invalid, String)> {
        if self.tags.always.len() > 20 {
            return Err((
                Invalid {
                    code: "invalid_mapping",
                    message: "use at most 20 tags in tags.always".into(),
                },
                "tags.always".into(),
            ));
        }
        for (index, tag) in self.tags.always.iter().enumerate() {
            let tag = tag.trim();
            if tag.is_empty() || tag.chars().count() > 100 || tag.contains(',') {
                return Err((
                    Invalid {
                        code: "invalid_mapping",
                        message: "a tag has 1 to 100 characters and no comma".into(),
                    },
                    format!("tags.always[{index}]"),
                ));
            }
        }
        Ok(())
    }

    /// The mapping as stored; serialising this plain struct cannot fail.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads a stored mapping; a damaged one falls back to the defaults.
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }
}
