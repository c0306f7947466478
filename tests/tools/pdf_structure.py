#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Checks the machine-checkable structure conditions of PDF/UA-1 (Matterhorn
Protocol 1.1) that ledenbrief's tagged PDFs must meet, independently of the
code that wrote them (pikepdf/qpdf reads the files).

Usage: pdf_structure.py FILE.pdf...   Prints one line per problem; exit 1 on any.
"""
import hashlib
import sys
import pikepdf

STANDARD = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
            "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
            "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
            "BibEntry", "Code", "Link", "Annot", "Ruby", "Warichu", "Figure", "Formula", "Form"}
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI"}


def name(o):
    return str(o)[1:] if o is not None else None


def check_content(pdf, problems, where):
    """Every painting operator inside marked content with an MCID or an
    artifact, and marked content nested properly with text objects (one
    begun inside BT ... ET ends there, one begun outside does not end
    inside); returns {(page index, mcid)} seen."""
    seen = set()
    wanted = " ".join(("BDC", "BMC", "EMC", "BT", "ET") + tuple(PAINT))  # qpdf skips the others
    for pno, page in enumerate(pdf.pages):
        stack = []  # ("mcid", n) / ("artifact",) / ("other",)
        tagged = 0  # entries on the stack that are an MCID or an artifact
        in_text = False
        begun_in_text = []  # per stack entry: begun inside a text object
        for operands, op in pikepdf.parse_content_stream(page, wanted):
            op = str(op)
            if op == "BT":
                if in_text:
                    problems.append(f"{where}: page {pno + 1}: BT inside a text object")
                in_text = True
                continue
            if op == "ET":
                if not in_text:
                    problems.append(f"{where}: page {pno + 1}: ET without BT")
                if any(begun_in_text):
                    problems.append(f"{where}: page {pno + 1}: text object ends inside marked content begun in it")
                    begun_in_text = [False] * len(begun_in_text)
                in_text = False
                continue
            if op in ("BDC", "BMC"):
                begun_in_text.append(in_text)
                if len(operands) != (2 if op == "BDC" else 1):
                    problems.append(f"{where}: page {pno + 1}: {op} with {len(operands)} operands")
                    operands = list(operands) + [None]
                tag = name(operands[0])
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                if tag == "Artifact":
                    stack.append(("artifact",))
                    tagged += 1
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    if (pno, mcid) in seen:
                        problems.append(f"{where}: page {pno + 1}: MCID {mcid} used twice")
                    seen.add((pno, mcid))
                    stack.append(("mcid", mcid))
                    tagged += 1
                else:
                    stack.append(("other",))
            elif op == "EMC":
                if not stack:
                    problems.append(f"{where}: page {pno + 1}: EMC without BDC")
                else:
                    if begun_in_text.pop() != in_text:
                        problems.append(f"{where}: page {pno + 1}: marked content and a text object overlap")
                    if stack.pop()[0] != "other":
                        tagged -= 1
            elif op in PAINT:
                if not tagged:
                    problems.append(f"{where}: page {pno + 1}: '{op}' outside tagged content and artifacts")
        if stack:
            problems.append(f"{where}: page {pno + 1}: marked content left open")
    return seen


def walk(elem, out, depth=0):
    out.append((elem, depth))
    kids = elem.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for k in kids:
        if isinstance(k, pikepdf.Dictionary) and "/S" in k:
            walk(k, out, depth + 1)


def check_tree(pdf, seen, problems, where):
    root = pdf.Root
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append(f"{where}: MarkInfo /Marked is not true")
    if str(root.get("/Lang", "")) == "":
        problems.append(f"{where}: no /Lang in the catalog")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        problems.append(f"{where}: no StructTreeRoot")
        return
    elems = []
    kids = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
    for k in kids:
        walk(k, elems)
    owned = {}
    last_h = 0
    for e, _ in elems:
        s = name(e.S)
        if s not in STANDARD:
            problems.append(f"{where}: non-standard structure type {s}")
        if s in ("H1", "H2", "H3", "H4", "H5", "H6"):
            level = int(s[1])
            if last_h == 0 and level != 1:
                problems.append(f"{where}: the first heading is {s}, not H1")
            elif level > last_h + 1:
                problems.append(f"{where}: heading {s} after H{last_h} skips a level")
            last_h = level
        if s == "Figure" and not str(e.get("/Alt", "")):
            problems.append(f"{where}: Figure without /Alt")
        if s == "TH" and "/Scope" not in e.get("/A", {}):
            problems.append(f"{where}: TH without /Scope")
        kid_types = [name(k.S) for k in (e.K if isinstance(e.get("/K"), pikepdf.Array) else [e.get("/K")])
                     if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if s == "L" and any(t not in ("LI", "L", "Caption") for t in kid_types):
            problems.append(f"{where}: L holds {kid_types}")
        if s == "LI" and any(t not in ("Lbl", "LBody") for t in kid_types):
            problems.append(f"{where}: LI holds {kid_types}")
        if s == "TR" and any(t not in ("TH", "TD") for t in kid_types):
            problems.append(f"{where}: TR holds {kid_types}")
        pg = e.get("/Pg")
        k = e.get("/K")
        for kid in (k if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, int):
                owned[(pg.objgen, int(kid))] = e.objgen
            elif isinstance(kid, pikepdf.Dictionary) and name(kid.get("/Type")) == "MCR":
                owned[(kid.Pg.objgen, int(kid.MCID))] = e.objgen
    # ParentTree: page n's entry lists, by MCID, the element that owns it
    nums = tree.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for pno, page in enumerate(pdf.pages):
        sp = page.get("/StructParents")
        marks = [m for (p, m) in seen if p == pno]
        if marks and sp is None:
            problems.append(f"{where}: page {pno + 1} has marked content but no /StructParents")
            continue
        if sp is None:
            continue
        arr = parents.get(int(sp))
        for m in marks:
            owner = owned.get((page.objgen, m))
            if owner is None:
                problems.append(f"{where}: page {pno + 1}: MCID {m} belongs to no structure element")
            elif arr is None or m >= len(arr) or arr[m].objgen != owner:
                problems.append(f"{where}: page {pno + 1}: ParentTree disagrees about MCID {m}")
    for (pg, m) in owned:
        if not any(page.objgen == pg and (pno, m) in seen for pno, page in enumerate(pdf.pages)):
            problems.append(f"{where}: an element claims MCID {m} that no page has")


def check_links(pdf, problems, where):
    """Every link annotation: printable, with /Contents, and through its
    /StructParent owned by a Link element that holds it as an OBJR; its
    page's tab order follows the structure."""
    tree = pdf.Root.get("/StructTreeRoot")
    nums = tree.ParentTree.Nums if tree is not None else []
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for pno, page in enumerate(pdf.pages):
        annots = [a for a in page.get("/Annots", []) if name(a.get("/Subtype")) == "Link"]
        if annots and name(page.get("/Tabs")) != "S":
            problems.append(f"{where}: page {pno + 1} has links but no /Tabs /S")
        for a in annots:
            if not str(a.get("/Contents", "")):
                problems.append(f"{where}: page {pno + 1}: link without /Contents")
            if not int(a.get("/F", 0)) & 4:
                problems.append(f"{where}: page {pno + 1}: link not printable (/F)")
            sp = a.get("/StructParent")
            owner = parents.get(int(sp)) if sp is not None else None
            if owner is None or not isinstance(owner, pikepdf.Dictionary) or name(owner.get("/S")) != "Link":
                problems.append(f"{where}: page {pno + 1}: link annotation not owned by a Link element")
                continue
            k = owner.get("/K")
            objrs = [x for x in (k if isinstance(k, pikepdf.Array) else [k])
                     if isinstance(x, pikepdf.Dictionary) and name(x.get("/Type")) == "OBJR"]
            if not any(x.Obj.objgen == a.objgen for x in objrs):
                problems.append(f"{where}: page {pno + 1}: its Link element has no OBJR to the annotation")


