// The server's refusals in the words of this page. The API speaks to programs ("send
// `Authorization: Bearer TOKEN`", "list them with GET /v1/…", "custom_fields.flow_type is 0", "or
// null for no logo"); a merchant reads a form. Known codes get a sentence written for the page;
// every other message keeps the server's advice with its JSON paths named as the page names them.
// Every message reads as one sentence: a capital first, a full stop last.

const BY_CODE = {
  unauthorized: "This key is not accepted (it was replaced, or part of it is missing): sign in again with your merchant key or the operator token",
  operator_only: "Only the operator can do this: ask your account manager",
  shop_not_found: "There is no shop with this slug for this key: check the shop slug",
  not_connected: "Gorgias is not connected yet: connect it under Gorgias above first",
  url_not_found: "This Help Center URL is no longer on the list (it was removed meanwhile): the list shows the current ones",
  url_exists: "This URL is already on your list of Help Center URLs",
  slug_taken: "A shop with this slug already exists: pick another slug",
  gorgias_not_available: "The Gorgias integration is not available for this shop yet: contact your account manager to have it enabled",
  claim_not_found: "This shop has no claim with that id: check the reference the customer was shown",
  internal: "Something went wrong on the server: try again in a moment, and tell the operator if it persists",
};

/** Refusals a person cannot fix from this page: the page itself sent something wrong. */
const PAGE_FAULTS = ["not_found", "method_not_allowed", "unsupported_media_type", "malformed_json", "invalid_body", "payload_too_large"];
const PAGE_FAULT = "The portal sent a request the server did not understand: reload the page and try again, and tell the operator if it persists";

/** JSON paths as the page's labels call them. */
const FIELD_WORDS = [
  [/\btags\.always\[(\d+)\]/g, (_, index) => `tag ${Number(index) + 1} of "Tags on every ticket"`],
  [/\btags\.always\b/g, '"Tags on every ticket"'],
  [/\bcustom_fields\.flow_type\b/g, 'the "Flow type" field id'],
  [/\bcustom_fields\.resolution_preference\b/g, 'the "Resolution preference" field id'],
  [/\bcustom_fields\.shipment_phase\b/g, 'the "Shipment phase" field id'],
  [/\baccent_color\b/g, "the accent colour"],
  [/\blogo_url\b/g, "the logo address"],
];

/** API phrasing that has a page equivalent. */
const PHRASES = [
  [/,? or null for no logo/g, ", or leave it empty for no logo"],
  [/,? or null for none/g, ", or leave it empty for none"],
  [/\brk_\.\.\./g, "rk_…"],
  [/`([^`]*)`/g, "$1"],
];

/** `text` as one sentence: capital first, a full stop last (unless it ends in ? or !). */
export function sentence(text) {
  const trimmed = String(text || "").trim();
  if (!trimmed) return "";
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.?!…]$/.test(capital) ? capital : `${capital}.`;
}

/** `text` to follow a colon: no full stop, lower case first unless it starts with a name. */
function clause(text) {
  const plain = String(text || "").trim().replace(/\.$/, "");
  const firstWord = plain.split(/[\s:,(]/)[0];
  const name = /^(Gorgias|Help|Resolve|I|[A-Z]{2,}.*)$/.test(firstWord);
  return name || !plain ? plain : plain[0].toLowerCase() + plain.slice(1);
}

/** The refusal's message for this page. */
export function pageWords(code, message) {
  if (BY_CODE[code]) return sentence(BY_CODE[code]);
  if (PAGE_FAULTS.includes(code)) return sentence(PAGE_FAULT);
  let words = String(message || "");
  for (const [pattern, replacement] of [...PHRASES, ...FIELD_WORDS]) words = words.replace(pattern, replacement);
  return sentence(words);
}

/** "What failed: why and what to do." from the page's own lead and a refusal. */
export function because(lead, error) {
  return sentence(`${lead}: ${clause(error.message)}`);
}
