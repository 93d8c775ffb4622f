# update.sh: muster update (issue 18, point 3). A file made from the previous
# release's bundle (tests/fixtures/bundle-2026-11-23, loaded through
# MUSTER_BUNDLE_DIR), with records of its own added, brought to this bundle:
# nothing duplicated, nothing of its own lost, verify passing, and every answer
# byte for byte that of a new file of this bundle with the same records added.
# The bundle only grows: every record of the previous one keeps its id.
. "$MUSTER_ROOT/tests/cli/lib.sh"

OLD="$ROOT/tests/fixtures/bundle-2026-11-23"
MUSTER_BUNDLE_DIR="$OLD" $M --db old.db init --bundled > init.out 2>&1 || { fail "init from the old bundle" "$(cat init.out)"; exit 0; }
expect_out "the previous release's bundle: 250 records" "old.db: created, 250 records from the bundled Haiti record" cat init.out
$M --db new.db init --bundled > /dev/null || fail "init --bundled" "failed"

# Append-only: the previous bundle's records are all in this one, by id.
sqlite3 old.db "SELECT id FROM log" | sort > old.ids
sqlite3 new.db "SELECT id FROM log" | sort > new.ids
if cmp -s old.ids "$ROOT/tests/fixtures/record/bundled-ids-before-corrections.txt"; then
	ok "the fixture is the bundle shipped before (its 250 ids)"
else
	fail "the fixture is the bundle shipped before" "ids differ from bundled-ids-before-corrections.txt"
fi
gone=$(comm -23 old.ids new.ids | wc -l)
[ "$gone" = 0 ] && ok "every record of the previous bundle is in this one by id" ||
	fail "the bundle only grows" "$gone records of the previous bundle are not in this one"

# The same records of one's own, added to a file: a source, a GSF strength
# figure and pledge, an imported arrival, a correction and a retraction of
# bundled records that this bundle leaves alone.
cat > local.csv <<'EOF'
kind,ref,mission,date,country,unit,category,personnel,sources,cite,note
arrival,local-arr-ken-2026-04-20,GSF-HTI,2026-04-20,KEN,Kenya Police,police,120,local-report-2026-05,p. 2,entered locally
EOF
add_local() {
	S="$M --db $1"
	$S add source --ref local-report-2026-05 --publisher "Local desk" --title "Field report, May 2026" \
		--grade C --date 2026-05-01 > /dev/null &&
	$S add strength --ref local-str-ken-2026-05-01 --mission GSF-HTI --date 2026-05-01 --country KEN \
		--category police --personnel 650 --qualifier about --sources local-report-2026-05 > /dev/null &&
	$S add pledge --ref local-pl-bgd-2026-04-15 --mission GSF-HTI --date 2026-04-15 --country BGD \
		--personnel 500 --status announced --sources local-report-2026-05 > /dev/null &&
	$S import local.csv > /dev/null &&
	$S correct pl-jam-250 --date 2024-03 --note "dated locally: Holness's March 2024 announcement" > /dev/null &&
	$S retract str-2024-09-30-mss-400 --reason "the same count as Xinhua's, relayed" > /dev/null &&
	# A claim that ties with one the new bundle adds (the 230 Kenyans of
	# 2025-12-08: best grade B, two sources, a day, published 2025-12-09):
	# which is used must not depend on which arrived first.
	$S add source --ref local-tie-b --publisher "Local wire" --title "Arrivals" --grade B --date 2025-12-09 > /dev/null &&
	$S add source --ref local-tie-e --publisher "Local summary" --title "Arrivals" --grade E --date 2025-12-09 > /dev/null &&
	$S add arrival --mission GSF-HTI --date 2025-12-08 --country KEN --unit "Kenya Police" --category police \
		--personnel 250 --sources "local-tie-b;local-tie-e" > /dev/null
}
add_local old.db || fail "local records on the old file" "failed"
add_local new.db || fail "local records on the new file" "failed"

expect_out "update adds what the bundle added, by kind" \
	"old.db: 98 records of the bundled Haiti record added (29 source, 8 pledge, 6 arrival, 2 departure, 9 strength, 11 funding, 5 place, 2 incident, 3 resolution, 8 requirement, 1 fulfilment, 4 commitment, 3 place_status, 5 operation, 1 target, 1 budget); 357 in the file; head " \
	$M --db old.db update
expect_out "a second update adds nothing and says so" \
	"old.db: already holds the bundled Haiti record of this muster (348 records); nothing added" $M --db old.db update
expect_out "verify passes on the updated file" "derived tables match the log" $M --db old.db verify

