// Diary entry: show the headache details only once "Yes" is chosen. Without this script every
// field stays visible and the server ignores details on a day without headache.
(function () {
  "use strict";
  var form = document.querySelector(".diary-form");
  if (!form) return;
  var details = form.querySelector("[data-details]");
  var choices = form.querySelectorAll('input[name="headache"]');
  if (!details || !choices.length) return;

  function update() {
    var yes = form.querySelector('input[name="headache"][value="yes"]');
    details.hidden = !(yes && yes.checked);
  }

  choices.forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
