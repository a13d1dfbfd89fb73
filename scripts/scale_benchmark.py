"""How the assistant scales with the size of the library. Not a test: it prints figures.

    python scripts/scale_benchmark.py --clauses 10000 [--real-vectors] [--seed 7]

Writes a synthetic, policy-like corpus (notices with a 文号, issuers, dates, 一、 sections
with （一） clauses that state amounts, periods and responsible units; the same seed gives the
same corpus) to a temporary folder, builds the index, asks 200 questions in Chinese and
English, changes one document and builds again, and prints build time, passages/s, ask
p50/p95, peak RSS and disk, ending with one line:

    scale: N clauses, build S s, p50 X ms, p95 Y ms, rss Z MiB

Passage vectors: with --real-vectors every passage goes through the embedding model (hours
for 100k clauses on this machine). Without it, passages get *mixed real vectors*: each topic
and beneficiary phrase of the generator is embedded once by the real model, and a passage's
vector is the normalised sum of the vectors of the phrases it contains plus a little noise.
Questions are always embedded by the real model, so ask latency includes the real query
embedding.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.search.embeddings import PolicyEmbeddings, load_embeddings  # noqa: E402

CLAUSES_PER_DOCUMENT = 20
TOPICS = [
    ("新型研发机构建设", "new R&D institutes"), ("国家重点实验室", "state key laboratories"),
    ("博士后科研工作站", "postdoctoral research stations"), ("高层次人才引进", "recruiting high-level talent"),
    ("青年科技人才培养", "young scientists"), ("科技成果转化", "commercialising research results"),
    ("知识产权质押融资", "IP-backed loans"), ("高新技术企业认定", "high-tech enterprise certification"),
    ("首台套重大技术装备", "first-of-a-kind equipment"), ("技能大师工作室", "master craftsman studios"),
    ("创业孵化载体", "startup incubators"), ("留学人员回国创业", "returnee entrepreneurs"),
    ("校企联合实验室", "university-industry joint labs"), ("现代产业学院", "industry colleges"),
    ("职业技能培训", "vocational skills training"), ("人才公寓建设", "talent apartments"),
    ("大型科研仪器共享", "sharing large research instruments"), ("中试熟化平台", "pilot-scale platforms"),
    ("概念验证中心", "proof-of-concept centres"), ("专利导航服务", "patent navigation services"),
    ("国际科技合作", "international research cooperation"), ("院士工作站", "academician workstations"),
    ("企业研发投入后补助", "subsidies for corporate R&D spending"), ("科技型中小企业", "tech-based SMEs"),
    ("技术合同登记", "registered technology contracts"), ("产业创新中心", "industrial innovation centres"),
    ("工程技术研究中心", "engineering research centres"), ("科普基地建设", "science popularisation bases"),
    ("数字经济人才", "digital economy talent"), ("生物医药临床试验", "clinical trials in biomedicine"),
]
BENEFICIARIES = [("企业", "enterprise"), ("高校", "university"), ("科研院所", "research institute"),
                 ("团队", "team"), ("个人", "individual"), ("平台", "platform")]
PERIODS = ["一次性", "每年", "连续三年每年"]
DEPARTMENTS = ["市科技局", "市财政局", "市人社局", "市教育局", "市经信局", "市发改委", "市市场监管局",
               "市商务局", "市卫健委", "市住建局"]
DISTRICTS = ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "高新区", "天府新区", "双流区", "郫都区", "温江区"]
NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + (NUMERALS[n - 11] if n > 10 else "")
    return NUMERALS[n // 10 - 1] + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def write_notice(folder: Path, number: int, rng: random.Random, clauses: int, write: bool = True
                 ) -> list[tuple[str, str]]:
    """One notice in the 一、 + （一） layout; returns the (topic, beneficiary) of each clause."""
    district = rng.choice(DISTRICTS)
    year = rng.choice([2023, 2024, 2025, 2026])
    issuers = rng.sample(DEPARTMENTS, 3)
    title = f"{district}关于支持{rng.choice(TOPICS)[0]}和创新发展的若干措施（第{number}号）"
    lines = [title, f"{district[:2]}科发〔{year}〕{number}号", "　".join(issuers),
             f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
             "为深入实施创新驱动发展战略，加快建设具有全国影响力的科技创新中心，结合本区实际，制定以下措施。"]
    made, per_section = [], 5
    for section in range(-(-clauses // per_section)):
        lines.append(f"{chinese_number(section + 1)}、{rng.choice(['强化创新主体', '集聚创新人才', '建设创新平台', '优化创新生态'])}")
        for i in range(min(per_section, clauses - section * per_section)):
            topic, _ = rng.choice(TOPICS)
            who, _ = rng.choice(BENEFICIARIES)
            amount = rng.choice([10, 20, 30, 50, 100, 200, 300, 500, 1000])
            period = rng.choice(PERIODS)
            lines.append(
                f"（{chinese_number(i + 1)}）支持{topic}。对符合条件的{who}，经认定后给予{period}最高{amount}万元支持，"
                f"所需资金由市、区两级按规定比例分担。同一{who}同一事项按“就高不重复”原则执行。"
                f"责任单位：{'、'.join(rng.sample(DEPARTMENTS, 2))}。")
            made.append((topic, who))
    lines.append(f"本措施自{year}年{rng.randint(1, 12)}月1日起施行，有效期{rng.choice(['两', '三', '五'])}年。")
    if write:
        folder.mkdir(parents=True)
        (folder / "source.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return made


def questions(made: list[tuple[str, str]], rng: random.Random, count: int) -> list[str]:
    english = {zh: en for zh, en in TOPICS} | {zh: en for zh, en in BENEFICIARIES}
    asked = []
    for _ in range(count):
        topic, who = rng.choice(made)
        asked.append(rng.choice([f"{who}申请{topic}最高能拿多少钱？", f"{topic}有什么支持政策？",
                                 f"How much can a {english[who]} get for {english[topic]}?",
                                 f"Is there support for {english[topic]}?", "人才公寓怎么申请？", "购房补贴有多少？"]))
    return asked


class MixedVectors(PolicyEmbeddings):
    """Real vectors for questions (one text at a time); for passages and word lists, the sum of
    the real vectors of the generator's phrases each text contains, plus seeded noise."""

    def __init__(self, real: PolicyEmbeddings):
        self.real = real
        self.model_id = real.model_id + "+mixed"
        phrases = [zh for zh, _ in TOPICS] + [zh for zh, _ in BENEFICIARIES] + DEPARTMENTS + DISTRICTS + PERIODS
        self.phrases = phrases
        self.vectors = real.embed_batch(phrases, is_query=False).astype(np.float32)

    def embed_batch(self, texts, is_query):
        if is_query and len(texts) == 1:
            return self.real.embed_batch(texts, is_query=True)
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
            noise = np.random.default_rng(seed).standard_normal(self.vectors.shape[1]).astype(np.float32)
            out[row] = 0.15 * noise / np.linalg.norm(noise)
            for phrase, vector in zip(self.phrases, self.vectors):
                if phrase in text:
                    out[row] += vector
            out[row] /= np.linalg.norm(out[row]) + 1e-9
        return out


