#!/usr/bin/env python3
"""Fails when a handout or report shows a character that no installed font can draw (it would
come out as a tofu box): the text of each PDF (pdftotext) and HTML page (its text, tags
removed) against the union of the character sets fontconfig reports for the installed fonts.

    scripts/glyph-coverage.py FILE.pdf|FILE.html...
"""
import html
import re
import subprocess
import sys


def covered_ranges():
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True, check=True).stdout
    ranges = []
    for line in out.splitlines():
        for part in line.split():
            low, _, high = part.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
    ranges.sort()
    merged = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def text_of(path):
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    page = open(path, encoding="utf-8").read()
    # Script, style and the charts' JSON are not shown; SVG text and MathML are.
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def main():
    ranges = covered_ranges()

    def has(code):
        low, high = 0, len(ranges)
        while low < high:
            mid = (low + high) // 2
            if ranges[mid][1] < code:
                low = mid + 1
            else:
                high = mid
        return low < len(ranges) and ranges[low][0] <= code <= ranges[low][1]

    failed = False
    for path in sys.argv[1:]:
        characters = {c for c in text_of(path) if not c.isspace() and ord(c) >= 0x20}
        missing = sorted(c for c in characters if not has(ord(c)))
        cjk = sum(1 for c in characters if 0x3000 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF)
        if missing:
            failed = True
            shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:20])
            print(f"{path}: {len(missing)} characters no installed font has: {shown}")
        else:
            print(f"{path}: all {len(characters)} distinct characters have a glyph ({cjk} CJK)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
