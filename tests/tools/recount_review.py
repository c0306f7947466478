#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Independent recount of robuustheid.csv from the input files.

Usage: recount_review.py INPUT_DIR SET_DIR
Reads gemeenten.csv, stemmen.csv and raadpleging.ini with Python's own csv
and datetime (not ledenbrief's code), applies the rules of the consultation
(one vote per begun 1.000 inhabitants, 1..75; a vote counts when it arrived
strictly before the closing; the latest such vote counts) and compares every
figure of SET_DIR/robuustheid.csv. Local times are Dutch: CEST before 26
October 2025 03:00, CET after (the shipped and fixture votes lie in 2025).
"""
import configparser, csv, datetime as dt, math, sys

def stamp(s):
    s = s.strip()
    if "T" in s:
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        t = dt.datetime.fromisoformat(s)
        return t.timestamp()
    fmt = "%Y-%m-%d %H:%M:%S" if s.count(":") == 2 else "%Y-%m-%d %H:%M"
    t = dt.datetime.strptime(s, fmt)
    off = 2 if t < dt.datetime(2025, 10, 26, 3) else 1
    return t.replace(tzinfo=dt.timezone(dt.timedelta(hours=off))).timestamp()

def main(inp, out):
    ini = configparser.ConfigParser(comment_prefixes=(";", "#"), inline_comment_prefixes=None)
    ini.read(f"{inp}/raadpleging.ini", encoding="utf-8")
    close = stamp(ini["raadpleging"]["sluiting"])
    per = int(ini.get("stemgewicht", "per", fallback="1000"))
    wmax = int(ini.get("stemgewicht", "maximum", fallback="75"))
    wmin = int(ini.get("stemgewicht", "minimum", fallback="1"))
    weight = {}
    with open(f"{inp}/gemeenten.csv", encoding="utf-8-sig", newline="") as f:
        head = f.readline(); f.seek(0)
        for row in csv.DictReader(f, delimiter=";" if ";" in head else ","):
            row = {k.strip().lower(): v for k, v in row.items()}
            weight[row["code"].strip()] = min(wmax, max(wmin, math.ceil(int(row["inwoners"]) / per)))
    votes = {}
    with open(f"{inp}/stemmen.csv", encoding="utf-8-sig", newline="") as f:
        head = f.readline(); f.seek(0)
        for n, row in enumerate(csv.DictReader(f, delimiter=";" if ";" in head else ",")):
            row = {k.strip().lower(): v for k, v in row.items()}
            votes.setdefault(row["code"].strip(), []).append((stamp(row["ingediend"]), n, row["stem"].strip().lower()))
    got = {}
    with open(f"{out}/robuustheid.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            got[row["maat"]] = row["waarde"]
    want = {}
    def scenario(name, choice_of):
        F = A = 0
        for code, w in weight.items():
            c = choice_of(code)
            F += w if c == "voor" else 0
            A += w if c == "tegen" else 0
        want[f"gewogen_voor_{name}"] = str(F)
        want[f"gewogen_tegen_{name}"] = str(A)
        want[f"pct_voor_{name}"] = "" if F + A == 0 else "%.2f" % (math.floor(10000 * F / (F + A) + 0.5) / 100)
        want[f"aangenomen_{name}"] = "1" if F > A else "0"
        return F, A
    def on_time(code): return sorted(v for v in votes.get(code, []) if v[0] < close)
    def late(code): return sorted(v for v in votes.get(code, []) if v[0] >= close)
    counted = lambda c: on_time(c)[-1][2] if on_time(c) else None
    F, A = scenario("geteld", counted)
    scenario("met_te_late_stemmen", lambda c: late(c)[-1][2] if late(c) else counted(c))
    scenario("eerste_stemmen", lambda c: min(on_time(c), key=lambda v: (v[0], v[1]))[2] if on_time(c) else None)
    adopted = F > A
    scenario("zonder_stem_tegen_de_uitkomst", lambda c: counted(c) or ("tegen" if adopted else "voor"))
    need = (F - A + 1) // 2 if adopted else (A - F) // 2 + 1
    side = sorted((w for c, w in weight.items() if counted(c) == ("voor" if adopted else "tegen")), reverse=True)
    s = k = 0
    while k < len(side) and s < need:
        s += side[k]; k += 1
    want["verschuiving_stemmen"] = str(need)
    want["verschuiving_gemeenten"] = str(k)
    want["stemmen_op_sluitingstijd"] = str(sum(1 for vs in votes.values() for v in vs if v[0] == close))
    want["gemeenten_alleen_te_laat"] = str(sum(1 for c in weight if late(c) and not on_time(c)))
    want["gewicht_alleen_te_laat"] = str(sum(w for c, w in weight.items() if late(c) and not on_time(c)))
    want["gemeenten_laat_na_stem"] = str(sum(1 for c in weight if late(c) and on_time(c)))
    want["gemeenten_laat_anders"] = str(sum(1 for c in weight if late(c) and on_time(c) and late(c)[-1][2] != counted(c)))
    bad = [f"{k}: robuustheid.csv {got.get(k)!r}, recount {v!r}" for k, v in want.items() if got.get(k) != v]
    for b in bad:
        print("FAIL", b)
    if not bad:
        print(f"recount: {len(want)} figures of robuustheid.csv agree")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
