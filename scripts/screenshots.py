"""Screenshots of the chat in Chinese and in English for the README (docs/*.png).
Starts the app on a free loopback port and drives Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.ui import CSS, build_app  # noqa: E402

SHOTS = [("chat-zh.png", "学校有6个省部共建国家重点实验室，配套资金合计多少？"),
         ("chat-en.png", "How much can a Rongpiao team receive at most?")]


def main() -> None:
    assistant = Assistant.create(Settings.from_env(), today=date.today())
    app = build_app(assistant, Path(tempfile.mkdtemp()) / "feedback.jsonl")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    (ROOT / "docs").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        for name, question in SHOTS:
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(f"http://127.0.0.1:{port}/")
            page.locator("#question textarea").fill(question)
            page.locator("#send").click()
            page.wait_for_selector("#citations details", timeout=60_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(ROOT / "docs" / name))
            print(f"docs/{name}")
            page.close()
        browser.close()
    app.close()


if __name__ == "__main__":
    main()
