# report.sh: the periodic report (issue 20, point 6), by exact content, on the
# bundled record for 2025-01-01 to 2025-06-30: its parts in order; the pace
# of strength equal to the strength and pledges answers at both ends; each
# question's part drawn exactly as its own page draws it (so its figures are
# the answer's); every source of the eleven answers numbered once, and each
# part citing its answer's sources by those numbers; every disagreement of
# the answers and those of the record naming a day of the period once;
# /report the same document as the command; the running
# header and the A4 page rule; French; bad periods refused with exit 2 / 400.
. "$MUSTER_ROOT/tests/cli/lib.sh"

command -v curl > /dev/null || { fail "report: curl" "curl is not installed"; exit 0; }
$M --db h.db init --bundled > /dev/null 2>&1 || { fail "report: init --bundled" "failed"; exit 0; }
P="--from 2025-01-01 --to 2025-06-30"
NB=$(printf '\302\240')

$M --db h.db report $P > r.html 2> err.txt && ok "report: exit 0" || fail "report: exit 0" "$(cat err.txt)"
$M --db h.db report $P -o o.html && cmp -s r.html o.html && ok "report -o FILE: the same document" ||
	fail "report -o FILE" "differs from standard output"

# The parts, in order.
got=$(grep -o '<h1 class="part" id="[a-z]*">[^<]*' r.html | sed 's/.*id="//; s/">/=/' | tr '\n' '|')
want="strength=Strength and its pace|money=Money against the budget|mandate=The mandate and what it requires|promises=Promises kept and missed|operations=Operations and places|oversight=Vetting and complaints|disagreements=Disagreements|sources=Sources|"
[ "$got" = "$want" ] && ok "report: its eight parts in order" || fail "report: parts" "got [$got]"
got=$(grep -o '<h2 id="q-[a-z]*">' r.html | sed 's/<h2 id="q-//; s/">//' | tr '\n' ' ')
want="strength pledges budget funding mandate obligations promises places incidents vetting complaints "
[ "$got" = "$want" ] && ok "report: the eleven questions in their parts" || fail "report: questions" "got [$got]"

# The printed form: A4, a part per page, the running header and page numbers.
n=0
for t in '@page{size:A4;' 'h1.part{break-before:page}' \
	'@top-left{font:8pt sans-serif;content:"Muster \2014  Periodic report: MSS-HTI, 2025-01-01 – 2025-06-30"}' \
	'@bottom-right{font:8pt sans-serif;content:counter(page) " / " counter(pages)}'; do
	n=$((n + 1))
	grep -qF -- "$t" r.html && ok "report prints: A4, a part per page, running header, page numbers ($n)" ||
		fail "report prints ($n)" "lacks a rule"
done

# The pace, against the answers at both ends of the period.
n0=$($M --db h.db strength --as-of 2025-01-01 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['total'])")
n1=$($M --db h.db strength --as-of 2025-06-30 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['answer']['total'])")
[ "$n0 $n1" = "430 1159" ] && ok "strength answers at both ends (430, 1159)" || fail "strength answers" "[$n0 $n1]"
for t in 'Deployed on 2025-01-01: <b>430</b>; on 2025-06-30: <b>1,159</b>.' \
	'A change of 729 in 180 days, about 123 a month.' \
	"Pledged: 3,728; deployed is 31.1${NB}% of it." "Planned: 2,500; deployed is 46.4${NB}% of it." \
	'Ceiling: none in the record on this date.'; do
	grep -qF -- "$t" r.html && ok "report pace: $t" || fail "report pace" "lacks [$t]"
done

. "$MUSTER_ROOT/tests/cli/helpers/serve.sh"
start_server h.db || { fail "report: serve starts" "no port answered: $(cat serve.log)"; exit 0; }
Q="as_of=2025-06-30&mission=MSS-HTI"
for q in strength pledges budget funding places vetting complaints; do
	$C -o "p-$q.html" "$U/$q?$Q"
	$C -o "a-$q.json" "$U/api/v1/$q?$Q"
