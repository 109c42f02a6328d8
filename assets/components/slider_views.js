// Sliders whose every answer was computed by the server beforehand (pages/instant.py).
//
// `data` holds the sliders, one "view" per combination of their values (text and pictures),
// and `version`, which the server raises when it sets the values itself (a link, a reset).
// Moving a slider swaps in its view at once, without asking the server. The values are sent
// back (setStateValue, one rerun of the fragment) only when the person lets go: on release
// of the pointer or when the slider loses focus, as Streamlit's own text inputs commit.

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
      `<span class="ends"><span>${slider.options[0]}</span><span>${slider.options.at(-1)}</span></span>`;
    field.querySelector(".name").textContent = slider.label;
    if (slider.help) field.title = slider.help;
    const input = field.querySelector("input");
    // The input moves over the positions of the options, which need not be evenly spaced.
    Object.assign(input, { min: 0, max: slider.options.length - 1, step: 1 });
    controls.appendChild(field);
  }
  const view = document.createElement("div");
  view.className = "view";
  view.setAttribute("aria-live", "polite");
  root.append(controls, view);
}

function show(root, data, values) {
  const sliders = data.sliders;
  sliders.forEach((slider, index) => {
    const input = root.querySelector(`input[name="${CSS.escape(slider.name)}"]`);
    input.value = slider.options.indexOf(values[index]);
    input.setAttribute("aria-valuetext", String(values[index]));
    input.closest("label").querySelector("output").textContent = values[index];
  });
  const view = data.views[values.join(",")];
  const target = root.querySelector(".view");
  const shown = `${values.join(",")}|${JSON.stringify(view ?? null)}`;
  if (target.shown === shown) return; // a rerun that changed nothing: leave the page alone
  target.shown = shown;
  target.dataset.values = values.join(",");
  if (!view) {
    target.innerHTML = `<p class="warning">No view for ${escapeHtml(values.join(", "))}.</p>`;
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
  html.push(`</div>`);
  target.innerHTML = html.join("");
}

const valuesOf = (root, data) =>
  data.sliders.map(
    (slider) => slider.options[Number(root.querySelector(`input[name="${CSS.escape(slider.name)}"]`).value)],
  );

// Listeners are added once per mounted root; they read the newest data and callbacks from it.
function listen(root) {
  const commit = () => {
    const { data, setStateValue } = root.latest;
    const values = valuesOf(root, data);
    if (values.join(",") === root.committed) return;
    root.committed = values.join(",");
    setStateValue("values", values);
  };
  root.addEventListener("input", () => show(root, root.latest.data, valuesOf(root, root.latest.data)));
  root.addEventListener("pointerup", commit);
  root.addEventListener("keyup", (event) => { if (event.key === "Enter") commit(); });
  root.addEventListener("focusout", commit);
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
