# search_stat.sh: each frequent word's figures beside the search index
# (search_stat, search_restricted_stat; src/search/stat.c). For every word of
# 256 rows or more (and only those) they hold its rows and how many have each
# (code, occurrences, length), kept by a big import (the whole vocabulary
# read), small imports (the new rows' words) and a word crossing 256; a
# one-word search read through them answers exactly as the walk over every
# match does (the rows deleted), for the public and oversight, filtered by
# kind and mission or not (a prefix too: its words are read from them and
# between them from FTS5's vocabulary); the public's count is the public rows'; verify
# finds a changed row, a search does not trust one whose rows do not add up,
# rebuild restores them.
. "$MUSTER_ROOT/tests/cli/lib.sh"

$M --db s.db init > /dev/null 2>&1 || { fail "search_stat: init" "failed"; exit 0; }
S="$M --db s.db"
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
printf 'kind,ref,publisher,title,grade\nsource,bench-src,Bench generator,Synthetic movements,E\n' > source.csv
python3 - <<'PY'
units = [("Aviation Unit", "military"), ("Infantry Battalion 1", "military"), ("Formed Police Unit 1", "police"),
         ("Civilian Staff", "civilian"), ("Engineer Company", "military")]
cs = ["GTM", "KEN", "JAM", "BHS", "SLV"]
def rows(a, b, vis, unit=None):
    out = []
    for i in range(a, b):
        u, c = units[i % 5] if i % 7 else units[(i // 7) % 5]
        if unit: u = unit
        k = "arrival" if i % 6 else "departure"
        out.append(f"{k},BENCH,20{10 + i % 10:02d}-0{1 + i % 9}-1{i % 10},{cs[i % 5]},{u},{c},{1 + i % 300},r{i:07d},bench-src,{vis}")
    return out
h = "kind,mission,date,country,unit,category,personnel,event,sources,visibility\n"
def put(name, r): open(name, "w").write(h + "\n".join(r) + "\n")
put("big.csv", rows(1, 2201, "public"))
put("more.csv", rows(2201, 2501, "public") + rows(2501, 2801, "restricted"))
put("cross.csv", rows(2801, 3056, "public", "Zqcross Unit"))
put("one.csv", rows(3056, 3057, "public", "Zqcross Unit Zqcross"))
PY
$S import source.csv big.csv > /dev/null || fail "search_stat: import of 2,200 rows" "failed"

# check.py: every word of each table against FTS5's vocabulary and rows.
cat > check.py <<'PY'
import sqlite3, struct
db = sqlite3.connect("file:s.db?mode=ro", uri=True)
bad = []
for t in ("search", "search_restricted"):
    db.execute(f"CREATE VIRTUAL TABLE temp.v_{t} USING fts5vocab(main, '{t}', 'row')")
    doc = dict(db.execute(f"SELECT term, doc FROM temp.v_{t}"))
    stat = {w: (n, h) for w, n, h in db.execute(f"SELECT term, n, h FROM {t}_stat")}
    want = {w for w, n in doc.items() if n >= 256}
    if set(stat) != want: bad.append(f"{t}: words {sorted(set(stat) ^ want)}")
    for w, (n, h) in stat.items():
        e = [struct.unpack("<4I", h[i:i + 16]) for i in range(0, len(h), 16)]
        if n != doc.get(w) or sum(x[3] for x in e) != n or e != sorted(e): bad.append(f"{t} {w}: {n} {doc.get(w)}")
print(" ".join(bad) or "exact", len(stat))
PY
expect_out "a big import: every word of 256 rows or more, and only those, with its exact rows" "exact" python3 check.py
$S import more.csv > /dev/null || fail "search_stat: a second import" "failed"
$S import cross.csv > /dev/null || fail "search_stat: a third import" "failed"
expect_out "smaller imports after it: kept exact, public and restricted apart" "exact 3" python3 check.py
expect_out "a word in 255 rows is not kept" "0" sqlite3 s.db "SELECT count(*) FROM search_stat WHERE term = 'zqcross'"
$S import one.csv > /dev/null || fail "search_stat: one row more" "failed"
expect_out "one row more (the word twice in it) takes it past 256: kept, exact" "exact" python3 check.py
expect_out "its count: 256" "256" sqlite3 s.db "SELECT n FROM search_stat WHERE term = 'zqcross'"

# ---- the answers: through the figures, and with them deleted (every match walked) ----
cp s.db nostat.db
sqlite3 nostat.db "DELETE FROM search_stat; DELETE FROM search_restricted_stat"
cat > answers.sh <<'SH'
# answers.sh DB: the answers to every search below, for the public; oversight
# (who asks with a password: slow) unfiltered and by kind.
for w in Aviation military unit Infan* Zq* bench* r000001* bench GTM src Zqcross generator r0000005 "Formed Police Unit"; do
	for f in "" "--kind arrival" "--kind departure" "--mission BENCH" "--kind source" "--mission MSS-HTI" \
		"--kind arrival --mission BENCH"; do
		$MUSTER_BIN --db "$1" search "$w" $f --json
	done
	for f in "" "--kind departure"; do
		printf 'oversight pass 1\n' | $MUSTER_BIN --db "$1" search "$w" $f --user olive --json
	done
done 2>&1
SH
sh answers.sh s.db > with.txt
sh answers.sh nostat.db > without.txt
n=$(grep -c '"question": "search"' with.txt)
[ "$n" = 126 ] && cmp -s with.txt without.txt &&
	ok "126 answers through the figures are the walk's, byte for byte (public and oversight, filtered or not)" ||
	fail "the figures change answers" "$n answers; $(diff with.txt without.txt | head -4)"

# ---- restricted stays out of the public's count ----
pub=$(sqlite3 s.db "SELECT count(*) FROM pub_any_rec r WHERE r.seq IN (SELECT seq FROM search WHERE search MATCH 'bench')")
expect_json "the public's count of bench is the public rows' ($pub)" "d['answer']['matches']" "$pub" \
	$S search bench --json
expect_json "the public's figures hold the public rows alone" "d['answer']['matches'] - 300" "$pub" \
	sh -c "printf 'oversight pass 1\n' | $S search bench --user olive --json"
expect_out "the public table's row of bench counts its public rows" "$pub" \
	sqlite3 s.db "SELECT n FROM search_stat WHERE term = 'bench'"

# ---- derived: verify finds a change, rebuild restores ----
expect_out "verify: the figures match the log" "derived tables match the log" $S verify
cp s.db bad.db
sqlite3 bad.db "UPDATE search_stat SET n = n + 1 WHERE term = 'aviation'"
expect_out "a count changed is found by verify" "derived table search_stat differs from the log" \
	sh -c "$M --db bad.db verify 2>&1; true"
a=$($M --db bad.db search Aviation --json)
[ "$a" = "$($S search Aviation --json)" ] && ok "figures that do not add up are not trusted: the rows are walked" ||
	fail "a damaged row was trusted" "$(echo "$a" | head -c 300)"
# Rows that add up but are not the index's: the count would come from them.
sqlite3 bad.db "UPDATE search_stat SET n = 7, h = X'01000000010000000500000007000000' WHERE term = 'aviation'"
expect_out "figures that add up but are wrong are found by verify" "derived table search_stat differs from the log" \
	sh -c "$M --db bad.db verify 2>&1; true"
sqlite3 bad.db "DELETE FROM search_restricted_stat WHERE term = 'bench'"
expect_out "a row missing from the restricted figures too" "derived table search_restricted_stat differs from the log" \
	sh -c "$M --db bad.db verify 2>&1; true"
$M --db bad.db rebuild > /dev/null 2>&1 || fail "search_stat: rebuild" "failed"
expect_out "rebuild restores them" "derived tables match the log" $M --db bad.db verify
sh answers.sh bad.db > rebuilt.txt
cmp -s with.txt rebuilt.txt && ok "and the answers are the same again" || fail "answers after rebuild" "$(diff with.txt rebuilt.txt | head -3)"
