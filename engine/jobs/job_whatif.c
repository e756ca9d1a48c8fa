/*
 * job_whatif.c - glue for a what-if run: importer -> store -> model.
 *
 * The only place that sees all three: it parses the scenario, fills the
 * monthly cost of every `type: store` item from the cost store (average of
 * the last full months), then calls the pure model. The clock is an
 * option (job_whatif_options.now), so the run is reproducible.
 */
#include "job_whatif.h"

#include <string.h>

#include "calendar.h"
#include "date.h"
#include "imp_scenario.h"
#include "job_rightsize.h"
#include "job_schedule.h"
#include "log.h"
#include "mdl_rightsize.h"
#include "money.h"
#include "store.h"
#include "store_costs.h"
#include "store_prices.h"

static int has_store_items(const struct scenario *s)
{
    for (size_t a = 0; a < s->nalts; a++)
        for (size_t i = 0; i < s->alts[a].nitems; i++)
            if (s->alts[a].items[i].kind == SCN_STORE || s->alts[a].items[i].price_from_store)
                return 1;
    return 0;
}

/* Average monthly cost of the item's scope over its last `months` full
 * months, in the scenario's currency, from the amortized dataset when there
 * is one (reservations spread over their term), else the actual one. */
static enum status store_monthly(struct store *st, const struct scenario *s,
                                 const struct scn_item *it, double *monthly, struct err *e)
{
    enum cost_dataset ds =
        store_cost_has_dataset(st, DATASET_AMORTIZED) ? DATASET_AMORTIZED : DATASET_ACTUAL;
    int32_t last_day;
    enum status rc = store_cost_last_day(st, ds, &last_day, e);
    if (rc == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND,
                       "%s:%d: item '%s': the store has no cost data (run 'yosan import' or "
                       "'yosan demo' first)",
                       s->path, it->line, it->name);
    if (rc != ST_OK)
        return rc;
    /* the last full month: a month whose last day is in the data */
    int last_month = month_index_of(last_day);
    if (last_day != month_first_day(last_month) + month_days(last_month) - 1)
        last_month--;
    int first_month = last_month - it->months + 1;
    struct cost_query q = {
        .dim = it->subscription ? COST_DIM_SUBSCRIPTION : COST_DIM_TOTAL,
        .dataset = ds,
        .from_day = month_first_day(first_month),
        .to_day = month_first_day(last_month) + month_days(last_month) - 1,
        .department = it->department,
    };
    struct cost_cells cells;
    if ((rc = store_cost_by_month(st, &q, &cells, e)) != ST_OK)
        return rc;
    const char *want = s->currency == SCN_USD ? "USD" : "JPY";
    struct money sum = MONEY_ZERO;
    size_t matched = 0;
    char from[8], to[8];
    month_format(first_month, from);
    month_format(last_month, to);
    for (size_t i = 0; i < cells.n && rc == ST_OK; i++) {
        const struct cost_cell *c = &cells.v[i];
        if (it->subscription && strcmp(c->key, it->subscription) != 0)
            continue;
        if (strcmp(c->currency, want) != 0)
            rc = err_set(e, ST_PARSE,
                         "%s:%d: item '%s': the store holds costs in %s but the scenario is in "
                         "%s",
                         s->path, it->line, it->name, c->currency, want);
        sum = money_add(sum, c->cost);
        matched++;
    }
    cost_cells_release(&cells);
    if (rc != ST_OK)
        return rc;
    if (matched == 0)
        return err_set(e, ST_NOTFOUND, "%s:%d: item '%s': no costs for %s '%s' in %s..%s", s->path,
                       it->line, it->name,
                       it->subscription ? "subscription"
                       : it->department ? "department"
                                        : "the",
                       it->subscription ? it->subscription
                       : it->department ? it->department
                                        : "store",
                       from, to);
    *monthly = money_to_double(sum) / it->months;
    log_info("whatif: %s: %.0f %s a month (%s average, %s..%s)", it->name, *monthly, want,
             ds == DATASET_AMORTIZED ? "amortized" : "actual", from, to);
    return ST_OK;
}

/* Monthly savings of the right-sizing recommendations for the item's scope.
 * The job runs once over the whole store (it is the slow part: every VM's
 * metrics) and is summed per scope from its rows. */
