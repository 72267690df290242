CREATE TABLE wrapped_three (id int, note text);
INSERT INTO wrapped_three VALUES (1, 'café');
