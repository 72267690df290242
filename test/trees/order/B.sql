INSERT INTO order_log (file) VALUES ('B.sql');
