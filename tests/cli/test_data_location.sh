# test_data_location.sh - data location and support life (issue 21 items 5,
# 6): `summary --by region` sums by the export's ResourceLocation with the
# country of each region and adds up to the whole; the right-sizing report
# and output list the resources outside Japan (the demo city keeps two
# storage accounts abroad) with their country, and the VMs on retiring
# series with the date and the replacement; a bill meter naming an old SQL
# Server or Windows Server version is listed too.
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 2 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
gzip -dc "$T/d/EA_ActualCost_2025-03.csv.gz" >"$T/ea.csv"
# one VM's compute meter names its licence version (as a Windows/SQL image's meter can)
sed -i '0,/Virtual Machines,[^,]*,JA East,/s//Virtual Machines,SQL Server 2016 Enterprise,JA East,/' "$T/ea.csv"
expect_eq "$(grep -c 'SQL Server 2016 Enterprise' "$T/ea.csv")" "1" "fixture: one meter names SQL Server 2016"
run import "$T/ea.csv" "$T/d/metrics.csv.gz"
expect_rc 0 "import"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

# summary by region: the country of each, and the same total as by month
run summary --by region --format csv
expect_rc 0 "summary --by region"
expect_eq "$(head -1 "$T/out")" "region,country,cost,currency,basis" "header with country"
expect_grep "^japaneast,Japan," "$T/out" "Japan East"
expect_grep "^southeastasia,Singapore," "$T/out" "a storage account in Singapore"
expect_grep "^eastus,United States," "$T/out" "a storage account in the US"
by_region=$(tail -n +2 "$T/out" | awk -F, '{ s += $3 } END { printf "%.6f", s }')
run summary --by month --format csv
by_month=$(tail -n +2 "$T/out" | awk -F, '{ s += $2 } END { printf "%.6f", s }')
expect_eq "$by_region" "$by_month" "regions add up to the whole"
run summary --by region
expect_rc 0 "summary table"
expect_grep "^total " "$T/out" "table total"

# the right-sizing report: outside Japan and support life
run report rightsize --month 2025-03 --lang en -f json -o "$T/r.json"
expect_rc 0 "report json"
python3 - "$T/r.json" >"$T/check" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
secs = {s["id"]: s for s in d["sections"]}
ab = secs["outside_japan"]
rows = [r for r in ab["rows"] if not r.get("_total")]
print("abroad", sorted((r["resource"], r["country"]) for r in rows))
sl = secs["support_life"]
rows = [r for r in sl["rows"] if not r.get("_total")]
print("fsv2", sum(1 for r in rows if r["series"] == "Fsv2-series" and r["end_date"] == "2028-11-15"))
print("bv1", sum(1 for r in rows if r["series"] == "B-series (v1)"))
print("sql", [(r["series"], r["end_date"]) for r in rows if r["series"].startswith("SQL")])
print("dates", all(rows[i]["end_date"] <= rows[i + 1]["end_date"] for i in range(len(rows) - 1)))
PY
expect_grep "abroad \[('stkeizaikanko', 'Singapore'), ('stkyoikugakushu', 'United States')\]" "$T/check" "two resources abroad with their countries"
expect_no_grep "^fsv2 0" "$T/check" "Fsv2 VMs listed with their retirement date"
expect_no_grep "^bv1 0" "$T/check" "B-series v1 VMs listed"
expect_grep "sql \[('SQL Server 2016', '2026-07-14')\]" "$T/check" "SQL Server 2016 from the bill's meter"
expect_grep "dates True" "$T/check" "by end date"
run report rightsize --month 2025-03 -f md -o "$T/r.md"
expect_rc 0 "report md (ja)"
expect_grep "シンガポール" "$T/r.md" "country in Japanese"
expect_grep "国外リージョンのリソース" "$T/r.md" "section title in Japanese"

# rightsize itself: JSON arrays and the table's sections
run rightsize --month 2025-03 --format json
expect_rc 0 "rightsize json"
expect_grep '"outside_japan": \[{"resource_id": ".*stkeizaikanko", "region": "southeastasia", "country": "Singapore"' "$T/out" "JSON outside_japan"
expect_grep '"series": "Fsv2-series", "status": "retirement announced", "end_date": "2028-11-15"' "$T/out" "JSON support_life"
run rightsize --month 2025-03
expect_grep "^outside Japan" "$T/out" "table section: outside Japan"
expect_grep "^support life" "$T/out" "table section: support life"
run rightsize --month 2025-03 --format csv
expect_grep "outside Japan: 2 resources" "$T/err" "CSV: counts on stderr"
finish
