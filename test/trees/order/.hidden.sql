INSERT INTO order_log (file) VALUES ('.hidden.sql');
