-- as pg_dump writes it: an identity column added after the table
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.tv_ident (id integer NOT NULL, name text);
ALTER TABLE public.tv_ident ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tv_ident_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1
);
ALTER TABLE ONLY public.tv_ident ADD CONSTRAINT tv_ident_pkey PRIMARY KEY (id);
