# The build history beyond pg_regress: the NOTICE of a skipped call,
# confiture_changes on a tree edited in place, pg_dump keeping the history
# (restored, the database has not drifted), and a skipped call and
# confiture_drift() on the generated 1,000-file tree.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Copy qw(copy);
use Cwd qw(abs_path);
use Time::HiRes qw(time);

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $generator = $ENV{CONFITURE_GENERATOR} or die "CONFITURE_GENERATOR is not set";

my $node = PostgreSQL::Test::Cluster->new('history');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE history');
$node->safe_psql('history', 'CREATE EXTENSION confiture');

# A copy of the history tree, edited in place below.
my $tree = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/history';
mkdir $tree or die "mkdir: $!";
copy("$trees/history/$_", "$tree/$_") or die "copy: $!" for ('1_schema.sql', '2_views.sql', '3_functions.sql');

my ($stdout, $stderr);
my $build = "SELECT build_id, skipped FROM confiture_build('$tree', reset => true, if_changed => true)";
$node->psql('history', $build, stdout => \$stdout, stderr => \$stderr);
is($stdout, '1|f', 'the first if_changed build runs');
$node->psql('history', $build, stdout => \$stdout, stderr => \$stderr);
is($stdout, '1|t', 'the second is skipped');
like($stderr, qr/NOTICE:  confiture: unchanged since build 1 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^\n]*\nDETAIL:  The tree's hash and the schema fingerprint are those build 1 recorded; nothing was run\./,
	'its NOTICE names the build and its time');
unlike($stderr, qr/confiture: built/, 'and no build summary');

# confiture_changes: nothing, then an edit, an addition and a removal.
is($node->safe_psql('history', "SELECT count(*) FROM confiture_changes('$tree')"), '0', 'no change since the build');
open(my $fh, '>>', "$tree/2_views.sql") or die; print $fh "COMMENT ON VIEW v_person IS 'edited';\n"; close $fh;
open($fh, '>', "$tree/4_more.sql") or die; print $fh "CREATE TABLE more (id int);\n"; close $fh;
unlink "$tree/3_functions.sql" or die;
is($node->safe_psql('history', "SELECT file, change FROM confiture_changes('$tree')"),
	"2_views.sql|modified\n4_more.sql|added\n3_functions.sql|removed",
	'confiture_changes lists modified, added and removed files, in build order then removed');
$node->psql('history', "SELECT * FROM confiture_changes('$tree', env => 'production')",
	stdout => \$stdout, stderr => \$stderr);
like($stderr, qr/ERROR:  environment "production" does not exist/,
	'with env, the path is a project: a tree has no environments');

# pg_dump keeps the history; restored, the database is as built.
$node->safe_psql('postgres', 'CREATE DATABASE restored');
my @connect = ('-h', $node->host, '-p', $node->port);
system("pg_dump @connect history | psql -X -q -v ON_ERROR_STOP=1 @connect restored >/dev/null") == 0
  or die "dump and restore failed";
is($node->safe_psql('restored', 'SELECT count(*) FROM confiture.build_log'), '1', 'pg_dump keeps the build log');
is($node->safe_psql('restored', 'SELECT (SELECT count(*) FROM confiture.build_file) > 0 AND (SELECT count(*) FROM confiture.build_object) > 0'),
	't', 'and the per-file and per-object digests');
is($node->safe_psql('restored', 'SELECT count(*) FROM confiture_drift()'), '0', 'the restored database has not drifted');
is($node->safe_psql('restored', "SELECT nextval('confiture.build_log_id_seq')"), '2', 'and the next build id follows');

# The generated 1,000-file tree: a skipped call costs a hash of the tree and a fingerprint.
my $generated = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/generated';
system($generator, $generated) == 0 or die "generator failed";
$node->safe_psql('postgres', 'CREATE DATABASE generated');
$node->safe_psql('generated', 'CREATE EXTENSION confiture');
$node->safe_psql('generated', "SET client_min_messages = warning; SELECT confiture_build('$generated', if_changed => true)");
my %ms;
for my $what ('skipped', 'hash', 'drift')
{
	my $sql = {
		skipped => "SELECT skipped FROM confiture_build('$generated', if_changed => true)",
		hash => "SELECT length(confiture_hash('$generated'))",
		drift => 'SELECT count(*) FROM confiture_drift()' }->{$what};
	my @runs;
	for (1 .. 5)
	{
		my $t0 = time;
		$stdout = $node->safe_psql('generated', "SET client_min_messages = warning; $sql");
		push @runs, (time - $t0) * 1000;
	}
	$ms{$what} = (sort { $a <=> $b } @runs)[2];
	is($stdout, { skipped => 't', hash => '64', drift => '0' }->{$what}, "generated tree: $what");
}
note(sprintf('generated tree, medians of 5 (psql round trip included): skipped call %.0f ms, confiture_hash %.0f ms, confiture_drift %.0f ms',
	$ms{skipped}, $ms{hash}, $ms{drift}));
diag(sprintf('generated tree: skipped if_changed call %.0f ms (confiture_hash alone %.0f ms), confiture_drift() %.0f ms',
	$ms{skipped}, $ms{hash}, $ms{drift}));

$node->stop;
done_testing();
