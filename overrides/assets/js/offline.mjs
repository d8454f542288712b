// The "Use this site offline" widget (docs/offline.md, data-module="offline"): a button that
// keeps a copy of the whole site in this browser, one that removes it, and what is happening.
//
// Markup (shipped hidden: it needs this script; the page says so in a <noscript>):
//   [data-offline-state]   role="status"; its value is off, saving, ready or error, and its text
//                          says the same in words (announced politely, at each change of state
//                          and each quarter of a save, never at every file)
//   [data-offline-progress]  a <progress> of bytes kept, and [data-offline-progress-text]
//                          ("12 of 62 files, 3.1 of 16.6 MB"), shown while saving
//   [data-offline-save], [data-offline-remove]  the two buttons
// The root carries the names of the site's caches (data-offline-cache-prefix,
// data-offline-saved-states), written by overrides/hooks/offline.py.

import {
  canKeepACopy,
  megabytes,
  onWorkerMessage,
  registration,
  removeEverything,
  saveCopy,
  watchForUpdates,
} from "./offline-copy.mjs";
import { RUNTIME_INFO, startStateWorker, stateKey } from "./calc-python.mjs";
import { formatDate, isoDay } from "./dates.mjs";

export function mount(root) {
  return new OfflineCopy(root).start();
}

const TEXT = {
  off: "No copy of this site is kept in this browser.",
  unsupported:
    "This browser cannot keep a copy of this site. It needs a recent browser, and the site opened over a secure (https) connection. " +
    "Some browsers also turn this off in private windows.",
  starting: "Saving a copy of this site in this browser. You can go on reading while it saves.",
  removed:
    "The offline copy has been removed from this browser, with everything else this site kept in its storage " +
    "(the calculators' saved start-up state). Your history is not changed: see Browsing safely.",
};

// How long a worker that has stopped is given for its last message to arrive (follow()).
const SAYING_WHY_MS = 1000;

// Making the calculators' start-up state (prepareCalculators): one per tab, kept here rather
// than in a widget, so a "Remove" pressed after instant navigation back to this page stops it.
let stateWorker = null;

/** Stops making the start-up state, if this tab is; true if it was. */
function stopMakingState() {
  if (!stateWorker) return false;
  stateWorker.terminate();
  stateWorker = null;
  return true;
}

class OfflineCopy {
  constructor(root) {
    this.root = root;
    this.status = root.querySelector("[data-offline-state]");
    this.progress = root.querySelector("[data-offline-progress]");
    this.progressLabel = root.querySelector("[data-offline-progress-label]");
    this.bar = root.querySelector("[data-offline-progress] progress");
    this.progressText = root.querySelector("[data-offline-progress-text]");
    this.saveButton = root.querySelector("[data-offline-save]");
    this.removeButton = root.querySelector("[data-offline-remove]");
    this.names = { cachePrefix: root.dataset.offlineCachePrefix, savedStates: root.dataset.offlineSavedStates };
    this.removing = false;
    this.registering = null; // a save's register() under way: "Remove" waits for it, then undoes it
    this.following = null; // the worker whose save this page is showing (follow())
    this.quarter = 0; // the last quarter of a save announced
  }

  async start() {
    if (!this.status || !this.saveButton || !this.removeButton || !this.bar) throw new Error("the offline widget's markup is incomplete");
    if (!this.names.cachePrefix || !this.names.savedStates) throw new Error("the page does not name the site's caches");
    this.saveButton.addEventListener("click", () => this.save());
    this.removeButton.addEventListener("click", () => this.remove());
    if (!canKeepACopy()) {
      this.setState("off", TEXT.unsupported);
      this.saveButton.hidden = true;
    } else {
      this.stopListening = onWorkerMessage((message) => this.heard(message));
      watchForUpdates();
      await this.showWhatIsKept();
    }
    this.root.hidden = false;
  }

  // ---------------------------------------------------------------- what the worker says

  async showWhatIsKept() {
    const found = await registration();
    if (found?.active) {
      this.setState("ready", "A copy of this site is kept in this browser.");
      found.active.postMessage({ type: "offline-status" }); // its size and date come back as a message
    } else if (found?.installing || found?.waiting) {
      this.setState("saving", TEXT.starting);
      this.follow(found.installing ?? found.waiting);
    } else {
      this.setState("off", TEXT.off);
    }
    // An update being saved beside the kept copy, or a first save: its progress comes back too.
    found?.installing?.postMessage({ type: "offline-status" });
  }

  heard(message) {
    if (!this.root.isConnected) return this.stopListening(); // the reader has moved to another page
    if (this.removing) return;
    if (message.state === "saving") this.saving(message);
    else if (message.state === "ready") this.ready(message);
    else if (message.state === "removed" || message.cancelled) this.removedElsewhere();
    else if (message.state === "error") this.failed(message);
  }

  // "Remove the offline copy" pressed in another tab (this tab's own removal is remove()): the
  // copy has gone, or the save under way was stopped. Say so, rather than "kept" or "failed".
  removedElsewhere() {
    // Making the calculators' start-up state from the copy: stopped, and what it may have
    // written after the other tab cleared the caches goes too.
    if (stopMakingState()) caches.delete(this.names.savedStates).catch(() => {});
    if (this.current !== "off") this.showRemoved();
  }

