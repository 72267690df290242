CREATE VIEW v_user AS SELECT pk_user AS id, name FROM tb_user;
