"""Just enough of the Chrome DevTools Protocol to load pages in Debian's headless chromium,
collect what its console reports, and take screenshots.

One websocket to the browser, one page target in "flat" session mode; commands are answered
in order, and events (console messages, log entries, load) are kept as they arrive."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from websockets.sync.client import ClientConnection, connect

__all__ = ["CHROMIUM", "Page", "serve_in_thread", "chromium"]

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-port=0", "about:blank"]


@contextmanager
def serve_in_thread(app: Starlette) -> Iterator[str]:
    """uvicorn on a free loopback port, in a thread; yields the base URL."""
    # ws="none": the page needs no websockets, and loading uvicorn's would warn.
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", ws="none",
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Page:
    socket: ClientConnection
    session: str
    events: list[dict[str, Any]]
    _next_id: int = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        command_id = self._next_id
        message: dict[str, Any] = {"id": command_id, "method": method, "params": params}
        if self.session:  # commands to the browser itself carry no session
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv(timeout=15))
            if answer.get("id") == command_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not any(event.get("method") == method for event in self.events):
            self.events.append(json.loads(self.socket.recv(timeout=deadline - time.monotonic())))

    def load(self, url: str, width: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, failed loads, CSP refusals."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in {"error", "warning",
                                                                          "assert"}:
                found.append(" ".join(str(arg.get("value")) for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] in {"error", "warning"}:
                found.append(params["entry"]["text"])
        return found

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(data["data"]))


@contextmanager
def chromium(profile: Path) -> Iterator[Page]:
    process = subprocess.Popen([str(CHROMIUM), f"--user-data-dir={profile}", *FLAGS],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 15
        while not port_file.is_file() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        with connect(f"ws://127.0.0.1:{port}{path}", max_size=2**26) as socket:
            browser = Page(socket=socket, session="", events=[])
            target = browser.send("Target.createTarget", url="about:blank")["targetId"]
            session = browser.send("Target.attachToTarget", targetId=target,
                                   flatten=True)["sessionId"]
            page = Page(socket=socket, session=session, events=[], _next_id=browser._next_id)
            for domain in ("Page", "Runtime", "Log"):
                page.send(f"{domain}.enable")
            yield page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