  saving(progress) {
    const update = progress.update && this.current === "ready";
    if (!update && this.current !== "saving") this.setState("saving", TEXT.starting);
    this.progress.hidden = false;
    this.progressLabel.textContent = update ? "Saving the new version of this site" : "Saving this site";
    this.bar.max = progress.totalBytes;
    this.bar.value = progress.bytes;
    this.progressText.textContent =
      `${progress.files} of ${progress.totalFiles} files, ${megabytes(progress.bytes)} of ${megabytes(progress.totalBytes)}`;
    const quarter = Math.floor((4 * progress.bytes) / progress.totalBytes);
    if (!update && quarter > this.quarter && quarter < 4) {
      this.quarter = quarter;
      this.status.textContent = `${TEXT.starting} ${quarter * 25}% saved.`;
    }
  }

  ready({ totalBytes, savedAt, replaced }) {
    const firstSave = this.current === "saving";
    const when = savedAt ? `, saved on ${formatDate(isoDay(new Date(savedAt)))}` : "";
    const was = replaced ? "Your offline copy has been updated to the new version of this site. " : "";
    this.setState(
      "ready",
      `${was}A copy of this site is kept in this browser (${megabytes(totalBytes)}${when}). ` +
        "Every page and the three calculators work with no connection. " +
        "When you visit with a connection and the site has changed, the copy is updated.",
    );
    this.progress.hidden = true;
    this.saveButton.hidden = true;
    // Ask the browser not to clear the copy when the device runs short of space (it may say no).
    if (firstSave) navigator.storage?.persist?.().catch(() => {});
    this.prepareCalculators();
  }

  // Once the copy is kept, the calculators' Python start-up state is made too, from the copy,
  // if this build has none yet (calc-python.mjs): otherwise the first calculator opened with
  // no connection would start Python the long way and make the state only then. Measured on
  // the phone profile (scripts/benchmark.py): that first visit took about twice as long as
  // later ones. It is part of the copy: "Remove" stops it and deletes it with the rest.
  async prepareCalculators() {
    if (stateWorker || this.removing || typeof Worker === "undefined") return;
    try {
      const key = stateKey(await (await fetch(RUNTIME_INFO)).json());
      // caches.match with a cacheName looks without creating the cache.
      if (!key || this.removing || (await caches.match(key, { cacheName: this.names.savedStates }))) return;
      const saver = startStateWorker(key);
      saver.addEventListener("message", () => stateWorker === saver && (stateWorker = null));
      stateWorker = saver;
    } catch (error) {
      console.warn("The calculators' start-up state was not made now; the first calculator used will make it:", error);
    }
  }

  failed({ message, update }) {
    this.progress.hidden = true;
    if (update && this.current === "ready") {
      this.status.textContent =
        `The new version of this site could not be saved (${message}). ` +
        "Your offline copy is still the earlier version, and it works. The new one is tried again on your next visit.";
      return;
    }
    this.setState(
      "error",
      `The copy could not be saved: ${message}. Try again when you have a better connection: ` +
        "what was saved so far is kept for the next try. Or remove it with the button below.",
    );
    this.saveButton.textContent = "Try again";
    this.saveButton.hidden = false;
    this.saveButton.removeAttribute("aria-disabled");
  }

  // If the worker stops during its install without saying why, the save has failed all the same.
  // Its own last message (which file failed, or "removed" in another tab) can arrive just after
  // it stops, so it gets a moment to say why first.
  follow(worker) {
    this.following = worker;
    worker?.addEventListener("statechange", () => {
      if (worker.state !== "redundant") return;
      setTimeout(() => {
        if (this.following === worker && this.current === "saving" && !this.removing) {
          this.failed({ message: "the browser stopped saving it", update: false });
        }
      }, SAYING_WHY_MS);
    });
  }

  // ---------------------------------------------------------------- the buttons

  async save() {
    if (this.saveButton.getAttribute("aria-disabled") === "true") return; // pressed twice
    // aria-disabled rather than disabled: the button keeps the keyboard focus.
    this.saveButton.setAttribute("aria-disabled", "true");
    this.quarter = 0;
    this.setState("saving", TEXT.starting);
    try {
      this.registering = saveCopy();
      const found = await this.registering;
      const worker = found.installing ?? found.waiting;
      if (worker) {
        this.follow(worker);
        worker.postMessage({ type: "offline-status" });
      } else {
        found.active?.postMessage({ type: "offline-status" }); // already kept (another tab saved it)
      }
    } catch (error) {
      this.failed({ message: `the browser did not start saving it (${error.message})`, update: false });
    }
  }

  async remove() {
    if (this.removing) return;
    this.removing = true;
    this.removeButton.setAttribute("aria-disabled", "true");
    try {
      await this.registering?.catch(() => {}); // so a save pressed just before is undone too
      stopMakingState(); // so no start-up state is written after the caches go
      await removeEverything(this.names);
      this.showRemoved();
    } catch (error) {
      this.setState(
        "error",
        `The copy could not be removed (${error.message}). Your browser's own setting to clear a site's data removes it too: see Browsing safely.`,
      );
    } finally {
      this.removing = false;
      this.removeButton.removeAttribute("aria-disabled");
    }
  }

  showRemoved() {
    this.progress.hidden = true;
    this.setState("off", TEXT.removed);
    this.saveButton.textContent = "Save this site for offline use";
    this.saveButton.hidden = !canKeepACopy();
    this.saveButton.removeAttribute("aria-disabled");
  }

  // ---------------------------------------------------------------- the state, in a value and in words

  get current() {
    return this.status.dataset.offlineState;
  }

  setState(state, text) {
    this.status.dataset.offlineState = state;
    this.root.dataset.offlineCopy = state; // for the styles
    this.status.textContent = text;
  }
}
