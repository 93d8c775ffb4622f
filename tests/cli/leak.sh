# leak.sh: no restricted byte leaks. Restricted records carry unique marker
# strings (a vetting of a person, a complaint's narrative, a restricted pledge,
# a restricted source, the reason of a restricted retraction). Then every
# route of the route table (muster test-routes) is requested as anonymous,
# editor, oversight and admin, every command-line question and export format
# is run, and error paths are taken: a marker may appear only where the role
# allows it (oversight and admin, on the vetting and complaints answers and
# the pages of the restricted records themselves), and does where it should.
. "$MUSTER_ROOT/tests/cli/lib.sh"
# Every command and error path here runs with LeakSanitizer (tests/check.sh).
[ -n "$MUSTER_LEAK_ASAN_OPTIONS" ] && export ASAN_OPTIONS="$MUSTER_LEAK_ASAN_OPTIONS"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db l.db init --bundled > /dev/null 2>&1 || { fail "leak: init" "failed"; exit 0; }
S="$M --db l.db"
VET=zqvetperson7781 CMP=zqcomplaint5512 PLG=zqpledgeunit3309 SRC=zqsrctitle4471 RET=zqretreason6620
SREF=zqsrcref4471
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
printf 'admin pass 1234\n' | $S user add ada --role admin > /dev/null

add() { $S add "$@" || fail "leak: add $1" "refused"; }
add source --ref "$SREF" --publisher "Oversight office" --title "Vetting file $SRC" --grade A --visibility restricted > src.id
add vetting --country KEN --scheme leahy --subject_type person --subject "Officer $VET" --result refused \
	--date 2024-09-01 --visibility restricted --sources "$SREF" > vet.id
add vetting --country KEN --scheme un --subject_type unit --subject "Kenya Police FPU 1" --result cleared \
	--date 2024-06-20 --sources wikipedia-mss-2025-01 > /dev/null
add complaint --category use_of_force --status received --date 2025-02-01 --narrative "Narrative $CMP" \
	--visibility restricted > cmpold.id
$S correct "$(cat cmpold.id)" --status under_investigation --status_date 2025-03-01 > cmp.id
add pledge --country KEN --status formal --personnel 12 --unit "Unit $PLG" --note "note $PLG" \
	--visibility restricted --sources "$SREF" > plg.id
add pledge --country JAM --status announced --personnel 3 --unit "Other unit" --visibility restricted \
	--sources "$SREF" > plgret.id
$S retract "$(cat plgret.id)" --reason "reason $RET" > ret.id
pub=$(sqlite3 l.db "SELECT l.id FROM log l JOIN rec r USING(seq) WHERE r.kind = 'pledge' AND r.visibility = 'public' LIMIT 1")
for f in src vet cmpold cmp plg plgret ret; do [ -s $f.id ] || fail "leak: setup" "no id for $f"; done

# ---- the command line ----
# clean NAME CMD…: neither stdout nor stderr of CMD holds a marker.
clean() {
	name=$1
	shift
	out=$("$@" 2>&1)
	case "$out" in
	*$VET*|*$CMP*|*$PLG*|*$SRC*|*$RET*|*$SREF*) fail "leak: $name" "a marker in: $(echo "$out" | grep -o '.\{30\}zq[a-z]*[0-9]*.\{10\}' | head -2)" ;;
	*) ok "leak: $name" ;;
	esac
}
# holds NAME MARKER CMD…: the output of CMD holds MARKER (the role allows it).
holds() {
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1)
	case "$out" in *"$want"*) ok "leak: $name" ;; *) fail "leak: $name" "no $want: $(echo "$out" | head -2)" ;; esac
}

# Every command of muster --help is either run below as a reader or writes
# (sync writes what it pulls; sync.sh shows that a public pull carries no
# restricted record, and an editor's neither way).
readers="summary strength pledges funding budget conflicts sources search show verify head backup history places incidents export missions mandate obligations promises timeline vetting complaints report user"
writers="init add import update correct retract rebuild restore import-geojson import-akn serve sync key"
for c in $($M --help | sed -n 's/^  \([a-z-]*\) .*/\1/p'); do
	case " $readers $writers " in *" $c "*) ;; *) fail "leak: every command is covered" "$c is neither read nor write here" ;; esac
done
ok "leak: every command of muster --help is covered"

for q in summary strength pledges funding budget conflicts sources places incidents missions mandate obligations promises timeline vetting complaints; do
	clean "muster $q" $S "$q"
	clean "muster $q --json" $S "$q" --json
done
for q in strength pledges funding budget places incidents mandate obligations promises vetting complaints; do
	clean "muster $q --as-of 2025-06-30 --json" $S "$q" --as-of 2025-06-30 --json
