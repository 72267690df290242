# Reading the tree: the settings that bound it cannot be loosened from the
# client side (preloaded or not), the policy is checked on what was actually
# opened (a racing swap of a directory for a symbolic link leaks nothing),
# nothing swapped in late can make a build block, and deep trees and names
# that are not valid text are handled.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Path qw(make_path);
use Time::HiRes qw(time);

my $work = abs_path($PostgreSQL::Test::Utils::tmp_check);

sub write_tree
{
	my ($dir, %files) = @_;
	while (my ($name, $text) = each %files)
	{
		my $path = "$dir/$name";
		(my $parent = $path) =~ s{/[^/]*$}{};
		make_path($parent);
		append_to_file($path, $text);
	}
}

my $allowed = "$work/allowed";
my $outside = "$work/outside";
my $line = '-- ' . ('x' x 60) . "\n";
write_tree("$allowed/tree", '1_a.sql' => "SELECT 1;\n", '2_big.sql' => $line x 40);
write_tree("$allowed/small", '1_a.sql' => "SELECT 1;\n");
write_tree("$outside/tree", '1_secret.sql' => "SELECT 'outside';\n");

my $node = PostgreSQL::Test::Cluster->new('files');
$node->init;
$node->start;
$node->safe_psql('postgres', q{
	CREATE EXTENSION confiture;
	CREATE ROLE reader LOGIN;
	GRANT pg_read_server_files TO reader;
	GRANT EXECUTE ON FUNCTION confiture_plan, confiture_hash TO reader;
});

# The administrator's setup, exactly as the README gives it.
$node->safe_psql('postgres', qq{
LOAD 'confiture';
ALTER SYSTEM SET confiture.allowed_paths = '$allowed';
ALTER SYSTEM SET confiture.max_file_size = '1kB';
SELECT pg_reload_conf();
});

# Runs $sql as reader with PGOPTIONS set to $options; returns (rc, stdout, stderr).
sub as_reader
{
	my ($sql, $options) = @_;
	local $ENV{PGOPTIONS} = $options // '';
	# The SQL goes with -c, not on psql's standard input: when the server
	# refuses the connection (a preloaded library refuses a client's value of
	# a superuser-only setting at connection time), psql exits before it would
	# read its input, and writing to it would be a broken pipe, at random.
	# One -c per line: before PostgreSQL 15, psql shows only the last result
	# of a -c holding several statements.
	my ($rc, $out, $err) = $node->psql('postgres', '',
		extra_params => [ '-U', 'reader', map { ('-c', $_) } split(/\n/, $sql) ]);
	return ($rc, $out, $err);
}

my $outside_plan = "SELECT count(*) FROM confiture_plan('$outside/tree')";
my $big_plan = "SELECT count(*) FROM confiture_plan('$allowed/tree')";

sub check_guarded
{
	my ($how) = @_;
	my ($rc, $out, $err) = as_reader("SHOW confiture.allowed_paths; SHOW confiture.max_file_size;", '');
	my ($rc1, $out1, $err1) = as_reader($outside_plan, '-c confiture.allowed_paths=');
	isnt($rc1, 0, "$how: PGOPTIONS emptying allowed_paths does not open the outside tree");
	unlike($out1, qr/^\d+$/m, "$how: nothing outside was listed");
	my ($rc2, $out2, $err2) = as_reader($big_plan, '-c confiture.max_file_size=1GB');
	unlike($out2, qr/^\d+$/m, "$how: PGOPTIONS raising max_file_size does not raise it");
	like($err2, qr/file "2_big\.sql" is too large|FATAL:  permission denied to set parameter/,
		"$how: the file over the administrator's limit is refused");
	my ($rc3, $out3, $err3) = as_reader("SET confiture.allowed_paths = '';\n$outside_plan", '');
	like($err3, qr/permission denied to read|ERROR:  permission denied to set parameter/, "$how: SET before the load does not open the outside tree");
	unlike($out3, qr/^\d+$/m, "$how: nothing outside was listed after SET");
}

my ($rc_ok, $out_ok) = as_reader("SELECT confiture_hash('$allowed/small') IS NOT NULL", '');
is($out_ok, 't', 'the reader reads inside the allowed directory');

check_guarded('ALTER SYSTEM, not preloaded');

