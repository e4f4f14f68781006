//! The claim vocabulary as data, for pages that build a claim form: every flow with the known
//! reasons that fit it, the resolution preferences, shipment phases and languages, each with its
//! label in every supported language, the image types photos may have, and the text limits.
//!
//! A form that reads this instead of copying the lists cannot offer a flow the rules refuse, or
//! miss one they gained. Reasons and preferences stay open sets: these are the known values, the
//! rules still accept others as text.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::claim::{
    FlowType, KnownPreference, KnownReason, Language, ShipmentPhase, MAX_DESCRIPTION_CHARS,
    MAX_ITEMS, MAX_QUANTITY, OPEN_VALUE_MAX_CHARS,
};
use crate::image::ImageKind;
use crate::labels;

impl FlowType {
    /// The known reasons a customer in this flow picks from, most likely first. Others may still
    /// be sent as text.
    pub fn fitting_reasons(self) -> &'static [KnownReason] {
        use KnownReason::*;
        match self {
            FlowType::Defective => &[Damage, PartialDamage],
            FlowType::NotReceived => &[Investigation],
            FlowType::MissingProduct => &[Investigation, Support],
            FlowType::WrongProduct => &[Return, Support],
            FlowType::Return => &[Return],
            FlowType::Dissatisfied => &[Return, Support],
            FlowType::Support => &[Support],
        }
    }
}

impl KnownReason {
    /// The reason's name for people, in `language`.
    pub fn label(self, language: Language) -> &'static str {
        labels::of(language).reasons[self as usize]
    }
}

impl KnownPreference {
    /// The preference's name for people, in `language` (`reorder` reads "Replacement").
    pub fn label(self, language: Language) -> &'static str {
        labels::of(language).preferences[self as usize]
    }
}

impl ImageKind {
    /// Every accepted image format, in the order forms list them.
    pub const ALL: [ImageKind; 5] = [
        ImageKind::Jpeg,
        ImageKind::Png,
        ImageKind::Webp,
        ImageKind::Heic,
        ImageKind::Heif,
    ];
}

/// A label per language code (`"en"`, `"de"`, …), in [`Language::ALL`] order.
pub type Labels = BTreeMap<&'static str, &'static str>;

fn labels_of(label: impl Fn(Language) -> &'static str) -> Labels {
    Language::ALL
        .iter()
        .map(|&language| (language.as_str(), label(language)))
        .collect()
}

/// One flow type a customer can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowEntry {
    /// The wire code.
    pub code: &'static str,
    /// The flow's name in every language.
    pub labels: Labels,
    /// Whether a claim of this flow must name at least one affected item.
    pub needs_items: bool,
    /// The codes of the known reasons that fit, most likely first.
    pub reasons: Vec<&'static str>,
}

/// One known value of a list (a reason, a preference, a shipment phase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The wire code.
    pub code: &'static str,
    /// The value's name in every language.
    pub labels: Labels,
}

/// One accepted image format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageEntry {
    /// The MIME type, as browsers report it for a picked file.
    pub content_type: &'static str,
    /// The usual file extension, without the dot.
    pub extension: &'static str,
}

/// Limits on what a customer types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Most characters of the customer's notes.
    pub description_max_chars: usize,
    /// Most characters of a reason or preference sent as free text.
    pub free_text_max_chars: usize,
    /// Most items in one claim.
    pub items_max: usize,
    /// Most pieces of one item.
    pub quantity_max: u64,
}

/// The whole vocabulary, as `GET /v1/claims/vocabulary` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    /// Every flow type, in the order a form offers them.
    pub flow_types: Vec<FlowEntry>,
    /// The known reasons (an open set).
    pub reasons: Vec<Entry>,
    /// The known resolution preferences (an open set).
    pub resolution_preferences: Vec<Entry>,
    /// Every shipment phase.
    pub shipment_phases: Vec<Entry>,
    /// The supported language codes.
    pub languages: Vec<&'static str>,
    /// The image formats photos and a signature may have (judged by content, not by name).
    pub image_types: Vec<ImageEntry>,
    /// Text and item limits.
    pub limits: Limits,
}

