// The source page: the quoted span in view on opening (the fragment #quoted does it too, once the
// text is laid out). A file of its own: the Content-Security-Policy allows no inline script.
window.addEventListener("load", function () {
  var quoted = document.getElementById("quoted");
  if (quoted) quoted.scrollIntoView({block: "center"});
});
