CREATE VIEW v_person AS
  SELECT id, email, mood FROM tb_person WHERE created > '2020-01-01';
GRANT SELECT ON v_person TO PUBLIC;
