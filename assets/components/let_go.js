// Shared by every browser component (pages/instant.py puts it before each one's own code):
// how a component tells Python its values once the person lets go of a slider.
//
// `valuesOf()` reads the values on screen. They are sent when the pointer is released, on
// Enter, or when the focus leaves the component, and only if they differ from
// `root.committed` (the values Python last gave or was told). Each letting go carries its
// own mark, which pages.instant.new_commit reads, so the same values let go of twice (with a
// preset in between) count twice.
function sendOnLetGo(root, valuesOf) {
  const commit = () => {
    const values = valuesOf();
    if (values.join(",") === root.committed) return;
    root.committed = values.join(",");
    root.latest.setStateValue("values", { values, commit: `${Date.now()}-${Math.random()}` });
  };
  root.addEventListener("pointerup", commit);
  root.addEventListener("keyup", (event) => { if (event.key === "Enter") commit(); });
  root.addEventListener("focusout", commit);
}
