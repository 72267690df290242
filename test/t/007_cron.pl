# pg_cron, for real: a cluster with shared_preload_libraries = 'pg_cron' and
# cron.use_background_workers = on runs, on the same minute ticks (pg_cron
# 1.4 has minute granularity; each wait is bounded):
#  - in postgres, where pg_cron itself lives (recorded in public): a reset
#    build every minute; pg_cron, its jobs and their history survive it;
#  - views1: a views-only rebuild with if_changed: it runs, then is skipped;
#  - views2: the same after a view file was edited: the view is rebuilt;
#  - broken: a tree with a syntax error: the run fails naming the file and
#    line, the database is unchanged, and a drift-check job reports the
#    ALTER TABLE made there by hand.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Copy qw(copy);
use Cwd qw(abs_path);

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";

my $node = PostgreSQL::Test::Cluster->new('cron');
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 20
});
$node->start;

# A copy of the history fixture tree per database, edited below.
my %tree;
for my $name ('nightly', 'views1', 'views2', 'broken')
{
	$tree{$name} = abs_path($PostgreSQL::Test::Utils::tmp_check) . "/$name";
	mkdir $tree{$name} or die "mkdir: $!";
	copy("$trees/history/$_", "$tree{$name}/$_") or die "copy: $!"
	  for ('1_schema.sql', '2_views.sql', '3_functions.sql');
}
sub write_file
{
	my ($path, $text) = @_;
	open(my $fh, '>', $path) or die "$path: $!";
	print $fh $text;
	close $fh;
}

my $quiet = 'SET client_min_messages = warning;';
$node->safe_psql('postgres', 'CREATE EXTENSION pg_cron; CREATE EXTENSION confiture');
for my $db ('views1', 'views2', 'broken')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION confiture; $quiet SELECT confiture_build('$tree{$db}')");
}
# views2: rebuilt once by hand, then a view file is edited (a column added).
$node->safe_psql('views2', "$quiet SELECT confiture_build_views('$tree{views2}')");
write_file("$tree{views2}/2_views.sql",
	"CREATE VIEW v_person AS\n  SELECT id, email, mood, created FROM tb_person;\nGRANT SELECT ON v_person TO PUBLIC;\n");
# broken: changed by hand, then its tree gets a syntax error on line 3 of a file.
$node->safe_psql('broken', 'ALTER TABLE tb_person ADD COLUMN by_hand text');
write_file("$tree{broken}/2_views.sql",
	"-- broken on purpose\nCREATE VIEW v_person AS\n  SELEC id FROM tb_person;\n");

# The jobs, as the README's recipes write them.  pg_cron 1.3 (Debian 11's,
# with PostgreSQL 13) has no schedule_in_database: there, a job scheduled in
# the cron database is pointed at its database through cron.job, as users of
# that version do.
if ($node->safe_psql('postgres', "SELECT to_regproc('cron.schedule_in_database') IS NULL") eq 't')
{
	$node->safe_psql('postgres', q{
CREATE FUNCTION cron.schedule_in_database(name text, schedule text, command text, db text) RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE
  id bigint := cron.schedule(name, schedule, command);
BEGIN
  UPDATE cron.job SET database = db WHERE jobid = id;
  RETURN id;
END $f$});
}
$node->safe_psql('postgres', qq{
SELECT cron.schedule('nightly', '* * * * *', \$\$SELECT confiture_build('$tree{nightly}', reset => true)\$\$);
SELECT cron.schedule_in_database('views1', '* * * * *',
  \$\$SELECT confiture_build_views('$tree{views1}', if_changed => true)\$\$, 'views1');
SELECT cron.schedule_in_database('views2', '* * * * *',
  \$\$SELECT confiture_build_views('$tree{views2}', if_changed => true)\$\$, 'views2');
SELECT cron.schedule_in_database('broken', '* * * * *',
  \$\$SELECT confiture_build_views('$tree{broken}', if_changed => true)\$\$, 'broken');
SELECT cron.schedule_in_database('drift', '* * * * *', \$job\$DO \$d\$ BEGIN
  IF EXISTS (SELECT FROM confiture_drift()) THEN
    RAISE EXCEPTION 'schema drift: %',
      (SELECT string_agg(format('%s %s %s', kind, object, change), ', ') FROM confiture_drift());
  END IF;
END \$d\$\$job\$, 'broken');
});