done
for q in mandate obligations promises; do
	$C -o "p-$q.html" "$U/$q?as_of=2025-06-30"
	$C -o "a-$q.json" "$U/api/v1/$q?as_of=2025-06-30"
done
$C -o a-conflicts.json "$U/api/v1/conflicts?mission=MSS-HTI"
$C -o p-incidents.html "$U/incidents?$Q&from=2025-01-01&to=2025-06-30"
$C -o a-incidents.json "$U/api/v1/incidents?$Q&from=2025-01-01&to=2025-06-30"

python3 - > py.out 2>&1 << 'PY'
import json, re
r = open("r.html", encoding="utf-8").read()
qs = "strength pledges budget funding mandate obligations promises places incidents vetting complaints".split()
def out(ok, name, why=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + why))
# Each question's part, between its blurb (or the pace) and its sources line,
# is exactly what its own page draws for the same day.
for q in qs:
    m = re.search(r'<h2 id="q-%s">.*?</h2><p class="note">.*?</p>(.*?)<p class="src">Sources:' % q, r, re.S)
    body = m.group(1) if m else ""
    if q == "strength":
        body = body.split("</ul>", 1)[1]
    page = open("p-%s.html" % q, encoding="utf-8").read()
    out(m is not None and len(body) > 200 and body in page, "report: the %s part is its page's (%d bytes)" % (q, len(body)),
        "not found in /%s" % q)
# Every source of the answers numbered once, in order of first citation.
listed = re.findall(r'<li id="s(\d+)">\[[^\]]*\] <code>([^<]*)</code>', r)
nums = [int(n) for n, _ in listed]
ids = [i for _, i in listed]
docs = {q: json.load(open("a-%s.json" % q)) for q in qs}
want = []
for q in qs:
    for s in docs[q]["sources"]:
        if s["id"] not in want:
            want.append(s["id"])
# The disagreements: the answers', then the record's others that name a day
# or month of the period (one per about and kind).
ds = []
for q in qs:
    for d in docs[q].get("disagreements", []):
        if d not in ds:
            ds.append(d)
shown = len(ds)
# A disagreement is of the period by its own date (a day, month or year), never
# by a date read out of its text.
def in_period(date):
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date or "")
    if not m:
        return False
    y, mo, d = m.groups()
    lo = "%s-%s-%s" % (y, mo or "01", d or "01")
    hi = "%s-%s-%s" % (y, mo or "12", d or "31")
    return lo <= "2025-06-30" and hi >= "2025-01-01"
conf = json.load(open("a-conflicts.json"))
out(all("date" in d and "said" in d for d in conf["disagreements"]),
    "report: every disagreement of the record has its date and its parts (%d)" % len(conf["disagreements"]))
for d in conf["disagreements"]:
    if in_period(d["date"]) and not any(x["about"] == d["about"] and x["kind"] == d["kind"] for x in ds):
        ds.append(d)
        for cl in d["claims"]:
            for ref in cl.get("sources", []):
                if ref not in want:
                    want.append(ref)
out(ids == want and nums == list(range(1, len(want) + 1)),
    "report: every source of the answers and of the period's disagreements numbered once (%d)" % len(want),
    "listed %s, want %s" % (ids, want))
# Each part's sources line gives its answer's sources by those numbers.
lines = re.findall(r'<p class="src">Sources:(.*?)</p>', r)
good = len(lines) == len(qs)
for q, line in zip(qs, lines):
    cited = [ids[int(n) - 1] for n in re.findall(r'\[(\d+)\]', line)]
    if cited != [s["id"] for s in docs[q]["sources"]]:
        good = False
        out(False, "report: %s cites its sources by number" % q, str(cited))
