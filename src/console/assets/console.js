// The console's only script: period pickers submit on change, a broadcast's progress and the Zalo QR login poll JSON.
"use strict";
document.querySelectorAll("select[data-autosubmit]").forEach((s) => s.addEventListener("change", () => s.form.submit()));

const progress = document.querySelector("[data-progress]");
if (progress) {
  const bar = progress.querySelector("progress");
  const line = progress.querySelector("[data-progress-text]");
  const poll = async () => {
    try {
      const r = await fetch(progress.dataset.progress, { cache: "no-store", credentials: "same-origin" });
      if (r.ok) {
        const s = await r.json();
        const total = s.done + s.pending;
        bar.max = Math.max(1, total);
        bar.value = s.done;
        line.textContent = s.line;
        progress.dataset.status = s.status;
        if (s.status === "done" || s.status === "cancelled") return;
      }
    } catch {}
    setTimeout(poll, 1500);
  };
  poll();
}

const zalo = document.querySelector("[data-zalo-status]");
if (zalo) {
  const img = document.getElementById("zalo-qr");
  let shown = 0;
  const poll = async () => {
    try {
      const s = await (await fetch("/admin/zalo/login/status", { cache: "no-store", credentials: "same-origin" })).json();
      if ((s.state === "qr" || s.state === "scanned") && s.qrVersion !== shown) {
        shown = s.qrVersion;
        img.src = "/admin/zalo/login/qr.png?v=" + shown;
        img.hidden = false;
      }
      if (s.state !== "qr" && s.state !== "scanned") img.hidden = true;
      zalo.textContent = (zalo.dataset[s.state] || s.state) + (s.displayName ? " — " + s.displayName : "") + (s.reason ? " — " + s.reason : "") + (s.saved ? " — " + (s.saved.displayName || s.saved.ownId || "") : "");
    } catch {}
    setTimeout(poll, 2000);
  };
  poll();
}

// A unit list picked as a file is read into the box the form posts (plan files, binary, are the one multipart upload).
document.querySelectorAll("input[type=file][data-fill]").forEach((input) =>
  input.addEventListener("change", async () => {
    const box = input.form.querySelector(`[data-${input.dataset.fill}]`);
    if (box && input.files[0]) box.value = await input.files[0].text();
  }),
);

// The invite sheet's "Print" button: the browser's print dialog (console.css keeps one card whole per place).
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
