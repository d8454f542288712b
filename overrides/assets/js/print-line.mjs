// What a printed page says about itself. A practitioner files a printed result; months
// later the sheet must say when it was printed and where from, and that the source may
// have changed since. So every page gets a line, shown only in print:
//
//   Printed on Saturday 29 November 2026 from https://…/calculators/timescales/?area=york&…:
//   check the source for changes.
//
// The address is the page's own, with a calculator's inputs when it has them (a shared
// link: the same result opens from it), without a #fragment. The line is written when a page is shown and again
// just before printing (the date, or the address after a new calculation, may have moved).
//
// Closed <details> (a result's "The working") are opened for printing and closed again
// afterwards, so the paper has the working too. (Chromium also prints closed details'
// content through site.css's print rules; other browsers need them open.)
//
// Mounted for every page by main.mjs after each page swap (instant navigation), not by a
// data-module root: it belongs to the page, not to a widget. With JavaScript off there is
// no line: the browser's own header and footer give the address and date when turned on.

import { formatDate, isoDay } from "./dates.mjs";

const LINE = "print-line";
let listening = false;
let opened = [];

// Today in the reader's time zone, spelt out ("Saturday 29 November 2026").
function today() {
  return formatDate(isoDay(new Date()));
}

// The page's address with its query (a result's shared link) but not its fragment, which
// Material's navigation.tracking keeps pointing at whichever heading is in view.
function address() {
  return location.href.split("#")[0];
}

function write(line) {
  line.textContent = `Printed on ${today()} from ${address()}: check the source for changes.`;
}

/** Put the line at the top of this page's content (once), with today's date and address. */
export function mountPrintLine(doc = document) {
  const article = doc.querySelector("article.md-content__inner");
  if (!article) return;
  let line = article.querySelector(`:scope > .${LINE}`);
  if (!line) {
    line = doc.createElement("p");
    line.className = LINE;
    article.prepend(line);
  }
  write(line);
  if (!listening) {
    listening = true;
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
  }
}

function beforePrint() {
  for (const line of document.querySelectorAll(`.${LINE}`)) write(line);
  opened = [...document.querySelectorAll("article details:not([open])")];
  for (const details of opened) details.open = true;
}

function afterPrint() {
  for (const details of opened) details.open = false;
  opened = [];
}
