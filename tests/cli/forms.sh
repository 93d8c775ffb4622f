# forms.sh: the editors' forms on muster serve — one form per kind built from
# its field table, the messages of muster add for the same input, records that
# name the signed-in user, corrections and retractions through the web, and
# who may write which kind.
. "$MUSTER_ROOT/tests/cli/lib.sh"
. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"

$M --db f.db init --bundled > /dev/null 2>&1 || { fail "forms: init" "failed"; exit 0; }
S="$M --db f.db"
printf 'editor pass 123\n' | $S user add ed --role editor > /dev/null
printf 'oversight pass 1\n' | $S user add olive --role oversight > /dev/null
start_server f.db || { fail "forms: serve" "$(cat serve.log)"; exit 0; }
signin ed.jar ed 'editor pass 123' > /dev/null
signin ol.jar olive 'oversight pass 1' > /dev/null

$C -b ed.jar -o add.html "$U/add"
grep -q 'href="/add/pledge"' add.html && ! grep -q 'href="/add/vetting"' add.html && ! grep -q 'href="/add/retraction"' add.html &&
	ok "forms: /add lists what an editor may add (no vetting, no retraction)" || fail "forms: /add" "wrong list"
$C -b ol.jar -o add.html "$U/add"
grep -q 'href="/add/vetting"' add.html && grep -q 'href="/add/complaint"' add.html && ! grep -q 'href="/add/pledge"' add.html &&
	ok "forms: /add lists what oversight may add" || fail "forms: /add oversight" "wrong list"

# The form has every field of the kind's table, as muster add KIND --help lists
# them (but corrects, which the correction form sets).
for kind in pledge arrival funding place; do
	$C -b ed.jar -o form.html "$U/add/$kind"
	want=$($S add "$kind" --help | sed -n 's/^  --\([a-z_]*\) .*/\1/p' | grep -v '^corrects$' | sort | tr '\n' ' ')
	got=$(grep -o '<\(input\|select\|textarea\)[^>]* name="[a-z_]*"' form.html | sed 's/.* name="\([a-z_]*\)"/\1/' |
		grep -v '^csrf$' | sort | tr '\n' ' ')
	[ "$want" = "$got" ] && ok "forms: the $kind form has the fields of muster add $kind --help" ||
		fail "forms: $kind fields" "form [$got], help [$want]"
done

# The same input gives the same message as muster add.
same_message() {
	name=$1 kind=$2
	shift 2
	cli=$($S add "$kind" $(for kv in "$@"; do printf -- '--%s %s ' "${kv%%=*}" "${kv#*=}"; done) 2>&1 >/dev/null |
		sed 's/^muster add: //; s/ in f\.db / in the record file /')
	code=$(post ed.jar "/add/$kind" r.html "$@")
	[ "$code" = 400 ] && [ "$(alert r.html)" = "$cli" ] && [ -n "$cli" ] && ok "forms: $name: 400 with muster add's message" ||
		fail "forms: $name" "$code [$(alert r.html)] vs [$cli]"
}
same_message "a misspelt country" pledge country=KNY status=formal sources=wikipedia-mss-2025-01
same_message "a missing status" pledge country=KEN sources=wikipedia-mss-2025-01
same_message "an unknown source" arrival country=KEN personnel=4 date=2024-06-25 sources=no-such-src
same_message "a negative count" arrival country=KEN personnel=-4 date=2024-06-25 sources=wikipedia-mss-2025-01
same_message "a bad date" arrival country=KEN personnel=4 date=2024-02-30 sources=wikipedia-mss-2025-01
grep -q 'value="KEN"' r.html && ok "forms: a refused form keeps what was typed" || fail "forms: values kept" "lost"

before=$(state f.db)
code=$(post ed.jar /add/arrival r.html country=KEN personnel=4 date=2024-06-25 sources=wikipedia-mss-2025-01 unit=FPU-9)
id=$(sed -n 's/.*href="\/record\/\([0-9a-f]*\)".*/\1/p' r.html | head -1)
[ "$code" = 201 ] && [ -n "$id" ] && ok "forms: an arrival added: 201" || fail "forms: add" "$code $(alert r.html)"
expect_json "forms: the record names the signed-in user" 'd["answer"]["record"]["entered_by"]' ed $S show "$id" --json
code=$(post ed.jar /add/arrival r.html country=KEN personnel=4 date=2024-06-25 sources=wikipedia-mss-2025-01 unit=FPU-9)
[ "$code" = 400 ] && case "$(alert r.html)" in "duplicate: the record file already holds the same record as ${id%${id#????????????????}}"*) true ;; *) false ;; esac &&
	ok "forms: the same form twice is a duplicate" || fail "forms: duplicate" "$code $(alert r.html)"

