--
-- Build order: relative paths compared component by component, bytewise;
-- hidden entries skipped, only *.sql (case-sensitive), symlinked files read,
-- symlinked directories (and the loop a/loop -> ..) not entered.
--
SELECT current_setting('confiture_test.trees') AS trees \gset
SET client_min_messages = warning;

CREATE TABLE order_log (seq serial PRIMARY KEY, file text NOT NULL);

SELECT files, statements FROM confiture_build(:'trees' || '/order');
SELECT seq, file FROM order_log ORDER BY seq;

-- the plan lists the same order
SELECT seq, file FROM confiture_plan(:'trees' || '/order');

-- a trailing slash or a "." component names the same tree
SELECT count(*) FROM confiture_plan(:'trees' || '/order/');
SELECT count(*) FROM confiture_plan(:'trees' || '/./order');
