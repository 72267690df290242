/*
 * compat.h: the few server APIs that differ between PostgreSQL 13 and 17,
 * behind one name each, so the other files carry no version tests.
 */
#ifndef CONFITURE_COMPAT_H
#define CONFITURE_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 130000
#error "confiture requires PostgreSQL 13 or later"
#endif

#include "parser/parser.h"

/* raw_parser() grew a mode argument in PostgreSQL 14. */
#if PG_VERSION_NUM >= 140000
#define confiture_raw_parser(str) raw_parser((str), RAW_PARSE_DEFAULT)
#else
#define confiture_raw_parser(str) raw_parser(str)
#endif

/* The predefined role constants were renamed in PostgreSQL 14. */
#if PG_VERSION_NUM >= 140000
#define CONFITURE_ROLE_READ_SERVER_FILES ROLE_PG_READ_SERVER_FILES
#else
#define CONFITURE_ROLE_READ_SERVER_FILES DEFAULT_ROLE_READ_SERVER_FILES
#endif

/* CreateTableAsStmt.relkind became .objtype in PostgreSQL 14. */
#if PG_VERSION_NUM >= 140000
#define CTAS_OBJTYPE(stmt) ((stmt)->objtype)
#else
#define CTAS_OBJTYPE(stmt) ((stmt)->relkind)
#endif

#endif							/* CONFITURE_COMPAT_H */
