// A calculator form's fields: each [data-field] group is one parameter (named as the
// command line, the URL and Python name it), read from the form and filled into it as
// {name: [values]}, the shape of repeated URL parameters.
//
// A calculator whose field is not a plain control (the quorum's attendees: an agency and
// its tick boxes) reads and fills it itself, through its readField/fillField methods.

import { RepeatList } from "./calc-repeat.mjs";

export class FormFields {
  /** form: the <form>; owner: the component, asked first for any field it reads or fills itself. */
  constructor(form, owner) {
    this.form = form;
    this.owner = owner;
    this.repeats = new Map();
    for (const group of form.querySelectorAll("[data-repeat]")) {
      this.repeats.set(group.dataset.repeat, new RepeatList(group));
    }
  }

  groups() {
    return [...this.form.querySelectorAll("[data-field]")];
  }

  groupOf(name) {
    return this.form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  }

  /**
   * The controls that hold a group's values: a tick box only when it has a name (the
   * quorum's agencies); a nameless one is a detail of its value (a child under an agency).
   */
  controlsOf(group) {
    return [...group.querySelectorAll("input:not([type=checkbox]), input[type=checkbox][name], select, textarea")];
  }

  /** The repeatable list of a field (closure, child, attendee), or undefined. */
  repeat(name) {
    return this.repeats.get(name);
  }

  /** The form as parameters: {name: [values]}, blanks left out, as URLSearchParams would. */
  read() {
    const params = {};
    for (const group of this.groups()) {
      const name = group.dataset.field;
      const values = this.owner.readField(name, group)
        ?? this.controlsOf(group).filter((c) => c.name === name).map((c) => c.value.trim()).filter(Boolean);
      if (values.length) params[name] = values;
    }
    return params;
  }

  /** Put parameters into the form; a field not named is emptied. */
  fill(params) {
    for (const group of this.groups()) {
      const name = group.dataset.field;
      const values = params[name] || [];
      if (this.owner.fillField(name, values)) continue;
      if (this.repeats.has(name)) this.repeats.get(name).setValues(values);
      else {
        const control = this.controlsOf(group)[0];
        if (control) setValue(control, values[0] || "");
      }
    }
  }

  /** The fields' names that appear in a query string, with their values: {name: [values]}. */
  fromQuery(query) {
    const params = {};
    for (const group of this.groups()) {
      const values = query.getAll(group.dataset.field);
      if (values.length) params[group.dataset.field] = values;
    }
    return params;
  }

  /**
   * A date box holding something that is not a whole date has value "": the error to
   * show instead of ignoring it, with its control ([error, control]), or null.
   */
  badDate() {
    for (const group of this.groups()) {
      for (const control of this.controlsOf(group)) {
        if (control.type === "date" && control.validity && control.validity.badInput) {
          return [{ field: group.dataset.field, message: "Enter a whole date that exists: day, month and year." }, control];
        }
      }
    }
    return null;
  }
}

/**
 * A control's value; a <select> also takes an option's words or another case, as a
 * hand-typed link may give them ("City of York", "York" for york). Python reads the
 * same link more loosely still (calculators/api.py, area_id), and once it has answered
 * the form is filled again from what it read.
 */
function setValue(control, value) {
  if (control.tagName !== "SELECT" || !value) {
    control.value = value;
    return;
  }
  const options = [...control.options];
  const wanted = value.trim().toLowerCase();
  const option = options.find((o) => o.value === value)
    || options.find((o) => o.value && (o.value.toLowerCase() === wanted || o.text.trim().toLowerCase() === wanted));
  control.value = option ? option.value : "";
}
