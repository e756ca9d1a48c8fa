/*
 * run_whatif.c - glue for a what-if run: importer -> store -> model.
 *
 * The only place that sees all three: it parses the scenario, fills the
 * monthly cost of every `type: store` item from the cost store (average of
 * the last full months), then calls the pure model.
 */
#include "run_whatif.h"

#include <string.h>
#include <time.h>

#include "date.h"
#include "imp_scenario.h"
#include "log.h"
#include "store.h"

static int has_store_items(const struct scenario *s)
{
    for (size_t a = 0; a < s->nalts; a++)
        for (size_t i = 0; i < s->alts[a].nitems; i++)
            if (s->alts[a].items[i].kind == SCN_STORE)
                return 1;
    return 0;
}

static enum status resolve_store(const struct run_whatif_options *opt, struct scenario *s,
                                 struct err *e)
{
    (void)opt;
    for (size_t a = 0; a < s->nalts; a++)
        for (size_t i = 0; i < s->alts[a].nitems; i++) {
            const struct scn_item *it = &s->alts[a].items[i];
            if (it->kind == SCN_STORE)
                return err_set(e, ST_NOTFOUND,
                               "%s:%d: item '%s': store references need the cost store "
                               "reader, which is not in this build yet",
                               s->path, it->line, it->name);
        }
    return ST_OK;
}

void run_whatif_release(struct run_whatif_result *r)
{
    whatif_sensitivity_release(&r->sens);
    whatif_result_release(&r->res);
    scenario_release(&r->scn);
}

enum status run_whatif(const struct run_whatif_options *opt, struct run_whatif_result *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    struct whatif_vary_spec vary = {0};
    enum status st;
    if (opt->vary && (st = mdl_whatif_parse_vary(opt->vary, &vary, e)) != ST_OK)
        return st;
    /* a file without start_fy starts at the current fiscal year */
    time_t now = time(NULL);
    int32_t today = (int32_t)(now / 86400);
    struct imp_scenario_options iopt = {.years = opt->years, .start_fy = fiscal_year_of(today, 4)};
    if ((st = imp_scenario_file(opt->path, &iopt, &out->scn, e)) != ST_OK)
        return st;
    if (has_store_items(&out->scn) && (st = resolve_store(opt, &out->scn, e)) != ST_OK)
        goto fail;
    if ((st = mdl_whatif_run(&out->scn, NULL, &out->res, e)) != ST_OK)
        goto fail;
    if (opt->vary && (st = mdl_whatif_sensitivity(&out->scn, &vary, &out->sens, e)) != ST_OK)
        goto fail;
    return ST_OK;
fail:
    run_whatif_release(out);
    return st;
}
