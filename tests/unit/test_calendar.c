/*
 * test_calendar.c - Japanese holidays against the Cabinet Office (内閣府)
 * published lists, equinox days, the closure, user days and JST arithmetic.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"

/* Compare a year's national holidays with "MM-DD name" lines. */
static void expect_year(int year, const char *const *want, size_t nwant)
{
    struct cal_day v[CAL_MAX_PER_YEAR];
    size_t n = cal_national_holidays(year, v, CAL_MAX_PER_YEAR);
    char got[160], exp[160];
    for (size_t i = 0; i < n && i < nwant; i++) {
        int y, m, d;
        date_to_civil(v[i].day, &y, &m, &d);
        snprintf(got, sizeof got, "%02d-%02d %s", m, d, v[i].name);
        snprintf(exp, sizeof exp, "%s", want[i]);
        assert_string_equal(got, exp);
    }
    assert_int_equal(n, nwant);
}

static void test_2019_enthronement(void **state)
{
    (void)state;
    static const char *const want[] = {
        "01-01 元日",       "01-14 成人の日",     "02-11 建国記念の日",   "03-21 春分の日",
        "04-29 昭和の日",   "04-30 国民の休日",   "05-01 天皇の即位の日", "05-02 国民の休日",
        "05-03 憲法記念日", "05-04 みどりの日",   "05-05 こどもの日",     "05-06 振替休日",
        "07-15 海の日",     "08-11 山の日",       "08-12 振替休日",       "09-16 敬老の日",
        "09-23 秋分の日",   "10-14 体育の日",     "10-22 即位礼正殿の儀", "11-03 文化の日",
        "11-04 振替休日",   "11-23 勤労感謝の日",
    };
    expect_year(2019, want, sizeof want / sizeof want[0]);
}

static void test_2020_olympics(void **state)
{
    (void)state;
    static const char *const want[] = {
        "01-01 元日",         "01-13 成人の日",     "02-11 建国記念の日", "02-23 天皇誕生日",
        "02-24 振替休日",     "03-20 春分の日",     "04-29 昭和の日",     "05-03 憲法記念日",
        "05-04 みどりの日",   "05-05 こどもの日",   "05-06 振替休日",     "07-23 海の日",
        "07-24 スポーツの日", "08-10 山の日",       "09-21 敬老の日",     "09-22 秋分の日",
        "11-03 文化の日",     "11-23 勤労感謝の日",
    };
    expect_year(2020, want, sizeof want / sizeof want[0]);
}

static void test_2021_olympics(void **state)
{
    (void)state;
    static const char *const want[] = {
        "01-01 元日",         "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
        "03-20 春分の日",     "04-29 昭和の日", "05-03 憲法記念日",   "05-04 みどりの日",
        "05-05 こどもの日",   "07-22 海の日",   "07-23 スポーツの日", "08-08 山の日",
        "08-09 振替休日",     "09-20 敬老の日", "09-23 秋分の日",     "11-03 文化の日",
        "11-23 勤労感謝の日",
    };
    expect_year(2021, want, sizeof want / sizeof want[0]);
}

static void test_citizens_holiday(void **state)
{
    (void)state;
    static const char *const want2015[] = {
        "01-01 元日",       "01-12 成人の日",   "02-11 建国記念の日", "03-21 春分の日",
        "04-29 昭和の日",   "05-03 憲法記念日", "05-04 みどりの日",   "05-05 こどもの日",
        "05-06 振替休日",   "07-20 海の日",     "09-21 敬老の日",     "09-22 国民の休日",
        "09-23 秋分の日",   "10-12 体育の日",   "11-03 文化の日",     "11-23 勤労感謝の日",
        "12-23 天皇誕生日",
    };
    expect_year(2015, want2015, sizeof want2015 / sizeof want2015[0]);
    static const char *const want2026[] = {
        "01-01 元日",       "01-12 成人の日",     "02-11 建国記念の日", "02-23 天皇誕生日",
        "03-20 春分の日",   "04-29 昭和の日",     "05-03 憲法記念日",   "05-04 みどりの日",
        "05-05 こどもの日", "05-06 振替休日",     "07-20 海の日",       "08-11 山の日",
        "09-21 敬老の日",   "09-22 国民の休日",   "09-23 秋分の日",     "10-12 スポーツの日",
        "11-03 文化の日",   "11-23 勤労感謝の日",
    };
    expect_year(2026, want2026, sizeof want2026 / sizeof want2026[0]);
}

