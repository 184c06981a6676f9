// Reminder settings: fill in this device's time zone for a new reminder, and subscribe this
// browser to push notifications (the subscription is sent to the server as JSON).
(function () {
  "use strict";
  var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var form = select.form;
    var enabled = form && form.querySelector("input[name$='enabled']");
    if (zone && enabled && !enabled.checked && select.querySelector("option[value='" + zone + "']")) {
      select.value = zone;
    }
  });

  var box = document.getElementById("push-devices");
  var button = document.getElementById("push-enable");
  var status = document.getElementById("push-status");
  if (!box || !button || !("serviceWorker" in navigator) || !("PushManager" in window)) { return; }
  button.hidden = false;

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  button.addEventListener("click", function () {
    status.textContent = "Asking this device…";
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") { throw new Error("Notifications are blocked for this site in the browser settings."); }
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.getAttribute("data-vapid-key"))
      });
    }).then(function (subscription) {
      var data = subscription.toJSON();
      data.label = navigator.userAgent.indexOf("Mobile") >= 0 ? "Phone" : "Computer";
      return fetch("/reminders/devices/", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(data)
      });
    }).then(function (response) {
      if (!response.ok) { return response.json().then(function (d) { throw new Error(d.error || "Not saved."); }); }
      window.location.reload();
    }).catch(function (error) {
      status.textContent = error.message || "Notifications could not be turned on.";
    });
  });
}());
