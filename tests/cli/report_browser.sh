#!/usr/bin/env bash
# The report as a planner gets it (issue 23), opened in a real browser (Debian's chromium,
# headless): no missing image, no script error, no broken link, the title and the first chart
# on the first screen; city-scale figures; the one-file report.html on its own; the Korean
# report in Hangul with a Korean font; the tables as CSV and Excel, and lonesim export.
set -eu
lonesim=$1 tests=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$lonesim" compare "$tests/data/small.toml" "$tests/data/with_programmes.toml" --agents 6000 --days 120 \
    --replicates 3 --set scenario.burn_in_days=20 --set outings.base_prob=0.8 --threads 2 --out "$out/cmp.h5" --quiet
"$lonesim" report "$out/cmp.h5" --out "$out/en" > /dev/null
"$lonesim" report "$out/cmp.h5" --out "$out/ko" --lang ko > /dev/null

browse() {  # browse URL: the page's DOM after load, from headless chromium
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,900 --virtual-time-budget=10000 \
        --dump-dom "$1" 2> /dev/null
}
shoot() {  # shoot URL PNG: the first screen
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,900 --screenshot="$2" "$1" > /dev/null 2>&1
}
for lang in en ko; do
    browse "file://$out/$lang/index.html" > "$out/$lang.dom"
    shoot "file://$out/$lang/index.html" "$out/$lang.png"
done
# The one file, moved away from its charts, still shows them all.
mkdir "$out/mail" && cp "$out/en/report.html" "$out/mail/"
browse "file://$out/mail/report.html" > "$out/mail.dom"

/usr/bin/python3 - "$out" <<'PY'
import csv, html.parser, os, re, sys, subprocess
import h5py, numpy as np, openpyxl
import matplotlib.image

out = sys.argv[1]


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.body, self.links, self.ids, self.images, self.text = {}, [], set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a.get("src", ""))

    def handle_data(self, data):
        self.text.append(data)


def page(path):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    return p


for lang in ("en", "ko"):
    dom = page(f"{out}/{lang}.dom")
    b = dom.body
    assert b.get("data-errors") == "0", (lang, "script errors", b)
    assert b.get("data-broken-images") == "0", (lang, "images that did not load", b)
    assert b.get("data-title-in-view") == "true" and b.get("data-first-chart-in-view") == "true", (lang, "first screen", b)
    assert len(dom.images) >= 5, dom.images  # difference, prevalence, age, map, programmes
    for href in dom.links:  # every link leads somewhere
        if href.startswith("#"):
            assert href[1:] in dom.ids, (lang, "broken anchor", href)
        else:
            assert os.path.isfile(os.path.join(out, lang, href)), (lang, "broken link", href)
    shot = matplotlib.image.imread(f"{out}/{lang}.png")[..., :3]
    assert shot.shape[:2] == (900, 1366), shot.shape
    ink = (shot.mean(axis=2) < 0.9).mean()  # not blank: text and a chart on the first screen
    assert ink > 0.03 and shot.std() > 0.1, (lang, ink, shot.std())
print("browser: no script error, no missing image, no broken link, title and first chart on the first screen")

# Korean: Hangul in the title and headings, a Korean font for the page and for the charts.
ko = page(f"{out}/ko/index.html")
source = open(f"{out}/ko/index.html", encoding="utf-8").read()
hangul = re.compile("[\uac00-\ud7a3]")
h1 = re.search(r"<h1>(.*?)</h1>", source).group(1)
assert hangul.search(h1), h1
assert 'lang="ko"' in source and "NanumGothic" in source
font = re.search(r'name="chart-font" content="([^"]*)"', source).group(1)
assert "Nanum" in font and os.path.isfile(font), font
assert "Nanum" in subprocess.run(["fc-match", "NanumGothic"], capture_output=True, text=True).stdout
assert "종로구" in open(f"{out}/ko/by_district.csv", encoding="utf-8").read()
en = open(f"{out}/en/index.html", encoding="utf-8").read()
assert not hangul.search(re.search(r"<h1>(.*?)</h1>", en).group(1))
print("korean: Hangul title, Korean font for the page and the charts")