# Waits (bounded) until job $job has at least $runs finished runs.
sub finished_runs
{
	my ($job) = @_;
	return $node->safe_psql('postgres', qq{
	SELECT count(*) FROM cron.job_run_details AS d JOIN cron.job AS j USING (jobid)
	 WHERE j.jobname = '$job' AND d.status IN ('succeeded', 'failed')});
}
sub wait_for_runs
{
	my ($job, $runs) = @_;
	for (1 .. 200)
	{
		return 1 if finished_runs($job) >= $runs;
		sleep 1;
	}
	return 0;
}
ok(wait_for_runs('nightly', 2), 'the nightly reset build ran twice');
ok(wait_for_runs('views1', 2), 'views1 ran twice');
ok(wait_for_runs('views2', 1), 'views2 ran');
ok(wait_for_runs('broken', 1), 'broken ran');
ok(wait_for_runs('drift', 1), 'the drift check ran');

sub runs
{
	my ($job) = @_;
	return $node->safe_psql('postgres', qq{
	SELECT string_agg(d.status, ',' ORDER BY d.runid) FROM cron.job_run_details AS d JOIN cron.job AS j USING (jobid)
	 WHERE j.jobname = '$job' AND d.status IN ('succeeded', 'failed')});
}
sub first_message
{
	my ($job) = @_;
	return $node->safe_psql('postgres', qq{
	SELECT d.status || ': ' || d.return_message FROM cron.job_run_details AS d JOIN cron.job AS j USING (jobid)
	 WHERE j.jobname = '$job' ORDER BY d.runid LIMIT 1});
}
# What pg_cron recorded, then no further tick may change what is checked.
my %runs = map { $_ => runs($_) } ('nightly', 'views1', 'views2');
my $failure = first_message('broken');
my $drift = first_message('drift');
my $jobs = $node->safe_psql('postgres', "SELECT string_agg(jobname, ',' ORDER BY jobid) FROM cron.job");
$node->safe_psql('postgres', 'SELECT cron.unschedule(jobid) FROM cron.job');
$node->poll_query_until('postgres',
	"SELECT count(*) = 0 FROM cron.job_run_details WHERE status IN ('starting', 'running')")
  or die 'a job is still running';

# pg_cron, its jobs and their history survive reset builds.
like($runs{nightly}, qr/^succeeded,succeeded/, 'both reset builds succeeded, and the first run is still in the history');
# pg_cron up to 1.4 records itself in public (what the reset must keep it
# through); 1.5 and later (Debian 13 on) in pg_catalog.
like($node->safe_psql('postgres', "SELECT e.extnamespace::regnamespace FROM pg_extension AS e WHERE e.extname = 'pg_cron'"),
	qr/^(public|pg_catalog)$/, 'pg_cron survived, in the schema it is recorded in');
is($jobs, 'nightly,views1,views2,broken,drift', 'its jobs survived');
is($node->safe_psql('postgres', "SELECT count(*) >= 2 FROM confiture.build_log WHERE reset"),
	't', 'the reset builds are logged');
is($node->safe_psql('postgres', "SELECT count(*) FROM tb_person"), '1', 'and the tree is built');

# views1: the second run was skipped (logged once); views2: the edit was rebuilt.
like($runs{views1}, qr/^succeeded,succeeded/, 'views1 runs succeeded');
is($node->safe_psql('views1', "SELECT string_agg(mode, ',' ORDER BY id) FROM confiture.build_log"),
	'build,views', 'views1: the first run rebuilt the views, the second was skipped');
like($runs{views2}, qr/^succeeded/, 'views2 run succeeded');
is($node->safe_psql('views2', "SELECT string_agg(mode, ',' ORDER BY id) FROM confiture.build_log"),
	'build,views,views', 'views2: the edited tree was rebuilt and logged, once');
is($node->safe_psql('views2', "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'v_person'::regclass"),
	'id,email,mood,created', 'views2: the view has its new column');

# broken: a failed run naming the file and line; the database unchanged.
like($failure, qr/^failed: .*syntax error at or near "SELEC"/s, 'broken: the run failed with the syntax error');
like($failure, qr/confiture file "2_views\.sql", line 3/, 'broken: its message names the file and line');
is($node->safe_psql('broken', "SELECT string_agg(mode, ',' ORDER BY id) FROM confiture.build_log"),
	'build', 'broken: nothing logged');
is($node->safe_psql('broken', 'SELECT string_agg(format(\'%s %s %s\', kind, object, change), \', \') FROM confiture_drift()'),
	'table public.tb_person altered', 'broken: the database is as built, but for the ALTER TABLE made by hand');
like($drift, qr/^failed: .*schema drift: table public\.tb_person altered/s, 'the drift-check job fails naming the altered table');

$node->stop;
done_testing();
