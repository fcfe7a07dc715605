// core.widgets.TimeZoneSelect: the server writes the suggested zones (and the chosen one) into each select; every
// zone of the tz database is added here, from one list the page fetches once, to each select of the page and to
// those an inline panel adds later. Then Wagtail's w-locale controller names each zone in the reader's language
// when the select is first focused ("Asia/Tokyo: JST (日本標準時)").
(function () {
  "use strict";

  const SELECTOR = "select[data-kz-time-zones]";
  let everyZone = null; // an <optgroup> of every zone, cloned into each select

  function complete(select) {
    if (select.dataset.kzTimeZonesComplete) return;
    select.dataset.kzTimeZonesComplete = "1";
    const chosen = select.value;
    const group = everyZone.cloneNode(true);
    group.label = select.dataset.kzAllLabel || group.label;
    select.appendChild(group);
    select.value = chosen; // the suggested option, first of the two with that value
    select.setAttribute("data-action", "focus->w-locale#localizeTimeZoneOptions:once");
  }

  function completeAll() {
    document.querySelectorAll(SELECTOR).forEach(complete);
  }

  function start() {
    const first = document.querySelector(SELECTOR);
    if (!first) return;
    fetch(first.dataset.kzTimeZones, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("time zones: " + response.status);
        return response.json();
      })
      .then(function (data) {
        everyZone = document.createElement("optgroup");
        data.zones.forEach(function (zone) {
          everyZone.appendChild(new Option(zone, zone));
        });
        completeAll();
        // Inline panels ("Add itinerary item") add rows later.
        new MutationObserver(completeAll).observe(document.body, { childList: true, subtree: true });
      })
      .catch(function () {}); // the suggested zones stay; the form still works
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
