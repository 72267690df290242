INSERT INTO tb_post VALUES (10, 1, 'fixture');
