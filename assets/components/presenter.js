// Presenter mode's slides (pages/presenter.py). Each section of a page is a container keyed
// "slide-<name>". While presenting, this shows one of them at a time, zoomed to fit the screen,
// folds long explanations away (they become the speaker notes, sent to the notes window over a
// BroadcastChannel), and moves through the slides on → / ← / PageDown / PageUp / Home / End.
// The slide's number is kept in the address (?slide=3). Past a page's first or last slide it
// asks Python for the neighbouring page. On the full page it scrolls, once, to the section
// Python names (where presenting left off, or a link's ?slide=).

const SLIDE_CLASS = "st-key-slide-";
const SLIDES = `[data-testid="stMain"] [class*="${SLIDE_CLASS}"]`;
// Text longer than data.noteMinCharacters is an explanation: a note, folded away from the
// slide (so are the "Try this" hints).
const NOTE_CANDIDATES = [
  '[data-testid="stMarkdown"]',
  '[data-testid="stCaptionContainer"]',
  '.stElementContainer:has([data-testid="stAlertContentInfo"])',
].join(", ");
const NOTE = "data-presenter-note";
const KEPT = '[class*="st-key-kept-"]'; // words that stay on a slide however long
const BOTTOM_SPACE = 56; // px kept free under a slide for the toolbar
const SMALLEST_ZOOM = 0.3;
// Keys a focused control uses itself: they move slides only when no control has the focus.
const CONTROLS = "input, textarea, select, [contenteditable], [role=slider], [role=listbox], " +
  "[role=combobox], [role=option], [role=radio], [role=spinbutton], [role=tab], [role=menu], " +
  "[role=grid], [role=gridcell], [role=treegrid]";

const HIDE_ALL = `[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] >
  :not(:has(.st-key-presenter)):not(.st-key-presenter) { display: none !important; }`;

function slideName(element) {
  const found = [...element.classList].find((name) => name.startsWith(SLIDE_CLASS));
  return found ? found.slice("st-key-".length) : null;
}

function slides() {
  return [...document.querySelectorAll(SLIDES)];
}

function style(id) {
  let element = document.getElementById(id);
  if (!element) {
    element = document.createElement("style");
    element.id = id;
    document.head.appendChild(element);
  }
  return element;
}

function writeSlideNumber(number) {
  const url = new URL(window.location.href);
  if (url.searchParams.get("slide") === String(number)) return;
  url.searchParams.set("slide", String(number));
  window.history.replaceState(window.history.state, "", url);
}

function scrollToTop() {
  for (const selector of ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]']) {
    document.querySelector(selector)?.scrollTo(0, 0);
  }
}

function currentElement(root) {
  return slides().find((element) => slideName(element) === root.current) || null;
}

// A note's words, a line per paragraph or list item (numbered as on the page): a hidden
// element has no rendered text to read lines from.
function noteText(element) {
  const blocks = [...element.querySelectorAll("p, li")]
    .filter((block) => !(block.tagName === "P" && block.closest("li")));
  if (!blocks.length) return element.textContent.trim();
  return blocks.map((block) => {
    if (block.tagName !== "LI") return block.textContent.trim();
    const list = block.parentElement;
    const mark = list.tagName === "OL" ? `${[...list.children].indexOf(block) + 1}.` : "•";
    return `${mark} ${block.textContent.trim()}`;
  }).join("\n");
}

// Folds a slide's explanations away (a note is hidden while presenting) and returns them.
function markNotes(element, noteMinCharacters) {
  const notes = [];
  for (const candidate of element.querySelectorAll(NOTE_CANDIDATES)) {
    if (candidate.parentElement.closest(`[${NOTE}], ${KEPT}`)) continue;
    const text = candidate.innerText.trim();
    const info = candidate.matches(".stElementContainer");
    const isNote = info || text.length > noteMinCharacters || text.startsWith("Try this");
    if (isNote && !candidate.hasAttribute(NOTE)) candidate.setAttribute(NOTE, "");
    if (!isNote && candidate.hasAttribute(NOTE)) candidate.removeAttribute(NOTE);
    if (isNote) notes.push(noteText(candidate));
  }
  // Browser components mark their own explanations (assets/components/slider_views.js).
  for (const host of element.querySelectorAll(".stBidiComponent *")) {
    for (const note of host.shadowRoot?.querySelectorAll(`[${NOTE}]`) ?? []) {
      notes.push(noteText(note));
    }
  }
  return notes;
}

function heading(element) {
  const found = element?.querySelector("h1, h2, h3");
  return found ? found.textContent.trim() : "";
}

