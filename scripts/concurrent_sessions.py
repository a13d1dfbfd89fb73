"""Ten people asking at once, measured in real browsers (not a test: it prints, never asserts).

Opens N browser sessions (Debian's chromium through playwright, one context each, so no
cookies or state are shared) against a running `python -m assistant serve`, or starts one on a
free loopback port itself. Every session loads the page first; then all press Send together,
and each one's time from its click to the first visible answer text is taken inside the page
(a MutationObserver and performance.now(), so the browser's own clock, not Python's polling).
"Visible answer" means the assistant's bubble shows text that is neither the "searching"
placeholder nor a model draft still being checked. Also printed: the time until Send is enabled
again (the whole answer is in) and whether each session got an answer to its own question.

    python scripts/concurrent_sessions.py                  # starts a server itself
    python scripts/concurrent_sessions.py --url http://127.0.0.1:7860/ --sessions 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reliability import wait_http  # noqa: E402  (one readiness poll for both measurement scripts)

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [  # a mix of kinds and both languages; any notice's wording is avoided on purpose
    "这个政策现在还有效吗？", "Which policies are in force?", "省部共建国家重点实验室有什么支持？",
    "Who is responsible for graduate practice bases?", "学校有6个国家重点实验室，配套资金合计多少？",
    "How much can a team get?", "中外合作办学有哪些支持？", "When was the notice issued?",
    "明天成都会下雨吗？", "What does the policy say about doctoral tuition?",
]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Runs in the page right before Send is clicked: records the click time and the first moment
# the newest assistant bubble shows real answer text.
WATCH = """() => {
    const rows = () => document.querySelectorAll('#chatbot .bot-row');
    const before = rows().length;
    window.__first = undefined;
    const answered = () => {
        const all = rows();
        if (all.length <= before) return false;
        const row = all[all.length - 1];
        const text = row.textContent.trim();
        return text && !text.includes('正在检索') && !row.querySelector('.llm-draft');
    };
    window.__working = undefined;
    const observer = new MutationObserver(() => {
        if (window.__working === undefined && rows().length > before) {
            window.__working = performance.now() - window.__t0;  // the "searching…" placeholder (or more)
        }
        if (window.__first === undefined && answered()) {
            window.__first = performance.now() - window.__t0;
            observer.disconnect();
        }
    });
    observer.observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true});
    window.__t0 = performance.now();
    document.querySelector('#send').click();
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def session(browser, url: str, question: str, go: asyncio.Event, ready: list) -> dict:
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        await page.goto(url)
        await page.wait_for_selector("#question textarea", timeout=120_000)
        await page.locator("#question textarea").fill(question)
        ready.append(1)
        await go.wait()
        await page.evaluate(WATCH)
        handle = await page.wait_for_function("window.__first", timeout=120_000, polling=50)
        first_ms = await handle.json_value()
        await page.locator("#send").wait_for(state="visible")
        await page.wait_for_function("!document.querySelector('#send').disabled", timeout=120_000, polling=50)
        done_ms = await page.evaluate("performance.now() - window.__t0")
        working_ms = await page.evaluate("window.__working")
        shown = await page.locator("#chatbot .user-row").last.inner_text()
        return {"question": question, "first_ms": first_ms, "done_ms": done_ms, "working_ms": working_ms,
                "own_question": shown.strip() == question, "console_errors": len(errors)}
    except Exception as error:  # reported, never hidden
        return {"question": question, "error": f"{type(error).__name__}: {str(error)[:200]}"}
    finally:
        await context.close()


async def measure(url: str, sessions: int) -> list[dict]:
    from playwright.async_api import async_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium).")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        go, ready = asyncio.Event(), []
        tasks = [asyncio.create_task(session(browser, url, QUESTIONS[i % len(QUESTIONS)], go, ready))
                 for i in range(sessions)]
        while len(ready) < sessions and not all(t.done() for t in tasks):
            await asyncio.sleep(0.1)
        go.set()  # everyone presses Send together
        results = await asyncio.gather(*tasks)
        await browser.close()
    return results


def report(results: list[dict]) -> None:
    for number, result in enumerate(results, 1):
        if "error" in result:
            print(f"session {number:2d}: ERROR {result['error']}  ({result['question']})")
            continue
        print(f"session {number:2d}: working shown {result['working_ms'] / 1000:5.2f} s, "
              f"first answer visible {result['first_ms'] / 1000:5.2f} s, "
              f"complete {result['done_ms'] / 1000:5.2f} s, own question shown: {result['own_question']}, "
              f"console errors: {result['console_errors']}  ({result['question']})")
    first = [r["first_ms"] / 1000 for r in results if "first_ms" in r]
    done = [r["done_ms"] / 1000 for r in results if "done_ms" in r]
    working = [r["working_ms"] / 1000 for r in results if r.get("working_ms") is not None]
    if working:
        print(f"\n\"searching\" shown: p50 {statistics.median(working):.2f} s, max {max(working):.2f} s", end="")
    if first:
        print(f"\n{len(first)}/{len(results)} sessions answered; time to first visible answer: "
              f"p50 {statistics.median(first):.2f} s, max {max(first):.2f} s; "
              f"complete: p50 {statistics.median(done):.2f} s, max {max(done):.2f} s")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server; without it one is started on a free loopback port")
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"started python -m assistant serve (pid {server.pid}); up after "
              f"{wait_http(url, server, 600.0, 'the server'):.1f} s", flush=True)
    elif urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("measure against loopback only")
    try:
        report(asyncio.run(measure(url, args.sessions)))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
