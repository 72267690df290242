# Environments beyond pg_regress: both hash variants of confiture_hash against
# digests computed here, independently, from the files (Confiture's
# compute_hash and its compiled hasher, as test/README.md describes them), and
# the cost of resolving an environment on the generated 1,000-file tree.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use Digest::SHA qw(sha256 sha256_hex);
use File::Find;
use File::Path qw(make_path);
use Time::HiRes qw(time);

my $trees = $ENV{CONFITURE_TEST_TREES} or die "CONFITURE_TEST_TREES is not set";
my $generator = $ENV{CONFITURE_GENERATOR} or die "CONFITURE_GENERATOR is not set";
my $project = abs_path("$trees/project");

my $node = PostgreSQL::Test::Cluster->new('environments');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION confiture');

# The .sql files below some directories, sorted by path component by component.
sub sql_files
{
	my @found;
	for my $dir (@_)
	{
		find({ wanted => sub { push @found, $File::Find::name if -f $_ && /\.sql$/ }, no_chdir => 1 }, $dir);
	}
	return sort {
		my @a = split m{/}, $a;
		my @b = split m{/}, $b;
		my $cmp = 0;
		while (!$cmp && @a && @b) { $cmp = shift(@a) cmp shift(@b); }
		$cmp || @a <=> @b;
	} @found;
}

sub slurp { my ($f) = @_; open(my $fh, '<:raw', $f) or die "$f: $!"; local $/; return <$fh>; }

# compute_hash: one digest over "relative path NUL bytes NUL", relative to base.
sub python_hash
{
	my ($base, @files) = @_;
	my $ctx = Digest::SHA->new(256);
	$ctx->add(substr($_, length($base) + 1), "\0", slurp($_), "\0") for @files;
	return $ctx->hexdigest;
}

# The compiled hasher: the same per file, relative to the files' common
# parent, then one digest over the 32-byte digests.
sub rust_hash
{
	my @files = @_;
	my @parts = split m{/}, $files[0];
	pop @parts if @files == 1;
	for my $f (@files[1 .. $#files])
	{
		my @p = split m{/}, $f;
		my $n = 0;
		$n++ while $n < @parts && $n < @p && $parts[$n] eq $p[$n];
		splice(@parts, $n);
	}
	my $base = join('/', @parts);
	return sha256_hex(join('', map { sha256(substr($_, length($base) + 1), "\0", slurp($_), "\0") } @files));
}

my %envs = (
	local => [ "$project/db", sql_files(map { "$project/db/$_" } qw(schema seeds/common seeds/development)) ],
	production => [ "$project/db/schema", sql_files("$project/db/schema") ],
	hex => [ "$project/db/hex", sql_files("$project/db/hex") ],
);
# hex order: by the file name's hexadecimal prefix
$envs{hex} = [ "$project/db/hex", map { "$project/db/hex/$_" }
	qw(2_two.sql sub/05_five.sql 0A_ten.sql B_eleven.sql 01F_thirty_one.sql 0a_lower.sql readme_first.sql) ];

for my $env (sort keys %envs)
{
	my ($base, @files) = @{ $envs{$env} };
	is($node->safe_psql('postgres', "SELECT confiture_hash('$project', env => '$env')"),
		python_hash($base, @files), "python hash of $env (" . scalar(@files) . " files)");
	is($node->safe_psql('postgres', "SELECT confiture_hash('$project', env => '$env', variant => 'rust')"),
		rust_hash(@files), "rust hash of $env");
}
my @schema = sql_files("$project/db/schema");
is($node->safe_psql('postgres', "SELECT confiture_hash('$project', env => 'local', schema_only => true)"),
	python_hash("$project/db", @schema), 'schema_only: the schema files, relative to the same base');
is($node->safe_psql('postgres', "SELECT confiture_hash('$project/db/schema', variant => 'rust')"),
	rust_hash(@schema), 'rust hash of a plain tree');

# The listing gives each environment's python hash.
is($node->safe_psql('postgres', "SELECT hash FROM confiture_environments('$project') WHERE env = 'production'"),
	python_hash("$project/db/schema", @schema), 'confiture_environments gives the same hash');

# The 1,000-file tree as an environment selects what the tree has; the figures
# are printed for information (the benchmark, make bench, measures them).
my $generated = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/generated';
make_path("$generated/db/environments");
system($generator, "$generated/db/schema") == 0 or die "generator failed";
open(my $fh, '>', "$generated/db/environments/local.yaml") or die;
print $fh "include_dirs:\n  - db/schema\n";
close $fh;
my (@plain, @env);
for my $i (1 .. 5)
{
	for my $case ([ \@plain, "confiture_plan('$generated/db/schema')" ], [ \@env, "confiture_plan('$generated', env => 'local')" ])
	{
		my $started = time;
		$node->safe_psql('postgres', "SELECT count(*) FROM $case->[1]");
		push @{ $case->[0] }, time - $started;
	}
}
my ($plain) = (sort { $a <=> $b } @plain)[2];
my ($with_env) = (sort { $a <=> $b } @env)[2];
is($node->safe_psql('postgres', "SELECT count(*) FROM confiture_plan('$generated', env => 'local')"),
	$node->safe_psql('postgres', "SELECT count(*) FROM confiture_plan('$generated/db/schema')"),
	'the environment selects the tree\'s files');
diag(sprintf("plan of the 1,000-file tree, median of 5: as a tree %.3f s, as an environment %.3f s (%.2fx)",
	$plain, $with_env, $with_env / $plain));

# libyaml is quadratic in the nesting of flow collections: a deeply nested
# file keeps it busy for minutes, and a cancel or a timeout must still end it
# at once.
my $deep = abs_path($PostgreSQL::Test::Utils::tmp_check) . '/deep';
make_path("$deep/db/environments", "$deep/db/schema");
open($fh, '>', "$deep/db/schema/1_a.sql") or die;
print $fh "SELECT 1;\n";
close $fh;
open($fh, '>', "$deep/db/environments/deep.yaml") or die;
print $fh "include_dirs: [db/schema]\nx: " . ('{a: ' x 100000) . '1' . ('}' x 100000) . "\n";
close $fh;
my $started = time;
my ($ret, $stdout, $stderr) = $node->psql('postgres',
	"SET statement_timeout = '1s'; SELECT count(*) FROM confiture_plan('$deep', env => 'deep')");
like($stderr, qr/canceling statement due to statement timeout/, 'a deeply nested YAML file: the timeout cancels its parsing');
cmp_ok(time - $started, '<', 30, 'at once');
# The listing reports each environment's error in its row, but a cancel ends
# it: the next deeply nested file is not read.
open($fh, '>', "$deep/db/environments/deep2.yaml") or die;
print $fh "include_dirs: [db/schema]\nx: " . ('{a: ' x 100000) . '1' . ('}' x 100000) . "\n";
close $fh;
$started = time;
($ret, $stdout, $stderr) = $node->psql('postgres',
	"SET statement_timeout = '1s'; SELECT count(*) FROM confiture_environments('$deep')");
like($stderr, qr/canceling statement due to statement timeout/, 'confiture_environments: the timeout ends the listing');
cmp_ok(time - $started, '<', 30, 'at once');

$node->stop;
done_testing();
