CREATE VIEW v_post AS SELECT pk_post AS id, title, views FROM tb_post;