static int is_holiday(int y, int m, int d, const char *name)
{
    struct cal_day v[CAL_MAX_PER_YEAR];
    size_t n = cal_national_holidays(y, v, CAL_MAX_PER_YEAR);
    int32_t day = date_from_civil(y, m, d);
    for (size_t i = 0; i < n; i++)
        if (v[i].day == day)
            return name == NULL || strcmp(v[i].name, name) == 0;
    return 0;
}

static void test_history(void **state)
{
    (void)state;
    /* 天皇誕生日 moves with the reign; none in 2019 */
    assert_true(is_holiday(1988, 4, 29, "天皇誕生日"));
    assert_true(is_holiday(1989, 4, 29, "みどりの日"));
    assert_true(is_holiday(2018, 12, 23, "天皇誕生日"));
    assert_false(is_holiday(2019, 12, 23, NULL));
    assert_false(is_holiday(2019, 2, 23, NULL));
    /* Happy Monday changes */
    assert_true(is_holiday(1999, 1, 15, "成人の日"));
    assert_true(is_holiday(2000, 1, 10, "成人の日"));
    assert_true(is_holiday(1999, 10, 10, "体育の日"));
    assert_true(is_holiday(2000, 10, 9, "体育の日"));
    assert_true(is_holiday(2002, 7, 20, "海の日"));
    assert_true(is_holiday(2003, 7, 21, "海の日"));
    assert_false(is_holiday(1995, 7, 20, NULL));
    assert_true(is_holiday(2002, 9, 15, "敬老の日"));
    assert_true(is_holiday(2003, 9, 15, "敬老の日")); /* 3rd Monday happened to be the 15th */
    assert_true(is_holiday(2004, 9, 20, "敬老の日"));
    assert_false(is_holiday(2015, 8, 11, NULL));
    assert_true(is_holiday(2016, 8, 11, "山の日"));
    assert_false(is_holiday(1966, 2, 11, NULL));
    assert_true(is_holiday(1967, 2, 11, "建国記念の日"));
    /* one-offs */
    assert_true(is_holiday(1959, 4, 10, "皇太子明仁親王の結婚の儀"));
    assert_true(is_holiday(1989, 2, 24, "昭和天皇の大喪の礼"));
    assert_true(is_holiday(1990, 11, 12, "即位礼正殿の儀"));
    assert_true(is_holiday(1993, 6, 9, "皇太子徳仁親王の結婚の儀"));
    /* substitute holidays: none before 1973-04-12, next-day rule until 2006 */
    assert_false(is_holiday(1972, 1, 16, NULL)); /* 1/15 1972 was a Sunday */
    assert_true(is_holiday(1973, 4, 30, "振替休日"));
    assert_true(is_holiday(1973, 9, 24, "振替休日"));
    assert_true(is_holiday(2008, 5, 6, "振替休日")); /* 5/4 Sunday: 2007 rule skips 5/5 */
    assert_true(is_holiday(1998, 5, 4, "振替休日")); /* 5/3 Sunday before 2007 */
    assert_true(is_holiday(1988, 5, 4, "国民の休日"));
    /* 1948: only from 7/20 */
    assert_false(is_holiday(1948, 1, 1, NULL));
    assert_true(is_holiday(1948, 9, 23, "秋分の日"));
    assert_int_equal(cal_national_holidays(1947, NULL, 0), 0);
    assert_int_equal(cal_national_holidays(2100, NULL, 0), 0);
    /* every year in range has a plausible count and sorted unique days */
    for (int y = 1949; y <= 2099; y++) {
        struct cal_day v[CAL_MAX_PER_YEAR];
        size_t n = cal_national_holidays(y, v, CAL_MAX_PER_YEAR);
        assert_true(n >= 9 && n <= 25);
        for (size_t i = 1; i < n; i++)
            assert_true(v[i].day > v[i - 1].day);
    }
}

static void test_equinox(void **state)
{
    (void)state;
    static const int known[][3] = {
        {1960, 20, 23}, {1979, 21, 24}, {1990, 21, 23}, {2000, 20, 23}, {2012, 20, 22},
        {2023, 21, 23}, {2024, 20, 22}, {2025, 20, 23}, {2026, 20, 23}, {2030, 20, 23},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        assert_int_equal(cal_vernal_equinox(known[i][0]), known[i][1]);
        assert_int_equal(cal_autumnal_equinox(known[i][0]), known[i][2]);
    }
}