out(good, "report: each part cites its answer's sources by number (%d parts)" % len(lines))
# Every disagreement of the answers and of the period, once, in that order.
m = re.search(r'id="disagreements">Disagreements</h1>(.*?)</ol>', r, re.S)
abouts = [re.sub(r'<[^>]+>', '', t) for t in re.findall(r'<li><b>(.*?)</b>', m.group(1) if m else "")]
want_abouts = [d["about"].replace("'", "&#39;") for d in ds]
out(abouts == want_abouts and shown == 7 and len(ds) == 12,
    "report: every disagreement of the answers (%d) and the period's others (%d), once" % (shown, len(ds) - shown),
    "listed %s" % abouts)
out(("%d shown by the answers above, and %d more of the record about a day or month of the period." % (shown, len(ds) - shown)) in r,
    "report: the disagreements counted in words")
PY
cat py.out

# /report is the same document as the command (the head aside: the page names the public head).
$C -o w.html -w '%{http_code}' "$U/report?from=2025-01-01&to=2025-06-30" > code.txt
strip() { sed 's/ Record head <code>[0-9a-f]*<\/code>\.//; s/<p class="pdf"><a href="[^"]*">[^<]*<\/a><\/p>//' "$1" > "$1.s"; }
strip w.html
strip r.html
[ "$(cat code.txt)" = 200 ] && cmp -s w.html.s r.html.s &&
	ok "/report: 200, the same document as muster report" || fail "/report" "$(cat code.txt); $(cmp w.html.s r.html.s)"
grep -qF '<p class="pdf"><a href="/report.pdf?from=2025-01-01&amp;to=2025-06-30">The same report as a PDF (A4)</a></p>' w.html &&
	grep -qF '.pdf{display:none}' w.html && ok "/report links to its PDF, with the same period (the link not printed)" ||
	fail "/report: the PDF link" "$(grep -o '<p class="pdf">[^/]*' w.html)"
# /report.pdf: the PDF the command writes, with the same parameters.
if command -v pdftotext > /dev/null; then
	$C -D pdf.hdr -o w.pdf -w '%{http_code}' "$U/report.pdf?from=2025-01-01&to=2025-06-30" > code.txt
	$M --db h.db report $P --format pdf -o c.pdf 2> /dev/null
	pdftotext -layout w.pdf w.txt 2> /dev/null
	pdftotext -layout c.pdf c.txt 2> /dev/null
	[ "$(cat code.txt)" = 200 ] && grep -qi '^content-type: application/pdf' pdf.hdr && [ -s w.txt ] && cmp -s w.txt c.txt &&
		ok "/report.pdf: 200, application/pdf, the text of muster report --format pdf ($(pdfinfo w.pdf | sed -n 's/^Pages: *//p') pages)" ||
		fail "/report.pdf" "$(cat code.txt) $(grep -i content-type pdf.hdr); $(diff w.txt c.txt | head -5)"
	$C -o wfr.pdf "$U/report.pdf?from=2025-01-01&to=2025-06-30&lang=fr"
	pdftotext -layout wfr.pdf wfr.txt 2> /dev/null
	grep -qF 'Rapport périodique' wfr.txt && ok "/report.pdf?lang=fr: in French" || fail "/report.pdf in French" "$(head -3 wfr.txt)"
	$C -o wfr.html "$U/report?from=2025-01-01&to=2025-06-30&lang=fr"
	grep -qF '<a href="/report.pdf?from=2025-01-01&amp;to=2025-06-30&amp;lang=fr">' wfr.html &&
		ok "/report?lang=fr links to the PDF in French" || fail "/report?lang=fr: PDF link" "$(grep -o '<p class="pdf">[^>]*>' wfr.html)"
	for bad in "from=2025-07-01&to=2025-06-30" "from=2025-01-01" "" "from=2025-01-01&to=2025-06-30&mission=NOPE"; do
		code=$($C -D bad.hdr -o bad.html -w '%{http_code}' "$U/report.pdf?$bad")
		want=400
		[ "$code" = $want ] && grep -qi '^content-type: text/html' bad.hdr && ! grep -q '%PDF' bad.html &&
			ok "/report.pdf?$bad: $want, an HTML page saying why" || fail "/report.pdf?$bad" "$code $(grep -i content-type bad.hdr)"
	done
