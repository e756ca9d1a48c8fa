/*
 * imp_budget.c - readers for the budget adjustment and share CSV files
 * (see imp_budget.h). The files are small, so each is read whole into a
 * table of strings by libcsv, then validated row by row.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_budget.h"
#include "imp_csv.h"
#include "imp_file.h"
#include "money.h"
#include "store_approp.h"
#include "terms.h"
#include "utf8.h"

#define MAX_COLS 12

struct tab {
    char *hdr[MAX_COLS];
    size_t nhdr;
    char **cells; /* rows * MAX_COLS */
    size_t rows, cap;
    char *cur[MAX_COLS];
    size_t col;
    int in_header;
    int oom;
};

static void tab_field(void *s, size_t len, void *data)
{
    struct tab *t = data;
    if (t->in_header && t->col == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s = (char *)s + 3; /* UTF-8 BOM (Excel's "CSV UTF-8") */
        len -= 3;
    }
    char *d = malloc(len + 1);
    if (!d) {
        t->oom = 1;
        return;
    }
    memcpy(d, s, len);
    d[len] = '\0';
    if (t->col < MAX_COLS) {
        char **slot = t->in_header ? &t->hdr[t->col] : &t->cur[t->col];
        free(*slot);
        *slot = d;
    } else {
        free(d);
    }
    t->col++;
}

static void tab_row(int c, void *data)
{
    struct tab *t = data;
    (void)c;
    if (t->in_header) {
        t->nhdr = t->col < MAX_COLS ? t->col : MAX_COLS;
        t->in_header = 0;
    } else {
        if (t->rows == t->cap) {
            size_t nc = t->cap ? 2 * t->cap : 16;
            char **n = realloc(t->cells, nc * MAX_COLS * sizeof *n);
            if (!n) {
                t->oom = 1;
                goto reset;
            }
            t->cells = n;
            t->cap = nc;
        }
        for (size_t i = 0; i < MAX_COLS; i++) {
            t->cells[t->rows * MAX_COLS + i] = t->cur[i];
            t->cur[i] = NULL;
        }
        t->rows++;
    }
reset:
    for (size_t i = 0; i < MAX_COLS; i++) {
        free(t->cur[i]);
        t->cur[i] = NULL;
    }
    t->col = 0;
}

