CREATE VIEW v_user AS
SELECT u.pk_user AS id, u.email, u.name AS display_name,
       split_part(u.email, '@', 2) AS domain
  FROM tb_user AS u;

COMMENT ON VIEW v_user IS 'Users as the API reads them';
GRANT SELECT ON v_user TO confiture_views_reader;
