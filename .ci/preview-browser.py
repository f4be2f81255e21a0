#!/usr/bin/env python3
"""`rcs preview` in a real browser: every chatbot sample of the corpus (and a hostile card of
ours) rendered by `rcs preview`, loaded in headless Chromium over the DevTools protocol, and
checked from the DOM: every card title, description, suggestion label and text is present and
visible, every violation marker is visible and as many as the page says, no script ran (the
hostile title shows as text), the page's own style applied under its Content-Security-Policy,
and at 360 px the page does not scroll sideways. A screenshot of each page is kept.

usage: preview-browser.py RCS_BINARY CORPUS_DIR [SCREENSHOT_DIR]
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

SAMPLES = [
    "gsma-bodies/botmessage.generalPurposeCard.horizontal.ctcu.json",
    "gsma-bodies/botmessage.generalPurposeCardCarousel.ctcu.json",
    "gsma-bodies/botsuggestion.chiplist.all-actions.ctcu.json",
    "gsma-bodies/botsuggestion.chiplist.ctcu-carousel.json",
    "gsma-bodies/persistent-menu.ctcu.json",
    "gsma-bodies/quirk.string-filesizes.SYNTHETIC.json",
    "ctcu-v1.0.4/outbound.richcard-css-suggestions.json",
    "ctcu-v1.0.4/outbound.carousel-css-suggestions.json",
    "ctcu-v1.0.4/outbound.text-with-chiplist.json",
    "ctcu-v1.0.4/outbound.text-with-sms-fallback.json",
    "ctcu-v1.0.4/outbound.file.json",
    "fnw11-maap/event.message.json",
    "fnw11-maap/suggestions.all-12-actions.json",
    "cmcc-xml/outbound.carousel-chiplist-fallback.SYNTHETIC.xml",
    "rbm/agentMessage.standaloneCard.json",
]

# Written here, not taken from anywhere: markup and script in every text a card carries.
HOSTILE = {
    "message": {
        "generalPurposeCard": {
            "layout": {"cardOrientation": "VERTICAL"},
            "content": {
                "media": {
                    "mediaUrl": "https://x.example/a.jpg\"><script>window.__pwned=1</script>",
                    "mediaContentType": "image/jpeg",
                    "mediaFileSize": 1,
                    "height": "TALL_HEIGHT",
                },
                "title": "<script>window.__pwned=1</script>Hostile title",
                "description": "<img src=x onerror=\"window.__pwned=1\"> & <b>not bold</b>",
                "suggestions": [
                    {
                        "action": {
                            "urlAction": {"openUrl": {"url": "javascript:window.__pwned=1"}},
                            "displayText": "<a href=x>tap</a>",
                            "postback": {"data": "x"},
                        }
                    }
                ],
            },
        }
    }
}

# Names whose string values a phone shows.
SHOWN = {"title", "description", "displayText", "textMessage"}


def shown_texts(v, out, rbm=False):
    """Every string a phone shows, from the source JSON."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("createCalendarEvent", "composeTextMessage", "location", "postback", "deviceSpecifics"):
                continue
            if isinstance(x, str) and (k in SHOWN or (rbm and k == "text")):
                out.append(x)
            elif k == "contentText" and isinstance(x, str):
                out.append(x)
            else:
                shown_texts(x, out, rbm)
    elif isinstance(v, list):
        for x in v:
            shown_texts(x, out, rbm)


def expected(path: Path):
    raw = path.read_text(encoding="utf-8")
    out = []
    if path.suffix == ".xml":
        # The JSON parts of the multipart bodyText.
        for m in re.finditer(r"^\{.*\}$", raw, re.M):
            shown_texts(json.loads(m.group(0)), out)
    else:
        doc = json.loads(raw)
        if "messageList" in doc:
            # CT/CU: text parts are shown; file parts are not text.
            for part in doc["messageList"]:
                ct = part.get("contentType", "")
                text = part.get("contentText")
                if ct.startswith("text/plain") and isinstance(text, str):
                    out.append(text)
                elif isinstance(text, (dict, list)) and "botmessage" in ct or "botsuggestion" in ct:
                    shown_texts(text, out)
        else:
            shown_texts(doc, out, rbm="contentMessage" in doc)
    # Texts past a limit are shown cut: their start is what must be visible.
    return sorted({t.strip()[:8] for t in out if t.strip() and "[...]" not in t})


