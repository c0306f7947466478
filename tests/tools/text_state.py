#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Replays the text state of every page of the given PDFs, as a viewer keeps
it: word and character spacing and the font belong to the graphics state,
so they outlive a text object (BT ... ET) and are saved and restored by
q ... Q; every page starts from the defaults. Checks that every string is
shown with a font set, and that the page furniture (the footer: an artifact
of type Pagination) is shown with no word or character spacing left over
from a justified line above it.

Usage: text_state.py PDF...      prints FAIL lines, exits 1 on any
       text_state.py --selftest  plants both problems, expects both found
"""
import re
import sys

import pikepdf

SHOW = {"Tj", "TJ", "'", '"'}


# Tokens of a content stream: a string (with escapes), a hex string, a
# dictionary bracket, an array bracket, a name, a number, an operator.
TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|<<|>>|\[|\]|/[^\s/\[\]()<>{}%]*|[-+]?[0-9]*\.?[0-9]+|[A-Za-z'\"*]+")


def check_page(page, where):
    """The page's content streams as one (a page's streams are concatenated)."""
    data = b"\n".join(c.read_bytes() for c in (page.Contents if isinstance(page.Contents, pikepdf.Array)
                                               else [page.Contents]))
    problems = []
    state = {"Tw": 0.0, "Tc": 0.0, "font": None}
    saved = []
    marks = []  # one entry per open marked-content sequence: is it pagination?
    operands = []
    depth = 0  # inside << >> or [ ]: tokens there are operands
    for m in TOKEN.finditer(data):
        t = m.group()
        if t in (b"<<", b"["):
            depth += 1
            operands.append(t)
            continue
        if t in (b">>", b"]"):
            depth -= 1
            operands.append(t)
            continue
        if depth or not t[:1].isalpha() and t[:1] not in (b"'", b'"', b"*"):
            operands.append(t)
            continue
        op = t.decode()
        if op == "q":
            saved.append(dict(state))
        elif op == "Q":
            state = saved.pop() if saved else state
        elif op in ("Tw", "Tc"):
            state[op] = float(operands[-1])
        elif op == "Tf":
            state["font"] = operands[-2].decode()
        elif op == '"':
            state["Tw"], state["Tc"] = float(operands[-3]), float(operands[-2])
        elif op == "BMC":
            marks.append(False)
        elif op == "BDC":
            marks.append(operands[0] == b"/Artifact" and b"/Pagination" in operands)
        elif op == "EMC" and marks:
            marks.pop()
        if op in SHOW:
            if state["font"] is None:
                problems.append(f"{where}: text shown before any font is set")
            if any(marks) and (state["Tw"] != 0 or state["Tc"] != 0):
                problems.append(f"{where}: page furniture shown with word spacing {state['Tw']:g} "
                                f"and character spacing {state['Tc']:g}")
        operands = []
    return problems


def check(path):
    problems = []
    with pikepdf.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            problems += check_page(page, f"{path} page {i + 1}")
    return problems


def selftest():
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    streams = [b"BT /F1 10 Tf 1.5 Tw 72 700 Td (a justified line) Tj ET "
               b"/Artifact <</Type /Pagination>> BDC BT 72 40 Td (pagina 1 van 2) Tj ET EMC",
               b"BT 72 700 Td (no font) Tj ET"]
    for s in streams:
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                                  Contents=pdf.make_stream(s))
        pdf.pages.append(pikepdf.Page(page))
    found = []
    for i, page in enumerate(pdf.pages):
        found += check_page(page, f"planted page {i + 1}")
    ok = len(found) == 2 and "word spacing 1.5" in found[0] and "before any font" in found[1]
    print("text_state self-test:", "both planted problems found" if ok else f"FAIL, found {found}")
    return 0 if ok else 1


def main(args):
    if args == ["--selftest"]:
        return selftest()
    problems = []
    for path in args:
        problems += check(path)
    for p in problems[:20]:
        print("FAIL", p)
    if not problems:
        print(f"text state: {len(args)} files, every string with a font, page furniture without leftover spacing")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
