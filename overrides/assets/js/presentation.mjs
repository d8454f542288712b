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

import { Component } from "./component.mjs";

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

export class Presentation extends Component {
  static moduleName = "presentation";

  constructor(root, slides) {
    super(root);
    this.slides = slides;
    this.title = slides[0].querySelector("h1, h2, h3");
    this.current = 0;
    this.keys = null; // AbortController of the window listener while presenting
    this.returnFocus = null;
    this.buildStartBar();
    this.buildControls();
    root.prepend(this.startBar);
    root.append(this.controls);
    this.bind();
  }

  get presenting() {
    return this.root.classList.contains("is-presenting");
  }

  // --- markup --------------------------------------------------------------------

  buildStartBar() {
    this.startBar = element("div", "presentation__start");
    this.startButton = button("Start presentation", "md-button md-button--primary");
    const hint = element("p", "presentation__hint");
    hint.textContent =
      "Shows one slide at a time. Use the Right and Left arrow keys, Page Down and Page Up, " +
      "or Space, to move between slides; Home and End for the first and last; Esc to stop.";
    this.startBar.append(this.startButton, hint);
  }

  buildControls() {
    const controls = element("div", "presentation__controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Presentation controls");
    this.previous = button("Previous", "md-button");
    this.status = element("p", "presentation__status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    this.next = button("Next", "md-button md-button--primary");
    this.full = button("Full screen", "md-button");
    this.exit = button("Exit presentation", "md-button");
    controls.append(this.previous, this.status, this.next);
    // Fullscreen is an extra (not every browser or iframe allows it); the overlay alone
    // already fills the window.
    if (document.fullscreenEnabled && typeof this.root.requestFullscreen === "function") controls.append(this.full);
    controls.append(this.exit);
    controls.hidden = true;
    this.controls = controls;
  }

  bind() {
    this.startButton.addEventListener("click", () => this.enter(this.slideFromHash()));
    this.previous.addEventListener("click", () => this.show(this.current - 1));
    this.next.addEventListener("click", () => this.show(this.current + 1));
    this.exit.addEventListener("click", () => this.leave());
    this.full.addEventListener("click", () => this.toggleFullscreen());
    const onFullscreen = () => {
      if (!this.root.isConnected) {
        document.removeEventListener("fullscreenchange", onFullscreen);
        return;
      }
      this.full.textContent = document.fullscreenElement === this.root ? "Leave full screen" : "Full screen";
    };
    document.addEventListener("fullscreenchange", onFullscreen);
  }

  // --- presenting ------------------------------------------------------------------

  /** Show slide `index` alone (clamped to the slides there are). */
  show(index) {
    const { slides } = this;
    this.current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => {
      slide.hidden = i !== this.current;
    });
    this.status.textContent = `Slide ${this.current + 1} of ${slides.length}`;
    // aria-disabled rather than disabled: a disabled button drops keyboard focus.
    this.previous.setAttribute("aria-disabled", String(this.current === 0));
    this.next.setAttribute("aria-disabled", String(this.current === slides.length - 1));
    this.root.scrollTop = 0;
  }

  /** Cover the window with one slide at a time, as a modal dialog. */
  enter(index = 0) {
    const { root } = this;
    if (this.presenting) return;
    this.returnFocus = document.activeElement;
    root.classList.add("is-presenting");
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-label", `Presentation: ${this.title ? this.title.textContent.replace(/¶$/, "").trim() : "slides"}`);
    root.tabIndex = -1;
    this.startBar.hidden = true;
    this.controls.hidden = false;
    this.show(index);
    this.keys = new AbortController();
    // Capture phase on window: runs before Material's own window keydown handler.
    window.addEventListener("keydown", (event) => this.onKey(event), { capture: true, signal: this.keys.signal });
    root.focus();
  }

  /** Back to the long page, at the slide just shown. */
  leave() {
    const { root } = this;
    if (!this.presenting) return;
    this.stopListening();
    if (document.fullscreenElement === root) document.exitFullscreen().catch(() => {});
    root.classList.remove("is-presenting");
    for (const name of ["role", "aria-modal", "aria-label", "tabindex"]) root.removeAttribute(name);
    this.slides.forEach((slide) => {
      slide.hidden = false;
    });
    this.controls.hidden = true;
    this.startBar.hidden = false;
    // Back to where the reader was in the long page: the slide just shown.
    this.slides[this.current].scrollIntoView({ block: "start" });
    const back = this.returnFocus;
    (back && back.isConnected && back !== document.body ? back : this.startButton).focus({ preventScroll: true });
  }

  stopListening() {
    if (this.keys) this.keys.abort();
    this.keys = null;
  }

  toggleFullscreen() {
    if (document.fullscreenElement === this.root) document.exitFullscreen().catch(() => {});
    else this.root.requestFullscreen().catch(() => {});
  }

  // --- keys ------------------------------------------------------------------------

  onKey(event) {
    if (!this.root.isConnected) {
      // Instant navigation swapped the page while presenting.
      this.stopListening();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+Left is "Back"
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "Escape") {
      // In full screen the browser takes Esc to leave full screen first.
      stop(event);
      this.leave();
      return;
    }
    if (event.key === "Tab") {
      this.trapFocus(event);
      return;
    }
    if (event.key === "Home" || event.key === "End") {
      stop(event);
      this.show(event.key === "Home" ? 0 : this.slides.length - 1);
      return;
    }
    let step = STEP_KEYS[event.key];
    if (step === undefined) return;
    // Space on a focused button or link activates it, as it should.
    if (event.key === " " && target instanceof Element && target.closest("button, a, summary")) return;
    if (event.key === " " && event.shiftKey) step = -1;
    stop(event);
    this.show(this.current + step);
  }

  // The overlay is modal: Tab and Shift+Tab cycle through what is visible in it.
  trapFocus(event) {
    const { root } = this;
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

  /** Start at the slide holding the element the address points to (#a-heading), else the first. */
  slideFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const index = target ? this.slides.findIndex((slide) => slide.contains(target)) : -1;
    return index >= 0 ? index : 0;
  }
}

/** main.mjs calls this on each new root; a page with no slides is left as it is. */
export function mount(root) {
  // main.mjs marks roots data-presentation-init first; this also guards a second direct call.
  if (Presentation.on(root)) return Presentation.on(root);
  const slides = [...root.querySelectorAll("section.slide")];
  if (slides.length === 0) return null;
  return new Presentation(root, slides);
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
