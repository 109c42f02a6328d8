// The live camera (pages/live.py): the webcam's video and, beside it, the same video through a
// kernel, filtered here in the browser frame by frame; the face network's best square, boxed,
// when the page asks the server for it; and Freeze, which hands the frame to the other pages.
//
// Filtering follows core (convolution_core.js, which comes before this file): gray by the luma
// weights, the "mirror" border, Σ weight · pixel, then core.convolution.display_image's colours.
// Frames stay in this tab: only with "Find the face" on does one frame at a time go to the
// server (as a JPEG), and only Freeze keeps one there, as the chosen picture.

// The frame size and how often a frame may go to the server come from Python (the page's
// words quote the same values): set when the component is first built.
let WIDTH = 320;
let HEIGHT = 240;
let ANSWER_EVERY_MS = 350;
const ANSWER_TIMEOUT_MS = 5000; // an answer that never came: send the next frame anyway
const LUMA = [0.299, 0.587, 0.114]; // core.images.LUMA_WEIGHTS

function build(root, data) {
  [WIDTH, HEIGHT] = data.frameSize;
  ANSWER_EVERY_MS = data.answerEveryMs;
  root.innerHTML = `
    <div class="controls">
      <div class="presets" role="group" aria-label="Kernel"></div>
      <div class="own" hidden></div>
      <div class="scalings" role="group" aria-label="Colours of the filtered video"></div>
    </div>
    <div class="views">
      <figure class="camera">
        <div class="frame"><video muted playsinline></video><canvas class="box"></canvas></div>
        <figcaption class="camera-caption"></figcaption>
      </figure>
      <figure class="filtered">
        <canvas class="output" role="img"></canvas>
        <figcaption></figcaption>
      </figure>
    </div>
    <p class="status" role="status"></p>
    <div class="actions">
      <button type="button" class="freeze" disabled>${data.freezeLabel}</button>
      <span class="rates"></span>
    </div>`;
  const presets = root.querySelector(".presets");
  for (const preset of data.presets) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = preset.name;
    button.dataset.preset = preset.name;
    presets.appendChild(button);
  }
  const scalings = root.querySelector(".scalings");
  for (const [name, label] of Object.entries(data.scalings)) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.dataset.scaling = name;
    scalings.appendChild(button);
  }
  const own = root.querySelector(".own");
  for (let i = 0; i < 9; i++) {
    const cell = document.createElement("label");
    cell.innerHTML = `<output></output><input type="range" min="${-data.limit}" max="${data.limit}" step="${data.step}">`;
    cell.querySelector("input").setAttribute("aria-label", `Weight row ${Math.floor(i / 3) + 1}, column ${(i % 3) + 1}`);
    own.appendChild(cell);
  }
  Object.assign(root.querySelector(".output"), { width: WIDTH, height: HEIGHT });
  Object.assign(root.querySelector(".box"), { width: WIDTH, height: HEIGHT });
  root.grab = Object.assign(document.createElement("canvas"), { width: WIDTH, height: HEIGHT });
}

// The kernel now: a preset's weights, or the nine sliders of "Your own 3 × 3".
function kernelOf(root) {
  const { data } = root.latest;
  if (root.preset === data.ownName) {
    const weights = [...root.querySelectorAll(".own input")].map((input) => Number(input.value));
    return { weights, side: 3, name: data.ownName };
  }
  const preset = data.presets.find((p) => p.name === root.preset) || data.presets[0];
  return { weights: preset.weights, side: preset.side, name: preset.name };
}

function choose(root, { preset, scaling }) {
  const { data } = root.latest;
  if (preset !== undefined) {
    const previous = kernelOf(root);
    root.preset = preset;
    const own = preset === data.ownName;
    if (own && previous.side === 3) { // start your own from the kernel on screen
      root.querySelectorAll(".own input").forEach((input, i) => { input.value = previous.weights[i]; });
    }
    root.querySelector(".own").hidden = !own;
  }
  if (scaling !== undefined) root.scaling = scaling;
  for (const button of root.querySelectorAll("[data-preset]")) {
    button.setAttribute("aria-pressed", String(button.dataset.preset === root.preset));
  }
  for (const button of root.querySelectorAll("[data-scaling]")) {
    button.setAttribute("aria-pressed", String(button.dataset.scaling === root.scaling));
  }
  for (const input of root.querySelectorAll(".own input")) {
    input.previousElementSibling.textContent = String(Math.round(Number(input.value) * 10) / 10);
  }
}

