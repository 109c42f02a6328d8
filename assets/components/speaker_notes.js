// The presenter's notes window (?notes=1, pages/presenter.py): it listens on the same
// BroadcastChannel as the presenting window (assets/components/presenter.js) and shows the
// explanations folded away from the slide on screen. Text only (textContent): notes quote
// picture names and other text from outside the app.

function paragraph(parent, tag, text, className) {
  const made = document.createElement(tag);
  made.textContent = text;
  if (className) made.className = className;
  parent.appendChild(made);
  return made;
}

function render(root, said) {
  root.replaceChildren();
  paragraph(root, "p", `${said.pageTitle} · slide ${said.number} of ${said.count}`, "where");
  paragraph(root, "h1", said.heading);
  if (!said.notes.length) paragraph(root, "p", "No notes for this slide.", "empty");
  for (const note of said.notes) paragraph(root, "p", note, "note");
  if (said.nextHeading) paragraph(root, "p", `Next: ${said.nextHeading}`, "next");
}

function waiting(root, text) {
  root.replaceChildren();
  paragraph(root, "h1", "Speaker notes");
  paragraph(root, "p", text, "empty");
}

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".speaker-notes");
  if (root) return;
  root = document.createElement("div");
  root.className = "speaker-notes";
  root.setAttribute("aria-live", "polite");
  parentElement.appendChild(root);
  const wait = "Waiting for the presenting window: open a page with presenter mode on, in this " +
    "browser, and its slide's notes appear here.";
  waiting(root, wait);
  const channel = new BroadcastChannel(data.channel);
  channel.onmessage = (message) => {
    if (message.data?.type === "slide") render(root, message.data);
    if (message.data?.type === "stopped") waiting(root, `Presenter mode was left. ${wait}`);
  };
  channel.postMessage({ type: "hello" });
}