def timed_create(settings: Settings, embeddings: PolicyEmbeddings) -> tuple[Assistant, float]:
    """The assistant over the library, and the seconds its creation took (load, build, caches)."""
    started = time.perf_counter()
    assistant = Assistant.create(settings, embeddings=embeddings)
    return assistant, time.perf_counter() - started


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--real-vectors", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: start on the library already built there (measures a server's start, "
                             "latency and memory without the build)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="scale-"))
    corpus, index = work / "corpus", work / "index"
    reuse = bool(args.reuse and args.keep and corpus.is_dir())
    if not reuse:
        shutil.rmtree(corpus, ignore_errors=True)
    made: list[tuple[str, str]] = []
    documents = -(-args.clauses // CLAUSES_PER_DOCUMENT)
    for number in range(1, documents + 1):
        size = min(CLAUSES_PER_DOCUMENT, args.clauses - (number - 1) * CLAUSES_PER_DOCUMENT)
        made += write_notice(corpus / f"notice-{number:05d}", number, rng, size, write=not reuse)
    print(f"corpus     {documents} documents, {len(made)} clauses in {corpus}")

    settings = Settings.from_env(corpus_dir=corpus, index_dir=index)
    real = load_embeddings(settings.embedding_model, threads=settings.embedding_threads)
    embeddings = real if args.real_vectors else MixedVectors(real)

    assistant, build = timed_create(settings, embeddings)
    info = assistant.index_info
    print(f"{'start' if reuse else 'build':10} {build:.1f} s in all; dense index {info.build_seconds:.1f} s for {info.entries} passages "
          f"({info.passages_per_second} passages/s, {'real' if args.real_vectors else 'mixed real'} vectors)")

    asked = questions(made, rng, args.questions)
    assistant.ask(asked[0])  # the first question loads the tokenisers' lazy parts
    latencies = []
    for question in asked:
        began = time.perf_counter()
        assistant.ask(question)
        latencies.append((time.perf_counter() - began) * 1000)
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"ask        {len(latencies)} questions, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms")

    if reuse:  # a server's figures: no rebuild in this process
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"memory     peak RSS {rss:.0f} MiB (start and {len(latencies)} questions on the built library)")
        print(f"scale: {len(made)} clauses, start {build:.1f} s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, rss {rss:.0f} MiB")
        return
    changed = corpus / "notice-00001" / "source.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("万元支持", "万元资助", 1), encoding="utf-8")
    del assistant
    again, rebuild = timed_create(settings, embeddings)
    info = again.index_info
    print(f"rebuild    after changing one document: {rebuild:.1f} s in all, re-embedded "
          f"{info.embedded_passages} passages of {', '.join(info.embedded_docs) or 'none'}")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    disk = folder_size(index) / 2**20
    print(f"memory     peak RSS {rss:.0f} MiB; disk {disk:.0f} MiB for the index")
    print(f"scale: {len(made)} clauses, build {build:.1f} s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, rss {rss:.0f} MiB")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