function status(root, text) {
  root.querySelector(".status").textContent = text;
  root.dataset.status = text;
}

async function startCamera(root) {
  const { data } = root.latest;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status(root, data.messages.unsupported);
    root.dataset.camera = "unsupported";
    return;
  }
  status(root, data.messages.asking);
  try {
    root.stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: WIDTH }, height: { ideal: HEIGHT } },
      audio: false,
    });
  } catch (error) {
    const refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
    const missing = error && (error.name === "NotFoundError" || error.name === "OverconstrainedError");
    status(root, refused ? data.messages.refused : missing ? data.messages.missing : `${data.messages.failed} (${error && error.name})`);
    root.dataset.camera = refused ? "refused" : "failed";
    return;
  }
  const video = root.querySelector("video");
  video.srcObject = root.stream;
  await video.play().catch(() => {});
  root.dataset.camera = "on";
  status(root, data.messages.running);
  root.querySelector(".freeze").disabled = false;
  root.frames = [];
  root.answers = [];
  // Let the camera go once the page is left. Checked on a timer too: a browser may stop
  // calling back for a video that is no longer on the page.
  root.watch = setInterval(() => { if (!root.isConnected) stopCamera(root); }, 1000);
  const next = () => {
    if (!root.isConnected || !root.stream) return stopCamera(root); // the page was left
    filterFrame(root);
    maybeAsk(root);
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(next);
    else requestAnimationFrame(next);
  };
  next();
}

function stopCamera(root) {
  if (root.stream) root.stream.getTracks().forEach((track) => track.stop());
  root.stream = null;
  clearInterval(root.watch);
}

// The 4:3 middle of the video, drawn at 320 × 240 (a 16:9 camera loses its sides).
function drawFrame(video, canvas, width, height) {
  const sourceWidth = video.videoWidth, sourceHeight = video.videoHeight;
  const cropWidth = Math.min(sourceWidth, (sourceHeight * 4) / 3);
  const cropHeight = (cropWidth * 3) / 4;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, (sourceWidth - cropWidth) / 2, (sourceHeight - cropHeight) / 2, cropWidth, cropHeight, 0, 0, width, height);
  return context;
}

function filterFrame(root) {
  const video = root.querySelector("video");
  if (!video.videoWidth) return;
  const { data } = root.latest;
  const rgba = drawFrame(video, root.grab, WIDTH, HEIGHT).getImageData(0, 0, WIDTH, HEIGHT).data;
  const gray = root.gray && root.gray.length === WIDTH * HEIGHT ? root.gray : new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0, at = 0; i < gray.length; i++, at += 4) {
    gray[i] = rint(LUMA[0] * rgba[at] + LUMA[1] * rgba[at + 1] + LUMA[2] * rgba[at + 2]);
  }
  root.gray = gray;
  const kernel = kernelOf(root);
  root.padded = padMirror(gray, HEIGHT, WIDTH, kernel.side, root.padded);
  const values = correlatePadded(root.padded, HEIGHT, WIDTH, kernel.weights, kernel.side);
  root.rgba = colours(values, root.scaling, data.table, root.rgba);
  const output = root.querySelector(".output");
  output.getContext("2d").putImageData(new ImageData(root.rgba, WIDTH, HEIGHT), 0, 0);
  // What the browser tests compare with core: this frame's gray values and how it was filtered.
  root.lastFrame = { gray, weights: kernel.weights, side: kernel.side, scaling: root.scaling };
  const caption = `${kernel.name}, ${data.scalings[root.scaling].toLowerCase()}`;
  output.setAttribute("aria-label", caption);
  output.nextElementSibling.textContent = caption;
  const now = performance.now();
  root.dataset.filtered = String(Number(root.dataset.filtered || 0) + 1); // for benchmarks
  root.frames.push(now);
  while (root.frames.length && root.frames[0] < now - 2000) root.frames.shift();
  showRates(root);
}

