// Presentation: turns the long page of slides in docs/trainers/presentation.md into
// one slide at a time, for a projector.
//
// Without JavaScript the page is a plain sequence of <section class="slide"> blocks
// (readable, printable one slide per sheet). mount() adds a "Start presentation"
// button; presenting covers the window with the current slide, "Slide n of m" (a
// polite live region), Previous / Next / Full screen / Exit presentation buttons and
// the keys Right, Left, PageDown, PageUp, Space (Shift+Space back), Home, End, Esc.
//
// Material's instant navigation swaps the page without unloading it, so nothing here
// waits for DOMContentLoaded: main.mjs calls mount(root) on each new root. The one
// window listener lives only while presenting and removes itself if the root has been
// swapped out of the document.

const STEP_KEYS = {
  ArrowRight: 1,
  PageDown: 1,
  " ": 1,
  ArrowLeft: -1,
  PageUp: -1,
  // Material binds n/p (and ./,) to the next/previous *page*: while presenting they
  // move between slides instead, so a presenter cannot leave the talk by accident.
  n: 1,
  ".": 1,
  p: -1,
  ",": -1,
};

// main.mjs marks roots data-presentation-init before calling mount(); this guards
// against a second direct call on the same element.
const mounted = new WeakSet();

export function mount(root) {
  if (mounted.has(root)) return;
  const slides = [...root.querySelectorAll("section.slide")];
  if (slides.length === 0) return;
  mounted.add(root);

  const title = slides[0].querySelector("h1, h2, h3");
  let current = 0;
  let keys = null; // AbortController of the window listener while presenting
  let returnFocus = null;

  const startBar = element("div", "presentation__start");
  const start = button("Start presentation", "md-button md-button--primary");
  const hint = element("p", "presentation__hint");
  hint.textContent =
    "Shows one slide at a time. Use the Right and Left arrow keys, Page Down and Page Up, " +
    "or Space, to move between slides; Home and End for the first and last; Esc to stop.";
  startBar.append(start, hint);

  const controls = element("div", "presentation__controls");
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", "Presentation controls");
  const previous = button("Previous", "md-button");
  const status = element("p", "presentation__status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  const next = button("Next", "md-button md-button--primary");
  const full = button("Full screen", "md-button");
  const exit = button("Exit presentation", "md-button");
  controls.append(previous, status, next);
  // Fullscreen is an extra (not every browser or iframe allows it); the overlay alone
  // already fills the window.
  if (document.fullscreenEnabled && typeof root.requestFullscreen === "function") controls.append(full);
  controls.append(exit);
  controls.hidden = true;

  root.prepend(startBar);
  root.append(controls);

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => {
      slide.hidden = i !== current;
    });
    status.textContent = `Slide ${current + 1} of ${slides.length}`;
    // aria-disabled rather than disabled: a disabled button drops keyboard focus.
    previous.setAttribute("aria-disabled", String(current === 0));
    next.setAttribute("aria-disabled", String(current === slides.length - 1));
    root.scrollTop = 0;
  }

  function enter(index = 0) {
    if (root.classList.contains("is-presenting")) return;
    returnFocus = document.activeElement;
    root.classList.add("is-presenting");
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-label", `Presentation: ${title ? title.textContent.replace(/¶$/, "").trim() : "slides"}`);
    root.tabIndex = -1;
    startBar.hidden = true;
    controls.hidden = false;
    show(index);
    keys = new AbortController();
    // Capture phase on window: runs before Material's own window keydown handler.
    window.addEventListener("keydown", onKey, { capture: true, signal: keys.signal });
    root.focus();
  }

  function leave() {
    if (!root.classList.contains("is-presenting")) return;
    if (keys) keys.abort();
    keys = null;
    if (document.fullscreenElement === root) document.exitFullscreen().catch(() => {});
    root.classList.remove("is-presenting");
    for (const name of ["role", "aria-modal", "aria-label", "tabindex"]) root.removeAttribute(name);
    slides.forEach((slide) => {
      slide.hidden = false;
    });
    controls.hidden = true;
    startBar.hidden = false;
    // Back to where the reader was in the long page: the slide just shown.
    slides[current].scrollIntoView({ block: "start" });
    (returnFocus && returnFocus.isConnected && returnFocus !== document.body ? returnFocus : start).focus({
      preventScroll: true,
    });
  }

  function onKey(event) {
    if (!root.isConnected) {
      // Instant navigation swapped the page while presenting.
      if (keys) keys.abort();
      keys = null;
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+Left is "Back"
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "Escape") {
      // In full screen the browser takes Esc to leave full screen first.
      stop(event);
      leave();
      return;
    }
    if (event.key === "Tab") {
      trapFocus(event);
      return;
    }
    if (event.key === "Home" || event.key === "End") {
      stop(event);
      show(event.key === "Home" ? 0 : slides.length - 1);
      return;
    }
    let step = STEP_KEYS[event.key];
    if (step === undefined) return;
    // Space on a focused button or link activates it, as it should.
    if (event.key === " " && target instanceof Element && target.closest("button, a, summary")) return;
    if (event.key === " " && event.shiftKey) step = -1;
    stop(event);
    show(current + step);
  }

  // The overlay is modal: Tab and Shift+Tab cycle through what is visible in it.
  function trapFocus(event) {
    const focusable = [...root.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")].filter(
      (el) => el !== root && el.tabIndex >= 0 && !el.closest("[hidden]") && el.getClientRects().length > 0,
    );
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === root || !root.contains(active))) {
      stop(event);
      last.focus();
    } else if (!event.shiftKey && (active === last || !root.contains(active))) {
      stop(event);
      first.focus();
    }
  }

  start.addEventListener("click", () => enter(slideFromHash()));
  previous.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  exit.addEventListener("click", leave);
  full.addEventListener("click", () => {
    if (document.fullscreenElement === root) document.exitFullscreen().catch(() => {});
    else root.requestFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", function onFullscreen() {
    if (!root.isConnected) {
      document.removeEventListener("fullscreenchange", onFullscreen);
      return;
    }
    full.textContent = document.fullscreenElement === root ? "Leave full screen" : "Full screen";
  });

  /** Start at the slide holding the element the address points to (#a-heading), else the first. */
  function slideFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const index = target ? slides.findIndex((slide) => slide.contains(target)) : -1;
    return index >= 0 ? index : 0;
  }
}

function stop(event) {
  event.preventDefault();
  event.stopPropagation();
}

function element(tag, className) {
  const el = document.createElement(tag);
  el.className = className;
  return el;
}

function button(label, className) {
  const el = element("button", className);
  el.type = "button";
  el.textContent = label;
  return el;
}