fi
code=$($C -o form.html -w '%{http_code}' "$U/report")
[ "$code" = 200 ] && grep -qF '<input type="date" id="from" name="from" required>' form.html &&
	ok "/report without a period: the form asking for one" || fail "/report form" "$code"

# French.
$M --db h.db report $P --lang fr > fr.html
for t in '<html lang="fr">' "Rapport périodique${NB}: MSS-HTI, 2025-01-01 – 2025-06-30" 'Le rythme de la période'; do
	grep -qF -- "$t" fr.html && ok "report in French: $t" || fail "report in French" "lacks [$t]"
done

# The PDF muster writes itself (cairo, pango, librsvg): A4, its text, its
# running header and page numbers on every page, the fonts embedded.
if command -v pdftotext > /dev/null && command -v pdffonts > /dev/null; then
	$M --db h.db report $P --format pdf -o r.pdf 2> pdf.err && ok "report --format pdf: exit 0" ||
		fail "report --format pdf" "$(cat pdf.err)"
	pages=$(pdfinfo r.pdf | sed -n 's/^Pages: *//p')
	[ "$pages" = 29 ] && ok "report PDF: 29 pages" || fail "report PDF: pages" "$pages"
	pdfinfo r.pdf | grep -q '^Page size: *595.28 x 841.89 pts (A4)' && ok "report PDF: A4" || fail "report PDF: A4" "$(pdfinfo r.pdf | grep size)"
	pdftotext -layout r.pdf r.txt
	for t in "Deployed on 2025-01-01: 430; on 2025-06-30: 1,159. A change of 729 in 180" \
		"Pledged: 3,728; deployed is 31.1 % of it." "Money against the budget" "Vetting and complaints" \
		"7 shown by the answers above, and 5 more of the record about a day or month of the period." \
		"29 / 29"; do
		grep -qF -- "$t" r.txt && ok "report PDF text: $t" || fail "report PDF text" "lacks [$t]"
	done
	grep -Eq '^ *1\. ?\[B\] afp-2025: AFP' r.txt && grep -Eq '^ *49\. ?\[C\] thestar-2025-09-02-nzuve-identity' r.txt &&
		ok "report PDF: the sources numbered 1 to 49" || fail "report PDF: sources" "not numbered"
	n=$(grep -c 'Periodic report: MSS-HTI, 2025-01-01 – 2025-06-30 — Muster' r.txt)
	[ "$n" = 29 ] && ok "report PDF: the running header on each of its 29 pages" || fail "report PDF: header" "$n"
	fonts=$(pdffonts r.pdf | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1, $(NF-4) }' | sort -u | tr '\n' ' ')
	[ "$fonts" = "DejaVuSans yes DejaVuSans-Bold yes DejaVuSansMono yes " ] && ok "report PDF: DejaVu Sans, Bold and Mono, embedded" ||
		fail "report PDF: fonts" "[$fonts]"
	expect_err "report: an unknown format" h.db 2 "--format docx: the report is written as html (the default) or pdf" \
		$M --db h.db report $P --format docx
else
	fail "report PDF" "pdftotext or pdffonts is missing (poppler-utils; scripts/deps.sh test installs it)"
fi

# A period before the budget was recorded: the budget part says so in the
# command's words, and the report goes on.
$M --db h.db report --from 2023-01-01 --to 2023-12-31 > early.html 2> early.err && ok "report of 2023: exit 0" ||
	fail "report of 2023" "$(cat early.err)"
grep -qF '<h2 id="q-budget">Budget</h2><p class="note">The mission&#39;s budget against what was pledged and raised; the gap.</p><p><span>no budget of MSS-HTI is recorded on or before 2023-12-31</span></p><p class="src">Sources: —</p>' early.html &&
	ok "report of 2023: the budget part says there is no budget yet" || fail "report of 2023: budget" "$(grep -o 'q-budget.\{300\}' early.html)"

