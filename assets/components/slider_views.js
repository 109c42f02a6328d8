// Sliders whose answers were computed by the server beforehand (pages/instant.py).
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
//
// Lazy views (`lazy` names what else they depend on: a picture, a seed): every view sent is
// kept while that name stays, and `views` hold only new ones. When the person reaches for a
// slider (the pointer resting on it, a press, the focus, a step) and not every one of its steps
// around the values Python holds has a view kept, its name is sent (setStateValue "wanted",
// one rerun) and its steps come back. Until then a combination without a view keeps the last
// view on screen, dimmed. With `beside`, the sliders stand in a column left of the view; a
// slider's `group` is a heading above the first slider of its group.
//
// A view with no sliders may follow a slider of another component (`follows`: its name, and
// the key of the value Python holds): its views are keyed by that slider's options, and it
// swaps them as the slider moves, so letting go of the slider need not redraw it.

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// **bold** is the only markup the views use.
// While presenting, paragraphs longer than data.noteMinCharacters and the numbered list are
// speaker notes: hidden here, read by the presenter's component (assets/components/presenter.js),
// which folds the page's own text by the same rule.
const paragraphHtml = (text) => escapeHtml(text).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");

// How long the pointer rests on a slider before its views are asked for (not on a pass over).
const REACH_DWELL_MS = 150;
// Lazy views kept at most (about 20 to 90 kB each): the oldest go first. Sliders with more
// steps (a square's place on a 1024-pixel photo, views of a few kB) keep three sliders' worth,
// and the views of one message are all kept, however many.
const KEPT_VIEWS = 200;
const keptViews = (data) => Math.max(KEPT_VIEWS, 3 * Math.max(...data.sliders.map((slider) => slider.options.length)));

