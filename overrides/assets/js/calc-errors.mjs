// A calculator's errors, after the GOV.UK error summary pattern: the message beside the
// field it is about (tied to its control by aria-describedby, the control marked
// aria-invalid), and again in a summary at the top of the form that takes focus and
// links to the field.

import { h, formatDate } from "./render.mjs";

export class ErrorSummary {
  /** fields: the form's FormFields. The summary goes first in the form. */
  constructor(fields) {
    this.fields = fields;
    this.form = fields.form;
    this.summary = h("div", {
      class: "calc-error-summary", "data-calc-error-summary": "", tabindex: "-1", hidden: true,
    });
    this.form.prepend(this.summary);
  }

  /** Take every message, mark and description away. */
  clear() {
    const { form, summary } = this;
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
  controlFor(group, message) {
    const controls = this.fields.controlsOf(group);
    return controls.find((c) => c.value && (message.includes(c.value)
      || (c.type === "date" && message.includes(formatDate(c.value))))) || controls[0];
  }

  /** Show {field, message} beside its field and in the summary; focus the summary. */
  show(error, control = null) {
    this.clear();
    const message = error.message || "Something in the form could not be used.";
    const group = error.field ? this.fields.groupOf(error.field) : null;
    const target = group ? control || this.controlFor(group, message) : null;
    const entry = group && target ? this.markField(group, target, error.field, message) : message;
    this.summary.append(h("div", { role: "alert" },
      h("h2", { class: "calc-error-summary__title" }, "There is a problem"),
      h("ul", { class: "calc-error-summary__list" }, h("li", {}, entry))));
    this.summary.hidden = false;
    this.summary.focus();
  }

  /** The message beside its field; returns the summary's link to it. */
  markField(group, target, field, message) {
    const id = `${target.id}-error`;
    const note = h("p", { class: "calc-error", id, "data-calc-error": field },
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
    const link = h("a", { href: `#${target.id}` }, message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
      const label = this.form.querySelector(`label[for="${CSS.escape(target.id)}"]`);
      (label || target).scrollIntoView({ block: "center" });
    });
    return link;
  }
}
