// What the three calculator widgets share: the form (repeatable fields, URL prefill,
// errors beside fields), the call to Python, the loading and failure states, and the
// result frame (heading, calendar download, print). Each calculator module passes a
// small spec: its name, required fields, any composite field, and how to draw a result.
//
// Inputs stay in this tab: the URL is updated with history.replaceState so a scenario
// can be bookmarked or shared, and nothing is sent or stored (no storage APIs).

import { calculate, onProgress } from "./pyodide-client.mjs";
import { h, formatDate } from "./render.mjs";
import { downloadLink } from "./ics.mjs";
import { createLoadProgress } from "./load-progress.mjs";

// How long depends on the connection: the progress bar (load-progress.mjs) says how far it is.
const LOADING = "Loading the calculator…";

// Python answers for every widget in this tab through one client: once it has answered,
// later calls are quick and need no loading message, on this page or the next.
let loaded = false;
const waiting = new Set(); // widgets currently showing the loading message
onProgress((update) => {
  for (const widget of waiting) widget.progress(update);
});

/** Mount one calculator widget. spec: {calculator, required, setup, read, fill, render}. */
export function mountCalculator(root, spec) {
  const form = root.querySelector("form");
  const status = root.querySelector("[data-calc-status]");
  const results = root.querySelector("[data-calc-results]");
  if (!form || !status || !results) throw new Error("the calculator's markup is incomplete");

  const progress = createLoadProgress(form.id || spec.calculator);
  status.after(progress.element);
  const summary = h("div", {
    class: "calc-error-summary", "data-calc-error-summary": "", tabindex: "-1", hidden: true,
  });
  form.prepend(summary);

  let ticket = 0; // the latest request; older answers are dropped
  let revokeDownload = () => {};
  const repeats = new Map();
  const ctx = { root, form, repeat: (name) => repeats.get(name) };

  const widget = {
    progress(update) {
      progress.update(update);
    },
  };

  function setState(state, ...content) {
    root.dataset.state = state;
    status.replaceChildren(...content);
  }

  function stopWaiting() {
    waiting.delete(widget);
    widget.progress("");
  }

  function startWaiting() {
    if (loaded) return;
    waiting.add(widget);
    setState("loading", LOADING);
  }

  // --- the fields ---------------------------------------------------------------

  const groups = () => [...form.querySelectorAll("[data-field]")];
  const groupOf = (name) => form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  const controlsOf = (group) => [...group.querySelectorAll("input:not([type=checkbox]), select, textarea")];

  for (const group of form.querySelectorAll("[data-repeat]")) {
    repeats.set(group.dataset.repeat, setupRepeat(group));
  }
  if (spec.setup) spec.setup(ctx);

  /** The form as parameters: {name: [values]}, blanks left out, as URLSearchParams would. */
  function read() {
    const params = {};
    for (const group of groups()) {
      const name = group.dataset.field;
      const values = spec.read && spec.read[name]
        ? spec.read[name](group, ctx)
        : controlsOf(group).filter((c) => c.name === name).map((c) => c.value.trim()).filter(Boolean);
      if (values.length) params[name] = values;
    }
    return params;
  }

  /** Put parameters (from the URL) into the form. */
  function fill(params) {
    for (const group of groups()) {
      const name = group.dataset.field;
      const values = params[name] || [];
      if (spec.fill && spec.fill[name]) spec.fill[name](values, ctx);
      else if (repeats.has(name)) repeats.get(name).setValues(values);
      else {
        const control = controlsOf(group)[0];
        if (control) control.value = values[0] || "";
      }
    }
  }

  // --- errors (the GOV.UK error summary pattern) ---------------------------------

  function clearErrors() {
    summary.hidden = true;
    summary.replaceChildren();
    for (const message of form.querySelectorAll("[data-calc-error]")) {
      for (const owner of form.querySelectorAll(`[aria-describedby~="${message.id}"]`)) {
        const rest = owner.getAttribute("aria-describedby").split(/\s+/).filter((id) => id !== message.id);
        if (rest.length) owner.setAttribute("aria-describedby", rest.join(" "));
        else owner.removeAttribute("aria-describedby");
      }
      message.remove();
    }
    for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    for (const group of form.querySelectorAll(".calc-field--error")) group.classList.remove("calc-field--error");
  }

  /** The control a message is about: the one whose value it names, else the group's first. */
  function controlFor(group, message) {
    const controls = controlsOf(group);
    return controls.find((c) => c.value && (message.includes(c.value)
      || (c.type === "date" && message.includes(formatDate(c.value))))) || controls[0];
  }

  /** Show {field, message} beside its field and in a summary at the top; focus the summary. */
  function showError(error, control = null) {
    clearErrors();
    const message = error.message || "Something in the form could not be used.";
    const group = error.field ? groupOf(error.field) : null;
    const target = group ? control || controlFor(group, message) : null;
    let entry = message;
    if (group && target) {
      const id = `${target.id}-error`;
      const note = h("p", { class: "calc-error", id, "data-calc-error": error.field },
        h("span", { class: "visually-hidden" }, "Error: "), message);
      const anchor = group.querySelector(".calc-hint") || group.querySelector(":scope > label, :scope > legend");
      if (anchor) anchor.after(note);
      else group.prepend(note);
      const owners = group.matches("fieldset") && group !== target ? [target, group] : [target];
      for (const owner of owners) {
        owner.setAttribute("aria-describedby", [id, owner.getAttribute("aria-describedby")].filter(Boolean).join(" "));
      }
      target.setAttribute("aria-invalid", "true");
      group.classList.add("calc-field--error");
      entry = h("a", { href: `#${target.id}` }, message);
      entry.addEventListener("click", (event) => {
        event.preventDefault();
        target.focus();
        const label = form.querySelector(`label[for="${CSS.escape(target.id)}"]`);
        (label || target).scrollIntoView({ block: "center" });
      });
    }
    summary.append(h("div", { role: "alert" },
      h("h2", { class: "calc-error-summary__title" }, "There is a problem"),
      h("ul", { class: "calc-error-summary__list" }, h("li", {}, entry))));
    summary.hidden = false;
    summary.focus();
  }

  /** A date box holding something that is not a whole date has value "": say so instead of ignoring it. */
  function badDate() {
    for (const group of groups()) {
      for (const control of controlsOf(group)) {
        if (control.type === "date" && control.validity && control.validity.badInput) {
          return [{ field: group.dataset.field, message: "Enter a whole date that exists: day, month and year." }, control];
        }
      }
    }
    return null;
  }

  // --- results ----------------------------------------------------------------------

  function clearResults() {
    revokeDownload();
    revokeDownload = () => {};
    results.hidden = true;
    results.replaceChildren();
  }

  function showResult(result) {
    const drawn = spec.render(result, ctx);
    const titleId = `${form.id || spec.calculator}-results-title`;
    const actions = h("p", { class: "calc-actions" });
    clearResults();
    if (drawn.ics) {
      const download = downloadLink(result, drawn.ics.filename, drawn.ics.label);
      if (download) {
        actions.append(download.link);
        revokeDownload = download.revoke;
      }
    }
    const print = h("button", { type: "button", class: "calc-button calc-button--secondary", "data-calc-print": "" },
      "Print this result");
    print.addEventListener("click", () => window.print());
    actions.append(print);
    results.setAttribute("aria-labelledby", titleId);
    results.append(h("h2", { id: titleId, class: "calc-results__title", tabindex: "-1" }, drawn.title),
      ...[drawn.content].flat(Infinity).filter(Boolean), actions);
    results.hidden = false;
    return drawn.summary;
  }

  function rulesLink() {
    let next = root.nextElementSibling;
    while (next && !(next.tagName === "H2" && next.id)) next = next.nextElementSibling;
    return next ? h("a", { href: `#${next.id}` }, "The rules tables below") : "The rules tables on this page";
  }

  function showUnavailable(error) {
    stopWaiting();
    clearResults();
    const reason = (error && error.message) || String(error);
    setState("unavailable",
      // The client's reasons already say "The calculator could not load: …"; don't say it twice.
      h("strong", {}, `${/^The calculator /.test(reason) ? "" : "Calculator unavailable: "}${reason.replace(/\.$/, "")}.`), " ",
      rulesLink(), " still give every area's rules and how the dates are counted.");
  }

  // --- computing ----------------------------------------------------------------------

  async function compute(params, { focusResult }) {
    const mine = ++ticket;
    clearErrors();
    startWaiting();
    if (loaded) setState("working");
    results.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await calculate(spec.calculator, params);
    } catch (error) {
      results.removeAttribute("aria-busy");
      if (mine === ticket) showUnavailable(error);
      return false;
    }
    loaded = true;
    stopWaiting();
    results.removeAttribute("aria-busy");
    if (mine !== ticket || !root.isConnected) return false;
    if (!answer || answer.ok !== true) {
      // No date is left on the page next to an error.
      clearResults();
      setState("error");
      showError((answer && answer.error) || { field: null, message: "The calculator gave no answer." });
      return false;
    }
    let said;
    try {
      said = showResult(answer.result);
    } catch (error) {
      // A result that cannot be drawn is not shown in part.
      console.error(error);
      showUnavailable(new Error(`the result could not be shown (${error.message})`));
      return false;
    }
    setState("done", said);
    if (focusResult) results.querySelector(".calc-results__title").focus();
    return true;
  }

  // Start Python as soon as a calculator is on the page (in its worker, so the page stays
  // responsive): measured here, Pyodide's own start-up is the bulk of the wait for a first
  // answer, so it should overlap the reader's typing rather than follow it.
  let warming = false;
  function warmUp() {
    if (loaded || warming) return;
    warming = true;
    startWaiting();
    calculate(spec.calculator, {}).then(() => {
      loaded = true;
      stopWaiting();
      if (root.dataset.state === "loading" && ticket === 0) setState("ready");
    }, (error) => {
      if (ticket === 0) showUnavailable(error);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const bad = badDate();
    if (bad) {
      clearResults();
      setState("error");
      showError(...bad);
      return;
    }
    const params = read();
    if (await compute(params, { focusResult: true })) {
      const query = new URLSearchParams();
      for (const [name, values] of Object.entries(params)) for (const value of values) query.append(name, value);
      // Shareable, and only in this browser: nothing is sent anywhere.
      history.replaceState(history.state, "", `${location.pathname}?${query}`);
    }
  });

  // --- start --------------------------------------------------------------------------

  root.hidden = false;
  setState("ready");
  const query = new URLSearchParams(location.search);
  const params = {};
  for (const group of groups()) {
    const values = query.getAll(group.dataset.field);
    if (values.length) params[group.dataset.field] = values;
  }
  if (Object.keys(params).length) {
    fill(params);
    // A shared scenario is worked out at once, from the URL as given, so a bad value
    // there gets the calculator's own message rather than a silently emptied box.
    // spec.required: names that must be given; a list inside it is "any one of these".
    const given = (name) => params[name] && params[name].some((v) => v.trim());
    if (spec.required.every((need) => [need].flat().some(given))) {
      compute(params, { focusResult: false });
      return;
    }
  }
  warmUp();
}

