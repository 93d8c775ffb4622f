# oversight.sh: vetting and complaint records — restricted by rule (refused
# otherwise, named, nothing changed) — and the vetting and complaints answers:
# exact figures for oversight, aggregates with "fewer than 5" for everyone
# else, statuses on a date from corrections, the same documents on the web.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db o.db init --bundled > /dev/null 2>&1 || { fail "oversight: init" "failed"; exit 0; }
S="$M --db o.db"
printf 'correct horse battery\n' | $S user add olive --role oversight > /dev/null
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
OL="sh -c \"printf 'correct horse battery\\n' | $S"

# The rules of the kinds.
expect_err "a vetting of a person cannot be public" o.db 2 \
	"muster add: field \"visibility\": a vetting record of a person must be restricted, never public (add visibility restricted: --visibility restricted)" \
	$S add vetting --country JAM --scheme leahy --subject_type person --subject "A. Person" --result cleared --date 2024-09-01
expect_err "a vetting of a person said to be public" o.db 2 \
	"muster add: field \"visibility\": a vetting record of a person must be restricted, never public (add visibility restricted: --visibility restricted)" \
	$S add vetting --country JAM --scheme leahy --subject_type person --subject "A. Person" --result cleared --date 2024-09-01 --visibility public
expect_err "a vetting needs its date" o.db 2 \
	"muster add: field \"date\": missing (a vetting record needs the date of its result)" \
	$S add vetting --country KEN --scheme un --subject_type unit --subject "FPU 1" --result cleared
expect_err "a vetting scheme is one of three" o.db 2 \
	"muster add: field \"scheme\": \"leahey\" is not one of un, leahy, national (did you mean leahy?)" \
	$S add vetting --country KEN --scheme leahey --subject_type unit --subject "FPU 1" --result cleared --date 2024-06-20
expect_err "a complaint cannot be public" o.db 2 \
	"muster add: field \"visibility\": a complaint is always restricted, never public (add visibility restricted: --visibility restricted)" \
	$S add complaint --category use_of_force --status received --date 2025-02-01
expect_err "a complaint's status is one of five" o.db 2 \
	"muster add: field \"status\": \"open\" is not one of received, under_investigation, substantiated, unsubstantiated, closed (received, under_investigation, substantiated, unsubstantiated or closed)" \
	$S add complaint --category use_of_force --status open --date 2025-02-01 --visibility restricted
expect_out "muster add vetting --help lists its fields" "--subject_type unit or person (the vetting of a person is always restricted) (required)" \
	$S add vetting --help

# A public record cannot cite a restricted source; suggestions never name one.
$S add source --ref ovs-internal-file --publisher "Oversight office" --title "Vetting file" --grade A \
	--visibility restricted > /dev/null
expect_err "a public record cannot cite a restricted source" o.db 2 \
	"muster add: field \"sources\": \"ovs-internal-file\" is a restricted source, and a public record cannot cite it (make this record restricted too, or cite a public source)" \
	$S add vetting --country KEN --scheme un --subject_type unit --subject "FPU 1" --result cleared --date 2024-06-20 --sources ovs-internal-file
expect_err "no restricted source is suggested" o.db 2 \
	"muster add: field \"sources\": \"ovs-internal-fil\" is not a source in o.db or earlier in this import (add it first: muster add source --ref ovs-internal-fil --publisher … --title … --grade …)" \
	$S add pledge --country KEN --status formal --sources ovs-internal-fil

# Vetting coverage on 2025-01-04 (590: KEN 400, GTM 150, JAM 24, SLV 8, BHS 6, BLZ 2).
$S add vetting --country KEN --scheme un --subject_type unit --subject "Kenya Police FPU 1" --result cleared \
	--date 2024-06-20 --sources wikipedia-mss-2025-01 > /dev/null
$S add vetting --country JAM --scheme leahy --subject_type person --subject "A. Person" --unit "JDF" --result refused \
	--date 2024-09-01 --visibility restricted --sources ovs-internal-file > /dev/null
$S add vetting --country GTM --scheme national --subject_type unit --subject "Later unit" --result pending \
	--date 2025-02-01 > /dev/null
