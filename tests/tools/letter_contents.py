#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The content checks of tests/letters.sh on every letter's text, in one
process: the letter holds its own name, its weight, its printed budget
totals, and no other municipality's name, comment or amount; its closing
is not alone on a page.

Usage: letter_contents.py WORK_DIR THRESHOLD
WORK_DIR holds text/CODE.txt (pdftotext of each letter) and the expected
figures letters.sh prepared: weights, totals, amounts, refs, names.tsv.
"""
import collections
import os
import re
import sys

work, threshold = sys.argv[1], sys.argv[2]


def pairs(name, sep=" "):
    out = collections.defaultdict(set)
    with open(os.path.join(work, name), encoding="utf-8") as f:
        for line in f:
            code, _, value = line.rstrip("\n").partition(sep)
            out[code].add(value)
    return out


weights = {c: v.pop() for c, v in pairs("weights").items()}
totals = pairs("totals")
amounts = pairs("amounts")
# the letters print the apostrophe typographically: 's-Hertogenbosch as ’s-Hertogenbosch
names = {c: v.pop().replace("'", "’") for c, v in pairs("names.tsv", "\t").items()}
with open(os.path.join(work, "refs"), encoding="utf-8") as f:
    refs = [line.strip() for line in f if line.strip()]
# any municipality name as a whole word (as grep -w: not inside a longer word)
name_re = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in sorted(set(names.values()), key=len, reverse=True)) + r")(?![\w])")
ref_re = re.compile("|".join(re.escape(r) for r in refs))
amount_re = re.compile(r"€ ([-−]?[0-9.]*(?:,[0-9][0-9])?)")  # letters print the minus sign U+2212

problems = 0
letters = sorted(f for f in os.listdir(os.path.join(work, "text")) if f.endswith(".txt"))
for file in letters:
    code = file[:6]
    with open(os.path.join(work, "text", file), encoding="utf-8") as f:
        text = f.read()
    flat = " ".join(text.split())
    found = []
    name = names.get(code)
    if not name or name not in text:
        found.append(f'own name "{name}" missing')
    w = weights.get(code, "?")
    ws = f"{w} stem" if w == "1" else f"{w} stemmen"
    if ws not in text:
        found.append(f'weight "{ws}" missing')
    for t in sorted(totals.get(code, ())):
        if t not in text:
            found.append(f'budget total "{t}" missing')
    own_ref = "Z25." + code[2:]
    for m in ref_re.finditer(text):
        if m.group(0) != own_ref:
            found.append(f"contains another municipality's comment ({m.group(0)})")
            break
    for m in name_re.finditer(flat):
        if m.group(1) != name:
            found.append(f"contains another municipality's name ({m.group(1)})")
            break
    # the closing is never alone on a page: text of the letter comes before
    # it on its page (pdftotext separates pages with a form feed)
    for page in text.split("\f"):
        if "Met vriendelijke groet," in page and not page.split("Met vriendelijke groet,")[0].strip():
            found.append("the closing is alone on its page")
    if re.search(r"€ -|\s-\d", flat):
        found.append("prints a hyphen for a minus sign")
    own = amounts.get(code, set())
    for m in amount_re.finditer(flat):
        v = m.group(1).rstrip(".").replace("−", "-")
        if v not in own and v != threshold:
            found.append(f"prints € {v}, not one of its own amounts")
            break
    for f in found:
        print(f"FAIL {code}: {f}")
    problems += len(found)
print(f"letter_contents: {len(letters)} letters, {problems} problems")
sys.exit(1 if problems else 0)
