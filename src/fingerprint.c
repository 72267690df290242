/*
 * fingerprint.c: owns the schema fingerprint: what the database's schema is,
 * object by object, as one digest.
 *
 * Every object in a non-system schema that is not a member of an extension
 * is described by PostgreSQL's own deparsers and catalog columns (a table by
 * its columns with their types, defaults, identity, collation and grants; a
 * view by pg_get_viewdef; a function by pg_get_functiondef; an index,
 * constraint, trigger, rule by pg_get_indexdef, pg_get_constraintdef,
 * pg_get_triggerdef, pg_get_ruledef; a policy, sequence, type, domain, enum,
 * range by their catalog rows; schemas, extensions and default privileges;
 * owners, grants and comments throughout), named by pg_identify_object, and
 * hashed.  Data is never part of it (not a sequence's current value, not a
 * row), so writes do not change it.  The fingerprint is the SHA-256 of the
 * sorted (kind, object, digest) triples, so equal schemas give equal
 * fingerprints in any database, and the per-object digests say which object
 * differs.  Requires an SPI connection.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "fingerprint.h"
#include "runner.h"

/*
 * One row per object: (kind, identity, digest of its definition), sorted.
 * Every name is qualified and the deparsers qualify what the pinned
 * search_path (pg_catalog only) does not show, so the text does not depend
 * on the caller's settings.
 */
static const char *const objects_query =
"WITH nsp AS ("
"  SELECT n.oid FROM pg_catalog.pg_namespace AS n"
"   WHERE n.nspname OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog', 'information_schema', 'pg_toast'])"
"     AND NOT pg_catalog.starts_with(n.nspname, 'pg_temp_')"
"     AND NOT pg_catalog.starts_with(n.nspname, 'pg_toast_temp_')),"
" rel AS ("
"  SELECT c.oid FROM pg_catalog.pg_class AS c"
"   WHERE c.relnamespace OPERATOR(pg_catalog.=) ANY (SELECT nsp.oid FROM nsp)"
"     AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'f', 'v', 'm', 'S']::pg_catalog.\"char\"[])"
"     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                      WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass"
"                        AND e.objid OPERATOR(pg_catalog.=) c.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')),"
" typ AS ("
"  SELECT t.oid FROM pg_catalog.pg_type AS t"
"   WHERE t.typnamespace OPERATOR(pg_catalog.=) ANY (SELECT nsp.oid FROM nsp)"
"     AND (t.typrelid OPERATOR(pg_catalog.=) 0 OR (SELECT c.relkind FROM pg_catalog.pg_class AS c"
"           WHERE c.oid OPERATOR(pg_catalog.=) t.typrelid) OPERATOR(pg_catalog.=) 'c')"
"     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                      WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass"
"                        AND e.objid OPERATOR(pg_catalog.=) t.oid"
"                        AND e.deptype OPERATOR(pg_catalog.=) ANY (ARRAY['e', 'i']::pg_catalog.\"char\"[]))),"
" obj(classid, objid, def) AS ("
/* schemas */
"  SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass, n.oid,"
"         pg_catalog.format('%L %L %L', pg_catalog.pg_get_userbyid(n.nspowner), n.nspacl,"
"                           pg_catalog.obj_description(n.oid, 'pg_namespace'))"
"    FROM pg_catalog.pg_namespace AS n"
"   WHERE n.oid OPERATOR(pg_catalog.=) ANY (SELECT nsp.oid FROM nsp)"
"     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                      WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"                        AND e.objid OPERATOR(pg_catalog.=) n.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')"
/* tables, views, materialized views, foreign tables, sequences */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid,"
"         pg_catalog.format('%L %L %L %L %L %L %L %L %L %L %L %L %L %L %L',"
"           c.relkind, c.relpersistence, pg_catalog.pg_get_userbyid(c.relowner), c.relacl, c.reloptions,"
"           c.relrowsecurity, c.relforcerowsecurity, pg_catalog.obj_description(c.oid, 'pg_class'),"
"           CASE WHEN c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['v', 'm']::pg_catalog.\"char\"[])"
"                THEN pg_catalog.pg_get_viewdef(c.oid) END,"
"           CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
"           pg_catalog.pg_get_expr(c.relpartbound, c.oid),"
"           (SELECT pg_catalog.string_agg(i.inhparent::pg_catalog.regclass::pg_catalog.text, ',' ORDER BY i.inhseqno)"
"              FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid OPERATOR(pg_catalog.=) c.oid),"
"           (SELECT pg_catalog.string_agg(pg_catalog.format('%L %L %L %L %L %L %L %L %L',"
"                     a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
"                     pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
"                     a.attcollation::pg_catalog.regcollation, a.attacl,"
"                     pg_catalog.col_description(c.oid, a.attnum)), E'\\n' ORDER BY a.attnum)"
"              FROM pg_catalog.pg_attribute AS a"
"              LEFT JOIN pg_catalog.pg_attrdef AS d"
"                ON d.adrelid OPERATOR(pg_catalog.=) a.attrelid AND d.adnum OPERATOR(pg_catalog.=) a.attnum"
"             WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid AND a.attnum OPERATOR(pg_catalog.>) 0"
"               AND NOT a.attisdropped),"
"           (SELECT pg_catalog.format('%L %L %L %L %L %L %L', s.seqtypid::pg_catalog.regtype, s.seqstart,"
"                   s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)"
"              FROM pg_catalog.pg_sequence AS s WHERE s.seqrelid OPERATOR(pg_catalog.=) c.oid),"
"           (SELECT pg_catalog.format('%L %L', v.srvname, f.ftoptions)"
"              FROM pg_catalog.pg_foreign_table AS f, pg_catalog.pg_foreign_server AS v"
"             WHERE f.ftrelid OPERATOR(pg_catalog.=) c.oid AND v.oid OPERATOR(pg_catalog.=) f.ftserver))"
"    FROM pg_catalog.pg_class AS c WHERE c.oid OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel)"
/* indexes */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid,"
"         pg_catalog.format('%L %L', pg_catalog.pg_get_indexdef(i.indexrelid),"
"                           pg_catalog.obj_description(i.indexrelid, 'pg_class'))"
"    FROM pg_catalog.pg_index AS i WHERE i.indrelid OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel)"
/*
 * constraints of tables and domains; NOT NULL is the column's attnotnull
 * (the domain's typnotnull), and PostgreSQL 17 records domains' and 18
 * tables' NOT NULL as constraints too: left out, so that the objects listed
 * are the same on every major.
 */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, o.oid,"
