# anchor.sh: tamper evidence that can be anchored (issue 17, point 6). muster
# head prints the chain head at a record and the public head; verify --head
# proves that the history ending in a head published earlier is still in the
# file: a consistent rewrite followed by rebuild, records cut from the end,
# a forged record in place of a true one all pass plain verify and fail with
# --head. Flipped bits in the file's b-trees fail SQLite's integrity check,
# which verify runs and names.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$ROOT/tests/cli/helpers/serve.sh"

$M --db a.db init --bundled > /dev/null 2>&1 || { fail "anchor: init" "failed"; exit 0; }
n=$(sqlite3 a.db "SELECT count(*) FROM log")
last=$(sqlite3 a.db "SELECT chain FROM log WHERE seq = $n")
at300=$(sqlite3 a.db "SELECT chain FROM log WHERE seq = 300")

# head: the chain's link as stored, at the last record and at --at.
expect_out "anchor: head prints the last record's link" "head at record $n of $n: $last" $M --db a.db head
expect_out "anchor: head --at 300 prints record 300's link" "head at record 300 of $n: $at300" $M --db a.db head --at 300
expect_json "anchor: head --json" "d['at'], d['records'], d['head'] == '$at300', d['public_records']" \
	"300 $n True 300" $M --db a.db head --at 300 --json
expect_err "anchor: head --at past the end" - 2 "--at 999: the log has records 1 to $n (give a record's position in it)" \
	$M --db a.db head --at 999
expect_err "anchor: head --at not a number" - 2 "--at: \"3x\" is not a record's position (write a whole number from 1, as muster head prints it)" \
	$M --db a.db head --at 3x
expect_err "anchor: verify --head not a hash" - 2 "--head: \"abc\" is not a chain head (write the 64 hex digits muster head prints)" \
	$M --db a.db verify --head abc
expect_err "anchor: verify --at without --head" - 2 "muster verify: --at goes with --head (the record the published head was taken at)" \
	$M --db a.db verify --at 3

# The public head: the chain over the public records alone. A restricted
# record leaves it as it was; a public one moves it.
pub() { $M --db a.db head --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["public_records"], d["public_head"])'; }
p0=$(pub)
[ "$p0" = "$n $last" ] && ok "anchor: with every record public, the public head is the chain head" || fail "anchor: public head" "$p0"
$M --db a.db add source --ref secret-src --publisher P --title T --grade C --visibility restricted > add.log 2>&1 ||
	fail "anchor: add a restricted source" "$(cat add.log)"
p1=$(pub)
h1=$(sqlite3 a.db "SELECT chain FROM log ORDER BY seq DESC LIMIT 1")
[ "$p1" = "$p0" ] && [ "$h1" != "$last" ] && ok "anchor: a restricted record moves the chain head, not the public head" ||
	fail "anchor: a restricted record" "public [$p0] -> [$p1]"
start_server a.db || { fail "anchor: the server starts" "$(tail -3 serve.log)"; exit 0; }
$C -o head.json "$U/api/v1/head"
expect_json "anchor: /api/v1/head publishes the public head (and nothing that moves with restricted records)" \
	"d['question'], d['answer']['public_records'], d['answer']['public_head'] == '$last', sorted(d['answer'])" \
	"head $n True ['how_to_check', 'public_head', 'public_records']" cat head.json
$M --db a.db add source --ref open-src --publisher P --title T --grade C > add.log 2>&1 || fail "anchor: add a public source" "$(cat add.log)"
p2=$(pub)
[ "${p2%% *}" = $((n + 1)) ] && [ "$p2" != "$p0" ] && ok "anchor: a public record moves the public head" || fail "anchor: a public record" "$p2"
$C -o head2.json "$U/api/v1/head"
$C -o head_at.json "$U/api/v1/head?at=$n"
expect_json "anchor: /api/v1/head follows the new record" "d['answer']['public_records'], d['answer']['public_head'] == '${p2#* }'" \
	"$((n + 1)) True" cat head2.json
