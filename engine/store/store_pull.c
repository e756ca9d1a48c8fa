/*
 * store_pull.c - pull state and the VM list for API pulls (see
 * store_pull.h). Owns the SQL on pull_windows; reads costs read-only.
 */
#include "store_pull.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"
#include "strmap.h"

enum status store_pull_window_done(struct store *s, const struct pull_window *w, int *done,
                                   struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT 1 FROM pull_windows WHERE source = ?1 AND scope = ?2 "
                                 "AND dataset = ?3 AND window_start = ?4 AND window_end = ?5",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text_copy(st, 1, w->source);
    sdb_bind_text_copy(st, 2, w->scope);
    sdb_bind_text_copy(st, 3, w->dataset);
    sdb_bind_text_copy(st, 4, w->window_start);
    sdb_bind_text_copy(st, 5, w->window_end);
    enum sdb_rc r = store_step(st, "reading pull state", e);
    if (r == SDB_ROW || r == SDB_DONE)
        *done = r == SDB_ROW;
    else
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_pull_window_mark(struct store *s, const struct pull_window *w, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb,
        "INSERT INTO pull_windows (source, scope, dataset, window_start, window_end, sha256, "
        "blobs, row_count, import_id, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10) ON CONFLICT (source, scope, dataset, window_start, window_end) DO UPDATE SET "
        "sha256 = excluded.sha256, blobs = excluded.blobs, row_count = excluded.row_count, "
        "import_id = excluded.import_id, completed_at = excluded.completed_at",
        &st, e);
    if (rc != ST_OK)
        return rc;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sdb_bind_text_copy(st, 1, w->source);
    sdb_bind_text_copy(st, 2, w->scope);
    sdb_bind_text_copy(st, 3, w->dataset);
    sdb_bind_text_copy(st, 4, w->window_start);
    sdb_bind_text_copy(st, 5, w->window_end);
    sdb_bind_text_copy(st, 6, w->sha256 ? w->sha256 : "");
    sdb_bind_i64(st, 7, w->blobs);
    sdb_bind_i64(st, 8, w->rows);
    if (w->import_id > 0)
        sdb_bind_i64(st, 9, w->import_id);
    else
        sdb_bind_null(st, 9);
    sdb_bind_text_copy(st, 10, now);
    rc = store_step_done(st, "recording pull state", e);
    sdb_finalize(st);
    return rc;
}

enum status store_pull_window_count(struct store *s, const char *scope, const char *dataset,
                                    int64_t *n, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb, "SELECT COUNT(*) FROM pull_windows WHERE scope = ?1 AND dataset = ?2", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text_copy(st, 1, scope);
    sdb_bind_text_copy(st, 2, dataset);
    if (store_step(st, "reading pull state", e) == SDB_ROW)
        *n = sdb_column_i64(st, 0);
    else
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

void store_pull_ids_free(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

/* Cut a lower-case ARM id after ".../virtualmachines/NAME"; 0 when it is no VM id. */
static int vm_prefix(const char *id, size_t *len)
{
    static const char marker[] = "/providers/microsoft.compute/virtualmachines/";
    const char *p = strstr(id, marker);
    if (!p || strncmp(id, "/subscriptions/", 15) != 0)
        return 0;
    const char *name = p + sizeof marker - 1;
    size_t nlen = strcspn(name, "/");
    if (nlen == 0)
        return 0;
    *len = (size_t)(name - id) + nlen;
    return 1;
}

enum status store_pull_vm_ids(struct store *s, const char *subscription, const char *resource_group,
                              char ***ids, size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb,
        "SELECT DISTINCT o.resource_id FROM costs c "
        "JOIN cost_objects o ON o.id = c.object_id "
        "JOIN meters m ON m.id = c.meter_id "
        "JOIN subscriptions sub ON sub.id = o.subscription_id "
        "WHERE o.resource_id LIKE '/subscriptions/%/providers/microsoft.compute/virtualmachines/%' "
        "AND (m.service_name = 'Virtual Machines' OR lower(m.consumed_service) = "
        "'microsoft.compute') "
        "AND (CAST(?1 AS TEXT) IS NULL OR sub.sub_key = lower(?1)) "
        "AND (CAST(?2 AS TEXT) IS NULL OR o.resource_group = lower(?2)) "
        "ORDER BY o.resource_id",
        &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text_copy(st, 1, subscription);
    sdb_bind_text_copy(st, 2, resource_group);
    char **v = NULL;
    size_t count = 0, cap = 0;
    struct strmap map;
    strmap_init(&map);
    enum sdb_rc r;
    while ((r = store_step(st, "listing virtual machines", e)) == SDB_ROW) {
        const char *id = sdb_column_text(st, 0);
        size_t len;
        if (!id || !vm_prefix(id, &len))
            continue;
        int64_t seen;
        if (strmap_get(&map, id, len, &seen))
            continue; /* a sub-resource of a VM already listed */
        if (strmap_put(&map, id, len, 1) != 0)
            goto nomem;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nv = realloc(v, ncap * sizeof *nv);
            if (!nv)
                goto nomem;
            v = nv;
            cap = ncap;
        }
        if (!(v[count] = strndup(id, len)))
            goto nomem;
        for (char *p = v[count]; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        count++;
    }
    strmap_release(&map);
    if (r != SDB_DONE) {
        rc = ST_DB;
        sdb_finalize(st);
        store_pull_ids_free(v, count);
        return rc;
    }
    sdb_finalize(st);
    *ids = v;
    *n = count;
    return ST_OK;
nomem:
    strmap_release(&map);
    sdb_finalize(st);
    store_pull_ids_free(v, count);
    return err_set(e, ST_NOMEM, "out of memory");
}