"         pg_catalog.format('%L %L', pg_catalog.pg_get_constraintdef(o.oid),"
"                           pg_catalog.obj_description(o.oid, 'pg_constraint'))"
"    FROM pg_catalog.pg_constraint AS o"
"   WHERE (o.conrelid OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel)"
"          OR o.contypid OPERATOR(pg_catalog.=) ANY (SELECT typ.oid FROM typ))"
"     AND o.contype OPERATOR(pg_catalog.<>) 'n'"
/* triggers */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid,"
"         pg_catalog.format('%L %L %L', pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled,"
"                           pg_catalog.obj_description(t.oid, 'pg_trigger'))"
"    FROM pg_catalog.pg_trigger AS t"
"   WHERE t.tgrelid OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel) AND NOT t.tgisinternal"
/* rules other than views' own */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid,"
"         pg_catalog.format('%L %L', pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled)"
"    FROM pg_catalog.pg_rewrite AS r"
"   WHERE r.ev_class OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel)"
"     AND r.rulename OPERATOR(pg_catalog.<>) '_RETURN'"
/* row-level security policies */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid,"
"         pg_catalog.format('%L %L %L %L %L', p.polcmd, p.polpermissive,"
"           (SELECT pg_catalog.string_agg(pg_catalog.pg_get_userbyid(r.r)::pg_catalog.text, ','"
"                     ORDER BY pg_catalog.pg_get_userbyid(r.r)::pg_catalog.text COLLATE pg_catalog.\"C\")"
"              FROM pg_catalog.unnest(p.polroles) AS r(r)),"
"           pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))"
"    FROM pg_catalog.pg_policy AS p WHERE p.polrelid OPERATOR(pg_catalog.=) ANY (SELECT rel.oid FROM rel)"
/* functions, procedures, aggregates */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid,"
"         pg_catalog.format('%L %L %L %L', pg_catalog.pg_get_userbyid(p.proowner), p.proacl,"
"           pg_catalog.obj_description(p.oid, 'pg_proc'),"
"           CASE WHEN p.prokind OPERATOR(pg_catalog.=) 'a' THEN"
"             (SELECT pg_catalog.format('%L %L %L %L %L %L', a.aggkind, a.aggtransfn, a.aggtranstype::pg_catalog.regtype,"
"                     a.aggfinalfn, a.aggcombinefn, a.agginitval)"
"                FROM pg_catalog.pg_aggregate AS a WHERE a.aggfnoid OPERATOR(pg_catalog.=) p.oid)"
"           ELSE pg_catalog.pg_get_functiondef(p.oid) END)"
"    FROM pg_catalog.pg_proc AS p"
"   WHERE p.pronamespace OPERATOR(pg_catalog.=) ANY (SELECT nsp.oid FROM nsp)"
"     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                      WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass"
"                        AND e.objid OPERATOR(pg_catalog.=) p.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')"
/* types: enums, domains, composite, range, base */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,"
"         pg_catalog.format('%L %L %L %L %L', t.typtype, pg_catalog.pg_get_userbyid(t.typowner), t.typacl,"
"           pg_catalog.obj_description(t.oid, 'pg_type'),"
"           CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'e' THEN"
"                  (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)"
"                     FROM pg_catalog.pg_enum AS e WHERE e.enumtypid OPERATOR(pg_catalog.=) t.oid)"
"                WHEN t.typtype OPERATOR(pg_catalog.=) 'd' THEN"
"                  pg_catalog.format('%L %L %L %L', pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,"
"                                    t.typdefault, t.typcollation::pg_catalog.regcollation)"
"                WHEN t.typtype OPERATOR(pg_catalog.=) 'c' THEN"
"                  (SELECT pg_catalog.string_agg(pg_catalog.format('%L %L %L', a.attname,"
"                            pg_catalog.format_type(a.atttypid, a.atttypmod), a.attcollation::pg_catalog.regcollation),"
"                          ',' ORDER BY a.attnum)"
"                     FROM pg_catalog.pg_attribute AS a"
"                    WHERE a.attrelid OPERATOR(pg_catalog.=) t.typrelid AND a.attnum OPERATOR(pg_catalog.>) 0"
"                      AND NOT a.attisdropped)"
"                WHEN t.typtype OPERATOR(pg_catalog.=) 'r' THEN"
"                  (SELECT pg_catalog.format('%L %L %L %L %L', r.rngsubtype::pg_catalog.regtype,"
"                          r.rngcollation::pg_catalog.regcollation, r.rngsubopc, r.rngcanonical, r.rngsubdiff)"
"                     FROM pg_catalog.pg_range AS r WHERE r.rngtypid OPERATOR(pg_catalog.=) t.oid)"
"                ELSE pg_catalog.format('%L %L %L %L %L', t.typinput, t.typoutput, t.typlen, t.typalign, t.typstorage)"
"           END)"
"    FROM pg_catalog.pg_type AS t WHERE t.oid OPERATOR(pg_catalog.=) ANY (SELECT typ.oid FROM typ)"
/* extensions other than confiture, and default privileges */
"  UNION ALL"
"  SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, x.oid,"
"         pg_catalog.format('%L %L', x.extversion, x.extnamespace::pg_catalog.regnamespace)"
"    FROM pg_catalog.pg_extension AS x WHERE x.extname OPERATOR(pg_catalog.<>) 'confiture'"
"  UNION ALL"
"  SELECT 'pg_catalog.pg_default_acl'::pg_catalog.regclass, a.oid, a.defaclacl::pg_catalog.text"
"    FROM pg_catalog.pg_default_acl AS a"
/* anything else in those schemas (operators, collations, ...): its existence */
"  UNION ALL"
"  SELECT d.classid, d.objid, ''"
"    FROM pg_catalog.pg_depend AS d"
"   WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"     AND d.refobjid OPERATOR(pg_catalog.=) ANY (SELECT nsp.oid FROM nsp)"
"     AND d.deptype OPERATOR(pg_catalog.=) 'n'"
"     AND d.classid OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog.pg_class', 'pg_catalog.pg_proc',"
"           'pg_catalog.pg_type', 'pg_catalog.pg_extension']::pg_catalog.regclass[])"
"     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                      WHERE e.classid OPERATOR(pg_catalog.=) d.classid"
"                        AND e.objid OPERATOR(pg_catalog.=) d.objid AND e.deptype OPERATOR(pg_catalog.=) 'e'))"
"SELECT i.type, i.identity,"
"       pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(o.def, 'UTF8')), 'hex')"
"  FROM obj AS o, LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) AS i"
" ORDER BY i.type COLLATE pg_catalog.\"C\", i.identity COLLATE pg_catalog.\"C\"";

