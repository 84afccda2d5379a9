// folio serve: reloads this page when the site is rebuilt. Added to pages by the preview
// server only; a built site never contains it.
(() => {
  // The version of the site this page shows; the server tags every page with it.
  let shown = document.currentScript && document.currentScript.dataset.version;
  const address = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/__folio/live`;

  function swapStylesheets(version) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("folio", version);
      link.href = url.href;
    }
  }

  function connect() {
    const socket = new WebSocket(address);
    socket.onmessage = (message) => {
      const { kind, version } = JSON.parse(message.data);
      if (kind === "css" && shown !== undefined) {
        swapStylesheets(version);
        shown = version;
      } else if (kind === "reload" || (kind === "hello" && version !== shown)) {
        // A hello with another version: builds happened while this page was loading or
        // disconnected, or the server was restarted.
        location.reload();
      }
    };
    // The server is restarting or the machine slept: try again until it answers.
    socket.onclose = () => setTimeout(connect, 1000);
  }
  connect();
})();
