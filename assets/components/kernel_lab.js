// The 3 × 3 kernel lab (pages/convolution.py): nine weight sliders laid out as the kernel, and
// the filtered picture, redrawn in the browser as a weight moves.
//
// The server sends the picture once, already padded by core (so every output pixel is a plain
// sum over a 3 × 3 window, Σ weight · pixel, the definition of core.convolution.correlate2d),
// and core's colour table; this file only adds up and colours, as core.convolution.display_image
// does (convolution_core.js, shared with the live camera). The weights go back to Python when a slider is let go (pointer released, focus moved
// away, Enter), one rerun that brings the words, the link and the other sections up to date.

const SIDE = 3;

const formatWeight = (value) => String(Math.round(value * 10) / 10);

function build(root, data) {
  root.innerHTML = `
    <div class="weights">
      <p class="heading"><strong>Weights</strong> (drag a slider)</p>
      <div class="grid"></div>
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
}

const inputs = (root) => [...root.querySelectorAll(".grid input")];
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

function filtered(data, weights) {
  const kernel = weights.map((weight) => weight / data.divisor);
  return correlatePadded(data.pixels, data.rows, data.cols, kernel, SIDE);
}

function draw(root, data) {
  const weights = weightsOf(root);
  const canvas = root.querySelector("canvas");
  if (canvas.width !== data.cols || canvas.height !== data.rows) {
    Object.assign(canvas, { width: data.cols, height: data.rows }); // resizing clears it
  }
  const picture = new ImageData(colours(filtered(data, weights), data.scaling, data.table), data.cols, data.rows);
  canvas.getContext("2d").putImageData(picture, 0, 0);
  const own = weights.join(",") !== data.weights.join(",");
  const caption = own ? data.ownCaption : data.caption;
  canvas.setAttribute("aria-label", caption);
  root.querySelector("figcaption").textContent = caption;
  canvas.dataset.kernel = `${weights.join(",")}/${data.divisor}/${data.scaling}`; // marks the draw
  root.drawn = drawKey(weights, data);
}

const drawKey = (weights, data) =>
  JSON.stringify([weights, data.divisor, data.scaling, data.caption, data.ownCaption, data.version]);

function listen(root) {
  root.addEventListener("input", (event) => {
    label(event.target);
    draw(root, root.latest.data);
  });
  sendOnLetGo(root, () => weightsOf(root)); // let_go.js, which comes before this file
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
    root.dataset.version = String(data.version);
    root.committed = weightsOf(root).join(","); // as the sliders hold them (0.1 steps)
  }
  // A rerun that changed nothing (the let-go's own) leaves the picture alone.
  if (root.drawn !== drawKey(weightsOf(root), data) || root.drawnPicture !== data.picture) {
    root.drawnPicture = data.picture;
    draw(root, data);
  }
}
