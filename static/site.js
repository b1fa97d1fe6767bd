// Small enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // After a form is sent, move focus to the result or the error so it is read out first.
  const target = document.querySelector("[data-autofocus]");
  if (target) {
    target.focus();
  }
});
