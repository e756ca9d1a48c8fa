/*
 * calendar.c - Japanese public holidays by the rules of 国民の祝日に関する法律
 * (1948-07-20 onwards, with every amendment), the 年末年始 closure, user
 * calendar days and JST hour arithmetic. Pure computation: no TZ database,
 * no files (the user CSV arrives as text).
 */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "utf8.h"

/* ---- national holidays ---- */

/* Day of the month of the n-th Monday (n >= 1) of y-m. */
static int nth_monday(int y, int m, int n)
{
    int wd = date_weekday(date_from_civil(y, m, 1)); /* 0 = Monday */
    int first = 1 + (7 - wd) % 7;
    return first + 7 * (n - 1);
}

static int equinox(int year, double c1900, double c1980)
{
    /* int(C + 0.242194 (Y - 1980) - int((Y - 1980) / 4)) for 1980-2099;
     * before 1980 the published constant goes with int((Y - 1983) / 4).
     * C truncation toward zero matches the formula's int(). */
    if (year < 1980)
        return (int)(c1900 + 0.242194 * (year - 1980) - (double)((year - 1983) / 4));
    return (int)(c1980 + 0.242194 * (year - 1980) - (double)((year - 1980) / 4));
}

int cal_vernal_equinox(int year)
{
    return equinox(year, 20.8357, 20.8431);
}

int cal_autumnal_equinox(int year)
{
    return equinox(year, 23.2588, 23.2488);
}

struct hol_list {
    struct cal_day v[CAL_MAX_PER_YEAR]; /* sorted after build */
    size_t n;                           /* entries used */
};

static void add(struct hol_list *l, int y, int m, int d, enum cal_kind kind, const char *name)
{
    if (l->n >= CAL_MAX_PER_YEAR)
        return;
    struct cal_day *c = &l->v[l->n++];
    c->day = date_from_civil(y, m, d);
    c->kind = kind;
    snprintf(c->name, sizeof c->name, "%s", name);
}

static int cmp_day(const void *a, const void *b)
{
    const struct cal_day *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static int find(const struct hol_list *l, int32_t day)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].day == day)
            return (int)i;
    return -1;
}

/* The 国民の祝日 proper (article 2 and the special laws), unsorted. */
static void fixed_and_moving(int y, struct hol_list *l)
{
    add(l, y, 1, 1, CAL_NATIONAL, "元日");
    if (y < 2000)
        add(l, y, 1, 15, CAL_NATIONAL, "成人の日");
    else
        add(l, y, 1, nth_monday(y, 1, 2), CAL_NATIONAL, "成人の日");
    if (y >= 1967)
        add(l, y, 2, 11, CAL_NATIONAL, "建国記念の日");
    if (y >= 2020)
        add(l, y, 2, 23, CAL_NATIONAL, "天皇誕生日");
    add(l, y, 3, cal_vernal_equinox(y), CAL_NATIONAL, "春分の日");
    if (y <= 1988)
        add(l, y, 4, 29, CAL_NATIONAL, "天皇誕生日");
    else if (y <= 2006)
        add(l, y, 4, 29, CAL_NATIONAL, "みどりの日");
    else
        add(l, y, 4, 29, CAL_NATIONAL, "昭和の日");
    add(l, y, 5, 3, CAL_NATIONAL, "憲法記念日");
    if (y >= 2007)
        add(l, y, 5, 4, CAL_NATIONAL, "みどりの日");
    add(l, y, 5, 5, CAL_NATIONAL, "こどもの日");
    if (y == 2020)
        add(l, y, 7, 23, CAL_NATIONAL, "海の日");
    else if (y == 2021)
        add(l, y, 7, 22, CAL_NATIONAL, "海の日");
    else if (y >= 2003)
        add(l, y, 7, nth_monday(y, 7, 3), CAL_NATIONAL, "海の日");
    else if (y >= 1996)
        add(l, y, 7, 20, CAL_NATIONAL, "海の日");
    if (y == 2020)
        add(l, y, 8, 10, CAL_NATIONAL, "山の日");
    else if (y == 2021)
        add(l, y, 8, 8, CAL_NATIONAL, "山の日");
    else if (y >= 2016)
        add(l, y, 8, 11, CAL_NATIONAL, "山の日");
    if (y >= 2003)
        add(l, y, 9, nth_monday(y, 9, 3), CAL_NATIONAL, "敬老の日");
    else if (y >= 1966)
        add(l, y, 9, 15, CAL_NATIONAL, "敬老の日");
    add(l, y, 9, cal_autumnal_equinox(y), CAL_NATIONAL, "秋分の日");
    if (y == 2020)
        add(l, y, 7, 24, CAL_NATIONAL, "スポーツの日");
    else if (y == 2021)
        add(l, y, 7, 23, CAL_NATIONAL, "スポーツの日");
    else if (y >= 2020)
        add(l, y, 10, nth_monday(y, 10, 2), CAL_NATIONAL, "スポーツの日");
    else if (y >= 2000)
        add(l, y, 10, nth_monday(y, 10, 2), CAL_NATIONAL, "体育の日");
    else if (y >= 1966)
        add(l, y, 10, 10, CAL_NATIONAL, "体育の日");
    add(l, y, 11, 3, CAL_NATIONAL, "文化の日");
    add(l, y, 11, 23, CAL_NATIONAL, "勤労感謝の日");
    if (y >= 1989 && y <= 2018)
        add(l, y, 12, 23, CAL_NATIONAL, "天皇誕生日");
    /* one-off holidays by special laws */
    if (y == 1959)
        add(l, y, 4, 10, CAL_NATIONAL, "皇太子明仁親王の結婚の儀");
    if (y == 1989)
        add(l, y, 2, 24, CAL_NATIONAL, "昭和天皇の大喪の礼");
    if (y == 1990)
        add(l, y, 11, 12, CAL_NATIONAL, "即位礼正殿の儀");
    if (y == 1993)
        add(l, y, 6, 9, CAL_NATIONAL, "皇太子徳仁親王の結婚の儀");
    if (y == 2019) {
        add(l, y, 5, 1, CAL_NATIONAL, "天皇の即位の日");
        add(l, y, 10, 22, CAL_NATIONAL, "即位礼正殿の儀");
    }
}

