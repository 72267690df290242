INSERT INTO order_log (file) VALUES ('10_y.sql');
