#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Printed budget figures add up: in every letter given, each year's
"Totaal" is the sum of the amounts printed above it, "Verschil t.o.v."
is the printed total minus the printed base-year total, and the sentence
under the table ("komt het totaal ... uit op € X, tegenover € Y in JJJJ:
een daling/stijging van € Z") uses the printed totals. In the board
report the national table obeys the same rules. Reads the PDFs with
poppler's pdftotext, independently of the code that wrote them.

Usage: budget_sums.py REPORT.pdf LETTER.pdf...   One line per problem; exit 1 on any.
"""
import re
import subprocess
import sys

AMOUNT = re.compile(r"€\s*([-−]?)([\d.]+)|–")  # documents print the minus sign U+2212


def euros(m):
    if m.group(0) == "–":
        return None
    v = int(m.group(2).replace(".", ""))
    return -v if m.group(1) else v


def tables(text):
    """{label: {year: value}} of the budget table ("Regeling" by year; one
    table may be set in parts of a few years each) in pdftotext -layout text."""
    rows, years = {}, None
    for line in text.splitlines():
        head = re.match(r"\s*(\S.*?)\s+((?:\d{4}\s*)+)$", line)
        if head:
            years = [int(y) for y in head.group(2).split()] if head.group(1) == "Regeling" else None
            continue
        if years is None:
            continue
        found = list(AMOUNT.finditer(line))
        if len(found) != len(years):
            continue  # a wrapped scheme name, a blank line
        label = line[: found[0].start()].strip()
        for y, m in zip(years, found):
            rows.setdefault(label, {})[y] = euros(m)
        if label == "Per inwoner":
            years = None  # a letter table's last row
    return rows


def check_table(where, rows, problems):
    totals = rows.get("Totaal")
    if not totals:
        return None
    diff_label = next((k for k in rows if k.startswith("Verschil t.o.v. ")), None)
    parts = [k for k in rows if k not in ("Totaal", "Per inwoner") and k != diff_label]
    for y, t in totals.items():
        s = sum(rows[k].get(y) or 0 for k in parts)
        if s != t:
            problems.append(f"{where}: Totaal {y} is {t}, its rows add up to {s}")
    if diff_label:
        base = int(diff_label.split()[-1])
        for y, d in rows[diff_label].items():
            if d != totals[y] - totals[base]:
                problems.append(f"{where}: Verschil {y} is {d}, printed totals give {totals[y] - totals[base]}")
    return totals


def main(report, letters):
    problems = []
    for path in [report] + letters:
        layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"], capture_output=True,
                                text=True, check=True).stdout
        totals = check_table(path, tables(layout), problems)
        if path == report:
            if totals is None:
                problems.append(f"{path}: no national budget table found")
            continue
        plain = " ".join(layout.split())
        m = re.search(r"In (\d{4}) komt het totaal voor uw gemeente uit op (€ [-\d.]+), tegenover (€ [-\d.]+) in (\d{4}): "
                      r"een (daling|stijging) van (€ [-\d.]+)", plain)
        if totals is None or m is None:
            if totals is not None or m is not None:
                problems.append(f"{path}: table and sentence do not both appear")
            continue
        val = lambda s: euros(AMOUNT.match(s))
        last, base, change = val(m.group(2)), val(m.group(3)), val(m.group(6))
        if last != totals.get(int(m.group(1))) or base != totals.get(int(m.group(4))):
            problems.append(f"{path}: the sentence's totals {last}, {base} are not the table's")
        if change != abs(last - base) or (m.group(5) == "daling") != (last < base):
            problems.append(f"{path}: '{m.group(5)} van {change}' does not follow from {base} and {last}")
    for p in problems[:30]:
        print(p)
    print(f"budget_sums: {1 + len(letters)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
