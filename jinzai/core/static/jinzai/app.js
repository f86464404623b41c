/* jinzai: small progressive enhancements. Pages work without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Small screens: the left menu folds behind the メニュー button (the CSS hides it only when this runs).
  function setUpMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("side-nav");
    if (!toggle || !nav) return;
    function set(open) {
      nav.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    // the button carries the sum of the menu's counts (「対応が必要なこと」), so a folded menu still tells
    var total = 0;
    nav.querySelectorAll(".nav-count").forEach(function (el) {
      total += parseInt(el.textContent.replace(/[^0-9]/g, ""), 10) || 0;
    });
    if (total) {
      var count = document.createElement("span");
      count.className = "nav-toggle-count";
      count.textContent = String(total);
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "（対応が必要なこと " + total + "件）";
      toggle.appendChild(count);
      toggle.appendChild(hidden);
    }
    toggle.addEventListener("click", function () { set(!nav.classList.contains("is-open")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open") && toggle.offsetParent !== null) {
        set(false);
        toggle.focus();
      }
    });
  }

  // Tables scroll inside their own box: a table that is not in one gets a .table-wrap around it.
  function wrapTables(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".table-wrap, .table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-wrap";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function regionName(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    for (var el = box.previousElementSibling; el && !text; el = el.previousElementSibling) {
      if (/^H[1-4]$/.test(el.tagName)) text = el.textContent.trim();
    }
    return (text || "表") + "（横にスクロールできます）";
  }

  // A box whose table is wider than the screen can be scrolled with the keyboard: it takes focus
  // (tabindex=0) and is a named region; when it fits again, what this added is taken away.
  function markScrollable() {
    document.querySelectorAll(".table-wrap, .table-scroll").forEach(function (box) {
      var tall = window.getComputedStyle(box).overflowY !== "hidden" && box.scrollHeight > box.clientHeight;
      var scrolls = box.scrollWidth > box.clientWidth || tall;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var added = ["tabindex"];
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) {
          box.setAttribute("role", "region");
          added.push("role");
        }
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", regionName(box));
          added.push("aria-label");
        }
        box.dataset.jsScroll = added.join(" ");
      } else if (!scrolls && box.dataset.jsScroll) {
        box.dataset.jsScroll.split(" ").forEach(function (name) { box.removeAttribute(name); });
        delete box.dataset.jsScroll;
      }
    });
  }

  ready(function () {
    // Selects marked data-autosubmit submit their form on change (the button stays for no-JS use).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    setUpMenu();
    wrapTables(document);
    markScrollable();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(markScrollable, 150);
    });
    document.addEventListener("toggle", markScrollable, true); // a <details> opened
    window.addEventListener("load", markScrollable); // after images and fonts
    if ("ResizeObserver" in window) {
      var observer = new window.ResizeObserver(function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(markScrollable, 50);
      });
      document.querySelectorAll(".table-wrap > table, .table-scroll > table").forEach(function (table) {
        observer.observe(table);
      });
    }
    document.body.addEventListener("htmx:afterSettle", function (event) {
      wrapTables(event.target);
      markScrollable();
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