static enum status rightsize_savings(struct store *st, int threads, const struct scenario *s,
                                     const struct scn_item *it, struct job_rs_result *rs,
                                     int *have_rs, double *savings, struct err *e)
{
    enum status rc = ST_OK;
    if (!*have_rs) {
        struct job_rs_options o = {.month = -1, .lookback_days = 30, .threads = threads};
        mdl_rs_defaults(&o.thr);
        if ((rc = job_rightsize(st, &o, rs, e)) != ST_OK)
            return rc;
        *have_rs = 1;
    }
    const char *want = s->currency == SCN_USD ? "USD" : "JPY";
    *savings = 0;
    for (size_t i = 0; i < rs->n && rc == ST_OK; i++) {
        const struct job_rs_row *row = &rs->rows[i];
        if (!(row->r.monthly_savings > 0))
            continue;
        if (it->department && strcmp(row->department, it->department) != 0)
            continue;
        if (strcmp(row->currency, want) != 0)
            rc = err_set(e, ST_PARSE,
                         "%s:%d: item '%s': right-sizing savings are in %s but the scenario is "
                         "in %s",
                         s->path, it->line, it->name, row->currency, want);
        *savings += row->r.monthly_savings;
    }
    log_info("whatif: %s: right-sizing saves %.0f %s a month", it->name, *savings, want);
    return rc;
}

/* Monthly savings of the stop schedules `yosan schedule` proposes for the
 * item's scope (8-week learning window, Japanese holidays and the 12/29-1/3
 * closure off, plan from today). When right-sizing is applied too, a VM's
 * schedule saves at its new size's price (ratio of hourly prices), and
 * nothing when right-sizing shuts it down or deletes it. */
static enum status schedule_savings(struct store *st, int64_t now, const struct scenario *s,
                                    const struct scn_item *it, struct job_schedule_result *sr,
                                    int *have_sr, const struct job_rs_result *rs, double *savings,
                                    struct err *e)
{
    enum status rc = ST_OK;
    if (!*have_sr) {
        struct calendar cal;
        calendar_init(&cal, 1);
        struct job_schedule_opts o = {.weeks = 8, .cal = &cal, .margin_hours = 1};
        int hour;
        cal_jst_of_utc_hour(now / 3600, &o.plan_first_day, &hour);
        rc = job_schedule(st, &o, sr, e);
        calendar_release(&cal);
        if (rc != ST_OK)
            return rc;
        *have_sr = 1;
    }
    const char *want = s->currency == SCN_USD ? "USD" : "JPY";
    *savings = 0;
    for (size_t i = 0; i < sr->n && rc == ST_OK; i++) {
        const struct job_schedule_vm *vm = &sr->v[i];
        if (vm->r.verdict != MDL_SCHED_STOP || !(vm->r.monthly_savings > 0))
            continue;
        if (it->department && strcmp(vm->department, it->department) != 0)
            continue;
        if (strcmp(vm->currency, want) != 0) {
            rc = err_set(e, ST_PARSE,
                         "%s:%d: item '%s': schedule savings are in %s but the scenario is in %s",
                         s->path, it->line, it->name, vm->currency, want);
            break;
        }
        double factor = 1.0;
        for (size_t k = 0; rs && k < rs->n; k++) {
            const struct job_rs_row *row = &rs->rows[k];
            if (strcmp(row->resource_id, vm->resource_id) != 0)
                continue;
            if (row->r.action == RS_SHUTDOWN || row->r.action == RS_DELETE)
                factor = 0;
            else if (row->r.action == RS_RESIZE && row->r.hourly_now > 0 && row->r.hourly_new >= 0)
                factor = row->r.hourly_new / row->r.hourly_now;
            break;
        }
        *savings += vm->r.monthly_savings * factor;
    }
    log_info("whatif: %s: stop schedules save %.0f %s a month", it->name, *savings, want);
    return rc;
}

/* Price a VM from the imported Azure retail prices (store_prices.h): the
 * pay-as-you-go hourly price and, for a reservation without a discount in
 * the file, the discount the reservation price implies. */
