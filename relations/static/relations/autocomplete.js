// Autocomplete for AutocompleteSelectMultiple (relations/widgets.py): searches the server, keeps chosen rows in a
// hidden <select multiple> so that a normal form post carries them and a re-rendered form loses nothing.
(function () {
  "use strict";

  function addChosen(root, value, label) {
    const select = root.querySelector("select");
    if (select.querySelector('option[value="' + CSS.escape(value) + '"]')) return;
    const option = new Option(label, value, true, true);
    select.appendChild(option);
    const item = document.createElement("li");
    item.dataset.value = value;
    const text = document.createElement("span");
    text.textContent = label;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "kz-autocomplete__remove";
    remove.setAttribute("aria-label", "× " + label);
    remove.textContent = "×";
    item.append(text, " ", remove);
    root.querySelector(".kz-autocomplete__chosen").appendChild(item);
  }

  function init(root) {
    if (root.dataset.kzReady) return;
    root.dataset.kzReady = "1";
    const input = root.querySelector(".kz-autocomplete__input");
    const results = root.querySelector(".kz-autocomplete__results");
    let timer = null;
    let controller = null;

    root.querySelector(".kz-autocomplete__chosen").addEventListener("click", function (event) {
      const button = event.target.closest(".kz-autocomplete__remove");
      if (!button) return;
      const item = button.closest("li");
      const option = root.querySelector('select option[value="' + CSS.escape(item.dataset.value) + '"]');
      if (option) option.remove();
      item.remove();
    });

    function search() {
      const query = input.value.trim();
      if (!query) {
        results.hidden = true;
        results.innerHTML = "";
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      const url = root.dataset.sourceUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          results.innerHTML = "";
          data.results.forEach(function (row) {
            const item = document.createElement("li");
            item.setAttribute("role", "option");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "kz-autocomplete__result";
            button.dataset.value = String(row.id);
            button.dataset.label = row.label;
            button.textContent = row.detail ? row.label + " — " + row.detail : row.label;
            item.appendChild(button);
            results.appendChild(item);
          });
          if (data.results.length === 0) {
            // Say so, rather than show nothing: the person may think the search has not run.
            const empty = document.createElement("li");
            empty.className = "kz-autocomplete__empty";
            empty.setAttribute("role", "option");
            empty.setAttribute("aria-disabled", "true");
            empty.textContent = root.dataset.noMatch || "No match";
            results.appendChild(empty);
          }
          results.hidden = false;
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        const first = results.querySelector(".kz-autocomplete__result");
        if (first) first.click();
      }
    });
    results.addEventListener("click", function (event) {
      const button = event.target.closest(".kz-autocomplete__result");
      if (!button) return;
      addChosen(root, button.dataset.value, button.dataset.label);
      input.value = "";
      results.hidden = true;
      results.innerHTML = "";
      input.focus();
    });
  }

  function initAll(container) {
    (container || document).querySelectorAll("[data-kz-autocomplete]").forEach(init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  // Inline panels and formsets add widgets later.
  new MutationObserver(function () { initAll(document); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });

  // "Add another follow-up" on the log-a-meeting form.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-kz-add-form]");
    if (!button) return;
    const prefix = button.dataset.kzAddForm;
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const template = document.getElementById(prefix + "-empty-form");
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    document.getElementById(prefix + "-forms").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
})();
