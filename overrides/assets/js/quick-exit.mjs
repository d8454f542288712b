// Quick Exit: enhances the plain "Exit this page" link (partials/quick-exit.html).
//
// After the GOV.UK "Exit this page" pattern (govuk-frontend, components/exit-this-page),
// with two differences: location.replace instead of a normal navigation, so Back does
// not return to the page being left, and no Esc shortcut (GOV.UK dropped it,
// alphagov/govuk-design-system#2402). The link itself is the feature; the shortcut is
// an extra that misfires on some virtual keyboards (alphagov/govuk-frontend#4095).

const PRESSES = 3;
const WINDOW_MS = 5000; // each press must follow the last within this time

const MESSAGES = {
  more: (n) => `Shift, press ${n} more ${n === 1 ? "time" : "times"} to exit.`,
  expired: "Exit this page expired.",
  leaving: "Leaving this page.",
};

// One keyboard listener per document, whatever the number of mounts: instant
// navigation keeps the document, and the link, from page to page.
let listening = false;
let current = null; // { link, status, lights }
let presses = 0;
let shiftAlone = false; // Shift went down and no other key has been pressed since
let pressTimer = 0;
let clearTimer = 0;

export function mount(link) {
  const lights = document.createElement("span");
  lights.className = "quick-exit__lights";
  lights.setAttribute("aria-hidden", "true");
  for (let i = 0; i < PRESSES; i += 1) lights.append(document.createElement("span"));
  link.append(lights);

  const status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.dataset.quickExitStatus = "";
  link.after(status);

  link.addEventListener("click", (event) => {
    // Any click leaves, a middle or Ctrl click too: a new tab would leave this one open.
    event.preventDefault();
    leave();
  });
  current = { link, status, lights };

  if (!listening) {
    listening = true;
    document.addEventListener("keydown", onKeydown, true);
    document.addEventListener("keyup", onKeyup, true);
    // A page restored from the back-forward cache would still be blank: undo the exit.
    window.addEventListener("pageshow", reset);
  }
}

/** Blank the page at once, then replace it in history with the neutral site. */
function leave() {
  if (!current) return;
  const root = document.documentElement;
  root.classList.add("quick-exit-active");
  // A blank white page; the announcement is for screen readers only, so a person
  // glancing at the screen sees nothing about this site.
  const overlay = document.createElement("div");
  overlay.className = "quick-exit-overlay";
  const note = document.createElement("p");
  note.className = "visually-hidden";
  note.setAttribute("role", "alert");
  overlay.append(note);
  document.body.append(overlay);
  // Text set after insertion: screen readers announce the change more reliably.
  note.textContent = MESSAGES.leaving;
  window.location.replace(current.link.href);
}

function onKeydown(event) {
  if (event.key === "Shift") {
    if (!event.repeat) shiftAlone = true;
  } else {
    // Shift used with another key (a capital letter), or any other key: not the shortcut.
    shiftAlone = false;
    if (presses > 0) expire();
  }
}

function onKeyup(event) {
  if (event.key !== "Shift" || !shiftAlone || !current) return;
  shiftAlone = false;
  presses += 1;
  window.clearTimeout(pressTimer);
  window.clearTimeout(clearTimer);
  if (presses >= PRESSES) {
    presses = 0;
    showLights();
    current.status.textContent = "";
    leave();
    return;
  }
  showLights();
  current.status.textContent = MESSAGES.more(PRESSES - presses);
  pressTimer = window.setTimeout(expire, WINDOW_MS);
}

function expire() {
  presses = 0;
  window.clearTimeout(pressTimer);
  showLights();
  if (!current) return;
  const { status } = current;
  status.textContent = MESSAGES.expired;
  clearTimer = window.setTimeout(() => {
    status.textContent = "";
  }, WINDOW_MS);
}

function showLights() {
  if (!current) return;
  current.lights.classList.toggle("quick-exit__lights--on", presses > 0);
  [...current.lights.children].forEach((light, i) => light.classList.toggle("is-lit", i < presses));
}

function reset() {
  document.documentElement.classList.remove("quick-exit-active");
  for (const overlay of document.querySelectorAll(".quick-exit-overlay")) overlay.remove();
  presses = 0;
  shiftAlone = false;
  window.clearTimeout(pressTimer);
  window.clearTimeout(clearTimer);
  showLights();
  if (current) current.status.textContent = "";
}
