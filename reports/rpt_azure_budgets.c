/*
 * rpt_azure_budgets.c - the Azure budgets plan as an ARM template (see
 * rpt_azure_budgets.h). Built with jansson; key order kept as inserted so
 * the file reads like the Microsoft Learn examples.
 *
 * Shape: a management-group deployment template whose resources are one
 * nested deployment per subscription (Microsoft.Resources/deployments with
 * subscriptionId, the documented way to reach several subscriptions from
 * one template); each holds that subscription's
 * Microsoft.Consumption/budgets.
 */
#include "rpt_azure_budgets.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#define MG_SCHEMA                                                                                  \
    "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"
#define SUB_SCHEMA                                                                                 \
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
#define BUDGET_API "2021-10-01"
#define DEPLOY_API "2021-04-01"

void azb_plan_release(struct azb_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        struct azb_budget *b = &p->v[i];
        free(b->department);
        free(b->subscription);
        for (size_t k = 0; k < b->nrgs; k++)
            free(b->rgs[k]);
        free(b->rgs);
        free(b->tag_key);
        free(b->tag_value);
        free(b->rule);
    }
    free(p->v);
    for (size_t k = 0; k < p->nskipped; k++)
        free(p->skipped[k]);
    free(p->skipped);
    memset(p, 0, sizeof *p);
}

/* {"name": name, "operator": "In", "values": [values]} */
static json_t *in_expr(const char *name, char *const *values, size_t n)
{
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_string(values[i]));
    return json_pack("{s:s, s:s, s:o}", "name", name, "operator", "In", "values", v);
}

static json_t *budget_filter(const struct azb_budget *b)
{
    if (b->kind == AZB_RESOURCE_GROUPS)
        return json_pack("{s:o}", "dimensions", in_expr("ResourceGroupName", b->rgs, b->nrgs));
    if (b->kind == AZB_TAG) {
        char *v[1] = {b->tag_value};
        return json_pack("{s:o}", "tags", in_expr(b->tag_key, v, 1));
    }
    return NULL; /* the whole subscription */
}

/* Actual 80 %, actual 100 %, forecasted 100 %. */
static json_t *notifications(void)
{
    static const struct {
        const char *type;
        int pct;
    } th[] = {{"Actual", 80}, {"Actual", 100}, {"Forecasted", 100}};
    json_t *n = json_object();
    for (size_t i = 0; i < 3; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s_GreaterThanOrEqualTo_%d_Percent", th[i].type, th[i].pct);
        json_object_set_new(n, key,
                            json_pack("{s:b, s:s, s:i, s:s, s:s}", "enabled", 1, "operator",
                                      "GreaterThanOrEqualTo", "threshold", th[i].pct,
                                      "thresholdType", th[i].type, "contactEmails",
                                      "[parameters('contactEmails')]"));
    }
    return n;
}

/* One budget resource over months first..last (Monthly when equal, else
 * Annually over the fiscal year). */
static json_t *budget_resource(const struct azb_plan *p, const struct azb_budget *b, int k,
                               int64_t amount)
{
    int month = k < 12 ? p->first_month + k : p->first_month;
    int last = k < 12 ? month : p->first_month + 11;
    char name[96], start[32], end[32], d0[DATE_ISO_LEN], d1[DATE_ISO_LEN], ym[16], comment[900];
    int y, m;
    month_from_index(month, &y, &m);
    snprintf(ym, sizeof ym, "%04d-%02d", y, m);
    if (k < 12)
        snprintf(name, sizeof name, "yosan-fy%d-d%02d-p%d-%s", p->fiscal_year, b->index, b->part,
                 ym);
    else
        snprintf(name, sizeof name, "yosan-fy%d-d%02d-p%d-year", p->fiscal_year, b->index, b->part);
    snprintf(start, sizeof start, "%sT00:00:00Z", date_format(month_first_day(month), d0));
    snprintf(end, sizeof end, "%sT00:00:00Z",
             date_format(month_first_day(last) + month_days(last) - 1, d1));
    snprintf(comment, sizeof comment, "%s (%s; part %d of %d), FY%d %s, %s %s, %s", b->department,
             b->rule, b->part, b->parts, p->fiscal_year, k < 12 ? ym : "year", p->basis, p->level,
             p->currency);
    json_t *props = json_pack("{s:s, s:I, s:s, s:{s:s, s:s}}", "category", "Cost", "amount",
                              (json_int_t)amount, "timeGrain", k < 12 ? "Monthly" : "Annually",
                              "timePeriod", "startDate", start, "endDate", end);
    json_t *f = budget_filter(b);
    if (f)
        json_object_set_new(props, "filter", f);
    json_object_set_new(props, "notifications", notifications());
    json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "type", "Microsoft.Consumption/budgets",
                          "apiVersion", BUDGET_API, "name", name, "comments", comment);
    if (k < 12) { /* a month already begun or past cannot be deployed: skipped */
        char cond[96];
        snprintf(cond, sizeof cond, "[greaterOrEquals('%s', parameters('firstMonth'))]", ym);
        json_object_set_new(r, "condition", json_string(cond));
    }
    json_object_set_new(r, "properties", props);
    return r;
}

