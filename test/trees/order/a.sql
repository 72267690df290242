INSERT INTO order_log (file) VALUES ('a.sql');
