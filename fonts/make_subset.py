#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Rebuilds the subset fonts in this folder from Debian's fonts-liberation2
(needs python3-fonttools). Keeps Basic Latin, Latin-1, Latin Extended-A,
dashes, typographic quotes, bullet, ellipsis, euro and minus, drops hinting
and layout tables, and renames the family: the SIL OFL reserves the name
"Liberation" for unmodified fonts."""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

SRC = "/usr/share/fonts/truetype/liberation2/LiberationSans-%s.ttf"
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2015), (0x2018, 0x201E),
          (0x2022, 0x2022), (0x2026, 0x2026), (0x20AC, 0x20AC), (0x2212, 0x2212)]
FAMILY = "Ledenbrief Sans"

for style in ("Regular", "Bold", "Italic"):
    font = TTFont(SRC % style)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "DSIG", "gasp", "fpgm", "prep", "cvt "]
    s = subset.Subsetter(opts)
    s.populate(unicodes=[c for lo, hi in RANGES for c in range(lo, hi + 1)])
    s.subset(font)
    ps = "LedenbriefSans-" + style
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + ("" if style == "Regular" else " " + style)
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = ps + ";subset"
    font.save(ps + ".ttf")
    print(ps + ".ttf", file=sys.stderr)