static enum status vm_price(struct store *st, const struct scenario *s, struct scn_item *it,
                            struct err *e)
{
    const char *region = it->region ? it->region : "japaneast";
    struct vm_price vp;
    enum status rc =
        store_price_vm(st, it->size, region, s->currency == SCN_USD ? "USD" : "JPY", &vp, e);
    if (rc == ST_NOTFOUND) /* the other currency; the scenario's fx converts it */
        rc = store_price_vm(st, it->size, region, s->currency == SCN_USD ? "JPY" : "USD", &vp, e);
    if (rc == ST_NOTFOUND || (rc == ST_OK && !(vp.payg_hourly > 0)))
        return err_set(e, ST_NOTFOUND,
                       "%s:%d: item '%s': no price known for %s in %s: give price_per_hour or "
                       "import Azure retail prices ('yosan import')",
                       s->path, it->line, it->name, it->size, region);
    if (rc != ST_OK)
        return rc;
    if (strcmp(vp.currency, "JPY") == 0)
        it->currency = SCN_JPY;
    else if (strcmp(vp.currency, "USD") == 0)
        it->currency = SCN_USD;
    else
        return err_set(e, ST_PARSE, "%s:%d: item '%s': the price of %s is in %s (JPY or USD only)",
                       s->path, it->line, it->name, it->size, vp.currency);
    it->price_per_hour = vp.payg_hourly;
    if (it->discount_from_store) {
        double ri = it->reservation_years == 1 ? vp.ri1y_hourly : vp.ri3y_hourly;
        if (!(ri > 0) || ri > vp.payg_hourly)
            return err_set(e, ST_NOTFOUND,
                           "%s:%d: item '%s': no %d-year reservation price known for %s in %s: "
                           "give reservation_discount",
                           s->path, it->line, it->name, it->reservation_years, it->size, region);
        it->reservation_discount = 1.0 - ri / vp.payg_hourly;
    }
    log_info("whatif: %s: %s %g %s an hour%s (retail prices in the store)", it->name, it->size,
             it->price_per_hour, vp.currency,
             it->discount_from_store ? ", reservation discount from the store" : "");
    return ST_OK;
}

static enum status resolve_store(const struct job_whatif_options *opt, struct scenario *s,
                                 struct err *e)
{
    struct store *st = NULL;
    enum status rc = store_open_existing(opt->db_path ? opt->db_path : "yosan.db", &st, e);
    if (rc != ST_OK)
        return rc;
    struct job_rs_result rs = {0};
    struct job_schedule_result sr = {0};
    int have_rs = 0, have_sr = 0;
    for (size_t a = 0; a < s->nalts && rc == ST_OK; a++)
        for (size_t i = 0; i < s->alts[a].nitems && rc == ST_OK; i++) {
            struct scn_item *it = &s->alts[a].items[i];
            if (it->price_from_store) {
                rc = vm_price(st, s, it, e);
                continue;
            }
            if (it->kind != SCN_STORE)
                continue;
            double monthly = 0, saved = 0, stopped = 0;
            rc = store_monthly(st, s, it, &monthly, e);
            if (rc == ST_OK && (it->apply & SCN_APPLY_RIGHTSIZE))
                rc = rightsize_savings(st, opt->threads, s, it, &rs, &have_rs, &saved, e);
            if (rc == ST_OK && (it->apply & SCN_APPLY_SCHEDULE))
                rc = schedule_savings(st, opt->now, s, it, &sr, &have_sr,
                                      (it->apply & SCN_APPLY_RIGHTSIZE) ? &rs : NULL, &stopped, e);
            saved += stopped;
            if (rc == ST_OK) {
                it->monthly_cost = monthly > saved ? monthly - saved : 0;
                it->monthly_cost_known = 1;
            }
        }
    if (have_rs)
        job_rs_result_release(&rs);
    if (have_sr)
        job_schedule_release(&sr);
    store_close(st);
    return rc;
}

void job_whatif_release(struct job_whatif_result *r)
{
    whatif_sensitivity_release(&r->sens);
    whatif_result_release(&r->res);
    scenario_release(&r->scn);
}

enum status job_whatif(const struct job_whatif_options *opt, struct job_whatif_result *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    struct whatif_vary_spec vary = {0};
    enum status st;
    if (opt->vary && (st = mdl_whatif_parse_vary(opt->vary, &vary, e)) != ST_OK)
        return st;
    /* a file without start_fy starts at the current fiscal year */
    int32_t today = (int32_t)(opt->now / 86400);
    struct imp_scenario_options iopt = {.years = opt->years, .start_fy = fiscal_year_of(today, 4)};
    if ((st = imp_scenario_file(opt->path, &iopt, &out->scn, e)) != ST_OK)
        return st;
    if (has_store_items(&out->scn) && (st = resolve_store(opt, &out->scn, e)) != ST_OK)
        goto fail;
    if ((st = mdl_whatif_run(&out->scn, NULL, &out->res, e)) != ST_OK)
        goto fail;
    if (opt->vary && (st = mdl_whatif_sensitivity(&out->scn, &vary, &out->sens, e)) != ST_OK)
        goto fail;
    return ST_OK;
fail:
    job_whatif_release(out);
    return st;
}