size_t cal_national_holidays(int year, struct cal_day *out, size_t cap)
{
    if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
        return 0;
    struct hol_list l;
    l.n = 0;
    fixed_and_moving(year, &l);
    /* the law took effect on 1948-07-20 */
    int32_t law_start = date_from_civil(1948, 7, 20);
    size_t kept = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].day >= law_start)
            l.v[kept++] = l.v[i];
    l.n = kept;
    qsort(l.v, l.n, sizeof l.v[0], cmp_day);
    size_t nnational = l.n;

    /* 振替休日: from 1973-04-12 a holiday on a Sunday moves the day off to
     * the next day (1973-2006), or to the next day that is not a national
     * holiday (2007 amendment). Until 2006 the substitute rule was applied
     * before the citizens' holiday, which excluded substitute days. */
    int32_t subst_start = date_from_civil(1973, 4, 12);
    for (size_t i = 0; i < nnational; i++) {
        int32_t d = l.v[i].day;
        if (d < subst_start || date_weekday(d) != 6)
            continue;
        int32_t next = d + 1;
        if (year >= 2007) {
            while (find(&l, next) >= 0)
                next++;
        } else if (find(&l, next) >= 0) {
            continue;
        }
        int yy, mm, dd;
        date_to_civil(next, &yy, &mm, &dd);
        if (yy == year)
            add(&l, yy, mm, dd, CAL_SUBSTITUTE, "振替休日");
    }
    /* 国民の休日: from 1985-12-27 a day whose previous and next days are
     * national holidays is a day off, when it is not a holiday itself
     * (until 2006 also not a Sunday or a substitute day). */
    if (year >= 1985) {
        int32_t citizens_start = date_from_civil(1985, 12, 27);
        for (size_t i = 0; i < nnational; i++) {
            int32_t mid = l.v[i].day + 1;
            if (mid < citizens_start)
                continue;
            int nxt = -1;
            for (size_t j = 0; j < nnational; j++)
                if (l.v[j].day == mid + 1)
                    nxt = (int)j;
            if (nxt < 0 || find(&l, mid) >= 0)
                continue;
            if (year < 2007 && date_weekday(mid) == 6)
                continue;
            int yy, mm, dd;
            date_to_civil(mid, &yy, &mm, &dd);
            add(&l, yy, mm, dd, CAL_CITIZENS, "国民の休日");
        }
    }
    qsort(l.v, l.n, sizeof l.v[0], cmp_day);
    size_t n = l.n < cap ? l.n : cap;
    if (out && n)
        memcpy(out, l.v, n * sizeof out[0]);
    return l.n;
}