// Shrinks the slide, if need be, so all of it fits between its top and the toolbar. Zoomed out,
// it is laid out wider than the screen, so that it still fills the screen's width once zoomed
// (text gets smaller, pictures that stretch to the width keep their size); the largest zoom at
// which that fits wins. If none does, the slide is laid out at its own width and zoomed as a
// whole, pictures too.
function fit(root) {
  const element = currentElement(root);
  if (!element || !root.latest.data.presenting) return;
  const layOut = (width, zoom) => {
    element.style.width = width === null ? "" : `${width}px`;
    element.style.zoom = zoom === 1 ? "" : String(zoom);
    return element.getBoundingClientRect().height;
  };
  layOut(null, 1);
  const natural = element.getBoundingClientRect();
  const room = window.innerHeight - natural.top - BOTTOM_SPACE;
  if (natural.height <= room || natural.height === 0) return;
  const whole = Math.max(SMALLEST_ZOOM, room / natural.height);
  const fillsWidthAt = (zoom) => layOut(natural.width / zoom, zoom) <= room;
  if (!fillsWidthAt(whole)) {
    layOut(natural.width, whole);
    return;
  }
  let fits = whole;
  let tooLarge = 1;
  for (let step = 0; step < 5; step += 1) {
    const zoom = (fits + tooLarge) / 2;
    if (fillsWidthAt(zoom)) fits = zoom;
    else tooLarge = zoom;
  }
  layOut(natural.width / fits, fits);
}

function scriptRunning() {
  const app = document.querySelector('[data-testid="stApp"]');
  return app?.getAttribute("data-test-script-state") === "running";
}

// The slide a slide number names ("3", or "last"), the last one if there are fewer.
function slideNumbered(all, wanted) {
  const number = wanted === "last" ? all.length : Number.parseInt(wanted, 10) || 1;
  return all[Math.min(Math.max(number, 1), all.length) - 1];
}

// The slide the address asked for, once the page has drawn it: slide 1 at once, any other only
// when the page's run is over (until then the slides drawn so far may be the previous page's).
function wantedSlide(root, all) {
  if (!root.wanted || !all.length) return null;
  if (root.wanted === "1") return all[0];
  return scriptRunning() ? null : slideNumbered(all, root.wanted);
}

function show(root) {
  const all = slides();
  if (!root.current) {
    const wanted = wantedSlide(root, all);
    if (!wanted) {
      style("presenter-slide").textContent = HIDE_ALL;
      return;
    }
    root.current = slideName(wanted);
  }
  const index = all.findIndex((element) => slideName(element) === root.current);
  if (index < 0) return;
  // Every time, not only on a move: a rerun that was under way writes back the address it
  // began with, sometimes just after its last change to the page, hence once more a moment on.
  if (!root.leaving) {
    writeSlideNumber(index + 1);
    const written = root.current;
    window.clearTimeout(root.rewrite);
    root.rewrite = window.setTimeout(() => {
      if (root.current === written && !root.leaving && root.latest.data.presenting) {
        writeSlideNumber(index + 1);
      }
    }, 400);
  }
  const name = root.current;
  // In the page, and in every block holding the slide (a fragment's, say), only the slide shows.
  style("presenter-slide").textContent = `
    :is([data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"],
      [data-testid="stVerticalBlock"]:has(.st-key-${name})) >
      :not(:has(.st-key-${name})):not(:has(.st-key-presenter)):not(.st-key-presenter)
      { display: none !important; }
    [class*="${SLIDE_CLASS}"]:not(.st-key-${name}) { display: none !important; }
    [${NOTE}] { display: none !important; }
  `;
  const element = all[index];
  const data = root.latest.data;
  const notes = markNotes(element, data.noteMinCharacters);
  document.documentElement.setAttribute("data-presenter-ready", "");
  root.position.textContent = `${index + 1} / ${all.length}`;
  root.position.setAttribute("aria-label", `Slide ${index + 1} of ${all.length}: ${heading(element)}`);
  root.previous.disabled = index === 0 && !data.hasPrevious;
  root.next.disabled = index === all.length - 1 && !data.hasNext;
  root.said = {
    type: "slide",
    pageTitle: data.pageTitle,
    number: index + 1,
    count: all.length,
    heading: heading(element) || data.pageTitle,
    notes,
    nextHeading: index + 1 < all.length ? heading(all[index + 1]) : null,
  };
  const said = JSON.stringify(root.said);
  if (said !== root.saidText) root.channel.postMessage(root.said);
  root.saidText = said;
  fit(root);
  if (root.watchedSize !== element) {
    root.resizes.disconnect();
    root.resizes.observe(element);
    root.watchedSize = element;
  }
}

function move(root, where) {
  const all = slides();
  const data = root.latest.data;
  const index = all.findIndex((element) => slideName(element) === root.current);
  let target = null;
  let page = null; // another page of the journey, asked of Python
  if (where === "next") {
    if (index + 1 < all.length) target = index + 1;
    else if (data.hasNext) page = "next";
  } else if (where === "previous") {
    if (index > 0) target = index - 1;
    else if (data.hasPrevious) page = "previous";
  } else if (where === "first") {
    if (data.hasPrevious) page = "first";
    else target = 0;
  } else if (where === "last") {
    if (data.hasNext) page = "last";
    else target = all.length - 1;
  }
  if (page) {
    root.current = null; // this page's slides give way until the other page arrives
    root.wanted = null;
    style("presenter-slide").textContent = HIDE_ALL;
    root.latest.setTriggerValue("go", page);
    return;
  }
  if (target === null || target === index) return;
  root.current = slideName(all[target]);
  scrollToTop();
  show(root);
}

