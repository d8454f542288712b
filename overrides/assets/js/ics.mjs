// An iCalendar file (RFC 5545) of a result's dates, made in the browser: nothing is
// uploaded. One all-day VEVENT per dated deadline and per schedule date, each with a new
// random UID; the reader's case reference, if given, leads each title.

/** Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(text) {
  return String(text)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** The bytes a code point takes in UTF-8 (a lone surrogate is written as U+FFFD, 3 bytes). */
function utf8Length(code) {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}

/** Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldLine(line) {
  const parts = [];
  let part = "";
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = utf8Length(char.codePointAt(0));
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

/**
 * A new UID (RFC 5545 3.8.4.7: globally unique), random: a UID built from the area and
 * the dates was the same for two families with the same dates, and a calendar that
 * imported the second file overwrote the first family's events with it. So every
 * download gets new ones. randomUUID needs a secure context; getRandomValues does not.
 */
export function newUid(host) {
  let id;
  if (typeof crypto.randomUUID === "function") id = crypto.randomUUID();
  else {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return `${id}@${host}`;
}

/**
 * The calendar events of a timescales or prebirth result, each with a new UID.
 * reference: the reader's own case reference, put before each title ("" for none).
 */
export function resultEvents(result, reference = "") {
  const host = (typeof location !== "undefined" && location.hostname) || "cp-navigator.invalid";
  const title = (text) => (reference ? `${reference} – ${text}` : text);
  const events = [];
  for (const d of result.deadlines || []) {
    if (!d.date) continue;
    events.push({
      uid: newUid(host),
      date: d.date,
      summary: title(`${d.estimate ? "Estimated latest date" : "Latest date"}: ${d.label}`),
      description: [`${d.rule}.`, d.source && `Source: ${d.source.citation}.`, d.note].filter(Boolean).join("\n"),
    });
  }
  for (const s of result.schedules || []) {
    s.dates.forEach((date, i) => events.push({
      uid: newUid(host),
      date,
      summary: title(`Latest date: ${s.label} (${i + 1})`),
      description: [`${s.rule}.`, s.source && `Source: ${s.source.citation}.`, s.note].filter(Boolean).join("\n"),
    }));
  }
  return events;
}

/**
 * A download link for the result's dates, or null when it has none. The file is made
 * again at each click, with new UIDs and the case reference as it is then
 * (reference(): a function, read at the click). The last Blob URL is revoked when the
 * link leaves the page (the next result replaces it).
 */
export function downloadLink(result, filename, label, reference = () => "") {
  if (!resultEvents(result).length) return null;
  const link = document.createElement("a");
  let url = null;
  const make = () => {
    if (url) URL.revokeObjectURL(url);
    const ref = reference().trim();
    const name = `${label}: ${result.area_name}${ref ? ` (${ref})` : ""}`;
    const text = buildCalendar(resultEvents(result, ref), name);
    url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    link.href = url;
  };
  // The first file is made just after the result is drawn, not before: making it (a Blob
  // URL from the browser) held the first result back by about 40 ms, four times that on a
  // slow phone. A click before then still gets its file: make() runs on every click.
  let gone = false;
  requestAnimationFrame(() => setTimeout(() => url || gone || make()));
  // Runs before the browser follows the link, so the download is the file made here.
  link.addEventListener("click", make);
  link.download = filename;
  link.className = "calc-button calc-button--secondary";
  link.dataset.ics = "";
  link.textContent = "Download the dates (calendar file, .ics)";
  return { link, revoke: () => { gone = true; if (url) URL.revokeObjectURL(url); } };
}
