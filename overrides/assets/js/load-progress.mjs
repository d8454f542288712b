// How far Python has got while it loads, for a calculator widget: a labelled progress bar of
// the bytes received out of the total ("2.1 of 4.6 MB"), and a status line that moves on as
// each step ends (downloading, starting Python, loading the calculators). On a slow link it
// says so, and that the rules below can be read meanwhile.
//
//   import { createLoadProgress } from "./load-progress.mjs";
//   const progress = createLoadProgress("timescales");
//   status.after(progress.element);
//   onProgress((update) => progress.update(update));  // pyodide-client.mjs
//   progress.update(null);                            // loaded (or failed): hidden
//
// update: {step, message, received, total} from calc-worker.mjs. received and total count
// bytes as the host sends them (compressed), derived by the worker from what it reads and
// the build's figures (runtime.json); with no total the bar is indeterminate.
//
// For screen readers: the bar is a <progress> labelled "Download progress", its
// aria-valuetext in words ("2.1 of 4.6 MB received"). The status line is a polite live
// region that changes only when a step ends, at each quarter of the download, and once to
// say the link is slow, so a reader hears a handful of updates, not a flood. The byte count
// beside the bar changes often and is hidden from them (the bar carries it).

// Slow: after SLOW_AFTER_MS of downloading, the rest would take more than SLOW_REMAINING_S.
const SLOW_AFTER_MS = 2000;
const SLOW_REMAINING_S = 8;
const QUARTERS = ["a quarter", "half", "three quarters"]; // "More than half done."

let serial = 0;

/** Megabytes, one decimal: 2123456 -> "2.1". */
export function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

/** "2.1 of 4.6 MB" */
export function bytesText(received, total) {
  return `${megabytes(Math.min(received, total))} of ${megabytes(total)} MB`;
}

export function createLoadProgress(name = "calculator") {
  const id = `load-progress-${name}-${++serial}`;
  const element = document.createElement("div");
  element.className = "calc-progress calc-load";
  element.dataset.loadProgress = "";
  element.hidden = true;

  const label = document.createElement("label");
  label.className = "calc-load__label";
  label.htmlFor = id;
  label.textContent = "Download progress";
  const bar = document.createElement("progress");
  bar.id = id;
  bar.className = "calc-load__bar";
  const bytes = document.createElement("span");
  bytes.className = "calc-load__bytes";
  bytes.setAttribute("aria-hidden", "true");
  const status = document.createElement("p");
  status.className = "calc-load__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  element.append(label, bar, bytes, status);

  let step = null;
  let quarter = 0; // quarters of the download announced so far
  let startedAt = 0;
  let slow = false;
  let shownMax = 0;
  let shownValue = 0;

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function statusText(message) {
    let text = message;
    if (step === "download" && quarter > 0) text += ` More than ${QUARTERS[quarter - 1]} done.`;
    if (slow) text += " This is slow on your connection. The rules below can be read meanwhile: the calculator will show its answer when it is ready.";
    return text;
  }

  function update(data) {
    if (!data) {
      element.hidden = true;
      step = null;
      return;
    }
    const { step: nextStep = "download", message = "Loading the calculator…", received = 0, total = 0 } =
      typeof data === "string" ? { message: data } : data;
    element.hidden = false;
    const now = performance.now();
    if (!startedAt) startedAt = now;

    // The bar never goes back, whatever arrives out of order; its total may grow (a file
    // whose real size the host told differs from the build's figure).
    if (total > 0) {
      shownMax = Math.max(shownMax, total);
      shownValue = Math.min(shownMax, Math.max(shownValue, received));
      if (nextStep !== "download") shownValue = shownMax; // every byte is in
      bar.max = shownMax;
      bar.value = shownValue;
      bar.setAttribute("aria-valuetext", `${bytesText(shownValue, shownMax)} received`);
      let text = bytesText(shownValue, shownMax);
      if (nextStep === "download" && now - startedAt > SLOW_AFTER_MS && shownValue > 0) {
        const rate = shownValue / ((now - startedAt) / 1000);
        const remaining = (shownMax - shownValue) / rate;
        if (remaining > SLOW_REMAINING_S) slow = true;
        if (slow) text += `, about ${Math.max(1, Math.round(remaining))} s more`;
      }
      bytes.textContent = text;
    } else {
      bar.removeAttribute("value"); // indeterminate: nothing to count against
      bar.removeAttribute("aria-valuetext");
      bytes.textContent = "";
    }

    const nextQuarter = nextStep === "download" && shownMax ? Math.min(3, Math.floor((4 * shownValue) / shownMax)) : quarter;
    if (nextStep !== step || nextQuarter > quarter) {
      step = nextStep;
      quarter = Math.max(quarter, nextQuarter);
      say(statusText(message));
    } else if (slow && !status.textContent.includes("slow")) {
      say(statusText(message));
    }
  }

  return { element, update };
}