static json_t *parameters(int nested)
{
    json_t *emails = json_pack("{s:s}", "type", "array");
    json_t *first = json_pack("{s:s}", "type", "string");
    if (!nested) {
        json_object_set_new(emails, "defaultValue",
                            json_pack("[s]", "budget-officer@example.invalid"));
        json_object_set_new(emails, "metadata",
                            json_pack("{s:s}", "description",
                                      "who is told when a threshold is reached (placeholder: "
                                      "replace with the department's and the finance "
                                      "section's addresses)"));
        json_object_set_new(first, "defaultValue", json_string("[utcNow('yyyy-MM')]"));
        json_object_set_new(first, "metadata",
                            json_pack("{s:s}", "description",
                                      "first month (YYYY-MM) whose Monthly budget is created; "
                                      "Azure refuses a start date in a past month"));
    }
    json_t *o = json_pack("{s:o, s:o}", "contactEmails", emails, "firstMonth", first);
    if (!nested)
        json_object_set_new(o, "location",
                            json_pack("{s:s, s:s}", "type", "string", "defaultValue", "japaneast"));
    return o;
}

/* The nested deployment holding subscription sub's budgets. */
static json_t *subscription_deployment(const struct azb_plan *p, const char *sub)
{
    json_t *res = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const struct azb_budget *b = &p->v[i];
        if (strcmp(b->subscription, sub) != 0)
            continue;
        for (int k = 0; k < 13; k++) {
            int64_t amount = k < 12 ? b->monthly[k] : b->annual;
            if (amount > 0) /* Azure wants a positive amount */
                json_array_append_new(res, budget_resource(p, b, k, amount));
        }
    }
    json_t *tpl = json_pack("{s:s, s:s, s:o, s:o}", "$schema", SUB_SCHEMA, "contentVersion",
                            "1.0.0.0", "parameters", parameters(1), "resources", res);
    char name[96];
    snprintf(name, sizeof name, "yosan-fy%d-budgets-%s", p->fiscal_year, sub);
    json_t *props = json_pack("{s:s, s:{s:s}, s:{s:{s:s}, s:{s:s}}, s:o}", "mode", "Incremental",
                              "expressionEvaluationOptions", "scope", "inner", "parameters",
                              "contactEmails", "value", "[parameters('contactEmails')]",
                              "firstMonth", "value", "[parameters('firstMonth')]", "template", tpl);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "type", "Microsoft.Resources/deployments",
                     "apiVersion", DEPLOY_API, "name", name, "subscriptionId", sub, "location",
                     "[parameters('location')]", "properties", props);
}

static json_t *plan_metadata(const struct azb_plan *p)
{
    char fy[16];
    snprintf(fy, sizeof fy, "FY%d", p->fiscal_year);
    json_t *depts = json_array(), *skipped = json_array();
    for (size_t i = 0; i < p->n; i++)
        json_array_append_new(depts, json_pack("{s:s, s:i, s:i, s:i, s:s, s:s, s:I}", "department",
                                               p->v[i].department, "index", p->v[i].index, "part",
                                               p->v[i].part, "parts", p->v[i].parts, "subscription",
                                               p->v[i].subscription, "rule", p->v[i].rule, "annual",
                                               (json_int_t)p->v[i].annual));
    for (size_t i = 0; i < p->nskipped; i++)
        json_array_append_new(skipped, json_string(p->skipped[i]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "generator",
                     "yosan budget --format azure-budgets", "fiscalYear", fy, "basis", p->basis,
                     "level", p->level, "currency", p->currency, "budgets", depts,
                     "departmentsWithoutCost", skipped);
}

enum status rpt_azure_budgets_write(const struct azb_plan *p, FILE *out, struct err *e)
{
    json_t *res = json_array();
    for (size_t i = 0; i < p->n; i++) {
        size_t j = 0;
        while (j < i && strcmp(p->v[j].subscription, p->v[i].subscription) != 0)
            j++;
        if (j == i) /* first budget in this subscription */
            json_array_append_new(res, subscription_deployment(p, p->v[i].subscription));
    }
    json_t *root =
        json_pack("{s:s, s:s, s:o, s:o, s:o}", "$schema", MG_SCHEMA, "contentVersion", "1.0.0.0",
                  "metadata", plan_metadata(p), "parameters", parameters(0), "resources", res);
    if (!root)
        return err_set(e, ST_NOMEM, "cannot build the ARM template (out of memory)");
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc != 0 || fputc('\n', out) == EOF)
        return err_set(e, ST_IO, "cannot write the ARM template: %s", strerror(errno));
    return ST_OK;
}
