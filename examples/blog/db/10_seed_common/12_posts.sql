INSERT INTO tb_post (fk_author, title, body, status, published_at)
SELECT pk_user, 'Hello from ' || name, 'First post.', 'published', '2025-01-01 12:00+00'
  FROM tb_user;

INSERT INTO tb_comment (fk_post, fk_author, body)
SELECT p.pk_post, u.pk_user, 'Welcome, ' || split_part(a.name, ' ', 1) || '!'
  FROM tb_post AS p
  JOIN tb_user AS a ON a.pk_user = p.fk_author
  JOIN tb_user AS u ON u.pk_user <> p.fk_author;

SELECT fn_refresh_tv_post();