# Correct and retract through the web.
$C -b ed.jar -o rec.html "$U/record/$id"
grep -q "href=\"/correct/$id\"" rec.html && ok "forms: a record's page links to its correction form" || fail "forms: link" "none"
$C -b ed.jar -o c.html "$U/correct/$id"
grep -q 'name="unit"[^>]*value="FPU-9"' c.html && grep -q 'id="f_personnel" name="personnel"[^>]*value="4"' c.html && ok "forms: the correction form is filled in" ||
	fail "forms: correction form" "not filled"
code=$(post ed.jar "/correct/$id" r.html country=KEN personnel=4 date=2024-06-25 sources=wikipedia-mss-2025-01 unit=FPU-9 mission=MSS-HTI)
[ "$code" = 400 ] && [ "$(alert r.html)" = "nothing changed: change at least one field (and say why in note)" ] &&
	ok "forms: a correction that changes nothing: 400" || fail "forms: nothing changed" "$code $(alert r.html)"
code=$(post ed.jar "/correct/$id" r.html country=KEN personnel=5 date=2024-06-25 sources=wikipedia-mss-2025-01 unit=FPU-9 \
	mission=MSS-HTI "note=a fifth officer")
new=$(sed -n 's/.*href="\/record\/\([0-9a-f]*\)".*/\1/p' r.html | head -1)
[ "$code" = 201 ] && ok "forms: a correction: 201" || fail "forms: correct" "$code $(alert r.html)"
expect_out "forms: muster history shows the web's correction and who made it" "correction by ed at 2026-11-23T12:00:00Z; note null -> \"a fifth officer\"; personnel 4 -> 5" \
	$S history "$id"
code=$(post ed.jar "/correct/$id" r.html country=KEN personnel=6)
[ "$code" = 400 ] && case "$(alert r.html)" in *"was already corrected by ${new%${new#????????????????}}; correct or retract that one instead") true ;; *) false ;; esac &&
	ok "forms: correcting a corrected record: muster's message" || fail "forms: corrected twice" "$code $(alert r.html)"
code=$(post ed.jar "/retract/$new" r.html)
[ "$code" = 400 ] && [ "$(alert r.html)" = "$($S retract "$new" --reason ' ' 2>&1 | sed 's/^muster retract: //')" ] &&
	ok "forms: a retraction without a reason: muster's message" || fail "forms: retract reason" "$code $(alert r.html)"
code=$(post ed.jar "/retract/$new" r.html "reason=the source withdrew it")
[ "$code" = 201 ] && ok "forms: a retraction: 201" || fail "forms: retract" "$code $(alert r.html)"
expect_json "forms: the record is retracted" 'd["answer"]["status"]' retracted $S history "$id" --json
after=$(state f.db)
[ "${after%% *}" -eq $((${before%% *} + 3)) ] && ok "forms: three records appended, nothing else" || fail "forms: count" "$before -> $after"

# Who may write what.
code=$(post ol.jar /add/vetting r.html country=KEN scheme=un subject_type=person subject=Someone result=pending \
	date=2024-06-01 visibility=restricted)
vid=$(sed -n 's/.*href="\/record\/\([0-9a-f]*\)".*/\1/p' r.html | head -1)
[ "$code" = 201 ] && ok "forms: oversight adds a vetting of a person" || fail "forms: vetting" "$code $(alert r.html)"
code=$(post ol.jar /add/vetting r.html country=KEN scheme=un subject_type=person subject=Someone2 result=pending date=2024-06-01)
[ "$code" = 400 ] && [ "$(alert r.html)" = "field \"visibility\": a vetting record of a person must be restricted, never public (add visibility restricted: --visibility restricted)" ] &&
	ok "forms: a public vetting of a person is refused with its message" || fail "forms: public vetting" "$code $(alert r.html)"
code=$(post ol.jar /add/pledge r.html country=KEN status=formal sources=wikipedia-mss-2025-01)
[ "$code" = 403 ] && ok "forms: oversight cannot add pledges: 403" || fail "forms: oversight pledge" "$code"
code=$(post ed.jar "/correct/$vid" r.html result=cleared)
unknown=$($S show "$vid" 2>&1 | sed 's/^muster show: //')
[ "$code" = 404 ] && [ "$(alert r.html)" = "$unknown" ] && ok "forms: an editor cannot see, so cannot correct, a restricted record: 404" ||
	fail "forms: editor restricted" "$code $(alert r.html)"
code=$(post ol.jar "/correct/$vid" r.html country=KEN scheme=un subject_type=person subject=Someone result=cleared \
	date=2024-06-01 visibility=restricted mission=MSS-HTI)
[ "$code" = 201 ] && ok "forms: oversight corrects a restricted vetting" || fail "forms: oversight correct" "$code $(alert r.html)"
stop_server