expect_json "anchor: /api/v1/head?at=N gives the head published at N public records" \
	"d['answer']['public_records'], d['answer']['public_head'] == '$last'" "$n True" cat head_at.json
expect_json "anchor: /api/v1/head?at past the end is 404" "d['error']" \
	"at=999: the record has $((n + 1)) public records (give a count from 1 to $((n + 1)), or none for all)" \
	$C "$U/api/v1/head?at=999"
stop_server
expect_out "anchor: verify --head takes the public head" \
	"the head published earlier is the public head after $((n + 1)) public records: the history up to it is in the file" \
	$M --db a.db verify --head "${p2#* }"
expect_out "anchor: verify --head finds the chain head first" \
	"the head published earlier is record $n's: the history up to it is in the file" $M --db a.db verify --head "$last"

# The published head: record 300's.
expect_out "anchor: verify --head --at on the untouched file" \
	"the head published earlier is record 300's: the history up to it is in the file" \
	$M --db a.db verify --head "$at300" --at 300

# anchored NAME FILE: plain verify passes, and --head "$at300" --at 300 fails
# with MESSAGE (and without --at, with the generic one).
anchored() {
	name=$1 f=$2 want=$3
	$M --db "$f" verify > plain.out 2>&1 && ok "$name: plain verify passes (nothing to anchor it)" ||
		fail "$name: plain verify" "$(tail -3 plain.out)"
	got=$($M --db "$f" verify --head "$at300" --at 300 2>&1)
	rc=$?
	case "$rc $got" in
	"4 "*"$want"*"the history ending in the head published earlier is not in the file") ok "$name: verify --head --at catches it" ;;
	*) fail "$name: verify --head --at" "exit $rc: $got" ;;
	esac
	got=$($M --db "$f" verify --head "$at300" 2>&1)
	case "$got" in
	*"--head: no record of the file ends a history whose head is ${at300%"${at300#????????????????}"}"*) ok "$name: verify --head alone catches it" ;;
	*) fail "$name: verify --head" "$got" ;;
	esac
}

# rewrite FILE SQL_SEQ_FROM PYTHON: drops the guards, lets PYTHON change the
# list of (seq, body) in `rows`, writes every body again with its id and the
# chain recomputed from record 1, puts the guards back: a consistent rewrite.
rewrite() {
	python3 - "$1" "$2" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [list(r) for r in db.execute("SELECT seq, body FROM log ORDER BY seq")]
exec(sys.argv[2])
trig = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE name IN ('log_no_update', 'log_no_delete')")]
db.execute("DROP TRIGGER log_no_update")
db.execute("DROP TRIGGER log_no_delete")
db.execute("DELETE FROM log")
prev = "0" * 64
for seq, body in rows:
    i = hashlib.sha256(body.encode()).hexdigest()
    prev = hashlib.sha256((prev + i).encode()).hexdigest()
    db.execute("INSERT INTO log(seq, id, body, chain) VALUES (?, ?, ?, ?)", (seq, i, body, prev))
for t in trig:
    db.execute(t)
db.commit()
PY
	$M --db "$1" rebuild > /dev/null 2>&1
}

cp a.db rw.db
rewrite rw.db "rows[52][1] = rows[52][1].replace('\"personnel\":1000', '\"personnel\":2000')"
[ "$(sqlite3 rw.db "SELECT body LIKE '%\"personnel\":2000%' FROM log WHERE seq = 53")" = 1 ] &&
	ok "anchor: the rewrite took (Kenya's pledge of 1,000 now says 2,000)" || fail "anchor: the rewrite" "body unchanged"
anchored "anchor: a consistent rewrite of record 53 and rebuild" rw.db \
	"--head: at record 300 the chain recomputed from the bodies is"

