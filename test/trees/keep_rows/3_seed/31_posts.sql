-- write side: a views-only rebuild does not run it again
SELECT fn_create_post('Hello');
SELECT fn_create_post('World', 7);
