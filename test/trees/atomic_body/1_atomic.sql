-- A function body with ';' inside it is one statement.
CREATE FUNCTION two_steps() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT 2;
END;

CREATE TABLE after_atomic AS SELECT two_steps() AS n;
