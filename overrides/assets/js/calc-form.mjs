// What the three calculator widgets share: a component that reads the URL, fills the
// form, submits it to Python, and shows the loading state, an error or the result.
// Each calculator is a subclass (timescales.mjs, quorum.mjs, prebirth.mjs) naming its
// module, its Python calculator and its required fields, and drawing its result:
//
//   class Timescales extends CalculatorForm {
//     static moduleName = "timescales";   // data-module
//     static calculator = "timescales";   // the Python calculator
//     static required = ["area", ["strategy-discussion", "move-notified"]];  // a list: any one
//     render(result) { return { title, summary, content, ics }; }
//   }
//
// The parts it is made of each do one job: FormFields (calc-fields.mjs: read and fill,
// repeatable fields), ErrorSummary (calc-errors.mjs), LoadingDisplay (calc-loading.mjs)
// and ResultArea (calc-results.mjs).
//
// Inputs stay in this tab: the URL is updated with history.replaceState so a scenario
// can be bookmarked or shared, and nothing is sent or stored (no storage APIs).

import { calculate, onProgress } from "./pyodide-client.mjs";
import { h } from "./render.mjs";
import { Component } from "./component.mjs";
import { FormFields } from "./calc-fields.mjs";
import { ErrorSummary } from "./calc-errors.mjs";
import { LoadingDisplay } from "./calc-loading.mjs";
import { ResultArea } from "./calc-results.mjs";
import { chosenArea } from "./area-choice.mjs";

// Python answers for every widget in this tab through one client: once it has answered,
// later calls are quick and need no loading message, on this page or the next.
let loaded = false;
const waiting = new Set(); // widgets currently showing the loading message
onProgress((update) => {
  for (const widget of waiting) widget.loading.showStep(update);
});

export class CalculatorForm extends Component {
  /** The Python calculator this form runs ("timescales", "quorum" or "prebirth"). */
  static calculator = "";
  /** Parameters a link must give to be worked out at once; a list inside is "any one of these". */
  static required = [];

  constructor(root) {
    super(root);
    this.form = root.querySelector("form");
    this.status = root.querySelector("[data-calc-status]");
    const results = root.querySelector("[data-calc-results]");
    if (!this.form || !this.status || !results) throw new Error("the calculator's markup is incomplete");
    this.calculator = this.constructor.calculator;

    this.loading = new LoadingDisplay(this.status, this.form.id || this.calculator);
    this.fields = new FormFields(this.form, this);
    this.errors = new ErrorSummary(this.fields);
    this.results = new ResultArea(results, `${this.form.id || this.calculator}-results-title`);
    this.ticket = 0; // the latest request; older answers are dropped
    this.warming = false;

    this.setup();
    this.form.addEventListener("submit", (event) => this.submit(event));
    this.start();
  }

  // --- what a calculator may add or must give -------------------------------------

  /** Anything the calculator's own fields need once the form is ready. */
  setup() {}

  /** A field's values read from the form, or undefined to read its controls as usual. */
  readField(_name, _group) {
    return undefined;
  }

  /** Fill a field the calculator handles itself; true if it did. */
  fillField(_name, _values) {
    return false;
  }

  /** The result drawn: {title, summary (for the status line), content, ics?}. */
  render(_result) {
    throw new Error(`${this.constructor.moduleName}: no render()`);
  }

  /** The repeatable list of a field (closure, child, attendee), or undefined. */
  repeat(name) {
    return this.fields.repeat(name);
  }

  // --- start ----------------------------------------------------------------------

  /** Show the form; a shared link with everything needed is worked out at once, else Python warms up. */
  start() {
    this.root.hidden = false;
    this.setState("ready");
    const params = this.readUrl();
    if (Object.keys(params).length) {
      this.fill(params);
      // A shared scenario is worked out at once, from the URL as given, so a bad value
      // there gets the calculator's own message rather than a silently emptied box.
      if (this.complete(params)) {
        this.watchReader();
        this.compute(params, { reveal: true }).finally(() => this.stopWatchingReader());
        return;
      }
    }
    if (!params.area) this.startWithChosenArea();
    this.warmUp();
  }

  /** The area the reader picked in the site's tabs, when the address names none. */
  startWithChosenArea() {
    const select = this.fields.groupOf("area")?.querySelector("select");
    if (!select || select.value) return; // a value the browser kept on reload stays
    const chosen = chosenArea(select);
    if (chosen) select.value = chosen;
  }

  /** The form's parameters in this page's address. */
  readUrl() {
    return this.fields.fromQuery(new URLSearchParams(location.search));
  }

  /** Put parameters (from the URL) into the form. */
  fill(params) {
    this.fields.fill(params);
  }

  /** Whether params give every required parameter. */
  complete(params) {
    const given = (name) => params[name] && params[name].some((v) => v.trim());
    return this.constructor.required.every((need) => [need].flat().some(given));
  }

