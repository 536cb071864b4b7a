// The speaker view: opened by the audience window (key s), it follows that window and drives it.
// beats.js (loaded before) gives deck, words, fill, beats and beatVideo.
//
// How the two windows talk. A page opened from file:// has an opaque origin in Chromium, so
// neither window may touch the other's document, even for two files of one folder; what works
// with no server is postMessage(message, "*") between this window and its opener, and a check
// of who sent it (e.source) instead of the origin (which is "null").
//   speaker -> audience  {backprop: "hello"}               every second; the audience answers with its
//                                                          state (silence: it is closed or gone)
//                        {backprop: "key", key}            a lecture key pressed here
//   audience -> speaker  {backprop: "state", i, phase, t}  on every change, and to each hello
//                        {backprop: "reset"}               r pressed there
// The audience window owns the lecture (which beat, which phase); this one owns the clock.
"use strict";
const $ = id => document.getElementById(id);
const showNow = beatVideo($("now"));
const showNext = beatVideo($("next"));
const view = { i: -1, phase: "", start: Date.now(), heard: 0 };   // what is shown; when the audience last answered
window.speaker = view;             // read by the browser tests

// Keys that belong to the lecture go to the audience window (which then tells us the new state).
const LECTURE_KEYS = /^(ArrowRight|ArrowLeft| |PageDown|PageUp|Home|End|Enter|Escape|[0-9]|c)$/;

function tell(message) {
  if (window.opener && !window.opener.closed) window.opener.postMessage(message, "*");
}

function show(i, phase, t) {
  view.heard = Date.now();
  if (i === view.i && phase === view.phase) return;
  const b = beats[i];
  if (!b) return;
  showNow(b, phase, t);
  if (i !== view.i) {
    const scene = deck.scenes[b.scene];
    $("scene").textContent = `${scene.n}. ${scene.name} — ${b.name}`;   // as in the side list
    $("count").textContent = fill(words.beat_of, { n: i + 1, count: beats.length });
    $("scene-title").textContent = scene.title;
    $("notes").textContent = b.notes || words.no_notes;
    const next = beats[i + 1];
    $("next").hidden = !next;
    $("the-end").hidden = Boolean(next);
    if (next) showNext(next, "end");
  }
  view.i = i;
  view.phase = phase;
}

window.addEventListener("message", e => {
  const m = e.data;
  if (!m || typeof m !== "object" || e.source !== window.opener) return;
  if (m.backprop === "state") show(m.i, m.phase, m.t);
  else if (m.backprop === "reset") resetClock();
});

function resetClock() {
  view.start = Date.now();
  tick();
}

const two = n => String(n).padStart(2, "0");

function tick() {
  const s = Math.floor((Date.now() - view.start) / 1000);
  const h = Math.floor(s / 3600);
  $("elapsed").textContent = (h ? h + ":" : "") + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
  $("clock").textContent = new Date().toLocaleTimeString(deck.lang, { hour: "2-digit", minute: "2-digit" });
  $("offline").hidden = Date.now() - view.heard < 2500;
}

document.addEventListener("keydown", e => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const k = e.key;
  if (k === "r") resetClock();
  else if (k === "f") {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  }
  else if (LECTURE_KEYS.test(k)) tell({ backprop: "key", key: k });
  else return;
  e.preventDefault();
});
$("reset").onclick = () => { resetClock(); $("reset").blur(); };   // blurred: Space must not press it again

view.heard = Date.now();           // no "not connected" line while the first answer is on its way
tell({ backprop: "hello" });
setInterval(() => tell({ backprop: "hello" }), 1000);
setInterval(tick, 250);
tick();
