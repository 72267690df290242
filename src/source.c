/*
 * source.c: owns reading a file: the size limit, a leading UTF-8 byte-order
 * mark, validation as UTF-8 (no NUL byte) and conversion to the server
 * encoding.  The raw bytes are kept alongside, as hashes are defined on them.
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/memutils.h"

#include "policy.h"
#include "settings.h"
#include "source.h"

#define READ_CHUNK (1024 * 1024)

/* What a non-regular file is, for the message refusing it. */
static const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a named pipe";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

/*
 * The file may have been replaced since the tree was scanned, by anything: it
 * is opened without following the policy check's path a second time (the
 * descriptor is what is checked and read), and non-blocking, so that a named
 * pipe or a device swapped in cannot hold the backend in open() or read(),
 * where no cancel or timeout reaches it.  Only a regular file is read, and
 * never more than the size checked plus the one byte that tells it grew.
 */
static void
read_whole_file(const char *abspath, const char *relpath, SourceText *out)
{
	int			fd;
	struct stat st;
	Size		done = 0;
	char		probe;
	ssize_t		n;
	Size		limit;

	fd = OpenTransientFile(abspath, O_RDONLY | O_NONBLOCK | O_NOCTTY | PG_BINARY);
	if (fd < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", relpath)));

	access_check_opened(fd, abspath, relpath);

	if (fstat(fd, &st) < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not stat file \"%s\": %m", relpath)));
	if (!S_ISREG(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("file \"%s\" is not a regular file", relpath),
				 errdetail("It is %s now; it was a regular file when the tree was scanned.",
						   file_kind(st.st_mode)),
				 errhint("Run the build again once the tree is no longer being changed.")));

	/* The parser wants the text and two more bytes in one allocation. */
	limit = Min((Size) confiture_max_file_size, MaxAllocSize - 2);
	if ((Size) st.st_size > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("file \"%s\" is too large", relpath),
				 errdetail("The file has %lld bytes; the limit is %zu bytes.",
						   (long long) st.st_size, limit),
				 errhint("Split the file, or raise \"confiture.max_file_size\" (at most 1GB).")));

	out->raw = palloc(st.st_size + 1);
	while (done < (Size) st.st_size)
	{
		CHECK_FOR_INTERRUPTS();
		n = read(fd, out->raw + done, Min((Size) st.st_size - done, READ_CHUNK));
		if (n < 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not read file \"%s\": %m", relpath)));
		if (n == 0)
			break;				/* shrank since fstat: take what is there */
		done += n;
	}

	/* A file that grew while being read would be cut short: refuse it. */
	n = read(fd, &probe, 1);
	if (n < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read file \"%s\": %m", relpath)));
	if (n > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("file \"%s\" changed while it was being read", relpath),
				 errhint("Run the build again once the tree is no longer being written.")));

	CloseTransientFile(fd);
	out->raw[done] = '\0';
	out->rawlen = done;
}

static int
utf8_valid_prefix(const char *s, int len)
{
#if PG_VERSION_NUM >= 140000
	return pg_encoding_verifymbstr(PG_UTF8, s, len);
#else
	const char *p = s;

	while (p < s + len)
	{
		int			l = pg_utf_mblen((const unsigned char *) p);

		if (*p == '\0' || p + l > s + len ||
			!pg_utf8_islegal((const unsigned char *) p, l))
			break;
		p += l;
	}
	return p - s;
#endif
}

void
source_read(const char *abspath, BuildLocation *loc, SourceText *out)
{
	const char *text;
	Size		len;
	const char *nul;
	int			valid;

	read_whole_file(abspath, loc->relpath, out);

	text = out->raw;
	len = out->rawlen;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
	{
		text += 3;
		len -= 3;
	}

	nul = memchr(text, '\0', len);
	if (nul != NULL)
	{
		loc->line = location_line_at_byte(text, nul - text);
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("file \"%s\" contains a null byte", loc->relpath),
				 errdetail("SQL text cannot contain null bytes; the file may be binary, or encoded in UTF-16."),
				 errhint("Save the file as UTF-8.")));
	}

	valid = utf8_valid_prefix(text, len);
	if ((Size) valid < len)
	{
		loc->line = location_line_at_byte(text, valid);
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("file \"%s\" is not valid UTF-8", loc->relpath),
				 errdetail("Invalid byte 0x%02x at byte offset %d.",
						   (unsigned char) text[valid], (int) (text - out->raw) + valid),
				 errhint("Files must be encoded in UTF-8; convert this one, for example with iconv.")));
	}

	/* Already validated: only convert when the server encoding differs. */
	if (GetDatabaseEncoding() == PG_UTF8)
		out->sql = (char *) text;
	else
		out->sql = pg_any_to_server(text, len, PG_UTF8);
	out->sqllen = strlen(out->sql);
}
