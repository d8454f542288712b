// The pre-birth review calculator widget (docs/calculators/pre-birth.md).

import { CalculatorForm } from "./calc-form.mjs";
import { h, formatDate, renderDeadlines, renderNotes } from "./render.mjs";
import { renderTimeline } from "./timeline.mjs";

export class Prebirth extends CalculatorForm {
  static moduleName = "prebirth";
  static calculator = "prebirth";
  static required = ["area", "conference"];

  render(result) {
    return drawReview(result);
  }
}

export function mount(root) {
  return new Prebirth(root);
}

function drawReview(result) {
  const { inputs } = result;
  const events = [{ date: inputs.conference, label: "Pre-birth conference", kind: "conference" }];
  if (inputs.birth) events.push({ date: inputs.birth, label: "Birth", kind: "birth" });
  if (inputs.due) events.push({ date: inputs.due, label: "Due date", kind: "birth" });
  for (const d of result.deadlines) {
    if (d.date) events.push({ date: d.date, label: d.estimate ? `${d.label} (estimate)` : d.label, kind: "review", latest: true });
  }
  const review = result.deadlines.find((d) => d.date);
  return {
    title: "Review date",
    summary: review
      ? `Review date worked out for ${result.area_name}: ${formatDate(review.date)}${review.estimate ? ", an estimate" : ""}.`
      : `No review date could be worked out for ${result.area_name}: see below.`,
    ics: { filename: `prebirth-${result.area}-${inputs.conference}.ics`, label: "Pre-birth review" },
    content: [
      h("p", { class: "calc-results__intro" },
        `${result.area_name}. Pre-birth conference on ${formatDate(inputs.conference)}`,
        inputs.birth ? `; born on ${formatDate(inputs.birth)}` : "",
        inputs.due ? `; due on ${formatDate(inputs.due)}` : "", "."),
      inputs.closures && inputs.closures.length
        ? h("p", {}, "Local closure days not counted as working days: ", inputs.closures.map(formatDate).join(", "), ".")
        : null,
      // The date first: a shared link scrolls here, and the date must be on screen.
      h("div", { class: "calc-dates" }, renderDeadlines(result.deadlines)),
      renderNotes(result.notes),
      renderTimeline(events, "The case at a glance"),
    ],
  };
}
