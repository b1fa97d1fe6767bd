// Enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Focus a notice, else the result or error, so it is read first (not on Back: keep the place).
  const target = document.querySelector(".flash, [data-autofocus]");
  if (target && performance.getEntriesByType("navigation")[0]?.type !== "back_forward") {
    target.focus();
  }
  // Builder: a running count of the picks by its button (written before it shows, so it is not read out on load).
  const count = document.querySelector("[data-pick-count]");
  if (count) {
    const form = count.closest("form");
    const most = Number(count.dataset.pickCount);
    const show = () => {
      const picked = form.querySelectorAll("input[name=q]:checked").length;
      count.textContent = picked <= most ? `${picked} of up to ${most} questions picked.`
        : `${picked} questions picked: a set holds up to ${most}, so untick ${picked - most}.`;
    };
    show();
    form.addEventListener("change", show);
    // Back: the browser ticks the boxes again after DOMContentLoaded.
    window.addEventListener("pageshow", show);
  }
  for (const element of document.querySelectorAll("[data-js-only]")) {
    element.hidden = false;
  }
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  for (const hint of document.querySelectorAll("[data-print-hint]")) {
    hint.hidden = true;
  }
});

// Presenter: arrows follow Next/Previous, and so do Page Down/Up (what a presentation clicker sends)
// once the slide's end/start is on screen (till then they scroll); Space shows the answer once its
// button is on screen (till then it scrolls) or has focus. Not while typing, with a modifier, or on another link.
const SLIDE_KEYS = { ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous", " ": "reveal" };
document.addEventListener("keydown", (event) => {
  // Enter in a tick box would send a half-picked answer (only the first answer counts), or make a set.
  if (event.key === "Enter" && event.target.type === "checkbox") {
    event.preventDefault();
  }
  const space = event.key === " ";
  const slide = document.querySelector("[data-presenter]")?.getBoundingClientRect();
  const scrolls = { PageDown: slide?.bottom > innerHeight + 1, PageUp: slide?.top < -1 };
  const link = document.querySelector(`[data-presenter] a[data-key="${SLIDE_KEYS[event.key]}"]`);
  if (link && !scrolls[event.key] && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey
      && !(space && link.getBoundingClientRect().bottom > window.innerHeight)
      && (event.target === link
          || !event.target.closest(`input, select, textarea, button, summary, [contenteditable]${space ? ", a" : ""}`))) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
