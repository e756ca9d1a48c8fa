/*
 * job_commit_sql.c - `yosan commit`'s SQL Database rows (job_schedule.h,
 * job_commit_sql()): reserved capacity for the vCores of provisioned
 * databases billed 24/7 over the last 90 days, compared by the same
 * mdl_commit_group() as the VM size groups.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_schedule.h"
#include "money.h"
#include "store_rightsize.h"

static int same_group(const struct store_rs_sql_vcore *a, const struct store_rs_sql_vcore *b)
{
    return strcmp(a->subcategory, b->subcategory) == 0 && strcmp(a->region, b->region) == 0 &&
           strcmp(a->currency, b->currency) == 0;
}

static int cmp_ptr(const void *x, const void *y)
{
    const struct store_rs_sql_vcore *a = *(const struct store_rs_sql_vcore *const *)x;
    const struct store_rs_sql_vcore *b = *(const struct store_rs_sql_vcore *const *)y;
    int c = strcmp(a->subcategory, b->subcategory);
    if (!c)
        c = strcmp(a->region, b->region);
    if (!c)
        c = strcmp(a->currency, b->currency);
    return c ? c : strcmp(a->resource_id, b->resource_id);
}

static void assume_price(double *slot, double payg, double discount, int *assumed)
{
    if (isnan(*slot) && !isnan(payg) && !isnan(discount)) {
        *slot = payg * (1.0 - discount);
        *assumed = 1;
    }
}

/* One group v[0..n): its steady vCores as units, priced at the bill's rate. */
static enum status one_group(const struct store_rs_sql_vcore *const *v, size_t n, int window,
                             const struct job_commit_assume *assume, struct job_commit_result *out,
                             struct err *e)
{
    size_t units = 0;
    double cost = 0, hours = 0;
    for (size_t i = 0; i < n; i++) {
        units += (size_t)mdl_commit_steady_vcores(v[i]->days, window, v[i]->min_day);
        if (!v[i]->reserved) { /* the pay-as-you-go rate from the uncommitted rows */
            cost += money_to_double(v[i]->cost);
            hours += v[i]->hours;
        }
    }
    if (!units)
        return ST_OK;
    struct mdl_commit_vm *u = calloc(units, sizeof *u);
    struct job_commit_group *ng = realloc(out->g, (out->n + 1) * sizeof *ng);
    if (ng)
        out->g = ng;
    if (!u || !ng) {
        free(u);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (int c = mdl_commit_steady_vcores(v[i]->days, window, v[i]->min_day); c > 0; c--)
            u[k++] = (struct mdl_commit_vm){MDL_HOURS_YEAR, MDL_HOURS_YEAR, 0, v[i]->reserved};
    struct job_commit_group *g = &out->g[out->n];
    memset(g, 0, sizeof *g);
    size_t len = strlen(v[0]->subcategory) + 16;
    g->vm_size = malloc(len);
    g->region = strdup(v[0]->region);
    if (!g->vm_size || !g->region) {
        free(g->vm_size);
        free(g->region);
        free(u);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    snprintf(g->vm_size, len, "SQL Database %s", v[0]->subcategory);
    out->n++;
    g->sql = 1;
    snprintf(g->currency, sizeof g->currency, "%s", v[0]->currency);
    g->pr = (struct mdl_commit_prices){hours > 0 ? cost / hours : NAN, NAN, NAN, NAN, NAN};
    if (assume) {
        assume_price(&g->pr.ri1y, g->pr.payg, assume->ri1y, &g->assumed);
        assume_price(&g->pr.ri3y, g->pr.payg, assume->ri3y, &g->assumed);
    }
    struct err ge;
    g->st = mdl_commit_group(u, units, &g->pr, &g->res, &ge);
    free(u);
    return ST_OK;
}

enum status job_commit_sql(struct store *s, const char *department,
                           const struct job_commit_assume *assume, struct job_commit_result *out,
                           struct err *e)
{
    int32_t last;
    enum status st = store_rightsize_last_cost_day(s, &last, e);
    if (st == ST_NOTFOUND) {
        err_clear(e);
        return ST_OK;
    }
    if (st != ST_OK)
        return st;
    struct store_rs_sql_vcores v;
    st = store_rightsize_sql_vcores(s, last - MDL_STEADY_DAYS + 1, last, 0, department, &v, e);
    if (st != ST_OK)
        return st;
    const struct store_rs_sql_vcore **order = malloc((v.n ? v.n : 1) * sizeof *order);
    if (!order)
        st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; order && i < v.n; i++)
        order[i] = &v.v[i];
    if (order && v.n)
        qsort(order, v.n, sizeof *order, cmp_ptr);
    for (size_t i = 0; st == ST_OK && i < v.n;) {
        size_t j = i + 1;
        while (j < v.n && same_group(order[i], order[j]))
            j++;
        st = one_group(order + i, j - i, MDL_STEADY_DAYS, assume, out, e);
        i = j;
    }
    free(order);
    store_rs_sql_vcores_release(&v);
    return st;
}
