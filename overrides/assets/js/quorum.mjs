// The quorum checker widget (docs/calculators/quorum.md).
//
// "Who is attending" is one tick box per agency (overrides/hooks/calc_forms.py). An
// agency counts for every child; with two or more children, each ticked agency shows
// the children's names, all ticked, to untick those it has had no direct contact with.
// As a parameter that is `agency` when every child is ticked, else `agency:Amy+Ben`,
// the same as the command line's --attendee.

import { CalculatorForm } from "./calc-form.mjs";
import { h, sourceLine } from "./render.mjs";

// The verdict's words come from Python (`verdict`: "Quorate", or Sheffield's "Meets the list
// of who should attend"); only its mark is drawn here.
const MARKS = { true: "✓", false: "✗", null: "?" };

export class Quorum extends CalculatorForm {
  static moduleName = "quorum";
  static calculator = "quorum";
  static required = ["area", "conference-type", "child"];

  setup() {
    const refresh = () => this.refreshContacts();
    this.fields.groupOf("child").addEventListener("input", refresh);
    this.form.addEventListener("calc:repeat", refresh);
    this.fields.groupOf("attendee").addEventListener("change", (event) => {
      if (event.target.name === "attendee") refresh();
    });
    refresh();
  }

  readField(name) {
    return name === "attendee" ? this.readAttendees() : undefined;
  }

  fillField(name, values) {
    if (name !== "attendee") return false;
    this.fillAttendees(values);
    return true;
  }

  render(result) {
    return drawVerdict(result);
  }

  /** The children as typed: [{key, name, number}]. */
  children() {
    const repeat = this.repeat("child");
    return repeat.items().map((item, i) => ({
      key: item.dataset.key, name: repeat.controlOf(item).value.trim(), number: i + 1,
    }));
  }

  /** One per agency: {item, agency, box (its tick box), contact (the children's group, or null)}. */
  agencies() {
    return [...this.form.querySelectorAll("[data-agency]")].map((item) => ({
      item,
      agency: item.dataset.agency,
      box: item.querySelector('input[name="attendee"]'),
      contact: item.querySelector("[data-contact]"),
    }));
  }

  /**
   * Redraw each agency's children's tick boxes, keeping what was ticked (a new child:
   * ticked), and show them under a ticked agency when there are two or more children.
   */
  refreshContacts() {
    const kids = this.children();
    for (const { box: agency, contact } of this.agencies()) {
      if (!contact) continue; // children's social care counts for every child
      const options = contact.querySelector("[data-contact-options]");
      const was = new Map([...options.querySelectorAll("input")].map((c) => [c.dataset.childKey, c.checked]));
      options.replaceChildren(...kids.map((kid) => {
        const id = `${agency.id}-contact-${kid.key}`;
        return h("div", { class: "calc-check" },
          h("input", {
            type: "checkbox", id, "data-child-key": kid.key,
            checked: was.has(kid.key) ? was.get(kid.key) : true,
          }),
          h("label", { for: id }, kid.name || `Child ${kid.number}`));
      }));
      // h() sets the attribute; the live state must follow it for redrawn boxes.
      for (const input of options.querySelectorAll("input")) input.checked = input.hasAttribute("checked");
      contact.hidden = !(agency.checked && kids.length > 1);
    }
  }

  readAttendees() {
    const named = this.children().filter((kid) => kid.name);
    const values = [];
    for (const { agency, box, contact } of this.agencies()) {
      if (!box.checked) continue;
      // One child (the children's names hidden), or social care: every child.
      if (!contact || contact.hidden) {
        values.push(agency);
        continue;
      }
      const ticked = named.filter((kid) => contact.querySelector(`input[data-child-key="${kid.key}"]`)?.checked);
      if (ticked.length === named.length) values.push(agency);
      // An agency that has seen none of the children counts for none of them.
      else if (ticked.length) values.push(`${agency}:${ticked.map((kid) => kid.name).join("+")}`);
    }
    return values;
  }