const KEYS = {
  ArrowRight: "next", ArrowDown: "next", PageDown: "next",
  ArrowLeft: "previous", ArrowUp: "previous", PageUp: "previous",
  Home: "first", End: "last",
};

function onKey(root, event) {
  if (!root.latest.data.presenting || event.altKey || event.ctrlKey || event.metaKey) return;
  const where = KEYS[event.key];
  if (!where) return;
  const target = event.composedPath()[0];
  const inControl = target instanceof Element && target.closest(CONTROLS);
  if (inControl && !event.key.startsWith("Page")) return; // a clicker's keys always move
  event.preventDefault();
  event.stopPropagation();
  if (inControl) target.blur();
  move(root, where);
}

// A slide bar button; ``name`` is what a screen reader says for a symbol (‹ ›).
function button(root, label, title, onClick, name = null) {
  const made = document.createElement("button");
  made.type = "button";
  made.textContent = label;
  made.title = title;
  if (name) made.setAttribute("aria-label", name);
  made.addEventListener("click", onClick);
  root.bar.appendChild(made);
  return made;
}

function build(root) {
  root.bar = document.createElement("div");
  root.bar.className = "presenter-bar";
  root.bar.setAttribute("role", "group");
  root.bar.setAttribute("aria-label", "Slides");
  root.previous = button(
    root, "‹", "Previous slide (← or PageUp)", () => move(root, "previous"), "Previous slide",
  );
  root.position = document.createElement("span");
  root.position.className = "presenter-position";
  root.position.setAttribute("role", "status"); // says each new slide to a screen reader
  root.bar.appendChild(root.position);
  root.next = button(
    root, "›", "Next slide (→ or PageDown)", () => move(root, "next"), "Next slide",
  );
  button(root, "Notes", "Speaker notes in a window of their own", () => {
    const url = new URL(window.location.href);
    url.search = "?notes=1";
    window.open(url, "how-a-computer-sees-notes", "popup,width=720,height=860");
  });
  button(root, "Leave", "Back to the full page, at this section", () => {
    root.leaving = true; // the address keeps no slide from now on
    root.latest.setTriggerValue("leave", root.current || "");
  });
  root.appendChild(root.bar);
}

function listen(root, channel) {
  root.channel = new BroadcastChannel(channel);
  root.channel.onmessage = (message) => {
    if (message.data?.type === "hello" && root.said && root.latest.data.presenting) {
      root.channel.postMessage(root.said);
    }
  };
  window.addEventListener("keydown", (event) => onKey(root, event), true);
  root.resizes = new ResizeObserver(() => fit(root));
  root.mutations = new MutationObserver(() => {
    if (root.latest.data.presenting) show(root);
  });
  window.addEventListener("resize", () => fit(root));
}

function stopPresenting(root) {
  if (root.said) root.channel.postMessage({ type: "stopped" });
  root.said = null;
  root.saidText = null;
  document.documentElement.removeAttribute("data-presenter-ready");
  root.mutations.disconnect();
  root.resizes.disconnect();
  root.watchedSize = null;
  root.current = null;
  style("presenter-slide").textContent = "";
  for (const element of slides()) {
    element.style.zoom = "";
    element.style.width = "";
  }
  root.bar.hidden = true;
}

// data.scrollTo: a slide's name (where presenting left off) or number ("3", "last": a link's).
// Scrolled to once the page's run is over, when the page has its full-page layout.
function scrollOnce(root, data) {
  const target = data.scrollTo;
  if (!target || target === root.scrolledTo) return;
  root.scrolledTo = target;
  const scroll = () => {
    if (scriptRunning()) {
      window.setTimeout(scroll, 100);
      return;
    }
    const all = slides();
    const named = all.find((candidate) => slideName(candidate) === target);
    const numbered = /^(\d+|last)$/.test(target) ? slideNumbered(all, target) : null;
    (named || numbered)?.scrollIntoView({ block: "start" });
  };
  scroll();
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".presenter");
  if (!root) {
    root = document.createElement("div");
    root.className = "presenter";
    parentElement.appendChild(root);
    build(root);
    listen(root, data.channel);
  }
  const before = root.latest?.data;
  root.latest = { data, setTriggerValue };
  if (!data.presenting) {
    stopPresenting(root);
    scrollOnce(root, data);
    return;
  }
  if (!before?.presenting) {
    root.leaving = false;
    root.scrolledTo = null; // leaving again at the same section scrolls there again
  }
  if (!before?.presenting || before.page !== data.page) {
    root.current = null; // a new page (or presenting again): Python says which slide
    root.wanted = data.slide || "1";
  }
  root.bar.hidden = false;
  root.mutations.observe(document.querySelector('[data-testid="stMain"]') || document.body, {
    childList: true,
    subtree: true,
  });
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) root.mutations.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  show(root);
}
