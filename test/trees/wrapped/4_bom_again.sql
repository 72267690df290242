BEGIN;
INSERT INTO wrapped_three VALUES (2, 'second BOM');
COMMIT;
