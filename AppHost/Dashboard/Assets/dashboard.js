// The AppHost dashboard's only script: keeps pages live. Text from resources is inserted with
// textContent (console lines) or arrives already HTML-encoded by the server (refreshed pages).
(function () {
  "use strict";
  const live = document.getElementById("live");
  const isLive = () => !live || live.checked;

  // Pages with data-refresh re-fetch their main element, unless the reader opened a detail or is typing.
  const main = document.getElementById("main");
  const seconds = main && Number(main.dataset.refresh);
  if (seconds > 0) {
    setInterval(async () => {
      if (!isLive() || document.hidden || main.querySelector("details[open]") || main.contains(document.activeElement) && document.activeElement.matches("input, select")) return;
      try {
        const response = await fetch(location.href, { headers: { "X-Partial": "1" }, credentials: "same-origin" });
        if (response.ok) main.innerHTML = await response.text();
      } catch (e) { /* the AppHost may be stopping; try again next time */ }
    }, seconds * 1000);
  }

  // Console logs: append the lines written since the last one shown.
  const consoleBox = document.getElementById("console");
  if (consoleBox) {
    consoleBox.scrollTop = consoleBox.scrollHeight;
    let after = Number(consoleBox.dataset.after || 0);
    setInterval(async () => {
      if (!isLive() || document.hidden) return;
      try {
        const response = await fetch(consoleBox.dataset.linesUrl + "?after=" + after, { credentials: "same-origin" });
        if (!response.ok) return;
        const lines = await response.json();
        if (lines.length === 0) return;
        const atBottom = consoleBox.scrollTop + consoleBox.clientHeight >= consoleBox.scrollHeight - 20;
        for (const line of lines) {
          const row = document.createElement("div");
          row.className = line.error ? "stderr" : "stdout";
          const at = document.createElement("span");
          at.className = "at";
          at.textContent = line.at;
          row.append(at, " " + line.text);
          consoleBox.append(row);
          after = line.seq;
        }
        while (consoleBox.childElementCount > 2000) consoleBox.firstElementChild.remove();
        if (atBottom) consoleBox.scrollTop = consoleBox.scrollHeight;
      } catch (e) { /* try again */ }
    }, 1000);
  }
})();