static void
pin_output(const char *name, const char *value)
{
	(void) set_config_option(name, value, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

static Datum
text_array(Datum *elems, int n)
{
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

void
fingerprint_compute(SchemaFingerprint *fp)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			nestlevel = runner_pin_settings();
	Sha256	   *digest;
	Datum	   *kinds;
	Datum	   *objects;
	Datum	   *digests;
	int			rc;

	/* Constants in deparsed views and defaults print as pg_dump prints them. */
	pin_output("DateStyle", "ISO, MDY");
	pin_output("IntervalStyle", "postgres");
	pin_output("extra_float_digits", "3");
	pin_output("quote_all_identifiers", "off");

	/* Not read-only: a fresh snapshot sees what the build has just done. */
	rc = SPI_execute(objects_query, false, 0);
	runner_unpin_settings(nestlevel);
	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute the schema fingerprint: %s", SPI_result_code_string(rc))));

	fp->count = (int) SPI_processed;
	kinds = palloc(sizeof(Datum) * (fp->count + 1));
	objects = palloc(sizeof(Datum) * (fp->count + 1));
	digests = palloc(sizeof(Datum) * (fp->count + 1));
	digest = sha256_begin();
	for (int i = 0; i < fp->count; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *values[3];

		for (int col = 0; col < 3; col++)
		{
			values[col] = SPI_getvalue(tuple, desc, col + 1);
			if (values[col] == NULL)
				values[col] = "";
			/* kind, NUL, object, NUL, digest, NUL: unambiguous */
			sha256_update(digest, values[col], strlen(values[col]) + 1);
		}
		kinds[i] = CStringGetTextDatum(values[0]);
		objects[i] = CStringGetTextDatum(values[1]);
		digests[i] = CStringGetTextDatum(values[2]);
	}
	SPI_freetuptable(SPI_tuptable);
	sha256_finish(digest, fp->fingerprint);

	fp->kinds = text_array(kinds, fp->count);
	fp->objects = text_array(objects, fp->count);
	fp->digests = text_array(digests, fp->count);
}