static void tab_release(struct tab *t)
{
    for (size_t i = 0; i < MAX_COLS; i++) {
        free(t->hdr[i]);
        free(t->cur[i]);
    }
    for (size_t i = 0; i < t->rows * MAX_COLS; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* Every cell is text that may reach the store or a report: refuse the file
 * at the first one that is not UTF-8. */
static enum status tab_check_utf8(const struct tab *t, const char *path, struct err *e)
{
    for (size_t r = 0; r < t->rows; r++)
        for (size_t i = 0; i < t->nhdr; i++) {
            const char *s = t->cells[r * MAX_COLS + i];
            if (s && utf8_check(s, strlen(s), path, (long long)r + 2, t->hdr[i] ? t->hdr[i] : "?",
                                e) != ST_OK)
                return ST_PARSE;
        }
    return ST_OK;
}

static enum status tab_read(const char *path, struct tab *t, struct err *e)
{
    memset(t, 0, sizeof *t);
    t->in_header = 1;
    struct imp_file f;
    enum status st = imp_file_open(&f, path, e);
    if (st != ST_OK)
        return st;
    struct csv_parser p;
    if (imp_csv_init(&p, CSV_APPEND_NULL) != 0) {
        imp_file_close(&f);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    char buf[8192];
    ssize_t got;
    while ((got = imp_file_read(&f, buf, sizeof buf, e)) > 0) {
        if (csv_parse(&p, buf, (size_t)got, tab_field, tab_row, t) != (size_t)got) {
            st = imp_csv_too_long(&p)
                     ? err_set(e, ST_PARSE, "%s: a field longer than %zu bytes", path, IMP_LINE_MAX)
                     : err_set(e, ST_PARSE, "%s: %s", path, csv_strerror(csv_error(&p)));
            break;
        }
    }
    if (got < 0)
        st = e->code ? e->code : ST_IO; /* bad gzip data is ST_PARSE */
    if (st == ST_OK)
        csv_fini(&p, tab_field, tab_row, t);
    csv_free(&p);
    imp_file_close(&f);
    if (st == ST_OK && t->oom)
        st = err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK && t->nhdr == 0)
        st = err_set(e, ST_PARSE, "%s: empty file", path);
    if (st == ST_OK)
        st = tab_check_utf8(t, path, e);
    if (st != ST_OK)
        tab_release(t);
    return st;
}

static int tab_col(const struct tab *t, const char *name)
{
    for (size_t i = 0; i < t->nhdr; i++)
        if (t->hdr[i] && strcmp(t->hdr[i], name) == 0)
            return (int)i;
    return -1;
}

static const char *tab_get(const struct tab *t, size_t row, int col)
{
    if (col < 0)
        return "";
    const char *s = t->cells[row * MAX_COLS + (size_t)col];
    return s ? s : "";
}

static int parse_num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return (end != s && *end == '\0' && errno == 0 && isfinite(*v)) ? 0 : -1;
}

enum status imp_adjust_read(const char *path, struct imp_adjust_set *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct tab t;
    enum status st = tab_read(path, &t, e);
    if (st != ST_OK)
        return st;
    int c_dep = tab_col(&t, "department"), c_from = tab_col(&t, "from_month");
    int c_amt = tab_col(&t, "amount"), c_pct = tab_col(&t, "percent"), c_note = tab_col(&t, "note");
    if (c_dep < 0 || c_from < 0 || (c_amt < 0 && c_pct < 0)) {
        st = err_set(e, ST_PARSE,
                     "%s:1: header must name department, from_month and amount or percent", path);
        goto out;
    }
    out->v = calloc(t.rows ? t.rows : 1, sizeof *out->v);
    if (!out->v) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < t.rows; r++) {
        long line = (long)r + 2;
        struct imp_adjust a = {0};
        const char *dep = tab_get(&t, r, c_dep), *from = tab_get(&t, r, c_from);
        const char *amt = tab_get(&t, r, c_amt), *pct = tab_get(&t, r, c_pct);
        if (!*dep) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'department': empty", path, line);
            goto out;
        }
        if (month_parse(from, &a.from_month) != 0) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'from_month': expected YYYY-MM, got '%s'",
                         path, line, from);
            goto out;
        }
        if (*amt && *pct) {
            st = err_set(e, ST_PARSE, "%s:%ld: give amount or percent, not both", path, line);
            goto out;
        }
        if (*pct) {
            if (parse_num(pct, &a.percent) != 0 || a.percent < -100) {
                st = err_set(e, ST_PARSE,
                             "%s:%ld: field 'percent': expected a number >= -100, got '%s'", path,
                             line, pct);
                goto out;
            }
            a.is_percent = 1;
        } else if (parse_num(amt, &a.amount) != 0) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'amount': expected a number, got '%s'", path,
                         line, amt);
            goto out;
        }
        a.department = strdup(dep);
        a.note = strdup(tab_get(&t, r, c_note));
        out->v[out->n++] = a;
        if (!a.department || !a.note) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
    }
out:
    tab_release(&t);
    if (st != ST_OK)
        imp_adjust_set_release(out);
    return st;
}

void imp_adjust_set_release(struct imp_adjust_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].department);
        free(s->v[i].note);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

enum status imp_share_read(const char *path, struct imp_share_set *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct tab t;
    enum status st = tab_read(path, &t, e);
    if (st != ST_OK)
        return st;
    int c_dep = tab_col(&t, "department"), c_share = tab_col(&t, "share");
    if (c_dep < 0 || c_share < 0) {
        st = err_set(e, ST_PARSE, "%s:1: header must name department and share", path);
        goto out;
    }
    out->v = calloc(t.rows ? t.rows : 1, sizeof *out->v);
    if (!out->v) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < t.rows; r++) {
        long line = (long)r + 2;
        const char *dep = tab_get(&t, r, c_dep), *sh = tab_get(&t, r, c_share);
        double v;
        if (!*dep) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'department': empty", path, line);
            goto out;
        }
        if (parse_num(sh, &v) != 0 || v < 0) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'share': expected a number >= 0, got '%s'",
                         path, line, sh);
            goto out;
        }
        out->v[out->n].department = strdup(dep);
        out->v[out->n].share = v;
        if (!out->v[out->n++].department) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
    }
out:
    tab_release(&t);
    if (st != ST_OK)
        imp_share_set_release(out);
    return st;
}

void imp_share_set_release(struct imp_share_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].department);
    free(s->v);
    memset(s, 0, sizeof *s);
}

