// Ruang kerja zi-decree: a province's batch shows its progress as it goes (polled JSON), then its results.
"use strict";
(function () {
  var box = document.getElementById("kemajuan");
  if (!box || box.getAttribute("data-state") !== "berjalan") { return; }
  var url = box.getAttribute("data-progress");
  var bar = document.getElementById("bar");
  var status = document.getElementById("status");
  function poll() {
    fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (answer) {
      if (!answer.ok) { throw new Error(answer.status); }
      return answer.json();
    }).then(function (run) {
      if (run.state !== "berjalan") { window.location.reload(); return; }
      bar.max = run.total || 1;
      bar.value = run.done;
      status.textContent = run.status;  // the server's words, in the page's language
      run.offices.forEach(function (office, i) {
        var cell = document.querySelector("#kantor-" + (i + 1) + " td.state");
        if (cell && office.state !== "menunggu" && cell.getAttribute("data-state") !== office.state) {
          cell.setAttribute("data-state", office.state);
          cell.textContent = "";
          var badge = document.createElement("span");
          badge.className = "badge " + (office.state === "ditulis" ? "ok" : "error");
          badge.textContent = office.shown;
          cell.appendChild(badge);
        }
      });
      window.setTimeout(poll, 700);
    }).catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
