//! The claim as the Resolve flow submits it, checked field by field by [`Claim::parse`].
//!
//! `Claim` also derives `Serialize`/`Deserialize` so the server can store an accepted claim and read
//! it back: serialising gives the same JSON shape the contract describes. Deserialising trusts its
//! input (it is meant for copies this crate wrote); anything from outside goes through
//! [`Claim::parse`], which checks every rule below.
//!
//! Rules worth knowing:
//! - Required: `flow_type`, `customer.email`, `order.order_number`, and at least one item, except
//!   for the flows `not_received` (the whole parcel is missing, so there may be nothing to point at)
//!   and `support` (a question need not concern an item).
//! - Optional fields may be absent, `null` or blank; all three mean "not given". Text is trimmed.
//! - Unknown fields are rejected at every level, so a misspelt key cannot silently drop data.
//! - `reason` and `resolution_preference` are open sets: known values get a label in the ticket,
//!   others pass through as text (at most 64 letters, digits, spaces, `_`, `-`, `.`).
//! - `language` is one of the eight supported codes; a locale such as `de-DE` is read by its
//!   primary subtag.
//! - Beyond the contract's example: `order.address` (`line1`, `city`, `country` required; `name`,
//!   `line2`, `postal_code`, `region` optional), `order.currency` (ISO 4217, e.g. `EUR`) and
//!   `items[].net_price` (a number from 0 to 1,000,000, in `order.currency`).

use std::fmt;

use email_address::{EmailAddress, Options};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::input::{self, ErrorKind, FieldError, Reader, TextRule};
use crate::labels;

/// Declares a closed enumeration with its wire codes, `ALL`, `as_str` and `from_code`.
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $code:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The wire code, e.g. as it appears in JSON and in tags.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The value with this exact wire code, if there is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Every wire code, comma-separated, for error messages.
            #[allow(dead_code)] // Not every set is checked against input.
            fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set! {
    /// What the customer picked first in the Resolve flow.
    FlowType {
        /// The item arrived broken or does not work.
        Defective = "defective",
        /// The parcel never arrived.
        NotReceived = "not_received",
        /// The parcel arrived without some of its items.
        MissingProduct = "missing_product",
        /// The parcel held something other than what was ordered.
        WrongProduct = "wrong_product",
        /// The customer wants to send items back.
        Return = "return",
        /// The customer is unhappy with what arrived.
        Dissatisfied = "dissatisfied",
        /// A general question.
        Support = "support",
    }
}

closed_set! {
    /// Where the order's shipment was when the claim was made.
    ShipmentPhase {
        /// Order placed, nothing shipped yet.
        OrderCreated = "order_created",
        /// Order packed or handed over.
        OrderProcessed = "order_processed",
        /// With the carrier.
        InTransit = "in_transit",
        /// Out for delivery.
        InDelivery = "in_delivery",
        /// Delivered.
        Delivered = "delivered",
        /// The carrier could not deliver.
        DeliveryFailed = "delivery_failed",
        /// Waiting at a pickup point.
        Collect = "collect",
        /// A return label exists.
        ReturnCreated = "return_created",
        /// The return is on its way back.
        ReturnTransit = "return_transit",
        /// The return reached the merchant.
        ReturnReceived = "return_received",
        /// The return is complete.
        Returned = "returned",
        /// The return went wrong.
        ReturnFailed = "return_failed",
    }
}

closed_set! {
    /// A language the tile, the finder and tickets support.
    Language {
        /// English, the fallback.
        En = "en",
        /// German.
        De = "de",
        /// French.
        Fr = "fr",
        /// Spanish.
        Es = "es",
        /// Italian.
        It = "it",
        /// Dutch.
        Nl = "nl",
        /// Danish.
        Da = "da",
        /// Polish.
        Pl = "pl",
    }
}

closed_set! {
    /// A reason this crate has a label for.
    KnownReason {
        /// Part of the item is damaged.
        PartialDamage = "partial_damage",
        /// The item is damaged.
        Damage = "damage",
        /// The shipment needs an investigation with the carrier.
        Investigation = "investigation",
        /// A support question.
        Support = "support",
        /// A return.
        Return = "return",
    }
}

