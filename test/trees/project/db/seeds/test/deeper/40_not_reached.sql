-- below seeds/test: not reached by the non-recursive entry of test.yaml
INSERT INTO tb_post VALUES (11, 1, 'deeper');
