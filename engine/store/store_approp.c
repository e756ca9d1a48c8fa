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
    sqlite3_stmt *q = NULL;
    enum status st = store_prepare(
        s,
        "SELECT COUNT(*), COALESCE(SUM(sha256 = ?), 0) FROM appropriations WHERE fiscal_year = ?",
        &q, e);
    for (size_t i = 0; i < nyears && st == ST_OK; i++) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, sha256, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(q, 2, years[i]);
        if (sqlite3_step(q) != SQLITE_ROW) {
            st = store_db_err(s, e, "cannot count appropriations");
            break;
        }
        *all += sqlite3_column_int64(q, 0);
        *same += sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    return st;
}

static enum status delete_years(struct store *s, const int *years, size_t nyears, int64_t *removed,
                                struct err *e)
{
    sqlite3_stmt *q = NULL;
    enum status st = store_prepare(s, "DELETE FROM appropriations WHERE fiscal_year = ?", &q, e);
    *removed = 0;
    for (size_t i = 0; i < nyears && st == ST_OK; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, years[i]);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = store_db_err(s, e, "cannot delete appropriations");
        else
            *removed += sqlite3_changes(s->db);
    }
    sqlite3_finalize(q);
    return st;
}

static enum status insert_rows(struct store *s, const struct store_approp *v, size_t n,
                               const char *file_name, const char *sha256, struct err *e)
{
    sqlite3_stmt *q = NULL;
    enum status st = store_prepare(
        s,
        "INSERT INTO appropriations (fiscal_year, department, system, kind, decided, amount_e6, "
        "basis, note, file_name, file_line, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &q, e);
    char day[DATE_ISO_LEN];
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        const struct store_approp *a = &v[i];
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, a->fiscal_year);
        sqlite3_bind_text(q, 2, a->department, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, a->system ? a->system : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, a->kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, date_format(a->day, day), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 6, a->amount_e6);
        sqlite3_bind_text(q, 7, a->basis, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 8, a->note ? a->note : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 9, file_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 10, a->file_line);
        sqlite3_bind_text(q, 11, sha256, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = store_db_err(s, e, "cannot store an appropriation");
    }
    sqlite3_finalize(q);
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
static enum status read_row(sqlite3_stmt *q, struct store_approp *a, struct err *e)
{
    const char *day = (const char *)sqlite3_column_text(q, 4);
    a->fiscal_year = sqlite3_column_int(q, 0);
    a->department = store_column_strdup(q, 1);
    a->system = store_column_strdup(q, 2);
    a->kind = store_column_strdup(q, 3);
    a->amount_e6 = sqlite3_column_int64(q, 5);
    a->basis = store_column_strdup(q, 6);
    a->note = store_column_strdup(q, 7);
    a->file_name = store_column_strdup(q, 8);
    a->file_line = (long)sqlite3_column_int64(q, 9);
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
    sqlite3_stmt *q = NULL;
    enum status st = store_prepare(
        s,
        "SELECT fiscal_year, department, system, kind, decided, amount_e6, basis, note, "
        "file_name, file_line FROM appropriations WHERE ? = 0 OR fiscal_year = ? "
        "ORDER BY fiscal_year, department, system, decided, file_line, id",
        &q, e);
    if (st != ST_OK)
        return st;
    sqlite3_bind_int(q, 1, fy);
    sqlite3_bind_int(q, 2, fy);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (st == ST_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if ((st = store_grow((void **)out, &cap, *n, sizeof **out, e)) != ST_OK)
            break;
        memset(&(*out)[*n], 0, sizeof **out);
        st = read_row(q, &(*out)[(*n)++], e);
    }
    if (st == ST_OK && rc != SQLITE_DONE)
        st = store_db_err(s, e, "cannot read appropriations");
    sqlite3_finalize(q);
    if (st != ST_OK) {
        store_approp_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}
