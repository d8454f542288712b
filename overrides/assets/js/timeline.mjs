// A case at a glance: a strip with one marker per meeting, placed in proportion to time,
// and below it the same events as an ordered list. The strip is decoration for sighted
// readers (aria-hidden); the list is the text equivalent and is always shown. Kinds are
// told apart by letter and shape, not by colour alone; "latest date" is said in words.

import { h, formatDate, parseIso, time } from "./render.mjs";

/** Each kind of event: the letter on its marker and the name in the key. */
export const KINDS = {
  strategy: { glyph: "S", name: "Strategy discussion" },
  conference: { glyph: "C", name: "Conference" },
  "core-group": { glyph: "G", name: "Core group" },
  review: { glyph: "R", name: "Review conference" },
  birth: { glyph: "B", name: "Birth or due date" },
  move: { glyph: "M", name: "Move into the area" },
};

const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MIN_GAP = 6; // percent of the strip: closer markers go on another lane
const LANES = 3;

const dayNumber = (iso) => {
  const { year, month, day } = parseIso(iso);
  return Date.UTC(year, month - 1, day) / 86400000;
};

/**
 * events: [{date: "YYYY-MM-DD", label, kind (a KINDS key), latest: bool}]
 * Returns a <figure>, or null with fewer than two dated events.
 */
export function renderTimeline(events, caption) {
  // ISO dates sort as plain strings (localeCompare would start the locale collator: about
  // 20 ms on a first result, for nothing).
  const dated = events.filter((e) => e.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (dated.length < 2) return null; // one event is no timeline: the dates below say it
  const first = dayNumber(dated[0].date);
  const span = Math.max(dayNumber(dated[dated.length - 1].date) - first, 1);
  const position = (iso) => (dated.length === 1 ? 50 : ((dayNumber(iso) - first) / span) * 100);

  const laneEnds = Array(LANES).fill(-Infinity);
  const markers = dated.map((event) => {
    const pos = position(event.date);
    let lane = laneEnds.findIndex((end) => pos - end >= MIN_GAP);
    if (lane < 0) lane = laneEnds.indexOf(Math.min(...laneEnds));
    laneEnds[lane] = pos;
    const kind = KINDS[event.kind] ? event.kind : "conference";
    return h("span", {
      class: `timeline__marker timeline__marker--${kind}${event.latest ? " timeline__marker--latest" : ""}`,
      style: `--pos: ${pos.toFixed(2)}%; --lane: ${lane}`,
      title: `${event.label}: ${formatDate(event.date)}`,
    }, KINDS[kind].glyph);
  });

  return h("figure", { class: "timeline", "data-timeline": "" },
    h("figcaption", { class: "timeline__caption" }, caption),
    h("div", { class: "timeline__strip", "aria-hidden": "true" },
      h("div", { class: "timeline__track" }, h("span", { class: "timeline__axis" }), markers, monthTicks(dated, position))),
    h("ol", { class: "timeline__list" }, dated.map((event) => {
      const kind = KINDS[event.kind] ? event.kind : "conference";
      return h("li", { class: `timeline__item timeline__item--${kind}`, "data-kind": kind },
        h("span", { class: `timeline__glyph timeline__marker--${kind}${event.latest ? " timeline__marker--latest" : ""}`, "aria-hidden": "true" }, KINDS[kind].glyph),
        h("span", { class: "timeline__text" }, time(event.date), " ",
          h("span", {}, event.label, event.latest ? " (latest date)" : "")));
    })));
}

/** Month labels under the strip: every month, or every second or third on a long case. */
function monthTicks(dated, position) {
  const start = parseIso(dated[0].date);
  const end = parseIso(dated[dated.length - 1].date);
  const months = (end.year - start.year) * 12 + (end.month - start.month);
  const step = months > 12 ? 3 : months > 6 ? 2 : 1;
  const ticks = [];
  let { year, month } = start;
  for (let i = 1; i <= months; i += 1) {
    month += 1;
    if (month > 12) { month = 1; year += 1; }
    if (i % step) continue;
    const iso = `${year}-${String(month).padStart(2, "0")}-01`;
    ticks.push(h("span", { class: "timeline__tick", style: `--pos: ${position(iso).toFixed(2)}%` },
      month === 1 ? `${MONTHS_SHORT[0]} ${year}` : MONTHS_SHORT[month - 1]));
  }
  return ticks;
}
