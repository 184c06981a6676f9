// Shows a follow-up question only when the answer it depends on makes it relevant. Without
// JavaScript every question stays visible and the server ignores the ones that don't apply.
(function () {
  "use strict";
  function checked(name) {
    return Array.from(document.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (input) { return input.value; });
  }
  function update() {
    document.querySelectorAll("[data-shown-when]").forEach(function (block) {
      var picked = checked(block.dataset.shownWhen).filter(function (v) { return v !== "none"; });
      block.hidden = picked.length === 0;
    });
    document.querySelectorAll("[data-shown-when-yes]").forEach(function (block) {
      block.hidden = checked(block.dataset.shownWhenYes).indexOf("yes") === -1;
    });
  }
  document.addEventListener("change", update);
  update();
})();