/* ---- calendar with closure and user days ---- */

void calendar_init(struct calendar *c, int closure)
{
    memset(c, 0, sizeof *c);
    c->closure = closure;
}

void calendar_release(struct calendar *c)
{
    free(c->user);
    memset(c, 0, sizeof *c);
}

/* Add a user day (closed = 1 closed, 0 open). A later entry for the same
 * day wins. name may be NULL. */
static enum status calendar_add_user(struct calendar *c, int32_t day, int closed, const char *name,
                                     struct err *e)
{
    if (c->nuser == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        struct cal_day *nv = realloc(c->user, ncap * sizeof *nv);
        if (!nv)
            return err_set(e, ST_NOMEM, "out of memory");
        c->user = nv;
        c->cap = ncap;
    }
    struct cal_day *u = &c->user[c->nuser++];
    u->day = day;
    u->kind = closed ? CAL_USER_CLOSED : CAL_USER_OPEN;
    utf8_copy(u->name, sizeof u->name, name && *name ? name : (closed ? "休業日" : "開庁日"));
    return ST_OK;
}

/* Trim spaces and one pair of surrounding double quotes from [*s, *end). */
static void trim_field(const char **s, const char **end)
{
    while (*s < *end && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r'))
        (*end)--;
    if (*end - *s >= 2 && **s == '"' && (*end)[-1] == '"') {
        (*s)++;
        (*end)--;
    }
}

enum status calendar_parse_csv(struct calendar *c, const char *text, size_t len, const char *fname,
                               struct err *e)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    long line = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        line++;
        const char *f[3], *fe[3];
        const char *q = p;
        int nf = 0;
        while (nf < 3) {
            const char *comma = nf < 2 ? memchr(q, ',', (size_t)(eol - q)) : NULL;
            f[nf] = q;
            fe[nf] = comma ? comma : eol;
            trim_field(&f[nf], &fe[nf]);
            nf++;
            if (!comma)
                break;
            q = comma + 1;
        }
        const char *next = eol < end ? eol + 1 : end;
        size_t l0 = (size_t)(fe[0] - f[0]);
        if ((nf == 1 && l0 == 0) || (l0 > 0 && f[0][0] == '#')) {
            p = next;
            continue;
        }
        if (line == 1 && l0 == 4 && strncmp(f[0], "date", 4) == 0) {
            p = next;
            continue;
        }
        int32_t day;
        if (date_parse(f[0], l0, &day) != 0)
            return err_set(e, ST_PARSE, "%s:%ld: field 'date': expected YYYY-MM-DD, got '%.*s'",
                           fname, line, (int)(l0 > 40 ? 40 : l0), f[0]);
        if (nf < 2)
            return err_set(e, ST_PARSE, "%s:%ld: field 'kind': missing (closed or open)", fname,
                           line);
        size_t l1 = (size_t)(fe[1] - f[1]);
        int closed;
        if (l1 == 6 && strncmp(f[1], "closed", 6) == 0)
            closed = 1;
        else if (l1 == 4 && strncmp(f[1], "open", 4) == 0)
            closed = 0;
        else
            return err_set(e, ST_PARSE, "%s:%ld: field 'kind': expected closed or open, got '%.*s'",
                           fname, line, (int)(l1 > 40 ? 40 : l1), f[1]);
        char name[CAL_NAME_MAX] = "";
        if (nf == 3) {
            size_t l2 = (size_t)(fe[2] - f[2]);
            if (l2 >= sizeof name)
                return err_set(e, ST_PARSE, "%s:%ld: field 'name': longer than %d bytes", fname,
                               line, CAL_NAME_MAX - 1);
            if (utf8_check(f[2], l2, fname, line, "name", e) != ST_OK)
                return ST_PARSE;
            memcpy(name, f[2], l2);
            name[l2] = '\0';
        }
        enum status st = calendar_add_user(c, day, closed, name, e);
        if (st != ST_OK)
            return st;
        p = next;
    }
    return ST_OK;
}

/* The user entry that decides day (the last one for it), or NULL. */
static const struct cal_day *user_for(const struct calendar *c, int32_t day)
{
    for (size_t i = c->nuser; i > 0; i--)
        if (c->user[i - 1].day == day)
            return &c->user[i - 1];
    return NULL;
}

