/*
 * test_mdl_schedule.c - the stop-schedule model on synthetic VMs: office
 * hours, batch at night, always-on tag, reservation, too little data, the
 * costs-only fallback, and the savings arithmetic checked by hand.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "mdl_schedule.h"

#define WEEKS 8
#define NH    (WEEKS * 7 * 24)

struct fixture {
    struct mdl_sched_params p;
    unsigned char off[WEEKS * 7 + 400];
    double cpu[NH];
};

/* Learning window: 8 weeks from JST Monday 2026-04-06 00:00 = UTC Sunday
 * 2026-04-05 15:00 (contains Golden Week); plan from Monday 2026-06-01. */
static void setup(struct fixture *f)
{
    struct err e;
    mdl_sched_params_default(&f->p);
    int32_t first = date_from_civil(2026, 4, 6);
    f->p.hour_from = (int64_t)date_from_civil(2026, 4, 5) * 24 + 15;
    f->p.nhours = NH;
    f->p.off_first_day = first;
    f->p.off_ndays = sizeof f->off;
    f->p.off = f->off;
    f->p.plan_first_day = date_from_civil(2026, 6, 1);
    struct calendar cal;
    calendar_init(&cal, 1);
    assert_int_equal(calendar_off_days(&cal, first, sizeof f->off, f->off, &e), ST_OK);
    calendar_release(&cal);
}

/* Sample i is JST weekday (i / 24) % 7 (0 = Monday), hour i % 24, day i / 24
 * of the window - by construction of hour_from, not through calendar.c. */
static void office_hours(struct fixture *f, int from, int to)
{
    for (size_t i = 0; i < NH; i++) {
        int wd = (int)(i / 24) % 7, h = (int)(i % 24);
        int closed = f->off[i / 24];
        f->cpu[i] = (wd < 5 && !closed && h >= from && h < to) ? 45.0 : 1.0;
    }
}

static void test_office_vm(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    office_hours(&f, 9, 18);
    f.cpu[3 * 168 + 24 * 2 + 23] = 90; /* one spike on a Wednesday 23:00: noise */
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = 100.0};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    for (int w = 0; w < 5; w++) {
        assert_int_equal(r.win[w].start, 8); /* 1 h margin before 09:00 */
        assert_int_equal(r.win[w].stop, 19); /* and after the 17:00-18:00 hour */
    }
    assert_int_equal(r.win[5].stop - r.win[5].start, 0);
    assert_int_equal(r.win[6].stop - r.win[6].start, 0);
    char text[128];
    assert_string_equal(mdl_sched_format(&r, text, sizeof text),
                        "mon-fri 08:00-19:00; holidays off");
    /* off on a holiday: 2026-07-20 (海の日, a Monday) and the closure */
    struct mdl_sched_window w = mdl_sched_day(&r, 1, date_from_civil(2026, 7, 20));
    assert_int_equal(w.stop - w.start, 0);
    w = mdl_sched_day(&r, 0, date_from_civil(2026, 7, 21));
    assert_int_equal(w.start, 8);
    /* by hand: 2026-06-01 .. 2027-05-31 has 261 weekdays, 20 of them closed
     * (8 holidays in 2026, 12/29-1/1, 8 holidays or substitutes in 2027):
     * 241 days x 11 h = 2651 h; before 24 x 365 = 8760 h */
    assert_rel_close(r.hours_week_before, 168.0, 1e-12);
    assert_rel_close(r.hours_week_after, 55.0, 1e-12);
    assert_rel_close(r.hours_year_before, 8760.0, 1e-12);
    assert_rel_close(r.hours_year_after, 2651.0, 1e-12);
    assert_rel_close(r.monthly_savings, (8760.0 - 2651.0) / 12.0 * 100.0, 1e-12);
}

static void test_holiday_activity_not_learned(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    office_hours(&f, 9, 18);
    /* busy all of Golden Week 2026-05-03..05-06 (closed days) at 03:00 too */
    for (size_t i = 0; i < NH; i++)
        if (f.off[i / 24])
            f.cpu[i] = 60.0;
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = NAN};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    assert_int_equal(r.win[0].start, 8);
    assert_true(isnan(r.monthly_savings));
}

static void test_batch_vm(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    office_hours(&f, 9, 18);
    for (size_t i = 0; i < NH; i++)
        if (i % 24 == 2)
            f.cpu[i] = 85.0; /* nightly job at 02:00 JST */
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = 100.0};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_BATCH);
    assert_non_null(strstr(r.reason, "02:00 JST"));
    assert_rel_close(r.hours_year_after, r.hours_year_before, 1e-12);
    assert_rel_close(r.monthly_savings + 1.0, 1.0, 1e-12);
    char text[64];
    assert_string_equal(mdl_sched_format(&r, text, sizeof text), "always on");
    struct mdl_sched_window w = mdl_sched_day(&r, 1, f.p.plan_first_day);
    assert_int_equal(w.stop - w.start, 24);
}

static void test_utc_night_is_jst_day(void **state)
{
    (void)state;
    /* busy UTC 00:00-08:59 = JST 09:00-17:59: an office VM, not a night batch */
    struct fixture f;
    setup(&f);
    for (size_t i = 0; i < NH; i++) {
        int64_t utc = f.p.hour_from + (int64_t)i;
        int uh = (int)(utc % 24);
        int wd = (int)(i / 24) % 7;
        f.cpu[i] = (wd < 5 && !f.off[i / 24] && uh < 9) ? 50 : 0.5;
    }
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = 10};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    assert_int_equal(r.win[2].start, 8);
    assert_int_equal(r.win[2].stop, 19);
}

