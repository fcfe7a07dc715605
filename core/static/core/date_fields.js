// Wagtail's date and time pickers (jQuery's xdsoft datetimepicker, started by wagtailadmin/js/date-time-chooser.js)
// keep what a person typed. Left to itself, the picker's check on leaving a field replaces a date it cannot read
// with another without a word: "2026-02-30" became 2026-03-02 and "12/31/2026" today. The form refuses such a date
// with a message instead ("Enter a valid date"). Loaded before any picker starts (core/wagtail_hooks.py), so every
// picker of the workspace takes it; a picker opens on the field's date, or on today when it has none.
(function () {
  "use strict";
  const picker = window.jQuery && window.jQuery.fn.datetimepicker;
  if (!picker || !picker.defaults) return;
  picker.defaults.validateOnBlur = false;
})();
