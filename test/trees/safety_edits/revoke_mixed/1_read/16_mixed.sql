REVOKE ALL ON tb_user, v_user FROM PUBLIC;
