/*
 * mdl_forecast.c - the struct forecast container (see mdl_forecast.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

enum status mdl_forecast_init(struct forecast *f, size_t h, struct err *e)
{
    memset(f, 0, sizeof *f);
    size_t n = h ? h : 1;
    double *all = calloc(5 * n, sizeof *all);
    if (!all)
        return err_set(e, ST_NOMEM, "out of memory");
    f->h = h;
    f->mean = all;
    f->lo80 = all + n;
    f->hi80 = all + 2 * n;
    f->lo95 = all + 3 * n;
    f->hi95 = all + 4 * n;
    return ST_OK;
}

void mdl_forecast_release(struct forecast *f)
{
    if (!f)
        return;
    free(f->mean); /* one block holds all five arrays */
    memset(f, 0, sizeof *f);
}

int mdl_forecast_finite(const struct forecast *f)
{
    for (size_t i = 0; i < f->h; i++)
        if (!isfinite(f->mean[i]) || !isfinite(f->lo80[i]) || !isfinite(f->hi80[i]) ||
            !isfinite(f->lo95[i]) || !isfinite(f->hi95[i]))
            return 0;
    return 1;
}
