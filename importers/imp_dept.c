/*
 * imp_dept.c - department rules CSV reader (see imp_dept.h). Rules files
 * are small; they are parsed with libcsv in one pass and validated by
 * dept_rules_add() so a bad line names its file, line and field.
 */
#include "imp_dept.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

#define RULE_FIELDS 3

struct rules_state {
    const char *path;               /* for messages */
    struct dept_rules *r;           /* destination */
    struct err *e;                  /* first error */
    enum status st;                 /* ST_OK until something fails */
    int in_header;                  /* 1 until the header is read */
    int col[RULE_FIELDS];           /* match, pattern, department -> column */
    int nfield;                     /* fields in the current record */
    char *field[64];                /* the record's fields (owned) */
    long line;                      /* line the record starts on */
    long rec_newlines;              /* newlines inside quoted fields */
    int last_term;                  /* terminator of the previous record */
    const char *names[RULE_FIELDS]; /* match, pattern and "department" or "system" */
};

static void clear_fields(struct rules_state *p)
{
    for (int i = 0; i < p->nfield && i < 64; i++) {
        free(p->field[i]);
        p->field[i] = NULL;
    }
    p->nfield = 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct rules_state *p = ctx;
    if (p->st != ST_OK)
        return;
    const char *s = data ? data : "";
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            p->rec_newlines++;
    if (p->nfield >= 64) {
        p->nfield++;
        return;
    }
    /* trim surrounding spaces: hand-written files */
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    p->field[p->nfield] = strndup(s, len);
    if (!p->field[p->nfield])
        p->st = err_set(p->e, ST_NOMEM, "out of memory");
    p->nfield++;
}

static void on_header(struct rules_state *p)
{
    for (int k = 0; k < RULE_FIELDS; k++)
        p->col[k] = -1;
    for (int i = 0; i < p->nfield && i < 64; i++) {
        const char *f = p->field[i];
        if (i == 0 && (unsigned char)f[0] == 0xEF && (unsigned char)f[1] == 0xBB &&
            (unsigned char)f[2] == 0xBF)
            f += 3;
        for (int k = 0; k < RULE_FIELDS; k++)
            if (strcasecmp(f, p->names[k]) == 0 && p->col[k] < 0)
                p->col[k] = i;
    }
    for (int k = 0; k < RULE_FIELDS; k++)
        if (p->col[k] < 0) {
            p->st = err_set(p->e, ST_PARSE,
                            "%s:%ld: header: no column '%s' (expected match,pattern,%s)", p->path,
                            p->line, p->names[k], p->names[2]);
            return;
        }
}

static void on_rule(struct rules_state *p)
{
    if (p->field[0] && p->field[0][0] == '#')
        return; /* comment line */
    int need = 0;
    for (int k = 0; k < RULE_FIELDS; k++)
        if (p->col[k] + 1 > need)
            need = p->col[k] + 1;
    if (p->nfield < need) {
        p->st = err_set(p->e, ST_PARSE, "%s:%ld: expected %d fields, got %d", p->path, p->line,
                        need, p->nfield);
        return;
    }
    for (int k = 0; k < RULE_FIELDS; k++) {
        const char *f = p->field[p->col[k]];
        if (utf8_check(f, strlen(f), p->path, p->line, p->names[k], p->e) != ST_OK) {
            p->st = ST_PARSE;
            return;
        }
    }
    struct err fe;
    err_clear(&fe);
    enum status st =
        dept_rules_add(p->r, p->field[p->col[0]], p->field[p->col[1]], p->field[p->col[2]], &fe);
    if (st == ST_PARSE && strcmp(p->names[2], "department") != 0 &&
        strncmp(fe.msg, "field 'department'", 18) == 0) /* the same checks, its own column */
        p->st =
            err_set(p->e, st, "%s:%ld: field '%s'%s", p->path, p->line, p->names[2], fe.msg + 18);
    else if (st != ST_OK)
        p->st = err_set(p->e, st, "%s:%ld: %s", p->path, p->line, fe.msg);
}

static void on_row(int term, void *ctx)
{
    struct rules_state *p = ctx;
    if (p->st != ST_OK)
        return;
    if (p->nfield == 0) {
        if (!(term == '\n' && p->last_term == '\r'))
            p->line++;
        p->last_term = term == '\r' ? '\r' : 0;
        return;
    }
    if (p->in_header) {
        on_header(p);
        p->in_header = 0;
    } else {
        on_rule(p);
    }
    clear_fields(p);
    p->line += 1 + p->rec_newlines;
    p->rec_newlines = 0;
    p->last_term = term;
}

enum status imp_dept_rules_read(const char *path, struct dept_rules *r, struct err *e)
{
    return imp_dept_rules_read_as(path, "department", r, e);
}

enum status imp_dept_rules_read_as(const char *path, const char *what, struct dept_rules *r,
                                   struct err *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    struct rules_state p;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.r = r;
    p.e = e;
    p.in_header = 1;
    p.line = 1;
    p.names[0] = "match";
    p.names[1] = "pattern";
    p.names[2] = what;
    struct csv_parser csv;
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        fclose(fp);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    char chunk[8192];
    size_t n;
    while (p.st == ST_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (csv_parse(&csv, chunk, n, on_field, on_row, &p) != n && p.st == ST_OK)
            p.st = err_set(e, ST_PARSE, "%s:%ld: malformed CSV quoting", path,
                           p.line + p.rec_newlines);
    }
    if (p.st == ST_OK && ferror(fp))
        p.st = err_set(e, ST_IO, "cannot read '%s'", path);
    if (p.st == ST_OK && csv_fini(&csv, on_field, on_row, &p) != 0 && p.st == ST_OK)
        p.st = err_set(e, ST_PARSE, "%s:%ld: unterminated quoted field", path, p.line);
    if (p.st == ST_OK && p.in_header)
        p.st = err_set(e, ST_PARSE, "%s:1: empty file: expected a header match,pattern,%s", path,
                       what);
    clear_fields(&p);
    csv_free(&csv);
    fclose(fp);
    return p.st;
}
