// The presenter: one beat (= one manim section) at a time. No network, no libraries.
// beats.js (loaded before) gives deck, words, fill, beats and beatVideo.
"use strict";
const video = document.getElementById("video");
const caption = document.getElementById("caption");
const info = document.getElementById("info");
const jump = document.getElementById("jump");
const help = document.getElementById("help");

// state.phase: "start" (first frame, not played yet), "playing", "end" (last frame held)
const state = { i: 0, phase: "start", captions: true, digits: "" };
window.presenter = state;          // read by the browser tests

function buildSide() {
  const list = document.getElementById("scenes");
  deck.scenes.forEach((scene, s) => {
    const li = document.createElement("li");
    li.value = scene.n;
    li.dataset.scene = s;
    const title = document.createElement("div");
    title.className = "scene";
    title.textContent = scene.name;
    title.title = scene.title;
    title.onclick = () => goScene(s);
    const ol = document.createElement("ol");
    scene.beats.forEach((b, i) => {
      const item = document.createElement("li");
      item.textContent = b.name;
      item.dataset.beat = beats.findIndex(x => x.scene === s && x.index === i);
      item.onclick = () => show(Number(item.dataset.beat), "start");
      ol.appendChild(item);
    });
    li.append(title, ol);
    list.appendChild(li);
  });
  if (deck.handout) {
    const a = document.createElement("a");
    a.href = deck.handout;
    a.textContent = words.handout;
    a.target = "_blank";
    document.getElementById("handout").appendChild(a);
  }
}

function highlight() {
  document.querySelectorAll("#scenes li.current").forEach(e => e.classList.remove("current"));
  const b = beats[state.i];
  const sceneLi = document.querySelector(`#scenes > li[data-scene="${b.scene}"]`);
  const beatLi = document.querySelector(`#scenes li[data-beat="${state.i}"]`);
  sceneLi.classList.add("current");
  beatLi.classList.add("current");
  beatLi.scrollIntoView({ block: "nearest" });
  const scene = deck.scenes[b.scene];
  const line = fill(words.info, { n: scene.n, title: scene.name, beat: b.index + 1,
                                  beats: scene.beats.length, name: b.name });
  info.replaceChildren(Object.assign(document.createElement("div"), { textContent: line }),
                       Object.assign(document.createElement("div"), { className: "notes", textContent: b.notes }));
}

// The captions: one text track filled from the embedded cues (file:// pages may not load <track src>).
const track = video.addTextTrack("captions", "captions", document.documentElement.lang);
track.mode = "hidden";             // cues fire, our own #caption draws them
track.oncuechange = drawCaption;

function setCues(b) {
  for (const cue of Array.from(track.cues || [])) track.removeCue(cue);
  for (const [a, z, text] of b.cues) track.addCue(new VTTCue(a, z, text));
  drawCaption();
}

function drawCaption() {
  const cues = track.activeCues ? Array.from(track.activeCues) : [];
  caption.replaceChildren(...cues.map(c => Object.assign(document.createElement("span"), { textContent: c.text })));
}

const setVideo = beatVideo(video, () => { state.phase = "end"; tellState(); });

function show(i, phase) {
  if (!beats.length) return;
  i = Math.max(0, Math.min(beats.length - 1, i));
  const b = beats[i];
  state.i = i;
  state.phase = phase;
  highlight();
  if (setVideo(b, phase)) setCues(b);
  tellState();
}

// The speaker view (speaker.js says how the two windows talk): this window owns the lecture's
// state and sends it on every change; the speaker window sends its keys here.
let speaker = null;                // the speaker window, once opened (or once it wrote to us)

function openSpeaker() {
  if (speaker && !speaker.closed) speaker.focus();
  else speaker = window.open("speaker.html", "backprop-speaker", "popup,width=1200,height=760");
}

function tell(message) {
  if (speaker && !speaker.closed) speaker.postMessage(message, "*");
}

// t: where the playing beat is (a new beat plays from 0; a hello may come in the middle of one)
function tellState(t = 0) {
  tell({ backprop: "state", i: state.i, phase: state.phase, t });
}

window.addEventListener("message", e => {
  const m = e.data;
  if (!m || typeof m !== "object" || !e.source) return;
  if (m.backprop === "hello") { speaker = e.source; tellState(state.phase === "playing" ? video.currentTime : 0); }
  else if (m.backprop === "key" && typeof m.key === "string") { speaker = e.source; handleKey(m.key); }
});

function next() {
  if (state.phase === "start") show(state.i, "playing");
  else if (state.i < beats.length - 1) show(state.i + 1, "playing");
}

function previous() {
  if (state.i > 0) show(state.i - 1, "end");
  else show(0, "start");
}

function goScene(s) {
  const i = beats.findIndex(b => b.scene === s);
  if (i >= 0) show(i, "start");
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => document.body.classList.toggle("fullscreen"));
}

function setDigits(d) {
  state.digits = d;
  jump.textContent = d ? fill(words.jump_to, { n: d }) : "";
  jump.hidden = !d;
}

// A key pressed here or in the speaker window; false when it is not one of ours.
function handleKey(k) {
  let handled = true;
  if (state.digits && !/^[0-9]$/.test(k) && k !== "Enter") setDigits("");   // a typed number is for Enter only
  if (/^[0-9]$/.test(k)) setDigits(state.digits + k);
  else if (k === "Enter" && state.digits) {
    const n = Number(state.digits);
    const s = deck.scenes.findIndex(sc => sc.n === n);
    setDigits("");
    if (s >= 0) goScene(s);
  }
  else if (k === "ArrowRight" || k === " " || k === "PageDown") next();
  else if (k === "ArrowLeft" || k === "PageUp") previous();
  else if (k === "Home") show(0, "start");
  else if (k === "End") show(beats.length - 1, "end");
  else if (k === "f") toggleFullscreen();
  else if (k === "c") { state.captions = !state.captions; caption.classList.toggle("off", !state.captions); }
  else if (k === "i") info.hidden = !info.hidden;
  else if (k === "?") help.hidden = !help.hidden;
  else if (k === "Escape") { help.hidden = true; setDigits(""); }
  else if (k === "s") openSpeaker();
  else if (k === "r") tell({ backprop: "reset" });
  else handled = false;
  return handled;
}

document.addEventListener("keydown", e => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  if (handleKey(e.key)) e.preventDefault();
});

buildSide();
show(0, "start");
