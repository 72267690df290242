-- A setting that changes how text is lexed applies to the rest of the file,
-- as with psql -1 -f.
SET standard_conforming_strings = off;
SET escape_string_warning = off;
CREATE TABLE quotes AS SELECT 'it\'s' AS q;
SET standard_conforming_strings = on;
INSERT INTO quotes VALUES ('back\slash');
