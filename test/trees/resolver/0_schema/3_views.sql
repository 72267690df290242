CREATE VIEW v_user AS SELECT id, name, feeling FROM tb_user;
ALTER VIEW v_user OWNER TO CURRENT_USER;