impl Vocabulary {
    /// The vocabulary of the claim rules.
    pub fn of_claims() -> Self {
        Vocabulary {
            flow_types: FlowType::ALL
                .iter()
                .map(|&flow| FlowEntry {
                    code: flow.as_str(),
                    labels: labels_of(|language| flow.label(language)),
                    needs_items: flow.needs_items(),
                    reasons: flow.fitting_reasons().iter().map(|r| r.as_str()).collect(),
                })
                .collect(),
            reasons: KnownReason::ALL
                .iter()
                .map(|&reason| Entry {
                    code: reason.as_str(),
                    labels: labels_of(|language| reason.label(language)),
                })
                .collect(),
            resolution_preferences: KnownPreference::ALL
                .iter()
                .map(|&preference| Entry {
                    code: preference.as_str(),
                    labels: labels_of(|language| preference.label(language)),
                })
                .collect(),
            shipment_phases: ShipmentPhase::ALL
                .iter()
                .map(|&phase| Entry {
                    code: phase.as_str(),
                    labels: labels_of(|language| phase.label(language)),
                })
                .collect(),
            languages: Language::ALL.iter().map(|l| l.as_str()).collect(),
            image_types: ImageKind::ALL
                .iter()
                .map(|&kind| ImageEntry {
                    content_type: kind.content_type(),
                    extension: kind.extension(),
                })
                .collect(),
            limits: Limits {
                description_max_chars: MAX_DESCRIPTION_CHARS,
                free_text_max_chars: OPEN_VALUE_MAX_CHARS,
                items_max: MAX_ITEMS,
                quantity_max: MAX_QUANTITY,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::Claim;
    use crate::image::sniff;

    fn claim_with(flow: &str, reason: &str, description: &str) -> Vec<u8> {
        serde_json::json!({
            "flow_type": flow, "reason": reason, "description": description,
            "customer": {"email": "jane@example.com"}, "order": {"order_number": "#1001"},
            "items": [{"title": "Blue mug", "quantity": 1}],
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn every_flow_and_its_fitting_reasons_pass_the_claim_rules() {
        let vocabulary = Vocabulary::of_claims();
        assert_eq!(vocabulary.flow_types.len(), FlowType::ALL.len());
        for flow in &vocabulary.flow_types {
            assert!(!flow.reasons.is_empty(), "{} offers no reason", flow.code);
            for reason in &flow.reasons {
                let claim = Claim::parse(&claim_with(flow.code, reason, "")).unwrap();
                assert_eq!(claim.flow_type.as_str(), flow.code);
                assert!(claim.reason.unwrap().known().is_some(), "{reason}");
            }
        }
    }

    #[test]
    fn every_known_reason_fits_some_flow() {
        for reason in KnownReason::ALL {
            assert!(
                FlowType::ALL
                    .iter()
                    .any(|flow| flow.fitting_reasons().contains(&reason)),
                "{reason} fits no flow"
            );
        }
    }

    #[test]
    fn lists_follow_the_enumerations_in_order() {
        let vocabulary = Vocabulary::of_claims();
        let codes = |entries: &[Entry]| entries.iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(
            vocabulary
                .flow_types
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>(),
            [
                "defective",
                "not_received",
                "missing_product",
                "wrong_product",
                "return",
                "dissatisfied",
                "support"
            ]
        );
        assert_eq!(
            codes(&vocabulary.resolution_preferences),
            ["refund", "reorder", "store_credit"]
        );
        assert_eq!(
            codes(&vocabulary.shipment_phases),
            ShipmentPhase::ALL.map(|p| p.as_str())
        );
        assert_eq!(
            codes(&vocabulary.reasons),
            KnownReason::ALL.map(|r| r.as_str())
        );
        assert_eq!(
            vocabulary.languages,
            ["en", "de", "fr", "es", "it", "nl", "da", "pl"]
        );
    }

    #[test]
    fn items_are_needed_except_for_a_missing_parcel_and_a_question() {
        let vocabulary = Vocabulary::of_claims();
        let without_items: Vec<_> = vocabulary
            .flow_types
            .iter()
            .filter(|f| !f.needs_items)
            .map(|f| f.code)
            .collect();
        assert_eq!(without_items, ["not_received", "support"]);
    }

    #[test]
    fn every_entry_has_a_label_in_every_language() {
        let vocabulary = Vocabulary::of_claims();
        let all_labels = vocabulary
            .flow_types
            .iter()
            .map(|f| &f.labels)
            .chain(vocabulary.reasons.iter().map(|e| &e.labels))
            .chain(vocabulary.resolution_preferences.iter().map(|e| &e.labels))
            .chain(vocabulary.shipment_phases.iter().map(|e| &e.labels));
        for labels in all_labels {
            assert_eq!(labels.len(), Language::ALL.len());
            assert!(labels.values().all(|label| !label.trim().is_empty()));
        }
        let reorder = &vocabulary.resolution_preferences[1];
        assert_eq!(reorder.labels["en"], "Replacement");
        assert_eq!(
            vocabulary.flow_types[0].labels["de"],
            FlowType::Defective.label(Language::De)
        );
    }

    #[test]
    fn image_types_are_the_ones_sniffing_recognises() {
        let vocabulary = Vocabulary::of_claims();
        let types: Vec<_> = vocabulary
            .image_types
            .iter()
            .map(|i| i.content_type)
            .collect();
        assert_eq!(
            types,
            [
                "image/jpeg",
                "image/png",
                "image/webp",
                "image/heic",
                "image/heif"
            ]
        );
        // A PNG by content is one of the listed types.
        let png = sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR").unwrap();
        assert!(types.contains(&png.content_type()));
    }

    #[test]
    fn limits_are_the_ones_the_rules_enforce() {
        let limits = Vocabulary::of_claims().limits;
        let at_limit = "a".repeat(limits.description_max_chars);
        assert!(Claim::parse(&claim_with("defective", "damage", &at_limit)).is_ok());
        let over = "a".repeat(limits.description_max_chars + 1);
        let errors = Claim::parse(&claim_with("defective", "damage", &over)).unwrap_err();
        assert!(errors.for_field("description").is_some(), "{errors}");

        let reason = "r".repeat(limits.free_text_max_chars);
        assert!(Claim::parse(&claim_with("support", &reason, "")).is_ok());
        let reason = "r".repeat(limits.free_text_max_chars + 1);
        assert!(Claim::parse(&claim_with("support", &reason, "")).is_err());
        assert_eq!((limits.items_max, limits.quantity_max), (100, 999));
    }

    #[test]
    fn serialises_to_the_documented_shape() {
        let json = serde_json::to_value(Vocabulary::of_claims()).unwrap();
        assert_eq!(json["flow_types"][0]["code"], "defective");
        assert_eq!(
            json["flow_types"][0]["reasons"],
            serde_json::json!(["damage", "partial_damage"])
        );
        assert_eq!(json["flow_types"][1]["needs_items"], false);
        assert_eq!(json["reasons"][1]["labels"]["en"], "Damaged item");
        assert_eq!(json["image_types"][0]["content_type"], "image/jpeg");
        assert_eq!(json["limits"]["description_max_chars"], 5000);
    }
}