closed_set! {
    /// A resolution preference this crate has a label for.
    KnownPreference {
        /// Money back.
        Refund = "refund",
        /// A replacement, shown to people as "Replacement".
        Reorder = "reorder",
        /// Credit for the shop.
        StoreCredit = "store_credit",
    }
}

impl FlowType {
    /// The flow's name for people, in `language`.
    pub fn label(self, language: Language) -> &'static str {
        labels::of(language).flows[self as usize]
    }

    /// Whether a claim of this flow must name at least one affected item.
    pub fn needs_items(self) -> bool {
        !matches!(self, FlowType::NotReceived | FlowType::Support)
    }
}

impl ShipmentPhase {
    /// The phase's name for people, in `language`.
    pub fn label(self, language: Language) -> &'static str {
        labels::of(language).phases[self as usize]
    }
}

/// English: the fallback wherever no supported language is known.
#[allow(clippy::derivable_impls)] // The enum comes from a macro that derives no `Default`.
impl Default for Language {
    fn default() -> Self {
        Language::En
    }
}

impl Language {
    /// Reads a language code or a locale by its primary subtag (`de`, `DE`, `de-DE`, `de_AT`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::from_code(&primary.to_ascii_lowercase())
    }
}

/// Most characters of a reason or resolution preference.
pub const OPEN_VALUE_MAX_CHARS: usize = 64;

/// Checks a value of an open set: the ticket shows it and puts it into a tag, so it stays short and
/// free of markup and separators.
fn open_value_problem(field: &str, value: &str) -> Option<String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ');
    if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
        return Some(format!(
            "{field} contains {bad:?}: use only letters, digits, spaces, '_', '-' and '.'"
        ));
    }
    None
}

/// The specific reason inside a flow (an open set: unknown values pass through as text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reason(String);

impl Reason {
    /// The value as submitted.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The known reason this is, if it is one.
    pub fn known(&self) -> Option<KnownReason> {
        KnownReason::from_code(&self.0)
    }

    /// The label in `language`, or the submitted text when the reason is not a known one.
    pub fn label(&self, language: Language) -> &str {
        match self.known() {
            Some(known) => labels::of(language).reasons[known as usize],
            None => &self.0,
        }
    }
}

/// What the customer would like as a resolution (an open set: unknown values pass through).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResolutionPreference(String);

impl ResolutionPreference {
    /// The value as submitted.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The known preference this is, if it is one.
    pub fn known(&self) -> Option<KnownPreference> {
        KnownPreference::from_code(&self.0)
    }

    /// The label in `language` (`reorder` reads "Replacement"), or the submitted text.
    pub fn label(&self, language: Language) -> &str {
        match self.known() {
            Some(known) => labels::of(language).preferences[known as usize],
            None => &self.0,
        }
    }
}

/// A claim a customer submitted through the Resolve flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// What the customer picked first.
    pub flow_type: FlowType,
    /// The specific reason inside the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The resolution the customer would like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_preference: Option<ResolutionPreference>,
    /// The customer's own notes; may span lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The language the customer used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Who submitted the claim.
    pub customer: Customer,
    /// The order the claim is about.
    pub order: Order,
    /// The affected items; empty only for flows that do not need any.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// The customer who submitted a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The order's email address; the ticket's customer is found or created by it.
    pub email: String,
    /// The customer's name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The order a claim is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The shop's order number as the customer knows it (e.g. `#1001`).
    pub order_number: String,
    /// The carrier that shipped the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Where the shipment was when the claim was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_phase: Option<ShipmentPhase>,
    /// ISO 4217 code (upper case) the items' net prices are in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Where the order was delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// A delivery address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// The recipient, when it differs from the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street and number.
    pub line1: String,
    /// Flat, floor, company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// Postal code, where the country has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    pub city: String,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
}

/// One affected line item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The shop's SKU, when the product has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The product title as the customer saw it.
    pub title: String,
    /// How many pieces are affected, 1 to 999.
    pub quantity: u16,
    /// Net price of one piece in the order's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_price: Option<f64>,
}

/// Every problem found in a submitted claim; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimErrors(Vec<FieldError>);

impl ClaimErrors {
    /// The first problem: what the HTTP error shape shows in `field` and `message`.
    pub fn first(&self) -> &FieldError {
        &self.0[0]
    }

    /// Every problem, in document order.
    pub fn all(&self) -> &[FieldError] {
        &self.0
    }

