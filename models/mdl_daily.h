/*
 * mdl_daily.h - forecasting a daily cost series on the Japanese calendar
 * (the daily view of `yosan track`, docs/track.md): the weekly cycle (m = 7,
 * and with MDL_MSTL the year, 365, when two years of history fit,
 * mdl_mstl.c) from mdl_forecast_series(), with national holidays and the 12/29-1/3
 * closure that fall on a weekday taken out of the history before fitting
 * and put back into the forecast by one "closed weekday" factor. The day
 * classes are those of `yosan anomalies` (calendar_day_classes(): 0..6
 * Monday..Sunday, 7 closed). Pure maths, no I/O.
 *
 * Ownership: every buffer is the caller's; out is initialised here and
 * released by the caller with mdl_forecast_release().
 */
#ifndef YOSAN_MDL_DAILY_H
#define YOSAN_MDL_DAILY_H

#include <stddef.h>

#include "err.h"
#include "mdl_forecast.h"

#define MDL_DAILY_CLOSED 7 /* the class of a closed day (same as MDL_ANOM_CLOSED) */

/* The closed-weekday factor of x[0..n) (day 0 a weekday wd0, 0 = Monday):
 * the median over the weekdays of class MDL_DAILY_CLOSED of x[t] over the
 * median of the open same weekdays one and two weeks either side. With
 * fewer than 3 such days, the median of the Sundays over the median of the
 * open weekdays of the last 8 weeks (a closed day is spent like a Sunday);
 * 1 when neither can be measured (non-positive data). Clamped to
 * [0.05, 2]. */
double mdl_daily_closed_factor(const double *x, const unsigned char *cls, size_t n, int wd0);

/* Forecast h days after x[0..n) whose classes are cls[0..n + h) (the days
 * ahead included), day 0 a weekday wd0, with model kind: the closed
 * weekdays of the history (all of it) divided by the factor, the series
 * forecast with m = 7, the closed weekdays ahead multiplied by it. Every
 * kind but MDL_MSTL fits the last 104 weeks with the weekly cycle only
 * (MDL_AUTO: the ets+theta+arima ensemble); MDL_MSTL fits all of x, with
 * the year (365) too when two years fit: on the demo city the yearly
 * component made month-end projections worse (docs/track.md has the
 * backtest). *factor (may be NULL) gets the factor.
 * Fails only as mdl_forecast_series() does. */
enum status mdl_daily_forecast(const double *x, const unsigned char *cls, size_t n, int wd0,
                               size_t h, enum mdl_kind kind, struct forecast *out, double *factor,
                               struct err *e);

#endif
