-- Query side: what the API reads.
CREATE VIEW v_user AS
SELECT u.id,
       u.email::text AS email,
       u.name,
       u.created_at
  FROM tb_user AS u;
