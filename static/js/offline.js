// Installs the service worker, shows what is waiting to be sent from this phone (and anything
// the clinic could not accept), asks the worker to send on reconnect and on every open, and
// wipes the phone's copies and queue on sign-out. Without JavaScript the site works as before.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.indexedDB) { return; }

  var DB_NAME = "clinic-offline";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queue", { keyPath: "key" });
        request.result.createObjectStore("results", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function all(name) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var request = db.transaction(name, "readonly").objectStore(name).getAll();
        request.onsuccess = function () { db.close(); resolve(request.result); };
        request.onerror = function () { db.close(); reject(request.error); };
      });
    });
  }

  function remove(name, key) {
    return openDb().then(function (db) {
      return new Promise(function (resolve) {
        var tx = db.transaction(name, "readwrite");
        tx.objectStore(name).delete(key);
        tx.oncomplete = function () { db.close(); resolve(); };
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function panel() {
    var existing = document.getElementById("offline-queue");
    if (existing) { return existing; }
    var main = document.getElementById("main");
    if (!main) { return null; }
    var section = element("section", "card offline-queue");
    section.id = "offline-queue";
    section.setAttribute("aria-live", "polite");
    section.setAttribute("aria-label", "Entries on this phone");
    main.insertBefore(section, main.firstChild);
    return section;
  }

  function render() {
    return Promise.all([all("queue"), all("results")]).then(function (lists) {
      var waiting = lists[0];
      var answers = lists[1].filter(function (r) { return r.status === "refused"; });
      var section = panel();
      if (!section) { return; }
      section.textContent = "";
      section.hidden = !waiting.length && !answers.length;
      if (waiting.length) {
        section.appendChild(element("h2", "", "Waiting to send (" + waiting.length + ")"));
        section.appendChild(element("p", "small muted",
          "Saved on this phone. They are sent as soon as there is a network."));
        var list = element("ul", "offline-list");
        waiting.forEach(function (item) {
          var li = element("li", "offline-waiting", item.label + " — waiting to send");
          li.setAttribute("data-key", item.key);
          list.appendChild(li);
        });
        section.appendChild(list);
      }
      answers.forEach(function (answer) {
        var box = element("div", "message message-error offline-refused");
        box.setAttribute("role", "alert");
        box.appendChild(element("p", "", answer.message));
        var ok = element("button", "link-button", "OK");
        ok.type = "button";
        ok.addEventListener("click", function () { remove("results", answer.key).then(render); });
        box.appendChild(ok);
        section.appendChild(box);
      });
      // Saved answers need no action; they are shown once by the page reload after sending.
      lists[1].filter(function (r) { return r.status !== "refused"; }).forEach(function (r) {
        remove("results", r.key);
      });
    }).catch(function () {});
  }

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage(message); }
    });
  }

  // Not `ready`: it never settles where the worker could not be registered (blocked, private
  // windows), and sign-out must never wait on it.
  function forget() {
    return navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return new Promise(function (resolve) {
        if (!registration || !registration.active) { resolve(); return; }
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        registration.active.postMessage({ type: "forget" }, [channel.port2]);
        setTimeout(resolve, 3000);
      });
    });
  }

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  navigator.serviceWorker.addEventListener("message", function (event) {
    var type = event.data && event.data.type;
    if (type === "synced" || type === "queued" || type === "still-waiting") { render(); }
  });
  window.addEventListener("online", function () { send({ type: "flush" }); });
  render();
  if (navigator.onLine) {
    send({ type: "flush" });
    if (window.location.pathname === "/today/") { send({ type: "warm" }); }
  }

  // Sign-out: try to send what is waiting, then wipe this phone's copies and queue. The
  // server's answer also carries Clear-Site-Data for browsers that honour it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.action || !/\/accounts\/logout\/$/.test(new URL(form.action).pathname)) { return; }
    if (form.getAttribute("data-forgotten")) { return; }
    event.preventDefault();
    form.setAttribute("data-forgotten", "1");
    forget().then(function () { form.submit(); }, function () { form.submit(); });
  });
}());
