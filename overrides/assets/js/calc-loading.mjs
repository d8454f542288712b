// What a calculator shows while Python loads: a sentence in its status line and, under
// it, the progress bar of load-progress.mjs (bytes received out of the total, and the step
// loading has reached). A small part with a narrow interface: the form knows only these
// three calls.

import { createLoadProgress } from "./load-progress.mjs";

// How long depends on the connection: the progress bar says how far it is.
export const LOADING = "Loading the calculator…";

export class LoadingDisplay {
  /** status: the widget's role=status line; the progress bar goes just after it. */
  constructor(status, name) {
    this.status = status;
    this.progress = createLoadProgress(name);
    status.after(this.progress.element);
  }

  /** Loading has begun (or begun again for this widget): say so in the status line. */
  showLoading() {
    this.status.replaceChildren(LOADING);
  }

  /** How far loading has got: {step, message, received, total} from pyodide-client.mjs. */
  showStep(update) {
    this.progress.update(update);
  }

  /** Loading is over, done or failed: the bar goes; the status line is the widget's again. */
  hideLoading() {
    this.progress.update(null);
  }
}
