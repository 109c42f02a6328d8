// The 3 × 3 kernel lab (pages/sections/convolution/lab.py): nine weight sliders laid out as the
// kernel, the number every weight is divided by, and the filtered picture, redrawn in the
// browser as a weight or the divisor changes.
//
// The server sends the picture once, already padded by core (so every output pixel is a plain
// sum over a 3 × 3 window, Σ weight / divisor · pixel, the definition of
// core.convolution.correlate2d), and core's colour table; this file only adds up and colours,
// as core.convolution.display_image does (convolution_core.js, shared with the live camera).
// The weights and the divisor go back to Python when let go of (pointer released, focus moved
// away, Enter), one rerun that brings the words, the link and the other sections up to date.

const SIDE = 3;
const DIVISOR_STEP = 1; // as Streamlit's number field had it: −/+ and the arrow keys

const formatWeight = (value) => String(Math.round(value * 10) / 10);
// A divisor as typed, or stepped without binary fractions creeping in (2.1 + 1 = 3.1).
const formatDivisor = (value) => String(Number(value.toPrecision(12)));
// A plain decimal number ("4", "0.5", ".5", "1e3"), with a typographic minus read as "-".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function build(root, data) {
  root.innerHTML = `
    <div class="weights">
      <p class="heading"><strong>Weights</strong> (drag a slider)</p>
      <div class="grid"></div>
      <div class="divisor">
        <label>Divide every weight by</label>
        <div class="stepper">
          <input type="text" inputmode="decimal" role="spinbutton" name="conv_divisor"
            autocomplete="off" spellcheck="false">
          <button type="button" class="step" data-step="-1">−</button>
          <button type="button" class="step" data-step="1">+</button>
        </div>
        <p class="message" role="status"></p>
      </div>
    </div>
    <figure class="output"><canvas role="img"></canvas><figcaption></figcaption></figure>`;
  const grid = root.querySelector(".grid");
  for (let row = 0; row < SIDE; row++) {
    for (let col = 0; col < SIDE; col++) {
      const cell = document.createElement("label");
      cell.className = "weight";
      cell.innerHTML = `<output></output><input type="range" name="kernel_w_${row}_${col}">`;
      const input = cell.querySelector("input");
      Object.assign(input, { min: -data.limit, max: data.limit, step: data.step });
      input.setAttribute("aria-label", `Weight row ${row + 1}, column ${col + 1}`);
      grid.appendChild(cell);
    }
  }
  const field = divisorField(root);
  field.id = `conv-divisor-${Math.random().toString(36).slice(2)}`;
  root.querySelector(".divisor label").htmlFor = field.id;
  const [low, high] = data.divisorLimits;
  field.setAttribute("aria-valuemin", String(low));
  field.setAttribute("aria-valuemax", String(high));
  const [less, more] = root.querySelectorAll(".divisor .step");
  less.setAttribute("aria-label", `Divide by ${DIVISOR_STEP} less`);
  more.setAttribute("aria-label", `Divide by ${DIVISOR_STEP} more`);
}

const inputs = (root) => [...root.querySelectorAll(".grid input")];
const divisorField = (root) => root.querySelector(".divisor input");
const weightsOf = (root) => inputs(root).map((input) => Number(input.value));

function setWeights(root, weights) {
  inputs(root).forEach((input, index) => {
    input.value = weights[index];
    label(input);
  });
}

function label(input) {
  const text = formatWeight(Number(input.value));
  input.setAttribute("aria-valuetext", text);
  input.previousElementSibling.textContent = text;
}

// The divisor: root.divisor is the one the picture is drawn with, always within the limits
// (never 0); the field may hold text being typed that is not (yet) a divisor.
function showDivisor(root, divisor, { text = formatDivisor(divisor), message = "" } = {}) {
  const field = divisorField(root);
  const [low, high] = root.latest.data.divisorLimits;
  root.divisor = divisor;
  if (field.value !== text) field.value = text;
  field.setAttribute("aria-valuenow", String(divisor));
  field.setAttribute("aria-valuetext", formatDivisor(divisor));
  field.removeAttribute("aria-invalid");
  const [less, more] = root.querySelectorAll(".divisor .step");
  less.disabled = divisor - DIVISOR_STEP < low;
  more.disabled = divisor + DIVISOR_STEP > high;
  say(root, message);
}

function say(root, message) {
  root.querySelector(".divisor .message").textContent = message;
}

// What the text typed stands for: a number (perhaps beyond the limits), or NaN.
function typed(text) {
  const plain = text.trim().replace(/\u2212/g, "-");
  return NUMBER.test(plain) ? Number(plain) : NaN;
}

// While typing: a divisor within the limits is drawn at once; anything else waits for the
// letting go (see settle), and says what will happen then.
function typing(root) {
  const field = divisorField(root);
  const { divisorLimits: [low, high], divisorLimitsText: limits } = root.latest.data;
  const value = typed(field.value);
  if (value >= low && value <= high) {
    showDivisor(root, value, { text: field.value });
    return true;
  }
  field.setAttribute("aria-invalid", "true");
  const shown = formatDivisor(root.divisor);
  say(root, Number.isNaN(value)
    ? `Type a number ${limits}: the picture stays divided by ${shown}.`
    : `The divisor runs ${limits}: ${shortened(field.value.trim())} will be taken as ${formatDivisor(clamp(value, low, high))}.`);
  return false;
}

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
// Typed text repeated in a message, shortened if long (shown with textContent, never as HTML).
const shortened = (text) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

