/*
 * test_rpt_doc.c - the report document and its five renderers on a
 * synthetic report: escaping of a hostile department name in every format,
 * Japanese round trips, typed XLSX cells, the same totals everywhere.
 */
#include "test_util.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_model.h"

#define EVIL    "<script>alert(1)</script> & \"q\" 'a' =cmd|' /C calc'!A0"
#define FORMULA "=cmd|' /C calc'!A0"
#define JA_DEPT "建設局"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return s;
}

static char *run_capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n;
    while ((n = fread(s + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (len + 1 == cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    s[len] = '\0';
    pclose(p);
    return s;
}

/* The synthetic budget-like report: a table with a totals row, a line chart
 * with bands and a marker, a stacked bar chart and a note. Total = 1,234,567 + 2,000,000. */
static void build_doc(struct rpt_doc *d, enum rpt_lang lang)
{
    assert_int_equal(
        rpt_doc_init(d, lang, "budget", lang == RPT_LANG_JA ? "予算要求資料" : "Budget"), ST_OK);
    assert_int_equal(rpt_doc_add_meta(d, "年度", "2027"), ST_OK);
    assert_int_equal(rpt_doc_add_meta(d, "scenario", EVIL), ST_OK);
    struct rpt_column_spec cols[] = {
        {"department", "局", RPT_T_TEXT, 0},
        {"p50_yen", "P50", RPT_T_YEN, 0},
        {"change_pct", "増減率", RPT_T_PERCENT, 1},
        {"cpu", "CPU", RPT_T_NUMBER, 2},
    };
    struct rpt_section *t;
    assert_int_equal(rpt_doc_add_table(d, "budget", "局別予算", 4, cols, &t), ST_OK);
    struct rpt_value r1[] = {RPT_V_TEXT(JA_DEPT), RPT_V_YEN(1234567), RPT_V_NUM(12.34),
                             RPT_V_NUM(1.5)};
    struct rpt_value r2[] = {RPT_V_TEXT(EVIL), RPT_V_YEN(2000000), RPT_V_NUM(-3.0), RPT_V_EMPTY};
    struct rpt_value r3[] = {RPT_V_TEXT(FORMULA), RPT_V_YEN(0), RPT_V_NUM(NAN), RPT_V_NUM(0)};
    struct rpt_value tot[] = {RPT_V_TEXT("合計"), RPT_V_YEN(3234567), RPT_V_EMPTY, RPT_V_EMPTY};
    assert_int_equal(rpt_table_row(t, r1, 0), ST_OK);
    assert_int_equal(rpt_table_row(t, r2, 0), ST_OK);
    assert_int_equal(rpt_table_row(t, r3, 0), ST_OK);
    assert_int_equal(rpt_table_row(t, tot, 1), ST_OK);

    const char *x[] = {"2026-04", "2026-05", "2026-06", "2026-07", "2026-08"};
    struct rpt_section *c;
    assert_int_equal(
        rpt_doc_add_chart(d, "city", "全市 " EVIL, RPT_CHART_LINE, RPT_T_YEN, 5, x, &c), ST_OK);
    double hist[] = {100, 120, 130, NAN, NAN};
    double fc[] = {NAN, NAN, 130, 140, 150};
    double lo[] = {NAN, NAN, 130, 120, 110}, hi[] = {NAN, NAN, 130, 160, 190};
    assert_int_equal(rpt_chart_add_series(c, "95%", RPT_S_BAND, NULL, lo, hi), ST_OK);
    assert_int_equal(rpt_chart_add_series(c, "実績", RPT_S_LINE, hist, NULL, NULL), ST_OK);
    assert_int_equal(rpt_chart_add_series(c, EVIL, RPT_S_DASHED, fc, NULL, NULL), ST_OK);
    assert_int_equal(rpt_chart_set_marker(c, 2.5, EVIL), ST_OK);

    struct rpt_section *b;
    assert_int_equal(
        rpt_doc_add_chart(d, "stack", "積み上げ", RPT_CHART_STACKED_BAR, RPT_T_YEN, 2, x, &b),
        ST_OK);
    double s1[] = {1000, 2000}, s2[] = {500, NAN};
    assert_int_equal(rpt_chart_add_series(b, JA_DEPT, RPT_S_BAR, s1, NULL, NULL), ST_OK);
    assert_int_equal(rpt_chart_add_series(b, EVIL, RPT_S_BAR, s2, NULL, NULL), ST_OK);
    assert_int_equal(rpt_doc_add_note(d, "note", "注記", EVIL, NULL), ST_OK);
}

static const char *write_fmt(const struct rpt_doc *d, enum rpt_doc_format f, int excel,
                             const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", test_tmp_dir(), name);
    struct err e;
    err_clear(&e);
    if (f == RPT_DOC_XLSX) {
        assert_int_equal(rpt_xlsx_write(d, path, &e), ST_OK);
        return path;
    }
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    enum status st = ST_OK;
    switch (f) {
    case RPT_DOC_HTML:
        st = rpt_html_write(d, out, &e);
        break;
    case RPT_DOC_CSV:
        st = rpt_doc_csv_write(d, excel, out, &e);
        break;
    case RPT_DOC_JSON:
        st = rpt_doc_json_write(d, out, &e);
        break;
    case RPT_DOC_MD:
        st = rpt_md_write(d, out, &e);
        break;
    case RPT_DOC_XLSX:
        break;
    }
    assert_int_equal(st, ST_OK);
    fclose(out);
    return path;
}

static void test_formatting(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(rpt_fmt_thousands(0, buf, sizeof buf), "0");
    assert_string_equal(rpt_fmt_thousands(999, buf, sizeof buf), "999");
    assert_string_equal(rpt_fmt_thousands(1000, buf, sizeof buf), "1,000");
    assert_string_equal(rpt_fmt_thousands(-1234567, buf, sizeof buf), "-1,234,567");
    assert_string_equal(rpt_fmt_thousands(INT64_MIN, buf, sizeof buf),
                        "-9,223,372,036,854,775,808");
    struct rpt_doc ja = {0}, en = {0};
    ja.lang = RPT_LANG_JA;
    en.lang = RPT_LANG_EN;
    struct rpt_column yen = {NULL, NULL, RPT_T_YEN, 0, 0};
    struct rpt_column pct = {NULL, NULL, RPT_T_PERCENT, 1, 0};
    struct rpt_column num = {NULL, NULL, RPT_T_NUMBER, 2, 0};
    struct rpt_cell c = {NULL, 1234567, 0, 0};
    assert_string_equal(rpt_fmt_cell(&ja, &yen, &c, buf, sizeof buf), "1,234,567円");
    assert_string_equal(rpt_fmt_cell(&en, &yen, &c, buf, sizeof buf), "¥1,234,567");
    c.yen = -5000;
    assert_string_equal(rpt_fmt_cell(&en, &yen, &c, buf, sizeof buf), "-¥5,000");
    c.num = 12.34;
    assert_string_equal(rpt_fmt_cell(&ja, &pct, &c, buf, sizeof buf), "12.3%");
    c.num = -0.001;
    assert_string_equal(rpt_fmt_cell(&ja, &num, &c, buf, sizeof buf), "0.00");
    assert_string_equal(rpt_fmt_raw(&num, &c, buf, sizeof buf), "0.00");
    c.num = 1234567.891;
    assert_string_equal(rpt_fmt_cell(&ja, &num, &c, buf, sizeof buf), "1,234,567.89");
    assert_string_equal(rpt_fmt_raw(&num, &c, buf, sizeof buf), "1234567.89");
    c.empty = 1;
    assert_string_equal(rpt_fmt_cell(&ja, &yen, &c, buf, sizeof buf), "");
    c.empty = 0;
    c.yen = 1500;
    rpt_doc_set_currency(&en, "USD");
    assert_string_equal(rpt_fmt_cell(&en, &yen, &c, buf, sizeof buf), "1,500 USD");
    rpt_doc_set_currency(&en, "U\"D");
    assert_string_equal(en.currency, "XXX");
    rpt_doc_set_currency(&en, NULL);
    assert_string_equal(en.currency, "JPY");
}

static void test_format_from_path(void **state)
{
    (void)state;
    assert_int_equal(rpt_doc_format_from_path("out/report.HTML"), RPT_DOC_HTML);
    assert_int_equal(rpt_doc_format_from_path("a.htm"), RPT_DOC_HTML);
    assert_int_equal(rpt_doc_format_from_path("a.xlsx"), RPT_DOC_XLSX);
    assert_int_equal(rpt_doc_format_from_path("a.b/c.csv"), RPT_DOC_CSV);
    assert_int_equal(rpt_doc_format_from_path("x.json"), RPT_DOC_JSON);
    assert_int_equal(rpt_doc_format_from_path("x.md"), RPT_DOC_MD);
    assert_int_equal(rpt_doc_format_from_path("x.markdown"), RPT_DOC_MD);
    assert_int_equal(rpt_doc_format_from_path("x.pdf"), -1);
    assert_int_equal(rpt_doc_format_from_path("dir.d/noext"), -1);
    assert_int_equal(rpt_doc_format_from_path("noext"), -1);
}

static void test_html(void **state)
{
    (void)state;
    struct rpt_doc d;
    build_doc(&d, RPT_LANG_JA);
    char *s = slurp(write_fmt(&d, RPT_DOC_HTML, 0, "r.html"), NULL);
    /* no raw markup from data anywhere (text, SVG text, attributes) */
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "\"q\""));
    assert_non_null(
        strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"));
    assert_non_null(strstr(s, "aria-label=\"全市 &lt;script&gt;"));
    assert_non_null(strstr(s, "<html lang=\"ja\">"));
    assert_non_null(strstr(s, "@page{size:A4"));
    assert_non_null(strstr(s, "<svg "));
    assert_non_null(strstr(s, "3,234,567円"));
    assert_non_null(strstr(s, JA_DEPT));
    assert_non_null(strstr(s, "<tr class=\"total\">"));
    /* y ticks at round numbers with separators: 100..190 -> 0, 50, .., 200;
     * the stacked chart 1,500 / 2,000 -> 0, 500, .., 2,000 */
    assert_non_null(strstr(s, ">150</text>"));
    assert_non_null(strstr(s, ">200</text>"));
    assert_non_null(strstr(s, ">2,000</text>"));
    assert_null(strstr(s, ">190</text>"));
    assert_non_null(strstr(s, "stroke-dasharray=\"6 3\"")); /* forecast dashed */
    assert_non_null(strstr(s, "fill-opacity=\"0.18\""));    /* the band */
    /* self-contained: nothing fetched from elsewhere */
    assert_null(strstr(s, "src="));
    assert_null(strstr(s, "href="));
    assert_null(strstr(s, "url("));
    /* one svg per chart, balanced */
    size_t open = 0, close = 0;
    for (const char *p = s; (p = strstr(p, "<svg ")); p++)
        open++;
    for (const char *p = s; (p = strstr(p, "</svg>")); p++)
        close++;
    assert_int_equal(open, 2);
    assert_int_equal(close, 2);
    free(s);
    rpt_doc_release(&d);
}

static void test_html_english_and_empty_chart(void **state)
{
    (void)state;
    struct rpt_doc d;
    assert_int_equal(rpt_doc_init(&d, RPT_LANG_EN, "x", "T"), ST_OK);
    const char *x[] = {"a"};
    double v[] = {NAN};
    struct rpt_section *c;
    assert_int_equal(rpt_doc_add_chart(&d, "c", "C", RPT_CHART_LINE, RPT_T_NUMBER, 1, x, &c),
                     ST_OK);
    assert_int_equal(rpt_chart_add_series(c, "s", RPT_S_LINE, v, NULL, NULL), ST_OK);
    char *s = slurp(write_fmt(&d, RPT_DOC_HTML, 0, "e.html"), NULL);
    assert_non_null(strstr(s, "<html lang=\"en\">"));
    assert_non_null(strstr(s, "no data"));
    assert_null(strstr(s, "<svg"));
    free(s);
    rpt_doc_release(&d);
}

static void test_csv(void **state)
{
    (void)state;
    struct rpt_doc d;
    build_doc(&d, RPT_LANG_JA);
    char *s = slurp(write_fmt(&d, RPT_DOC_CSV, 0, "r.csv"), NULL);
    assert_string_equal(strstr(s, "局,P50"), s); /* one table: header first, no title line */
    assert_non_null(strstr(s, "建設局,1234567,12.3,1.50\n"));
    assert_non_null(strstr(s, "\"'=cmd|' /C calc'!A0\",0,,0.00\n"));
    assert_non_null(strstr(s, "合計,3234567,,\n"));
    /* no line starts a field with a formula character */
    for (const char *p = s; p; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        assert_false(*p == '=' || *p == '+' || *p == '@');
        assert_null(strstr(p, ",="));
    }
    free(s);
    size_t len;
    s = slurp(write_fmt(&d, RPT_DOC_CSV, 1, "x.csv"), &len);
    assert_memory_equal(s, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(s, "建設局,1234567,12.3,1.50\r\n"));
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            assert_int_equal(s[i - 1], '\r');
    free(s);
    rpt_doc_release(&d);
}

static void test_json(void **state)
{
    (void)state;
    struct rpt_doc d;
    build_doc(&d, RPT_LANG_JA);
    char *s = slurp(write_fmt(&d, RPT_DOC_JSON, 0, "r.json"), NULL);
    assert_null(strstr(s, "<script"));
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    if (!root)
        fail_msg("json: %s at line %d", je.text, je.line);
    assert_string_equal(json_string_value(json_object_get(root, "kind")), "budget");
    assert_string_equal(json_string_value(json_object_get(root, "lang")), "ja");
    json_t *secs = json_object_get(root, "sections");
    assert_int_equal(json_array_size(secs), 4);
    json_t *t = json_array_get(secs, 0);
    assert_string_equal(json_string_value(json_object_get(t, "kind")), "table");
    json_t *rows = json_object_get(t, "rows");
    assert_int_equal(json_array_size(rows), 3);
    /* strings round-trip exactly (Japanese and the hostile name) */
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "department")),
                        JA_DEPT);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "department")),
                        EVIL);
    json_int_t sum = 0;
    for (size_t i = 0; i < json_array_size(rows); i++)
        sum += json_integer_value(json_object_get(json_array_get(rows, i), "p50_yen"));
    json_t *tot = json_array_get(json_object_get(t, "totals"), 0);
    assert_int_equal(json_integer_value(json_object_get(tot, "p50_yen")), sum);
    assert_int_equal(sum, 3234567);
    assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "cpu")));
    assert_rel_close(json_real_value(json_object_get(json_array_get(rows, 0), "change_pct")), 12.3,
                     1e-12);
    json_t *ch = json_array_get(secs, 1);
    assert_string_equal(json_string_value(json_object_get(ch, "chart_type")), "line");
    json_t *band = json_array_get(json_object_get(ch, "series"), 0);
    assert_string_equal(json_string_value(json_object_get(band, "style")), "band");
    assert_rel_close(json_number_value(json_array_get(json_object_get(band, "hi"), 4)), 190, 0);
    assert_true(json_is_null(json_array_get(json_object_get(band, "lo"), 0)));
    assert_rel_close(json_number_value(json_object_get(json_object_get(ch, "marker"), "x")), 2.5,
                     0);
    json_decref(root);
    free(s);
    rpt_doc_release(&d);
}

