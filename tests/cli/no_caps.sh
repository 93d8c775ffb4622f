# no_caps.sh: answers read every row, however many: a record longer than
# the bundled one is never answered from its first N rows. Each case has one
# row more than an old fixed limit (500 promises, 20 fulfilments of a
# requirement, 64 budgets, 200 movements of uncertain date, 400 strength days
# of a promise), placed where cutting the list would change the answer.
# (conflicts read at most 4,096 snapshot days of a mission: too many to
# build here in a test's time; the same loop, growing, in conflicts.c.)
. "$MUSTER_ROOT/tests/cli/lib.sh"

S="$M --db c.db"
$S init > /dev/null || { fail "no_caps: init" "failed"; exit 0; }
printf 'kind,ref,publisher,title,date,url,grade\nsource,src,Publisher,Title,2024-01-01,,B\n' > sources.csv
$S import sources.csv > /dev/null || { fail "no_caps: sources" "failed"; exit 0; }

# 520 promises (the answer stopped at 500).
python3 - > promises.csv <<'PY'
print("kind,ref,mission,date,country,person,what,personnel,amount,currency,basis,scope,by,sources")
for i in range(520):
    print("commitment,cm-%d,MSS-HTI,2024-01-01,KEN,,promise %d,10,,,,,,src" % (i, i))
PY
$S import promises.csv > /dev/null 2> err.txt || fail "no_caps: promises import" "$(head -2 err.txt)"
expect_json "promises: all 520 promises answered" '(d["answer"]["promises"], len(d["rows"]))' "(520, 520)" \
	$S promises --as-of 2026-01-01 --json

# A requirement met on 2024-01-01, then 25 later reports that it is not met:
# it was met (the 20 newest alone would say overdue).
python3 - > mandate.csv <<'PY'
print("kind,ref,mission,date,sources,paragraph,who,what,due,resolution,requirement,status")
print("requirement,req-x,MSS-HTI,2023-10-02,src,1,the Council,review,2024-07-02,2699,,")
for i in range(25):
    print("fulfilment,,MSS-HTI,2024-02-%02d,src,,,,,,req-x,not_met" % (i + 1))
print("fulfilment,,MSS-HTI,2024-01-01,src,,,,,,req-x,met")
PY
$S import mandate.csv > /dev/null 2> err.txt || fail "no_caps: mandate import" "$(head -2 err.txt)"
expect_json "obligations: met on 2024-01-01 behind 25 newer reports; all 26 listed" \
	'[(r["status"], len(r["evidence"])) for r in d["rows"] if r["ref"] == "req-x"]' "[('met', 26)]" \
	$S obligations --as-of 2025-01-01 --json

# 70 budgets, one a month: the latest and the 69 earlier ones (64 were read).
python3 - > budget.csv <<'PY'
print("kind,ref,mission,date,qualifier,amount,currency,period,sources")
for i in range(70):
    print("budget,,MSS-HTI,%04d-%02d-01,exact,%d,USD,annual,src" % (2020 + i // 12, i % 12 + 1, 1000000 + i))
PY
$S import budget.csv > /dev/null 2> err.txt || fail "no_caps: budget import" "$(head -2 err.txt)"
expect_json "budget: the latest of 70 budgets and the 69 before it" '(d["answer"]["budget"]["amount"], len(d["rows"]))' \
	"('1000069.00', 69)" $S budget --as-of 2026-01-01 --json

# 210 arrivals dated only to a month: each may have happened by mid-June (200 were listed).
python3 - > moves.csv <<'PY'
print("kind,ref,mission,date,country,unit,category,personnel,event,sources")
for i in range(210):
    print("arrival,,MSS-HTI,2024-06,KEN,,police,1,e%d,src" % i)
PY
$S import moves.csv > /dev/null 2> err.txt || fail "no_caps: movements import" "$(head -2 err.txt)"
expect_json "strength: all 210 movements that may have happened by the day" 'len(d["answer"]["possible"])' "210" \
	$S strength --as-of 2024-06-15 --json

# A promise of 450 by 2027, reached on the 450th day with a strength report
# (the days after the first 400 were not tried): the day it was reached.
python3 - > days.csv <<'PY'
import datetime
print("kind,ref,mission,date,country,personnel,sources")
d = datetime.date(2025, 1, 1)
for i in range(450):
    print("strength,,GSF-HTI,%s,JAM,%d,src" % (d + datetime.timedelta(days=i), i + 1))
print("strength,,GSF-HTI,2027-06-01,JAM,1,src")
PY
printf 'kind,ref,mission,date,country,person,what,personnel,amount,currency,basis,scope,by,sources\ncommitment,cm-jam,GSF-HTI,2025-01-01,JAM,,450 by 2027,450,,,,country,2027-12-31,src\n' > jam.csv
$S import days.csv jam.csv > /dev/null 2> err.txt || fail "no_caps: strength days import" "$(head -2 err.txt)"
expect_json "promises: 450 reached on its 450th strength day, not judged from the first 400" \
	'[(r["status"], r["reached_on"]) for r in d["rows"] if r["what"] == "450 by 2027"]' "[('kept', '2026-03-26')]" \
	$S promises --as-of 2027-12-31 --json
