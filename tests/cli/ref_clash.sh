# ref_clash.sh: two copies of the record that each gave one ref to a
# different record hold both after a sync. The ref then names one record by a
# rule that does not depend on the order of arrival (src/core/refs.c): both
# files answer alike, `conflicts` lists the clash, `show` says it, the records
# citing the ref take their grade from the source it names, and correcting or
# retracting either record settles it again. A source's correction regrades
# the records citing it, in any file.
. "$MUSTER_ROOT/tests/cli/lib.sh"
command -v curl > /dev/null || { fail "ref_clash: curl" "curl is not installed (scripts/deps.sh installs it)"; exit 0; }
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

PW='admin pass 1234'
# site DB NAME GRADE WHEN PERSONNEL: a file whose source dup-ref (publisher
# NAME, grade GRADE, entered at WHEN) is cited by an arrival.
site() {
	$M --db "$1" init > /dev/null
	printf '%s\n' "$PW" | $M --db "$1" user add ada --role admin > /dev/null
	MUSTER_NOW=$4 MUSTER_USER=clerk-$2 $M --db "$1" add source --ref dup-ref --publisher "$2" \
		--title "Reports of $2" --grade "$3" > /dev/null
	MUSTER_NOW=$4 MUSTER_USER=clerk-$2 $M --db "$1" add arrival --date 2025-01-02 --country KEN \
		--category police --personnel "$5" --unit "$2" --sources dup-ref > /dev/null
}
site a.db PA B 2026-11-20T08:00:00Z 10
site b.db PB D 2026-11-21T08:00:00Z 20
cp a.db a0.db
cp b.db b0.db

start_server b.db || { fail "ref_clash: serve" "$(tail -3 serve.log)"; exit 0; }
printf '%s\n' "$PW" | $M --db a.db sync "$U" --user ada > sync.out 2>&1 || fail "ref_clash: sync" "$(cat sync.out)"
stop_server

# Both files: the ref names PA's source, entered first, whatever arrived when.
for db in a.db b.db; do
	expect_json "ref_clash: $db: the ref names the source entered first" \
		"d['answer']['record']['publisher'], d['answer']['record']['grade']" "PA B" $M --db $db show dup-ref --json
	expect_out "ref_clash: $db: the records citing it take its grade" "B|10 B|20" \
		sqlite3 $db "SELECT group_concat(g, ' ') FROM (SELECT grade || '|' || json_extract(l.body, '$.personnel') g FROM rec r JOIN log l USING(seq) WHERE kind = 'arrival' ORDER BY 1)"
	expect_out "ref_clash: $db: verify passes" "derived tables match the log" $M --db $db verify
done
# The same answers in both files, but for each file's own numbering (seq) and
# the order of lists that follows it.
norm() {
	python3 -c "
import json, sys
def n(x):
    if isinstance(x, dict): return {k: n(v) for k, v in x.items() if k != 'seq'}
    if isinstance(x, list):
        y = [n(v) for v in x]
        return sorted(y, key=lambda v: json.dumps(v, sort_keys=True))
    return x
print(json.dumps(n(json.load(sys.stdin)), sort_keys=True, indent=1))"
}
for q in "strength --as-of 2025-01-05" "conflicts" "sources" "show dup-ref"; do
	$M --db a.db $q --json | norm > qa.json
	$M --db b.db $q --json | norm > qb.json
	cmp -s qa.json qb.json && ok "ref_clash: $q answers alike in both files" || fail "ref_clash: $q alike" "$(diff qa.json qb.json | head -5)"
done
CLASH="[(x['area'], x['about'], x['used'], [(c['value'], c['as'], c['records'][0][:6]) for c in x['claims']]) for x in d['disagreements'] if x['kind'] == 'ref']"
PA=$($M --db a0.db show dup-ref --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['id'][:6])")
PB=$($M --db b0.db show dup-ref --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['id'][:6])")
expect_json "ref_clash: conflicts lists the clash" "$CLASH" \
	"[('refs', 'ref dup-ref: records that claim it', 'PA, grade B', [('PA, grade B', 'entered 2026-11-20 by clerk-PA', '$PA'), ('PB, grade D', 'entered 2026-11-21 by clerk-PB', '$PB')])]" \
	$M --db b.db conflicts --json
expect_json "ref_clash: show of either source says it" "[x['kind'] for x in d['disagreements']]" "['ref']" \
	$M --db a.db show "$PB" --json

# A rebuild gives the same tables (verify compares them) and answers.
$M --db a.db conflicts --json | norm > before.json
$M --db a.db rebuild > /dev/null
$M --db a.db conflicts --json | norm > after.json
cmp -s before.json after.json && ok "ref_clash: a rebuild keeps the clash" || fail "ref_clash: rebuild" "$(diff before.json after.json | head -5)"

# Settled by hand: PB's source gets a ref of its own; the clash is gone.
cp a.db c.db
$M --db c.db correct "$PB" --ref pb-own > /dev/null 2> c.err || fail "ref_clash: correct the other" "$(cat c.err)"
expect_json "ref_clash: a ref of its own ends the clash" "d['answer']['by_area'].get('refs', 0)" "0" $M --db c.db conflicts --json
expect_json "ref_clash: the other source answers to its new ref" "d['answer']['record']['publisher']" "PB" \
	$M --db c.db show pb-own --json