# The one file: every chart inside it, and shown by the browser from another folder.
mail = page(f"{out}/mail.dom")
assert mail.body.get("data-broken-images") == "0" and all(s.startswith("data:image/png;base64,") for s in mail.images), mail.body
assert len(mail.images) == len(page(f"{out}/en/index.html").images)

# City scale everywhere: the page's and the tables' figures are the world's over its share of Seoul.
with h5py.File(f"{out}/cmp.h5", "r") as f:
    g = f["comparison/with_programmes"]
    share = g.attrs["world_share"]
    world = {r["outcome"].decode(): r for r in g["overall_world"][:]}
rows = {r["outcome"]: r for r in csv.DictReader(open(f"{out}/en/summary.csv"))}
iso = float(rows["isolated_person_years_averted"]["mean"])
assert np.isclose(iso, world["isolated_person_years_averted"]["mean"] / share, rtol=1e-9), (iso, share)
assert np.isclose(float(rows["krw_per_isolated_person_year_averted"]["mean"]), world["krw_per_isolated_person_year_averted"]["mean"])
assert "of Seoul" in en and "summary_world" in en
# The programme table: served, capacity used, spending; and the workbook holds the same tables.
prog = list(csv.DictReader(open(f"{out}/en/programmes.csv")))
assert prog and all(float(p["served_per_year"]) >= 0 for p in prog)
book = openpyxl.load_workbook(f"{out}/en/lonesim_tables.xlsx", read_only=True)
for name in ("about", "summary", "summary_world", "by_district", "by_age_band", "programmes", "spending_by_year"):
    assert name in book.sheetnames, book.sheetnames
sheet = list(book["summary"].values)
assert sheet[0][4] == "outcome" and np.isclose([r for r in sheet if r[4] == "isolated_person_years_averted"][0][5], iso)
print("tables: city scale, CSV and Excel agree")
PY

# lonesim export: the same tables from the file; a folder of someone else's files is refused.
"$lonesim" export "$out/cmp.h5" --csv "$out/export" > /dev/null
cmp "$out/export/summary.csv" "$out/en/summary.csv"
"$lonesim" export "$out/cmp.h5" --csv "$out/export" > /dev/null   # an earlier export is written over
mkdir "$out/theirs" && echo keep > "$out/theirs/notes.txt"
set +e
"$lonesim" export "$out/cmp.h5" --csv "$out/theirs" 2> "$out/err"; code=$?
set -e
[ "$code" -eq 2 ] && [ "$(wc -l < "$out/err")" -eq 1 ] && grep -q "did not write" "$out/err" || { echo "FAIL: export into a user's folder: $code"; cat "$out/err"; exit 1; }
[ "$(cat "$out/theirs/notes.txt")" = keep ] && [ "$(ls "$out/theirs")" = notes.txt ]
# ... and from a batch file: every run, and the mean of each design point.
"$lonesim" batch "$tests/data/experiments/small_lhs.toml" --out "$out/batch" --threads 2 > /dev/null
"$lonesim" export "$out/batch/experiment.h5" --csv "$out/batch_tables" > /dev/null
/usr/bin/python3 - "$out/batch_tables" <<'PY'
import csv, sys
runs = list(csv.DictReader(open(sys.argv[1] + "/runs.csv")))
assert len(runs) == 2 * 6 * 2 and "outings.base_prob" in runs[0] and "isolated_person_years" in runs[0], (len(runs), list(runs[0]))
assert {r["scenario"] for r in runs} == {"small", "with_programmes"}
assert len(list(csv.DictReader(open(sys.argv[1] + "/summary.csv")))) == 2 * 6
PY
set +e
"$lonesim" report "$out/cmp.h5" --out "$out/x" --lang fr 2> "$out/err"; code=$?
set -e
[ "$code" -eq 2 ] || { echo "FAIL: --lang fr exited $code"; exit 1; }
echo "report in a browser ok"