# Bad periods: exit 2 / 400 with the message.
expect_err "report: --from after --to" h.db 2 "--from 2025-07-01 is after --to 2025-06-30: give the first day of the period first" \
	$M --db h.db report --from 2025-07-01 --to 2025-06-30
expect_err "report: a bad date" h.db 2 '--from: "2025-13-01" is not a date: there is no month 13 (months are 01 to 12)' \
	$M --db h.db report --from 2025-13-01 --to 2025-06-30
expect_err "report: no period" h.db 2 "the report needs a period: give both --from and --to (YYYY-MM-DD)" \
	$M --db h.db report --to 2025-06-30
expect_err "report: an unknown language" h.db 2 "--lang de: not a language of the pages (write en, fr, ht or es)" \
	$M --db h.db report $P --lang de
expect_err "report: -o without a file" h.db 2 "muster report: -o needs a file name (-o FILE)" \
	$M --db h.db report $P -o
for bad in "from=2025-07-01&to=2025-06-30" "from=2025-13-01&to=2025-06-30" "from=2025-01-01" "from=2025-01-01&to=2025-06-30&as_of=2025-01-01"; do
	code=$($C -o bad.html -w '%{http_code}' "$U/report?$bad")
	[ "$code" = 400 ] && ok "/report?$bad: 400" || fail "/report?$bad" "$code"
done
stop_server

# The oversight part as the reader may see it: a restricted vetting record of
# a person and a complaint stay out of the public report; the oversight role
# sees them (the command with --user, the page signed in).
S="$M --db o.db"
cp h.db o.db
printf 'correct horse battery\n' | $S user add olive --role oversight > /dev/null
$S add source --ref ovs-internal-file --publisher "Oversight office" --title "Vetting file" --grade A \
	--visibility restricted > /dev/null
$S add vetting --country JAM --scheme leahy --subject_type person --subject "A. Person" --unit "JDF" --result refused \
	--date 2025-03-01 --visibility restricted --sources ovs-internal-file > /dev/null
$S add complaint --category use_of_force --status received --date 2025-02-01 --visibility restricted \
	--sources ovs-internal-file > /dev/null
$S report $P > pub.html
printf 'correct horse battery\n' | $S report $P --user olive > ovs.html 2> ovs.err
grep -qF 'A. Person' pub.html || grep -qF 'ovs-internal-file' pub.html && fail "public report" "names a restricted record or source" ||
	ok "report (public): no restricted record or source"
ph=$($S head | sed -n 's/^public head after [0-9]* public records: \(.\{16\}\).*/\1/p')
grep -qF "Record head <code>$ph</code>" pub.html && [ "$ph" = "$($M --db h.db head | sed -n 's/^public head after [0-9]* public records: \(.\{16\}\).*/\1/p')" ] &&
	ok "report (public): the record head is the public head, unmoved by the restricted records ($ph)" ||
	fail "report (public) head" "$(grep -o 'Record head <code>[^<]*' pub.html), public head $ph"
grep -qF 'A. Person' ovs.html && grep -qF '<code>ovs-internal-file</code>' ovs.html &&
	ok "report --user olive (oversight): the vetting record and its restricted source, numbered" ||
	fail "report --user olive" "lacks the restricted record: $(cat ovs.err)"
start_server o.db || { fail "report: serve o.db" "$(cat serve.log)"; exit 0; }
$C -o wpub.html "$U/report?from=2025-01-01&to=2025-06-30"
[ "$(signin olive.jar olive 'correct horse battery')" = 303 ] || fail "report: oversight signs in" "$(cat signin.out)"
$C -b olive.jar -o wovs.html "$U/report?from=2025-01-01&to=2025-06-30"
! grep -qF 'A. Person' wpub.html && grep -qF 'A. Person' wovs.html &&
	ok "/report: the public page without the restricted record, the oversight page with it" ||
	fail "/report by role" "public: $(grep -c 'A. Person' wpub.html), oversight: $(grep -c 'A. Person' wovs.html)"
stop_server