function build(root, data) {
  root.innerHTML = "";
  root.classList.toggle("beside", Boolean(data.beside));
  const controls = document.createElement("div");
  controls.className = "controls";
  let group = "";
  for (const slider of data.sliders) {
    if (slider.group && slider.group !== group) {
      const heading = document.createElement("p");
      heading.className = "group";
      heading.textContent = slider.group;
      controls.appendChild(heading);
    }
    group = slider.group;
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
  if (data.sliders.length === 0) controls.style.display = "none"; // a view alone (static_view)
  const view = document.createElement("div");
  view.className = "view";
  root.append(controls, view);
}

// Views that follow a slider another component draws (pages.instant.following_view): each
// component with sliders tells them, by slider name, which option it shows and from which
// root; a follower shows the view of that option while the slider is on the page, else the
// one of the value Python holds.
const shared = (globalThis.__instantSliders ??= { onScreen: new Map(), followers: new Set() });

function publish(root, data, keys) {
  data.sliders.forEach((slider, index) => shared.onScreen.set(slider.name, { root, key: keys[index] }));
  for (const follower of shared.followers) {
    if (!follower.isConnected) shared.followers.delete(follower); // its page was left
    else if (data.sliders.some((slider) => slider.name === follower.latest.data.follows.name)) {
      show(follower, follower.latest.data, []);
    }
  }
}

function followedKey(data) {
  const leader = shared.onScreen.get(data.follows.name);
  const key = leader?.root.isConnected ? leader.key : undefined;
  return key !== undefined && key in data.views ? key : data.follows.held;
}

function show(root, data, values) {
  if (data.follows) {
    const key = followedKey(data);
    return showView(root, data, [key], [key]);
  }
  const keys = data.sliders.map((slider, index) => {
    const input = root.querySelector(`input[name="${CSS.escape(slider.name)}"]`);
    input.disabled = Boolean(slider.disabled); // changed in place: a new build would drop the focus
    input.closest("label").classList.toggle("disabled", input.disabled);
    const position = slider.options.indexOf(values[index]);
    const label = slider.labels[position] ?? String(values[index]);
    input.value = position;
    input.setAttribute("aria-valuetext", label);
    input.closest("label").querySelector("output").textContent = label;
    return slider.keys[position];
  });
  publish(root, data, keys);
  return showView(root, data, keys, values);
}

function showView(root, data, keys, values) {
  if (data.reader) return showReader(root.querySelector(".view"), data.reader, values);
  if (!data.views) return; // sliders that show only their values
  const view = data.lazy ? root.kept.get(keys.join(",")) : data.views[keys.join(",")];
  const target = root.querySelector(".view");
  if (!view && data.lazy) {
    target.classList.add("waiting"); // its views are on their way: the last one, dimmed
    target.setAttribute("aria-busy", "true");
    return;
  }
  target.classList.remove("waiting");
  target.removeAttribute("aria-busy");
  const shown = `${keys.join(",")}|${JSON.stringify(view ?? null)}`;
  if (target.shown === shown) return; // a rerun that changed nothing: leave the page alone
  target.shown = shown;
  target.dataset.values = values.join(",");
  clearTimeout(target.playing); // an animation of another view stops
  if (!view) {
    target.innerHTML = `<p class="warning">No view for ${escapeHtml(keys.join(", "))}.</p>`;
    return;
  }
  delete target.dataset.frame; // the frame of an animation on screen (View.sequence)
  if (!view.sequence?.length) return render(root, data, target, view);
  // An animation (View.sequence) plays once per view sent (each run sends it anew); shown
  // again (the sliders moved away and back), it shows its last frame.
  const frames = view.sequence;
  const played = JSON.stringify(frames);
  let at = root.played === played && root.playedIn === data ? frames.length - 1 : 0;
  Object.assign(root, { played, playedIn: data });
  const next = () => {
    render(root, data, target, frames[at]);
    target.dataset.frame = String(at);
    if (++at < frames.length) target.playing = setTimeout(next, view.sequenceMs);
  };
  next();
}

function render(root, data, target, view) {
  const views = data.lazy ? root.kept : sentViews(data);
  const html = [];
  if (view.warning) html.push(`<p class="warning">${paragraphHtml(view.warning)}</p>`);
  const paragraphs = (texts) => {
    for (const text of texts) {
      const note = text.length > data.noteMinCharacters ? " data-presenter-note" : "";
      html.push(`<p${note}>${paragraphHtml(text)}</p>`);
    }
  };
  paragraphs(view.paragraphs);
  html.push(`<div class="pictures">`);
  view.pictures.forEach((picture, index) => {
    const src = picture.src ?? sourceOf(views, picture.same);
    const box = picture.frame?.map((share) => `${(100 * share).toFixed(3)}%`);
    const pick = index === 0 && view.pick ? ` data-pick="${view.pick.join(",")}"` : "";
    html.push(
      `<figure style="width:${picture.width}px"><span class="framed"><img alt="${escapeHtml(picture.caption)}" ` +
        `src="${src}" width="${picture.width}" height="${picture.height}"` +
        `${picture.smooth ? ' class="smooth"' : ""}${pick}>` +
        (box ? `<span class="frame" style="top:${box[0]};left:${box[1]};height:${box[2]};width:${box[3]};border-color:${data.highlight}"></span>` : "") +
        `</span><figcaption>${escapeHtml(picture.caption)}</figcaption></figure>`,
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
  for (const chart of view.charts ?? []) html.push(chartHtml(chart, (part) => chartPart(views, part)));
  paragraphs(view.after ?? []); // paragraphs below the pictures
  if (view.numbered?.length) {
    html.push(`<ol class="numbered" data-presenter-note>${view.numbered.map((text) => `<li>${escapeHtml(text)}</li>`).join("")}</ol>`);
  }
  if (view.verdict) html.push(`<p class="verdict ${view.verdict[0] === "success" ? "success" : "warning"}">${paragraphHtml(view.verdict[1])}</p>`);
  target.innerHTML = html.join("");
  (view.grids ?? []).forEach((grid, index) => drawGrid(target.querySelector(`canvas[data-grid="${index}"]`), grid));
}

// A chart's line or background as sent, or, where it names another view's ({same: [view key,
// chart, line index or "background"]}), that view's (pages.instant.Chart).
function chartPart(views, part) {
  if (!part?.same) return part;
  const [key, chart, which] = part.same;
  const holder = views.get(key)?.charts?.[chart];
  return which === "background" ? holder?.background : holder?.lines[which];
}

// A chart drawn from numbers (pages.instant.Chart), as SVG: ticks and axis titles, an optional
// background picture over the plotting area, lines with dots, markers, a note, a legend.
let charts = 0;
function chartHtml(chart, part) {
  const clip = `instant-chart-${++charts}`;
  const lines = chart.lines.map(part).filter(Boolean);
  const named = [...lines.filter((line) => line.name), ...chart.markers.filter((marker) => marker.name)];
  const legend = chart.legend && named.length > 0;
  const [width, height] = [chart.width, chart.height];
  // room on the left for the longest y label (about 7 pixels a character) and the y title
  const longest = Math.max(0, ...chart.yTicks.map(([, label]) => label.length));
  // x labels on a slant (chart.xSlanted) reach down about 6 pixels a character
  const slantRoom = chart.xSlanted ? 6 * Math.max(0, ...chart.xTicks.map(([, label]) => label.length)) : 0;
  const [left, right, top, bottom] = [Math.max(64, 30 + 7 * longest), 12, 10, 46 + slantRoom + (legend ? 30 : 0)];
  const [plotWidth, plotHeight] = [width - left - right, height - top - bottom];
  const sx = (x) => left + ((x - chart.x[0]) / (chart.x[1] - chart.x[0])) * plotWidth;
  const sy = (y) => top + (1 - (y - chart.y[0]) / (chart.y[1] - chart.y[0])) * plotHeight;
  const n = (value) => (Number.isFinite(value) ? value.toFixed(1) : "0");
  const out = [
    // as wide as the page (as Streamlit's charts are), the proportions kept
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `role="img" aria-label="${escapeHtml(chart.caption)}">`,
    `<defs><clipPath id="${clip}"><rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}"/></clipPath></defs>`,
  ];
  const background = part(chart.background);
  if (background?.src) {
    out.push(`<image href="${background.src}" x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" preserveAspectRatio="none"/>`);
  }
  for (const [value, label] of chart.xTicks) {
    if (!background) out.push(`<line class="grid" x1="${n(sx(value))}" x2="${n(sx(value))}" y1="${top}" y2="${top + plotHeight}"/>`);
    out.push(chart.xSlanted
      ? `<text class="tick" transform="translate(${n(sx(value))} ${top + plotHeight + 10}) rotate(-60)" text-anchor="end" dominant-baseline="middle">${escapeHtml(label)}</text>`
      : `<text class="tick" x="${n(sx(value))}" y="${top + plotHeight + 16}" text-anchor="middle">${escapeHtml(label)}</text>`);
  }
  for (const [value, label] of chart.yTicks) {
    if (!background) out.push(`<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${n(sy(value))}" y2="${n(sy(value))}"/>`);
    out.push(`<text class="tick" x="${left - 6}" y="${n(sy(value))}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label)}</text>`);
  }
  out.push(`<text class="title" x="${left + plotWidth / 2}" y="${top + plotHeight + 38 + slantRoom}" text-anchor="middle">${escapeHtml(chart.xTitle)}</text>`);
  out.push(`<text class="title" transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(chart.yTitle)}</text>`);
  out.push(`<g clip-path="url(#${clip})">`);
  for (const line of lines) {
    const points = line.x.map((x, i) => `${n(sx(x))},${n(sy(line.y[i]))}`);
    out.push(`<polyline class="line" data-name="${escapeHtml(line.name)}" points="${points.join(" ")}" fill="none" stroke="${line.colour}" stroke-width="${line.width}" stroke-linejoin="round"/>`);
    if (line.markers) for (const point of points) {
      const [x, y] = point.split(",");
      out.push(`<circle cx="${x}" cy="${y}" r="${line.markers / 2}" fill="${line.colour}"/>`);
    }
  }
  for (const marker of chart.markers) out.push(markerSvg(marker, sx(marker.x), sy(marker.y)));
  out.push(`</g>`);
  if (chart.note) out.push(`<text class="note" x="${left + 6}" y="${top + 16}">${escapeHtml(chart.note)}</text>`);
  if (legend) {
    let x = left;
    for (const item of named) {
      const y = height - 12;
      out.push("markers" in item
        ? `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${item.colour}" stroke-width="${Math.min(item.width, 12)}"/>`
        : markerSvg({ ...item, size: Math.min(item.size, 12) }, x + 12, y));
      out.push(`<text class="tick" x="${x + 30}" y="${y}" dominant-baseline="middle">${escapeHtml(item.name)}</text>`);
      x += 30 + 7 * item.name.length + 20;
    }
  }
  out.push(`</svg>`);
  return out.join("");
}

function markerSvg(marker, x, y) {
  const r = marker.size / 2;
  const outline = marker.outline ? ` stroke="${marker.outline}" stroke-width="${marker.outlineWidth}"` : "";
  const at = `data-marker="${escapeHtml(marker.name || marker.symbol)}"`;
  if (marker.symbol === "triangle-up") {
    const points = [[x, y - r], [x - 0.9 * r, y + 0.6 * r], [x + 0.9 * r, y + 0.6 * r]];
    return `<polygon ${at} points="${points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ")}" fill="${marker.colour}"${outline}/>`;
  }
  if (marker.symbol === "x") {
    const d = `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;
    const edge = marker.outline
      ? `<path d="${d}" stroke="${marker.outline}" stroke-width="${r / 2 + 2 * marker.outlineWidth}"/>`
      : "";
    return `<g ${at}>${edge}<path d="${d}" stroke="${marker.colour}" stroke-width="${r / 2}"/></g>`;
  }
  return `<circle ${at} cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" fill="${marker.colour}"${outline}/>`;
}

// Gray values computed by the server, one cell each; numbers printed in black or white,
// whichever reads better, with thin lines between cells (as pages.common.numbers_picture).
function drawGrid(canvas, grid) {
  drawCells(canvas, decode(grid.values), grid.rows, grid.cols, grid.width, grid.numbers);
}

function drawCells(canvas, values, rows, cols, width, numbers) {
  const scale = window.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(((rows * width) / cols) * scale);
  const cells = new ImageData(cols, rows);
  const rgba = cells.data;
  for (let i = 0; i < values.length; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = values[i];
    rgba[4 * i + 3] = 255;
  }
  const small = document.createElement("canvas");
  Object.assign(small, { width: cols, height: rows });
  small.getContext("2d").putImageData(cells, 0, 0);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  if (!numbers) return;
  const cellWidth = canvas.width / cols;
  const cellHeight = canvas.height / rows;
  context.strokeStyle = "rgb(128, 128, 128)";
  context.lineWidth = scale;
  context.beginPath();
  for (let col = 1; col < cols; col++) {
    context.moveTo(col * cellWidth, 0);
    context.lineTo(col * cellWidth, canvas.height);
  }
  for (let row = 1; row < rows; row++) {
    context.moveTo(0, row * cellHeight);
    context.lineTo(canvas.width, row * cellHeight);
  }
  context.stroke();
  context.font = `${Math.max(8, Math.floor(Math.min(cellWidth, cellHeight) * 0.36))}px sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "middle";
  values.forEach((value, i) => {
    context.fillStyle = value > 140 ? "#000000" : "#ffffff";
    context.fillText(String(value), ((i % cols) + 0.5) * cellWidth, (Math.floor(i / cols) + 0.5) * cellHeight);
  });
}

// A grid the browser reads at the sliders' values (pages.instant.GridReader): a window of
// numbers framed on the whole grid, or one row's numbers in a line.
function showReader(target, reader, values) {
  const shown = `${values.join(",")}|${JSON.stringify(reader)}`;
  if (target.shown === shown) return; // a rerun that changed nothing
  target.shown = shown;
  target.dataset.values = values.join(",");
  if (target.decodedFrom !== reader.values) {
    target.cells = decode(reader.values);
    target.decodedFrom = reader.values;
  }
  const cells = target.cells;
  if (reader.kind === "row") {
    const [row] = values;
    const numbers = Array.from(cells.subarray(row * reader.cols, (row + 1) * reader.cols)).join(" ");
    target.innerHTML = `<pre class="row-numbers"></pre><p class="caption"></p>`;
    target.querySelector("pre").textContent = numbers;
    target.querySelector(".caption").textContent = reader.captions[0].replaceAll("{row}", row);
    return;
  }
  const [top, left] = values;
  const side = reader.side;
  const filled = (text) =>
    text
      .replaceAll("{top}", top)
      .replaceAll("{bottom}", top + side - 1)
      .replaceAll("{left}", left)
      .replaceAll("{right}", left + side - 1);
  target.innerHTML =
    `<div class="pictures">` +
    reader.captions
      .map((caption, index) =>
        `<figure style="width:${reader.widths[index]}px"><canvas role="img" class="${index ? "numbers" : ""}" ` +
        `aria-label="${escapeHtml(filled(caption))}"></canvas>` +
        `<figcaption>${escapeHtml(filled(caption))}</figcaption></figure>`)
      .join("") +
    `</div>`;
  const [whole, zoomed] = target.querySelectorAll("canvas");
  drawCells(whole, cells, reader.rows, reader.cols, reader.widths[0], false);
  const context = whole.getContext("2d");
  const cellWidth = whole.width / reader.cols;
  const line = 3 * (window.devicePixelRatio || 1);
  context.strokeStyle = reader.frame;
  context.lineWidth = line;
  context.strokeRect(left * cellWidth + line / 2, top * cellWidth + line / 2, side * cellWidth - line, side * cellWidth - line);
  const block = new Uint8Array(side * side);
  for (let row = 0; row < side; row++) {
    block.set(cells.subarray((top + row) * reader.cols + left, (top + row) * reader.cols + left + side), row * side);
  }
  drawCells(zoomed, block, side, side, reader.widths[1], true);
}

// A picture many views share is sent once; the others name it as "view key/index".
const sentMaps = new WeakMap();
function sentViews(data) {
  if (!sentMaps.has(data.views)) sentMaps.set(data.views, new Map(Object.entries(data.views)));
  return sentMaps.get(data.views);
}

function sourceOf(views, same) {
  const cut = same.lastIndexOf("/");
  return views.get(same.slice(0, cut))?.pictures[Number(same.slice(cut + 1))]?.src;
}

const valuesOf = (root, data) =>
  data.sliders.map(
    (slider) => slider.options[Number(root.querySelector(`input[name="${CSS.escape(slider.name)}"]`).value)],
  );

// Lazy views: keep those sent for the same `lazy` name, the newest last.
function keep(root, data) {
  if (root.lazy !== data.lazy) root.kept = new Map();
  root.lazy = data.lazy;
  const sent = new Map(Object.entries(data.views));
  for (const [key, view] of sent) {
    for (const picture of view.pictures) picture.src ??= sourceOf(sent, picture.same); // kept alone
    for (const chart of view.charts ?? []) {
      chart.lines = chart.lines.map((line) => chartPart(sent, line));
      chart.background = chartPart(sent, chart.background);
    }
    root.kept.delete(key);
    root.kept.set(key, view);
  }
  const most = Math.max(keptViews(data), Object.keys(data.views).length);
  for (const key of root.kept.keys()) {
    if (root.kept.size <= most) break;
    root.kept.delete(key);
  }
}

// Whether every step of slider `name` around the values Python holds has a view kept.
function stepsKept(root, data, name) {
  const held = root.committed.split(",").map(Number);
  const keyOf = (slider, value) => slider.keys[slider.options.indexOf(value)];
  const index = data.sliders.findIndex((slider) => slider.name === name);
  const others = data.sliders.map((slider, i) => keyOf(slider, held[i]));
  return data.sliders[index].keys.every((step) => root.kept.has(others.with(index, step).join(",")));
}

// Lazy views: ask Python for the steps of the slider the person reaches for, if any is missing
// (once until the next answer from Python).
function listenForReach(root) {
  const reach = (input) => {
    const data = root.latest.data;
    if (!data.lazy || !input || input.disabled || root.wanted === input.name) return;
    if (stepsKept(root, data, input.name)) return;
    root.wanted = input.name;
    root.latest.setStateValue("wanted", { name: input.name, ask: `${Date.now()}-${Math.random()}` });
  };
  const inputOf = (element) => element.closest?.(".slider")?.querySelector("input") ?? null;
  let timer = null;
  root.addEventListener("focusin", (event) => reach(inputOf(event.target)));
  root.addEventListener("pointerdown", (event) => reach(inputOf(event.target)));
  root.addEventListener("input", (event) => reach(inputOf(event.target)));
  root.addEventListener("pointerover", (event) => {
    const input = inputOf(event.target);
    if (input === root.hovered) return;
    root.hovered = input;
    clearTimeout(timer);
    if (input) timer = setTimeout(() => reach(input), REACH_DWELL_MS);
  });
  root.addEventListener("pointerleave", () => {
    root.hovered = null;
    clearTimeout(timer);
  });
}

// Listeners are added once per mounted root; they read the newest data and callbacks from it.
function listen(root) {
  listenForReach(root); // first: a step that lacks its view asks for it
  root.addEventListener("input", () => show(root, root.latest.data, valuesOf(root, root.latest.data)));
  // A press on a map of cells moves its two sliders to that cell; its release lets go of them.
  root.addEventListener("pointerdown", (event) => {
    const map = event.target.closest?.("img[data-pick]");
    if (!map) return;
    const data = root.latest.data;
    const bounds = map.getBoundingClientRect();
    const cell = [
      Math.floor(((event.clientY - bounds.top) / bounds.height) * map.naturalHeight),
      Math.floor(((event.clientX - bounds.left) / bounds.width) * map.naturalWidth),
    ];
    map.dataset.pick.split(",").map(Number).forEach((sliderIndex, axis) => {
      const slider = data.sliders[sliderIndex];
      const input = root.querySelector(`input[name="${CSS.escape(slider.name)}"]`);
      input.value = Math.min(Math.max(cell[axis], 0), slider.options.length - 1);
    });
    show(root, data, valuesOf(root, data));
  });
  sendOnLetGo(root, () => valuesOf(root, root.latest.data)); // let_go.js
}

// The data arrives as the bytes of one JSON text (pages.instant sends views encoded once);
// it is read again only when it changed, so the views keep their identity between renders.
function readData(root, bytes) {
  const same = root.bytes && (root.bytes === bytes
    || (root.bytes.length === bytes.length && root.bytes.every((byte, i) => byte === bytes[i])));
  if (!same) {
    root.bytes = bytes;
    root.data = JSON.parse(new TextDecoder().decode(bytes));
  }
  return root.data;
}

export default function (component) {
  const { parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".slider-views");
  if (!root) {
    root = document.createElement("div");
    root.className = "slider-views";
    parentElement.appendChild(root);
    listen(root);
  }
  const data = readData(root, component.data);
  root.latest = { data, setStateValue };
  root.classList.toggle("presenting", Boolean(data.presenting));
  if (data.follows) shared.followers.add(root);
  if (data.lazy) {
    keep(root, data);
    root.wanted = null; // Python answered, or ran for something else: a missing step may ask
  }
  const sliders = JSON.stringify(data.sliders.map(({ disabled, ...slider }) => slider));
  if (root.dataset.version !== String(data.version) || root.dataset.sliders !== sliders) {
    build(root, data);
    root.dataset.version = String(data.version);
    root.dataset.sliders = sliders;
    root.committed = data.values.join(",");
    show(root, data, data.values);
  } else {
    show(root, data, valuesOf(root, data)); // new views (another picture) for the values on screen
  }
}