done
clean "muster strength --mission all --by mission" $S strength --mission all --by mission --json
clean "muster conflicts --mission all" $S conflicts --mission all --json
clean "muster timeline --from 2024-01-01 --to 2026-12-31" $S timeline --from 2024-01-01 --to 2026-12-31 --json
clean "muster report" $S report --from 2024-01-01 --to 2026-06-30
clean "muster report --user ed" sh -c "printf 'editor pass 123\n' | $S report --from 2024-01-01 --to 2026-06-30 --user ed"
clean "muster verify" $S verify
clean "muster update" $S update
clean "muster backup (its message; the copy is as private as the file)" $S backup leak-copy.db
clean "muster head" $S head --json
# Search: prefixes reach every marker without typing one.
for q in 'zq*' 'zqv*' 'zqc*' 'zqp*' 'zqs*' 'zqr*' 'source:zq*' 'Officer' 'Narrative' '"Vetting file"' 'Oversight office'; do
	clean "muster search $q" $S search "$q" --json
	clean "muster search $q as editor" sh -c "printf 'editor pass 123\n' | $S search '$q' --user ed"
	case "$q" in *zq*) ;; *) continue ;; esac
	n=$($S search "$q" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['answer']['matches'])")
	[ "$n" = 0 ] && ok "leak: muster search $q counts nothing" || fail "leak: muster search $q counts" "$n"
done
clean "muster user list, user log" sh -c "$S user list; $S user log --json"
for f in csv jsonl hxl geojson; do clean "muster export --format $f" $S export --format $f; done
clean "muster export --kind pledge" $S export --format jsonl --kind pledge
clean "muster export --kind vetting" $S export --format csv --kind vetting
for f in vet cmp cmpold plg plgret ret src; do
	clean "muster show ($f) without --user" $S show "$(cat $f.id)" --json
	clean "muster history ($f) without --user" $S history "$(cat $f.id)"
	clean "muster show ($f) as editor" sh -c "printf 'editor pass 123\n' | $S show $(cat $f.id) --user ed"
