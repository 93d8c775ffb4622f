# helpers/english_left.py: the English catalogue strings left in a translated
# page. Used by web_i18n_whole.sh; not a test itself.
#
#   english_left.py CATALOGUE.po PAGE.html…
#
# For every entry of CATALOGUE.po whose translation differs from its msgid,
# looks for the msgid (its {n} holes standing for any text, whole words only)
# in the visible text of each page: the text of the page without its tags,
# <script>, <style>, <title>, attributes, and the record as recorded — the
# elements marked lang="en" (names, source titles and quoted source text,
# record statements) and <code> (codes). Prints one line per string left:
# "PAGE<TAB>msgid<TAB>the line it is in"; exit 0 either way (the caller
# counts the lines).
#
#   english_left.py --api ANSWER.json PAGE.html…
#
# The answer's own English texts (its rule, and each disagreement's rule,
# "about" and claims' "as") found in a page, lang="en" parts included: a text
# the catalogue lacks is shown as it is, marked lang="en", which the first
# form does not see. Prints "PAGE<TAB>text".
import html
import re
import sys


def catalogue(path):
    """[(msgid, msgstr)] of a .po file (plural entries: the singular and its first form)."""
    out, cur, field = [], {}, None
    def flush():
        if cur.get("msgid") and "fuzzy" not in cur.get("flags", ""):
            out.append((cur["msgid"], cur.get("msgstr", "") or cur.get("msgstr[0]", "")))
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            cur, field = {}, None
            continue
        if line.startswith("#,"):
            cur["flags"] = line
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            field = m.group(1)
            cur[field] = unquote(m.group(2))
        elif line.startswith('"') and field:
            cur[field] += unquote(line[1:-1])
    flush()
    return out


def unquote(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


INLINE = {"a", "b", "i", "span", "abbr", "time", "data", "strong", "em", "small", "sup", "sub", "bdi", "mark", "q"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


def visible(page):
    """The page's visible text, block elements on lines of their own, the record's English left out."""
    page = re.sub(r"(?is)<(script|style|title)\b.*?</\1>", "", page)
    page = re.sub(r"(?s)<!--.*?-->", "", page)
    out, skip = [], []   # skip: the stack of open elements, True where the text is left out
    for m in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)", page):
        if m.group(4) is not None:
            if not any(f for _, f in skip):
                out.append(m.group(4))
            continue
        close, tag, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if tag not in INLINE:
            out.append("\n")
        if tag in VOID or attrs.rstrip().endswith("/"):
            continue
        if close:
            while skip:
                t, _ = skip.pop()
                if t == tag:
                    break
        else:
            skip.append((tag, tag == "code" or re.search(r'\blang="en"|\bclass="src"', attrs) is not None))
    return html.unescape("".join(out))


def quoted_and_codes(line):
    """The line without quoted source text and without codes (slugs such as us-funding-freeze)."""
    line = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", " ", line)
    line = re.sub(r"\bmuster [a-z]+", " ", line)   # a command's name: "muster strength"
    return re.sub(r"[\w.]+(?:-[\w.]+)+", " ", line)


def pattern(msgid):
    parts = re.split(r"\{\d\}", msgid)
    body = r".+?".join(re.escape(p) for p in parts)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def api_texts(path):
    import json
    doc = json.load(open(path, encoding="utf-8"))
    out = [(doc.get("answer") or {}).get("rule")]
    for d in doc.get("disagreements") or []:
        out += [d.get("rule"), d.get("about")]
        out += [c.get("as") for c in d.get("claims") or [] if isinstance(c, dict)]
    # Qualifier codes ("about", "at_most") are said by the values' labels.
    return sorted({t for t in out if isinstance(t, str) and " " in t})


def main_api():
    texts = api_texts(sys.argv[2])
    for path in sys.argv[3:]:
        page = re.sub(r"(?is)<(script|style|title)\b.*?</\1>", "", open(path, encoding="utf-8").read())
        page = html.unescape(re.sub(r"<[^>]+>", "", page))
        for t in texts:
            if t in page:
                print("%s\t%s" % (path, t))


def main():
    cat = catalogue(sys.argv[1])
    # A msgid that is also a translation ("Note", French for "Grade") or a
    # whole word of one ("place" in « place publique ») is a word of the language too.
    words = {s for _, s in cat}
    said = "\n".join(quoted_and_codes(s) for _, s in cat)
    words |= {i for i, _ in cat if "{" not in i and re.search(r"(?<!\w)" + re.escape(i) + r"(?!\w)", said)}
    # Too short to tell from a part of another word: "{1}th", "no".
    entries = [(i, s) for i, s in cat if s and s != i and i not in words and
               len(re.sub(r"\{\d\}|[^A-Za-z]", "", i)) >= (4 if "{" in i else 3)]
    pats = [(i, pattern(i), pattern(s)) for i, s in entries]
    for path in sys.argv[2:]:
        text = visible(open(path, encoding="utf-8").read())
        lines = [quoted_and_codes(l) for l in (x.strip() for x in text.split("\n")) if l]
        seen = set()
        for msgid, p, tp in pats:
            if msgid in seen:
                continue
            for l in lines:
                # Where the translation matches too ("incident {1} : {2}"), it is the translation.
                if p.search(l) and not tp.search(l):
                    seen.add(msgid)
                    m = p.search(l)
                    print("%s\t%s\t%s" % (path, msgid.replace("\n", " "), l[max(0, m.start() - 30):m.end() + 30]))
                    break


if sys.argv[1] == "--api":
    main_api()
else:
    main()
