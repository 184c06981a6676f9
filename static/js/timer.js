// The guided hold timer. The page already lists every phase with its time, so without
// JavaScript nothing is lost (css/noscript.css hides the timer then); this script adds the
// countdown, the progress ring, skipping a spot or ending early (logged as partly done), sound,
// vibration, spoken steps and the in-page stop questions. The phases come from the server as JSON
// (selfcare/timer.py); nothing here decides a dose.
(function () {
  "use strict";

  var root = document.getElementById("timer");
  var data = document.getElementById("timer-phases");
  if (!root || !data || !window.JSON) { return; }

  var phases = JSON.parse(data.textContent);
  var speed = Math.max(1, parseInt(root.getAttribute("data-speed"), 10) || 1);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var RADIUS = 54;
  var CIRCUMFERENCE = 2 * Math.PI * RADIUS;
  var TICK_MS = 100;

  function byId(id) { return document.getElementById(id); }
  var el = {
    phase: byId("timer-phase"),
    count: byId("timer-count"),
    prompt: byId("timer-prompt"),
    announce: byId("timer-announce"),
    ring: byId("timer-ring"),
    list: byId("phase-list"),
    sound: byId("timer-sound"),
    vibrate: byId("timer-vibrate"),
    vibrateOption: byId("timer-vibrate-option"),
    speech: byId("timer-speech"),
    speechOption: byId("timer-speech-option"),
    more: byId("timer-more"),
    partial: byId("id_partial"),
    partialNote: byId("partial-note"),
    logSave: byId("log-save"),
    log: byId("log"),
    stopButton: byId("stop-button"),
    stopPanel: byId("stop-panel")
  };
  var buttons = {};
  root.querySelectorAll("[data-action]").forEach(function (button) {
    buttons[button.getAttribute("data-action")] = button;
  });

  var index = -1;
  var remaining = 0;
  var lastTick = 0;
  var lastWhole = -1;
  var interval = null;
  var state = "idle";
  var audio = null;
  var wakeLock = null;
  var stoppedEarly = false;
  var synth = window.speechSynthesis || null;

  // --- Output -------------------------------------------------------------------------

  function say(text) {
    // Clearing first makes screen readers announce a repeated message again.
    el.announce.textContent = "";
    window.setTimeout(function () { el.announce.textContent = text; }, 50);
  }

  function setState(next) {
    state = next;
    root.setAttribute("data-state", next);
    buttons.start.hidden = next !== "idle";
    buttons.pause.hidden = next !== "running";
    buttons.resume.hidden = next !== "paused";
    el.more.hidden = next !== "running" && next !== "paused";
  }

  function drawRing(fraction) {
    if (reduceMotion) { return; }  // the ring stays still; the number still counts down
    el.ring.style.strokeDashoffset = String(CIRCUMFERENCE * (1 - fraction));
  }

  function drawCount() {
    var whole = Math.max(0, Math.ceil(remaining / 1000));
    if (whole !== lastWhole) {
      el.count.textContent = String(whole);
      lastWhole = whole;
      var phase = phases[index];
      if (phase.kind !== "hold" && whole > 0 && whole <= 3) { tone(660, 0.08, 0.05); }
    }
    var total = phases[index].seconds * 1000;
    drawRing(total ? remaining / total : 0);
  }

  function markList() {
    if (!el.list) { return; }
    el.list.querySelectorAll("li").forEach(function (item) {
      var n = parseInt(item.getAttribute("data-phase"), 10);
      item.classList.toggle("is-current", n === index);
      item.classList.toggle("is-past", n < index);
      if (n === index) { item.setAttribute("aria-current", "step"); } else { item.removeAttribute("aria-current"); }
    });
  }

  // --- Sound, vibration, screen -------------------------------------------------------

  function tone(frequency, seconds, volume) {
    if (!el.sound.checked) { return; }
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      audio = audio || new Context();
      var now = audio.currentTime;
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(volume, now + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + seconds);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(now);
      osc.stop(now + seconds + 0.05);
    } catch (error) { /* no sound is fine */ }
  }

  function buzz(pattern) {
    if (el.vibrate && el.vibrate.checked && navigator.vibrate) { navigator.vibrate(pattern); }
  }

  function endOfHoldCue() {
    tone(523, 0.35, 0.2);
    window.setTimeout(function () { tone(784, 0.5, 0.2); }, 250);
  }

  function sideSwitchCue() {
    [0, 220, 440].forEach(function (delay) { window.setTimeout(function () { tone(659, 0.18, 0.2); }, delay); });
    buzz([300, 150, 300]);
  }

  function endOfSessionCue() {
    [523, 659, 784, 1047].forEach(function (note, n) {
      window.setTimeout(function () { tone(note, 0.4, 0.2); }, n * 200);
    });
    buzz([500, 200, 500]);
  }

  function speak(text) {
    if (!synth || !el.speech || !el.speech.checked || !window.SpeechSynthesisUtterance) { return; }
    try {
      synth.cancel();
      synth.speak(new window.SpeechSynthesisUtterance(text));
    } catch (error) { /* no voice is fine */ }
  }

  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* not allowed here: the screen may dim */ });
  }

  function letSleep() {
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state === "running") { keepAwake(); }
  });

  // --- The sequence -------------------------------------------------------------------

  function enter(next) {
    index = next;
    var phase = phases[index];
    root.setAttribute("data-kind", phase.kind);
    el.phase.textContent = phase.title;
    el.prompt.textContent = phase.prompt;
    markList();
    if (phase.kind === "done") { finish(); return; }
    if (phase.kind === "switch") { sideSwitchCue(); }
    remaining = phase.seconds * 1000;
    lastWhole = -1;
    drawCount();
    say(phase.title + ". " + phase.seconds + " seconds. " + phase.prompt);
    speak(phase.title + ". " + (phase.kind === "hold" ? phase.seconds + " seconds." : phase.prompt));
  }

  function tick() {
    if (state !== "running") { return; }
    var now = Date.now();
    remaining -= (now - lastTick) * speed;
    lastTick = now;
    if (remaining > 0) { drawCount(); return; }
    // The side switch and the end have cues of their own.
    if (phases[index].kind === "hold" && phases[index + 1].kind === "move") { endOfHoldCue(); }
    enter(index + 1);
  }

  function run() {
    lastTick = Date.now();
    setState("running");
    if (!interval) { interval = window.setInterval(tick, TICK_MS); }
    keepAwake();
  }

  function halt() {
    if (interval) { window.clearInterval(interval); interval = null; }
    letSleep();
  }

  function finish() {
    halt();
    setState("done");
    el.count.textContent = "0";
    drawRing(0);
    endOfSessionCue();
    var last = phases[phases.length - 1];
    if (stoppedEarly) {
      el.phase.textContent = "Stopped early";
      el.prompt.textContent = last.prompt;
      el.partial.value = "True";
      el.partialNote.hidden = false;
      el.logSave.textContent = "Save as partly done";
      say("Stopped early. " + last.prompt + " You can log your practice below.");
      speak("Stopped early. " + last.prompt);
    } else {
      say("Well done. " + last.prompt + " You can log your practice below.");
      speak("Well done. " + last.prompt);
    }
    if (el.log) { el.log.focus(); }
  }

  // Skip the current spot: its hold (and the wait before it) is cut short, so the practice
  // is logged as partly done.
  function skip() {
    if (state !== "running" && state !== "paused") { return; }
    stoppedEarly = true;
    var next = phases[index].kind === "hold" ? index + 1 : index + 2;
    enter(Math.min(next, phases.length - 1));
    if (state === "paused" && phases[index].kind !== "done") { resume(); }
  }

  function end() {
    if (state !== "running" && state !== "paused") { return; }
    stoppedEarly = true;
    enter(phases.length - 1);
  }

  function start() {
    tone(440, 0.01, 0.0002);  // unlocks audio on the user's tap (iOS, Chrome)
    stoppedEarly = false;
    enter(0);
    run();
    buttons.pause.focus({preventScroll: true});
    root.scrollIntoView({block: "start", behavior: reduceMotion ? "auto" : "smooth"});
  }

  function pause() {
    if (state !== "running") { return; }
    halt();
    setState("paused");
    say("Paused.");
    buttons.resume.focus({preventScroll: true});
  }

  function resume() {
    if (state !== "paused") { return; }
    run();
    say("Going on. " + phases[index].title + ".");
    buttons.pause.focus({preventScroll: true});
  }

  // --- Stop: the questions open on this page --------------------------------------------

  function openStop(event) {
    if (!el.stopPanel) { return; }
    event.preventDefault();
    if (state === "running") { pause(); }
    el.stopPanel.hidden = false;
    el.stopPanel.focus();
    el.stopPanel.scrollIntoView({block: "start"});
  }

  function closeStop() {
    el.stopPanel.hidden = true;
    el.stopButton.focus();
  }

  // --- Wiring -------------------------------------------------------------------------

  el.ring.style.strokeDasharray = String(CIRCUMFERENCE);
  drawRing(1);
  var firstHold = phases.filter(function (phase) { return phase.kind === "hold"; })[0];
  if (firstHold) { el.count.textContent = String(firstHold.seconds); }
  if (reduceMotion) { root.classList.add("is-still"); }
  if (navigator.vibrate && el.vibrateOption) { el.vibrateOption.hidden = false; }
  if (synth && el.speechOption) { el.speechOption.hidden = false; }
  buttons.start.addEventListener("click", start);
  buttons.pause.addEventListener("click", pause);
  buttons.resume.addEventListener("click", resume);
  buttons.skip.addEventListener("click", skip);
  buttons.end.addEventListener("click", end);
  if (el.stopButton) { el.stopButton.addEventListener("click", openStop); }
  document.querySelectorAll("[data-action='stop-cancel']").forEach(function (button) {
    button.addEventListener("click", closeStop);
  });
  setState("idle");
})();