def check_fonts(pdf, problems, where):
    for pno, page in enumerate(pdf.pages):
        for fname, font in page.Resources.get("/Font", {}).items():
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font.DescendantFonts[0].get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{where}: font {fname} on page {pno + 1} is not embedded")


def check_profile(stream, problems, where):
    """ISO 19005-2, 6.2.3: an output profile (display, printer, scanner or
    colour space class) of ICC major version 4 at most, whose colour space
    has the stream's /N components; and an intact profile (its size field,
    its signature, and its MD5 ID when it has one)."""
    icc = bytes(stream.read_bytes())
    if len(icc) < 132 or icc[36:40] != b"acsp" or int.from_bytes(icc[0:4], "big") != len(icc):
        problems.append(f"{where}: the OutputIntent's profile is not a whole ICC profile")
        return
    if icc[8] > 4:
        problems.append(f"{where}: ICC profile version {icc[8]}, PDF/A-2 accepts up to 4")
    if icc[12:16] not in (b"mntr", b"prtr", b"scnr", b"spac"):
        problems.append(f"{where}: ICC profile class {icc[12:16]!r} is not an output class")
    components = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(icc[16:20])
    if components != int(stream.stream_dict.get("/N", 0)):
        problems.append(f"{where}: ICC colour space {icc[16:20]!r} and /N {stream.stream_dict.get('/N')} disagree")
    if any(icc[84:100]):
        masked = bytearray(icc)
        masked[44:48] = masked[64:68] = bytes(4)
        masked[84:100] = bytes(16)
        if hashlib.md5(masked).digest() != icc[84:100]:
            problems.append(f"{where}: ICC profile ID does not match its contents")


