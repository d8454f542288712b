// What a calculator shows while Python loads: a sentence in its status line and, under
// it, the step loading has reached ("Loading Python…"). A small part with a narrow
// interface, so a fuller display (a progress bar) can take its place without the form
// knowing more than these three calls.

import { h } from "./render.mjs";

export const LOADING = "Loading the calculator… (first time can take a few seconds)";

export class LoadingDisplay {
  /** status: the widget's role=status line; the step line goes just after it. */
  constructor(status) {
    this.status = status;
    this.line = h("p", { class: "calc-progress", "data-calc-progress": "", hidden: true });
    status.after(this.line);
  }

  /** Loading has begun (or begun again for this widget): say so in the status line. */
  showLoading() {
    this.status.replaceChildren(LOADING);
  }

  /** How far loading has got, in words; "" for no step. */
  showStep(step) {
    this.line.textContent = step;
    this.line.hidden = !step;
  }

  /** Loading is over, done or failed: the step goes; the status line is the widget's again. */
  hideLoading() {
    this.showStep("");
  }
}