static void test_always_on_and_reserved(void **state)
{
    (void)state;
    assert_true(mdl_sched_tag_always_on("{\"always-on\":\"yes\"}", NULL, NULL));
    assert_true(mdl_sched_tag_always_on("{\"Always-On\":true}", NULL, NULL));
    assert_true(mdl_sched_tag_always_on("{\"always-on\":1}", NULL, NULL));
    assert_true(
        mdl_sched_tag_always_on("{\"env\":\"prod\",\"Schedule\":\"Always-On\"}", NULL, NULL));
    assert_false(mdl_sched_tag_always_on("{\"always-on\":\"no\"}", NULL, NULL));
    assert_false(mdl_sched_tag_always_on("{}", NULL, NULL));
    assert_false(mdl_sched_tag_always_on("not json", NULL, NULL));
    assert_true(mdl_sched_tag_always_on("{\"24x7\":\"y\"}", "24x7", "Y"));
    assert_false(mdl_sched_tag_always_on("{\"always-on\":\"yes\"}", "24x7", NULL));

    struct fixture f;
    setup(&f);
    office_hours(&f, 9, 18);
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = 100.0, .always_on = 1};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_ALWAYS_ON);
    vm.always_on = 0;
    vm.reserved = 1;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_RESERVED);
    assert_non_null(strstr(r.reason, "reservation"));
    assert_rel_close(r.hours_week_before, 168.0, 1e-12);
}

static void test_insufficient_and_busy(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    for (size_t i = 0; i < NH; i++)
        f.cpu[i] = i >= NH - 5 * 24 ? 30.0 : NAN; /* only the last 5 days */
    struct mdl_sched_vm vm = {.cpu = f.cpu, .hourly_price = 100.0};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_NO_DATA);
    for (size_t i = 0; i < NH; i++)
        f.cpu[i] = (i % 24 >= 6) ? 70.0 : 2.0; /* busy 06:00-24:00 every day */
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP); /* 05:00-24:00 every day, idle 0-5 */
    assert_int_equal(r.win[6].start, 5);
    for (size_t i = 0; i < NH; i++)
        f.cpu[i] = 70.0;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_BUSY); /* around the clock, not a night batch */
    assert_non_null(strstr(r.reason, "around the clock"));
    /* flags that do not cover the plan are a usage error */
    f.p.off_ndays = 10;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_USAGE);
}

static void test_costs_fallback(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    double daily[WEEKS * 7];
    for (size_t i = 0; i < WEEKS * 7; i++)
        daily[i] = (i % 7) < 5 ? 12.0 : 0.0; /* from Monday 2026-04-06 */
    struct mdl_sched_vm vm = {.daily_hours = daily,
                              .daily_first_day = date_from_civil(2026, 4, 6),
                              .ndaily = WEEKS * 7,
                              .hourly_price = 50.0};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    assert_int_equal(r.from_costs, 1);
    char text[128];
    assert_string_equal(mdl_sched_format(&r, text, sizeof text),
                        "mon-fri 08:00-20:00; holidays off");
    /* before: 60 billed hours a week (holidays included in the mean: they were
     * billed 12 h like any weekday here) */
    assert_rel_close(r.hours_week_before, 60.0, 1e-12);
    assert_rel_close(r.hours_year_after, 241.0 * 12.0, 1e-12);
    for (size_t i = 0; i < WEEKS * 7; i++)
        daily[i] = 24.0;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_NO_DATA);
    assert_non_null(strstr(r.reason, "around the clock"));
}

static void test_masks_match_hours_and_idle_vm(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    office_hours(&f, 9, 18);
    uint32_t seen[WEEKS * 7], active[WEEKS * 7];
    int32_t first = f.p.off_first_day;
    mdl_sched_hour_masks(&f.p, f.p.hour_from, NH, f.cpu, NULL, first, WEEKS * 7, seen, active);
    assert_int_equal(seen[0], 0xFFFFFFu);
    assert_int_equal(active[0], 0x3FE00u); /* Monday 09:00-17:59 = bits 9..17 */
    assert_int_equal(active[5], 0);        /* Saturday */
    struct mdl_sched_vm vm = {.seen = seen,
                              .active = active,
                              .mask_first_day = first,
                              .nmask_days = WEEKS * 7,
                              .hourly_price = 100.0};
    struct mdl_sched_result r;
    struct err e;
    assert_int_equal(mdl_sched_vm(&f.p, &vm, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    assert_int_equal(r.win[0].start, 8);
    assert_int_equal(r.win[0].stop, 19);
    assert_rel_close(r.hours_year_after, 2651.0, 1e-12);
    /* a VM that is never busy: off all week */
    for (size_t i = 0; i < NH; i++)
        f.cpu[i] = 0.5;
    struct mdl_sched_vm idle = {.cpu = f.cpu, .hourly_price = 10.0};
    assert_int_equal(mdl_sched_vm(&f.p, &idle, &r, &e), ST_OK);
    assert_int_equal(r.verdict, MDL_SCHED_STOP);
    char text[64];
    assert_string_equal(mdl_sched_format(&r, text, sizeof text), "always off");
    assert_non_null(strstr(r.reason, "deallocate"));
    assert_rel_close(r.hours_year_after + 1.0, 1.0, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_office_vm),
        cmocka_unit_test(test_holiday_activity_not_learned),
        cmocka_unit_test(test_batch_vm),
        cmocka_unit_test(test_utc_night_is_jst_day),
        cmocka_unit_test(test_always_on_and_reserved),
        cmocka_unit_test(test_insufficient_and_busy),
        cmocka_unit_test(test_costs_fallback),
        cmocka_unit_test(test_masks_match_hours_and_idle_vm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
