// Who is signed in, kept in this tab only (sessionStorage). The entry module owns the session;
// this module only reads and writes its stored copy.

const SESSION_KEY = "resolve-portal-session";

/** `{token, role: "merchant"|"operator", slug}` stored for this tab, or null. */
export function readSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    return stored && typeof stored.token === "string" && stored.token ? stored : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** A merchant key starts with `rk_`; anything else is tried as the operator token. */
export function roleOf(token) {
  return token.startsWith("rk_") ? "merchant" : "operator";
}
