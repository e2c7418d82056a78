// The indicator library's 填入 buttons (templates/library/_assist.html): a suggestion fills the indicator's
// form on the page (#indicator-new: a project's new indicator, or the one being edited) (一级/二级指标, 三级指标, 描述, 指标值), which the user then checks and saves.
(function () {
  "use strict";
  var FIELDS = {level1: "level1", level2: "level2", name: "name", description: "description", target: "target_raw"};
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-library-fill]") : null;
    var form = document.getElementById("indicator-new");
    if (!button || !form) {
      return;
    }
    Object.keys(FIELDS).forEach(function (key) {
      var field = form.elements[FIELDS[key]];
      var value = button.getAttribute("data-" + key);
      if (field && value) {
        field.value = value;
      }
    });
    form.dispatchEvent(new Event("input", {bubbles: true}));
  });
})();