expect_out "ref_clash: c.db verify passes" "derived tables match the log" $M --db c.db verify

# The source the ref names retracted: the ref names the other, and the
# records citing it take the other's grade.
$M --db a.db retract dup-ref --reason "entered twice" > /dev/null 2> r.err || fail "ref_clash: retract" "$(cat r.err)"
expect_json "ref_clash: retracting the one used hands the ref to the other" \
	"d['answer']['record']['publisher'], d['answer']['record']['grade']" "PB D" $M --db a.db show dup-ref --json
expect_out "ref_clash: the citing records take the other's grade" "D|10 D|20" \
	sqlite3 a.db "SELECT group_concat(g, ' ') FROM (SELECT grade || '|' || json_extract(l.body, '$.personnel') g FROM rec r JOIN log l USING(seq) WHERE kind = 'arrival' ORDER BY 1)"
expect_json "ref_clash: no clash left" "d['answer']['by_area'].get('refs', 0)" "0" $M --db a.db conflicts --json
expect_out "ref_clash: a.db verify passes after the retraction" "derived tables match the log" $M --db a.db verify

# In one file, with no sync: a source's correction regrades the records
# citing it (they took their grade from the source as it stood).
expect_out "ref_clash: a citing record has its source's grade" "B" \
	sqlite3 a0.db "SELECT grade FROM rec WHERE kind = 'arrival'"
$M --db a0.db correct dup-ref --grade D > /dev/null 2> g.err || fail "ref_clash: correct a grade" "$(cat g.err)"
expect_out "ref_clash: after the source's correction, the corrected grade" "D" \
	sqlite3 a0.db "SELECT grade FROM rec WHERE kind = 'arrival'"
expect_out "ref_clash: a0.db verify passes" "derived tables match the log" $M --db a0.db verify

# A restricted record entered first never takes a ref from a public one: the
# public is never answered by a record it cannot see.
$M --db r.db init > /dev/null
printf '%s\n' "$PW" | $M --db r.db user add ada --role admin > /dev/null
MUSTER_NOW=2026-11-01T08:00:00Z $M --db r.db add source --ref dup-ref --publisher PR --title "Restricted" --grade A \
	--visibility restricted > /dev/null
start_server r.db || { fail "ref_clash: serve r.db" "$(tail -3 serve.log)"; exit 0; }
printf '%s\n' "$PW" | $M --db b0.db sync "$U" --user ada > sync.out 2>&1 || fail "ref_clash: sync r" "$(cat sync.out)"
stop_server
for db in r.db b0.db; do
	expect_json "ref_clash: $db: the public source keeps the ref" "d['answer']['record']['publisher']" "PB" \
		$M --db $db show dup-ref --json
	expect_out "ref_clash: $db: verify passes" "derived tables match the log" $M --db $db verify
done
expect_json "ref_clash: the clash is listed for a reader of restricted records" "d['answer']['by_area'].get('refs', 0)" "1" \
	$M --db r.db conflicts --json
start_server r.db || { fail "ref_clash: serve r.db" "$(tail -3 serve.log)"; exit 0; }
expect_json "ref_clash: the public is not told of a restricted record's claim" \
	"d['answer']['by_area'].get('refs', 0), d['answer']['record']['publisher'] if 'record' in d['answer'] else ''" "0 " \
	$C "$U/api/v1/conflicts"
stop_server

# Two sites that each corrected one record: two live versions of it, one ref.
$M --db f1.db init > /dev/null
printf '%s\n' "$PW" | $M --db f1.db user add ada --role admin > /dev/null
MUSTER_NOW=2026-11-01T08:00:00Z $M --db f1.db add source --ref fk --publisher PF --title "Forked" --grade C > /dev/null
cp f1.db f2.db
cp f1.db f3.db
MUSTER_NOW=2026-11-02T08:00:00Z $M --db f1.db correct fk --grade B > /dev/null
MUSTER_NOW=2026-11-03T08:00:00Z $M --db f2.db correct fk --grade D > /dev/null
start_server f2.db || { fail "ref_clash: serve f2.db" "$(tail -3 serve.log)"; exit 0; }
printf '%s\n' "$PW" | $M --db f1.db sync "$U" --user ada > sync.out 2>&1 || fail "ref_clash: sync f" "$(cat sync.out)"
stop_server
for db in f1.db f2.db; do
	expect_json "ref_clash: $db: two corrections of one record: the ref names the first entered" \
		"d['answer']['record']['grade']" "B" $M --db $db show fk --json
	expect_json "ref_clash: $db: conflicts lists the two versions, not as a ref's clash" \
		"d['answer']['by_area'].get('refs', 0), [(x['about'][:6], x['kind'], x['used'], [c['value'] for c in x['claims']]) for x in d['disagreements']]" \
		"0 [('record', 'fork', 'grade B', ['grade B', 'grade D'])]" $M --db $db conflicts --json
	expect_out "ref_clash: $db: verify passes" "derived tables match the log" $M --db $db verify
