#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# cdp.py -- measures a page in real headless Chromium through the DevTools
# protocol (standard library only: HTTP for the target list, a minimal
# WebSocket client for the protocol), for the browser tests that need what
# --dump-dom cannot give: bounding boxes at a given window size.
#
#   cdp.py CHROMIUM PROFILE_DIR URL WIDTH HEIGHT EXPRESSION_FILE
#
# Opens URL in a WIDTHxHEIGHT viewport, evaluates the JavaScript expression
# in EXPRESSION_FILE (it may return a promise; its value must be JSON-able)
# and prints the value as JSON. Chromium listens on a loopback port of its
# own choosing (--remote-debugging-port=0) and is stopped by pid at the end.
import base64, json, os, socket, struct, subprocess, sys, time, urllib.request


def ws_connect(url):
    assert url.startswith("ws://")
    hostport, path = url[5:].split("/", 1)
    host, port = hostport.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=60)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("websocket handshake failed")
        head += chunk
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError("websocket handshake refused: %r" % head[:200])
    return s, head.split(b"\r\n\r\n", 1)[1]


class Conn:
    def __init__(self, url):
        self.s, self.buf = ws_connect(url)
        self.next_id = 0
        self.events = []  # events that arrived while waiting for a reply

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(65536)
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        data = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            data += self._read(n)
            if b0 & 0x80:
                return json.loads(data.decode())

    def send(self, method, **params):
        self.next_id += 1
        msg = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        head = bytes([0x81])
        if len(msg) < 126:
            head += bytes([0x80 | len(msg)])
        elif len(msg) < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", len(msg))
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", len(msg))
        self.s.sendall(head + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(msg)))
        while True:
            r = self.recv()
            if "method" in r:
                self.events.append(r["method"])
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError("%s: %s" % (method, r["error"]))
                return r.get("result", {})


def main():
    chromium, profile, url, width, height, expr_file = sys.argv[1:7]
    expr = open(expr_file).read()
    os.makedirs(profile, exist_ok=True)
    port_file = os.path.join(profile, "DevToolsActivePort")
    if os.path.exists(port_file):
        os.unlink(port_file)
    proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                             "--disable-sync", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
                             "--remote-debugging-port=0", "--user-data-dir=" + profile,
                             "--window-size=%s,%s" % (width, height), "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.05)
        port = open(port_file).read().split("\n")[0].strip()
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=30))
        page = next(t for t in targets if t.get("type") == "page")
        c = Conn(page["webSocketDebuggerUrl"])
        c.send("Emulation.setDeviceMetricsOverride", width=int(width), height=int(height), deviceScaleFactor=1,
               mobile=False)
        c.send("Page.enable")
        c.send("Page.navigate", url=url)
        while "Page.loadEventFired" not in c.events:
            r = c.recv()
            if "method" in r:
                c.events.append(r["method"])
        r = c.send("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True, timeout=60000)
        if "exceptionDetails" in r:
            raise RuntimeError("expression failed: %s" % json.dumps(r["exceptionDetails"])[:500])
        print(json.dumps(r["result"].get("value")))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