# A non-superuser cannot store either setting for itself.
my ($rc4, $out4, $err4) = as_reader("ALTER ROLE reader SET confiture.allowed_paths = ''", '');
like($err4, qr/permission denied/, 'ALTER ROLE by a non-superuser is refused');
($rc4, $out4, $err4) = as_reader("SELECT confiture_hash('$allowed/small') IS NOT NULL;\nALTER ROLE reader SET confiture.max_file_size = '1GB'", '');
like($err4, qr/permission denied/, 'ALTER ROLE by a non-superuser is refused once loaded');

# The administrator's values from ALTER DATABASE and ALTER ROLE are kept too.
$node->safe_psql('postgres', qq{
ALTER SYSTEM RESET confiture.allowed_paths;
ALTER SYSTEM RESET confiture.max_file_size;
SELECT pg_reload_conf();
LOAD 'confiture';
ALTER DATABASE postgres SET confiture.allowed_paths = '$allowed';
ALTER ROLE reader SET confiture.max_file_size = '1kB';
});
check_guarded('ALTER DATABASE and ALTER ROLE, not preloaded');
my ($rc5, $out5) = as_reader("SELECT confiture_hash('$allowed/small') IS NOT NULL;\nSHOW confiture.allowed_paths", '-c confiture.allowed_paths=/');
is($out5, "t\n$allowed", 'the administrator value is what the session shows');

# Preloaded: the client's value is refused when it arrives.
$node->append_conf('postgresql.conf', "shared_preload_libraries = 'confiture'");
$node->restart;
check_guarded('preloaded');

$node->safe_psql('postgres', q{
ALTER DATABASE postgres RESET confiture.allowed_paths;
ALTER ROLE reader RESET confiture.max_file_size;
});

# --- The check is on what was opened: an intermediate directory raced with a
# symbolic link to outside.  allowed/race/x is exchanged with allowed/race/y,
# a link to outside/x, over and over while plans and hashes run.
write_tree("$allowed/race/x/root", '1_a.sql' => "SELECT 1;\n", 'sub/2_b.sql' => "SELECT 2;\n");
write_tree("$outside/x/root", '1_a.sql' => "SELECT 'leak';\n", 'sub/2_b.sql' => "SELECT 'leak';\n",
	'sub/3_leak.sql' => "SELECT 'leak';\n");
symlink("$outside/x", "$allowed/race/y") or die "symlink: $!";
my $swapper_c = "$work/swapper.c";
append_to_file($swapper_c, <<'C');
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <linux/fs.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Exchanges argv[1] and argv[2] until argv[3] seconds have passed. */
int main(int argc, char **argv)
{
	time_t end = time(NULL) + atoi(argv[3]);
	long n = 0;
	while (time(NULL) < end)
	{
		if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], 2 /* RENAME_EXCHANGE */) != 0)
			{ perror("renameat2"); return 1; }
		n++;
	}
	/* leave x as the real directory */
	if (n % 2) syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], 2);
	printf("%ld\n", n);
	return 0;
}
C
system("cc -include stdlib.h -o $work/swapper $swapper_c") == 0 or die "could not compile the swapper";

$node->safe_psql('postgres', qq{
ALTER SYSTEM SET confiture.allowed_paths = '$allowed';
SELECT pg_reload_conf();
CREATE FUNCTION plan_of(root text) RETURNS text
LANGUAGE sql AS \$\$ SELECT string_agg(file || ':' || bytes, ',' ORDER BY seq) FROM confiture_plan(root) WHERE file IS NOT NULL \$\$;
CREATE FUNCTION race(root text, expected text, expected_plan text, calls int, seconds int,
                     OUT ok int, OUT leaked int, OUT refused int)
LANGUAGE plpgsql AS \$\$
DECLARE
	h text;
	deadline timestamptz := clock_timestamp() + make_interval(secs => seconds);
BEGIN
	ok := 0; leaked := 0; refused := 0;
	FOR i IN 1..calls LOOP
		EXIT WHEN clock_timestamp() > deadline;
		BEGIN
			IF i % 2 = 0 THEN
				h := confiture_hash(root);
			ELSE
				h := CASE WHEN plan_of(root) = expected_plan THEN expected ELSE 'leak' END;
			END IF;
			IF h = expected THEN ok := ok + 1; ELSE leaked := leaked + 1; END IF;
		EXCEPTION WHEN OTHERS THEN
			refused := refused + 1;
		END;
	END LOOP;
END
\$\$;
});
{
	my $expected = $node->safe_psql('postgres', "SELECT confiture_hash('$allowed/race/x/root')");
	my $expected_plan = $node->safe_psql('postgres', "SELECT plan_of('$allowed/race/x/root')");
	like($expected_plan, qr{^1_a\.sql:10,sub/2_b\.sql:10$}, 'the raced tree plans inside before the race');
	my $swapper = IPC::Run::start([ "$work/swapper", "$allowed/race/x", "$allowed/race/y", '20' ],
		'>', \my $swaps, '2>', \my $swap_err);
	my $result = $node->safe_psql('postgres',
		"SELECT format('%s/%s/%s', ok, leaked, refused) FROM race('$allowed/race/x/root', '$expected', '$expected_plan', 4000, 15)");
	$swapper->finish;
	my ($ok, $leaked, $refused) = split m{/}, $result;
	note("race: $ok read inside, $leaked read outside, $refused refused, swaps: $swaps");
	is($leaked, 0, 'no plan or hash read or listed outside while a directory raced with a link');
	cmp_ok($ok + $refused, '>', 0, 'the race ran');
}