Q="vetting --as-of 2025-01-04 --json"
expect_json "vetting: 2 of 6 contingents covered on 2025-01-04" \
	'"%s %s %s %s" % (d["answer"]["countries_covered"], d["answer"]["countries_deployed"], d["answer"]["coverage_pct"], d["answer"]["not_covered"])' \
	"2 6 33.3 ['BHS', 'BLZ', 'GTM', 'SLV']" $S $Q
expect_json "vetting: 424 of 590 personnel in covered contingents" \
	'"%s of %s" % (d["answer"]["personnel_covered"], d["answer"]["personnel_deployed"])' "424 of 590" $S $Q
expect_json "vetting (public): counts under 5 are text, in JSON too" \
	'"%s|%s|%s" % (d["answer"]["records"], d["answer"]["by_result"]["refused"], [r["records"] for r in d["rows"] if r["country"] == "KEN"])' \
	"fewer than 5|fewer than 5|['fewer than 5']" $S $Q
expect_json "vetting (public): no details, no restricted source" \
	'"%s %s %s" % ("details" in d["answer"], d["answer"]["access"], sorted(s["id"] for s in d["sources"] if s["id"].startswith(("ovs", "wiki"))))' \
	"False aggregate ['wikipedia-mss-2025-01']" $S $Q
expect_json "vetting (oversight): exact counts and the records" \
	'"%s %s %s" % (d["answer"]["records"], d["answer"]["by_result"], [x["subject"] for x in d["answer"]["details"]])' \
	"2 {'cleared': 1, 'refused': 1, 'pending': 0} ['A. Person', 'Kenya Police FPU 1']" \
	sh -c "printf 'correct horse battery\n' | $S $Q --user olive"
expect_json "vetting (oversight): a restricted source is cited" \
	'[s["title"] for s in d["sources"] if s["id"] == "ovs-internal-file"]' "['Vetting file']" \
	sh -c "printf 'correct horse battery\n' | $S $Q --user olive"
expect_json "vetting: a record dated after the day does not cover" \
	'[r["covered"] for r in d["rows"] if r["country"] == "GTM"]' "[True]" $S vetting --as-of 2025-02-01 --json
expect_out "vetting as text" "2 of 6 deployed contingents covered (33.3 %), 424 of 590 personnel" $S vetting --as-of 2025-01-04

# Complaints: a status over time through corrections; a retraction withdraws one.
c1=$($S add complaint --category use_of_force --status received --date 2025-02-01 --country KEN \
	--narrative "Alleged beating at a checkpoint" --visibility restricted)
$S add complaint --category property --status received --date 2025-03-10 --visibility restricted > /dev/null
c1b=$($S correct "$c1" --status substantiated --status_date 2025-04-01 --note "the inquiry concluded")
status_on() {
	printf 'correct horse battery\n' | $S complaints --user olive --json --as-of "$1" |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(x["category"]+":"+x["status"] for x in d["answer"]["details"]))'
}
[ "$(status_on 2025-01-31)" = "" ] && ok "complaints: none received by 2025-01-31" || fail "complaints 01-31" "$(status_on 2025-01-31)"
[ "$(status_on 2025-03-31)" = "use_of_force:received property:received" ] && ok "complaints on 2025-03-31: both received" ||
	fail "complaints 03-31" "$(status_on 2025-03-31)"
[ "$(status_on 2025-04-01)" = "use_of_force:substantiated property:received" ] &&
	ok "complaints on 2025-04-01: the correction's status from its status date" || fail "complaints 04-01" "$(status_on 2025-04-01)"
expect_json "complaints (oversight): the narrative and versions" \
	'"%s|%s|%s" % (d["answer"]["details"][0]["narrative"], d["answer"]["details"][0]["versions"], d["answer"]["by_status"])' \
	"Alleged beating at a checkpoint|2|{'received': 1, 'under_investigation': 0, 'substantiated': 1, 'unsubstantiated': 0, 'closed': 0}" \
	sh -c "printf 'correct horse battery\n' | $S complaints --user olive --json --as-of 2025-06-30"
