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
	src/readside.o \
	src/counts.o \
	src/keeprows.o \
	src/history.o \
	src/fingerprint.o \
	src/twopass.o \
	src/environment.o \
	src/discover.o \
	src/confhash.o

DATA = confiture--0.1.0.sql confiture--0.1.0--0.2.0.sql
PGFILEDESC = "confiture - build a database from a tree of SQL files"

# pg_regress suites: sql/*.sql against expected/*.out (see test/run-tests).
REGRESS = build order errors statements reset reset_extensions plan hash privileges security views views_safety views_keep_rows views_keep_hooks resolver history environments two_pass upgrade
REGRESS_OPTS = --load-extension=confiture

PG_CPPFLAGS = -I$(srcdir)/src
# Environments are YAML files, read with libyaml (Debian: libyaml-dev).
SHLIB_LINK = -lyaml
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror

# Out-of-tree builds (VPATH, as pg_buildext makes them) put the objects in a
# src/ of the build directory, which must exist.
ifdef VPATH
$(shell mkdir -p src)
endif

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

.PHONY: test demo bench test-versions deb test-deb

test:
	bash test/run-tests

demo:
	bash test/demo

bench:
	bash bench/run

# The whole suite on PostgreSQL 13, 17 and 18 in Debian chroots, then the
# Debian package (see test/README.md).
test-versions:
	bash test/versions

deb:
	bash test/deb build

test-deb:
	bash test/deb test