CHECK = r"""
(() => {
  const vis = el => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && parseFloat(s.opacity) > 0;
  };
  const candidates = [...document.querySelectorAll('.title,.description,.chip .label,.text,summary')];
  const missing = [];
  for (const t of EXPECTED) {
    if (!candidates.some(e => e.textContent.includes(t) && vis(e))) missing.push(t);
  }
  const marks = [...document.querySelectorAll('.violation')];
  return {
    missing,
    marks: marks.length,
    hidden_marks: marks.filter(m => !vis(m)).map(m => m.textContent),
    said: +document.querySelector('.summary').dataset.violations,
    scripts: document.scripts.length,
    pwned: !!window.__pwned,
    radius: getComputedStyle(document.querySelector('.phone')).borderRadius,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    titles: [...document.querySelectorAll('.title')].map(e => e.textContent),
    images: document.images.length,
  };
})()
"""


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="rcs-chromium-")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            sys.exit("chromium is not installed")
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = connect(page["webSocketDebuggerUrl"], max_size=64 << 20)
        self.next_id = 0
        self.call("Page.enable")

    def call(self, method, **params):
        self.next_id += 1
        me = self.next_id
        self.ws.send(json.dumps({"id": me, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("id") == me:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def load(self, url, width):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 500)
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("method") == "Page.loadEventFired":
                return
        raise RuntimeError(f"{url} did not load")

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(str(r["exceptionDetails"]))
        return r["result"]["value"]

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def main():
    rcs, corpus = sys.argv[1], Path(sys.argv[2]) / "chatbot"
    shots = Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/rcs-preview-shots")
    shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rcs-preview-"))
    hostile = work / "hostile.json"
    hostile.write_text(json.dumps(HOSTILE), encoding="utf-8")
    cases = [(corpus / s, expected(corpus / s)) for s in SAMPLES]
    cases.append((hostile, ["<script>window.__pwned=1</script>Hostile title", "<img src=x onerror=", "<a href=x>tap</a>"]))
    browser = Browser()
    passed = failed = 0
    try:
        for path, want in cases:
            page = work / (path.name + ".html")
            r = subprocess.run([rcs, "preview", "--out", str(page), str(path)], capture_output=True, text=True)
            problems = []
            if r.returncode not in (0, 3):
                problems.append(f"rcs preview exited {r.returncode}: {r.stderr.strip()}")
            else:
                for width in (1024, 360):
                    browser.load(page.resolve().as_uri(), width)
                    got = browser.evaluate(CHECK.replace("EXPECTED", json.dumps(want, ensure_ascii=False)))
                    if got["missing"]:
                        problems.append(f"{width}px: not visible: {got['missing']}")
                    if got["hidden_marks"]:
                        problems.append(f"{width}px: violation markers not visible: {got['hidden_marks']}")
                    if got["marks"] != got["said"]:
                        problems.append(f"{got['marks']} markers for {got['said']} violations")
                    if got["scripts"] or got["pwned"]:
                        problems.append("a script is on the page or ran")
                    if got["radius"] in ("", "0px"):
                        problems.append("the page's style did not apply (CSP hash?)")
                    if got["overflow"] > 0:
                        problems.append(f"{width}px: the page scrolls sideways by {got['overflow']}px")
                    if got["images"]:
                        problems.append(f"{got['images']} images without --media")
                    if width == 1024:
                        browser.screenshot(shots / (path.name + ".png"))
                if (r.returncode == 3) != (got["said"] > 0):
                    problems.append(f"exit {r.returncode} with {got['said']} violations")
            name = path.relative_to(corpus) if path.is_relative_to(corpus) else path.name
            if problems:
                failed += 1
                print(f"preview {name}: FAILED")
                for p in problems:
                    print(f"  {p}")
            else:
                passed += 1
                print(f"preview {name}: ok ({len(want)} texts, {got['said']} violations marked)")
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"preview browser: {passed} passed, {failed} failed (screenshots in {shots})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
