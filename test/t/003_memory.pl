# Memory is bounded by the largest file, not by the tree: each file's text
# and parse trees live in a context reset after the file.  A tree of 2,000
# files totalling about 200 MB must build with the backend's peak private
# memory (RssAnon, sampled while it runs) under largest file x 4 + 64 MB.
# One file of 400,000 tiny statements must stay under the same bound (its
# size x 4 + 64 MB) in build, plan and views-only: one statement at a time.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Path qw(make_path);
use Time::HiRes qw(usleep);

plan skip_all => 'needs /proc' unless -r '/proc/self/status';

my $tree = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/big';
my $files = 2000;
my $statements_per_file = 20;
my $literal = 5000;    # bytes of text per statement: about 100 kB a file
my $largest_extra = 4 * 1024 * 1024;    # one file carries 4 MB more

my $total = 0;
my $largest = 0;
for my $i (0 .. $files - 1)
{
	my $dir = sprintf('%s/%02d_part', $tree, $i / 100);
	make_path($dir);
	my $text = "-- file $i\n";
	for my $s (1 .. $statements_per_file)
	{
		$text .= "INSERT INTO payload VALUES ($i, '" . (chr(97 + ($i + $s) % 26) x $literal) . "');\n";
	}
	$text .= "INSERT INTO payload VALUES ($i, '" . ('z' x $largest_extra) . "');\n" if $i == 1000;
	$text = "CREATE TABLE payload (file int, chunk text);\n" . $text if $i == 0;
	my $path = sprintf('%s/%04d.sql', $dir, $i);
	append_to_file($path, $text);
	$total += length($text);
	$largest = length($text) if length($text) > $largest;
}
note sprintf('tree: %d files, %.1f MB, largest file %.1f MB', $files, $total / 2**20, $largest / 2**20);

my $node = PostgreSQL::Test::Cluster->new('memory');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION confiture');

my $builder = $node->background_psql('postgres');
my $pid = $builder->query_safe('SELECT pg_backend_pid()');
chomp $pid;

sub rss_anon_kb
{
	open my $fh, '<', "/proc/$pid/status" or return 0;
	while (<$fh>) { return $1 if /^RssAnon:\s+(\d+) kB/; }
	return 0;
}

# Runs one query in the background session, sampling RssAnon until it is done.
sub peak_while
{
	my ($query) = @_;
	$builder->{stdout} = '';
	$builder->{stdin} .= "$query;\n\\echo finished\n";
	my $peak = 0;
	while ($builder->{stdout} !~ /finished/)
	{
		$builder->{run}->pump_nb;
		my $now = rss_anon_kb();
		$peak = $now if $now > $peak;
		usleep(10_000);
	}
	return $peak;
}

my $baseline = rss_anon_kb();
$builder->query_safe('SET client_min_messages = warning');
my $peak = peak_while("SELECT files FROM confiture_build('$tree')");
like($builder->{stdout}, qr/^$files$/m, "the tree of $files files builds");

my $bound_kb = int(($largest * 4 + 64 * 2**20) / 1024);
note sprintf('backend RssAnon: baseline %d kB, peak %d kB; bound %d kB', $baseline, $peak, $bound_kb);
cmp_ok($peak, '>', 0, 'peak memory was sampled');
cmp_ok($peak, '<', $bound_kb, 'peak backend memory stays under largest file x 4 + 64 MB');
is($node->safe_psql('postgres', 'SELECT count(*) FROM payload'),
	$files * $statements_per_file + 1, 'every row is there');

# Memory does not grow with the number of statements either: one file of
# many tiny statements (parse trees used to live until the end of the file).
my $many_tree = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/many';
my $many = 400_000;
make_path($many_tree);
my $many_text = "CREATE VIEW v_many AS SELECT 1 AS n;\n" . join('', map { "SELECT $_;\n" } 1 .. $many);
append_to_file("$many_tree/1_many.sql", $many_text);
my $many_bound_kb = int((length($many_text) * 4 + 64 * 2**20) / 1024);
note sprintf('many: %d statements, %.1f MB', $many + 1, length($many_text) / 2**20);
for my $call (
	[ 'build',      "SELECT statements FROM confiture_build('$many_tree')", $many + 1 ],
	[ 'plan',       "SELECT statements FROM confiture_plan('$many_tree')",  $many + 1 ],
	[ 'views-only', "SELECT statements FROM confiture_build_views('$many_tree')", 1 ])
{
	my ($what, $query, $expect) = @$call;
	my $many_peak = peak_while($query);
	like($builder->{stdout}, qr/^$expect$/m, "$what of $many statements in one file");
	note sprintf('%s: backend RssAnon peak %d kB; bound %d kB', $what, $many_peak, $many_bound_kb);
	cmp_ok($many_peak, '<', $many_bound_kb, "$what: peak memory independent of the statement count");
}
$builder->quit;

$node->stop;
done_testing();
