/*
 * imp_approp.c - `yosan appropriations load` (imp_budget.h): the
 * appropriation file read by imp_approp_read(), checked as a whole (its
 * basis stated, no year summing below zero) and stored in place of the
 * fiscal years it names (store_approp.h), all or nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "imp_budget.h"
#include "imp_file.h"
#include "store_approp.h"
#include "terms.h"

static int by_group(const void *pa, const void *pb)
{
    const struct imp_approp *a = *(const struct imp_approp *const *)pa;
    const struct imp_approp *b = *(const struct imp_approp *const *)pb;
    int c = (a->fiscal_year > b->fiscal_year) - (a->fiscal_year < b->fiscal_year);
    if (!c)
        c = strcmp(a->department, b->department);
    if (!c)
        c = strcmp(a->system, b->system);
    if (!c)
        c = (a->line > b->line) - (a->line < b->line);
    return c;
}

static int same_group(const struct imp_approp *a, const struct imp_approp *b, int with_system)
{
    return a->fiscal_year == b->fiscal_year && strcmp(a->department, b->department) == 0 &&
           (!with_system || strcmp(a->system, b->system) == 0);
}

/* ST_PARSE when a department's (or one of its systems') year sums below
 * zero, naming that group's last line. */
static enum status check_sums(const char *path, const struct imp_approp_set *set, struct err *e)
{
    const struct imp_approp **p = malloc((set->n ? set->n : 1) * sizeof *p);
    if (!p)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < set->n; i++)
        p[i] = &set->v[i];
    qsort(p, set->n, sizeof *p, by_group);
    enum status st = ST_OK;
    for (int ws = 1; ws >= 0 && st == ST_OK; ws--)
        for (size_t i = 0, j; i < set->n && st == ST_OK; i = j) {
            int64_t sum = 0;
            long last = 0;
            for (j = i; j < set->n && same_group(p[i], p[j], ws); j++) {
                sum += p[j]->yen;
                last = p[j]->line > last ? p[j]->line : last;
            }
            if (sum < 0)
                st =
                    err_set(e, ST_PARSE,
                            "%s:%ld: field 'amount': FY%d %s%s%s sums to %lld yen; an "
                            "appropriation cannot be negative",
                            path, last, p[i]->fiscal_year, p[i]->department,
                            ws && *p[i]->system ? " " : "", ws ? p[i]->system : "", (long long)sum);
        }
    free(p);
    return st;
}

/* The set as store rows (strings borrowed: release only the array). */
static struct store_approp *to_store(const struct imp_approp_set *set, const char *path)
{
    struct store_approp *v = calloc(set->n ? set->n : 1, sizeof *v);
    for (size_t i = 0; v && i < set->n; i++) {
        const struct imp_approp *a = &set->v[i];
        v[i] = (struct store_approp){a->fiscal_year,
                                     a->department,
                                     a->system,
                                     (char *)imp_approp_kind_name(a->kind),
                                     a->day,
                                     a->yen * 1000000,
                                     (char *)terms_basis_name((enum terms_basis)set->basis),
                                     a->note,
                                     (char *)path,
                                     a->line};
    }
    return v;
}

/* The distinct fiscal years of the set into years (up to cap; *n all). */
static void years_of(const struct imp_approp_set *set, int *years, size_t cap, size_t *n, int **all)
{
    *n = 0;
    for (size_t i = 0; i < set->n; i++) {
        size_t k = 0;
        while (k < *n && (*all)[k] != set->v[i].fiscal_year)
            k++;
        if (k == *n)
            (*all)[(*n)++] = set->v[i].fiscal_year;
    }
    for (size_t k = 0; k < *n && k < cap; k++)
        years[k] = (*all)[k];
}

enum status imp_approp_load(struct store *s, const char *path, struct imp_approp_load_result *r,
                            struct err *e)
{
    memset(r, 0, sizeof *r);
    struct imp_approp_set set;
    enum status st = imp_approp_read(path, &set, e);
    if (st != ST_OK)
        return st;
    r->basis = set.basis;
    if (set.n == 0)
        st = err_set(e, ST_PARSE, "%s:2: no appropriation rows", path);
    else if (set.basis < 0)
        st = err_set(e, ST_PARSE,
                     "%s:1: header must name basis (list, contract or contract+tax): an "
                     "appropriation file states what its amounts are (docs/track.md)",
                     path);
    if (st == ST_OK)
        st = check_sums(path, &set, e);
    char sha[65];
    uint64_t size;
    if (st == ST_OK)
        st = imp_sha256_file(path, sha, &size, e);
    int *all = malloc(set.n * sizeof *all);
    struct store_approp *rows = st == ST_OK ? to_store(&set, path) : NULL;
    if (st == ST_OK && (!all || !rows))
        st = err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK) {
        years_of(&set, r->years, sizeof r->years / sizeof r->years[0], &r->nyears, &all);
        r->rows = set.n;
        st = store_approp_replace(s, all, r->nyears, rows, set.n, path, sha, &r->unchanged,
                                  &r->removed, e);
    }
    free(rows);
    free(all);
    imp_approp_set_release(&set);
    return st;
}
