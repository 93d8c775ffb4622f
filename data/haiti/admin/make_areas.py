#!/usr/bin/env python3
# make_areas.py: writes areas.txt (every department, commune and communal
# section of Haiti with its names, parent, bounding box and polygon rings)
# from the OCHA/CNIGS COD-AB GeoJSON. Every vertex is kept exactly (the
# GeoJSON has 5 decimals; we store integers of 1e-5 degree, delta-encoded).
# usage: python3 make_areas.py DIR_WITH_GEOJSON > areas.txt
import json, sys

def enc(v):
    """Google encoded-polyline form of one integer (characters 63..126)."""
    v = ~(v << 1) if v < 0 else v << 1
    out = []
    while v >= 0x20:
        out.append(chr((0x20 | (v & 0x1f)) + 63))
        v >>= 5
    out.append(chr(v + 63))
    return "".join(out)

def dec(s):
    vals, v, shift = [], 0, 0
    for ch in s:
        b = ord(ch) - 63
        v |= (b & 0x1f) << shift
        shift += 5
        if b < 0x20:
            vals.append(~(v >> 1) if v & 1 else v >> 1)
            v, shift = 0, 0
    return vals

def exact(x):
    n = round(x * 100000)
    assert abs(n / 100000 - x) < 1e-9, x
    return n

def main(d):
    print("# Haiti administrative areas, CNIGS via OCHA/HDX COD-AB 2018-11-29; see README.md."
          " level<TAB>pcode<TAB>parent<TAB>name_en<TAB>name_fr<TAB>name_ht<TAB>"
          "minlon,minlat,maxlon,maxlat<TAB>rings (1e-5 degree, lon/lat deltas, encoded polyline)")
    for lvl in (1, 2, 3):
        g = json.load(open("%s/hti_adm%d_cnigs_20181129.geojson" % (d, lvl), encoding="utf-8"))
        feats = sorted(g["features"], key=lambda f: f["properties"]["ADM%d_PCODE" % lvl])
        for f in feats:
            p = f["properties"]
            geom = f["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            rings, xs, ys = [], [], []
            for poly in polys:
                for ring in poly:
                    px = py = 0
                    parts = []
                    pts = [(exact(x), exact(y)) for x, y in ring]
                    for x, y in pts:
                        parts.append(enc(x - px) + enc(y - py))
                        px, py = x, y
                        xs.append(x); ys.append(y)
                    s = "".join(parts)
                    vals = dec(s)
                    acc, back = [0, 0], []
                    for i in range(0, len(vals), 2):
                        acc = [acc[0] + vals[i], acc[1] + vals[i + 1]]
                        back.append(tuple(acc))
                    assert back == pts
                    rings.append(s)
            parent = p.get("ADM%d_PCODE" % (lvl - 1), "") if lvl > 1 else ""
            names = [" ".join((p.get("ADM%d_%s" % (lvl, k)) or "").split()) for k in ("EN", "FR", "HT")]
            print("\t".join([str(lvl), p["ADM%d_PCODE" % lvl], parent] + names +
                            ["%d,%d,%d,%d" % (min(xs), min(ys), max(xs), max(ys)), " ".join(rings)]))

main(sys.argv[1] if len(sys.argv) > 1 else ".")
