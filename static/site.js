// Small enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // After a form is sent, move focus to the result or the error so it is read out first.
  const target = document.querySelector("[data-autofocus]");
  if (target) {
    target.focus();
  }

  // A print button where one helps; without JavaScript the page says to use the browser's Print command.
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  for (const hint of document.querySelectorAll("[data-print-hint]")) {
    hint.hidden = true;
  }
});

// Presenter view: → and ← follow the Next and Previous links, R shows or hides the answer and Space
// shows it (once shown, Space scrolls to the explanation as usual). Never while typing, and Space
// never while a link has focus, so Space on a focused "Next" does not give the answer away.
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
