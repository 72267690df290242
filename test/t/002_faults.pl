# Faults in the middle of a build: the backend killed with SIGKILL, the tree
# changing under a running build, a file made unreadable between plan and
# build, and many sessions building one database at once.  Each ends with
# "nothing of the failed build is left, the server is fine".
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Path qw(make_path);
use IPC::Run;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $work = abs_path($PostgreSQL::Test::Utils::tmp_check);

my $node = PostgreSQL::Test::Cluster->new('faults');
$node->init;
# A killed backend makes the postmaster reinitialize, as in production.
$node->append_conf('postgresql.conf', 'restart_after_crash = on');
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION confiture; CREATE TABLE progress_gate (id int)');

# A copy of test/trees/progress: its second file waits on progress_gate.
sub gated_tree
{
	my ($name) = @_;
	my $dir = "$work/$name";
	make_path($dir);
	for my $f ('1_first.sql', '2_wait.sql', '3_last.sql')
	{
		append_to_file("$dir/$f", slurp_file("$trees/progress/$f"));
	}
	return $dir;
}

# Starts a build of $tree that stops at its second file, the gate being held
# by another session; returns both sessions and the builder's pid.
sub start_gated_build
{
	my ($tree) = @_;
	my $holder = $node->background_psql('postgres');
	$holder->query_safe('BEGIN; LOCK TABLE progress_gate IN ACCESS EXCLUSIVE MODE;');
	my $builder = $node->background_psql('postgres', on_error_stop => 0);
	$builder->query_until(qr/started/,
		"\\echo started\nSET client_min_messages = warning;\nSELECT files FROM confiture_build('$tree');\n\\echo finished\n");
	$node->poll_query_until('postgres',
		"SELECT count(*) = 1 FROM pg_stat_activity WHERE query LIKE 'confiture\\_build: file 2 of 3:%' AND wait_event_type = 'Lock'"
	) or die "the build did not reach its second file";
	my $pid = $node->safe_psql('postgres',
		"SELECT pid FROM pg_stat_activity WHERE query LIKE 'confiture\\_build: file 2 of 3:%'");
	return ($holder, $builder, $pid);
}

sub finish_gated_build
{
	my ($holder, $builder) = @_;
	$holder->query_safe('COMMIT;');
	$builder->query_until(qr/finished/, '');
	$builder->quit;
	$holder->quit;
	return $builder->{stderr};
}

# --- SIGKILL in the middle of a build
{
	my ($holder, $builder, $pid) = start_gated_build("$trees/progress");
	is($node->safe_psql('postgres', "SELECT count(*) FROM pg_class WHERE relname = 'progress_first'"),
		'0', 'the partial build is invisible to others');
	my $offset = -s $node->logfile;
	kill 'KILL', $pid;
	$node->wait_for_log(qr/all server processes terminated; reinitializing/, $offset);
	$node->poll_query_until('postgres', 'SELECT true') or die "server did not come back";
	eval { $builder->quit; };
	eval { $holder->quit; };
	like(slurp_file($node->logfile, $offset), qr/was terminated by signal 9/, 'the backend was killed');
	is($node->safe_psql('postgres', "SELECT to_regclass('progress_first') IS NULL AND to_regclass('progress_last') IS NULL"),
		't', 'after crash recovery no object of the partial build exists');
	is($node->safe_psql('postgres', "SELECT files FROM confiture_build('$trees/blog', reset => true)"),
		'15', 'the server builds again after recovery');
	$node->safe_psql('postgres', 'CREATE TABLE progress_gate (id int)');
}

# --- a file deleted while the build runs: a clear error, nothing left
{
	my $tree = gated_tree('deleted');
	my ($holder, $builder) = start_gated_build($tree);
	unlink "$tree/3_last.sql" or die $!;
	my $stderr = finish_gated_build($holder, $builder);
	like($stderr, qr/could not open file "3_last.sql" for reading: No such file or directory/,
		'a file deleted mid-build is a clear error');
	like($stderr, qr/CONTEXT:  confiture file "3_last.sql"/, '... naming the file');
	is($node->safe_psql('postgres', "SELECT to_regclass('progress_first') IS NULL"),
		't', '... and the build is rolled back');
}

# --- a file rewritten while the build runs: read as it is when reached
{
	my $tree = gated_tree('rewritten');
	my ($holder, $builder) = start_gated_build($tree);
	unlink "$tree/3_last.sql";
	append_to_file("$tree/3_last.sql", "CREATE TABLE progress_rewritten (id int);\n");
	my $stderr = finish_gated_build($holder, $builder);
	is($stderr, '', 'a file rewritten mid-build gives no error');
	is($node->safe_psql('postgres',
			"SELECT to_regclass('progress_rewritten') IS NOT NULL AND to_regclass('progress_last') IS NULL"),
		't', '... and a consistent build of what the file says when it is read');
	$node->safe_psql('postgres', 'DROP TABLE progress_first, progress_rewritten');
}

# --- a file made unreadable between the plan and the build
{
	my $tree = gated_tree('unreadable');
	is($node->safe_psql('postgres', "SELECT count(*) FROM confiture_plan('$tree')"), '3', 'plan reads the tree');
	chmod 0000, "$tree/1_first.sql";
	my ($rc, $out, $err) = $node->psql('postgres', "SELECT files FROM confiture_build('$tree')");
	like($err, qr/could not open file "1_first.sql" for reading: Permission denied/,
		'a file made unreadable after the plan is a clear error');
	chmod 0644, "$tree/1_first.sql";
}

# --- eight sessions build one database at once
sub build_concurrently
{
	my ($db, $sql) = @_;
	my @runs;
	for my $i (1 .. 8)
	{
		my ($out, $err) = ('', '');
		my $h = IPC::Run::start(
			[ 'psql', '-XAtq', '-d', $node->connstr($db), '-c', $sql ],
			'>', \$out, '2>', \$err);
		push @runs, [ $h, \$out, \$err ];
	}
	my ($ok, $errors) = (0, '');
	for my $r (@runs)
	{
		$ok++ if $r->[0]->finish;
		$errors .= ${ $r->[2] };
	}
	return ($ok, $errors);
}

$node->safe_psql('postgres', 'CREATE DATABASE concurrent');
$node->safe_psql('concurrent', 'CREATE EXTENSION confiture');
{
	my ($ok, $errors) = build_concurrently('concurrent',
		"SET client_min_messages = warning; SELECT files FROM confiture_build('$trees/reset_b', reset => true)");
	is($ok, 8, 'eight concurrent reset builds all succeed');
	is($errors, '', '... without any error or deadlock');
	is($node->safe_psql('concurrent', 'SELECT count(*) FROM new_thing'), '1', '... and leave one build behind');
}
{
	$node->safe_psql('concurrent', 'DROP TABLE new_thing');
	my ($ok, $errors) = build_concurrently('concurrent',
		"SET client_min_messages = warning; SELECT files FROM confiture_build('$trees/reset_b')");
	is($ok, 1, 'of eight concurrent plain builds one succeeds');
	my @exists = ($errors =~ /relation "new_thing" already exists/g);
	is(scalar(@exists), 7, '... the seven others see its table, one after the other');
	unlike($errors, qr/deadlock/, '... and none deadlocks');
}

$node->stop;
done_testing();