# --- Nothing swapped in after the scan can block a build: a build stops at
# its second file on a gate; the third file is replaced; the gate opens.
$node->safe_psql('postgres', q{
ALTER SYSTEM RESET confiture.allowed_paths;
SELECT pg_reload_conf();
CREATE TABLE progress_gate (id int);
});
sub swapped_build
{
	my ($name, $swap) = @_;
	my $dir = "$work/late_$name";
	write_tree($dir,
		'1_first.sql' => "CREATE TABLE late_first (id int);\n",
		'2_wait.sql' => "LOCK TABLE progress_gate IN SHARE MODE;\n",
		'3_last.sql' => "CREATE TABLE late_last (id int);\n");
	my $holder = $node->background_psql('postgres');
	$holder->query_safe('BEGIN; LOCK TABLE progress_gate IN ACCESS EXCLUSIVE MODE;');
	my $builder = $node->background_psql('postgres', on_error_stop => 0, timeout => 60);
	$builder->query_until(qr/started/,
		"\\echo started\nSET statement_timeout = '30s';\nSELECT files FROM confiture_build('$dir');\n\\echo finished\n");
	$node->poll_query_until('postgres',
		"SELECT count(*) = 1 FROM pg_stat_activity WHERE query LIKE 'confiture\\_build: file 2 of 3:%' AND wait_event_type = 'Lock'"
	) or die "the build did not reach its second file";
	unlink("$dir/3_last.sql") or die "unlink: $!";
	$swap->("$dir/3_last.sql");
	my $start = time();
	$holder->query_safe('COMMIT;');
	$builder->query_until(qr/finished/, '');
	my $elapsed = time() - $start;
	$builder->quit;
	$holder->quit;
	like($builder->{stderr}, qr/file "3_last\.sql" is not a regular file/, "$name swapped in late: a clear error");
	cmp_ok($elapsed, '<', 20, "$name swapped in late: the build did not wait");
	is($node->safe_psql('postgres', "SELECT to_regclass('late_first') IS NULL"), 't',
		"$name swapped in late: nothing of the build is left");
}
swapped_build('fifo', sub { system('mkfifo', $_[0]) == 0 or die "mkfifo failed" });
swapped_build('directory', sub { mkdir($_[0]) or die "mkdir: $!" });
swapped_build('device', sub { symlink('/dev/zero', $_[0]) or die "symlink: $!" });

# --- A tree 400 directories deep: one directory is open at a time.
{
	my $deep = "$work/deep/" . join('/', ('d') x 400);
	make_path($deep);
	append_to_file("$deep/1_deep.sql", "SELECT 1;\n");
	my ($rc, $out, $err) = $node->psql('postgres', "SELECT file FROM confiture_plan('$work/deep') WHERE file IS NOT NULL");
	is($out, join('/', ('d') x 400) . '/1_deep.sql', 'a tree 400 directories deep is read');
}

# --- A name that is not valid UTF-8 (a Latin-1 byte): a clear error naming it.
{
	my $dir = "$work/latin1";
	write_tree($dir, '1_ok.sql' => "SELECT 1;\n", "sub\xe9/2_caf\xe9.sql" => "SELECT 2;\n");
	my ($rc, $out, $err) = $node->psql('postgres', "SELECT file FROM confiture_plan('$dir')");
	like($err, qr/file name "sub\\xe9" is not valid in encoding "UTF8"/, 'a name not valid in the database encoding: clear error, byte escaped');
	like($err, qr/HINT:  Rename the file or directory/, 'with a hint');
}

done_testing();
