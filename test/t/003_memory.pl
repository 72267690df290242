# Memory is bounded by the largest file, not by the tree: each file's text
# and parse trees live in a context reset after the file.  A tree of 2,000
# files totalling about 200 MB must build with the backend's peak private
# memory (RssAnon, sampled while it runs) under largest file x 4 + 64 MB.
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

my $baseline = rss_anon_kb();
$builder->{stdin} .= "SET client_min_messages = warning;\nSELECT files FROM confiture_build('$tree');\n\\echo finished\n";
my $peak = 0;
while ($builder->{stdout} !~ /finished/)
{
	$builder->{run}->pump_nb;
	my $now = rss_anon_kb();
	$peak = $now if $now > $peak;
	usleep(10_000);
}
like($builder->{stdout}, qr/^$files$/m, "the tree of $files files builds");
$builder->quit;

my $bound_kb = int(($largest * 4 + 64 * 2**20) / 1024);
note sprintf('backend RssAnon: baseline %d kB, peak %d kB; bound %d kB', $baseline, $peak, $bound_kb);
cmp_ok($peak, '>', 0, 'peak memory was sampled');
cmp_ok($peak, '<', $bound_kb, 'peak backend memory stays under largest file x 4 + 64 MB');
is($node->safe_psql('postgres', 'SELECT count(*) FROM payload'),
	$files * $statements_per_file + 1, 'every row is there');

$node->stop;
done_testing();
