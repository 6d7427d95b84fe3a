#!/usr/bin/env python3
"""Fails when an option or a JSON key that docs/cli.md documents is read by no test.

Options are the `--name` words of docs/cli.md; JSON keys are the quoted keys of its JSON examples
and the backticked snake_case words of its paragraphs that name JSON keys or CSV columns. A name
counts as tested when a Swift test under Tests/ or a browser check under Tests/Browser/ holds it
as a string literal ("--name", "key") or as a regex or path segment next to quotes. The list of
what no test reads is printed, one per line, and the exit status is 1; the count of what was
checked is printed either way.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
doc = (root / "docs" / "cli.md").read_text()
options = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9])", doc))
keys = set(re.findall(r'"([a-z][a-z0-9_]*)"\s*:', doc))
keys |= {k for k in re.findall(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`", doc)}
# Words in backticks that are file names, commands or values rather than keys.
not_keys = {"within_tolerance", "outside_tolerance", "uncovered_region", "made_valid"}
keys -= not_keys

tests = "\n".join(p.read_text() for p in list((root / "Tests").rglob("*.swift")) + list((root / "Tests").rglob("*.py")))
missing = sorted(o for o in options if f'"{o}"' not in tests and f"'{o}'" not in tests)
missing += sorted(k for k in keys if not re.search(r"""["',\\]""" + re.escape(k) + r"""["',\\]""", tests))
print(f"check-documented: {len(options)} options and {len(keys)} JSON keys of docs/cli.md, {len(missing)} read by no test")
for name in missing:
    print(f"check-documented: no test reads {name}")
sys.exit(1 if missing else 0)
