-- Extensions used by the schema: case-insensitive text for e-mail addresses.
CREATE EXTENSION IF NOT EXISTS citext;
