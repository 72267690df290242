CREATE VIEW v_user AS
SELECT u.pk_user AS id, u.email, u.name
  FROM tb_user AS u;

COMMENT ON VIEW v_user IS 'Users as the API reads them';
GRANT SELECT ON v_user TO confiture_views_reader;