# Nothing duplicated, nothing lost: the same records by id.
sqlite3 old.db "SELECT id FROM log" | sort > a.ids
sqlite3 new.db "SELECT id FROM log" | sort > b.ids
if cmp -s a.ids b.ids && [ "$(wc -l < a.ids)" = 357 ] && [ "$(sort -u a.ids | wc -l)" = 357 ]; then
	ok "the updated file holds the 348 bundled and 9 local records, each once, as the new file does"
else
	fail "same records" "$(wc -l < a.ids) vs $(wc -l < b.ids); $(comm -3 a.ids b.ids | head -3)"
fi
expect_out "the local correction stands" "corrects    675e69a7942b2e3be4afd1f64653dea87dcd7e36c70c5624c46543d08e09337b" $M --db old.db show pl-jam-250

# The same answers: byte for byte, but for the order in which a figure lists
# the records and sources behind it (the order they arrived in, which differs
# by design); the figures, the claims used and every disagreement are equal.
cat > same.py <<'PY'
import json, sys
def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        v = [norm(x) for x in v]
        return sorted(v) if all(isinstance(x, str) for x in v) else v
    return v
a, b = (open(f).read() for f in sys.argv[1:3])
if a == b:
    print("bytes")
else:
    try:
        print("order" if norm(json.loads(a)) == norm(json.loads(b)) else "differ")
    except ValueError:
        print("differ")
PY
same=0 order="" differ=""
for day in 2024-07-20 2025-02-06 2025-12-08 2025-12-09 2026-05-15 2026-11-23; do
	for q in strength pledges conflicts funding budget mandate places promises "strength --mission GSF-HTI" \
		"pledges --mission GSF-HTI" "strength --mission all"; do
		$M --db old.db $q --as-of $day --json > a.json 2>&1
		$M --db new.db $q --as-of $day --json > b.json 2>&1
		case $(python3 same.py a.json b.json) in
		bytes) same=$((same + 1)) ;;
		order) same=$((same + 1)) order="$order [$q $day]" ;;
		*) differ="$differ [$q $day]" ;;
		esac
	done
done
$M --db old.db timeline --from 2023-01-01 --to 2026-12-31 --json > a.json
$M --db new.db timeline --from 2023-01-01 --to 2026-12-31 --json > b.json
[ "$(python3 same.py a.json b.json)" = bytes ] && same=$((same + 1)) || differ="$differ [timeline]"
[ -z "$differ" ] && ok "the same $same answers as a new file of this bundle with the same records (listed in another order:$order)" ||
	fail "the same answers" "differ:$differ"

# A correction of the bundle is left out where the file's own records already
# correct what it names: theirs stands, and the update says so.
MUSTER_BUNDLE_DIR="$OLD" $M --db mine.db init --bundled > /dev/null
$M --db mine.db correct arr-ken-230 --date 2025-12-09 --note "dated locally" > /dev/null
mine=$(sqlite3 mine.db "SELECT substr(id, 1, 16) FROM log ORDER BY seq DESC LIMIT 1")
target=$(sqlite3 mine.db "SELECT substr(l.id, 1, 16) FROM log l JOIN rec r USING(seq) WHERE r.ref = 'arr-ken-230' AND r.replaced_by IS NOT NULL")
out=$($M --db mine.db update 2>&1)
case "$out" in
*"mine.db: 97 records of the bundled Haiti record added ("*"; 348 in the file; head "*"
left out "*" (arrival arr-ken-2025-12-08-230): it corrects $target (arr-ken-230), which this file's record $mine already corrects; yours stands")
	ok "a bundled correction of a record the file corrected itself is left out, and listed" ;;
*) fail "left out" "$out" ;;
esac
expect_json "the file's correction is the one used" \
	'[(r["date"], r["what"]) for r in d["rows"] if r["kind"] == "arrival" and "230" in r["what"]]' \
	"[('2025-12-09', '230 arrived from KEN (Kenya Police)')]" $M --db mine.db timeline --from 2025-12-01 --to 2025-12-31 --json
expect_json "update --json lists it" '(d["added"], [v["ref"] for v in d["left_out"].values()])' \
	"(0, ['arr-ken-2025-12-08-230'])" $M --db mine.db update --json
expect_out "verify passes with a correction left out" "derived tables match the log" $M --db mine.db verify
expect_out "a second update says nothing is added, but for what is left out" \
	"mine.db: already holds the bundled Haiti record of this muster (347 records) but for the 1 left out below; nothing added" \
	$M --db mine.db update

