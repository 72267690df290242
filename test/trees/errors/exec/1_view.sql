-- leading comment

/* a block
   comment */
SELECT 1;

-- the failing statement starts on line 8, its error is on line 9
CREATE VIEW v_bad AS
  SELECT missing_column
  FROM pg_class;