enum status imp_monthly_read(const char *path, struct cost_cells *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct tab t;
    enum status st = tab_read(path, &t, e);
    if (st != ST_OK)
        return st;
    int c_dep = tab_col(&t, "department"), c_mon = tab_col(&t, "month");
    int c_cost = tab_col(&t, "cost"), c_cur = tab_col(&t, "currency");
    if (c_dep < 0 || c_mon < 0 || c_cost < 0) {
        st = err_set(e, ST_PARSE, "%s:1: header must name department, month and cost", path);
        goto out;
    }
    out->v = calloc(t.rows ? t.rows : 1, sizeof *out->v);
    if (!out->v) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < t.rows; r++) {
        long line = (long)r + 2;
        const char *dep = tab_get(&t, r, c_dep), *mon = tab_get(&t, r, c_mon);
        const char *cost = tab_get(&t, r, c_cost), *cur = tab_get(&t, r, c_cur);
        struct cost_cell c = {0};
        if (!*dep) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'department': empty", path, line);
            goto out;
        }
        if (month_parse(mon, &c.month) != 0) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'month': expected YYYY-MM, got '%s'", path,
                         line, mon);
            goto out;
        }
        if (money_parse(cost, strlen(cost), &c.cost) < 0) {
            st = err_set(e, ST_PARSE, "%s:%ld: field 'cost': expected a number, got '%s'", path,
                         line, cost);
            goto out;
        }
        c.key = strdup(dep);
        c.currency = strdup(*cur ? cur : "JPY");
        out->v[out->n++] = c;
        if (!c.key || !c.currency) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
    }
    cost_cells_sort_merge(out);
out:
    tab_release(&t);
    if (st != ST_OK)
        cost_cells_release(out);
    return st;
}

static const char *const approp_kinds[IMP_APPROP_NKINDS][2] = {
    {"当初", "original"},
    {"補正", "supplementary"},
    {"流用", "transfer"},
    {"予備費充用", "reserve"},
};

const char *imp_approp_kind_name(enum imp_approp_kind k)
{
    return (unsigned)k < IMP_APPROP_NKINDS ? approp_kinds[k][0] : "?";
}

int imp_approp_kind_parse(const char *s)
{
    for (int k = 0; k < IMP_APPROP_NKINDS; k++)
        if (strcmp(s, approp_kinds[k][0]) == 0 || strcmp(s, approp_kinds[k][1]) == 0)
            return k;
    return -1;
}

#define APPROP_MAX_YEN 9000000000000LL /* 9 trillion yen: e6 stays far inside int64 */

enum { AC_DEP, AC_SYS, AC_FY, AC_AMT, AC_KIND, AC_DATE, AC_NOTE, AC_BASIS, AC_N };

/* Fiscal year and amount of one row into a. */
static enum status approp_numbers(const struct tab *t, size_t r, const int *col, const char *path,
                                  struct imp_approp *a, struct err *e)
{
    const char *fy = tab_get(t, r, col[AC_FY]), *amt = tab_get(t, r, col[AC_AMT]);
    char *end;
    errno = 0;
    long y = strtol(fy, &end, 10);
    if (end == fy || *end || y < 2000 || y > 2200)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'fiscal_year': expected a year such as 2026, got '%s'", path,
                       a->line, fy);
    long long v = strtoll(amt, &end, 10);
    if (end == amt || *end || errno == ERANGE || v > APPROP_MAX_YEN || v < -APPROP_MAX_YEN)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'amount': expected whole yen (at most 9e12), got '%s'", path,
                       a->line, amt);
    a->fiscal_year = (int)y;
    a->yen = (int64_t)v;
    return ST_OK;
}

