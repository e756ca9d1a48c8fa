/*
 * mdl_alloc.h - whole-yen allocation and forecast reconciliation (pure).
 *
 * mdl_alloc_largest_remainder() splits an integer total over k shares so
 * that the parts are whole units and add up to the total exactly
 * (Hamilton's largest remainder method). mdl_reconcile_wls() makes a
 * one-level hierarchy (total = sum of parts) coherent.
 */
#ifndef YOSAN_MDL_ALLOC_H
#define YOSAN_MDL_ALLOC_H

#include <stddef.h>
#include <stdint.h>

/* Split total over k parts in proportion to weights[0..k) (negative or
 * non-finite weights count as 0; all zero = even split). out[i] are whole
 * units with sum exactly total; each is floor or ceil of its exact quota
 * (for total >= 0). Ties in the remainder go to the lower index. k >= 1. */
void mdl_alloc_largest_remainder(int64_t total, const double *weights, size_t k, int64_t *out);

/* Round each value to whole units so that the parts sum to round(sum of
 * values) exactly: largest remainder with the values as weights. Values
 * must be >= 0. */
void mdl_alloc_round(const double *values, size_t k, int64_t *out);

/* Reconcile base forecasts of a total and its k parts by weighted least
 * squares (W = diag of the forecast variances, "wls_var" in Hyndman's
 * terms): the difference total - sum(parts) is spread over the total and
 * the parts in proportion to their variances. On return total == sum of
 * parts up to rounding. var_* must be > 0 (0 is treated as tiny). */
void mdl_reconcile_wls(double *total, double var_total, double *parts, const double *var_parts,
                       size_t k);

#endif
