// Number fields that answer in the browser (pages/instant_number.py), shared by the components
// that draw them (number_field.js: fields alone; softmax_scores.js: scores and their softmax).
//
// `data.fields` holds each field's `name`, `label`, limits (`low`, `high`), `step` and
// `decimals` (null: any number); `data.values` the values Python holds, taken when
// `data.version` changes (a preset, a link). ↑ / ↓ (PageUp / PageDown: ten steps) and the
// − / + buttons step the value, typing sets it; each change is checked here (a number, within
// the limits, rounded to the field's decimals) and shown at once: a value outside the limits is
// clamped, text that is no number leaves the last value in place, each with a message under the
// field. The values go back to Python (setStateValue "values", one rerun) only when the person
// lets go: Enter, or the focus leaving the component, with the mark pages.instant.new_commit
// reads (as let_go.js sends a slider's). Nothing typed is ever read as HTML: text goes in by
// textContent.

const MINUS = "\u2212";
const QUOTED_AT_MOST = 24; // characters of a bad entry quoted in its message

// A number as the page writes it in words: "−1000", "4.6", "1,000,000" (grouped by thousands
// from five digits on, so a seed or score limit such as 9999 or 1000 reads as typed; String()
// never writes "-0").
const numberWords = (value) =>
  (Math.abs(value) >= 10000 ? value.toLocaleString("en-US", { maximumFractionDigits: 12 }) : String(value + 0))
    .replace("-", MINUS);

// Thousands written as the page writes them: "1,000", "12,345.5" (a first group of one to three
// digits, not starting with 0, then groups of three).
const GROUPED = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$/;

// The number typed, NaN if the text is none: digits with an optional sign (−, the Unicode
// minus, too), thousands grouped by commas, a decimal point or comma and exponent. No "NaN",
// "Infinity" or "0x10", which Number() would read; a huge number ("1e999") is Infinity,
// clamped like any out of range.
function typedNumber(text) {
  const signed = text.trim().replaceAll(MINUS, "-");
  const cleaned = GROUPED.test(signed)
    ? signed.replaceAll(",", "")
    : signed.replace(/^([+-]?\d*),(\d*)$/, "$1.$2");
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned) ? Number(cleaned) : NaN;
}

// A field with no `decimals` (null) holds any number, to 12 significant digits, so that a step
// lets no binary fraction creep in (2.1 + 1 = 3.1) and the text is the number as typed.
const written = (field, value) =>
  field.decimals == null ? value.toPrecision(12) : value.toFixed(field.decimals);

// `number` as the field holds it: rounded to its decimals, within its limits.
function heldNumber(field, number) {
  const clamped = Math.min(Math.max(number, field.low), field.high);
  return Number(written(field, clamped)) + 0; // + 0: no -0
}

const fieldText = (field, value) =>
  field.decimals == null ? String(Number(written(field, value))) : written(field, value);
const limitsWords = (field) => `from ${numberWords(field.low)} to ${numberWords(field.high)}`;
const quoted = (text) =>
  `“${text.length > QUOTED_AT_MOST ? `${text.slice(0, QUOTED_AT_MOST)}…` : text}”`;

function buildFields(root, data) {
  const fields = document.createElement("div");
  fields.className = "number-fields";
  data.fields.forEach((field, index) => {
    const box = document.createElement("div");
    box.className = "number-field";
    box.innerHTML =
      `<label class="label"></label>` +
      `<div class="box"><input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" role="spinbutton">` +
      `<button type="button" class="step" tabindex="-1" data-by="-1">${MINUS}</button>` +
      `<button type="button" class="step" tabindex="-1" data-by="1">+</button></div>` +
      `<p class="message" aria-live="polite"></p>`;
    const input = box.querySelector("input");
    input.id = `number-field-${index}`;
    input.name = field.name;
    input.dataset.index = String(index);
    box.querySelector("label").htmlFor = input.id;
    box.querySelector("label").textContent = field.label;
    input.setAttribute("aria-valuemin", String(field.low));
    input.setAttribute("aria-valuemax", String(field.high));
    const [down, up] = box.querySelectorAll("button");
    down.setAttribute("aria-label", `${field.label}: one step down`);
    up.setAttribute("aria-label", `${field.label}: one step up`);
    if (field.help) { // a "?" beside the label, its words on hover, as Streamlit's help
      const help = document.createElement("span");
      help.className = "help";
      help.textContent = "?";
      help.title = field.help;
      help.setAttribute("aria-label", field.help);
      help.setAttribute("role", "img");
      box.querySelector("label").after(help);
    }
    fields.appendChild(box);
  });
  const view = document.createElement("div");
  view.className = "view";
  root.replaceChildren(fields, view);
}

const inputAt = (root, index) => root.querySelectorAll(".number-field input")[index];

