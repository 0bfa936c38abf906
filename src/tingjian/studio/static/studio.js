// tingjian studio: previews, word picking, live progress, chapter jumps. Plain JS, no CDN.
"use strict";

function say(text) {
  const box = document.getElementById("player-status");
  if (box) box.textContent = text;
}

async function preview(button) {
  const form = document.getElementById("plan-form");
  const audio = document.getElementById("preview-audio");
  const data = new FormData(form);
  data.delete("intro");
  data.set("index", button.dataset.index);
  say("正在准备第 " + (Number(button.dataset.index) + 1) + " 句…");
  button.disabled = true;
  try {
    const response = await fetch("/api/preview", { method: "POST", body: data });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({ error: response.statusText }));
      say("试听失败：" + problem.error);
      return;
    }
    const blob = await response.blob();
    if (audio.dataset.url) URL.revokeObjectURL(audio.dataset.url);
    audio.dataset.url = URL.createObjectURL(blob);
    audio.src = audio.dataset.url;
    await audio.play().catch(() => undefined);
    say("正在播放第 " + (Number(button.dataset.index) + 1) + " 句");
  } finally {
    button.disabled = false;
  }
}

function pickWord(span) {
  const written = document.getElementById("written");
  if (!written) return;
  const selected = String(window.getSelection ? window.getSelection() : "").trim();
  written.value = selected && span.parentElement.textContent.includes(selected) ? selected : span.textContent;
  const spoken = document.getElementById("spoken");
  spoken.focus();
}

function followProgress(box) {
  const id = box.dataset.job;
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const status = document.getElementById("status");
  const events = new EventSource("/api/episodes/" + id + "/events");
  events.onmessage = (event) => {
    const job = JSON.parse(event.data);
    const p = job.progress;
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    bar.textContent = p.done;
    text.textContent = p.done + " / " + p.total + " 句 " + p.stage;
    status.textContent = job.status_name;
    if (!["queued", "running"].includes(job.status)) {
      events.close();
      window.location.reload();
    }
  };
  events.addEventListener("gone", () => { events.close(); window.location.href = "/"; });
}

document.addEventListener("click", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.matches("button.preview")) preview(target);
  else if (target.matches(".cue .w")) pickWord(target);
  else if (target.matches("button.seek")) {
    const player = document.getElementById("player");
    player.currentTime = Number(target.dataset.start);
    player.play().catch(() => undefined);
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress-box");
  if (box) followProgress(box);
});

// The broadcast preset hears every sentence back: moving to it ticks 听写核对, moving away from it
// unticks it; between other presets the box stays as the user left it.
document.addEventListener("change", (event) => {
  const target = event.target;
  const box = document.getElementById("verify");
  if (!(target instanceof HTMLSelectElement) || target.id !== "preset" || !box || box.disabled) return;
  const was = target.dataset.was || target.querySelector("option[selected]")?.value;
  target.dataset.was = target.value;
  if (target.value === "broadcast") box.checked = true;
  else if (was === "broadcast") box.checked = false;
});
