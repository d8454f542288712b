// A calculator's result area: a drawn result under its heading (the focus target), with
// the calendar download and a print button; or nothing. A new result replaces the last
// one whole, and the last one's calendar file is let go.

import { h } from "./render.mjs";
import { downloadLink } from "./ics.mjs";

export class ResultArea {
  /** element: the [data-calc-results] container; titleId: the id its heading gets. */
  constructor(element, titleId) {
    this.element = element;
    this.titleId = titleId;
    this.revokeDownload = () => {};
    // The reader's case reference for the calendar file: kept in this variable only, for
    // the next result on this page; never in the form's parameters, the URL or storage.
    this.reference = "";
  }

  clear() {
    this.revokeDownload();
    this.revokeDownload = () => {};
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  /** Python is working on an answer for this area (or has stopped). */
  busy(working) {
    if (working) this.element.setAttribute("aria-busy", "true");
    else this.element.removeAttribute("aria-busy");
  }

  /** drawn: {title, content, ics: {filename, label} | undefined}, from the calculator's render(result). */
  show(drawn, result) {
    const actions = h("p", { class: "calc-actions" });
    let reference = null;
    this.clear();
    if (drawn.ics) {
      const download = downloadLink(result, drawn.ics.filename, drawn.ics.label, () => this.reference);
      if (download) {
        reference = this.referenceField();
        actions.append(download.link);
        this.revokeDownload = download.revoke;
      }
    }
    const print = h("button", { type: "button", class: "calc-button calc-button--secondary", "data-calc-print": "" },
      "Print this result");
    print.addEventListener("click", () => window.print());
    actions.append(print);
    this.element.setAttribute("aria-labelledby", this.titleId);
    this.element.append(h("h2", { id: this.titleId, class: "calc-results__title", tabindex: "-1" }, drawn.title),
      ...[drawn.content].flat(Infinity).filter(Boolean), reference, actions);
    this.element.hidden = false;
  }

  /**
   * An optional case reference for the calendar file's titles, so two cases' dates can be
   * told apart in a calendar. Outside the form and without a name: it is never read with
   * the form's fields, so never sent to Python or put in the address; autocomplete off, so
   * the browser does not offer it again later.
   */
  referenceField() {
    const id = `${this.titleId}-ics-reference`;
    const input = h("input", {
      type: "text", id, "aria-describedby": `${id}-hint`, autocomplete: "off", spellcheck: "false",
      maxlength: "40", "data-ics-reference": "",
    });
    input.value = this.reference;
    input.addEventListener("input", () => {
      this.reference = input.value;
    });
    return h("div", { class: "calc-field calc-ics-reference" },
      h("label", { class: "calc-label", for: id }, "Case reference for the calendar (optional)"),
      h("p", { class: "calc-hint", id: `${id}-hint` },
        "Put before the title of each date in the calendar file, to tell cases apart. It stays on this page: it is not saved, sent anywhere or put in the page's address."),
      input);
  }

  /** The result's heading, which takes focus when the reader asked for the answer. */
  title() {
    return this.element.querySelector(".calc-results__title");
  }
}