    /// The code of the first problem (e.g. `missing_field`), for the HTTP error shape.
    pub fn code(&self) -> &'static str {
        self.first().kind.code()
    }

    /// Whether the body was not JSON at all (as opposed to JSON with wrong fields).
    pub fn is_malformed_json(&self) -> bool {
        self.first().kind == ErrorKind::MalformedJson
    }

    /// The problem reported for `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field.as_deref() == Some(field))
    }
}

impl fmt::Display for ClaimErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        write!(f, "the claim was not accepted: {}", messages.join("; "))
    }
}

impl std::error::Error for ClaimErrors {}

impl Serialize for ClaimErrors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Most items one claim may list.
pub const MAX_ITEMS: usize = 100;
/// Most pieces of one item.
pub const MAX_QUANTITY: u64 = 999;
/// Highest net price of one piece.
pub const MAX_NET_PRICE: f64 = 1_000_000.0;
/// Most characters of the customer's notes.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;

const FLOW_TYPE: TextRule = rule(64, "the flow type the customer picked");
const REASON: TextRule = rule(OPEN_VALUE_MAX_CHARS, "the reason");
const PREFERENCE: TextRule = rule(OPEN_VALUE_MAX_CHARS, "the resolution preference");
const DESCRIPTION: TextRule = TextRule {
    max_chars: MAX_DESCRIPTION_CHARS,
    multiline: true,
    what: "the customer's notes",
};
const LANGUAGE: TextRule = rule(35, "the customer's language");
const EMAIL: TextRule = rule(254, "the customer's email address (the order's email)");
const NAME: TextRule = rule(200, "the name");
const ORDER_NUMBER: TextRule = rule(100, "the shop's order number, e.g. \"#1001\"");
const CARRIER: TextRule = rule(100, "the carrier");
const TRACKING_NUMBER: TextRule = rule(100, "the tracking number");
const SHIPMENT_PHASE: TextRule = rule(64, "the shipment phase");
const CURRENCY: TextRule = rule(3, "the currency code, e.g. \"EUR\"");
const ADDRESS_LINE: TextRule = rule(200, "the street and number");
const ADDRESS_PART: TextRule = rule(200, "this part of the address");
const CITY: TextRule = rule(200, "the city");
const COUNTRY: TextRule = rule(2, "the two-letter country code, e.g. \"DE\"");
const SKU: TextRule = rule(100, "the SKU");
const TITLE: TextRule = rule(500, "the product title");

const fn rule(max_chars: usize, what: &'static str) -> TextRule {
    TextRule {
        max_chars,
        multiline: false,
        what,
    }
}

impl Claim {
    /// Parses and checks a submitted claim, reporting every problem with its JSON path.
    pub fn parse(json: &[u8]) -> Result<Claim, ClaimErrors> {
        let value = input::document(json, "the claim").map_err(|e| ClaimErrors(vec![e]))?;
        let mut reader = Reader::default();
        let claim = read_claim(&mut reader, &value);
        match claim {
            Some(claim) if reader.is_clean() => Ok(claim),
            _ => Err(ClaimErrors(reader.into_errors())),
        }
    }
}

/// Reads the whole claim; `None` when a required part is unusable. Keeps going after a problem
/// so that one answer lists them all.
fn read_claim(reader: &mut Reader, value: &Value) -> Option<Claim> {
    let map = reader.object(value, "")?;
    reader.only_known(
        map,
        "",
        &[
            "flow_type",
            "reason",
            "resolution_preference",
            "description",
            "language",
            "customer",
            "order",
            "items",
        ],
    );
    let flow_type = read_closed(reader, map, "", "flow_type", &FLOW_TYPE, true, |code| {
        FlowType::from_code(code).ok_or_else(|| format!("use one of {}", FlowType::codes()))
    });
    let reason = read_open(reader, map, "reason", &REASON).map(Reason);
    let resolution_preference =
        read_open(reader, map, "resolution_preference", &PREFERENCE).map(ResolutionPreference);
    let description = reader.text(map, "", "description", &DESCRIPTION, false);
    let language = read_closed(reader, map, "", "language", &LANGUAGE, false, |tag| {
        Language::from_tag(tag).ok_or_else(|| format!("use one of {}", Language::codes()))
    });
    let customer = read_required_object(reader, map, "", "customer", "the customer object")
        .and_then(|customer| read_customer(reader, customer));
    let order = read_required_object(reader, map, "", "order", "the order object")
        .and_then(|order| read_order(reader, order));
    let items = read_items(reader, map, flow_type);
    Some(Claim {
        flow_type: flow_type?,
        reason,
        resolution_preference,
        description,
        language,
        customer: customer?,
        order: order?,
        items: items?,
    })
}

