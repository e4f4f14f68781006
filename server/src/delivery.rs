//! Delivering one claim: from a leased queue entry to exactly one Gorgias ticket.
//!
//! The steps, each paced per Gorgias account:
//! 1. `GET /api/tickets?external_id=resolve-claim:{id}`: a ticket from an earlier attempt whose
//!    answer never reached our database (crash, timeout after Gorgias created it) is taken as is,
//!    so a claim never becomes two tickets.
//! 2. `POST /api/upload?type=attachment` once per photo and signature, in parallel. Each upload
//!    is recorded against its file as soon as Gorgias answers, so a later attempt (after the
//!    ticket call failed, or another upload did) uploads only the files without one and attaches
//!    the recorded ones, in the claim's file order. Uploads to another Gorgias account (the
//!    merchant reconnected elsewhere) are not reused.
//! 3. `POST /api/tickets` with [`TicketDraft::compose`]; Gorgias finds or creates the customer by
//!    `customer.email`, so no customer call is needed.
//!
//! That is at most `2 + files` calls per attempt. The outcome says what the queue does next.

use std::time::Duration;

use futures_util::future::join_all;
use resolve_claims::{Attachment, Claim, Mapping, TicketDraft};
use serde_json::json;

use crate::domain::{AgentEmail, GorgiasApiKey, GorgiasEndpoint};
use crate::gorgias::{Credentials, GorgiasClient, GorgiasError};
use crate::store::{Integration, Store, StoreError, StoredFile, Upload};
use crate::vault::{Sealed, Vault};

/// A problem worth showing the merchant: `{"code", "message", "at"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable snake_case code.
    pub code: &'static str,
    /// What happened and what to do.
    pub message: String,
}

impl Problem {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The JSON text stored as `last_error`, stamped with the current time.
    pub fn to_json(&self) -> String {
        json!({"code": self.code, "message": self.message, "at": crate::store::now()}).to_string()
    }
}

/// What became of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The ticket exists: created now, or found from an earlier attempt.
    Delivered {
        /// Gorgias ticket id.
        ticket_id: u64,
        /// `{endpoint}/app/ticket/{id}`.
        ticket_url: String,
    },
    /// A passing failure: try again after the backoff, and not before `at_least`.
    Retry {
        /// Why.
        problem: Problem,
        /// What Gorgias asked for with `Retry-after`.
        at_least: Duration,
    },
    /// Gorgias refused the ticket itself; retrying the same ticket cannot help.
    Failed(Problem),
    /// The merchant has to act first (integration off, missing, not available).
    Waiting(Problem),
    /// Gorgias refused the credentials: the integration needs reconnecting.
    CredentialsRefused {
        /// `auth_failed` or `forbidden`.
        status: &'static str,
        /// What to do.
        problem: Problem,
        /// Nonce of the sealed key that was refused, so newer credentials are not marked.
        nonce: Vec<u8>,
    },
}

/// What a delivery needs from the application.
#[derive(Debug, Clone)]
pub struct Courier {
    /// The database.
    pub store: Store,
    /// Opens sealed API keys.
    pub vault: std::sync::Arc<Vault>,
    /// Calls Gorgias.
    pub gorgias: GorgiasClient,
}

/// Where the merchant fixes the connection.
const SETTINGS: &str = "Settings → Integrations → Gorgias";

impl Courier {
    /// Attempts to deliver claim `claim_id` of shop `shop_id`; `integration` is the shop's
    /// Gorgias integration as it is now.
    pub async fn deliver(
        &self,
        claim_id: &str,
        shop_id: i64,
        gorgias_available: bool,
        integration: Option<&Integration>,
    ) -> anyhow::Result<Outcome> {
        let Some(integration) = integration else {
            return Ok(Outcome::Waiting(Problem::new(
                "not_connected",
                format!("Gorgias is not connected for this shop: the claim waits until Gorgias is connected in {SETTINGS}"),
            )));
        };
        if !gorgias_available {
            return Ok(Outcome::Waiting(Problem::new(
                "gorgias_not_available",
                "the Gorgias integration is not available for this shop: the claim waits; contact your account manager",
            )));
        }
        if !integration.enabled {
            return Ok(Outcome::Waiting(Problem::new(
                "integration_disabled",
                format!("the Gorgias integration is switched off: the claim waits until it is switched on in {SETTINGS}"),
            )));
        }
        if integration.status != "connected" {
            return Ok(Outcome::Waiting(credentials_problem(&integration.status)));
        }
        let body = self
            .store
            .claim_body(claim_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("claim {claim_id} vanished"))?;
        let claim = match Claim::parse(body.as_bytes()) {
            Ok(claim) => claim,
            Err(errors) => {
                return Ok(Outcome::Failed(Problem::new(
                    "invalid_claim",
                    format!(
                    "the stored claim no longer passes the claim rules ({errors}); submit it again"
                ),
                )))
            }
        };
        let api_key = self.vault.open(
            shop_id,
            &Sealed {
                ciphertext: integration.api_key_ciphertext.clone(),
                nonce: integration.api_key_nonce.clone(),
            },
        )?;
        let (Ok(endpoint), Ok(email), Ok(api_key)) = (
            GorgiasEndpoint::parse(&integration.endpoint, true),
            AgentEmail::parse(&integration.email),
            GorgiasApiKey::parse(api_key.expose()),
        ) else {
            return Ok(Outcome::Waiting(credentials_problem("auth_failed")));
        };
        let credentials = Credentials {
            endpoint: &endpoint,
            email: &email,
            api_key: &api_key,
        };
        let ticket = match self.send(&credentials, claim_id, &claim, integration).await {
            Ok(ticket) => ticket,
            Err(error) => return Ok(outcome_of(error, integration)),
        };
        Ok(Outcome::Delivered {
            ticket_id: ticket,
            ticket_url: format!("{}/app/ticket/{ticket}", endpoint.as_str()),
        })
    }