def check_document(pdf, problems, where):
    """Archival parts: XMP agreeing with Info, sRGB OutputIntent, /ID, 1.7."""
    if pdf.pdf_version != "1.7":
        problems.append(f"{where}: PDF version {pdf.pdf_version}, not 1.7")
    if "/ID" not in pdf.trailer:
        problems.append(f"{where}: no /ID in the trailer")
    intents = pdf.Root.get("/OutputIntents", [])
    if not any(str(i.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append(f"{where}: no GTS_PDFA1 OutputIntent with a profile")
    for i in intents:
        if "/DestOutputProfile" in i:
            check_profile(i.DestOutputProfile, problems, where)
    if "/Metadata" not in pdf.Root:
        problems.append(f"{where}: no XMP metadata")
        return
    if "/Filter" in pdf.Root.Metadata.stream_dict:
        problems.append(f"{where}: XMP metadata is compressed (PDF/A wants it readable)")
    info = pdf.docinfo
    with pdf.open_metadata() as m:
        claims = [("{http://www.aiim.org/pdfa/ns/id/}part", "2"), ("{http://www.aiim.org/pdfa/ns/id/}conformance", "A"),
                  ("{http://www.aiim.org/pdfua/ns/id/}part", "1")]
        for key, want in claims:
            if str(m.get(key, "")) != want:
                problems.append(f"{where}: XMP {key} is '{m.get(key)}', not {want}")
        # PDF/A accepts pdfuaid only with an extension schema that declares it
        xml = pdf.Root.Metadata.read_bytes().decode("utf-8")
        if "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" not in xml or "<pdfaProperty:name>part<" not in xml:
            problems.append(f"{where}: no PDF/A extension schema for pdfuaid")
        pairs = [("dc:title", "/Title"), ("dc:description", "/Subject"), ("pdf:Producer", "/Producer"),
                 ("xmp:CreatorTool", "/Creator")]
        for key, entry in pairs:
            if str(m.get(key, "")) != str(info.get(entry, "")):
                problems.append(f"{where}: XMP {key} '{m.get(key)}' differs from Info {entry} '{info.get(entry)}'")
        creators = m.get("dc:creator") or []
        if str(info.get("/Author", "")) not in [str(c) for c in creators]:
            problems.append(f"{where}: XMP dc:creator differs from Info /Author")
        d = str(info.get("/CreationDate", ""))  # D:YYYYMMDDHHmmSS...
        x = "".join(ch for ch in str(m.get("xmp:CreateDate", "")) if ch.isdigit())  # YYYYMMDDHHmmSS
        if d[2:16] != x[:14]:
            problems.append(f"{where}: XMP CreateDate differs from Info CreationDate {d}")


def selftest():
    """Plants the nesting faults check_content looks for, and one page
    nested properly both ways; expects exactly the two faults."""
    pdf = pikepdf.new()
    streams = [b"/P <</MCID 0>> BDC BT 72 700 Td (outside, ends inside) Tj EMC ET",
               b"BT /P <</MCID 0>> BDC 72 700 Td (inside, left open at ET) Tj ET EMC",
               b"/P <</MCID 0>> BDC BT 72 700 Td (a) Tj ET EMC BT /P <</MCID 1>> BDC 0 -14 Td (b) Tj EMC ET"]
    for s in streams:
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=pdf.make_stream(s))
        pdf.pages.append(pikepdf.Page(page))
    found = []
    check_content(pdf, found, "planted")
    ok = (len(found) == 2 and "page 1: marked content and a text object overlap" in found[0]
          and "page 2: text object ends inside marked content" in found[1])
    print("pdf_structure self-test:", "both planted nesting faults found" if ok else f"FAIL, found {found}")
    return 0 if ok else 1


def main(paths):
    if paths == ["--selftest"]:
        return selftest()
    problems = []
    for path in paths:
        with pikepdf.open(path) as pdf:
            seen = check_content(pdf, problems, path)
            check_tree(pdf, seen, problems, path)
            check_links(pdf, problems, path)
            check_fonts(pdf, problems, path)
            check_document(pdf, problems, path)
    for p in problems[:50]:
        print(p)
    if len(problems) > 50:
        print(f"... {len(problems) - 50} more")
    print(f"pdf_structure: {len(paths)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
