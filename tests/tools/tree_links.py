# SPDX-License-Identifier: EUPL-1.2
"""Walks a tagged PDF's structure tree with pikepdf (qpdf's parser) and
prints three numbers: object streams in the file, structure elements
reached from the StructTreeRoot, and elements whose /P is not the element
that lists them. A report too long for one object stream keeps its tree in
several (pack.c); every element must still be reachable and point back.
Usage: tree_links.py FILE.pdf"""
import sys

import pikepdf

pdf = pikepdf.open(sys.argv[1])
streams = sum(1 for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") == "/ObjStm")
declared = sum(1 for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/P" in o)
root = pdf.Root.StructTreeRoot
reached = wrong_parent = 0
todo = [(kid, root) for kid in root.K]
while todo:
    elem, parent = todo.pop()
    if not isinstance(elem, pikepdf.Dictionary) or "/S" not in elem:
        continue  # marked content or an object reference
    reached += 1
    if elem.P.objgen != parent.objgen:
        wrong_parent += 1
    kids = elem.get("/K")
    if isinstance(kids, pikepdf.Array):
        todo.extend((k, elem) for k in kids)
    elif isinstance(kids, pikepdf.Dictionary):
        todo.append((kids, elem))
print(streams, reached, declared, wrong_parent)