// Letting go of the field (Enter, the focus leaving): a number beyond the limits is taken as
// the nearest limit; anything else that is not a number gives the field back its divisor.
function settle(root) {
  const field = divisorField(root);
  if (!field.hasAttribute("aria-invalid")) {
    if (field.value !== formatDivisor(root.divisor)) showDivisor(root, root.divisor);
    return;
  }
  const { divisorLimits: [low, high], divisorLimitsText: limits } = root.latest.data;
  const value = typed(field.value);
  const text = shortened(field.value.trim());
  if (Number.isNaN(value)) {
    const message = text ? `“${text}” is not a number: the divisor stays ${formatDivisor(root.divisor)}.`
      : `The divisor cannot be empty: it stays ${formatDivisor(root.divisor)}.`;
    showDivisor(root, root.divisor, { message });
  } else {
    const divisor = clamp(value, low, high);
    showDivisor(root, divisor, { message: `The divisor runs ${limits}: ${text} was taken as ${formatDivisor(divisor)}.` });
  }
  draw(root, root.latest.data);
}

function step(root, direction) {
  const [low, high] = root.latest.data.divisorLimits;
  const divisor = Number((root.divisor + direction * DIVISOR_STEP).toPrecision(12));
  if (divisor < low || divisor > high) return; // as Streamlit's field: no step past a limit
  showDivisor(root, divisor);
  draw(root, root.latest.data);
}

function filtered(root, data, weights) {
  const kernel = weights.map((weight) => weight / root.divisor);
  return correlatePadded(data.pixels, data.rows, data.cols, kernel, SIDE);
}

function draw(root, data) {
  const weights = weightsOf(root);
  const canvas = root.querySelector("canvas");
  if (canvas.width !== data.cols || canvas.height !== data.rows) {
    Object.assign(canvas, { width: data.cols, height: data.rows }); // resizing clears it
  }
  const picture = new ImageData(colours(filtered(root, data, weights), data.scaling, data.table), data.cols, data.rows);
  canvas.getContext("2d").putImageData(picture, 0, 0);
  const own = weights.join(",") !== data.weights.join(",") || root.divisor !== data.divisor;
  const caption = own ? data.ownCaption : data.caption;
  canvas.setAttribute("aria-label", caption);
  root.querySelector("figcaption").textContent = caption;
  canvas.dataset.kernel = `${weights.join(",")}/${root.divisor}/${data.scaling}`; // marks the draw
  root.drawn = drawKey(root, data);
}

const drawKey = (root, data) => JSON.stringify(
  [weightsOf(root), root.divisor, data.scaling, data.caption, data.ownCaption, data.version]);

const valuesOf = (root) => [...weightsOf(root), root.divisor];

function listen(root) {
  root.addEventListener("input", (event) => {
    if (event.target.type === "range") label(event.target);
    else if (!typing(root)) return; // not a divisor (yet): the picture stays
    draw(root, root.latest.data);
  });
  // −/+ step when pressed, so that releasing the pointer (let_go.js) sends the new divisor;
  // from the keyboard (Enter, Space), when clicked.
  const press = (event) => {
    const button = event.target.closest("button.step");
    if (button && !button.disabled) step(root, Number(button.dataset.step));
  };
  root.addEventListener("pointerdown", (event) => { if (event.button === 0) press(event); });
  root.addEventListener("click", (event) => { if (event.detail === 0) press(event); });
  root.addEventListener("keydown", (event) => {
    if (event.target !== divisorField(root)) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault(); // the caret stays; the divisor steps
      settle(root); // text being typed is taken first, as on a letting go
      step(root, event.key === "ArrowUp" ? 1 : -1);
    } else if (event.key === "Enter") {
      settle(root); // before the keyup that sends it (let_go.js)
    }
  });
  // Before let_go.js's own focusout on the root, which sends the values.
  root.addEventListener("focusout", (event) => {
    if (event.target === divisorField(root)) settle(root);
  }, { capture: true });
  sendOnLetGo(root, () => valuesOf(root)); // let_go.js, which comes before this file
}

export default function (component) {
  const { data: sent, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".kernel-lab");
  if (!root) {
    root = document.createElement("div");
    root.className = "kernel-lab";
    parentElement.appendChild(root);
    listen(root);
  }
  if (root.picture !== sent.picture) { // decoded once per picture
    root.picture = sent.picture;
    root.pixels = decode(sent.picture);
    root.table = decode(sent.table);
  }
  const data = { ...sent, pixels: root.pixels, table: root.table };
  root.latest = { data, setStateValue };
  if (root.dataset.version !== String(data.version)) {
    if (!root.querySelector(".grid")) build(root, data);
    setWeights(root, data.weights);
    // The divisor it already shows (its own letting go, told back) keeps any message about it.
    if (root.divisor !== data.divisor || divisorField(root).hasAttribute("aria-invalid")) {
      showDivisor(root, data.divisor);
    }
    root.dataset.version = String(data.version);
    root.committed = valuesOf(root).join(","); // as the sliders hold them (0.1 steps)
  }
  // A rerun that changed nothing (the let-go's own) leaves the picture alone.
  if (root.drawn !== drawKey(root, data) || root.drawnPicture !== data.picture) {
    root.drawnPicture = data.picture;
    draw(root, data);
  }
}
