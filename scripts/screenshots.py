"""Screenshots of the chat in Chinese and in English for the README (docs/*.png), at a
desktop (1366×768, the first screen) and a phone (390×844, the whole page) viewport, with
questions built from the loaded documents and the answer language chosen, so departments and
statuses show in that language. Starts the app on a free loopback port and drives Debian's
chromium."""

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
from assistant.edges.present import examples, is_english  # noqa: E402
from assistant.edges.ui import CSS, build_app  # noqa: E402


VIEWPORTS = {"": (1366, 768), "-phone": (390, 844)}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def shots(assistant) -> list[tuple[str, str, str]]:
    """(language, file stem, question): one Chinese and one English question, taken from the
    examples the app builds from the loaded documents (the questions about a clause's money first)."""
    built = examples(assistant.documents)
    zh = [q for q in built if not is_english(q)]
    en = [q for q in built if is_english(q)]
    pick = lambda qs: next((q for q in qs if "多少" in q or "how much" in q), qs[0] if qs else None)  # noqa: E731
    return [(language, f"chat-{language}", q) for language, q in (("zh", pick(zh)), ("en", pick(en))) if q]


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
        for language, stem, question in shots(assistant):
            for suffix, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator("#language").get_by_role("radio", name=LANGUAGE_NAMES[language]).check()
                page.locator("#question textarea").fill(question)
                page.locator("#send").click()
                page.wait_for_selector("#citations details", timeout=60_000)
                page.wait_for_selector("#send:not([disabled])", timeout=60_000)
                page.evaluate("window.scrollTo(0, 0)")  # the first screen, as a visitor sees it
                page.wait_for_timeout(800)
                name = f"{stem}{suffix}.png"
                page.screenshot(path=str(ROOT / "docs" / name), full_page=bool(suffix))
                print(f"docs/{name}")
                page.close()
        browser.close()
    app.close()


if __name__ == "__main__":
    main()
