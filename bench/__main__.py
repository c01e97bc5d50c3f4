"""python -m bench [engine_bench|risk_eval|turn_breakdown|compare_bots] [args]: run one, or all."""
import importlib
import sys

ALL = ["engine_bench", "risk_eval", "turn_breakdown", "compare_bots"]

if __name__ == "__main__":
    names = [sys.argv[1]] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else ALL
    rest = sys.argv[2:] if len(sys.argv) > 1 and names != ALL else sys.argv[1:]
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main(rest)
