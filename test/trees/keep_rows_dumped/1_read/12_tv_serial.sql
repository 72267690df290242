-- as pg_dump writes it: a serial column's sequence created apart and given
-- to its table
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.tv_serial (id integer NOT NULL, name text);
CREATE SEQUENCE public.tv_serial_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.tv_serial_id_seq OWNED BY public.tv_serial.id;
ALTER TABLE ONLY public.tv_serial ALTER COLUMN id SET DEFAULT nextval('public.tv_serial_id_seq'::regclass);
ALTER TABLE ONLY public.tv_serial ADD CONSTRAINT tv_serial_pkey PRIMARY KEY (id);
-- a sequence no table owns: it stays, so it is not created again
CREATE SEQUENCE public.tv_counter;