# A source the file retracted: the bundled records citing it are left out.
MUSTER_BUNDLE_DIR="$OLD" $M --db nosrc.db init --bundled > /dev/null
$M --db nosrc.db retract tengele-kenyan-police-arrive --reason "an AI summary" > /dev/null
ret=$(sqlite3 nosrc.db "SELECT substr(id, 1, 16) FROM log ORDER BY seq DESC LIMIT 1")
$M --db nosrc.db update > nosrc.out 2>&1 || fail "update with a retracted source" "$(cat nosrc.out)"
n=$(grep -c "^left out .*: it cites the source tengele-kenyan-police-arrive, which this file's record $ret retracts; yours stands$" nosrc.out)
[ "$n" = 6 ] && ok "the 6 bundled records citing a source the file retracted are left out" ||
	fail "left out for a retracted source" "$n: $(head -3 nosrc.out)"
expect_out "verify passes with them left out" "derived tables match the log" $M --db nosrc.db verify

# Bad states are named errors, the file left as it was.
$M --db empty.db init > /dev/null
expect_err "a file not made from the bundle is refused" empty.db 2 \
	"empty.db: holds no record of the bundled Haiti record, so it was not made with muster init --bundled and there is nothing to update; to start from the bundle, make a new file with muster init --bundled and import your records into it" \
	$M --db empty.db update
comm -13 old.ids new.ids > added.ids
expect_err "a file of a newer bundle is refused" new.db 2 \
	"new.db: holds 98 bundled records this muster's bundle lacks (the first: $(sqlite3 new.db "SELECT substr(l.id, 1, 16) || ', ' || r.kind || ' ' || coalesce(r.ref, '') FROM log l JOIN rec r USING(seq) WHERE r.entered_by LIKE 'muster (bundled%' AND l.id IN ($(sed "s/.*/'&'/" added.ids | paste -sd,)) ORDER BY seq LIMIT 1")): the file was made or updated by a newer muster; update it with that one, nothing was changed" \
	env MUSTER_BUNDLE_DIR="$OLD" $M --db new.db update
# The file's own records in the way: the same statement, or the same ref.
MUSTER_BUNDLE_DIR="$OLD" $M --db dup.db init --bundled > /dev/null
$M --db dup.db add source --ref reuters-metroradio-2025-12-09 --publisher "Reuters" --title "mine" --grade B > /dev/null
srcid=$(sqlite3 dup.db "SELECT substr(id, 1, 16) FROM log ORDER BY seq DESC LIMIT 1")
bsrc=$(sqlite3 new.db "SELECT substr(l.id, 1, 16) FROM log l JOIN rec r USING(seq) WHERE r.ref = 'reuters-metroradio-2025-12-09'")
expect_err "a bundled record whose ref the file's own record holds stops the update" dup.db 2 \
	"dup.db: the bundled record $bsrc (source reuters-metroradio-2025-12-09) has the ref of this file's record $srcid; give yours another (muster correct $srcid --ref reuters-metroradio-2025-12-09-local) and run muster update again; nothing was changed" \
	$M --db dup.db update
$M --db dup.db correct "$srcid" --ref reuters-metroradio-2025-12-09-local > /dev/null
sqlite3 new.db "SELECT body FROM log l JOIN rec r USING(seq) WHERE r.ref = 'trt-afrika-afp-2025-08-28'" |
	python3 -c 'import json,sys; d=json.load(sys.stdin); [d.pop(k) for k in ("entered_by", "entered_at")]; print(json.dumps(d))' > mine.jsonl
$M --db dup.db import mine.jsonl > /dev/null || fail "dup setup" "import"
mineid=$(sqlite3 dup.db "SELECT substr(id, 1, 16) FROM log ORDER BY seq DESC LIMIT 1")
bid=$(sqlite3 new.db "SELECT substr(l.id, 1, 16) FROM log l JOIN rec r USING(seq) WHERE r.ref = 'trt-afrika-afp-2025-08-28'")
expect_err "a bundled record saying what the file's own says stops the update" dup.db 2 \
	"dup.db: the bundled record $bid (source trt-afrika-afp-2025-08-28) says what this file's record $mineid already says; retract yours (muster retract $mineid --reason \"in the bundled record\") and run muster update again; nothing was changed" \
	$M --db dup.db update
$M --db dup.db retract "$mineid" --reason "in the bundled record" > /dev/null
expect_out "once the file's own records are out of the way, the update goes through" \
	"dup.db: 98 records of the bundled Haiti record added" $M --db dup.db update
expect_out "verify passes" "derived tables match the log" $M --db dup.db verify
expect_err "update takes no arguments" old.db 2 "muster update: takes no arguments (name the file with --db)" \
	$M --db old.db update extra
expect_err "update of a missing file" - 2 \
	"none.db: no such file (create it with \`muster init --bundled\`, or name another with --db FILE)" $M --db none.db update
