"""Reliability runs against the public surfaces (not a test: it prints figures, never asserts
timings). On a temporary copy of corpus/ and a fresh index folder it starts `serve` and drives
N concurrent gradio_client users, each asking M questions from evals/calibration.jsonl:

1. idle:     the load alone (after one warm-up pass), requests, failures, p50/p95;
2. rebuild:  the same load while two `index --rebuild` run at once on the same folders;
3. busy:     the same load with one CPU-burning process per core;
4. chroma:   `serve` on a `chroma run` server that is killed during the load and restarted on
             the same port and path; answers that came from keyword search alone are counted
             apart from failures, and a pass after the restart shows whether it recovered.

A failed request is one that raised or came back without an answer. Loopback only; every
process started here is stopped in `finally`.

    .venv/bin/python scripts/reliability.py [--users 20] [--questions 10] [--json out.json]
    .venv/bin/python scripts/reliability.py --questions 2 --check   # what the test suite runs

With --check the exit code says whether it held: 1 when any request failed, a rebuild did not
exit 0, or the server still answered from keyword search alone after Chroma came back. Timings
are printed, never checked.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from gradio_client import Client

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMA = str(Path(sys.executable).with_name("chroma"))
DEGRADED_NOTES = ("keyword search alone", "仅按关键词检索")
TODAY = "2026-11-28"


def questions() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "evals" / "calibration.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    return [row["q"] for row in rows]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- processes ------------------------------------------------------------------------------
class Processes:
    """Every child started here, each in its own process group, stopped by its own id."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.children: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        process.log_path = self.logs / f"{name}.log"  # type: ignore[attr-defined]
        self.children.append(process)
        return process

    @staticmethod
    def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)  # the group this script created for that child
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)

    def stop_all(self) -> None:
        for process in reversed(self.children):
            try:
                self.stop(process)
            except Exception as error:  # keep stopping the others
                print(f"warning: could not stop pid {process.pid}: {error}", file=sys.stderr)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_http(url: str, process: subprocess.Popen | None, timeout: float, what: str) -> float:
    """Poll `url` until it answers 200; fail early if `process` exits. Returns seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            log = getattr(process, "log_path", None)
            raise RuntimeError(f"{what} exited with {process.returncode}" + (f":\n{tail(log)}" if log else ""))
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready at {url} after {timeout:.0f} s")


def chroma_heartbeat(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v2/heartbeat"


# -- load -----------------------------------------------------------------------------------
@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    degraded: int = 0
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")

    def summary(self) -> dict:
        return {"requests": self.requests, "failures": len(self.errors), "degraded": self.degraded,
                "p50_ms": round(statistics.median(self.latencies)) if self.latencies else None,
                "p95_ms": round(self.percentile(0.95)) if self.latencies else None,
                "wall_s": round(self.wall, 1), "first_errors": sorted(set(self.errors))[:3]}

    def line(self, label: str) -> str:
        s = self.summary()
        return (f"{label}: {s['requests']} requests in {s['wall_s']} s, failures {s['failures']}, "
                f"keyword-only {s['degraded']}, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms"
                + (f"\n    first errors: {s['first_errors']}" if s["first_errors"] else ""))


def run_load(url: str, users: int, per_user: int, pool: list[str], load: Load | None = None,
             on_request=None) -> Load:
    """`users` concurrent clients, each asking `per_user` questions (client i starts at
    question i*per_user of the pool, so the clients ask different questions)."""
    load = load or Load()

    def user(i: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as error:
            with load.lock:
                load.errors.extend([f"client: {type(error).__name__}: {error}"[:300]] * per_user)
            return
        for k in range(per_user):
            question = pool[(i * per_user + k) % len(pool)]
            started = time.perf_counter()
            degraded = False
            error_text = None
            try:
                answer = client.predict(question, "[]", "auto", "", api_name="/ask")
                if not isinstance(answer, dict) or not answer.get("answer"):
                    error_text = f"no answer in {str(answer)[:200]}"
                else:
                    degraded = any(note in answer["answer"] for note in DEGRADED_NOTES)
            except Exception as error:  # counted and reported, never hidden
                error_text = f"{type(error).__name__}: {error}"[:300]
            elapsed = (time.perf_counter() - started) * 1000
            with load.lock:
                load.latencies.append(elapsed)
                if error_text:
                    load.errors.append(error_text)
                load.degraded += degraded
                done = load.requests
            if on_request is not None:
                on_request(done)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as executor:
        list(executor.map(user, range(users)))
    load.wall += time.perf_counter() - started
    return load


# -- the runs -------------------------------------------------------------------------------
def base_env(corpus: Path, index: Path) -> dict:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"}
    env.pop("ASSISTANT_CHROMA_URL", None)
    return env


def start_serve(procs: Processes, name: str, env: dict) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    process = procs.start(name, [PYTHON, "-m", "assistant", "serve", "--port", str(port), "--today", TODAY], env)
    url = f"http://127.0.0.1:{port}/"
    waited = wait_http(url, process, timeout=600, what=f"serve ({name})")
    return process, url, waited


def build_index(procs: Processes, name: str, env: dict, rebuild: bool = False) -> float:
    started = time.perf_counter()
    process = procs.start(name, [PYTHON, "-m", "assistant", "index"] + (["--rebuild"] if rebuild else []), env)
    if process.wait(timeout=1800) != 0:
        raise RuntimeError(f"{name} exited with {process.returncode}:\n{tail(process.log_path)}")
    return time.perf_counter() - started


def phase_idle_rebuild_busy(procs: Processes, work: Path, args, pool: list[str], report: dict) -> None:
    corpus, index = work / "corpus", work / "index"
    env = base_env(corpus, index)
    report["first_build_s"] = round(build_index(procs, "index-first", env), 1)
    print(f"first index build: {report['first_build_s']} s", flush=True)
    serve, url, waited = start_serve(procs, "serve", env)
    report["serve_ready_s"] = round(waited, 1)
    print(f"serve ready after {waited:.1f} s at {url}", flush=True)

    warm = run_load(url, args.users, 1, pool)  # every client once: model, caches and sessions warm
    print(warm.line("warm-up (not counted)"), flush=True)

    idle = run_load(url, args.users, args.questions, pool)
    report["idle"] = idle.summary()
    print(idle.line("1. idle"), flush=True)

    # 2. two rebuilds at once, against the same folders, while the load runs; the load goes on
    # in rounds until both have finished, then one more round checks the server after them.
    rebuilds = [procs.start(f"rebuild-{n}", [PYTHON, "-m", "assistant", "index", "--rebuild"], env)
                for n in (1, 2)]
    started = time.perf_counter()
    during, rounds = Load(), 0
    while any(p.poll() is None for p in rebuilds) or rounds == 0:
        run_load(url, args.users, args.questions, pool, load=during)
        rounds += 1
    rebuild_s = time.perf_counter() - started
    codes = [p.wait() for p in rebuilds]
    after = run_load(url, args.users, args.questions, pool)
    report["rebuild"] = {"during": during.summary(), "rounds_during": rounds, "after": after.summary(),
                         "rebuild_exit_codes": codes, "rebuilds_done_within_s": round(rebuild_s, 1)}
    print(f"2. two concurrent `index --rebuild`: exit codes {codes}, both done within {rebuild_s:.1f} s", flush=True)
    print("   " + during.line(f"during ({rounds} rounds)"), flush=True)
    print("   " + after.line("after"), flush=True)
    for p in rebuilds:
        if p.returncode != 0:
            print(f"   rebuild pid {p.pid} log:\n{tail(p.log_path)}", flush=True)

    # 3. the machine busy: one burner per core; then idle again to compare like with like.
    burners = [procs.start(f"burn-{n}", [PYTHON, "-c", "while True: pass"], os.environ.copy())
               for n in range(os.cpu_count() or 1)]
    try:
        # poll until the burners are actually running (each has consumed CPU time)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not all(cpu_seconds(p.pid) > 0.2 for p in burners):
            time.sleep(0.05)
        run_load(url, args.users, 1, pool)  # warm under load too (new sessions)
        busy = run_load(url, args.users, args.questions, pool)
    finally:
        for p in burners:
            procs.stop(p, signal.SIGKILL)
    idle_again = run_load(url, args.users, args.questions, pool)
    report["busy"] = {"burners": len(burners), "loaded": busy.summary(), "idle_after": idle_again.summary()}
    print(f"3. busy ({len(burners)} CPU burners):", flush=True)
    print("   " + busy.line("loaded"), flush=True)
    print("   " + idle_again.line("idle again"), flush=True)
    ratio = statistics.median(busy.latencies) / statistics.median(idle.latencies)
    report["busy"]["p50_ratio_loaded_to_idle"] = round(ratio, 2)
    print(f"   loaded/idle p50 ratio: {ratio:.2f} (goal: within 3x)", flush=True)

    # a single client, one question at a time: the latency of `ask` itself, not the queue
    single_idle = run_load(url, 1, len(pool), pool)
    burners = [procs.start(f"burn1-{n}", [PYTHON, "-c", "while True: pass"], os.environ.copy())
               for n in range(os.cpu_count() or 1)]
    try:
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not all(cpu_seconds(p.pid) > 0.2 for p in burners):
            time.sleep(0.05)
        single_busy = run_load(url, 1, len(pool), pool)
    finally:
        for p in burners:
            procs.stop(p, signal.SIGKILL)
    report["single_client"] = {"idle": single_idle.summary(), "loaded": single_busy.summary()}
    print("   " + single_idle.line("one client, idle"), flush=True)
    print("   " + single_busy.line("one client, loaded"), flush=True)
    procs.stop(serve)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def phase_chroma(procs: Processes, work: Path, args, pool: list[str], report: dict) -> None:
    corpus, index, store = work / "corpus", work / "index-chroma", work / "chroma-store"
    port = free_port()
    chroma_args = [CHROMA, "run", "--path", str(store), "--host", "127.0.0.1", "--port", str(port)]
    chroma = procs.start("chroma-1", chroma_args, os.environ.copy())
    wait_http(chroma_heartbeat(port), chroma, 120, "chroma run")
    env = {**base_env(corpus, index), "ASSISTANT_CHROMA_URL": f"http://127.0.0.1:{port}"}
    report["chroma_build_s"] = round(build_index(procs, "index-chroma", env), 1)
    serve, url, _ = start_serve(procs, "serve-chroma", env)
    run_load(url, args.users, 1, pool)  # warm-up

    # kill Chroma after a third of the requests, restart it on the same port and path after
    # two thirds; both are triggered by the request count, not by the clock.
    total = args.users * args.questions
    events: dict[str, float] = {}
    state = {"chroma": chroma}
    trigger = threading.Lock()
    started = time.perf_counter()

    def restart() -> None:
        state["chroma"] = procs.start("chroma-2", chroma_args, os.environ.copy())
        try:
            events["ready_s"] = wait_http(chroma_heartbeat(port), state["chroma"], 120, "chroma run (restart)")
        except RuntimeError as error:
            events["restart_error"] = str(error)

    def on_request(done: int) -> None:
        with trigger:
            if done >= total // 3 and "killed_at" not in events:
                procs.stop(state["chroma"], signal.SIGKILL)
                events["killed_at"] = done
                events["killed_t"] = time.perf_counter() - started
            elif done >= 2 * total // 3 and "restarted_at" not in events:
                events["restarted_at"] = done
                events["restart_t"] = time.perf_counter() - started
                threading.Thread(target=restart, daemon=True).start()

    outage = run_load(url, args.users, args.questions, pool, on_request=on_request)
    # after the restart is ready: does the server use the vector index again?
    deadline = time.perf_counter() + 150
    while "ready_s" not in events and "restart_error" not in events and time.perf_counter() < deadline:
        time.sleep(0.1)
    recovered = run_load(url, args.users, args.questions, pool)
    report["chroma"] = {"during": outage.summary(), "after_restart": recovered.summary(),
                        "events": {k: round(v, 1) if isinstance(v, float) else v for k, v in events.items()}}
    print(f"4. chroma server killed after request {events.get('killed_at')} "
          f"({events.get('killed_t', 0):.1f} s), restarted after request {events.get('restarted_at')}, "
          f"ready {events.get('ready_s', float('nan')):.1f} s later" +
          (f" — restart failed: {events['restart_error']}" if "restart_error" in events else ""), flush=True)
    print("   " + outage.line("load around the outage"), flush=True)
    print("   " + recovered.line("after the restart"), flush=True)
    procs.stop(serve)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per user per pass")
    parser.add_argument("--skip-chroma", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) afterwards")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a request failed, a rebuild failed or Chroma's outage was not recovered")
    args = parser.parse_args()
    pool = questions()
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    (work / "logs").mkdir()
    shutil.copytree(ROOT / "corpus", work / "corpus", ignore=shutil.ignore_patterns(".*"))
    procs = Processes(work / "logs")
    report: dict = {"date": datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
                    "loadavg_before": os.getloadavg(), "users": args.users, "questions_per_user": args.questions,
                    "question_pool": len(pool)}
    print(f"{report['date']}: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before starting; "
          f"work folder {work}", flush=True)
    try:
        phase_idle_rebuild_busy(procs, work, args, pool, report)
        if not args.skip_chroma:
            phase_chroma(procs, work, args, pool, report)
    finally:
        procs.stop_all()
        if args.json:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
        if args.keep:
            print(f"logs kept in {work / 'logs'}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    problems = what_failed(report)
    for problem in problems:
        print(f"FAILED: {problem}", flush=True)
    if args.check and problems:
        sys.exit(1)


def what_failed(report: dict) -> list[str]:
    """What the runs in `report` show went wrong: failed requests, rebuilds that did not exit 0,
    keyword-only answers once Chroma was back. Timings are never judged here."""
    problems = []
    passes = {"idle": report.get("idle"), **{f"rebuild {k}": v for k, v in report.get("rebuild", {}).items()
                                            if k in ("during", "after")},
              **{f"busy {k}": v for k, v in report.get("busy", {}).items() if k in ("loaded", "idle_after")},
              **{f"one client {k}": v for k, v in report.get("single_client", {}).items()},
              **{f"chroma {k}": v for k, v in report.get("chroma", {}).items() if k in ("during", "after_restart")}}
    for name, figures in passes.items():
        if figures and figures["failures"]:
            problems.append(f"{name}: {figures['failures']} of {figures['requests']} requests failed "
                            f"({figures['first_errors']})")
    if any(code != 0 for code in report.get("rebuild", {}).get("rebuild_exit_codes", [])):
        problems.append(f"rebuild exit codes {report['rebuild']['rebuild_exit_codes']}")
    chroma = report.get("chroma")
    if chroma is not None:
        if "restart_error" in chroma["events"]:
            problems.append(f"chroma restart: {chroma['events']['restart_error']}")
        elif chroma["after_restart"]["degraded"]:
            problems.append(f"{chroma['after_restart']['degraded']} answers still from keyword search alone "
                            "after Chroma came back")
    if "idle" not in report:
        problems.append("the runs did not complete (see the output above)")
    return problems


if __name__ == "__main__":
    main()
