CREATE VIEW v_user AS SELECT pk_user AS id, email FROM tb_user;
-- updatable: writing into it writes tb_user
CREATE VIEW v_active_user AS SELECT pk_user, email, active FROM tb_user WHERE active;