  /**
   * Notice when the reader starts on something else (a tap, a key, a scroll) while a
   * shared link is worked out: the answer is then announced, but focus and the page stay
   * where the reader put them.
   */
  watchReader() {
    const watching = new AbortController();
    this.readerMoved = false;
    const moved = () => {
      this.readerMoved = true;
      watching.abort();
    };
    for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
      document.addEventListener(type, moved, { capture: true, passive: true, signal: watching.signal });
    }
    this.stopWatchingReader = () => watching.abort();
  }

  stopWatchingReader() {}

  /** Keep this page's address in step with what was worked out (shareable; nothing is sent). */
  writeUrl(params) {
    const query = new URLSearchParams();
    for (const [name, values] of Object.entries(params)) for (const value of values) query.append(name, value);
    history.replaceState(history.state, "", `${location.pathname}?${query}`);
  }

  // --- state and loading ------------------------------------------------------------

  /** data-state (ready, loading, working, done, error, unavailable) and the status line's words. */
  setState(state, ...content) {
    this.root.dataset.state = state;
    this.status.replaceChildren(...content);
  }

  startWaiting() {
    if (loaded) return;
    waiting.add(this);
    this.root.dataset.state = "loading";
    this.loading.showLoading();
  }

  stopWaiting() {
    waiting.delete(this);
    this.loading.hideLoading();
  }

  // Start Python as soon as a calculator is on the page (in its worker, so the page stays
  // responsive): measured here, Pyodide's own start-up is the bulk of the wait for a first
  // answer, so it should overlap the reader's typing rather than follow it.
  warmUp() {
    if (loaded || this.warming) return;
    this.warming = true;
    this.startWaiting();
    calculate(this.calculator, {}).then(() => {
      loaded = true;
      this.stopWaiting();
      if (this.root.dataset.state === "loading" && this.ticket === 0) this.setState("ready");
    }, (error) => {
      if (this.ticket === 0) this.showUnavailable(error);
    });
  }

  // --- submit and compute -------------------------------------------------------------

  async submit(event) {
    event.preventDefault();
    const bad = this.fields.badDate();
    if (bad) {
      this.results.clear();
      this.setState("error");
      this.showError(...bad);
      return;
    }
    const params = this.fields.read();
    if (await this.compute(params, { focus: true })) this.writeUrl(params);
  }

  /**
   * Ask Python; show its answer, its error or why it cannot run. True if a result is shown.
   * focus: the reader asked (the result's heading takes focus); reveal: a shared link
   * (the answer is also brought into view, unless the reader has moved on meanwhile).
   */
  async compute(params, { focus = false, reveal = false } = {}) {
    const mine = ++this.ticket;
    this.errors.clear();
    this.startWaiting();
    if (loaded) this.setState("working");
    this.results.busy(true);
    let answer;
    try {
      answer = await calculate(this.calculator, params);
    } catch (error) {
      this.results.busy(false);
      if (mine === this.ticket) this.showUnavailable(error);
      return false;
    }
    loaded = true;
    this.stopWaiting();
    this.results.busy(false);
    if (mine !== this.ticket || !this.root.isConnected) return false;
    if (!answer || answer.ok !== true) {
      // No date is left on the page next to an error.
      this.results.clear();
      this.setState("error");
      this.showError((answer && answer.error) || { field: null, message: "The calculator gave no answer." });
      return false;
    }
    let said;
    try {
      said = this.showResult(answer.result);
    } catch (error) {
      // A result that cannot be drawn is not shown in part.
      console.error(error);
      this.showUnavailable(new Error(`the result could not be shown (${error.message})`));
      return false;
    }
    this.setState("done", said);
    // A link is filled in again from the parameters as Python read them (the area's id, a
    // hand-typed "police:Amy Ben" as both children ticked...): the form then shows exactly
    // what was worked out, and sending it again gives the same answer.
    if (reveal && answer.result.params) this.fill(answer.result.params);
    if (reveal) this.revealResult();
    else if (focus) this.results.title().focus();
    return true;
  }

  // --- showing ------------------------------------------------------------------------

  /** {field, message} beside its field and in the summary. */
  showError(error, control = null) {
    this.errors.show(error, control);
  }

  /** Draw a result; returns the sentence for the status line. */
  showResult(result) {
    const drawn = this.render(result);
    this.results.show(drawn, result);
    return drawn.summary;
  }

  /**
   * Bring a shared link's answer into view: its heading at the top of the window, under
   * the sticky header (scroll-margin-top), and focus on it, so a screen reader starts
   * there too. No scrolling animation for a reader who asks for reduced motion.
   */
  revealResult() {
    if (this.readerMoved || !this.root.isConnected) return;
    const title = this.results.title();
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    title.scrollIntoView({ block: "start", behavior: still ? "instant" : "smooth" });
    title.focus({ preventScroll: true });
  }

  /** Python cannot run: say why, and point to the rules, which need no script. */
  showUnavailable(error) {
    this.stopWaiting();
    this.results.clear();
    const reason = (error && error.message) || String(error);
    this.setState("unavailable",
      // The client's reasons already say "The calculator could not load: …"; don't say it twice.
      h("strong", {}, `${/^The calculator /.test(reason) ? "" : "Calculator unavailable: "}${reason.replace(/\.$/, "")}.`), " ",
      this.rulesLink(), " still give every area's rules and how the dates are counted.");
  }

  rulesLink() {
    let next = this.root.nextElementSibling;
    while (next && !(next.tagName === "H2" && next.id)) next = next.nextElementSibling;
    return next ? h("a", { href: `#${next.id}` }, "The rules tables below") : "The rules tables on this page";
  }
}