cp a.db tr.db
# The head published at the last record; the file cut to 340 records.
all=$(sqlite3 tr.db "SELECT chain FROM log ORDER BY seq DESC LIMIT 1")
m=$(sqlite3 tr.db "SELECT count(*) FROM log")
rewrite tr.db "rows[:] = rows[:340]"
$M --db tr.db verify > plain.out 2>&1 && ok "anchor: records cut from the end: plain verify passes" ||
	fail "anchor: truncated: plain verify" "$(tail -2 plain.out)"
expect_err "anchor: records cut from the end: verify --head --at catches it" - 4 \
	"verify: --head: the file holds 340 records, fewer than the $m of the head published earlier (records were removed from its end)
muster: verify: 1 problem in tr.db (340 records): the history ending in the head published earlier is not in the file" \
	$M --db tr.db verify --head "$all" --at "$m"

cp a.db fa.db
# A forged record in place of record 200, with a valid id and chain.
rewrite fa.db "rows[199][1] = rows[199][1].replace('\"entered_at\":\"2026-11-23T00:00:00Z\"', '\"entered_at\":\"2026-11-24T00:00:00Z\"')"
anchored "anchor: a forged record 200 with a valid id and chain" fa.db \
	"--head: at record 300 the chain recomputed from the bodies is"
cp a.db fe.db
rewrite fe.db "rows.insert(150, [0, rows[149][1].replace('\"entered_at\":\"2026-11-23T00:00:00Z\"', '\"entered_at\":\"2026-11-25T00:00:00Z\"')]); rows[:] = [[k + 1, r[1]] for k, r in enumerate(rows)]"
anchored "anchor: a forged record inserted at 151, every later one moved" fe.db \
	"--head: at record 300 the chain recomputed from the bodies is"

# Flipped bits in the file's structure: a bit of a b-tree page's cell count,
# first cell pointer or right child, in ten pages of the log, its index and
# derived tables. Every one fails, naming the structure.
flips=$(sqlite3 -separator ' ' a.db "SELECT name, pageno, pagetype FROM dbstat WHERE name IN ('log', 'log_id', 'rec', 'cite', 'admin_area', 'resolution_para') AND pagetype IN ('internal', 'leaf') ORDER BY name, pageno" |
	awk '{ k[$1]++ } k[$1] <= 2 { print $2, $3 }' | head -10)
[ "$(echo "$flips" | wc -l)" = 10 ] || fail "anchor: ten pages to flip" "$flips"
caught=0 i=0
echo "$flips" > flips.txt
while read -r pg type; do
	i=$((i + 1))
	cp a.db bf.db
	python3 - "$pg" "$type" "$i" <<'PY'
import sys
pg, typ, i = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
hdr = (pg - 1) * 16384 + (100 if pg == 1 else 0)
# cell count (low byte), the first cell pointer (low byte), the right child (low byte)
field = [hdr + 4, hdr + (12 if typ == "internal" else 8) + 1, hdr + 11 if typ == "internal" else hdr + 4][i % 3]
with open("bf.db", "r+b") as f:
    f.seek(field)
    b = f.read(1)
    f.seek(field)
    f.write(bytes([b[0] ^ (1 << (i % 3))]))
PY
	got=$($M --db bf.db verify 2>&1)
	rc=$?
	case "$rc $got" in
	"4 "*"SQLite's integrity check: "*"the file's structure (SQLite's integrity check: damaged on disk"*) caught=$((caught + 1)) ;;
	*) echo "# page $pg ($type): exit $rc: $(echo "$got" | tail -1)" ;;
	esac
done < flips.txt
[ "$caught" = 10 ] && ok "anchor: 10 of 10 bit flips in b-tree pages fail verify, named as the file's structure" ||
	fail "anchor: bit flips" "$caught of 10 caught"
expect_json "anchor: verify --json lists the kinds of damage" "d['ok'], 'structure' in d['damage']" "False True" \
	sh -c "$M --db bf.db verify --json; true"