static void test_calendar_closure_and_user(void **state)
{
    (void)state;
    struct calendar c;
    struct err e;
    calendar_init(&c, 1);
    const char csv[] = "\xEF\xBB\xBF"
                       "date,kind,name\n"
                       "2026-06-15,closed,市制記念日\n"
                       "# comment\n"
                       "\n"
                       "2026-12-29,open,\"予算編成, 出勤\"\r\n";
    assert_int_equal(calendar_parse_csv(&c, csv, sizeof csv - 1, "cal.csv", &e), ST_OK);
    assert_int_equal(c.nuser, 2);
    unsigned char off[10];
    int32_t from = date_from_civil(2026, 12, 27);
    calendar_off_days(&c, from, 10, off, &e);
    /* 12/27 Sun, 12/28 Mon open, 12/29 opened by user, 12/30-1/3 closed, 1/4 open,
     * 1/5 open */
    static const unsigned char want[10] = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
    assert_memory_equal(off, want, 10);
    struct cal_day *v;
    size_t n;
    assert_int_equal(calendar_year(&c, 2026, &v, &n, &e), ST_OK);
    int found_user = 0, found_closure = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind == CAL_USER_CLOSED && strcmp(v[i].name, "市制記念日") == 0)
            found_user = 1;
        if (v[i].kind == CAL_CLOSURE)
            found_closure++;
        if (v[i].kind == CAL_USER_OPEN)
            assert_string_equal(v[i].name, "予算編成, 出勤");
    }
    assert_true(found_user);
    assert_int_equal(found_closure, 4); /* 1/2, 1/3, 12/30, 12/31 (12/29 opened; 1/1 is 元日) */
    free(v);

    const char bad[] = "2026-06-15,closed,x\n2026-13-01,closed,y\n";
    assert_int_equal(calendar_parse_csv(&c, bad, sizeof bad - 1, "cal.csv", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "cal.csv:2: field 'date'"));
    const char bad2[] = "2026-06-15,shut,x\n";
    assert_int_equal(calendar_parse_csv(&c, bad2, sizeof bad2 - 1, "cal.csv", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "cal.csv:1: field 'kind'"));
    calendar_release(&c);

    /* without the closure, 12/29-12/31 are ordinary days */
    calendar_init(&c, 0);
    calendar_off_days(&c, date_from_civil(2026, 12, 29), 5, off, &e);
    static const unsigned char want2[5] = {0, 0, 0, 1, 0};
    assert_memory_equal(off, want2, 5);
    calendar_release(&c);
}

static void test_jst(void **state)
{
    (void)state;
    int32_t day;
    int hour;
    char iso[CAL_ISO_JST_LEN];
    /* UTC 2026-01-05 15:00 = JST 2026-01-06 00:00 */
    int64_t h = (int64_t)date_from_civil(2026, 1, 5) * 24 + 15;
    cal_jst_of_utc_hour(h, &day, &hour);
    assert_int_equal(day, date_from_civil(2026, 1, 6));
    assert_int_equal(hour, 0);
    cal_jst_of_utc_hour(h - 1, &day, &hour); /* UTC 14:00 = JST 23:00 same day */
    assert_int_equal(day, date_from_civil(2026, 1, 5));
    assert_int_equal(hour, 23);
    assert_int_equal(cal_utc_hour_of_jst(date_from_civil(2026, 1, 6), 0), h);
    /* year boundary and before the epoch */
    h = (int64_t)date_from_civil(2025, 12, 31) * 24 + 15;
    cal_jst_of_utc_hour(h, &day, &hour);
    assert_int_equal(day, date_from_civil(2026, 1, 1));
    assert_int_equal(hour, 0);
    cal_jst_of_utc_hour(-10, &day, &hour); /* 1969-12-31T14:00Z = 23:00 JST */
    assert_int_equal(day, -1);
    assert_int_equal(hour, 23);
    assert_string_equal(cal_format_jst(date_from_civil(2026, 3, 31), 8, iso),
                        "2026-03-31T08:00:00+09:00");
    assert_string_equal(cal_format_jst(date_from_civil(2026, 3, 31), 24, iso),
                        "2026-04-01T00:00:00+09:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2019_enthronement),
        cmocka_unit_test(test_2020_olympics),
        cmocka_unit_test(test_2021_olympics),
        cmocka_unit_test(test_citizens_holiday),
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_equinox),
        cmocka_unit_test(test_calendar_closure_and_user),
        cmocka_unit_test(test_jst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
