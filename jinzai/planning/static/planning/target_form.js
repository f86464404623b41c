/* The target form shows only the fields of the chosen way of measuring (測り方).
   Every optional field and group carries data-metrics="key key …" (the metrics that use it); without
   JavaScript every field shows and the server ignores the ones the metric does not use. */
(function () {
  "use strict";

  function uses(element, metric) {
    return (element.getAttribute("data-metrics") || "").split(" ").indexOf(metric) !== -1;
  }

  function update(form) {
    var chosen = form.querySelector("input[name='metric']:checked");
    var metric = chosen ? chosen.value : "";
    var hint = form.querySelector("[data-metric-hint]");
    if (hint) hint.hidden = metric !== "";
    form.querySelectorAll("[data-metrics]").forEach(function (element) {
      element.hidden = !metric || !uses(element, metric);
    });
    form.querySelectorAll(".metric-choices > li").forEach(function (item) {
      var radio = item.querySelector("input[name='metric']");
      item.classList.toggle("is-chosen", !!radio && radio.checked);
    });
    // the type itself is not offered again among the types counted with it
    var primary = form.querySelector("select[name='talent_type']");
    form.querySelectorAll("input[name='also_types']").forEach(function (box) {
      var same = !!primary && primary.value === box.value;
      if (same) box.checked = false;
      var item = box.closest("li") || (box.closest("label") || box).parentElement;
      item.hidden = same;
    });
  }

  function start() {
    var form = document.querySelector("form[data-target-form]");
    if (!form) return;
    form.classList.add("is-enhanced"); // help texts of the other ways of measuring fold away
    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === "metric" || name === "talent_type") update(form);
    });
    update(form);
  }

  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
