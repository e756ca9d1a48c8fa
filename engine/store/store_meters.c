/*
 * store_meters.c - the meters table as an array indexed by meter id (see
 * store_internal.h): readers that scan cost rows in C (right-sizing's bill,
 * the own effective VM rates, schedules' VM list) look a row's meter up
 * there instead of joining meters on every row.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* ids above this are not indexed (an array that large would be a bug) */
#define METER_ID_MAX 100000000

void store_meter_index_release(struct store_meter_index *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].location);
    free(m->v);
    memset(m, 0, sizeof *m);
}

enum status store_meter_index_load(struct store *s, struct store_meter_index *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb, "SELECT COALESCE(MAX(id), 0) FROM meters", &st, e);
    if (rc != ST_OK)
        return rc;
    int64_t max_id = sdb_step(st, NULL) == SDB_ROW ? sdb_column_i64(st, 0) : 0;
    sdb_finalize(st);
    if (max_id < 0 || max_id > METER_ID_MAX)
        return err_set(e, ST_DB, "meters: id %lld out of range", (long long)max_id);
    m->n = (size_t)max_id + 1;
    m->v = calloc(m->n, sizeof *m->v);
    if (!m->v) {
        m->n = 0;
        return err_set(e, ST_NOMEM, "out of memory");
    }
    rc = sdb_prepare(s->sdb, "SELECT id, unit, location, service_name FROM meters", &st, e);
    if (rc != ST_OK) {
        store_meter_index_release(m);
        return rc;
    }
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read meters", e)) == SDB_ROW) {
        int64_t id = sdb_column_i64(st, 0);
        if (id < 0 || (size_t)id >= m->n)
            continue;
        struct store_meter_info *x = &m->v[id];
        x->unit_hours = store_unit_hours(sdb_column_text(st, 1));
        const char *svc = sdb_column_text(st, 3);
        x->vm = svc && strcmp(svc, "Virtual Machines") == 0;
        const char *loc = sdb_column_text(st, 2);
        x->location = strdup(loc ? loc : "");
        if (!x->location) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        for (char *p = x->location; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        store_meter_index_release(m);
    return rc;
}

const struct store_meter_info *store_meter_get(const struct store_meter_index *m, int64_t id)
{
    return id >= 0 && (size_t)id < m->n && m->v[id].location ? &m->v[id] : NULL;
}
