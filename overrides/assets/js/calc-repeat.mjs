// A list of like fields with "Add another" and "Remove" (closure days, children,
// attendees). The first item in the markup is the template. Labels and ids are
// renumbered after each change; each item keeps a stable data-key. Every change is
// announced to the form as a bubbling "calc:repeat" event.

export class RepeatList {
  constructor(group) {
    this.group = group;
    this.list = group.querySelector("[data-repeat-list]");
    const first = this.list.querySelector("[data-repeat-item]");
    this.template = first.cloneNode(true);
    this.base = this.controlOf(this.template).id.replace(/-\d+$/, "");
    this.serial = 1;
    first.dataset.key = "1";
    this.bind(first);
    group.querySelector("[data-repeat-add]").addEventListener("click", () => this.add(true));
    this.renumber();
  }

  items() {
    return [...this.list.querySelectorAll(":scope > [data-repeat-item]")];
  }

  /** The item's own control: its value is the field's value. */
  controlOf(item) {
    return item.querySelector("input:not([type=checkbox]), select");
  }

  add(focus = false) {
    const item = this.template.cloneNode(true);
    this.serial += 1;
    item.dataset.key = String(this.serial);
    for (const control of item.querySelectorAll("input, select")) control.value = "";
    this.list.append(item);
    this.bind(item);
    this.renumber();
    this.changed();
    if (focus) this.controlOf(item).focus();
    return item;
  }

  remove(item, focus = false) {
    const all = this.items();
    if (all.length === 1) return;
    const index = all.indexOf(item);
    item.remove();
    this.renumber();
    this.changed();
    if (focus) {
      const rest = this.items();
      this.controlOf(rest[Math.min(index, rest.length - 1)]).focus();
    }
  }

  /** As many items as values (at least one), each holding its value. */
  setValues(values) {
    const count = Math.max(1, values.length);
    while (this.items().length < count) this.add();
    while (this.items().length > count) this.remove(this.items()[this.items().length - 1]);
    this.items().forEach((item, i) => {
      this.controlOf(item).value = values[i] || "";
    });
    this.changed();
  }

  bind(item) {
    const remove = item.querySelector("[data-repeat-remove]");
    if (remove) remove.addEventListener("click", () => this.remove(item, true));
  }

  renumber() {
    const all = this.items();
    all.forEach((item, i) => {
      const n = i + 1;
      const control = this.controlOf(item);
      const label = item.querySelector("[data-repeat-label]");
      control.id = `${this.base}-${n}`;
      label.htmlFor = control.id;
      label.textContent = `${label.dataset.repeatLabel} ${n}`;
      const removeLabel = item.querySelector("[data-repeat-remove-label]");
      if (removeLabel) removeLabel.textContent = ` ${label.dataset.repeatLabel.toLowerCase()} ${n}`;
      const remove = item.querySelector("[data-repeat-remove]");
      if (remove) remove.hidden = all.length === 1;
    });
  }

  changed() {
    this.group.dispatchEvent(new CustomEvent("calc:repeat", { bubbles: true }));
  }
}
