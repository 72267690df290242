-- filled by the WITH of a plain SELECT: run again, so refilled, not kept
CREATE TABLE tv_tally (users bigint NOT NULL);
WITH counted AS (INSERT INTO tv_tally SELECT count(*) FROM tb_user RETURNING users)
SELECT users FROM counted;
