#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Baseline for tests/bench/bench_batch.sh: 342 comparable letters (three pages each)
with ReportLab (Debian's python3-reportlab), one PDF per municipality, with
the same embedded TrueType fonts, justified paragraphs and a budget table.
Usage: reportlab_letters.py GEMEENTEN_CSV FONT_DIR OUT_DIR"""
import csv
import os
import sys

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

munis_csv, font_dir, out_dir = sys.argv[1:4]
pdfmetrics.registerFont(TTFont("LS", os.path.join(font_dir, "LedenbriefSans-Regular.ttf")))
pdfmetrics.registerFont(TTFont("LS-Bold", os.path.join(font_dir, "LedenbriefSans-Bold.ttf")))
body = ParagraphStyle("body", fontName="LS", fontSize=10, leading=14.5, alignment=TA_JUSTIFY, spaceAfter=6)
head = ParagraphStyle("head", fontName="LS-Bold", fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4)

TEXT = ("Op 22 oktober 2025 is de ledenraadpleging over het Aanvullend Zorg- en Welzijnsakkoord, het "
        "Hoofdlijnenakkoord Ouderenzorg en het vervolg van de gemeentelijke deelname aan het Integraal "
        "Zorgakkoord gesloten. Met deze brief informeren wij u over de uitkomst, over de stem van uw gemeente "
        "en over wat de akkoorden financieel voor uw gemeente betekenen. ")

os.makedirs(out_dir, exist_ok=True)
with open(munis_csv, encoding="utf-8") as f:
    for row in csv.DictReader(f):
        path = os.path.join(out_dir, row["code"] + ".pdf")
        doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm)
        story = [Paragraph("Aan het college en de gemeenteraad van " + row["naam"], head),
                 Paragraph("Geachte leden van college en gemeenteraad,", body)]
        for section in ("Uitkomst van de ledenraadpleging", "De stem van uw gemeente",
                        "Wat de akkoorden betekenen voor uw budget", "Aandachtspunten", "Vervolg"):
            story.append(Paragraph(section, head))
            story += [Paragraph(TEXT * 3, body), Paragraph(TEXT * 2, body)]
            if section.startswith("Wat"):
                data = [["Regeling"] + [str(y) for y in range(2025, 2031)]]
                for s in ("SPUK IZA", "Brede SPUK GALA", "AZWA D5", "AZWA D6", "Doorbraak"):
                    data.append([s] + ["€ %s" % format(int(row["inwoners"]) * 7 + y, ",").replace(",", ".")
                                       for y in range(6)])
                t = Table(data)
                t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "LS", 8.5), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
                story += [t, Spacer(1, 6)]
        doc.build(story)
