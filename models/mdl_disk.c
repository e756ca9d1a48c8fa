/*
 * mdl_disk.c - the premium-disk rule (see mdl_disk.h and docs/rightsize.md).
 * Pure: no I/O, no allocation; the caller passes scratch space.
 */
#include "mdl_disk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Append a note to the reason (cut at its size). */
static void reason_add(struct rs_disk_result *out, const char *note)
{
    size_t len = strlen(out->reason);
    snprintf(out->reason + len, sizeof out->reason - len, "%s", note);
}

int mdl_rightsize_disk(const struct rs_disk *d, const struct rs_thresholds *t, double *scratch,
                       struct rs_disk_result *out)
{
    memset(out, 0, sizeof *out);
    out->action = RS_KEEP;
    out->max_iops = out->p95_iops = out->mean_iops = NAN;
    out->confidence = RS_CONF_LOW;
    if (!d->tier || d->tier->family != DISK_PREMIUM_SSD || d->hours == 0) {
        snprintf(out->reason, sizeof out->reason, "not a Premium SSD disk");
        return 0;
    }
    /* total IOPS per hour: read + write (one of them alone when the other is missing) */
    double *total = scratch, *tmp = scratch + d->hours;
    size_t have = 0;
    double mx = -INFINITY, sum = 0;
    for (size_t k = 0; k < d->hours; k++) {
        double r = d->read_ops ? d->read_ops[k] : NAN, w = d->write_ops ? d->write_ops[k] : NAN;
        if (isnan(r) && isnan(w)) {
            total[k] = NAN;
            continue;
        }
        total[k] = (isnan(r) ? 0 : r) + (isnan(w) ? 0 : w);
        have++;
        sum += total[k];
        if (total[k] > mx)
            mx = total[k];
    }
    if (have == 0) {
        snprintf(out->reason, sizeof out->reason, "no IOPS metrics");
        return 0;
    }
    out->coverage = (double)have / (double)d->hours;
    out->max_iops = mx;
    out->mean_iops = sum / (double)have;
    out->p95_iops = mdl_rs_quantile(total, d->hours, 0.95, tmp);
    out->target = mdl_disktier_same_size(d->tier, DISK_STANDARD_SSD);

    if (out->coverage >= t->min_coverage)
        out->confidence = RS_CONF_MEDIUM; /* high would need throughput data too */
    if (!out->target) {
        snprintf(out->reason, sizeof out->reason,
                 "premium SSD %s: no Standard SSD tier of the same size", d->tier->name);
        return 1;
    }
    double limit = t->disk_iops_share / 100.0 * out->target->iops;
    if (!(mx < limit)) {
        snprintf(out->reason, sizeof out->reason,
                 "premium SSD %s (%d IOPS) peaked at %.0f IOPS (hourly mean of ops/s), at or above "
                 "%.0f%% of Standard SSD %s's %d: keep",
                 d->tier->name, d->tier->iops, mx, t->disk_iops_share, out->target->name,
                 out->target->iops);
        return 1;
    }
    out->action = RS_RESIZE;
    double now = d->tier->list_usd_month, target = out->target->list_usd_month;
    if (d->bill_price_now > 0 && d->bill_price_target >= 0 && !isnan(d->bill_price_target)) {
        now = d->bill_price_now;
        target = d->bill_price_target;
        out->price_from_bill = 1;
    }
    if (!(target < now)) { /* a negotiated premium price below the E tier's: nothing to save */
        out->action = RS_KEEP;
        snprintf(out->reason, sizeof out->reason,
                 "premium SSD %s peaked at %.0f IOPS (hourly mean of ops/s), but Standard SSD %s "
                 "costs no less in your bill: keep",
                 d->tier->name, mx, out->target->name);
        return 1;
    }
    if (!isnan(d->monthly_cost))
        out->monthly_savings = d->monthly_cost * (1.0 - target / now);
    snprintf(out->reason, sizeof out->reason,
             "premium SSD %s (%d IOPS) peaked at %.0f IOPS (hourly mean of ops/s, P95 %.0f, "
             "mean %.0f); Standard SSD %s gives %d",
             d->tier->name, d->tier->iops, mx, out->p95_iops, out->mean_iops, out->target->name,
             out->target->iops);
    char note[96];
    if (out->price_from_bill)
        snprintf(note, sizeof note, "; priced from your bill's %s disks", out->target->name);
    else
        snprintf(note, sizeof note, "; list price ratio %s/%s %.2f", out->target->name,
                 d->tier->name, target / now);
    reason_add(out, note);
    if (out->coverage < t->min_coverage)
        reason_add(out, "; low data coverage");
    if (d->reserved) {
        if (out->confidence > RS_CONF_LOW)
            out->confidence--;
        reason_add(out, "; covered by a disk reservation: the saving needs an exchange");
    }
    return 1;
}
