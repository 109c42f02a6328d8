// "From scores to probabilities" (pages/sections/pooling/decision.py): one score per class in
// number fields (number_fields.js, which comes before this), and what softmax makes of them,
// drawn here on every change: the bars of the one-hot label and of the predicted
// probabilities, the two as lines of numbers, and the words that follow from them. Python
// sends the classes and the right answer (`data.classes`, `data.answer`); the scores go back
// when the person lets go.

const SVG = "http://www.w3.org/2000/svg";
const ONE_HOT_COLOUR = "#adb5bd";
const PREDICTED_COLOUR = "#1c7ed6";
const Y_TOP = 1.15; // room above a bar of 1 for its number

// core.activations.softmax: e^(score − the largest score), divided by their sum (added up in
// order, as NumPy adds up so few numbers), so e^1000 never has to be computed.
function softmax(scores) {
  const largest = Math.max(...scores);
  const powers = scores.map((score) => Math.exp(score - largest));
  let total = 0;
  for (const power of powers) total += power;
  return powers.map((power) => power / total);
}

const fixed = (value, digits) => value.toFixed(digits);

function svgElement(tag, attributes = {}, text = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== null) element.textContent = text;
  return element;
}

// The bars, as the Plotly chart drew them before: for each class the one-hot bar (gray) and
// the predicted probability (blue) with its value above it, a legend on top.
function barChart(data, oneHot, probabilities) {
  const [width, height] = [data.chartWidth, 330];
  const [left, right, top, bottom] = [56, 10, 40, 28];
  const [plotWidth, plotHeight] = [width - left - right, height - top - bottom];
  const y = (value) => top + (1 - value / Y_TOP) * plotHeight;
  const named = data.classes.map((name, i) => `${name} ${fixed(probabilities[i], 2)}`).join(", ");
  const svg = svgElement("svg", {
    class: "chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `Predicted probabilities: ${named}. The right answer: ${data.answer}.`,
  });
  svg.dataset.probabilities = probabilities.join(",");
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    svg.append(
      svgElement("line", { class: "grid", x1: left, x2: left + plotWidth, y1: y(tick), y2: y(tick) }),
      svgElement("text", { class: "tick", x: left - 6, y: y(tick), "text-anchor": "end", "dominant-baseline": "middle" }, fixed(tick, 1)),
    );
  }
  svg.append(svgElement("text", {
    class: "title", transform: `translate(14 ${top + plotHeight / 2}) rotate(-90)`, "text-anchor": "middle",
  }, "probability"));
  const group = plotWidth / data.classes.length;
  const bar = group * 0.36;
  data.classes.forEach((name, i) => {
    const start = left + i * group + group * 0.14;
    svg.append(
      svgElement("rect", {
        class: "bar one-hot", x: start, y: y(oneHot[i]), width: bar, height: y(0) - y(oneHot[i]), fill: ONE_HOT_COLOUR,
      }),
      svgElement("rect", {
        class: "bar predicted", x: start + bar, y: y(probabilities[i]), width: bar,
        height: y(0) - y(probabilities[i]), fill: PREDICTED_COLOUR, "data-value": probabilities[i],
      }),
      svgElement("text", {
        class: "value", x: start + 1.5 * bar, y: y(probabilities[i]) - 5, "text-anchor": "middle",
      }, fixed(probabilities[i], 2)),
      svgElement("text", {
        class: "tick", x: left + (i + 0.5) * group, y: top + plotHeight + 18, "text-anchor": "middle",
      }, name),
    );
  });
  let x = left;
  for (const [name, colour] of [["right answer (one-hot)", ONE_HOT_COLOUR], ["predicted probability", PREDICTED_COLOUR]]) {
    svg.append(
      svgElement("rect", { x, y: 10, width: 14, height: 14, fill: colour }),
      svgElement("text", { class: "tick", x: x + 20, y: 17, "dominant-baseline": "middle" }, name),
    );
    x += 20 + 7 * name.length + 24;
  }
  return svg;
}

// A paragraph from parts: plain text, or ["strong" | "em", text].
function paragraph(parts, noteMinCharacters) {
  const element = document.createElement("p");
  for (const part of parts) {
    if (typeof part === "string") {
      element.append(part);
    } else {
      const marked = document.createElement(part[0]);
      marked.textContent = part[1];
      element.append(marked);
    }
  }
  // While presenting, long explanations are speaker notes (pages.presenter, presenter.js).
  if (element.textContent.length > noteMinCharacters) element.setAttribute("data-presenter-note", "");
  return element;
}

function words(data, scores, probabilities) {
  const best = scores.indexOf(Math.max(...scores));
  let total = 0;
  for (const probability of probabilities) total += probability;
  const orderKept = scores.every((score, i) =>
    scores.every((other, j) => !(score > other) || probabilities[i] >= probabilities[j]));
  const texts = [[
    "The probabilities add up to ", ["strong", fixed(total, 6)], ". The highest score, ",
    ["em", data.classes[best]], ` (${numberWords(scores[best])}), gets the highest probability ` +
      `(${fixed(probabilities[best], 2)}), and ` +
      (orderKept
        ? "a higher score never gets a lower probability: softmax keeps the order."
        : "the order of the scores is not kept."),
  ]];
  const largest = Math.max(...scores.map(Math.abs));
  if (largest >= 100) {
    texts.push([
      `Scores as large as ${numberWords(largest)} still give finite probabilities. Computed ` +
        "directly, e^1000 is too big for a computer's numbers; softmax subtracts the largest " +
        "score from every score first, which does not change the result, so the largest " +
        "power is e^0 = 1.",
    ]);
  }
  const answer = data.classes.indexOf(data.answer);
  texts.push([
    "Training compares the one-hot label with the prediction and nudges every weight so the " +
      "predicted bar for the right answer, ",
    ["em", data.answer],
    ` (now ${fixed(probabilities[answer], 2)}), grows towards 1 and the others shrink towards 0.`,
  ]);
  return texts.map((parts) => paragraph(parts, data.noteMinCharacters));
}

function showProbabilities(view, data, scores) {
  const probabilities = softmax(scores);
  const oneHot = data.classes.map((name) => (name === data.answer ? 1 : 0));
  const code = document.createElement("pre");
  code.className = "code";
  code.textContent =
    `one-hot label: [${oneHot.join(" ")}]\n` +
    `predicted:     [${probabilities.map((p) => fixed(p, 2)).join(" ")}]`;
  const chart = document.createElement("div");
  chart.className = "chart-column";
  chart.append(barChart(data, oneHot, probabilities), code);
  const text = document.createElement("div");
  text.className = "words";
  text.append(...words(data, scores, probabilities));
  view.replaceChildren(chart, text);
  view.dataset.scores = scores.join(",");
}

export default function (component) {
  const presenting = Boolean(component.data.presenting);
  mountNumberFields(component, "softmax-scores", showProbabilities);
  component.parentElement.querySelector(".softmax-scores").classList.toggle("presenting", presenting);
}
