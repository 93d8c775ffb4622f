# places.sh: places, administrative areas, statuses, incidents and GeoJSON on
# the bundled Haiti record: point-in-polygon figures, statuses either side of
# their dates, conflicting incident reports, export validity and bad input.
. "$MUSTER_ROOT/tests/cli/lib.sh"

# (How long this takes is measured by make bench, not asserted here.)
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "init --bundled" "failed"; exit 0; }
S="$M --db h.db"
J='import json,sys'

# Administrative areas: point-in-polygon on the exact COD-AB vertices.
expect_out "airport point is in Tabarre, section HT0118-03" "HT01 HT0118 HT0118-03" $M test-pip 18.58000 -72.29250
expect_out "central Port-au-Prince is in HT0111" "HT01 HT0111 HT0111-01" $M test-pip 18.5435 -72.3388
expect_out "Petite Rivière de l'Artibonite point is in HT0542" "HT05 HT0542 HT0542-03" $M test-pip 19.121733 -72.477046
expect_out "a point at sea is in no area" "- - -" $M test-pip 18.9 -73.5
counts=$(sqlite3 h.db "SELECT group_concat(n, ' / ') FROM (SELECT count(*) n FROM admin_area GROUP BY level ORDER BY level)")
[ "$counts" = "10 / 140 / 570" ] && ok "areas: 10 / 140 / 570" || fail "areas counts" "$counts"
bad=$(sqlite3 h.db "SELECT count(*) FROM admin_area c LEFT JOIN admin_area p ON p.pcode = c.parent AND p.level = c.level - 1
	WHERE c.level > 1 AND (p.pcode IS NULL OR substr(c.pcode, 1, length(p.pcode)) != p.pcode)")
[ "$bad" = 0 ] && ok "each commune's and section's P-code starts with its parent's" || fail "pcode prefixes" "$bad bad"

# Places: the 19 November 2024 hotspots, points only where sourced.
P="$S places --json"
expect_json "places: 30, 7 with a point, 23 without" \
	'(d["answer"]["places"], d["answer"]["with_point"], d["answer"]["without_point"])' "(30, 7, 23)" $P --as-of 2024-11-19
expect_json "places: 22 hotspots with operations under way on 2024-11-19" \
	'd["answer"]["by_status"]["operations_under_way"]' 22 $P --as-of 2024-11-19
expect_json "places without a point have no coordinates and no areas" \
	'all(r["lat"] is None and r["lon"] is None and r["areas"]["commune"] is None for r in d["rows"] if not r["has_point"])' True $P
expect_json "places: airport areas" \
	'[(r["areas"]["department"]["pcode"], r["areas"]["commune"]["name"], r["areas"]["section"]["pcode"]) for r in d["rows"] if r["ref"] == "HT-PAP-AIRPORT"]' \
	"[('HT01', 'Tabarre', 'HT0118-03')]" $P
expect_json "places: coordinates are kept as exact decimal text" \
	'[(r["lat"], r["lon"]) for r in d["rows"] if r["ref"] == "HT-PAP-AIRPORT"]' "[('18.58', '-72.292503')]" $P
expect_json "places: Port-au-Prince in HT0111" \
	'[r["areas"]["commune"]["pcode"] for r in d["rows"] if r["ref"] == "HT-CITY-PAP"]' "['HT0111']" $P
expect_json "places: every row cites a listed source" \
	'all(r["sources"] and set(r["sources"]) <= {s["id"] for s in d["sources"]} for r in d["rows"])' True $P
expect_json "places frame" 'sorted(d.keys())' \
	"['answer', 'as_of', 'disagreements', 'generated', 'mission', 'question', 'rows', 'sources']" $P

# Airport: reopened 2024-05-20, operations under way 2024-11-19 (each side of both days).
st() { echo "[r['status']['status'] if r['status'] else None for r in d['rows'] if r['ref'] == '$1'][0]"; }
expect_json "airport 2024-05-19: no status" "$(st HT-PAP-AIRPORT)" None $P --as-of 2024-05-19
expect_json "airport 2024-05-20: reopened" "$(st HT-PAP-AIRPORT)" reopened $P --as-of 2024-05-20
expect_json "airport 2024-11-18: still reopened" "$(st HT-PAP-AIRPORT)" reopened $P --as-of 2024-11-18
expect_json "airport 2024-11-19: operations under way" "$(st HT-PAP-AIRPORT)" operations_under_way $P --as-of 2024-11-19
expect_json "Varreux 2024-04-21: no status" "$(st HT-VARREUX-TERMINAL)" None $P --as-of 2024-04-21
expect_json "Varreux 2024-04-22: closed" "$(st HT-VARREUX-TERMINAL)" closed $P --as-of 2024-04-22
expect_json "--status reopened on 2024-06-01: the airport only" '[r["ref"] for r in d["rows"]]' "['HT-PAP-AIRPORT']" \
	$P --as-of 2024-06-01 --status reopened
expect_out "places text says which have no point" "no sourced point" $S places --as-of 2024-11-19

# Look-up by any alias, whatever the case and accents.
for q in TLIA "Carrefour l'aeroport" "CARREFOUR L'AÉROPORT" "Pont Sonde" "pont-sondé" "l'Estere" "Petite Riviere" \
	"PETITE RIVIÈRE" "Aeroport international Toussaint-Louverture" "Pòtoprens" "potoprens" "Terminal Varreux" "APN" \
	"IGHNP Building" "Vivi Mitchell" "Christ-Roi"; do
	expect_json "look-up: $q" 'len(d["rows"])' 1 $P --place "$q"
done
expect_json "look-up: Riviere = Rivière" 'd["rows"][0]["ref"]' HT-PETITE-RIVIERE $P --place "petite riviere de l'artibonite"

# Incidents: E-CAS-1 (names differ), E-CAS-2 (places differ), E-FUEL-1.
I="$S incidents --json"
expect_json "incidents: 4 events from 7 reports" '(d["answer"]["events"], d["answer"]["reports"])' "(4, 7)" $I
expect_json "incidents: E-CAS-1 names disagree" \
	'sorted(c["value"] for x in d["disagreements"] if x["about"] == "incident ken-fatality-2025-02-23: persons" for c in x["claims"])' \
	"['Samuel Kitwai, 26', 'Samuel Tompoi Kaetuai, 28']" $I
expect_json "incidents: E-CAS-2 places disagree, Pont-Sondé used" \
	'[(sorted(c["value"] for c in x["claims"]), x["used"]) for x in d["disagreements"] if x["about"] == "incident ken-ambush-2025-03-25: place"]' \
	"[(['HT-KENSCOFF', 'HT-PONT-SONDE'], 'HT-PONT-SONDE')]" $I
expect_json "incidents: each claim cites its source" \
	'all(c["sources"] for x in d["disagreements"] for c in x["claims"])' True $I
expect_json "incidents: deaths counted once per event" 'd["answer"]["fatalities"]["best"]' 4 $I
expect_json "incidents --to 2024-12-31: the Varreux blockade only" '[r["event"] for r in d["rows"]]' \
	"['varreux-blocked-2024-04-22']" $I --to 2024-12-31
expect_json "incidents --from 2025-03-25: the ambush reports" '[r["place"] for r in d["rows"]]' \
	"['HT-PONT-SONDE', 'HT-KENSCOFF']" $I --from 2025-03-25 --to 2025-03-31
expect_json "incidents --place Kenscoff keeps the whole event and its disagreement" \
	'(d["answer"]["reports"], len(d["disagreements"]))' "(2, 1)" $I --place kenscoff
expect_json "incidents --as-of 2025-03-24: the ambush not yet" 'd["answer"]["events"]' 2 $I --as-of 2025-03-24

# GeoJSON export, validated against RFC 7946's rules.
$S export --format geojson --as-of 2024-11-19 > out.geojson 2> err.txt || fail "export" "$(cat err.txt)"
check=$(python3 -c "
import json
d = json.load(open('out.geojson'))
errs = []
if d.get('type') != 'FeatureCollection': errs.append('type')
for f in d['features']:
    g = f.get('geometry') or {}
    c = g.get('coordinates')
    if f.get('type') != 'Feature' or g.get('type') != 'Point': errs.append('not a Point feature')
    elif not (isinstance(c, list) and len(c) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c)): errs.append('coordinates')
    else:
        lon, lat = c
        if not (-180 <= lon <= 180 and -90 <= lat <= 90): errs.append('range')
        if not (-74.5 <= lon <= -71.6 and 18.0 <= lat <= 20.1): errs.append('outside Haiti: %s' % f['properties']['ref'])
    if not isinstance(f.get('properties'), dict): errs.append('properties')
print(' '.join(errs) or 'valid')
")
[ "$check" = valid ] && ok "export: valid GeoJSON, Points inside Haiti" || fail "export validity" "$check"
expect_json "export: 7 features, 23 without a point counted" \
	'(len(d["features"]), d["muster"]["omitted_without_point"])' "(7, 23)" cat out.geojson
expect_json "export: airport [lon, lat], status and sources" \
	'[(f["geometry"]["coordinates"], f["properties"]["status"], f["properties"]["section_pcode"], f["properties"]["sources"]) for f in d["features"] if f["properties"]["ref"] == "HT-PAP-AIRPORT"]' \
	"[([-72.292503, 18.58], 'operations_under_way', 'HT0118-03', ['kenyan-news-2024-11', 'openflights-airports-1897'])]" cat out.geojson
expect_json "export --as-of 2024-06-01: airport reopened" \
	'[f["properties"]["status"] for f in d["features"] if f["properties"]["ref"] == "HT-PAP-AIRPORT"]' "['reopened']" \
	$S export --format geojson --as-of 2024-06-01

# Round trip: read the export into a database holding only the sources.
$M --db g.db init > /dev/null
$M --db g.db import "$ROOT/data/haiti/sources.csv" > /dev/null
{ head -1 "$ROOT/data/haiti/places.csv"; grep '^source,' "$ROOT/data/haiti/places.csv"; } > src.csv
$M --db g.db import src.csv > /dev/null
expect_out "import-geojson reads the export" "imported 10 records" $M --db g.db import-geojson out.geojson
expect_json "import-geojson: same places, points and areas" \
	'sorted((r["ref"], r["lat"], r["lon"], r["areas"]["section"]["pcode"], (r["status"] or {}).get("status")) for r in d["rows"])' \
	"$($S places --json --as-of 2024-11-19 | python3 -c "$J; d=json.load(sys.stdin); print(sorted((r['ref'], r['lat'], r['lon'], r['areas']['section']['pcode'], (r['status'] or {}).get('status')) for r in d['rows'] if r['has_point']))")" \
	$M --db g.db places --json --as-of 2024-11-19

$M --db g3.db init > /dev/null
$M --db g3.db import "$ROOT/data/haiti/sources.csv" src.csv > /dev/null
expect_out "import --format geojson reads the export too" "10 records imported" \
	$M --db g3.db import --format geojson out.geojson
[ "$(sqlite3 g3.db 'SELECT id FROM log ORDER BY seq')" = "$(sqlite3 g.db 'SELECT id FROM log ORDER BY seq')" ] \
	&& ok "import --format geojson gives the same records as import-geojson" \
	|| fail "import --format geojson" "records differ"

# Bad input: named errors, exit 2, nothing changed.
ADD="$S add"
SRC="--sources kenyan-news-2024-11"
expect_err "bad: unknown place in a status" h.db 2 \
	'muster add: field "place": "HT-NOWHERE" is not a place (add it first as a place record, or see muster places for the refs)' \
	$ADD place_status --place HT-NOWHERE --status secured --date 2024-12-01 $SRC
expect_err "bad: a name where a ref is due" h.db 2 \
	'muster add: field "place": "tlia" is not a place ref (did you mean HT-PAP-AIRPORT?)' \
	$ADD place_status --place tlia --status secured --date 2024-12-01 $SRC
expect_err "bad: unknown place in an operation" h.db 2 \
	'muster add: field "places": "HT-NOPE" is not a place (add it first as a place record, or see muster places for the refs)' \
	$ADD operation --places "HT-PAP-AIRPORT;HT-NOPE" --operation-kind patrol --date 2024-12-01 $SRC
expect_err "bad: status outside the list" h.db 2 \
	'muster add: field "status": "secure" is not one of under_gang_control, contested, operations_under_way, secured, reopened, closed (did you mean secured?)' \
	$ADD place_status --place HT-PAP-AIRPORT --status secure --date 2024-12-01 $SRC
expect_err "bad: coordinates outside Haiti" h.db 2 \
	'muster add: field "lat": 40.7, -74.0 is outside Haiti (latitude 18.0 to 20.1, longitude -74.5 to -71.6; check the sign of the longitude, which is west and so negative, or set country for a place abroad)' \
	$ADD place --ref x-ny --name "New York" --lat 40.7 --lon -74.0 --precision town $SRC
expect_err "bad: latitude and longitude swapped" h.db 2 \
	'muster add: field "lat": -72.3 with lon 18.5: latitude and longitude look swapped (Haiti lies at latitude 18.0 to 20.1 and longitude -74.5 to -71.6; exchange the two values)' \
	$ADD place --ref x-sw --name "Swapped" --lat -72.3 --lon 18.5 --precision town $SRC
expect_err "bad: latitude without longitude" h.db 2 \
	'muster add: field "lon": missing (give both lat and lon, or neither for a place whose position is not known)' \
	$ADD place --ref x-half --name "Half" --lat 18.5 --precision town $SRC
expect_err "bad: decimal comma" h.db 2 \
	'muster add: field "lat": "18,5" is not a decimal number of degrees (write e.g. 18.5435 or -72.3388: a point, no comma, no degree sign)' \
	$ADD place --ref x-comma --name "Comma" --lat 18,5 --lon -72.3 --precision town $SRC
expect_err "bad: more than 7 decimals" h.db 2 \
	'muster add: field "lat": "18.123456789" has more than 7 decimals (round it to 7, about 1 cm)' \
	$ADD place --ref x-fine --name "Fine" --lat 18.123456789 --lon -72.3 --precision town $SRC
expect_err "bad: fatalities low above high" h.db 2 \
	'muster add: field "fatalities_low": 5 is more than fatalities_high 2 (low <= best <= high)' \
	$ADD incident --place HT-PAP-AIRPORT --incident-kind attack --date 2024-12-01 --fatalities-low 5 --fatalities-high 2 $SRC
expect_err "bad: unknown place in a question" h.db 2 \
	'place "Pont Sondo" is not known (did you mean "Pont Sondé" (HT-PONT-SONDE)?)' $S places --place "Pont Sondo"
expect_err "bad: --status outside the list" h.db 2 \
	'--status: "securd" is not a status (did you mean secured? statuses: under_gang_control, contested, operations_under_way, secured, reopened, closed)' \
	$S places --status securd
expect_err "bad: misspelt option" h.db 2 'muster places: unknown option --statuss (did you mean --status?)' \
	$S places --statuss secured
expect_err "bad: --from after --to" h.db 2 '--from 2025-03-01 is after --to 2025-01-01 (give the earlier day first)' \
	$S incidents --from 2025-03-01 --to 2025-01-01
expect_err "bad: export format" h.db 2 'muster export: --format "kml" is not supported (use csv, jsonl, hxl, xlsx, iati or geojson)' \
	$S export --format kml
expect_err "bad: swapped row in a CSV import changes nothing" h.db 2 \
	"$ROOT/tests/fixtures/places/swapped.csv:3: field \"lat\": -72.3388 with lon 18.5435: latitude and longitude look swapped (Haiti lies at latitude 18.0 to 20.1 and longitude -74.5 to -71.6; exchange the two values)" \
	$S import "$ROOT/tests/fixtures/places/swapped.csv"
expect_err "bad: swapped GeoJSON point changes nothing" h.db 2 \
	"$ROOT/tests/fixtures/places/swapped.geojson: feature 2 (fx-gj-swapped): field \"lat\": -72.3388 with lon 18.5435: latitude and longitude look swapped (Haiti lies at latitude 18.0 to 20.1 and longitude -74.5 to -71.6; exchange the two values)" \
	$S import-geojson "$ROOT/tests/fixtures/places/swapped.geojson"
expect_err "bad: GeoJSON LineString" h.db 2 \
	"$ROOT/tests/fixtures/places/linestring.geojson: feature 1 (fx-line): geometry: only Point geometries with [longitude, latitude] can be read" \
	$S import-geojson "$ROOT/tests/fixtures/places/linestring.geojson"

# Every command answers --help; the record still verifies.
for c in places incidents export import-geojson; do
	expect_out "$c --help" "usage: muster $c" $M $c --help
done
expect_out "verify after the places" "derived tables match the log" $S verify

# Text tables count characters, not bytes: "Carrefour l'aéroport" lines up with "Cazeau".
cols=$($S places | python3 -c "import sys; print(sorted({l.index('operations_under_way') for l in sys.stdin if 'operations_under_way' in l}))")
if [ "$cols" = "[54]" ]; then ok "places text: accented names line up"; else fail "places text: accented names line up" "status columns at $cols"; fi
