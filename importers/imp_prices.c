/*
 * imp_prices.c - Azure Retail Prices API pages into the price table (see
 * imp_prices.h). Only Virtual Machines items with an armSkuName are kept;
 * Spot and Low Priority meters are skipped. Reservation items carry the
 * price of the whole term, so their hourly rate is retailPrice / (8760 x
 * years). Savings-plan arrays (preview API) give hourly rates per term.
 * One transaction per page: a malformed item rolls the page back.
 */
#include "imp_prices.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imp_file.h"
#include "store_prices.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Hours in a unit of measure ("1 Hour", "10 Hours"); 0 when not hourly. */
static double unit_hours(const char *unit)
{
    if (!unit || !strstr(unit, "Hour"))
        return 0;
    char *end;
    double n = strtod(unit, &end);
    return end == unit || n <= 0 ? 1.0 : n;
}

static double term_years(const char *term)
{
    if (!term)
        return 0;
    char *end;
    double y = strtod(term, &end);
    if (end == term || y <= 0 || !strstr(end, "Year"))
        return 0;
    return y;
}

static const char *str_field(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static enum status put(struct store *s, int64_t import_id, struct vm_price_row *row,
                       struct imp_prices_result *res, struct err *e)
{
    int stored = 0;
    enum status st = store_price_put(s, import_id, row, &stored, e);
    res->stored += stored;
    return st;
}

static enum status item(struct store *s, int64_t import_id, const char *name, size_t idx,
                        json_t *it, const char *page_currency, struct imp_prices_result *res,
                        struct err *e)
{
    if (!json_is_object(it))
        return err_set(e, ST_PARSE, "%s: Items[%zu]: expected an object", name, idx);
    res->items++;
    const char *service = str_field(it, "serviceName");
    const char *sku = str_field(it, "armSkuName");
    const char *meter = str_field(it, "meterName");
    if (strcmp(service, "Virtual Machines") != 0 || !*sku)
        return ST_OK;
    if (ends_with(meter, " Spot") || ends_with(meter, " Low Priority") ||
        ends_with(str_field(it, "skuName"), " Spot") ||
        ends_with(str_field(it, "skuName"), " Low Priority"))
        return ST_OK;
    json_t *price = json_object_get(it, "retailPrice");
    if (!json_is_number(price))
        return err_set(e, ST_PARSE, "%s: Items[%zu]: field 'retailPrice': expected a number", name,
                       idx);
    double retail = json_number_value(price);
    if (!isfinite(retail) || retail < 0)
        return err_set(e, ST_PARSE, "%s: Items[%zu]: field 'retailPrice': expected a price >= 0",
                       name, idx);
    const char *region = str_field(it, "armRegionName");
    const char *currency = str_field(it, "currencyCode");
    if (!*currency)
        currency = page_currency;
    if (!*region || !*currency)
        return err_set(e, ST_PARSE, "%s: Items[%zu]: field '%s' missing", name, idx,
                       *region ? "currencyCode" : "armRegionName");
    const char *type = str_field(it, "type");
    struct vm_price_row row = {
        .arm_sku = sku,
        .region = region,
        .currency = currency,
        .os = ends_with(str_field(it, "productName"), " Windows") ? "windows" : "linux",
        .retail_price = retail,
        .effective_start = str_field(it, "effectiveStartDate"),
    };
    enum status st;
    if (strcmp(type, "Reservation") == 0) {
        const char *term = str_field(it, "reservationTerm");
        double years = term_years(term);
        if (years != 1 && years != 3)
            return err_set(e, ST_PARSE, "%s: Items[%zu]: field 'reservationTerm': unexpected '%s'",
                           name, idx, term);
        row.price_type = years == 1 ? "ri1y" : "ri3y";
        row.hourly = retail / (8760.0 * years); /* retailPrice is the whole term */
        return put(s, import_id, &row, res, e);
    }
    int devtest = strcmp(type, "DevTestConsumption") == 0;
    if (!devtest && strcmp(type, "Consumption") != 0)
        return ST_OK;
    double hours = unit_hours(str_field(it, "unitOfMeasure"));
    if (hours <= 0)
        return ST_OK; /* not an hourly meter */
    if (json_is_number(json_object_get(it, "tierMinimumUnits")) &&
        json_number_value(json_object_get(it, "tierMinimumUnits")) > 0)
        return ST_OK; /* only the first tier */
    row.price_type = devtest ? "devtest" : "payg";
    row.hourly = retail / hours;
    if ((st = put(s, import_id, &row, res, e)) != ST_OK)
        return st;
    json_t *plans = json_object_get(it, "savingsPlan");
    size_t k;
    json_t *sp;
    json_array_foreach(plans, k, sp)
    {
        double years = term_years(str_field(sp, "term"));
        double v = json_number_value(json_object_get(sp, "unitPrice"));
        if (!json_is_number(json_object_get(sp, "unitPrice")))
            v = json_number_value(json_object_get(sp, "retailPrice"));
        if ((years != 1 && years != 3) || !isfinite(v) || v < 0)
            return err_set(e, ST_PARSE, "%s: Items[%zu].savingsPlan[%zu]: bad term or price", name,
                           idx, k);
        struct vm_price_row r2 = row;
        r2.price_type = years == 1 ? "sp1y" : "sp3y";
        r2.hourly = v / hours;
        r2.retail_price = v;
        if ((st = put(s, import_id, &r2, res, e)) != ST_OK)
            return st;
    }
    return ST_OK;
}

static enum status import_page(struct store *s, const char *name, const char *sha256,
                               const char *json, size_t len, struct imp_prices_result *res,
                               struct err *e)
{
    memset(res, 0, sizeof *res);
    json_error_t jerr;
    json_t *root = json_loadb(json, len, 0, &jerr);
    if (!root)
        return err_set(e, ST_PARSE, "%s:%d: invalid JSON: %s", name, jerr.line, jerr.text);
    json_t *items = json_object_get(root, "Items");
    if (!json_is_array(items)) {
        json_decref(root);
        return err_set(e, ST_PARSE, "%s: expected a Retail Prices page ('Items' array)", name);
    }
    const char *next = json_string_value(json_object_get(root, "NextPageLink"));
    snprintf(res->next_page, sizeof res->next_page, "%s", next ? next : "");
    int64_t import_id = 0;
    int dup = 0;
    enum status st = store_prices_begin(s, name, sha256, &import_id, &dup, e);
    if (st != ST_OK || dup) {
        res->duplicate = dup;
        json_decref(root);
        return st;
    }
    const char *page_currency = str_field(root, "BillingCurrency");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if ((st = item(s, import_id, name, i, it, page_currency, res, e)) != ST_OK)
            break;
    }
    if (st == ST_OK)
        st = store_prices_finish(s, import_id, res->stored, e);
    else
        store_prices_abort(s);
    json_decref(root);
    return st;
}