/// A required nested object.
fn read_required_object<'v>(
    reader: &mut Reader,
    map: &'v Map<String, Value>,
    parent: &str,
    key: &str,
    what: &str,
) -> Option<&'v Map<String, Value>> {
    let field = input::join(parent, key);
    match map.get(key) {
        None | Some(Value::Null) => {
            reader.missing(&field, what);
            None
        }
        Some(value) => reader.object(value, &field),
    }
}

/// A text field whose value must come from a closed set; `pick` says which or what to use.
fn read_closed<T>(
    reader: &mut Reader,
    map: &Map<String, Value>,
    parent: &str,
    key: &str,
    rule: &TextRule,
    required: bool,
    pick: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let text = reader.text(map, parent, key, rule, required)?;
    match pick(&text) {
        Ok(value) => Some(value),
        Err(hint) => {
            let field = input::join(parent, key);
            reader.invalid(&field, format!("{field} {text:?} is not supported: {hint}"));
            None
        }
    }
}

/// A value of an open set (reason, resolution preference).
fn read_open(
    reader: &mut Reader,
    map: &Map<String, Value>,
    key: &str,
    rule: &TextRule,
) -> Option<String> {
    let text = reader.text(map, "", key, rule, false)?;
    if let Some(problem) = open_value_problem(key, &text) {
        reader.invalid(key, problem);
        return None;
    }
    Some(text)
}

fn read_customer(reader: &mut Reader, map: &Map<String, Value>) -> Option<Customer> {
    reader.only_known(map, "customer", &["email", "name"]);
    let email = reader.text(map, "customer", "email", &EMAIL, true);
    let email = email.filter(|email| {
        let options = Options::default()
            .with_required_tld()
            .without_domain_literal()
            .without_display_text();
        let valid = EmailAddress::parse_with_options(email, options).is_ok();
        if !valid {
            reader.invalid(
                "customer.email",
                format!(
                    "customer.email {email:?} is not an email address: send the order's email, \
                     e.g. \"jane@example.com\""
                ),
            );
        }
        valid
    });
    let name = reader.text(map, "customer", "name", &NAME, false);
    Some(Customer {
        email: email?,
        name,
    })
}

fn read_order(reader: &mut Reader, map: &Map<String, Value>) -> Option<Order> {
    const KNOWN: [&str; 6] = [
        "order_number",
        "carrier",
        "tracking_number",
        "shipment_phase",
        "currency",
        "address",
    ];
    reader.only_known(map, "order", &KNOWN);
    let order_number = reader.text(map, "order", "order_number", &ORDER_NUMBER, true);
    let carrier = reader.text(map, "order", "carrier", &CARRIER, false);
    let tracking_number = reader.text(map, "order", "tracking_number", &TRACKING_NUMBER, false);
    let shipment_phase = read_closed(
        reader,
        map,
        "order",
        "shipment_phase",
        &SHIPMENT_PHASE,
        false,
        |code| {
            ShipmentPhase::from_code(code)
                .ok_or_else(|| format!("use one of {}", ShipmentPhase::codes()))
        },
    );
    let currency = read_closed(reader, map, "order", "currency", &CURRENCY, false, |code| {
        letter_code(code, 3).ok_or_else(|| "use a three-letter ISO 4217 code such as EUR".into())
    });
    let address = match map.get("address") {
        None | Some(Value::Null) => None,
        Some(value) => reader
            .object(value, "order.address")
            .and_then(|address| read_address(reader, address)),
    };
    Some(Order {
        order_number: order_number?,
        carrier,
        tracking_number,
        shipment_phase,
        currency,
        address,
    })
}

/// `code` in upper case when it is exactly `length` ASCII letters.
fn letter_code(code: &str, length: usize) -> Option<String> {
    (code.len() == length && code.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| code.to_ascii_uppercase())
}

