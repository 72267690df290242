# The views-only statement resolver never takes the server down, whatever the
# statement: it runs (confiture_plan(tree, views_only => true)) over every
# fixture tree of the suites and over a pg_dump --schema-only of the generated
# 1,000-file tree (ALTER ... OWNER TO, COMMENT ON, GRANT, SET, set_config for
# every object pg_dump writes), in a database whose read side has dependents
# outside it, so the resolver looks at every statement.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Find;
use File::Path qw(make_path);
use FindBin;
use lib $FindBin::RealBin;
use ConfitureTest;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $generator = $ENV{CONFITURE_GENERATOR} or die "CONFITURE_GENERATOR is not set";

my $node = PostgreSQL::Test::Cluster->new('resolver');
$node->init;
$node->start;

my $generated = abs_path(PostgreSQL::Test::Utils::tempdir()) . '/generated';
system($generator, $generated) == 0 or die "generator failed";
$node->safe_psql('postgres', 'CREATE DATABASE gen');
$node->safe_psql('gen', 'CREATE EXTENSION confiture');
$node->safe_psql('gen', "SET client_min_messages = warning; SELECT confiture_build('$generated')");
ok($node->safe_psql('gen', q{SELECT count(*) > 0 FROM pg_proc WHERE prorettype IN
	(SELECT reltype FROM pg_class WHERE relname LIKE 'v\_%')}) eq 't',
	'the database has read-side dependents, so every statement is resolved');

# The dump as a tree of one file.
my $dumped = abs_path(PostgreSQL::Test::Utils::tempdir()) . '/dumped';
make_path($dumped);
open(my $fh, '>', "$dumped/1_schema.sql") or die;
print $fh dump_schema($node, 'gen');
close($fh);

my $plan = $node->safe_psql('gen', qq{SELECT count(*) FILTER (WHERE action = 'execute') > 0,
	count(*) FILTER (WHERE object LIKE 'ALTER TYPE%' OR object LIKE 'ALTER FUNCTION%') > 0
	FROM confiture_plan('$dumped', views_only => true)});
is($plan, 't|t', 'the plan of the dump resolves every statement, ALTER ... OWNER TO included');

# Every directory of the fixture trees that holds .sql files directly is a tree.
my %dirs;
find(sub { $dirs{$File::Find::dir} = 1 if /\.sql$/ && -f $_ }, $trees);
my ($walked, $other) = (0, 0);
for my $dir (sort keys %dirs)
{
	my ($rc, $out, $err) = $node->psql('gen',
		"SELECT count(*) FROM confiture_plan('$dir', views_only => true)");
	# These trees do not create the database's dependents, so the plan ends
	# in that refusal, raised once every statement was resolved.  Other
	# errors come from the error fixtures; a lost connection is never fine.
	($rc == 0 || $err =~ /cannot rebuild the read side/) ? $walked++ : $other++;
	unlike($err, qr/server closed the connection|terminated abnormally/,
		"resolver survives " . substr($dir, length($trees) + 1));
}
ok($walked > 20, "most fixture trees resolved to the end ($walked, and $other stopped by their own error)");

is($node->safe_psql('gen', 'SELECT 1'), '1', 'the server is still up');
unlike(slurp_file($node->logfile), qr/terminated by signal/, 'no backend crashed');

$node->stop;
done_testing();