/**
 * A list of like fields with "Add another" and "Remove" (closure days, children,
 * attendees). The first item in the markup is the template. Labels and ids are
 * renumbered after each change; each item keeps a stable data-key.
 */
function setupRepeat(group) {
  const list = group.querySelector("[data-repeat-list]");
  const addButton = group.querySelector("[data-repeat-add]");
  const first = list.querySelector("[data-repeat-item]");
  const template = first.cloneNode(true);
  const controlOf = (item) => item.querySelector("input:not([type=checkbox]), select");
  const base = controlOf(template).id.replace(/-\d+$/, "");
  let serial = 1;
  first.dataset.key = "1";
  const items = () => [...list.querySelectorAll(":scope > [data-repeat-item]")];

  const changed = () => group.dispatchEvent(new CustomEvent("calc:repeat", { bubbles: true }));

  function renumber() {
    const all = items();
    all.forEach((item, i) => {
      const n = i + 1;
      const control = controlOf(item);
      const label = item.querySelector("[data-repeat-label]");
      control.id = `${base}-${n}`;
      label.htmlFor = control.id;
      label.textContent = `${label.dataset.repeatLabel} ${n}`;
      const removeLabel = item.querySelector("[data-repeat-remove-label]");
      if (removeLabel) removeLabel.textContent = ` ${label.dataset.repeatLabel.toLowerCase()} ${n}`;
      const remove = item.querySelector("[data-repeat-remove]");
      if (remove) remove.hidden = all.length === 1;
    });
  }

  function bind(item) {
    const remove = item.querySelector("[data-repeat-remove]");
    if (remove) remove.addEventListener("click", () => removeItem(item, true));
  }

  function add(focus = false) {
    const item = template.cloneNode(true);
    serial += 1;
    item.dataset.key = String(serial);
    for (const control of item.querySelectorAll("input, select")) control.value = "";
    list.append(item);
    bind(item);
    renumber();
    changed();
    if (focus) controlOf(item).focus();
    return item;
  }

  function removeItem(item, focus = false) {
    const all = items();
    if (all.length === 1) return;
    const index = all.indexOf(item);
    item.remove();
    renumber();
    changed();
    if (focus) {
      const rest = items();
      controlOf(rest[Math.min(index, rest.length - 1)]).focus();
    }
  }

  function setValues(values) {
    const count = Math.max(1, values.length);
    while (items().length < count) add();
    while (items().length > count) removeItem(items()[items().length - 1]);
    items().forEach((item, i) => {
      controlOf(item).value = values[i] || "";
    });
    changed();
  }

  bind(first);
  addButton.addEventListener("click", () => add(true));
  renumber();
  return { items, add, setValues, controlOf };
}
