/* confiture--0.1.0--0.2.0.sql: from 0.1.0 to 0.2.0.  A new installation of
 * 0.2.0 runs confiture--0.1.0.sql, then this script. */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION confiture UPDATE TO '0.2.0'" to load this file. \quit

-- Every name below is pg_catalog-qualified, as in confiture--0.1.0.sql.
-- Sections are added by feature; each says which.
