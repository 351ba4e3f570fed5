// A "Copy" button in each paper's BibTeX block. Added here rather than in the HTML, so that
// without JavaScript (or without a clipboard) no button that cannot work is shown.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const details of document.querySelectorAll("details.cv-pub-bibtex")) {
    const pre = details.querySelector("pre");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cv-pub-copy";
    button.textContent = "Copy";
    const status = document.createElement("span");
    status.className = "cv-pub-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(pre.textContent);
        status.textContent = "Copied";
      } catch {
        status.textContent = "Select the text to copy it";
      }
    });
    details.append(button, status);
  }
});
