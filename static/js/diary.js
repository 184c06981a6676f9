// Diary entry: show the headache details only once "Yes" is chosen, and give each medicine
// count a − and + so one tap records a dose. Without this script every field stays visible,
// the counts are typed, and the server ignores details on a day without headache.
(function () {
  "use strict";
  var form = document.querySelector(".diary-form");
  if (!form) return;

  form.querySelectorAll("input.dose").forEach(function (input) {
    var name = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "dose";
    var max = parseInt(input.getAttribute("max"), 10) || 20;
    function step(by, text, label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dose-step";
      button.textContent = text;
      button.setAttribute("aria-label", label + name);
      button.addEventListener("click", function () {
        var value = (parseInt(input.value, 10) || 0) + by;
        input.value = String(Math.max(0, Math.min(max, value)));
        input.dispatchEvent(new Event("change", {bubbles: true}));
      });
      return button;
    }
    var row = document.createElement("div");
    row.className = "dose-stepper";
    input.parentNode.insertBefore(row, input);
    row.appendChild(step(-1, "−", "One dose fewer: "));
    row.appendChild(input);
    row.appendChild(step(1, "+", "One dose more: "));
  });

  var details = form.querySelector("[data-details]");
  var choices = form.querySelectorAll('input[type="radio"][name="headache"]');
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
