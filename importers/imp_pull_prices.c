/*
 * imp_pull_prices.c - `yosan pull prices`: the public Azure Retail Prices
 * API (no auth). Builds the OData $filter, follows NextPageLink until it is
 * null, checks every page, and only then imports the pages one by one, so
 * a broken page or a dropped connection leaves the price table untouched.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "imp_pull.h"
#include "log.h"

#define PRICES_DEFAULT_ENDPOINT "https://prices.azure.com"
#define PRICES_API              "2023-01-01-preview"
#define PAGES_TOTAL_CAP         ((size_t)1 << 30) /* bytes held before importing */

/* Append 'value' as an OData string literal (single quotes doubled). */
static enum status odata_literal(struct buf *b, const char *value)
{
    enum status st = buf_addc(b, '\'');
    for (const char *p = value; *p && st == ST_OK; p++)
        st = *p == '\'' ? buf_adds(b, "''") : buf_addc(b, *p);
    return st == ST_OK ? buf_addc(b, '\'') : st;
}

char *imp_pull_prices_url(const struct imp_pull_prices_opts *o)
{
    struct buf filter = BUF_INIT, lit = BUF_INIT, url = BUF_INIT;
    char *out = NULL, *fesc = NULL, *cesc = NULL;
    enum status st = ST_OK;
    const char *service = o->service ? o->service : "Virtual Machines";
    if (*service) {
        st = buf_adds(&filter, "serviceName eq ");
        if (st == ST_OK)
            st = odata_literal(&filter, service);
    }
    if (st == ST_OK && o->regions && *o->regions) {
        if (filter.len)
            st = buf_adds(&filter, " and ");
        int many = strchr(o->regions, ',') != NULL;
        if (st == ST_OK && many)
            st = buf_addc(&filter, '(');
        const char *p = o->regions;
        int first = 1;
        while (st == ST_OK && *p) {
            size_t n = strcspn(p, ",");
            char region[128];
            snprintf(region, sizeof region, "%.*s", (int)n, p);
            char *r = region;
            while (*r == ' ')
                r++;
            for (size_t k = strlen(r); k && r[k - 1] == ' '; k--)
                r[k - 1] = '\0';
            if (*r) {
                if (!first)
                    st = buf_adds(&filter, " or ");
                if (st == ST_OK)
                    st = buf_adds(&filter, "armRegionName eq ");
                if (st == ST_OK)
                    st = odata_literal(&filter, r);
                first = 0;
            }
            p += n;
            if (*p == ',')
                p++;
        }
        if (st == ST_OK && many)
            st = buf_addc(&filter, ')');
    }
    if (st == ST_OK)
        st = odata_literal(&lit, o->currency ? o->currency : "JPY");
    if (st != ST_OK || !(cesc = imp_http_escape(buf_str(&lit))))
        goto out;
    if (buf_addf(&url, "%s/api/retail/prices?api-version=%s&currencyCode=%s",
                 o->endpoint ? o->endpoint : PRICES_DEFAULT_ENDPOINT,
                 o->api_version ? o->api_version : PRICES_API, cesc) != ST_OK)
        goto out;
    if (filter.len) {
        if (!(fesc = imp_http_escape(buf_str(&filter))) ||
            buf_addf(&url, "&$filter=%s", fesc) != ST_OK)
            goto out;
    }
    out = buf_detach(&url);
out:
    free(fesc);
    free(cesc);
    buf_release(&filter);
    buf_release(&lit);
    buf_release(&url);
    return out;
}

enum status imp_pull_prices(struct store *s, struct imp_http *h,
                            const struct imp_pull_prices_opts *o,
                            struct imp_pull_prices_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    char *first = imp_pull_prices_url(o);
    if (!first)
        return err_set(e, ST_NOMEM, "out of memory");
    struct buf url = BUF_INIT;
    char **pages = NULL;
    size_t *lens = NULL, npages = 0, total = 0;
    int64_t *items = NULL;
    enum status st = buf_adds(&url, first);
    free(first);
    int max_pages = o->max_pages > 0 ? o->max_pages : 100000;
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    while (st == ST_OK) {
        if ((int)npages >= max_pages) {
            st = err_set(e, ST_HTTP, "retail prices: more than %d pages; narrow the filter",
                         max_pages);
            break;
        }
        struct imp_http_req get = {.method = "GET", .url = buf_str(&url)};
        if ((st = imp_http_request(h, &get, &r, e)) != ST_OK)
            break;
        if (r.status != 200) {
            char why[300];
            imp_azure_error_text(buf_str(&r.body), why, sizeof why);
            st = err_set(e, ST_HTTP, "retail prices page %zu: HTTP %ld%s%s", npages + 1, r.status,
                         why[0] ? ": " : "", why);
            break;
        }
        json_error_t jerr;
        json_t *root = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &jerr);
        json_t *list = json_object_get(root, "Items");
        if (!json_is_array(list)) {
            st = err_set(e, ST_PARSE, "retail prices page %zu: %s%s", npages + 1,
                         root ? "no Items array" : "malformed JSON: ", root ? "" : jerr.text);
            json_decref(root);
            break;
        }
        json_t *next = json_object_get(root, "NextPageLink");
        buf_reset(&url);
        if (json_is_string(next) && *json_string_value(next))
            st = buf_adds(&url, json_string_value(next));
        size_t nitems = json_array_size(list);
        json_decref(root);
        total += r.body.len;
        if (st == ST_OK && total > PAGES_TOTAL_CAP)
            st = err_set(e, ST_NOMEM, "retail prices: more than %zu bytes; narrow the filter",
                         PAGES_TOTAL_CAP);
        char **np = st == ST_OK ? realloc(pages, (npages + 1) * sizeof *np) : NULL;
        if (np)
            pages = np;
        size_t *nl = np ? realloc(lens, (npages + 1) * sizeof *nl) : NULL;
        if (nl)
            lens = nl;
        int64_t *ni = nl ? realloc(items, (npages + 1) * sizeof *ni) : NULL;
        if (ni)
            items = ni;
        if (st == ST_OK && !ni)
            st = err_set(e, ST_NOMEM, "out of memory");
        if (st != ST_OK)
            break;
        lens[npages] = r.body.len;
        items[npages] = (int64_t)nitems;
        pages[npages++] = buf_detach(&r.body);
        log_info("retail prices: page %zu (%zu items)", npages, nitems);
        if (!url.len)
            break;
    }
    imp_http_resp_release(&r);
    buf_release(&url);
    for (size_t i = 0; i < npages && st == ST_OK; i++) {
        char name[64];
        snprintf(name, sizeof name, "retail-prices-page-%zu", i + 1);
        int64_t n = items[i];
        st = o->import(s, name, pages[i], lens[i], o->import_ctx, &n, e);
        if (st == ST_OK) {
            res->pages++;
            res->items += n;
        }
    }
    for (size_t i = 0; i < npages; i++)
        free(pages[i]);
    free(pages);
    free(lens);
    free(items);
    return st;
}
