/*
 * store_approp.c - the appropriations table (see store_approp.h): replace
 * the fiscal years of one file atomically, list them back.
 */
#include "store_approp.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

/* Rows of years (and how many came from a file with sha256). */
static enum status year_counts(struct store *s, const int *years, size_t nyears, const char *sha256,
                               int64_t *all, int64_t *same, struct err *e)
{
    *all = *same = 0;
    struct sdb_stmt *q = NULL;
    enum status st = sdb_prepare(
        s->sdb,
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN sha256 = ? THEN 1 ELSE 0 END), 0) FROM appropriations WHERE fiscal_year = ?",
        &q, e);
    for (size_t i = 0; i < nyears && st == ST_OK; i++) {
        sdb_reset(q);
        sdb_bind_text(q, 1, sha256);
        sdb_bind_i64(q, 2, years[i]);
        if (store_step_row(q, "cannot count appropriations", e) != ST_OK) {
            st = ST_DB;
            break;
        }
        *all += sdb_column_i64(q, 0);
        *same += sdb_column_i64(q, 1);
    }
    sdb_finalize(q);
    return st;
}

static enum status delete_years(struct store *s, const int *years, size_t nyears, int64_t *removed,
                                struct err *e)
{
    struct sdb_stmt *q = NULL;
    enum status st = sdb_prepare(s->sdb, "DELETE FROM appropriations WHERE fiscal_year = ?", &q, e);
    *removed = 0;
    for (size_t i = 0; i < nyears && st == ST_OK; i++) {
        sdb_reset(q);
        sdb_bind_i64(q, 1, years[i]);
        st = store_step_done(q, "cannot delete appropriations", e);
        if (st == ST_OK)
            *removed += sdb_changes(s->sdb);
    }
    sdb_finalize(q);
    return st;
}

static enum status insert_rows(struct store *s, const struct store_approp *v, size_t n,
                               const char *file_name, const char *sha256, struct err *e)
{
    struct sdb_stmt *q = NULL;
    enum status st = sdb_prepare(
        s->sdb,
        "INSERT INTO appropriations (fiscal_year, department, system, kind, decided, amount_e6, "
        "basis, note, file_name, file_line, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &q, e);
    char day[DATE_ISO_LEN];
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        const struct store_approp *a = &v[i];
        sdb_reset(q);
        sdb_bind_i64(q, 1, a->fiscal_year);
        sdb_bind_text(q, 2, a->department);
        sdb_bind_text(q, 3, a->system ? a->system : "");
        sdb_bind_text(q, 4, a->kind);
        sdb_bind_text(q, 5, date_format(a->day, day));
        sdb_bind_i64(q, 6, a->amount_e6);
        sdb_bind_text(q, 7, a->basis);
        sdb_bind_text(q, 8, a->note ? a->note : "");
        sdb_bind_text(q, 9, file_name);
        sdb_bind_i64(q, 10, a->file_line);
        sdb_bind_text(q, 11, sha256);
        st = store_step_done(q, "cannot store an appropriation", e);
    }
    sdb_finalize(q);
    return st;
}

enum status store_approp_replace(struct store *s, const int *years, size_t nyears,
                                 const struct store_approp *v, size_t n, const char *file_name,
                                 const char *sha256, int *unchanged, int64_t *removed,
                                 struct err *e)
{
    *unchanged = 0;
    *removed = 0;
    enum status st = store_begin(s, e);
    if (st != ST_OK)
        return st;
    int64_t all, same;
    st = year_counts(s, years, nyears, sha256, &all, &same, e);
    if (st == ST_OK && all == (int64_t)n && same == all && n > 0) {
        *unchanged = 1;
        store_rollback(s);
        return ST_OK;
    }
    if (st == ST_OK)
        st = delete_years(s, years, nyears, removed, e);
    if (st == ST_OK)
        st = insert_rows(s, v, n, file_name, sha256, e);
    return st == ST_OK ? store_commit(s, e) : (store_rollback(s), st);
}

void store_approp_free(struct store_approp *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].department);
        free(v[i].system);
        free(v[i].kind);
        free(v[i].basis);
        free(v[i].note);
        free(v[i].file_name);
    }
    free(v);
}

/* Row r of a list query into a (strings owned). */
static enum status read_row(struct sdb_stmt *q, struct store_approp *a, struct err *e)
{
    const char *day = sdb_column_text(q, 4);
    a->fiscal_year = (int)sdb_column_i64(q, 0);
    a->department = store_col_strdup(q, 1);
    a->system = store_col_strdup(q, 2);
    a->kind = store_col_strdup(q, 3);
    a->amount_e6 = sdb_column_i64(q, 5);
    a->basis = store_col_strdup(q, 6);
    a->note = store_col_strdup(q, 7);
    a->file_name = store_col_strdup(q, 8);
    a->file_line = (long)sdb_column_i64(q, 9);
    if (!day || date_parse(day, strlen(day), &a->day) != 0)
        return err_set(e, ST_DB, "appropriations: bad date '%s' in the store", day ? day : "");
    if (!a->department || !a->system || !a->kind || !a->basis || !a->note || !a->file_name)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

enum status store_approp_list(struct store *s, int fy, struct store_approp **out, size_t *n,
                              struct err *e)
{
    *out = NULL;
    *n = 0;
    struct sdb_stmt *q = NULL;
    enum status st = sdb_prepare(
        s->sdb,
        "SELECT fiscal_year, department, system, kind, decided, amount_e6, basis, note, "
        "file_name, file_line FROM appropriations WHERE ? = 0 OR fiscal_year = ? "
        "ORDER BY fiscal_year, department, system, decided, file_line, id",
        &q, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(q, 1, fy);
    sdb_bind_i64(q, 2, fy);
    size_t cap = 0;
    enum sdb_rc rc = SDB_DONE;
    while (st == ST_OK && (rc = store_step(q, "cannot read appropriations", e)) == SDB_ROW) {
        if ((st = store_grow((void **)out, &cap, *n, sizeof **out, e)) != ST_OK)
            break;
        memset(&(*out)[*n], 0, sizeof **out);
        st = read_row(q, &(*out)[(*n)++], e);
    }
    if (st == ST_OK && rc != SDB_DONE)
        st = ST_DB;
    sdb_finalize(q);
    if (st != ST_OK) {
        store_approp_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}
