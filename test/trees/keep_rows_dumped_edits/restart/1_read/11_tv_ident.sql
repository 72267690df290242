-- the identity now starts at 1000: the sequence is moved past the rows kept,
-- never back below what the tree set
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.tv_ident (id integer NOT NULL, name text);
ALTER TABLE public.tv_ident ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tv_ident_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1
);
ALTER TABLE ONLY public.tv_ident ADD CONSTRAINT tv_ident_pkey PRIMARY KEY (id);
ALTER SEQUENCE public.tv_ident_id_seq RESTART WITH 1000;
