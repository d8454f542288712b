// The area a reader has chosen in the site's content tabs, for a calculator to start with.
//
// Material's linked content tabs (mkdocs.yml: content.tabs.link) keep the labels of the
// tabs a reader has picked, most recent first, in this site's localStorage under its own
// scoped key ("__tabs", read with Material's __md_get). The procedure pages label their
// area tabs with the areas' names ("City of York"), as the area <select> names its
// options, so a label is matched against the options' words. Nothing is written here:
// the choice is Material's, made by picking a tab; a calculator's inputs are never stored.

/** The value of the area option the reader chose last in a tab, or "" if none. */
export function chosenArea(select) {
  let labels;
  try {
    labels = typeof globalThis.__md_get === "function" ? globalThis.__md_get("__tabs") : null;
  } catch {
    return ""; // storage blocked (some private modes): no choice to use
  }
  if (!Array.isArray(labels)) return "";
  const options = [...select.options].filter((option) => option.value);
  for (const label of labels) {
    const option = options.find((o) => o.text.trim() === String(label).trim());
    if (option) return option.value;
  }
  return "";
}