expect_json "complaints (public): only counts, under 5 as text" \
	'"%s|%s|%s|%s" % (d["answer"]["complaints"], d["answer"]["by_status"]["substantiated"], d["rows"][1], "details" in d["answer"])' \
	"fewer than 5|fewer than 5|{'category': 'use_of_force', 'complaints': 'fewer than 5'}|False" \
	$S complaints --json --as-of 2025-06-30
expect_json "complaints (editor): only counts" 'd["answer"]["access"]' aggregate \
	sh -c "printf 'editor pass 123\n' | $S complaints --user ed --json"
# Five more: the total is shown from 5, the small parts are still hidden.
for i in 1 2 3 4 5; do
	$S add complaint --category use_of_force --status under_investigation --date "2025-05-0$i" --visibility restricted > /dev/null
done
expect_json "complaints (public): 7 shown, use of force 6 shown, property hidden" \
	'"%s %s %s %s" % (d["answer"]["complaints"], d["rows"][1]["complaints"], d["rows"][4]["complaints"], d["answer"]["by_status"]["under_investigation"])' \
	"7 6 fewer than 5 5" $S complaints --json --as-of 2025-06-30
c2=$($S correct "$c1b" --note "one more word" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_out "a retraction of a restricted complaint" "" $S retract "$c2" --reason "withdrawn by the complainant"
[ "$(sqlite3 o.db "SELECT visibility FROM rec WHERE kind = 'retraction' ORDER BY seq DESC LIMIT 1")" = restricted ] &&
	ok "the retraction of a restricted record is restricted" || fail "retraction visibility" "not restricted"
expect_json "a retracted complaint no longer counts" 'd["answer"]["complaints"]' 6 \
	sh -c "printf 'correct horse battery\n' | $S complaints --user olive --json --as-of 2025-06-30"
rid=$(sqlite3 o.db "SELECT l.id FROM log l JOIN rec r USING(seq) WHERE r.kind = 'complaint' AND r.retracted_by IS NULL AND r.replaced_by IS NULL LIMIT 1")
expect_err "a public retraction of a restricted record is refused" o.db 2 \
	"muster add: field \"visibility\": a retraction of a restricted record is restricted too (leave visibility empty or make it restricted)" \
	$S add retraction --retracts "$rid" --reason "x" --visibility public
expect_out "verify after all this" "derived tables match the log" $S verify

# The web answers the same documents, by who is signed in.
start_server o.db || { fail "oversight: serve" "$(cat serve.log)"; exit 0; }
$S vetting --as-of 2025-01-04 --json > cli.json
$C -o api.json "$U/api/v1/vetting?as_of=2025-01-04"
cmp -s cli.json api.json && ok "/api/v1/vetting (anonymous) = muster vetting --json" || fail "api vetting" "$(diff cli.json api.json | head -3)"
$S complaints --json > cli.json
$C -o api.json "$U/api/v1/complaints"
cmp -s cli.json api.json && ok "/api/v1/complaints (anonymous) = muster complaints --json" || fail "api complaints" "differs"
[ "$(signin olive.jar olive 'correct horse battery')" = 303 ] && ok "oversight signs in: 303" || fail "signin" "$(cat signin.out)"
printf 'correct horse battery\n' | $S vetting --as-of 2025-01-04 --json --user olive > cli.json
$C -b olive.jar -o api.json "$U/api/v1/vetting?as_of=2025-01-04"
cmp -s cli.json api.json && ok "/api/v1/vetting (oversight) = muster vetting --user olive --json" || fail "api vetting oversight" "differs"
printf 'correct horse battery\n' | $S complaints --json --user olive > cli.json
$C -b olive.jar -o api.json "$U/api/v1/complaints"
cmp -s cli.json api.json && ok "/api/v1/complaints (oversight) = muster complaints --user olive --json" || fail "api complaints oversight" "differs"
$C -b olive.jar -o v.html "$U/vetting?as_of=2025-01-04"
grep -q 'A. Person' v.html && grep -q 'olive (oversight)' v.html && ok "/vetting for oversight shows the records and who is signed in" ||
	fail "/vetting oversight" "no details"
$C -o v.html "$U/vetting?as_of=2025-01-04"
grep -q 'fewer than 5' v.html && ! grep -q 'A. Person' v.html && ok "/vetting for the public: aggregates only" || fail "/vetting public" "details shown"
stop_server