done
# A record and its restricted correction are one record's two versions, one
# for each kind of reader: no clash.
$M --db f3.db correct fk --grade A --visibility restricted > /dev/null
expect_json "ref_clash: a restricted correction is no clash" "d['answer']['by_area'].get('refs', 0)" "0" \
	$M --db f3.db conflicts --json
expect_out "ref_clash: f3.db verify passes" "derived tables match the log" $M --db f3.db verify

# One flow entered at two sites (the same statement): counted once after a
# sync, in both files, and no disagreement (they agree).
for x in g1 g2; do
	$M --db $x.db init > /dev/null
	printf '%s\n' "$PW" | $M --db $x.db user add ada --role admin > /dev/null
	MUSTER_NOW=2026-11-01T08:00:00Z $M --db $x.db add source --ref s1 --publisher P --title T --grade B > /dev/null
done
MUSTER_USER=clerk-1 $M --db g1.db add funding --date 2025-01-02 --donor_country CAN --channel trust_fund \
	--stage deposited --amount 1000 --currency USD --basis flow --sources s1 > /dev/null
MUSTER_USER=clerk-2 MUSTER_NOW=2026-11-24T12:00:00Z $M --db g2.db add funding --date 2025-01-02 --donor_country CAN \
	--channel trust_fund --stage deposited --amount 1000 --currency USD --basis flow --sources s1 > /dev/null
start_server g2.db || { fail "ref_clash: serve g2.db" "$(tail -3 serve.log)"; exit 0; }
printf '%s\n' "$PW" | $M --db g1.db sync "$U" --user ada > sync.out 2>&1 || fail "ref_clash: sync g" "$(cat sync.out)"
stop_server
for db in g1.db g2.db; do
	expect_out "ref_clash: $db: both copies of the flow are held" "2" sqlite3 $db "SELECT count(*) FROM funding"
	expect_json "ref_clash: $db: one flow entered at two sites counts once" \
		"[(r['donor'], r['deposited']['amount'], r['deposited']['flows']) for r in d['rows']], len(d['disagreements'])" \
		"[('CAN', '1000.00', 1)] 0" $M --db $db funding --as-of 2025-01-05 --json
done

# On the web, for the public: the record's page of either source says it, and
# the API's conflicts lists it.
start_server b.db || { fail "ref_clash: serve b.db" "$(tail -3 serve.log)"; exit 0; }
code=$($C -o pb.html -w '%{http_code}' "$U/record/$PB")
[ "$code" = 200 ] && grep -q "records that claim it" pb.html && grep -q "Cited by 0 records" pb.html &&
	ok "ref_clash: the public record page of the other says it, and that no record cites it" ||
	fail "ref_clash: record page" "$code $(grep -o 'claim[^<]*\|Cited by [^<]*' pb.html | head -2)"
expect_json "ref_clash: the public API's conflicts lists it" "d['answer']['by_area'].get('refs', 0)" "1" $C "$U/api/v1/conflicts"
stop_server

# One flow that two sites each corrected: the correction entered first counts,
# the other is a fork, listed by conflicts; the sum is not doubled.
$M --db h1.db init > /dev/null
printf '%s\n' "$PW" | $M --db h1.db user add ada --role admin > /dev/null
MUSTER_NOW=2026-11-01T08:00:00Z $M --db h1.db add source --ref s1 --publisher P --title T --grade B > /dev/null
MUSTER_NOW=2026-11-01T08:00:00Z $M --db h1.db add funding --ref fl --date 2025-01-02 --donor_country CAN \
	--channel trust_fund --stage deposited --amount 1000 --currency USD --basis flow --sources s1 > /dev/null
cp h1.db h2.db
MUSTER_NOW=2026-11-03T08:00:00Z $M --db h1.db correct fl --amount 1100 > /dev/null
MUSTER_NOW=2026-11-02T08:00:00Z $M --db h2.db correct fl --amount 1200 > /dev/null
start_server h2.db || { fail "ref_clash: serve h2.db" "$(tail -3 serve.log)"; exit 0; }
printf '%s\n' "$PW" | $M --db h1.db sync "$U" --user ada > sync.out 2>&1 || fail "ref_clash: sync h" "$(cat sync.out)"
stop_server
for db in h1.db h2.db; do
	expect_json "ref_clash: $db: a flow corrected at two sites counts once, its first correction" \
		"[(r['deposited']['amount'], r['deposited']['flows']) for r in d['rows']]" "[('1200.00', 1)]" \
		$M --db $db funding --as-of 2025-01-05 --json
	expect_json "ref_clash: $db: its versions are listed" \
		"[(x['kind'], x['used'], [c['value'] for c in x['claims']]) for x in d['disagreements']]" \
		"[('fork', 'amount 1200.00', ['amount 1200.00', 'amount 1100.00'])]" $M --db $db conflicts --json
	expect_out "ref_clash: $db: verify passes" "derived tables match the log" $M --db $db verify
done
