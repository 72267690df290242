CREATE VIEW v_comment AS
SELECT c.pk_comment AS id,
       p.id AS post_id,
       u.name AS author_name,
       c.body,
       c.created_at
  FROM tb_comment AS c
  JOIN tb_post AS p ON p.pk_post = c.fk_post
  JOIN tb_user AS u ON u.pk_user = c.fk_author;