static int in_closure(int32_t day)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    return (m == 12 && d >= 29) || (m == 1 && d <= 3);
}

enum status calendar_year(const struct calendar *c, int year, struct cal_day **out, size_t *n,
                          struct err *e)
{
    struct cal_day nat[CAL_MAX_PER_YEAR];
    size_t nn = cal_national_holidays(year, nat, CAL_MAX_PER_YEAR);
    int32_t first = date_from_civil(year, 1, 1), last = date_from_civil(year, 12, 31);
    size_t cap = nn + 6 + c->nuser;
    struct cal_day *v = malloc(cap * sizeof *v);
    if (!v)
        return err_set(e, ST_NOMEM, "out of memory");
    size_t k = 0;
    for (int32_t d = first; d <= last; d++) {
        const struct cal_day *u = user_for(c, d);
        const struct cal_day *h = NULL;
        for (size_t i = 0; i < nn; i++)
            if (nat[i].day == d)
                h = &nat[i];
        if (u)
            v[k++] = *u;
        else if (h)
            v[k++] = *h;
        else if (c->closure && in_closure(d)) {
            v[k].day = d;
            v[k].kind = CAL_CLOSURE;
            snprintf(v[k].name, sizeof v[k].name, "%s", "年末年始");
            k++;
        }
    }
    *out = v;
    *n = k;
    return ST_OK;
}

enum status calendar_off_days(const struct calendar *c, int32_t from, size_t n, unsigned char *off,
                              struct err *e)
{
    (void)e;
    memset(off, 0, n);
    int y0, y1, m, d;
    if (n == 0)
        return ST_OK;
    date_to_civil(from, &y0, &m, &d);
    date_to_civil(from + (int32_t)n - 1, &y1, &m, &d);
    for (int y = y0; y <= y1; y++) {
        struct cal_day nat[CAL_MAX_PER_YEAR];
        size_t nn = cal_national_holidays(y, nat, CAL_MAX_PER_YEAR);
        for (size_t i = 0; i < nn; i++) {
            int64_t k = (int64_t)nat[i].day - from;
            if (k >= 0 && k < (int64_t)n)
                off[k] = 1;
        }
    }
    if (c && c->closure)
        for (size_t i = 0; i < n; i++)
            if (in_closure(from + (int32_t)i))
                off[i] = 1;
    if (c)
        for (size_t i = 0; i < c->nuser; i++) { /* in file order: the last one wins */
            int64_t k = (int64_t)c->user[i].day - from;
            if (k >= 0 && k < (int64_t)n)
                off[k] = c->user[i].kind == CAL_USER_CLOSED;
        }
    return ST_OK;
}

enum status calendar_day_classes(const struct calendar *c, int32_t from, size_t n,
                                 unsigned char *cls, struct err *e)
{
    enum status st = calendar_off_days(c, from, n, cls, e);
    for (size_t i = 0; st == ST_OK && i < n; i++)
        cls[i] = cls[i] ? CAL_CLASS_CLOSED : (unsigned char)date_weekday(from + (int32_t)i);
    return st;
}

const char *cal_kind_name(enum cal_kind k)
{
    switch (k) {
    case CAL_NATIONAL:
        return "holiday";
    case CAL_SUBSTITUTE:
        return "substitute";
    case CAL_CITIZENS:
        return "citizens";
    case CAL_CLOSURE:
        return "closure";
    case CAL_USER_CLOSED:
        return "closed";
    case CAL_USER_OPEN:
        return "open";
    }
    return "?";
}

/* ---- JST ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

void cal_jst_of_utc_hour(int64_t utc_hour, int32_t *jst_day, int *jst_hour)
{
    int64_t local = utc_hour + 9;
    int64_t day = floor_div(local, 24);
    *jst_day = (int32_t)day;
    *jst_hour = (int)(local - day * 24);
}

int64_t cal_utc_hour_of_jst(int32_t jst_day, int jst_hour)
{
    return (int64_t)jst_day * 24 + jst_hour - 9;
}

char *cal_format_jst(int32_t jst_day, int jst_hour, char *out)
{
    if (jst_hour >= 24) {
        jst_day += jst_hour / 24;
        jst_hour %= 24;
    }
    int y, m, d;
    date_to_civil(jst_day, &y, &m, &d);
    snprintf(out, CAL_ISO_JST_LEN, "%04d-%02d-%02dT%02d:00:00+09:00", y, m, d, jst_hour);
    return out;
}
