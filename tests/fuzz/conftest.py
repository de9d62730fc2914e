"""Reports how many generated inputs the fuzz suite ran (see fuzzkit.py)."""
from __future__ import annotations

from fuzz.fuzzkit import COUNT


def pytest_terminal_summary(terminalreporter):
    if COUNT["inputs"] or COUNT["pipeline"]:
        terminalreporter.write_line(f"fuzz: {COUNT['inputs'] + COUNT['pipeline']:,} generated inputs "
                                    f"({COUNT['inputs']:,} through the readers/structure, "
                                    f"{COUNT['pipeline']:,} through the full pipeline)")
