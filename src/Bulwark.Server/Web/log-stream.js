// The live job log: follows the job's server-sent events and appends what arrives as text nodes, never as markup
// (a log is untrusted output). Each connection replays the log from its start, so the page's copy is replaced on
// every (re)connect. When the job ends the page reloads to show the exact stored log, steps and findings.
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
"use strict";
(function () {
    var log = document.getElementById("log");
    var url = log && log.getAttribute("data-stream");
    if (!url || typeof EventSource === "undefined") {
        return;
    }
    // Characters kept on the page; older text is dropped from the top (the whole log stays downloadable).
    var limit = 2 * 1024 * 1024;
    var kept = 0;
    var source = new EventSource(url);
    source.addEventListener("open", function () {
        log.textContent = "";
        kept = 0;
    });
    source.addEventListener("log", function (event) {
        var text = event.data + "\n";
        log.appendChild(document.createTextNode(text));
        kept += text.length;
        while (kept > limit && log.firstChild && log.firstChild !== log.lastChild) {
            kept -= log.firstChild.nodeValue.length;
            log.removeChild(log.firstChild);
        }
    });
    source.addEventListener("end", function (event) {
        source.close();
        var status = document.getElementById("job-status");
        if (status) {
            status.textContent = event.data;
        }
        window.location.reload();
    });
}());
