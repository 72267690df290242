INSERT INTO order_log (file) VALUES ('a-b/x.sql');