fn read_address(reader: &mut Reader, map: &Map<String, Value>) -> Option<Address> {
    const PARENT: &str = "order.address";
    reader.only_known(
        map,
        PARENT,
        &[
            "name",
            "line1",
            "line2",
            "postal_code",
            "city",
            "region",
            "country",
        ],
    );
    let name = reader.text(map, PARENT, "name", &NAME, false);
    let line1 = reader.text(map, PARENT, "line1", &ADDRESS_LINE, true);
    let line2 = reader.text(map, PARENT, "line2", &ADDRESS_PART, false);
    let postal_code = reader.text(map, PARENT, "postal_code", &ADDRESS_PART, false);
    let city = reader.text(map, PARENT, "city", &CITY, true);
    let region = reader.text(map, PARENT, "region", &ADDRESS_PART, false);
    let country = read_closed(reader, map, PARENT, "country", &COUNTRY, true, |code| {
        letter_code(code, 2).ok_or_else(|| "use a two-letter ISO 3166-1 code such as DE".to_owned())
    });
    Some(Address {
        name,
        line1: line1?,
        line2,
        postal_code,
        city: city?,
        region,
        country: country?,
    })
}

fn read_items(
    reader: &mut Reader,
    map: &Map<String, Value>,
    flow_type: Option<FlowType>,
) -> Option<Vec<Item>> {
    let entries: &[Value] = match map.get("items") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            reader.wrong_type("items", "a list of items", other);
            return None;
        }
    };
    if entries.len() > MAX_ITEMS {
        reader.invalid(
            "items",
            format!(
                "items lists {} items: send at most {MAX_ITEMS} per claim",
                entries.len()
            ),
        );
        return None;
    }
    if entries.is_empty() {
        if let Some(flow) = flow_type.filter(|flow| flow.needs_items()) {
            reader.missing(
                "items",
                &format!("at least one affected item (a claim of flow type {flow} names the items it concerns)"),
            );
            return None;
        }
    }
    let mut items = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let path = format!("items[{index}]");
        if let Some(item) = reader
            .object(entry, &path)
            .and_then(|item| read_item(reader, item, &path))
        {
            items.push(item);
        }
    }
    (items.len() == entries.len()).then_some(items)
}

fn read_item(reader: &mut Reader, map: &Map<String, Value>, path: &str) -> Option<Item> {
    reader.only_known(map, path, &["sku", "title", "quantity", "net_price"]);
    let sku = reader.text(map, path, "sku", &SKU, false);
    let title = reader.text(map, path, "title", &TITLE, true);
    let quantity = read_quantity(reader, map, path);
    let net_price = read_net_price(reader, map, path);
    Some(Item {
        sku,
        title: title?,
        quantity: quantity?,
        net_price: net_price?,
    })
}

fn read_quantity(reader: &mut Reader, map: &Map<String, Value>, path: &str) -> Option<u16> {
    let field = input::join(path, "quantity");
    let range = format!("a whole number from 1 to {MAX_QUANTITY}");
    match map.get("quantity") {
        None | Some(Value::Null) => {
            reader.missing(&field, "how many pieces are affected");
            None
        }
        Some(Value::Number(number)) => match number.as_u64() {
            Some(quantity @ 1..=MAX_QUANTITY) => Some(quantity as u16),
            _ => {
                reader.invalid(&field, format!("{field} is {number}: send {range}"));
                None
            }
        },
        Some(other) => {
            reader.wrong_type(&field, &range, other);
            None
        }
    }
}

/// `Some(None)` when absent, `None` when unusable.
fn read_net_price(
    reader: &mut Reader,
    map: &Map<String, Value>,
    path: &str,
) -> Option<Option<f64>> {
    let field = input::join(path, "net_price");
    let range = "a number from 0 to 1000000, e.g. 19.99";
    match map.get("net_price") {
        None | Some(Value::Null) => Some(None),
        Some(Value::Number(number)) => match number.as_f64() {
            Some(price) if (0.0..=MAX_NET_PRICE).contains(&price) => Some(Some(price)),
            _ => {
                reader.invalid(&field, format!("{field} is {number}: send {range}"));
                None
            }
        },
        Some(other) => {
            reader.wrong_type(&field, range, other);
            None
        }
    }
}

#[cfg(test)]
mod tests;
