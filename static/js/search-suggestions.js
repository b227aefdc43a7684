// Search as you type: guide titles offered under the search box as the reader types.
// Progressive enhancement: without this script the box is an ordinary search field, and the
// browser's own list (a <datalist>) keeps it accessible to keyboards and screen readers.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function enhance(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var timer = null;
    var latest = "";

    function show(titles) {
      list.replaceChildren.apply(list, titles.map(function (title) {
        var option = document.createElement("option");
        option.value = title;
        return option;
      }));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var prefix = input.value.trim();
      if (prefix.length < 2) { show([]); return; }
      timer = setTimeout(function () {
        latest = prefix;
        fetch(input.dataset.suggestions + "?q=" + encodeURIComponent(prefix), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { if (prefix === latest) { show(data.suggestions || []); } })
          .catch(function () { /* no suggestions; the search itself still works */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggestions]").forEach(enhance);
})();