enum status imp_prices_json_buffer(struct store *s, const char *name, const char *json, size_t len,
                                   struct imp_prices_result *res, struct err *e)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    char hex[65];
    if (EVP_Digest(json, len, md, &mdlen, EVP_sha256(), NULL) != 1)
        return err_set(e, ST_NOMEM, "cannot compute sha256");
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return import_page(s, name, hex, json, len, res, e);
}

int imp_prices_sniff_head(const char *head)
{
    const char *p = head;
    while (*p && isspace((unsigned char)*p))
        p++;
    return *p == '{' && strstr(head, "\"Items\"") &&
           (strstr(head, "\"retailPrice\"") || strstr(head, "\"NextPageLink\"") ||
            strstr(head, "\"BillingCurrency\""));
}

int imp_prices_sniff(const char *path)
{
    struct imp_file f;
    const char *head;
    if (imp_file_open_unhashed(&f, path, NULL) != ST_OK)
        return 0;
    int yes = imp_file_peek(&f, &head, NULL) > 0 && imp_prices_sniff_head(head);
    imp_file_close(&f);
    return yes;
}

enum status imp_prices_file(struct store *s, const char *path, struct imp_prices_result *res,
                            struct err *e)
{
    struct imp_file f;
    enum status st = imp_file_open_unhashed(&f, path, e);
    if (st != ST_OK) {
        memset(res, 0, sizeof *res);
        return st;
    }
    return imp_prices_read(s, &f, res, e);
}

enum status imp_prices_read(struct store *s, struct imp_file *f, struct imp_prices_result *res,
                            struct err *e)
{
    memset(res, 0, sizeof *res);
    struct buf text;
    buf_init(&text, IMP_JSON_MAX_BYTES);
    /* read whole first: a stream's digest is then complete for the duplicate check */
    enum status st = imp_file_hash(f, e);
    if (st == ST_OK && (st = imp_file_read_all(f, &text, e)) == ST_OK)
        st = import_page(s, f->path, f->sha256, buf_str(&text), text.len, res, e);
    buf_release(&text);
    imp_file_close(f);
    return st;
}