  fillAttendees(values) {
    const known = this.children().map((kid) => kid.name);
    const wanted = new Map(); // agency -> null (every child) or the Set of children named
    for (const value of values) {
      const [written, names] = value.split(/:(.*)/s);
      const agency = written.trim();
      if (names === undefined) wanted.set(agency, null);
      else if (wanted.get(agency) !== null) {
        wanted.set(agency, new Set([...(wanted.get(agency) || []), ...childNames(names, known)]));
      }
    }
    for (const { agency, box } of this.agencies()) box.checked = wanted.has(agency);
    this.refreshContacts();
    const kids = this.children();
    for (const { agency, contact } of this.agencies()) {
      if (!contact || !wanted.has(agency)) continue;
      const names = wanted.get(agency);
      for (const kid of kids) {
        const tick = contact.querySelector(`input[data-child-key="${kid.key}"]`);
        if (tick) tick.checked = !names || names.has(kid.name);
      }
    }
  }
}

/**
 * "Amy+Ben" -> ["Amy", "Ben"]. A "+" typed into a link arrives as a space ("Amy Ben"):
 * read it as calculators/quorum.py's parse_attendee does, until Python's own reading
 * replaces it (the form is filled again from the answer).
 */
function childNames(text, known) {
  const names = text.split("+").map((n) => n.trim()).filter(Boolean);
  if (names.length === 1 && !known.includes(names[0]) && names[0].split(/\s+/).every((w) => known.includes(w))) {
    return names[0].split(/\s+/);
  }
  return names;
}

export function mount(root) {
  return new Quorum(root);
}

function drawVerdict(result) {
  const rule = result.rule;
  const content = [
    h("div", { class: "calc-verdict", "data-quorate": result.quorate === null ? "unknown" : String(result.quorate) },
      h("p", { class: "calc-verdict__title" }, h("span", { class: "calc-verdict__mark", "aria-hidden": "true" }, MARKS[String(result.quorate)]), " ", result.verdict),
      h("p", {}, result.message)),
    h("h3", {}, `The rule in ${result.area_name}`),
    h("p", { class: "calc-rule" }, rule.stated ? ["Rule: ", rule.text, "."] : "Not stated in this area's source."),
    sourceLine(rule.source, rule.quote),
    rule.note ? h("p", { class: "calc-note" }, rule.note) : null,
    h("h3", {}, "Child by child"),
    h("ul", { class: "calc-children" }, result.children.map((child) => h("li", {
      class: "calc-child", "data-child": child.name, "data-child-quorate": child.quorate === null ? "unknown" : String(child.quorate),
    },
    h("p", { class: "calc-child__verdict" }, h("strong", {}, child.name), ": ", child.verdict.toLowerCase()),
    h("p", {}, "Children's social care: ", child.social_care ? "there" : "not there", "."),
    h("p", {}, "Other agencies with direct contact: ",
      child.agency_labels.length ? child.agency_labels.join(", ") : "none", "."),
    child.missing.length ? h("p", { class: "calc-child__missing" }, "Missing: ", child.missing.join("; "), ".") : null))),
  ];
  if (result.quorate === false) {
    if (result.exceptions.length) {
      content.push(h("h3", {}, "When the chair may still go ahead"),
        h("ul", { class: "calc-exceptions" }, result.exceptions.map((e) => h("li", {},
          h("p", {}, e.text), sourceLine(e.source, e.quote), e.note ? h("p", { class: "calc-note" }, e.note) : null))));
    }
    if (result.follow_up.length) {
      content.push(h("h3", {}, "If the conference goes ahead without a quorum"),
        h("ul", { class: "calc-follow-up" }, result.follow_up.map((f) => h("li", { "data-follow-up": f.id },
          h("p", {}, f.text), sourceLine(f.source, f.quote)))));
    }
  }
  return { title: "Quorum", summary: `${result.verdict}. ${result.message}`, content };
}
