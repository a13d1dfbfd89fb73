"""Load on a running server (not a test): N concurrent gradio_client users each asking M
questions over loopback; prints errors and latency p50/p95. Loopback only, bounded."""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

from gradio_client import Client

QUESTIONS = [
    "蓉漂计划对团队最高资助多少？", "What matching funds do state key labs receive?", "这个政策现在还有效吗？",
    "学校有6个省部共建国家重点实验室，配套资金合计多少？", "Is tuition for part-time PhD students subsidised?",
    "中外合作办学有哪些支持？", "Who interprets these measures?", "高校调整学科设置最高补贴多少？",
    "How many demonstration bases by 2025?", "明天成都会下雨吗？",
]


def user(url: str, questions: int) -> tuple[list[float], list[str]]:
    client = Client(url, verbose=False)
    latencies, errors = [], []
    for i in range(questions):
        started = time.perf_counter()
        try:
            answer = client.predict(QUESTIONS[i % len(QUESTIONS)], "[]", "auto", api_name="/ask")
            if "answer" not in answer:
                errors.append("no answer field")
        except Exception as error:  # counted and reported, never hidden
            errors.append(f"{type(error).__name__}: {error}")
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    host = urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load tests run against loopback only")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.users) as pool:
        results = list(pool.map(lambda _: user(args.url, args.questions), range(args.users)))
    wall = time.perf_counter() - started
    latencies = sorted(ms for lat, _ in results for ms in lat)
    errors = [e for _, errs in results for e in errs]
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"{args.users} users x {args.questions} questions = {len(latencies)} requests in {wall:.1f} s")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"latency p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
          f"throughput {len(latencies) / wall:.1f} requests/s")


if __name__ == "__main__":
    main()
