INSERT INTO order_log (file) VALUES ('1_a.sql');
