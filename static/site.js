// Enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Focus the result or error (or a notice above it) so it is read first.
  const target = document.querySelector("[data-autofocus]");
  if (target) {
    (document.querySelector(".flash") || target).focus();
  }
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  for (const hint of document.querySelectorAll("[data-print-hint]")) {
    hint.hidden = true;
  }
});

// Presenter: arrows follow Next/Previous, R shows or hides the answer, Space only shows it;
// not while typing, and Space not on a link (it would give the answer away).
const SLIDE_KEYS = { ArrowRight: "next", ArrowLeft: "previous", " ": "reveal", r: "reveal, hide", R: "reveal, hide" };
document.addEventListener("keydown", (event) => {
  const keys = SLIDE_KEYS[event.key];
  const link = keys && document.querySelector(keys.split(", ").map((key) => `[data-presenter] a[data-key="${key}"]`).join());
  if (link && !event.altKey && !event.ctrlKey && !event.metaKey
      && !event.target.closest(`input, select, textarea, button, summary, [contenteditable]${event.key === " " ? ", a" : ""}`)) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
