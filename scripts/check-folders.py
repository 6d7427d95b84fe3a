#!/usr/bin/env python3
"""Checks TerritoryKit's folders against the order docs/architecture.md states.

The order is the line of docs/architecture.md that starts with "Folder order:", folders lowest
first, "(top)" standing for the files at the top of Sources/TerritoryKit. A file may use the
types of its own folder and of the folders before it; a type of a later folder is a reference
against the order, and each one is printed with its file and line. Types are the top-level
struct, class, enum, protocol, typealias and actor declarations; comments (doc links included)
and string literals are not references. Exit 1 on any reference against the order, or when a
folder is missing from the stated order.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCES = os.path.join(ROOT, "Sources", "TerritoryKit")
DECLARATION = re.compile(
    r"^(?:(?:public|internal|fileprivate|private|final|indirect)\s+|@\w+(?:\([^)]*\))?\s+)*"
    r"(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z]\w*)", re.M)


def stated_order():
    for line in open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8"):
        if line.startswith("Folder order:"):
            return re.findall(r"`([^`]+)`", line)
    sys.exit("check-folders: docs/architecture.md has no line starting with \"Folder order:\"")


def code_only(text):
    """The text with comments and string literals blanked, line breaks kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append('""')
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def main():
    order = stated_order()
    rank = {folder: k for k, folder in enumerate(order)}
    files = []
    for directory, _, names in os.walk(SOURCES):
        for name in sorted(names):
            if name.endswith(".swift"):
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, SOURCES)
                folder = relative.split(os.sep)[0] if os.sep in relative else "(top)"
                files.append((relative, folder, code_only(open(path, encoding="utf-8").read())))
    missing = sorted({folder for _, folder, _ in files} - set(rank))
    if missing:
        print("check-folders: not in the order of docs/architecture.md: " + ", ".join(missing))
        return 1
    owner = {}
    for relative, folder, code in files:
        for match in DECLARATION.finditer(code):
            owner.setdefault(match.group(1), (folder, relative))
    names = re.compile(r"\b(" + "|".join(sorted(owner, key=len, reverse=True)) + r")\b")
    against = 0
    for relative, folder, code in files:
        for number, line in enumerate(code.split("\n"), 1):
            for match in names.finditer(line):
                other, declared = owner[match.group(1)]
                if rank[other] > rank[folder]:
                    against += 1
                    print(f"check-folders: Sources/TerritoryKit/{relative}:{number}: {folder} uses {match.group(1)} "
                          f"of {other} ({declared}), which comes after it")
    print(f"check-folders: {len(files)} files in {len(rank)} folders, {len(owner)} types, "
          f"{against} reference{'' if against == 1 else 's'} against the order")
    return 1 if against else 0


if __name__ == "__main__":
    sys.exit(main())
