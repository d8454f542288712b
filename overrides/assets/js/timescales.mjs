// The timescales calculator widget (docs/calculators/timescales.md).

import { CalculatorForm } from "./calc-form.mjs";
import { h, formatDate, renderDeadlines, renderSchedule, renderNotes } from "./render.mjs";
import { renderTimeline } from "./timeline.mjs";

// Which deadlines are meetings, for the timeline (paperwork deadlines are listed only).
const MEETINGS = {
  icpc: "conference",
  "transfer-icpc": "conference",
  "first-core-group": "core-group",
  "final-core-group": "core-group",
  "first-review": "review",
  "second-review": "review",
};
const SCHEDULE_KINDS = { "core-groups": "core-group" };

export class Timescales extends CalculatorForm {
  static moduleName = "timescales";
  static calculator = "timescales";
  // A transfer-in may give the date of the move instead of a strategy discussion.
  static required = ["area", ["strategy-discussion", "move-notified"]];

  render(result) {
    return drawDates(result);
  }
}

export function mount(root) {
  return new Timescales(root);
}

function drawDates(result) {
  const { inputs } = result;
  const dated = result.deadlines.filter((d) => d.date).length
    + result.schedules.reduce((n, s) => n + s.dates.length, 0);
  return {
    title: "Dates for this case",
    summary: dated
      ? `Dates worked out for ${result.area_name}: ${dated} ${dated === 1 ? "date" : "dates"} below.`
      : `No dates for ${result.area_name} from what was given: the reasons are below.`,
    ics: {
      filename: `timescales-${result.area}-${inputs.strategy_discussion ?? inputs.move_notified}.ics`,
      label: "Child protection timescales",
    },
    content: [
      h("p", { class: "calc-results__intro" },
        `${result.area_name}. Counted from `,
        inputs.strategy_discussion ? `the strategy discussion on ${formatDate(inputs.strategy_discussion)}` : "",
        inputs.strategy_discussion && inputs.move_notified ? " and " : "",
        inputs.move_notified ? `the child's move into the area on ${formatDate(inputs.move_notified)}` : "",
        inputs.conference ? `, with the initial conference on ${formatDate(inputs.conference)}` : "",
        inputs.review ? ` and the first review on ${formatDate(inputs.review)}` : "",
        ". Each date is the latest the rule allows, unless its note says otherwise."),
      inputs.closures && inputs.closures.length
        ? h("p", {}, "Local closure days not counted as working days: ", inputs.closures.map(formatDate).join(", "), ".")
        : null,
      // The dates first: a shared link scrolls here, and the first date must be on screen.
      h("div", { class: "calc-dates" }, renderDeadlines(result.deadlines), result.schedules.map((s) => renderSchedule(s))),
      renderNotes(result.notes),
      renderTimeline(timelineEvents(result), "The case at a glance"),
    ],
  };
}

function timelineEvents({ inputs, deadlines, schedules }) {
  const events = [];
  if (inputs.strategy_discussion) events.push({ date: inputs.strategy_discussion, label: "Strategy discussion", kind: "strategy" });
  if (inputs.move_notified) events.push({ date: inputs.move_notified, label: "Child moved into the area", kind: "move" });
  if (inputs.conference) events.push({ date: inputs.conference, label: "Initial conference", kind: "conference" });
  if (inputs.review) events.push({ date: inputs.review, label: "First review conference", kind: "review" });
  // A latest date is left off the timeline when the real date of that meeting was given.
  const given = { icpc: inputs.conference, "first-review": inputs.review };
  for (const d of deadlines) {
    if (d.date && MEETINGS[d.id] && !given[d.id]) events.push({ date: d.date, label: d.label, kind: MEETINGS[d.id], latest: true });
  }
  for (const s of schedules) {
    if (!SCHEDULE_KINDS[s.id]) continue;
    s.dates.forEach((date, i) => events.push({
      date, label: `${s.label}: ${i + 1} of ${s.dates.length}`, kind: SCHEDULE_KINDS[s.id], latest: true,
    }));
  }
  return events;
}
