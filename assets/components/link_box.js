// "Link to this view" (pages/links.py): the page's address as the browser has it right now,
// ready to copy. Python cannot give it: a fragment's rerun (an instant slider let go of) writes
// its settings into the address with history.replaceState, but cannot redraw this popover,
// drawn outside the fragment. So the address is read here, from window.location: when the
// popover opens (which mounts this), when the Navigation API says the current entry changed
// (where the browser has it), and every CHECK_MS while the popover stays open.
// Text only (textContent): the address carries text from outside the app. Nothing is sent
// anywhere; Copy writes to this computer's clipboard.

const CHECK_MS = 250;
const SAID_MS = 4000; // how long "Copied." or a failure stays under the box

function build(root) {
  const box = document.createElement("div");
  box.className = "box";
  root.address = document.createElement("code");
  root.copy = document.createElement("button");
  root.copy.type = "button";
  root.copy.textContent = "Copy";
  root.copy.title = "Copy the link";
  root.said = document.createElement("p");
  root.said.className = "said";
  root.said.setAttribute("aria-live", "polite");
  box.append(root.address, root.copy);
  root.append(box, root.said);
}

function show(root) {
  const address = window.location.href;
  if (root.address.textContent !== address) root.address.textContent = address;
}

function say(root, text) {
  root.said.textContent = text;
  clearTimeout(root.saidTimer);
  root.saidTimer = setTimeout(() => { root.said.textContent = ""; }, SAID_MS);
}

// The address selected, so that Ctrl+C (or the menu's Copy) copies it when the button cannot.
function select(root) {
  const range = document.createRange();
  range.selectNodeContents(root.address);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

async function copy(root) {
  show(root);
  try {
    await navigator.clipboard.writeText(root.address.textContent);
    say(root, "Copied.");
  } catch {
    select(root);
    say(root, "Could not copy: the address is selected, copy it with Ctrl+C (⌘C on a Mac).");
  }
}

export default function (component) {
  const { parentElement } = component;
  let root = parentElement.querySelector(".link-box");
  if (!root) {
    root = document.createElement("div");
    root.className = "link-box";
    parentElement.appendChild(root);
    build(root);
    root.copy.addEventListener("click", () => copy(root));
  }
  show(root);
  if (root.timer) return root.cleanup;
  const follow = () => show(root);
  window.navigation?.addEventListener("currententrychange", follow);
  window.addEventListener("popstate", follow);
  root.timer = setInterval(follow, CHECK_MS);
  root.cleanup = () => {
    window.navigation?.removeEventListener("currententrychange", follow);
    window.removeEventListener("popstate", follow);
    clearInterval(root.timer);
    clearTimeout(root.saidTimer);
    root.timer = null;
  };
  return root.cleanup;
}
