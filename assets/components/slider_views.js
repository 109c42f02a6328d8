// Sliders whose every answer was computed by the server beforehand (pages/instant.py).
//
// `data` holds the sliders, one "view" per combination of their values (text and pictures;
// `views` is null for sliders that show only their values), and `version`, which the server
// raises when it sets the values itself (a link, a reset). Each slider has its `options` (the
// values sent back), their `labels` (what is shown) and `keys` (the options as the names of
// the views spell them, since 0.0 and 0 are one number to JavaScript but not to Python).
// Moving a slider swaps in its view at once, without asking the server. The values are sent
// back (setStateValue, one rerun of the fragment) only when the person lets go: on release
// of the pointer or when the slider loses focus, as Streamlit's own text inputs commit
// (let_go.js, which comes before this file).

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// **bold** is the only markup the views use.
const paragraphHtml = (text) => escapeHtml(text).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");

function build(root, data) {
  root.innerHTML = "";
  const controls = document.createElement("div");
  controls.className = "controls";
  for (const slider of data.sliders) {
    const field = document.createElement("label");
    field.className = "slider";
    field.innerHTML =
      `<span class="label"><span class="name"></span> <output></output></span>` +
      `<input type="range" name="${escapeHtml(slider.name)}">` +
      `<span class="ends"><span></span><span></span></span>`;
    field.querySelector(".name").textContent = slider.label;
    const ends = field.querySelectorAll(".ends span");
    ends[0].textContent = slider.labels[0];
    ends[1].textContent = slider.labels.at(-1);
    if (slider.help) field.title = slider.help;
    const input = field.querySelector("input");
    input.setAttribute("aria-label", slider.label); // the <output> would take the <label>
    // The input moves over the positions of the options, which need not be evenly spaced.
    Object.assign(input, { min: 0, max: slider.options.length - 1, step: 1 });
    controls.appendChild(field);
  }
  const view = document.createElement("div");
  view.className = "view";
  root.append(controls, view);
}

function show(root, data, values) {
  const keys = data.sliders.map((slider, index) => {
    const input = root.querySelector(`input[name="${CSS.escape(slider.name)}"]`);
    const position = slider.options.indexOf(values[index]);
    const label = slider.labels[position] ?? String(values[index]);
    input.value = position;
    input.setAttribute("aria-valuetext", label);
    input.closest("label").querySelector("output").textContent = label;
    return slider.keys[position];
  });
  if (!data.views) return; // sliders that show only their values
  const view = data.views[keys.join(",")];
  const target = root.querySelector(".view");
  const shown = `${keys.join(",")}|${JSON.stringify(view ?? null)}`;
  if (target.shown === shown) return; // a rerun that changed nothing: leave the page alone
  target.shown = shown;
  target.dataset.values = values.join(",");
  if (!view) {
    target.innerHTML = `<p class="warning">No view for ${escapeHtml(keys.join(", "))}.</p>`;
    return;
  }
  const html = [];
  if (view.warning) html.push(`<p class="warning">${paragraphHtml(view.warning)}</p>`);
  for (const text of view.paragraphs) html.push(`<p>${paragraphHtml(text)}</p>`);
  html.push(`<div class="pictures">`);
  view.pictures.forEach((picture) => {
    html.push(
      `<figure style="width:${picture.width}px"><img alt="${escapeHtml(picture.caption)}" ` +
        `src="${picture.src}" width="${picture.width}" height="${picture.height}">` +
        `<figcaption>${escapeHtml(picture.caption)}</figcaption></figure>`,
    );
  });
  (view.grids ?? []).forEach((grid, index) => {
    html.push(
      `<figure style="width:${grid.width}px"><canvas role="img" data-grid="${index}" ` +
        `class="${grid.numbers ? "numbers" : ""}" ` +
        `aria-label="${escapeHtml(grid.caption)}"></canvas>` +
        `<figcaption>${escapeHtml(grid.caption)}</figcaption></figure>`,
    );
  });
  html.push(`</div>`);
  target.innerHTML = html.join("");
  (view.grids ?? []).forEach((grid, index) => drawGrid(target.querySelector(`canvas[data-grid="${index}"]`), grid));
}

// Gray values computed by the server, one cell each; numbers printed in black or white,
// whichever reads better, with thin lines between cells (as pages.common.numbers_picture).
function drawGrid(canvas, grid) {
  const values = Uint8Array.from(atob(grid.values), (c) => c.charCodeAt(0));
  const scale = window.devicePixelRatio || 1;
  canvas.style.width = `${grid.width}px`;
  canvas.width = Math.round(grid.width * scale);
  canvas.height = Math.round(grid.height * scale);
  const cells = new ImageData(grid.cols, grid.rows);
  values.forEach((value, i) => cells.data.set([value, value, value, 255], 4 * i));
  const small = document.createElement("canvas");
  Object.assign(small, { width: grid.cols, height: grid.rows });
  small.getContext("2d").putImageData(cells, 0, 0);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  if (!grid.numbers) return;
  const cellWidth = canvas.width / grid.cols;
  const cellHeight = canvas.height / grid.rows;
  context.strokeStyle = "rgb(128, 128, 128)";
  context.lineWidth = scale;
  context.beginPath();
  for (let col = 1; col < grid.cols; col++) {
    context.moveTo(col * cellWidth, 0);
    context.lineTo(col * cellWidth, canvas.height);
  }
  for (let row = 1; row < grid.rows; row++) {
    context.moveTo(0, row * cellHeight);
    context.lineTo(canvas.width, row * cellHeight);
  }
  context.stroke();
  context.font = `${Math.max(8, Math.floor(Math.min(cellWidth, cellHeight) * 0.36))}px sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "middle";
  values.forEach((value, i) => {
    context.fillStyle = value > 140 ? "#000000" : "#ffffff";
    context.fillText(String(value), ((i % grid.cols) + 0.5) * cellWidth, (Math.floor(i / grid.cols) + 0.5) * cellHeight);
  });
}

const valuesOf = (root, data) =>
  data.sliders.map(
    (slider) => slider.options[Number(root.querySelector(`input[name="${CSS.escape(slider.name)}"]`).value)],
  );

// Listeners are added once per mounted root; they read the newest data and callbacks from it.
function listen(root) {
  root.addEventListener("input", () => show(root, root.latest.data, valuesOf(root, root.latest.data)));
  sendOnLetGo(root, () => valuesOf(root, root.latest.data)); // let_go.js
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".slider-views");
  if (!root) {
    root = document.createElement("div");
    root.className = "slider-views";
    parentElement.appendChild(root);
    listen(root);
  }
  root.latest = { data, setStateValue };
  if (root.dataset.version !== String(data.version) || root.dataset.sliders !== JSON.stringify(data.sliders)) {
    build(root, data);
    root.dataset.version = String(data.version);
    root.dataset.sliders = JSON.stringify(data.sliders);
    root.committed = data.values.join(",");
    show(root, data, data.values);
  } else {
    show(root, data, valuesOf(root, data)); // new views (another picture) for the values on screen
  }
}
