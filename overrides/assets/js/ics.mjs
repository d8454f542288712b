// An iCalendar file (RFC 5545) of a result's dates, made in the browser: nothing is
// uploaded. One all-day VEVENT per dated deadline and per schedule date.

/** Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(text) {
  return String(text)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const parts = [];
  let part = "";
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > limit) {
      parts.push(part);
      part = "";
      size = 0;
      limit = 74; // continuation lines start with one space
    }
    part += char;
    size += bytes;
  }
  parts.push(part);
  return parts.join("\r\n ");
}

const compact = (iso) => iso.replaceAll("-", "");

function nextDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function stamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * events: [{uid, date: "YYYY-MM-DD", summary, description}]; name: the calendar's name.
 * Returns the file's text with CRLF line endings.
 */
export function buildCalendar(events, name, now = new Date()) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Child protection conference navigator//Calculators//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
  ];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`,
      `DTEND;VALUE=DATE:${compact(nextDay(event.date))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      event.description ? `DESCRIPTION:${escapeText(event.description)}` : null,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.filter(Boolean).map(foldLine).join("\r\n") + "\r\n";
}

/** The calendar events of a timescales or prebirth result. */
export function resultEvents(result) {
  const host = (typeof location !== "undefined" && location.hostname) || "cp-navigator.invalid";
  // Stable for the same scenario (a re-import updates rather than duplicates), distinct
  // between scenarios: the UID carries the dates the result was worked from.
  const scenario = Object.values(result.inputs || {}).flat().filter(Boolean).join("_").replaceAll("-", "");
  const uid = (...parts) => `${[result.calculator, result.area, scenario, ...parts].join("-")}@${host}`;
  const events = [];
  for (const d of result.deadlines || []) {
    if (!d.date) continue;
    events.push({
      uid: uid(d.id, d.date),
      date: d.date,
      summary: `${d.estimate ? "Estimated latest date" : "Latest date"}: ${d.label}`,
      description: [`${d.rule}.`, d.source && `Source: ${d.source.citation}.`, d.note].filter(Boolean).join("\n"),
    });
  }
  for (const s of result.schedules || []) {
    s.dates.forEach((date, i) => events.push({
      uid: uid(s.id, i + 1, date),
      date,
      summary: `Latest date: ${s.label} (${i + 1})`,
      description: [`${s.rule}.`, s.source && `Source: ${s.source.citation}.`, s.note].filter(Boolean).join("\n"),
    }));
  }
  return events;
}

/**
 * A download link for the result's dates, or null when it has none. The Blob URL is
 * revoked when the link leaves the page (the next result replaces it).
 */
export function downloadLink(result, filename, label) {
  const events = resultEvents(result);
  if (!events.length) return null;
  const text = buildCalendar(events, `${label}: ${result.area_name}`);
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.className = "calc-button calc-button--secondary";
  link.dataset.ics = "";
  link.textContent = "Download the dates (calendar file, .ics)";
  return { link, revoke: () => URL.revokeObjectURL(url) };
}
