// Calendar dates in words, the site's one way of writing them: "Monday 27 January 2025".
// Built by hand rather than with Intl: Intl's en-GB puts a comma after the weekday in some
// engines and not others, and building its formatter cost a page about 25 ms of its main
// thread as it loaded. Imported by render.mjs (the calculators' results), print-line.mjs
// (every page) and offline.mjs (when the copy was kept), which is why it stands alone.

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** "2025-01-27" -> {year, month (1-12), day, weekday (0 = Sunday)}, read as a calendar date (no time zone). */
export function parseIso(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday };
}

/** "2025-01-27" -> "Monday 27 January 2025" */
export function formatDate(iso) {
  const { year, month, day, weekday } = parseIso(iso);
  return `${DAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** A Date's calendar day where the reader is, as "2025-01-27". */
export function isoDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