static void test_markdown(void **state)
{
    (void)state;
    struct rpt_doc d;
    build_doc(&d, RPT_LANG_JA);
    char *s = slurp(write_fmt(&d, RPT_DOC_MD, 0, "r.md"), NULL);
    for (const char *p = s; (p = strchr(p, '<')); p++)
        assert_int_equal(p[-1], '\\'); /* every < from data is escaped */
    assert_non_null(
        strstr(s, "\\<script\\>alert(1)\\</script\\> \\& \"q\" 'a' =cmd\\|' /C calc'\\!A0"));
    assert_non_null(strstr(s, "| \\=cmd\\|' /C calc'\\!A0 | 0円 |  | 0.00 |"));
    assert_non_null(strstr(s, "| 建設局 | 1,234,567円 | 12.3% | 1.50 |"));
    assert_non_null(strstr(s, "| **合計** | **3,234,567円** |  |  |"));
    assert_non_null(strstr(s, "| --- | ---: | ---: | ---: |"));
    free(s);
    rpt_doc_release(&d);
}

static void test_xlsx(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    struct rpt_doc d;
    build_doc(&d, RPT_LANG_JA);
    const char *path = write_fmt(&d, RPT_DOC_XLSX, 0, "r.xlsx");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "unzip -Z1 '%s'", path);
    char *list = run_capture(cmd);
    assert_non_null(strstr(list, "xl/worksheets/sheet1.xml"));
    assert_non_null(strstr(list, "xl/worksheets/sheet2.xml")); /* report info */
    assert_null(strstr(list, "xl/worksheets/sheet3.xml"));     /* charts get no sheet */
    free(list);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
    char *sheet = run_capture(cmd);
    assert_null(strstr(sheet, "<f>"));
    assert_null(strstr(sheet, "<f "));
    assert_non_null(strstr(sheet, "<pane ")); /* frozen header */
    assert_non_null(strstr(sheet, "topLeftCell=\"A2\""));
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D4\"/>"));
    /* yen cells are numeric: no t="s", the exact value */
    assert_non_null(strstr(sheet, "<c r=\"B2\" s=\""));
    const char *b2 = strstr(sheet, "<c r=\"B2\"");
    assert_non_null(b2);
    char cell[256];
    snprintf(cell, sizeof cell, "%.*s", (int)(strstr(b2, "</c>") - b2), b2);
    assert_null(strstr(cell, "t=\"s\""));
    assert_non_null(strstr(cell, "<v>1234567</v>"));
    assert_non_null(strstr(sheet, "<v>3234567</v>")); /* totals row */
    assert_non_null(strstr(sheet, "<v>0.1234</v>"));  /* percent as a fraction */
    /* the formula-looking name is a shared string cell */
    const char *a4 = strstr(sheet, "<c r=\"A4\"");
    assert_non_null(a4);
    assert_true(strncmp(strstr(a4, "t=\""), "t=\"s\"", 5) == 0);
    free(sheet);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml", path);
    char *ss = run_capture(cmd);
    assert_non_null(strstr(ss, "<t>" FORMULA "</t>"));
    assert_non_null(strstr(ss, "&lt;script&gt;"));
    assert_non_null(strstr(ss, JA_DEPT));
    assert_null(strstr(ss, "<script"));
    free(ss);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/workbook.xml", path);
    char *wb = run_capture(cmd);
    assert_non_null(strstr(wb, "name=\"局別予算\""));
    free(wb);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/styles.xml", path);
    char *st = run_capture(cmd);
    assert_non_null(strstr(st, "#,##0&quot;円&quot;"));
    free(st);
    rpt_doc_release(&d);
}

