// The one way the portal talks to the Resolve server. It owns two things no panel repeats: the
// bearer token, and the error shape of every refusal, `{"error": {"code", "message", "field"}}`
// (docs/api.md, "Errors"). Every call resolves, never throws: network failures and answers
// without an error body become the same shape, with a message a person can act on, in the words
// of the page (wording.js); the server's own text stays in `serverMessage`.

import { pageWords, sentence } from "./wording.js";

/**
 * A refusal as panels see it: `code` and `message` always, `field` (a JSON path of the request
 * body, e.g. `"email"` or `"custom_fields.flow_type"`) when the server named one.
 */
function refusal(code, message, field, serverMessage = message) {
  const error = { code, message, serverMessage };
  if (typeof field === "string" && field) error.field = field;
  return error;
}

/** The refusal an answer carries, or one written here when its body did not say. */
export function errorOf(status, statusText, data) {
  const error = data && typeof data === "object" ? data.error : null;
  if (error && typeof error === "object" && typeof error.message === "string" && error.message) {
    const code = typeof error.code === "string" ? error.code : `http_${status}`;
    return refusal(code, pageWords(code, error.message), error.field, error.message);
  }
  return refusal(`http_${status}`, sentence(`The server answered ${status} ${statusText || ""}`.trim() + " without an explanation: try again, and tell the operator if it persists"));
}

/** The API path of one shop, or of something under it (`suffix` starts with `/`). */
export function shopPath(slug, suffix = "") {
  return `/v1/shops/${encodeURIComponent(slug)}${suffix}`;
}

/**
 * A client for one caller. `token` is sent as `Authorization: Bearer`; `onUnauthorized(error)`
 * runs when the server answers 401 to it (the key was replaced or mistyped). A client never
 * changes: signing in as someone else makes a new one.
 */
export function createClient({ base, token = "", onUnauthorized = () => {} }) {
  const root = String(base || "").replace(/\/+$/, "");

  /** Resolves to `{ok, status, data, error}`; `error` is null exactly when `ok`. */
  async function request(method, path, body) {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(root + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch {
      return {
        ok: false,
        status: 0,
        data: null,
        error: refusal("network", `Could not reach the Resolve server at ${root}. Check that it is running and that you are online, then try again.`),
      };
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (response.ok) return { ok: true, status: response.status, data, error: null };
    const error = errorOf(response.status, response.statusText, data);
    if (response.status === 401 && token) onUnauthorized(error);
    return { ok: false, status: response.status, data, error };
  }

  return {
    base: root,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
    put: (path, body) => request("PUT", path, body),
    patch: (path, body) => request("PATCH", path, body),
    delete: (path) => request("DELETE", path),
  };
}
