// Small view helpers every panel uses. Data from the server is only ever set with textContent.

export const $ = (id) => document.getElementById(id);

export function show(id, visible) {
  $(id).hidden = !visible;
}

export function text(id, value) {
  $(id).textContent = value === null || value === undefined || value === "" ? "" : String(value);
}

/** A moment for people, once: local date and time (the exact value goes in a tooltip). */
export function when(iso) {
  if (!iso) return "never";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** Shows a moment in element `id`, with the exact time as its tooltip; `empty` when there is none. */
export function showWhen(id, iso, empty = "never") {
  const node = $(id);
  node.textContent = iso ? when(iso) : empty;
  if (iso) node.title = iso;
  else node.removeAttribute("title");
}

/** "1 claim", "2 claims": `count` with the noun in the right number. */
export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Clears the error texts, success notes and invalid marks inside one container. */
export function clearErrors(container) {
  for (const node of container.querySelectorAll(".field-error, .form-error, .success")) node.textContent = "";
  for (const node of container.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

/**
 * Puts a refusal's message next to the field it names (`data-error-for`), marks that input and
 * focuses it; without a field (or a place for it) the message goes to the form's general line.
 * `fieldFor` maps codes to fields for the few refusals the server sends without one.
 */
export function showError(container, formErrorId, error, fieldFor) {
  const field = error.field || (fieldFor && fieldFor[error.code]);
  const target = field ? container.querySelector(`[data-error-for="${CSS.escape(field)}"]`) : null;
  if (target) {
    target.textContent = error.message;
    const input = container.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  } else {
    text(formErrorId, error.message);
  }
}

/**
 * Wires a destructive button `id` to ask first: clicking it shows `{id}-confirm-box` (with the
 * real `{id}-confirm` button and `{id}-cancel`) in its place; cancelling puts it back.
 */
export function askFirst(id) {
  $(id).addEventListener("click", () => {
    show(id, false);
    show(`${id}-confirm-box`, true);
    $(`${id}-cancel`).focus();
  });
  $(`${id}-cancel`).addEventListener("click", () => {
    show(`${id}-confirm-box`, false);
    show(id, true);
    $(id).focus();
  });
}

export function setBusy(button, busy) {
  button.disabled = busy;
  button.setAttribute("aria-busy", busy ? "true" : "false");
}

export function globalError(message) {
  text("global-error", message);
  show("global-error", !!message);
}

export function button(label, testid, className, onClick, ariaLabel) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = className;
  node.textContent = label;
  node.setAttribute("data-testid", testid);
  if (ariaLabel) node.setAttribute("aria-label", ariaLabel);
  node.addEventListener("click", onClick);
  return node;
}

/** A table cell holding a node, or text (`–` for nothing). */
export function cell(value) {
  const td = document.createElement("td");
  if (value instanceof Node) td.append(value);
  else td.textContent = value === null || value === undefined ? "–" : String(value);
  return td;
}

/** The value of `<meta name=…>`; a placeholder the server left unreplaced counts as empty. */
export function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  const value = el ? el.getAttribute("content") || "" : "";
  return value.startsWith("__") ? "" : value;
}

/** Copies an input's value, or selects it and says how when the browser does not allow it. */
export async function copyInput(input, resultId, what) {
  try {
    await navigator.clipboard.writeText(input.value);
    text(resultId, "Copied to the clipboard.");
  } catch {
    input.focus();
    input.select();
    text(resultId, `The browser did not allow copying: the ${what} is selected, press Ctrl+C (⌘C on a Mac).`);
  }
}
