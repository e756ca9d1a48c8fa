/*
 * imp_dept.h - read a department rules file (CSV: match,pattern,department),
 * or a system rules file (match,pattern,system) with the same machinery.
 */
#ifndef YOSAN_IMP_DEPT_H
#define YOSAN_IMP_DEPT_H

#include "dept.h"
#include "err.h"

/* Parse the rules file at path into r (initialised by the caller, who
 * releases it with dept_rules_release()). The header names the columns
 * match, pattern and department in any order (case-insensitive); blank
 * lines and lines whose first field starts with '#' are skipped. A bad line
 * gives ST_PARSE with "FILE:LINE: field 'X': ..."; r is then left partly
 * filled and must not be stored. */
enum status imp_dept_rules_read(const char *path, struct dept_rules *r, struct err *e);
/* The same for rules naming another attribute in column what (e.g.
 * match,pattern,system for per-system budget lines): the rule's
 * department field then holds the system. */
enum status imp_dept_rules_read_as(const char *path, const char *what, struct dept_rules *r,
                                   struct err *e);

#endif
