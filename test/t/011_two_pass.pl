# build.two_pass: the schema a two-pass build makes from misordered files is
# the schema a one-pass build makes from the same files in dependency order,
# constraint names included (pg_dump --schema-only).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Copy qw(copy);
use FindBin;
use lib $FindBin::RealBin;
use ConfitureTest;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $project = "$trees/two_pass";

my $node = PostgreSQL::Test::Cluster->new('two_pass');
$node->init;
$node->start;
for my $db ('two', 'one')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'CREATE EXTENSION confiture');
}

# The same files, in an order where every referenced table comes first.
my $ordered = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/ordered';
mkdir $ordered or die "mkdir: $!";
copy("$project/db/schema/01_write/20_user.sql", "$ordered/1_user.sql") or die;
copy("$project/db/schema/01_write/10_post.sql", "$ordered/2_post.sql") or die;
copy("$project/db/schema/02_read/30_tv_post.sql", "$ordered/3_tv_post.sql") or die;

$node->safe_psql('two', "SELECT confiture_build('$project', env => 'two')");
$node->safe_psql('one', "SELECT confiture_build('$ordered')");
my $two = dump_schema($node, 'two');
my $one = dump_schema($node, 'one');
like($two, qr/CONSTRAINT tb_post_reviewer_fkey1 FOREIGN KEY/, 'the dump has the keys');
is($two, $one, 'two_pass from misordered files = one pass in dependency order');

# The keys that once came out wrong (db/edge), the same way.
my $edge = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/edge';
mkdir $edge or die "mkdir: $!";
copy("$project/db/edge/20_ref.sql", "$edge/1_ref.sql") or die;
copy("$project/db/edge/10_edge.sql", "$edge/2_edge.sql") or die;
for my $db ('two_edge', 'one_edge')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'CREATE EXTENSION confiture');
}
$node->safe_psql('two_edge', "SELECT confiture_build('$project', env => 'edge')");
$node->safe_psql('one_edge', "SELECT confiture_build('$edge')");
is(dump_schema($node, 'two_edge'), dump_schema($node, 'one_edge'),
	'two_pass edge cases = one pass in dependency order');

$node->stop;
done_testing();
