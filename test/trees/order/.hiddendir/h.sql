INSERT INTO order_log (file) VALUES ('.hiddendir/h.sql');