done
a=$($S show "$(cat vet.id)" 2>&1 | sed "s/$(cat vet.id)/ID/")
b=$($S show ffffff0000 2>&1 | sed "s/ffffff0000/ID/")
[ "$a" = "$b" ] && ok "leak: a restricted record is as unknown as no record" || fail "leak: show message" "[$a] vs [$b]"
a=$($S show "$SREF" 2>&1 | sed "s/$SREF/REF/")
b=$($S show zqnosuchref 2>&1 | sed "s/zqnosuchref/REF/")
[ "$a" = "$b" ] && ok "leak: a restricted source's ref is as unknown as no ref" || fail "leak: show by ref" "[$a] vs [$b]"
clean "muster vetting --user ed" sh -c "printf 'editor pass 123\n' | $S vetting --user ed --json"
clean "muster complaints --user ed" sh -c "printf 'editor pass 123\n' | $S complaints --user ed --json --as-of 2025-06-30"
clean "muster vetting --user with a wrong password" sh -c "printf 'wrong\n' | $S vetting --user olive"
for who in "olive:oversight pass 1" "ada:admin pass 1234"; do
	u=${who%%:*} p=${who#*:}
	holds "muster vetting --user $u shows the vetted person" "$VET" sh -c "printf '$p\n' | $S vetting --user $u"
	holds "muster complaints --user $u shows the narrative" "$CMP" sh -c "printf '$p\n' | $S complaints --user $u --json"
	holds "muster report --user $u shows the vetted person" "$VET" sh -c "printf '$p\n' | $S report --from 2024-01-01 --to 2026-06-30 --user $u"
	holds "muster show --user $u shows the restricted pledge" "$PLG" sh -c "printf '$p\n' | $S show $(cat plg.id) --user $u"
	holds "muster history --user $u shows the retraction's reason" "$RET" sh -c "printf '$p\n' | $S history $(cat plgret.id) --user $u"
	clean "muster pledges for $u: answers count public records only" $S pledges --json
	holds "muster search --user $u finds the vetted person" "$VET" sh -c "printf '$p\n' | $S search 'zqv*' --user $u"
	holds "muster search --user $u finds the narrative" "$CMP" sh -c "printf '$p\n' | $S search 'zqc*' --user $u --json"
	holds "muster search --user $u finds the restricted source" "$SREF" sh -c "printf '$p\n' | $S search 'source:zqsrcref*' --user $u --json"
done
# Error paths: what they name is never a restricted record's content.
clean "a typo of a restricted source's ref suggests nothing" $S add pledge --country KEN --status formal --sources zqsrcref4472
clean "a duplicate of a restricted pledge names only its id" $S add pledge --country KEN --status formal --personnel 12 \
	--unit "Unit $PLG" --note "note $PLG" --visibility restricted --sources "$SREF"
expect_err "leak: a public source with a restricted source's ref is not told which record holds it" l.db 2 \
	"muster add: field \"ref\": \"$SREF\" is taken; pick another ref" \
	$S add source --ref "$SREF" --publisher "Someone" --title "Something" --grade C
clean "correcting a retracted restricted record" $S correct "$(cat plgret.id)" --personnel 4
clean "retracting a retracted restricted record" $S retract "$(cat plgret.id)" --reason again

# ---- restricted corrections and retractions of public records ----
# For the public they do not exist: the public record stands, unchanged, in
# every answer, its page and the summary; the oversight role sees them.
add pledge --country BRB --status formal --personnel 400 --date 2025-05-01 --sources wikipedia-mss-2025-01 > pubpl.id
add pledge --country BHS --status formal --personnel 150 --date 2025-05-02 --sources wikipedia-mss-2025-01 > pubre.id
snap() { for q in pledges strength summary; do $S $q --as-of 2025-06-30 --json; done; $S conflicts --json; \
	$S export --format jsonl; \
	$S show "$(cat pubpl.id)" --json; $S show "$(cat pubre.id)" --json; $S history "$(cat pubpl.id)" --json; }
snap > public.before
$S correct "$(cat pubpl.id)" --personnel 200 --visibility restricted --note "note $PLG" --sources "$SREF" > rcorr.id ||
	fail "leak: a restricted correction of a public pledge" "refused"
$S add retraction --retracts "$(cat pubre.id)" --reason "reason $RET" --visibility restricted > rretr.id ||
	fail "leak: a restricted retraction of a public pledge" "refused"
snap > public.after
cmp -s public.before public.after && ok "leak: public answers, pages and the summary unchanged by restricted corrections" ||
	fail "leak: public answers unchanged by restricted corrections" "$(diff public.before public.after | head -6)"
expect_json "leak: the public pledge stands for the public" '(d["answer"]["status"], d["answer"]["replaced_by"])' \
	"('live', None)" $S show "$(cat pubpl.id)" --json
expect_json "leak: the publicly retracted-in-secret pledge stands for the public" \
	'(d["answer"]["status"], d["answer"]["retracted_by"])' "('live', None)" $S show "$(cat pubre.id)" --json
rid=$(cut -c1-16 rcorr.id) tid=$(cut -c1-16 rretr.id)
expect_json "leak: the oversight role sees the restricted correction" \
	'(d["answer"]["status"], d["answer"]["replaced_by"])' "('corrected', '$rid')" \
	sh -c "printf 'oversight pass 1\n' | $S show $(cat pubpl.id) --user olive --json"
expect_json "leak: the oversight role sees the restricted retraction" \
	'(d["answer"]["status"], d["answer"]["retracted_by"])' "('retracted', '$tid')" \
	sh -c "printf 'oversight pass 1\n' | $S show $(cat pubre.id) --user olive --json"
expect_json "leak: public strength counts the public figure (400), not the restricted one" \
	'[r["pledged"] for r in d["rows"] if r["country"] == "BRB"]' "[400]" $S pledges --as-of 2025-06-30 --json
# A public correction of the restricted version corrects the public one, for the public.
$S correct "$(cat rcorr.id)" --personnel 300 --visibility public --note "public again" --sources wikipedia-mss-2025-01 \
	> pcorr.id 2> pcorr.err || fail "leak: a public correction of a restricted version" "$(cat pcorr.err)"
expect_json "leak: after a public correction of it, the public sees that one only" \
	'[r["pledged"] for r in d["rows"] if r["country"] == "BRB"]' "[300]" $S pledges --as-of 2025-06-30 --json
expect_out "leak: verify after restricted corrections" "derived tables match the log" $S verify
# Nothing public moves when a restricted record is added: the summary.
$S summary > sum.before
add vetting --country KEN --scheme leahy --subject_type person --subject "Officer $VET 2" --result refused \
	--date 2024-09-02 --visibility restricted --sources "$SREF" > /dev/null
$S summary > sum.after
cmp -s sum.before sum.after && ok "leak: the summary does not move when a restricted record is added" ||
	fail "leak: the summary moves with a restricted record" "$(diff sum.before sum.after | head -4)"
# (No marker in these: the public twin is public.)
add pledge --country GHA --status formal --personnel 7 --unit "Unit twin" --visibility restricted \
	--sources wikipedia-mss-2025-01 > /dev/null
add pledge --country GHA --status formal --personnel 7 --unit "Unit twin" --sources wikipedia-mss-2025-01 \
	> pubdup.id 2> pubdup.err && ok "leak: a public record like a restricted one is no duplicate (nothing to guess)"
$S retract "$(cat pubdup.id)" --reason "test twin" > /dev/null

# ---- the web: every route, as everyone ----
start_server l.db || { fail "leak: serve" "$(cat serve.log)"; exit 0; }
for who in "ed:editor pass 123" "olive:oversight pass 1" "ada:admin pass 1234"; do
	u=${who%%:*}
	[ "$(signin "$u.jar" "$u" "${who#*:}")" = 303 ] || fail "leak: sign in $u" "$(cat signin.out)"
done
# An editor's guess of a restricted record's content is appended like any
# record (no "duplicate … same record as"), and a restricted source is to
# them as unknown as a ref that names nothing.
code=$(post ed.jar /add/pledge guess.html country=GHA status=formal personnel=7 "unit=Unit twin" visibility=restricted \
	sources=wikipedia-mss-2025-01)
# (The same content from the file's owner, who may read it, is a duplicate.)
$S add pledge --country GHA --status formal --personnel 7 --unit "Unit twin" --visibility restricted \
	--sources wikipedia-mss-2025-01 > /dev/null 2> owner.err
[ "$code" = 201 ] && grep -q "duplicate" owner.err && ok "leak: an editor's guess of a restricted record's content is not told apart" ||
	fail "leak: an editor's guess of restricted content" "$code $(alert guess.html) / $(cat owner.err)"
code=$(post ed.jar /add/pledge rsrc.html country=GHA status=formal personnel=9 visibility=restricted "sources=$SREF")
post ed.jar /add/pledge usrc.html country=GHA status=formal personnel=9 visibility=restricted sources=zqnosuchsrc > /dev/null
a=$(alert rsrc.html | sed "s/$SREF/REF/g") b=$(alert usrc.html | sed "s/zqnosuchsrc/REF/g")
[ "$code" = 400 ] && [ "$a" = "$b" ] && [ -n "$a" ] && ok "leak: to an editor a restricted source is as unknown as none" ||
	fail "leak: an editor citing a restricted source" "$code [$a] vs [$b]"
$M test-routes > routes.txt
ED=$(sed -n 's/.*muster_session\t//p' ed.jar) OL=$(sed -n 's/.*muster_session\t//p' olive.jar)
AD=$(sed -n 's/.*muster_session\t//p' ada.jar)
U="$U" ROLES="anonymous: editor:$ED oversight:$OL admin:$AD" MARKERS="$VET $CMP $PLG $SRC $RET $SREF" \
IDS="vet=$(cat vet.id) cmp=$(cat cmp.id) cmpold=$(cat cmpold.id) plg=$(cat plg.id) plgret=$(cat plgret.id) ret=$(cat ret.id) src=$(cat src.id) srcref=$SREF pub=$pub none=ffffff0000" \
python3 - <<'EOF'
import os, urllib.request, urllib.error, urllib.parse, re

U = os.environ["U"]
markers = os.environ["MARKERS"].split()
roles = [r.split(":", 1) for r in os.environ["ROLES"].split()]
ids = dict(kv.split("=", 1) for kv in os.environ["IDS"].split())
restricted = {k: v for k, v in ids.items() if k not in ("pub", "none")}
routes = [l.split() for l in open("routes.txt")]

def request(path, cookie, data=None):
    h = {"Cookie": "muster_session=" + cookie} if cookie else {}
    req = urllib.request.Request(U + path, data=data, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def allowed(role, path):
    """Markers a role may see on a path: none, except oversight and admin on
    the vetting and complaints answers and the pages of restricted records."""
    # What the asker typed may come back in a message: that is no leak.
    echo = {m for m in markers if m in path}
    if role not in ("oversight", "admin"):
        return echo
    if re.match(r"^(/api/v1)?/(vetting|complaints|search|report)(\?|$)", path):
        return set(markers)
    seg = path.rsplit("/", 1)[-1]
    if re.match(r"^(/api/v1/record|/record|/source|/correct|/retract)/", path) and \
            any(v == seg or (len(seg) >= 6 and v.startswith(seg)) for v in restricted.values()):
        return set(markers)
    return echo

failures = {}
counts = {}
def check(role, route, path, cookie, data=None):
    status, body = request(path, cookie, data)
    found = {m for m in markers if m in body}
    bad = found - allowed(role, path)
    key = (role, route)
    counts[key] = counts.get(key, 0) + 1
    if bad:
        failures.setdefault(key, []).append("%s %s: %s" % (status, path, " ".join(sorted(bad))))
    return status, body

for role, cookie in roles:
    for kind, path, question in routes:
        if kind in ("page", "api", "form"):
            paths = [path]
            if question != "-":
                paths += [path + "?as_of=2025-06-30", path + "?as_of=bad-date", path + "?mission=MSS-HTI&x=1"]
            if path == "/report":
                paths += [path + "?from=2024-01-01&to=2026-06-30", path + "?from=2024-01-01&to=bad-date"]
        elif path in ("/add/",):
            paths = [path + k for k in ("pledge", "vetting", "complaint", "source", "retraction", "nokind")]
        elif path in ("/source/",):
            paths = [path + ids["srcref"], path + ids["src"], path + "wikipedia-mss-2025-01", path + "zqsrcref4472"]
        else:
            paths = [path + v for v in ids.values()] + [path + v[:16] for v in restricted.values()]
        for p in paths:
            check(role, path, p, cookie)

# The forms' POST error paths, with the session's token: refused without a
# marker (for the roles who may not write restricted records).
for role, cookie in roles[:2]:
    status, page = request("/signout", cookie)
    m = re.search(r'name="csrf" value="([0-9a-f]*)"', page)
    tok = m.group(1) if m else ""
    for target in restricted.values():
        for path, fields in (("/correct/", {"status": "closed"}), ("/retract/", {"reason": "x"})):
            data = urllib.parse.urlencode(dict(fields, csrf=tok)).encode()
            status, body = check(role, "POST " + path, path + target, cookie, data)
            if status not in (403, 404):
                failures.setdefault((role, "POST " + path), []).append("%s %s: not refused" % (status, path + target))

# Search: prefixes that reach every marker, as everyone; none counted for
# anonymous and editor.
import json
for role, cookie in roles:
    for q in ("zq*", "zqv*", "zqc*", "zqp*", "zqs*", "zqr*", "source:zq*", "Officer", "Narrative"):
        qs = urllib.parse.quote(q)
        check(role, "/search", "/search?q=" + qs, cookie)
        status, body = check(role, "/api/v1/search", "/api/v1/search?q=" + qs, cookie)
        n = json.loads(body)["answer"]["matches"] if status == 200 else -1
        if role in ("anonymous", "editor") and "zq" in q and n != 0:
            failures.setdefault((role, "/api/v1/search"), []).append("%s counts %d" % (q, n))

for (role, route), n in sorted(counts.items()):
    if (role, route) in failures:
        print("not ok - leak: %s on %s: %s" % (role, route, "; ".join(failures[(role, route)][:3])))
    else:
        print("ok - leak: %s on %s (%d requests)" % (role, route, n))

# Where the role allows a marker, it is there: the checks above can fail.
want = [
    ("oversight", "/vetting?as_of=2025-06-30", markers[0]),
    ("admin", "/api/v1/vetting", markers[0]),
    ("oversight", "/api/v1/complaints?as_of=2025-06-30", markers[1]),
    ("admin", "/complaints", markers[1]),
    ("oversight", "/record/" + ids["plg"], markers[2]),
    ("admin", "/api/v1/record/" + ids["plg"], markers[2]),
    ("admin", "/correct/" + ids["plg"], markers[2]),
    ("oversight", "/correct/" + ids["vet"], markers[0]),
    ("oversight", "/source/" + ids["srcref"], markers[3]),
    ("oversight", "/record/" + ids["ret"], markers[4]),
    ("oversight", "/api/v1/search?q=zqv*", markers[0]),
    ("admin", "/search?q=zqc*", markers[1]),
    ("admin", "/api/v1/search?q=zqp*", markers[2]),
    ("oversight", "/search?q=source:zqsrcref*", markers[5]),
]
cookies = dict(roles)
for role, path, marker in want:
    status, body = request(path, cookies[role])
    print(("ok - leak: %s sees %s on %s" if marker in body else "not ok - leak: %s does not see %s on %s (status %d)")
          % ((role, marker, path) if marker in body else (role, marker, path, status)))
# Anonymous: a restricted record is a 404 with the words of an unknown one.
s1, b1 = request("/api/v1/record/" + ids["vet"], "")
s2, b2 = request("/api/v1/record/ffffff0000", "")
same = s1 == s2 == 404 and b1.replace(ids["vet"], "ID") == b2.replace("ffffff0000", "ID")
print("ok - leak: a restricted record's API 404 is an unknown record's" if same else
      "not ok - leak: restricted 404 differs: %d %s / %d %s" % (s1, b1[:80], s2, b2[:80]))
EOF
stop_server
