/*
 * mdl_track.c - plan spread, exceed probability and flag of execution
 * tracking (see mdl_track.h).
 */
#include "mdl_track.h"

#include <math.h>

#include "mdl_alloc.h"

#define Z80 0.8416212335729143
#define Z95 1.6448536269514722

const char *mdl_track_flag_name(enum mdl_track_flag f)
{
    static const char *const n[] = {"on plan", "watch", "overrun"};
    return (unsigned)f < 3 ? n[f] : "?";
}

void mdl_track_plan(int64_t amount, const int64_t shape[12], int64_t plan[12])
{
    double w[12], sum = 0;
    for (int k = 0; k < 12; k++) {
        w[k] = shape[k] > 0 ? (double)shape[k] : 0;
        sum += w[k];
    }
    if (!(sum > 0))
        for (int k = 0; k < 12; k++)
            w[k] = 1;
    mdl_alloc_largest_remainder(amount, w, 12, plan);
}

double mdl_track_exceed_prob(int64_t limit, int64_t p50, int64_t p80, int64_t p95)
{
    double a = (double)limit, m = (double)p50;
    double s1 = ((double)p80 - m) / Z80, s2 = ((double)p95 - (double)p80) / (Z95 - Z80);
    if (!(s1 > 0))
        s1 = s2;
    if (!(s2 > 0))
        s2 = s1;
    if (!(s1 > 0)) /* no spread: the year is known */
        return p50 > limit ? 1.0 : 0.0;
    double z = a <= (double)p80 ? (a - m) / s1 : Z80 + (a - (double)p80) / s2;
    double p = 0.5 * erfc(z / sqrt(2.0));
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

enum mdl_track_flag mdl_track_flag_of(int64_t limit, int64_t p50, int64_t p80)
{
    if (p50 > limit)
        return MDL_TRACK_OVERRUN;
    if (p80 > limit)
        return MDL_TRACK_WATCH;
    return MDL_TRACK_ON_PLAN;
}
