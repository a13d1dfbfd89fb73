"""Prints the figures the closing notes quote: index build time, cold start to first
answer, warm `ask` latency p50/p95 over 100+ questions, and peak memory. Not a test."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402

QUESTIONS_FILE = ROOT / "evals" / "calibration.jsonl"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    questions = [json.loads(line)["q"] for line in QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env(index_dir=Path(folder))
        started = time.perf_counter()
        assistant = Assistant.create(settings)
        create_seconds = time.perf_counter() - started
        build_seconds = assistant.index_info.build_seconds

        env = {**os.environ, "ASSISTANT_INDEX_DIR": folder}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant", "ask", questions[0]], env=env, cwd=ROOT,
                       check=True, capture_output=True)
        cold_seconds = time.perf_counter() - started

        assistant.ask(questions[0])  # warm the tokenisers
        latencies, retrieval = [], []
        rounds = max(1, -(-110 // len(questions)))
        for _ in range(rounds):
            for question in questions:
                answer = assistant.ask(question)
                latencies.append(answer.timings_ms["total"])
                retrieval.append(answer.timings_ms["retrieve"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model                      {settings.embedding_model}")
    info = assistant.index_info
    print(f"index build ({info.entries} passages) {build_seconds:.2f} s, {info.passages_per_second} passages/s  "
          f"(create incl. model load and word vectors: {create_seconds:.2f} s)")
    print(f"cold start to first answer {cold_seconds:.2f} s  (new process, index already built)")
    print(f"warm ask, {len(latencies)} questions  p50 {statistics.median(latencies):.1f} ms  "
          f"p95 {percentile(latencies, 0.95):.1f} ms  (retrieval p50 {statistics.median(retrieval):.1f} ms)")
    print(f"peak memory (RSS)          {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
