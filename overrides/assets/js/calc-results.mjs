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
    this.clear();
    if (drawn.ics) {
      const download = downloadLink(result, drawn.ics.filename, drawn.ics.label);
      if (download) {
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
      ...[drawn.content].flat(Infinity).filter(Boolean), actions);
    this.element.hidden = false;
  }

  /** The result's heading, which takes focus when the reader asked for the answer. */
  title() {
    return this.element.querySelector(".calc-results__title");
  }
}