function say(root, index, message) {
  const input = inputAt(root, index);
  input.closest(".number-field").querySelector(".message").textContent = message;
  input.toggleAttribute("aria-invalid", Boolean(message));
}

// Field `index` holds `value` (already checked): its text (unless the person is typing it),
// the values, and the view, redrawn at once.
function setValue(root, index, value, { text = true } = {}) {
  const { data } = root.latest;
  const input = inputAt(root, index);
  root.values[index] = value;
  if (text) input.value = fieldText(data.fields[index], value);
  input.setAttribute("aria-valuenow", String(value));
  root.dataset.values = root.values.join(",");
  root.show?.(root.querySelector(".view"), data, root.values);
}

function step(root, index, by) {
  const field = root.latest.data.fields[index];
  say(root, index, "");
  setValue(root, index, heldNumber(field, root.values[index] + by * field.step));
}

// Typing: a number is taken at once (clamped and rounded, with a message if it had to be);
// anything else keeps the last value until the person types one.
function typed(root, index) {
  const field = root.latest.data.fields[index];
  const text = inputAt(root, index).value;
  const number = typedNumber(text);
  if (Number.isNaN(number)) {
    say(root, index, `Type a number ${limitsWords(field)}; until then it stays ${numberWords(root.values[index])}.`);
    return;
  }
  const value = heldNumber(field, number);
  const outside = number < field.low || number > field.high;
  say(root, index, outside
    ? `${quoted(text.trim())} is outside ${numberWords(field.low)} to ${numberWords(field.high)}: it counts as ${numberWords(value)}.`
    : value !== number ? `Rounded to ${numberWords(value)}.` : "");
  setValue(root, index, value, { text: false });
}

// Leaving a field writes its value back as the field shows values ("4.6" for "4.60", the
// clamped value for "5000", the last value for "abc").
function tidy(root, index) {
  const field = root.latest.data.fields[index];
  const input = inputAt(root, index);
  const shown = fieldText(field, root.values[index]);
  if (input.value === shown) return;
  if (Number.isNaN(typedNumber(input.value))) {
    say(root, index, `${quoted(input.value.trim())} is not a number: it stays ${numberWords(root.values[index])}.`);
  }
  input.value = shown;
}

function commit(root) {
  const values = [...root.values];
  if (values.join(",") === root.committed) return;
  root.committed = values.join(",");
  root.latest.setStateValue("values", { values, commit: `${Date.now()}-${Math.random()}` });
}

const indexOf = (element) => {
  const input = element?.closest?.(".number-field")?.querySelector("input");
  return input ? Number(input.dataset.index) : -1;
};

// Listeners are added once per mounted root; they read the newest data from root.latest.
function listenToFields(root) {
  root.addEventListener("keydown", (event) => {
    const index = indexOf(event.target);
    if (index < 0 || event.target.tagName !== "INPUT") return;
    const by = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[event.key];
    if (by) {
      event.preventDefault();
      step(root, index, by);
    } else if (event.key === "Enter") {
      tidy(root, index);
      commit(root);
    }
  });
  root.addEventListener("input", (event) => {
    const index = indexOf(event.target);
    if (index >= 0) typed(root, index);
  });
  // − / +: the focus goes to (or stays in) the field, so leaving it later lets go.
  root.addEventListener("mousedown", (event) => {
    if (event.target.closest?.("button.step")) event.preventDefault();
  });
  root.addEventListener("click", (event) => {
    const button = event.target.closest?.("button.step");
    if (!button) return;
    const index = indexOf(button);
    inputAt(root, index).focus();
    step(root, index, Number(button.dataset.by));
  });
  root.addEventListener("focusout", (event) => {
    const index = indexOf(event.target);
    if (index >= 0) tidy(root, index);
    if (!root.contains(event.relatedTarget)) commit(root); // the focus left the component
  });
}

// The component's entry: `className` names its root; `show(view, data, values)` draws what
// depends on the values into the view below the fields, on every change.
function mountNumberFields(component, className, show = null) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(`.${className}`);
  if (!root) {
    root = document.createElement("div");
    root.className = `${className} number-fields-root`;
    parentElement.appendChild(root);
    listenToFields(root);
  }
  root.latest = { data, setStateValue };
  root.show = show;
  const fields = JSON.stringify(data.fields);
  if (root.dataset.fields !== fields) {
    buildFields(root, data);
    root.dataset.fields = fields;
    root.dataset.version = ""; // new fields take Python's values
  }
  if (root.dataset.version !== String(data.version)) {
    root.dataset.version = String(data.version);
    root.values = [...data.values];
    root.committed = data.values.join(",");
    data.values.forEach((value, index) => {
      say(root, index, "");
      setValue(root, index, value);
    });
  } else {
    show?.(root.querySelector(".view"), data, root.values); // new data for the values on screen
  }
}
