/* jinzai: small progressive enhancements. Pages work without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Selects marked data-autosubmit submit their form on change (the button stays for no-JS use).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
    // Disable a submit button while its form posts, to avoid double commits of long work.
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        if (button && form.method.toLowerCase() === "post") {
          window.setTimeout(function () {
            button.disabled = true;
            button.dataset.label = button.textContent;
            button.textContent = "処理しています…";
          }, 0);
        }
      });
    });
  });
})();
