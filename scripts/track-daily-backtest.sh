#!/bin/sh
# track-daily-backtest.sh - how far the month-end projection of
# `yosan track --daily` is from the month's actual (docs/track.md): for each
# of the last N complete months of a database (default 12) and each
# department, the projection made with the data cut at day 10 and at day 20
# (--as-of) against the month all actual (--month alone). Prints one row
# per month, cut and department, then the mean absolute percentage error
# and the share of actuals inside the 80 % band per cut.
#   usage: [MODEL=auto] scripts/track-daily-backtest.sh YOSAN DB [N]
set -eu
YOSAN=$1
DB=$2
N=${3:-12}
MODEL=${MODEL:-auto} # the daily model (--model)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
LAST=$("$YOSAN" --db "$DB" -q summary --by month --format csv | tail -1 | cut -d, -f1)
Y=${LAST%-*}
M=${LAST#*-}
M=${M#0}
i=0
echo "month,cut,department,projection,lo80,hi80,actual,error_pct,inside"
while [ "$i" -lt "$N" ]; do
    MON=$(printf '%04d-%02d' "$Y" "$M")
    "$YOSAN" --db "$DB" -q track --daily --month "$MON" --format csv >"$T/act"
    for day in 10 20; do
        "$YOSAN" --db "$DB" -q track --daily --month "$MON" --as-of "$MON-$day" --model "$MODEL" --format csv \
            >"$T/cut"
        # department,month,as_of,actual_days,actual,p50,lo80,hi80,...
        awk -F, -v mon="$MON" -v day="$day" 'NR == FNR { if (FNR > 1) a[$1] = $6; next }
            FNR > 1 { e = 100 * ($6 - a[$1]) / a[$1]
                      printf "%s,%s,%s,%s,%s,%s,%s,%.2f,%d\n", mon, day, $1, $6, $7, $8, a[$1], e,
                             (a[$1] >= $7 && a[$1] <= $8) }' "$T/act" "$T/cut"
    done
    i=$((i + 1))
    M=$((M - 1))
    [ "$M" -eq 0 ] && M=12 && Y=$((Y - 1))
done >"$T/rows"
cat "$T/rows"
echo
echo "cut,lines,mape_pct,max_ape_pct,inside80_pct (departments; the city row separately)"
for who in departments total; do
    awk -F, -v who="$who" '($3 == "total") == (who == "total") {
            e = $8 < 0 ? -$8 : $8; n[$2]++; s[$2] += e; if (e > mx[$2]) mx[$2] = e; inb[$2] += $9 }
        END { for (c in n) printf "%s day %s,%d,%.2f,%.2f,%.0f\n", who, c, n[c], s[c] / n[c],
                                  mx[c], 100 * inb[c] / n[c] }' "$T/rows" | sort
done
