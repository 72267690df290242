# After confiture_build_views(tree), the database's schema is identical
# (pg_dump --schema-only) to a fresh full build of the same tree, whenever the
# tree's write side matches the database; tb_ rows are untouched.  On the
# views fixture (with an edit that renames a view column) and on the
# generated 1,000-file tree (300 read-side relations, 100 dependent functions).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use FindBin;
use lib $FindBin::RealBin;
use ConfitureTest;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $generator = $ENV{CONFITURE_GENERATOR} or die "CONFITURE_GENERATOR is not set";

my $node = PostgreSQL::Test::Cluster->new('views');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE ROLE confiture_views_reader');

my $count_tb_rows = count_rows_query('tb\\_%');

# $first: the tree the database was built from; $second: the tree rebuilt.
sub compare
{
	my ($name, $first, $second, $add_rows) = @_;
	my $fresh = "${name}_fresh";
	my $rebuilt = "${name}_rebuilt";
	$node->safe_psql('postgres', "CREATE DATABASE $fresh; CREATE DATABASE $rebuilt");
	for my $db ($fresh, $rebuilt)
	{
		$node->safe_psql($db, 'CREATE EXTENSION confiture');
	}
	$node->safe_psql($fresh, "SET client_min_messages = warning; SELECT confiture_build('$second')");
	$node->safe_psql($rebuilt, "SET client_min_messages = warning; SELECT confiture_build('$first')");
	$node->safe_psql($rebuilt, $add_rows);
	my $rows_before = $node->safe_psql($rebuilt, $count_tb_rows);

	my $result = $node->safe_psql($rebuilt,
		"SET client_min_messages = warning; SELECT dropped > 0 AND statements > 0 FROM confiture_build_views('$second')");
	is($result, 't', "$name: the views-only rebuild drops and recreates");
	is(dump_schema($node, $rebuilt), dump_schema($node, $fresh), "$name: pg_dump --schema-only equals a fresh full build");
	is($node->safe_psql($rebuilt, $count_tb_rows), $rows_before, "$name: tb_ rows are untouched");

	# once more, in place: the rebuild is repeatable
	$node->safe_psql($rebuilt, "SET client_min_messages = warning; SELECT confiture_build_views('$second')");
	is(dump_schema($node, $rebuilt), dump_schema($node, $fresh), "$name: and again after a second rebuild");
}

# partitions, extended statistics, an index comment, a sequence grant,
# publication membership, aggregates, writes through a view
compare('safety', "$trees/safety", "$trees/safety",
	"INSERT INTO tb_log SELECT 'row ' || i FROM generate_series(1, 100) AS i");

compare('views', "$trees/views", "$trees/views_edited",
	"INSERT INTO tb_user (email, name) SELECT 'u' || i || '\@example.com', 'User ' || i FROM generate_series(1, 500) AS i");

my $generated = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/generated';
system($generator, $generated) == 0 or die "generator failed";
compare('generated', $generated, $generated,
	"INSERT INTO tb_entity_042 (name) SELECT 'extra ' || i FROM generate_series(1, 1000) AS i");

# tv_post is filled by functions, not by the tree: its rows are kept, and its
# reshaped definition is the one a fresh build makes
compare('keep_rows', "$trees/keep_rows", "$trees/keep_rows_reshaped",
	"SELECT fn_create_post('Post ' || i, i) FROM generate_series(1, 100) AS i");

# The NOTICE lines: the summary, and an empty read side said out loud.
my ($stdout, $stderr);
$node->psql('views_rebuilt', "SELECT files FROM confiture_build_views('$trees/views_edited')",
	stdout => \$stdout, stderr => \$stderr);
like($stderr,
	qr/NOTICE:  confiture: rebuilt read side from 6 files \(11 statements\) in \d+\.\d\d s: dropped 6, created 4 views, 1 table, 1 function/,
	'views-only summary NOTICE');
$node->psql('views_rebuilt', "DROP FUNCTION report_users(); DROP TABLE tv_post; SELECT files FROM confiture_build_views('$trees/reset_b')",
	stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/NOTICE:  confiture: the tree has no read-side statements; the read side was dropped and not recreated/,
	'an empty read side is said in a NOTICE');

# 1,000,000 rows kept: all back, counted in the NOTICE, whose time is
# printed (not asserted).
$node->safe_psql('postgres', 'CREATE DATABASE keep_million');
$node->safe_psql('keep_million',
	"CREATE EXTENSION confiture; SET client_min_messages = warning; SELECT confiture_build('$trees/keep_rows')");
$node->safe_psql('keep_million',
	"INSERT INTO tv_post (id, data, views) SELECT i, jsonb_build_object('title', 'Post ' || i), i "
	  . "FROM generate_series(3, 1000000) AS i; VACUUM ANALYZE tv_post");
my $tv_post_digest = "SELECT count(*), sum(id), sum(views), max(seq), md5(string_agg(data::text, ',' ORDER BY id)) FROM tv_post";
my $digest_before = $node->safe_psql('keep_million', $tv_post_digest);
$node->psql('keep_million', "SELECT files FROM confiture_build_views('$trees/keep_rows')",
	stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/NOTICE:  confiture: rebuilt read side from 4 files \(8 statements\) in \d+\.\d\d s: dropped 6, created 1 view, 5 tables, 0 functions; kept 1000000 rows of 1 table/,
	'the summary NOTICE counts the rows kept');
diag('1,000,000 rows kept: ' . ($stderr =~ /(in \d+\.\d\d s)/)[0]);
is($node->safe_psql('keep_million', $tv_post_digest), $digest_before, 'every row kept, as it was');

$node->stop;

# On a standby, builds and views-only rebuilds are refused as PostgreSQL's
# own commands are, before anything is read.
my $primary = PostgreSQL::Test::Cluster->new('views_primary');
$primary->init(allows_streaming => 1);
$primary->start;
$primary->safe_psql('postgres', 'CREATE EXTENSION confiture');
$primary->backup('standby_backup');
my $standby = PostgreSQL::Test::Cluster->new('views_standby');
$standby->init_from_backup($primary, 'standby_backup', has_streaming => 1);
$standby->start;
$standby->psql('postgres', "SELECT confiture_build_views('$trees/views')", stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/ERROR:  cannot execute confiture_build_views\(\) in a read-only transaction/,
	'a views-only rebuild is refused on a standby');
$standby->psql('postgres', "SELECT confiture_build('$trees/views', reset => true)", stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/ERROR:  cannot execute confiture_build\(\) in a read-only transaction/,
	'a build with reset is refused on a standby');
$standby->stop;
$primary->stop;
done_testing();
