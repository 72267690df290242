-- citext is not created here: the DBA installed it in public, and it stays.
CREATE SCHEMA app;
CREATE TABLE app.thing (id int PRIMARY KEY, attrs hstore);
CREATE TABLE public.item (
    id serial PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    attrs hstore,
    spot cube
);
CREATE VIEW public.v_item AS SELECT id, email, attrs -> 'colour' AS colour FROM public.item;
CREATE FUNCTION public.item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.item';
INSERT INTO public.item (email, attrs) VALUES ('A@example.com', 'colour => red');
