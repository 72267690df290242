INSERT INTO tb_user (email) VALUES ('ada@example.com'), ('alan@example.com');
-- through the view: writes tb_user, so a views-only rebuild skips it
INSERT INTO v_active_user (email) VALUES ('grace@example.com');
-- into a tv_ table: refills it, so it runs again
INSERT INTO tv_stats (users) SELECT count(*) FROM tb_user;
INSERT INTO tb_log VALUES ('seeded');
