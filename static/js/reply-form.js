// The reply form on a page a shared cache may store: the page carries no CSRF or fill-time
// token (they would be one visitor's, served to everyone), so this fetches this visitor's
// from the form's data-reply-tokens URL when the reader first moves into the form, and makes
// a post wait for them if they are not there yet. Without this script the button stays
// disabled and a note links to the form with its tokens (docs/replies.md).
(function () {
  "use strict";
  document.querySelectorAll("form[data-reply-tokens]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    var failure = form.querySelector(".reply-form__token-error");
    var tokens = null; // the fetch under way or done; null again after a failure
    var ready = false;

    function fetchTokens() {
      if (!tokens) {
        tokens = fetch(form.getAttribute("data-reply-tokens"), {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) { throw new Error("reply tokens: " + response.status); }
            return response.json();
          })
          .then(function (data) {
            form.elements.csrfmiddlewaretoken.value = data.csrf;
            form.elements.form_started.value = data.started;
            ready = true;
            if (failure) { failure.hidden = true; }
          })
          .catch(function (error) {
            tokens = null; // the next focus or post tries again
            if (failure) { failure.hidden = false; }
            throw error;
          });
      }
      return tokens;
    }

    button.disabled = false;
    form.addEventListener("focusin", function () { fetchTokens().catch(function () {}); });
    form.addEventListener("submit", function (event) {
      if (ready) { return; }
      event.preventDefault();
      var submitter = event.submitter || button;
      fetchTokens().then(function () { form.requestSubmit(submitter); }, function () {});
    });
  });
})();
