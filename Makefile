# confiture: PGXS build.  `make test` and `make demo` are the two entry points
# the README documents; both install what is missing and use a throwaway cluster.

EXTENSION = confiture
MODULE_big = confiture
OBJS = \
	src/entry.o \
	src/build.o \
	src/reset.o \
	src/tree.o \
	src/source.o \
	src/script.o \
	src/runner.o \
	src/location.o \
	src/sha256.o \
	src/settings.o \
	src/policy.o \
	src/readside.o

DATA = confiture--0.1.0.sql confiture--0.1.0--0.2.0.sql
PGFILEDESC = "confiture - build a database from a tree of SQL files"

# pg_regress suites: sql/*.sql against expected/*.out (see test/run-tests).
REGRESS = build order errors statements reset plan hash privileges security views views_safety
REGRESS_OPTS = --load-extension=confiture

PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

.PHONY: test demo bench

test:
	bash test/run-tests

demo:
	bash test/demo

bench:
	bash bench/run
