--
-- confiture_hash: SHA-256 over, for each file in build order, its relative
-- path, a NUL byte, its raw bytes, a NUL byte.  Checked against a value
-- computed here in SQL, from a file list written out by hand.
--
SELECT current_setting('confiture_test.trees') AS trees \gset

SELECT confiture_hash(:'trees' || '/order');

SELECT encode(sha256(string_agg(
           convert_to(f.rel, 'UTF8') || '\x00'::bytea
           || pg_read_binary_file(:'trees' || '/order/' || f.rel) || '\x00'::bytea,
           ''::bytea ORDER BY f.n)), 'hex') = confiture_hash(:'trees' || '/order') AS same
  FROM (VALUES (1, '10_y.sql'), (2, '1_a.sql'), (3, 'B.sql'), (4, 'a/x.sql'),
               (5, 'a-b/x.sql'), (6, 'a.sql'), (7, 'linked.sql')) AS f(n, rel);

-- raw bytes: the BOM and CRLF count
SELECT encode(sha256(string_agg(
           convert_to(f.rel, 'UTF8') || '\x00'::bytea
           || pg_read_binary_file(:'trees' || '/wrapped/' || f.rel) || '\x00'::bytea,
           ''::bytea ORDER BY f.rel COLLATE "C")), 'hex') = confiture_hash(:'trees' || '/wrapped') AS same
  FROM (VALUES ('1_begin_commit.sql'), ('2_start_end.sql'), ('3_bom_crlf.sql'),
               ('4_bom_again.sql'), ('5_no_semicolon.sql')) AS f(rel);

-- the build reports the same hash
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE order_log (seq serial, file text);
SELECT hash = confiture_hash(:'trees' || '/order') AS same
  FROM confiture_build(:'trees' || '/order');
ROLLBACK;
