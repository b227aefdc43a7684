// The guide's contents: open beside the text on wide screens, a folded bar that stays at the
// top of the screen on phones (a way back to the contents from anywhere in the guide), folded
// again once a reader picks a section. Without this script the box simply opens and closes.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 64rem)");
  document.querySelectorAll(".toc").forEach(function (nav) {
    var details = nav.querySelector("details");
    if (!details) { return; }
    nav.setAttribute("data-enhanced", "");
    function fit() { details.open = wide.matches; }
    fit();
    wide.addEventListener("change", fit);
    details.querySelectorAll("a").forEach(function (link) {
      link.addEventListener("click", function () { if (!wide.matches) { details.open = false; } });
    });
  });
})();
