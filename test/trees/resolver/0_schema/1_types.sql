-- Statements as pg_dump writes them for every type: ALTER TYPE ... OWNER TO
-- names the type with a name list, where COMMENT ON TYPE has a type name.
CREATE TYPE mood AS ENUM ('ok', 'meh');
ALTER TYPE mood OWNER TO CURRENT_USER;
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
ALTER DOMAIN positive OWNER TO CURRENT_USER;
COMMENT ON TYPE mood IS 'how a user feels';
COMMENT ON DOMAIN positive IS 'greater than zero';
