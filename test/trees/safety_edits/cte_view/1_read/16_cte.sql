-- its WITH writes through a view, so into tb_user
WITH added AS (INSERT INTO v_active_user (email) VALUES ('via-view@example.com') RETURNING pk_user)
UPDATE tv_stats SET users = users + (SELECT count(*) FROM added);
