// Shared result markup for the three calculators: dates, rules, citations, the working.
// Everything shown comes from the calculator's JSON result; nothing here knows a rule.

import { formatDate, parseIso } from "./dates.mjs";

export { formatDate, parseIso };

/** Create an element: h("p", {class: "x"}, "text", child, …). Falsy children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    // Styles through the CSSOM: the site's Content-Security-Policy refuses a style=""
    // attribute set from a script (overrides/hooks/csp.py).
    if (name === "style") node.style.cssText = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false || child === "") continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A <time> element for an ISO date. */
export function time(iso) {
  return h("time", { datetime: iso }, formatDate(iso));
}

/** "Source: York procedure, para 2.16: “within 15 working days of …”" */
export function sourceLine(source, quote, className = "calc-source") {
  if (!source) return null;
  return h("p", { class: className },
    "Source: ", h("cite", { title: source.document || null }, source.citation),
    quote ? [": ", h("q", {}, quote)] : null);
}

const SKIP_REASONS = {
  weekend: () => "weekend",
  "bank-holiday": (day) => `bank holiday (${day.name})`,
  closure: () => "local closure day",
};

/** The link to this page's explanation of a counting convention, when the page has one. */
function conventionLink(convention) {
  if (!convention) return null;
  const id = convention.toLowerCase().replaceAll("_", "-");
  if (!document.getElementById(id)) return null;
  return h("a", { href: `#${id}` }, "How this is counted");
}

function skippedList(working) {
  const skipped = (working && working.skipped) || [];
  if (!skipped.length) return h("p", {}, "No days were skipped.");
  return h("ul", { class: "calc-working__skipped" },
    skipped.map((day) => h("li", {}, time(day.date), ": ",
      (SKIP_REASONS[day.reason] || (() => day.reason))(day))));
}

/** "The working": for each reading, the rule, its date and every day skipped, and why. */
function renderWorking(deadline) {
  const readings = deadline.readings.length ? deadline.readings : [deadline];
  // Material styles <details> as admonitions: "abstract" gives a list icon.
  return h("details", { class: "calc-working abstract" },
    h("summary", {}, "The working"),
    deadline.from && deadline.from.date
      ? h("p", {}, `Counted from ${deadline.from.label}: `, time(deadline.from.date),
        deadline.from.given ? " (the date you gave)." : " (worked out above).")
      : null,
    readings.map((reading) => h("div", { class: "calc-working__reading" },
      h("p", {},
        h("strong", {}, reading.date ? formatDate(reading.date) : "No date"), ": ", reading.rule,
        reading.source ? ` (${reading.source.citation})` : "", ". ",
        conventionLink(reading.convention)),
      skippedList(reading.working))),
  );
}

/** Every reading of a rule the sources give more than one way, the earliest marked as used. */
function renderReadings(deadline) {
  if (deadline.readings.length < 2) return null;
  return h("details", { class: "calc-readings info", open: true },
    h("summary", {}, `${deadline.readings.length} readings of the sources: the earliest date is used`),
    h("ul", {}, deadline.readings.map((reading) => h("li", {},
      reading.date ? time(reading.date) : "No date", ": ", reading.rule, ". ",
      sourceLine(reading.source, reading.quote, "calc-source calc-source--inline"),
      reading.date && reading.date === deadline.date ? h("strong", { class: "calc-tag" }, "Used") : null))),
  );
}

/**
 * One deadline: its date in a <time> (or, without a date, the reason), the rule in words,
 * its source, notes, every reading and the working. data-deadline carries the rule id.
 */
export function renderDeadline(deadline, headingLevel = 3) {
  const dated = Boolean(deadline.date);
  return h("li", {
    class: `calc-deadline calc-deadline--${deadline.status}`,
    "data-deadline": deadline.id,
    "data-status": deadline.status,
    "data-estimate": deadline.estimate ? "true" : null,
  },
  h(`h${headingLevel}`, { class: "calc-deadline__label" }, deadline.label),
  dated
    ? h("p", { class: "calc-deadline__date" },
      deadline.estimate ? h("span", { class: "calc-tag calc-tag--estimate" }, "Estimate") : null,
      h("span", { class: "visually-hidden" }, "Latest date: "), time(deadline.date))
    : h("p", { class: "calc-deadline__message" }, deadline.message || "No date could be worked out."),
  deadline.rule && deadline.status !== "not-stated"
    ? h("p", { class: "calc-rule" }, "Rule: ", deadline.rule,
      deadline.from && deadline.from.date ? [" (", formatDate(deadline.from.date), ")"] : null, ".")
    : null,
  sourceLine(deadline.source, deadline.quote),
  deadline.note ? h("p", { class: "calc-note" }, deadline.note) : null,
  renderReadings(deadline),
  dated ? renderWorking(deadline) : null);
}

/** A list of deadlines in the order the calculator gives them (as the case runs). */
export function renderDeadlines(deadlines, headingLevel = 3) {
  return h("ol", { class: "calc-deadlines" }, deadlines.map((d) => renderDeadline(d, headingLevel)));
}

/** A repeating rule (core groups, visits): its dates, or why there are none. */
export function renderSchedule(schedule, headingLevel = 3) {
  return h("section", { class: "calc-schedule", "data-schedule": schedule.id },
    h(`h${headingLevel}`, {}, schedule.label),
    schedule.dates.length
      ? h("ol", { class: "calc-schedule__dates" }, schedule.dates.map((d) => h("li", {}, time(d))))
      : h("p", { class: "calc-deadline__message" }, schedule.message || "No dates could be worked out from what was given."),
    schedule.rule ? h("p", { class: "calc-rule" }, "Rule: ", schedule.rule, ".") : null,
    sourceLine(schedule.source, schedule.quote),
    schedule.note ? h("p", { class: "calc-note" }, schedule.note) : null);
}

/** Plain sentences worth showing under the results. */
export function renderNotes(notes) {
  if (!notes || !notes.length) return null;
  return h("ul", { class: "calc-notes" }, notes.map((n) => h("li", {}, n)));
}
