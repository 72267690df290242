INSERT INTO order_log (file) VALUES ('a/x.sql');
