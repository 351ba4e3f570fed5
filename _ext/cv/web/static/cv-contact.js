// An e-mail address of the contact line (cv.owner.header) becomes a mailto: link. The page
// holds it in two halves with a hidden decoy between, so that harvesters find no address;
// without JavaScript a visitor still reads and copies it as it is.
for (const email of document.querySelectorAll("span.cv-email")) {
  const address = [...email.childNodes]
    .filter((node) => !(node.classList && node.classList.contains("cv-email-decoy")))
    .map((node) => node.textContent)
    .join("");
  const link = document.createElement("a");
  link.className = "reference external cv-email";
  link.href = `mailto:${address}`;
  link.textContent = address;
  email.replaceWith(link);
}
