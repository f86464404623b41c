/* 指定する: offer only the sub-roles (区分) of the chosen talent type. The server checks it again. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var typeSelect = document.getElementById("id_talent_type");
    var subSelect = document.getElementById("id_sub_role");
    if (!typeSelect || !subSelect) return;
    function sync() {
      var chosen = typeSelect.options[typeSelect.selectedIndex];
      var typeName = chosen && chosen.value ? chosen.textContent.trim() : "";
      var groups = subSelect.querySelectorAll("optgroup");
      var any = false;
      groups.forEach(function (group) {
        var match = group.label === typeName;
        group.hidden = !match;
        group.disabled = !match;
        if (match) any = true;
      });
      var selected = subSelect.options[subSelect.selectedIndex];
      if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.disabled) {
        subSelect.value = "";
      }
      subSelect.disabled = !any;
    }
    typeSelect.addEventListener("change", sync);
    sync();
  });
})();