    /// Finds or creates the ticket; answers its id.
    async fn send(
        &self,
        credentials: &Credentials<'_>,
        claim_id: &str,
        claim: &Claim,
        integration: &Integration,
    ) -> Result<u64, GorgiasError> {
        let external_id = resolve_claims::ticket::external_id(claim_id);
        if let Some(existing) = self.gorgias.find_ticket(credentials, &external_id).await? {
            tracing::info!(
                claim = claim_id,
                ticket = existing.id,
                "ticket already in gorgias"
            );
            return Ok(existing.id);
        }
        let files = self
            .store
            .claim_files(claim_id, credentials.endpoint.as_str())
            .await
            .map_err(database)?;
        // Every upload runs to its end even when another one fails: one cut short after Gorgias
        // stored the file would be recorded nowhere and uploaded again by the next attempt.
        let attachments = join_all(
            files
                .into_iter()
                .map(|file| self.attach(credentials, claim_id, file)),
        )
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
        // A damaged stored mapping must not stop tickets: the defaults still tag them usefully.
        let mapping = Mapping::parse(integration.mapping.as_bytes()).unwrap_or_default();
        let draft = TicketDraft::compose(
            claim,
            claim_id,
            &mapping,
            attachments,
            claim.language.unwrap_or_default(),
        );
        let ticket = self.gorgias.create_ticket(credentials, &draft).await?;
        Ok(ticket.id)
    }

    /// The file's attachment: kept from an earlier attempt, or uploaded now and recorded at once.
    async fn attach(
        &self,
        credentials: &Credentials<'_>,
        claim_id: &str,
        file: StoredFile,
    ) -> Result<Attachment, GorgiasError> {
        let bytes = match file.upload {
            Upload::Kept(attachment) => return Ok(attachment),
            Upload::Pending(bytes) => bytes,
        };
        let attachment = self
            .gorgias
            .upload(credentials, &file.name, &file.content_type, bytes)
            .await?;
        self.store
            .record_upload(
                claim_id,
                file.position,
                credentials.endpoint.as_str(),
                &attachment,
            )
            .await
            .map_err(database)?;
        Ok(attachment)
    }
}

/// A database failure in the middle of an attempt: passing, so the claim is tried again.
fn database(error: StoreError) -> GorgiasError {
    GorgiasError::Unreachable(format!("database: {error}"))
}

fn credentials_problem(status: &str) -> Problem {
    match status {
        "forbidden" => Problem::new(
            "gorgias_forbidden",
            format!("Gorgias accepted the API key but its user may not create tickets: reconnect in {SETTINGS} with the key of an Admin or Agent user; waiting claims are sent then"),
        ),
        "unreachable" => Problem::new(
            "gorgias_unreachable",
            format!("Gorgias could not be reached when the connection was last checked: reconnect in {SETTINGS}; waiting claims are sent then"),
        ),
        _ => Problem::new(
            "gorgias_auth_failed",
            format!("Gorgias rejected the API key: reconnect in {SETTINGS} with the agent's email and a current REST API key; waiting claims are sent then"),
        ),
    }
}

fn outcome_of(error: GorgiasError, integration: &Integration) -> Outcome {
    match error {
        GorgiasError::AuthFailed => Outcome::CredentialsRefused {
            status: "auth_failed",
            problem: credentials_problem("auth_failed"),
            nonce: integration.api_key_nonce.clone(),
        },
        GorgiasError::Forbidden => Outcome::CredentialsRefused {
            status: "forbidden",
            problem: credentials_problem("forbidden"),
            nonce: integration.api_key_nonce.clone(),
        },
        GorgiasError::Refused { status, message } => Outcome::Failed(Problem::new(
            "gorgias_refused",
            format!("Gorgias refused the ticket (HTTP {status}): {message}. Check the mapping in {SETTINGS}, then retry the claim"),
        )),
        GorgiasError::RateLimited { retry_after } => Outcome::Retry {
            problem: Problem::new(
                "gorgias_rate_limited",
                format!("Gorgias asked to slow down (HTTP 429, retry after {} s): the claim is sent again automatically", retry_after.as_secs().max(1)),
            ),
            at_least: retry_after,
        },
        GorgiasError::AccountNotFound => Outcome::Retry {
            problem: Problem::new(
                "gorgias_account_not_found",
                format!("Gorgias answered that there is no account at {}: the claim is tried again; check the address in {SETTINGS}", integration.endpoint),
            ),
            at_least: Duration::ZERO,
        },
        GorgiasError::Unreachable(detail) => Outcome::Retry {
            problem: Problem::new(
                "gorgias_unreachable",
                format!("Gorgias could not be reached ({detail}): the claim is sent again automatically"),
            ),
            at_least: Duration::ZERO,
        },
    }
}
