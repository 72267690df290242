-- Depends on v_user: numbered after it.
CREATE VIEW v_post AS
SELECT p.id,
       p.title,
       p.status,
       p.published_at,
       jsonb_build_object('id', a.id, 'name', a.name) AS author,
       (SELECT count(*) FROM tb_comment AS c WHERE c.fk_post = p.pk_post) AS comment_count
  FROM tb_post AS p
  JOIN tb_user AS u ON u.pk_user = p.fk_author
  JOIN v_user AS a ON a.id = u.id;
