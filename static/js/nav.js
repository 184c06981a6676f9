// The "More" menu is a <details> and works without this; here Escape and a tap elsewhere close it.
(function () {
  "use strict";
  var menus = document.querySelectorAll(".nav-more details");
  if (!menus.length) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (!menu.open) { return; }
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