/* Long texts (ARM ids, reasons) are never cut by a formatting buffer. */
static void test_long_text(void **state)
{
    (void)state;
    char id[400];
    memset(id, 'a', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    memcpy(id + sizeof id - 6, "/tail", 5);
    struct rpt_doc d;
    assert_int_equal(rpt_doc_init(&d, RPT_LANG_EN, "x", "T"), ST_OK);
    struct rpt_column_spec cols[] = {{"id", "id", RPT_T_TEXT, 0}};
    struct rpt_section *t;
    assert_int_equal(rpt_doc_add_table(&d, "t", "T", 1, cols, &t), ST_OK);
    struct rpt_value v[] = {RPT_V_TEXT(id)};
    assert_int_equal(rpt_table_row(t, v, 0), ST_OK);
    const enum rpt_doc_format fmts[] = {RPT_DOC_HTML, RPT_DOC_CSV, RPT_DOC_JSON, RPT_DOC_MD};
    for (size_t i = 0; i < 4; i++) {
        char *s = slurp(write_fmt(&d, fmts[i], 0, "long.txt"), NULL);
        assert_non_null(strstr(s, id)); /* '/' and letters need no escaping anywhere */
        free(s);
    }
    rpt_doc_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formatting), cmocka_unit_test(test_format_from_path),
        cmocka_unit_test(test_html),       cmocka_unit_test(test_html_english_and_empty_chart),
        cmocka_unit_test(test_csv),        cmocka_unit_test(test_json),
        cmocka_unit_test(test_markdown),   cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_long_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
