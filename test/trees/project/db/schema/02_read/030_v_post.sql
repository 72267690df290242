CREATE VIEW v_post AS
  SELECT p.id, p.title, u.name AS author
  FROM tb_post p JOIN tb_user u ON u.id = p.author_id;
