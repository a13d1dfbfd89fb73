"""`python -m assistant eval`: runs the evaluation, prints the summary, writes the report."""

from __future__ import annotations

import json
from dataclasses import replace

from assistant.answering.pipeline import Assistant
from assistant.search.embeddings import PACKAGED_MODELS
from assistant.edges.evaluate import check_gate, load_items, markdown_report, plot_by_tag, run, summarise, write_results
from assistant.search.retrieval import HYBRID, Variant


def run_eval(args, settings, llm=None) -> int:
    items = load_items(args.qa, split=args.split)
    assistant = Assistant.create(settings, today=args.today, llm=llm)
    main_name = f"hybrid (BM25 + {settings.embedding_model})"
    rows = run(assistant, items)
    summaries = [summarise(main_name, rows)]
    if not args.no_variants:
        summaries.append(summarise("BM25 only", run(assistant.with_variant(Variant(True, False)), items)))
        for model in PACKAGED_MODELS:
            other = assistant if model == settings.embedding_model else \
                Assistant.create(replace(settings, embedding_model=model), today=args.today)
            summaries.append(summarise(f"dense only ({model})", run(other.with_variant(Variant(False, True)), items)))
            if other is not assistant:
                summaries.append(summarise(f"hybrid (BM25 + {model})", run(other.with_variant(HYBRID), items)))

    header = f"{'variant':<44} {'pass':>6} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'amount':>7} {'refP':>6} {'refR':>6} {'lang':>6} {'p50ms':>7} {'p95ms':>7}"
    print(f"{len(items)} items from {args.qa}" + (f" (split {args.split})" if args.split else ""))
    print(header)
    for s in summaries:
        print(f"{s.variant:<44} {s.pass_rate:>6.3f} {s.hit_at_1:>6.3f} {s.hit_at_3:>6.3f} {s.mrr:>6.3f} "
              f"{s.amount_exact:>7.3f} {s.refusal_precision:>6.3f} {s.refusal_recall:>6.3f} "
              f"{s.language_match:>6.3f} {s.latency_p50_ms:>7} {s.latency_p95_ms:>7}")
    main = summaries[0]
    if assistant.composer is not None:
        print(f"LLM composer: answers shown {main.llm_shown}, rejected by verification {main.llm_rejected}, "
              f"other fallbacks (time-outs, errors) {main.llm_errors}")
    print("by split: " + ", ".join(f"{k} {v:.3f}" for k, v in main.by_split.items()))
    print("by language: " + ", ".join(f"{k} {v:.3f}" for k, v in main.by_language.items()))
    print("by tag: " + ", ".join(f"{k} {v:.3f}" for k, v in main.by_tag.items()))
    failures = [{"id": r["item"]["id"], "split": r["item"].get("split", ""), "question": r["item"]["question"],
                 "why": r["verdict"].why} for r in rows if not r["verdict"].passed]
    for f in failures:
        print(f"FAIL {f['id']} [{f['split']}] {f['question']} — {f['why']}")

    if args.out:
        write_results(args.out, rows)
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        plot_name = "pass_rate_by_tag.png"
        plot_by_tag(summaries, args.report / plot_name)
        (args.report / "report.md").write_text(markdown_report(summaries, failures, plot_name), encoding="utf-8")
        (args.report / "summary.json").write_text(
            json.dumps([s.__dict__ for s in summaries], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"report: {args.report / 'report.md'}")
    if args.gate:
        problems = check_gate(main, json.loads(args.gate.read_text(encoding="utf-8")))
        for problem in problems:
            print(f"GATE FAILED: {problem}")
        if problems:
            return 3
        print(f"gate passed ({args.gate})")
    return 0
