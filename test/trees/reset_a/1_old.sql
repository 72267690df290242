CREATE SCHEMA app;
CREATE TABLE app.thing (id int);
CREATE TABLE public.old_thing (id int);
INSERT INTO public.old_thing VALUES (1);
