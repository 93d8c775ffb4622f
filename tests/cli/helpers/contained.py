"""contained.py DB URL: every disagreement that any answer shows, on any day where
the record changes, is in `muster conflicts`: an answer about one mission in
that mission's conflicts, an answer about no one mission (mandate, timeline, …)
in the conflicts of some mission. Prints one line per missing disagreement
("question as_of mission: about"), then "checked N answers, M disagreements,
K missing"; exits 1 when K > 0 or when nothing was checked. Disagreements are
matched by their "about", which names what they are about and its date,
never the date asked. The answers are asked of `muster serve` on URL,
serving DB, whose /api/v1/NAME gives the bytes of `muster NAME --json`."""
import http.client, json, sqlite3, sys, urllib.parse

db, url = sys.argv[1], urllib.parse.urlsplit(sys.argv[2])
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def ask(question, *args):
    """GET /api/v1/QUESTION with the options as parameters ("--as-of" is as_of)."""
    params = {args[i][2:].replace("-", "_"): args[i + 1] for i in range(0, len(args), 2)}
    conn.request("GET", "/api/v1/%s?%s" % (question, urllib.parse.urlencode(params)))
    r = conn.getresponse()
    body = r.read()
    if r.status == 404:
        return {}               # no answer that day (no budget yet)
    if r.status != 200:
        sys.exit("%s %s: HTTP %d: %s" % (question, params, r.status, body[:300]))
    return json.loads(body)


def day_text(n):
    return "%04d-%02d-%02d" % (n // 10000, n // 100 % 100, n % 100)


con = sqlite3.connect(db)
missions = [m for (m,) in con.execute("SELECT DISTINCT mission FROM rec WHERE mission NOT IN ('', 'all') ORDER BY 1")]


def days_of(kinds, mission=None):
    """Each day a record of these kinds (of the mission, when given) begins or
    ends: an answer that reads only them changes only then; and today."""
    marks = ",".join("?" * len(kinds))
    sql = "SELECT date_lo, date_hi FROM rec WHERE date_prec > 0 AND kind IN (%s)" % marks
    args = list(kinds)
    if mission:
        sql += " AND mission = ?"
        args.append(mission)
    days = set()
    for lo, hi in con.execute(sql, args):
        days.update((lo, hi))
    return sorted({day_text(d) for d in days if 19000101 < d < 21000101} | {"2026-12-07"})


# Each question with the kinds of record its answer reads.
FORCE = ("strength", "target", "arrival", "departure")
MONEY = ("funding", "budget", "exchange_rate")
per_mission = [(("strength", "--by", "country"), FORCE), (("pledges",), ("pledge",)),
               (("funding", "--by", "donor"), MONEY), (("budget",), MONEY),
               (("places",), ("place", "place_status")), (("incidents",), ("incident",))]
MANDATE = ("resolution", "authorization", "requirement", "fulfilment", "commitment", "vote")
mission_free = [(("mandate",), MANDATE + FORCE), (("obligations",), MANDATE), (("promises",), MANDATE + FORCE + MONEY),
                (("timeline",), MANDATE + ("arrival", "departure", "funding"))]

shown = {}                      # (mission or None, about) -> where first seen
n_answers = 0
for q, kinds in per_mission + mission_free:
    for m in (missions if (q, kinds) in per_mission else [None]):
        dates = days_of(kinds, m)
        if len(dates) == 1 and not con.execute("SELECT 1 FROM rec WHERE kind IN (%s) LIMIT 1"
                                               % ",".join("?" * len(kinds)), kinds).fetchone():
            continue            # nothing this question reads
        for d in dates:
            args = list(q) + ["--as-of", d] + (["--mission", m] if m else [])
            doc = ask(*args)
            n_answers += 1
            for x in doc.get("disagreements", []):
                shown.setdefault((m, x["about"]), "%s %s %s" % (q[0], d, m or "-"))

# Across missions: strength --mission all against conflicts --mission all.
for d in days_of(FORCE):
    doc = ask("strength", "--as-of", d, "--mission", "all")
    n_answers += 1
    for x in doc.get("disagreements", []):
        shown.setdefault(("all", x["about"]), "strength %s all" % d)
con.close()

listed = {m: {x["about"] for x in ask("conflicts", "--mission", m).get("disagreements", [])} for m in missions + ["all"]}
every = set().union(*(v for m, v in listed.items() if m != "all"))
missing = sorted((w, a) for (m, a), w in shown.items() if a not in (listed[m] if m else every))
for w, a in missing:
    print("%s: %s" % (w, a))
print("checked %d answers, %d disagreements, %d missing" % (n_answers, len(shown), len(missing)))
sys.exit(1 if missing or not n_answers else 0)
