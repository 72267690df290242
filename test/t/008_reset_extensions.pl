# reset => true keeps the extensions the tree does not create: after any
# number of reset builds the schema (pg_dump --schema-only) equals a fresh
# database with the same extensions installed, built from the same tree.  The
# reset's summary is part of the build's final NOTICE, and only of a build
# that succeeds.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use FindBin;
use lib $FindBin::RealBin;
use ConfitureTest;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";

my $node = PostgreSQL::Test::Cluster->new('reset_extensions');
$node->init;
$node->start;

my $extensions = 'CREATE EXTENSION confiture; CREATE EXTENSION pg_stat_statements; '
  . 'CREATE EXTENSION citext; CREATE EXTENSION earthdistance CASCADE';
for my $db ('fresh', 'rebuilt')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, $extensions);
}
my $build = "SET client_min_messages = warning; SELECT files FROM confiture_build('$trees/reset_ext'";
$node->safe_psql('fresh', "$build)");
$node->safe_psql('rebuilt', "$build)");
$node->safe_psql('rebuilt', 'CREATE TABLE public.dba_scratch (id int); CREATE SCHEMA scratch');

my ($stdout, $stderr);
for my $run (1 .. 3)
{
	$node->psql('rebuilt', "SELECT files FROM confiture_build('$trees/reset_ext', reset => true)",
		stdout => \$stdout, stderr => \$stderr);
	is($stdout, '2', "reset build $run");
	is(dump_schema($node, 'rebuilt'), dump_schema($node, 'fresh'),
		"after reset build $run, pg_dump --schema-only equals a fresh build with the same extensions");
}

# The summary: one NOTICE, after the build, naming what was dropped and kept.
unlike($stderr, qr/NOTICE:  confiture: reset/, 'the reset sends no NOTICE of its own before the build');
like($stderr, qr/NOTICE:  confiture: built 2 files \(\d+ statements\) in \d+\.\d\d s: [^\n]*\nDETAIL:  Reset dropped schemas: app\.$/m,
	'the summary is the DETAIL of the build NOTICE and names the dropped schemas');
like($stderr, qr/^Reset emptied schemas where kept extensions live: public \(4 objects\)\.$/m,
	'the summary names the emptied schemas');
like($stderr, qr/^Reset dropped extensions the tree creates: hstore\.$/m,
	'the summary names the dropped extensions');
like($stderr, qr/^Reset kept extensions the tree does not create: citext, confiture, earthdistance, pg_stat_statements, plpgsql\.$/m,
	'the summary names the kept extensions');
like($stderr, qr/^Reset kept extensions that kept extensions require: cube \(required by earthdistance\)\.$/m,
	'the summary names the extensions kept because kept extensions require them');

# A reset build that fails says nothing of a reset that did not happen.
$node->psql('rebuilt', "SELECT files FROM confiture_build('$trees/reset_bad', reset => true)",
	stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/ERROR:  division by zero/, 'the failing reset build fails');
unlike($stderr, qr/Reset|NOTICE/, 'and sends no reset summary');
is($node->safe_psql('rebuilt', "SELECT to_regclass('app.thing') IS NOT NULL AND to_regclass('public.item') IS NOT NULL"),
	't', 'and changes nothing');

$node->stop;
done_testing();
