/*
 * test_rpt_summary.c - the cost-summary document from synthetic store sums:
 * exact totals, month range and currency filtering, ordering, "other".
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "rpt_summary.h"

static struct cost_cell cell(const char *key, const char *cur, const char *month, const char *cost)
{
    struct cost_cell c;
    c.key = (char *)key;
    c.currency = (char *)cur;
    assert_int_equal(month_parse(month, &c.month), 0);
    assert_int_equal(money_parse(cost, strlen(cost), &c.cost), MONEY_OK);
    return c;
}

static const struct rpt_section *find(const struct rpt_doc *d, const char *id)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (strcmp(d->sections[i]->id, id) == 0)
            return d->sections[i];
    fail_msg("no section %s", id);
    return NULL;
}

static void test_summary(void **state)
{
    (void)state;
    struct cost_cell dv[] = {
        cell("<b>&局", "JPY", "2026-03", "999"), /* before the range */
        cell("<b>&局", "JPY", "2026-04", "0.4"),
        cell("<b>&局", "JPY", "2026-04", "0.2"), /* same month twice: summed exactly */
        cell("<b>&局", "USD", "2026-05", "50"),  /* other currency: left out */
        cell("建設局", "JPY", "2026-04", "1000.5"),
        cell("建設局", "JPY", "2026-06", "2000.25"),
        cell("水道局", "JPY", "2026-05", "10"),
    };
    struct cost_cell sv[] = {
        cell("Virtual Machines", "JPY", "2026-04", "900"),
        cell("Storage", "JPY", "2026-04", "100"),
        cell("Bandwidth", "JPY", "2026-05", "10"),
        cell("Backup", "JPY", "2026-06", "2000"),
    };
    struct cost_cells dept = {dv, sizeof dv / sizeof dv[0]};
    struct cost_cells svc = {sv, sizeof sv / sizeof sv[0]};
    int from, to;
    month_parse("2026-04", &from);
    month_parse("2026-06", &to);
    struct rpt_summary_input in = {&dept, &svc, "JPY", from, to, 2, "actual"};
    struct rpt_doc d;
    struct err e;
    err_clear(&e);
    assert_int_equal(rpt_summary_build(&in, RPT_LANG_EN, &d, &e), ST_OK);
    assert_string_equal(d.kind, "summary");

    const struct rpt_section *t = find(&d, "cost_by_department");
    assert_int_equal(t->nrows, 4); /* three departments + total */
    /* sorted by total descending: 建設局 3000.75, 水道局 10, <b>&局 0.6 */
    assert_string_equal(t->cells[0].text, "建設局");
    assert_int_equal(t->cells[1].yen, 3001);
    assert_string_equal(t->cells[2 * 3].text, "<b>&局");
    assert_int_equal(t->cells[2 * 3 + 1].yen, 1); /* 0.4 + 0.2 = 0.6 exactly, rounds to 1 */
    assert_int_equal(t->row_total[3], 1);
    assert_int_equal(t->cells[3 * 3 + 1].yen, 3011); /* 3010.35 rounded once */
    assert_rel_close(t->cells[2].num, 3000.75 / 3011.35 * 100.0, 1e-9);

    const struct rpt_section *m = find(&d, "department_by_month");
    assert_int_equal(m->ncols, 5); /* name, 3 months, total */
    assert_string_equal(m->cols[1].id, "m2026-04");
    assert_string_equal(m->cols[3].label, "2026-06");
    assert_int_equal(m->cells[0 * 5 + 1].yen, 1001); /* 1000.5 half away from zero */
    assert_int_equal(m->cells[0 * 5 + 2].yen, 0);
    assert_int_equal(m->cells[3 * 5 + 1].yen, 1001); /* 1000.5 + 0.6 = 1001.1 */

    const struct rpt_section *c = find(&d, "chart_service");
    assert_int_equal(c->chart.nseries, 3); /* top 2 + other */
    assert_string_equal(c->chart.series[0].label, "Backup");
    assert_string_equal(c->chart.series[2].label, "other");
    assert_rel_close(c->chart.series[2].v[0], 100.0, 0); /* Storage in April */
    assert_rel_close(c->chart.series[2].v[1], 10.0, 0);  /* Bandwidth in May */
    rpt_doc_release(&d);
}

static void test_empty_range(void **state)
{
    (void)state;
    struct cost_cells none = {NULL, 0};
    struct rpt_summary_input in = {&none, NULL, "JPY", 10, 5, 0, NULL};
    struct rpt_doc d;
    struct err e;
    err_clear(&e);
    assert_int_equal(rpt_summary_build(&in, RPT_LANG_JA, &d, &e), ST_USAGE);
    rpt_doc_release(&d);
    in.month_from = 5;
    assert_int_equal(rpt_summary_build(&in, RPT_LANG_JA, &d, &e), ST_OK);
    assert_int_equal(find(&d, "cost_by_department")->nrows, 1); /* only the total */
    rpt_doc_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_empty_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
