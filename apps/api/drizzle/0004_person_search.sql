-- Person search (persons module): name matching tolerant of accents, case and small typos
-- (unaccent + pg_trgm), and the omocodia-proof base of a tax code. Both extensions are trusted:
-- the database owner may create them without being a superuser.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;--> statement-breakpoint
-- unaccent() is only STABLE because it looks its dictionary up through search_path; naming the
-- dictionary explicitly makes this wrapper IMMUTABLE, so indexes may use it.
CREATE OR REPLACE FUNCTION ponte_search_text(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;--> statement-breakpoint
-- A name compared as a whole word: unaccented, lower case, without spaces, apostrophes, dots and
-- hyphens ("D'Angelo" = "dangelo", "De Luca" = "Deluca", "Nicolò" = "NICOLO").
CREATE OR REPLACE FUNCTION ponte_name_key(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(public.ponte_search_text(value), '[[:space:]''’`.-]+', '', 'g') $$;--> statement-breakpoint
-- The tax code with omocodia letters (L M N P Q R S T U V) at the seven digit positions turned back
-- into digits, without the check character: every omocodia variant of a code shares it.
CREATE OR REPLACE FUNCTION ponte_tax_code_base(code text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT substr(c, 1, 6)
      || translate(substr(c, 7, 2), 'LMNPQRSTUV', '0123456789')
      || substr(c, 9, 1)
      || translate(substr(c, 10, 2), 'LMNPQRSTUV', '0123456789')
      || substr(c, 12, 1)
      || translate(substr(c, 13, 3), 'LMNPQRSTUV', '0123456789')
    FROM upper(regexp_replace(code, '[[:space:]]+', '', 'g')) AS c
  $$;
