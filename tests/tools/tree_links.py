# SPDX-License-Identifier: EUPL-1.2
"""Walks a tagged PDF's structure tree with pikepdf (qpdf's parser) and
prints six numbers: object streams in the file, structure elements
reached from the StructTreeRoot, elements declared, elements whose /P is
not the element that lists them, leaves of the ParentTree (0: inline), and
ParentTree entries that disagree with the tree (a page's /StructParents
key missing, or an MCID whose owner does not list it). A report too long
for one object stream keeps its tree in several (pack.c) and its ParentTree
in leaves (tags.c); every element must still be reachable and point back.
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
# ParentTree: each page's key lists, by MCID, the element whose /K holds it
parent_tree = root.ParentTree
leaves = len(parent_tree.Kids) if "/Kids" in parent_tree else 0
numbers = pikepdf.NumberTree(parent_tree)
disagree = 0
for page in pdf.pages:
    key = int(page.obj.StructParents)
    if key not in numbers:
        disagree += 1
        continue
    for mcid, owner in enumerate(numbers[key]):
        kids = owner.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        held = any(
            (isinstance(k, int) and int(k) == mcid and owner.Pg.objgen == page.obj.objgen)
            or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid and k.Pg.objgen == page.obj.objgen)
            for k in kids
        )
        if not held:
            disagree += 1
print(streams, reached, declared, wrong_parent, leaves, disagree)
