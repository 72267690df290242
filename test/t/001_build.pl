# A build gives the same database as psql -1 -f of the same files
# concatenated in build order (pg_dump --schema-only and row counts), on the
# example tree and on a generated 1,000-file tree; the summary NOTICE and
# the per-file DEBUG1 log lines have the documented form.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Find;
use Cwd qw(abs_path);
use FindBin;
use lib $FindBin::RealBin;
use ConfitureTest;

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $generator = $ENV{CONFITURE_GENERATOR} or die "CONFITURE_GENERATOR is not set";

my $node = PostgreSQL::Test::Cluster->new('build');
$node->init;
$node->start;

# The build order written independently of the C code: components compared
# bytewise, shorter prefix first.
sub build_order
{
	my ($root) = @_;
	my @files;
	find(
		{
			wanted => sub {
				my $rel = $File::Find::name;
				$rel =~ s{^\Q$root\E/}{};
				if (-d $_ && /^\./ && $_ ne '.') { $File::Find::prune = 1; return; }
				push @files, $rel if -f $_ && /^[^.].*\.sql\z/;
			},
			no_chdir => 0
		},
		$root);
	return sort {
		my @x = split m{/}, $a;
		my @y = split m{/}, $b;
		while (@x && @y)
		{
			my $c = (shift @x) cmp (shift @y);
			return $c if $c;
		}
		scalar(@x) <=> scalar(@y);
	} @files;
}

my $count_rows = count_rows_query('%');

sub compare_with_psql
{
	my ($name, $root) = @_;
	my @order = build_order($root);

	$node->safe_psql('postgres', "CREATE DATABASE ${name}_confiture; CREATE DATABASE ${name}_psql");
	$node->safe_psql("${name}_confiture", 'CREATE EXTENSION confiture');
	$node->safe_psql("${name}_psql", 'CREATE EXTENSION confiture');

	my $plan = $node->safe_psql("${name}_confiture",
		"SELECT string_agg(file, ',' ORDER BY seq) FROM confiture_plan('$root')");
	is($plan, join(',', @order), "$name: plan order is the documented order");

	$node->safe_psql("${name}_confiture", "SELECT files FROM confiture_build('$root')");

	my $script = "$PostgreSQL::Test::Utils::tmp_check/$name.sql";
	open my $out, '>', $script or die $!;
	for my $f (@order)
	{
		print $out slurp_file("$root/$f"), "\n";
	}
	close $out;
	my $rc = system('psql', '-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1',
		'-h', $node->host, '-p', $node->port, '-d', "${name}_psql", '-f', $script);
	is($rc, 0, "$name: psql -1 -f of the concatenated files succeeds");

	my $a = dump_schema($node, "${name}_confiture", '--no-owner');
	my $b = dump_schema($node, "${name}_psql", '--no-owner');
	ok(length($a) > 1000, "$name: the schema dump is not empty");
	is($a, $b, "$name: pg_dump --schema-only is identical");
	is($node->safe_psql("${name}_confiture", $count_rows),
		$node->safe_psql("${name}_psql", $count_rows),
		"$name: row counts are identical");
}

compare_with_psql('blog', "$trees/blog");

my $generated = abs_path($PostgreSQL::Test::Utils::tmp_check) . "/generated";
system($generator, $generated) == 0 or die "generator failed";
compare_with_psql('generated', $generated);

# The summary NOTICE.
my ($stdout, $stderr);
$node->psql('blog_confiture', "SELECT files FROM confiture_build('$trees/blog', reset => true)",
	stdout => \$stdout, stderr => \$stderr);
like($stderr,
	qr/NOTICE:  confiture: built 15 files \(25 statements\) in \d+\.\d\d s: 4 tables, 3 views, 4 functions/,
	'summary NOTICE');
like($stderr, qr/NOTICE:  confiture: built 15 files [^\n]*\nDETAIL:  Reset dropped schemas: public\.\nReset dropped extensions the tree creates: citext\.\nReset kept extensions the tree does not create: confiture, plpgsql\.$/m,
	'the build NOTICE names what the reset dropped and kept');
is($stdout, '15', 'reset build of the example tree');

# One DEBUG1 line per file in the server log.
my $offset = -s $node->logfile;
$node->safe_psql('blog_confiture',
	"SET log_min_messages = debug1; SELECT files FROM confiture_build('$trees/blog', reset => true)");
my $log = slurp_file($node->logfile, $offset);
like($log, qr/confiture_build: file 1 of 15: 0_schema\/00_common\/001_extensions.sql/,
	'DEBUG1 names the first file');
like($log, qr/confiture_build: file 15 of 15: 10_seed_common\/12_posts.sql/,
	'DEBUG1 names the last file');

$node->stop;
done_testing();
