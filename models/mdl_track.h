/*
 * mdl_track.h - the arithmetic of execution tracking (docs/track.md): the
 * appropriation spread over the months by the forecast's seasonal shape,
 * the probability that the year-end sum exceeds the appropriation from
 * the forecast's annual P50/P80/P95, and the flag. Pure; no I/O.
 */
#ifndef YOSAN_MDL_TRACK_H
#define YOSAN_MDL_TRACK_H

#include <stdint.h>

/* What a line needs: nothing, watching, or more money (補正 or 流用). */
enum mdl_track_flag {
    MDL_TRACK_ON_PLAN = 0, /* P80 of the year-end sum within the appropriation */
    MDL_TRACK_WATCH,       /* P50 within, P80 above: a 1-in-5 chance or more of overrunning */
    MDL_TRACK_OVERRUN,     /* P50 above: a 補正 or 流用 is needed */
};

/* "on plan", "watch", "overrun" (static). */
const char *mdl_track_flag_name(enum mdl_track_flag f);

/* The monthly plan: amount (whole yen, >= 0) split over 12 months in
 * proportion to shape (whole yen per month, e.g. actual months then the
 * P50 forecast), largest remainder so the months add up to amount
 * exactly; an even split when the shape sums to 0 or less. */
void mdl_track_plan(int64_t amount, const int64_t shape[12], int64_t plan[12]);

/* P(year-end sum > limit) for a sum whose quantiles are p50 <= p80 <= p95:
 * a normal in z interpolated piecewise linearly through (p50, 0),
 * (p80, 0.8416), (p95, 1.6449), extended past p95 with the p80-p95 slope
 * and mirrored below p50 with the p50-p80 slope. With no spread (the year
 * is all actual) 1 when p50 > limit, else 0. In [0, 1]. */
double mdl_track_exceed_prob(int64_t limit, int64_t p50, int64_t p80, int64_t p95);

/* The flag for a year-end sum with these quantiles against limit. */
enum mdl_track_flag mdl_track_flag_of(int64_t limit, int64_t p50, int64_t p80);

#endif
