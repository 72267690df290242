-- a new read-side table, made by deactivating every user
CREATE TABLE tv_deactivated AS
WITH gone AS (UPDATE tb_user SET active = false RETURNING pk_user)
SELECT pk_user FROM gone;
