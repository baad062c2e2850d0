// The browser's time zone, so that follow-ups come in the person's own working hours.
// Without JavaScript the field stays empty and the operator's default time zone applies.
(function () {
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    zone = "";
  }
  var fields = document.querySelectorAll("input[data-timezone]");
  for (var i = 0; i < fields.length; i++) {
    fields[i].value = zone;
  }
})();
