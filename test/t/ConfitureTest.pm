# ConfitureTest: helpers shared by the TAP suites in test/t.
package ConfitureTest;

use strict;
use warnings;
use Exporter 'import';

our @EXPORT = qw(dump_schema count_rows_query);

# pg_dump --schema-only of a database of $node, without pg_dump's random
# \restrict key; extra pg_dump options may follow.
sub dump_schema
{
	my ($node, $db, @options) = @_;
	my @command = ('pg_dump', '--schema-only', @options, '-h', $node->host, '-p', $node->port, $db);
	my $dump = qx{@command};
	die "pg_dump failed" if $?;
	$dump =~ s/^\\(un)?restrict .*$//mg;
	return $dump;
}

# A query giving "table=rows,..." for the ordinary tables of public whose name
# is LIKE $pattern.
sub count_rows_query
{
	my ($pattern) = @_;
	return qq{
	SELECT string_agg(format('%s=%s', c.oid::regclass,
	       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass),
	                                              false, true, '')))[1]::text), ',' ORDER BY c.oid::regclass::text)
	  FROM pg_class AS c
	 WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname LIKE '$pattern'};
}

1;