function showRates(root) {
  const { data } = root.latest;
  const fps = root.frames.length / 2;
  root.dataset.fps = fps.toFixed(1);
  let text = `${fps.toFixed(0)} ${data.messages.framesPerSecond}`;
  if (data.findFaces) {
    const now = performance.now();
    while (root.answers.length && root.answers[0] < now - 4000) root.answers.shift();
    const answers = root.answers.length / 4;
    root.dataset.answersPerSecond = answers.toFixed(2);
    text += `; ${answers.toFixed(1)} ${data.messages.answersPerSecond}`;
  }
  root.querySelector(".rates").textContent = text;
}

async function pictureOf(canvas, type) {
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, 0.9));
  if (!blob) return null; // the browser could not encode the frame
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

// One frame at a time to the server, the next once its answer is back.
function maybeAsk(root) {
  const { data } = root.latest;
  const now = performance.now();
  if (!data.findFaces || !root.querySelector("video").videoWidth) return;
  if (root.pending && now - root.pending.sent < ANSWER_TIMEOUT_MS) return;
  if (root.lastSent && now - root.lastSent < ANSWER_EVERY_MS) return;
  const id = `${Date.now()}-${Math.random()}`;
  root.pending = { id, sent: now };
  root.lastSent = now;
  pictureOf(root.grab, "image/jpeg").then((picture) => {
    if (picture) root.latest.setTriggerValue("frame", { id, picture });
    else root.pending = null; // try again with the next frame
  });
}

function drawAnswer(root, answer) {
  const canvas = root.querySelector(".box");
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, WIDTH, HEIGHT);
  root.dataset.box = answer && answer.box ? answer.box.join(",") : "";
  if (!answer || !answer.box) return;
  const [top, left, side] = answer.box;
  context.lineWidth = 3;
  context.strokeStyle = answer.colour;
  context.strokeRect(left, top, side, side);
  context.font = "bold 15px sans-serif";
  const label = answer.label;
  const width = context.measureText(label).width + 8;
  const y = top >= 20 ? top - 20 : top + side;
  context.fillStyle = answer.colour;
  context.fillRect(left - 1.5, y, width, 20);
  context.fillStyle = "#ffffff";
  context.fillText(label, left + 3, y + 15);
}

function listen(root) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.preset) choose(root, { preset: button.dataset.preset });
    else if (button.dataset.scaling) choose(root, { scaling: button.dataset.scaling });
    else if (button.classList.contains("freeze")) freeze(root);
  });
  root.addEventListener("input", () => choose(root, {}));
}

async function freeze(root) {
  const video = root.querySelector("video");
  if (!video.videoWidth) return;
  const height = Math.min(video.videoHeight, (video.videoWidth * 3) / 4);
  const width = (height * 4) / 3;
  const still = Object.assign(document.createElement("canvas"), { width, height });
  drawFrame(video, still, width, height);
  const picture = await pictureOf(still, "image/png");
  if (picture) root.latest.setTriggerValue("freeze", { picture });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".live-camera");
  const fresh = !root;
  if (fresh) {
    root = document.createElement("div");
    root.className = "live-camera";
    parentElement.appendChild(root);
  }
  if (data.table !== root.tableText) { // decoded once
    root.tableText = data.table;
    root.table = decode(data.table);
  }
  root.latest = { data: { ...data, table: root.table }, setTriggerValue };
  root.classList.toggle("present", Boolean(data.present));
  if (fresh) {
    build(root, data);
    listen(root);
    choose(root, { preset: data.preset, scaling: data.scaling });
    startCamera(root);
  }
  if (data.answer && root.pending && data.answer.id === root.pending.id) {
    root.pending = null;
    root.answers.push(performance.now());
    root.dataset.answered = String(Number(root.dataset.answered || 0) + 1);
    drawAnswer(root, data.answer);
  }
  if (!data.findFaces) drawAnswer(root, null);
  root.querySelector(".camera-caption").textContent = data.cameraCaption;
}