/* Kind and date of one row into a (after its fiscal year). */
static enum status approp_kind_date(const struct tab *t, size_t r, const int *col, const char *path,
                                    struct imp_approp *a, struct err *e)
{
    const char *kind = tab_get(t, r, col[AC_KIND]), *day = tab_get(t, r, col[AC_DATE]);
    int k = *kind ? imp_approp_kind_parse(kind) : IMP_APPROP_ORIGINAL;
    if (k < 0)
        return err_set(
            e, ST_PARSE,
            "%s:%ld: field 'kind': expected 当初, 補正, 流用 or 予備費充用 (or original, "
            "supplementary, transfer, reserve), got '%s'",
            path, a->line, kind);
    a->kind = (enum imp_approp_kind)k;
    if ((a->kind == IMP_APPROP_ORIGINAL || a->kind == IMP_APPROP_RESERVE) && a->yen < 0)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'amount': a %s amount cannot be negative, got %lld", path,
                       a->line, imp_approp_kind_name(a->kind), (long long)a->yen);
    int32_t f0 = month_first_day(fiscal_year_first_month(a->fiscal_year, 4));
    int32_t f1 = month_first_day(fiscal_year_first_month(a->fiscal_year + 1, 4)) - 1;
    if (!*day) {
        if (a->kind != IMP_APPROP_ORIGINAL)
            return err_set(e, ST_PARSE,
                           "%s:%ld: field 'date': a %s needs the date it takes effect (YYYY-MM-DD)",
                           path, a->line, imp_approp_kind_name(a->kind));
        a->day = f0;
        return ST_OK;
    }
    if (date_parse(day, strlen(day), &a->day) != 0)
        return err_set(e, ST_PARSE, "%s:%ld: field 'date': expected YYYY-MM-DD, got '%s'", path,
                       a->line, day);
    if (a->day < f0 - 366 || a->day > f1)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'date': %s is outside FY%d (a date from a year before its "
                       "start to its end, %d-03-31)",
                       path, a->line, day, a->fiscal_year, a->fiscal_year + 1);
    return ST_OK;
}

/* The file's basis: every row's must be the first's. */
static enum status approp_basis(const struct tab *t, size_t r, const int *col, const char *path,
                                long line, int *basis, struct err *e)
{
    if (col[AC_BASIS] < 0)
        return ST_OK;
    const char *b = tab_get(t, r, col[AC_BASIS]);
    int v = terms_basis_parse(b);
    if (v < 0)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'basis': expected list, contract or contract+tax, got '%s'",
                       path, line, b);
    if (*basis >= 0 && v != *basis)
        return err_set(e, ST_PARSE,
                       "%s:%ld: field 'basis': the file is on %s (line 2), got '%s': state one "
                       "basis per file",
                       path, line, terms_basis_name((enum terms_basis) * basis), b);
    *basis = v;
    return ST_OK;
}

/* One appropriation row into a (strings owned). */
static enum status approp_row(const struct tab *t, size_t r, const int *col, const char *path,
                              int *basis, struct imp_approp *a, struct err *e)
{
    a->line = (long)r + 2;
    const char *dep = tab_get(t, r, col[AC_DEP]);
    if (!*dep)
        return err_set(e, ST_PARSE, "%s:%ld: field 'department': empty", path, a->line);
    enum status st = approp_numbers(t, r, col, path, a, e);
    if (st == ST_OK)
        st = approp_kind_date(t, r, col, path, a, e);
    if (st == ST_OK)
        st = approp_basis(t, r, col, path, a->line, basis, e);
    if (st != ST_OK)
        return st;
    a->department = strdup(dep);
    a->system = strdup(tab_get(t, r, col[AC_SYS]));
    a->note = strdup(tab_get(t, r, col[AC_NOTE]));
    return a->department && a->system && a->note ? ST_OK : err_set(e, ST_NOMEM, "out of memory");
}

enum status imp_approp_read(const char *path, struct imp_approp_set *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->basis = -1;
    struct tab t;
    enum status st = tab_read(path, &t, e);
    if (st != ST_OK)
        return st;
    static const char *const names[AC_N] = {"department", "system", "fiscal_year", "amount",
                                            "kind",       "date",   "note",        "basis"};
    int col[AC_N];
    for (int i = 0; i < AC_N; i++)
        col[i] = tab_col(&t, names[i]);
    if (col[AC_DEP] < 0 || col[AC_FY] < 0 || col[AC_AMT] < 0)
        st =
            err_set(e, ST_PARSE, "%s:1: header must name department, fiscal_year and amount", path);
    if (st == ST_OK && !(out->v = calloc(t.rows ? t.rows : 1, sizeof *out->v)))
        st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t r = 0; r < t.rows && st == ST_OK; r++)
        st = approp_row(&t, r, col, path, &out->basis, &out->v[out->n++], e);
    tab_release(&t);
    if (st != ST_OK)
        imp_approp_set_release(out);
    return st;
}

void imp_approp_set_release(struct imp_approp_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].department);
        free(s->v[i].system);
        free(s->v[i].note);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
    s->basis = -1;
}
