-- runs longer than the statement_timeout of the test
SELECT pg_sleep(30);
