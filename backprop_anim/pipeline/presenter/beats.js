// The deck and how a <video> shows one of its beats: shared by the audience page (presenter.js)
// and the speaker view (speaker.js). No network, no libraries.
"use strict";
const deck = JSON.parse(document.getElementById("deck").textContent);
const words = deck.words;          // the page's words in the deck's language (from the catalogue)

// "{n}. {title}" with values: the translated templates keep their {names}.
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

// Flat list of beats in lecture order: {scene, index (in its scene), ...beat data}.
const beats = [];
deck.scenes.forEach((scene, s) =>
  scene.beats.forEach((b, i) => beats.push(Object.assign({ scene: s, index: i }, b))));

// A <video> that shows a beat in a phase: "start" (its first frame), "playing" (from t seconds),
// "end" (its last frame, held). Returns set(beat, phase, t), which loads the beat's file when it
// changes (and returns true then) and brings the video to the phase once it is ready: keys
// pressed faster than videos load always end in the last call's state. onEnded runs when a
// playing beat reaches its end (the phase is "end" from then on).
function beatVideo(video, onEnded) {
  let want = { phase: "start", t: 0 };
  function apply() {
    if (want.phase === "playing") {
      video.pendingSeek = null;
      video.currentTime = want.t;
      video.play().catch(() => {});
    } else {
      video.pause();
      // the end state is the last frame: seek into it, half a frame before the end. A seek to
      // exactly `duration` lies past the last frame's start; Chromium then sometimes keeps the
      // frame it showed before (seen under load in CI), so the lecturer would see the beat's start.
      const lastFrame = Math.max(0, video.duration - 0.5 / (deck.fps || 60));
      seekPaused(video, want.phase === "end" ? lastFrame : 0);
    }
  }
  video.addEventListener("loadedmetadata", apply);
  video.addEventListener("ended", () => {
    if (want.phase !== "playing") return;
    want.phase = "end";
    if (onEnded) onEnded();
  });
  return function set(b, phase, t = 0) {
    want = { phase, t };
    if (!video.src.endsWith(b.video)) {
      video.src = b.video;         // apply() runs when its metadata is there
      return true;
    }
    if (video.readyState >= 1) apply();
    return false;
  };
}

// Seek a paused video and see that the frame there gets painted. Chromium (headless, under load)
// can finish a seek ('seeked' fired, currentTime right, the frame decoded: drawImage() onto a
// canvas shows it) and go on painting the frame it showed before, for good; a second seek does
// not help. A pending requestVideoFrameCallback makes it present the new frame, and says when it
// did with the frame's time; if the right frame has not come a second after 'seeked', seek again.
function seekPaused(video, t, tries = 3) {
  const seek = video.pendingSeek = {};         // a newer seek, or play(), cancels this one
  if (video.requestVideoFrameCallback) {
    let painted = false;
    const onFrame = (_now, frame) => {
      if (video.pendingSeek !== seek) return;
      if (Math.abs(frame.mediaTime - t) < 1 / (deck.fps || 60)) painted = true;   // the frame at t
      else video.requestVideoFrameCallback(onFrame);                              // an older one
    };
    video.requestVideoFrameCallback(onFrame);
    video.addEventListener("seeked", () => setTimeout(() => {
      if (video.pendingSeek === seek && !painted && tries > 1) seekPaused(video, t, tries - 1);
    }, 1000), { once: true });
  }
  video.currentTime = t;
}
