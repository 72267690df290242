-- a view over a view
CREATE VIEW v_post AS
SELECT p.pk_post AS id, p.title, a.name AS author
  FROM tb_post AS p
  JOIN v_user AS a ON a.id = p.fk_author;
