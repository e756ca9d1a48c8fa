/*
 * fuzz_util.c - temporary input files and in-memory stores for the fuzz
 * harnesses (see fuzz_util.h).
 */
#include "fuzz_util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "store.h"

#define FUZZ_SLOTS 4

static char paths[FUZZ_SLOTS][512];

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
    abort();
}

static void remove_files(void)
{
    fuzz_store_reset();
    for (int i = 0; i < FUZZ_SLOTS; i++)
        if (paths[i][0])
            unlink(paths[i]);
}

int fuzz_note(const char *what, int st, const char *msg)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    if (verbose)
        fprintf(stderr, "%s: %s%s%s\n", what, status_str((enum status)st), st ? ": " : "",
                st ? msg : "");
    return st;
}

void fuzz_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    log_set_level(LOG_ERROR);
    atexit(remove_files);
}

static const char *tmp_dir(void)
{
    struct stat st;
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
        return "/dev/shm";
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

const char *fuzz_write_file(int slot, const char *suffix, const uint8_t *data, size_t size)
{
    FUZZ_ASSERT(slot >= 0 && slot < FUZZ_SLOTS);
    fuzz_init();
    char *p = paths[slot];
    int n = snprintf(p, sizeof paths[slot], "%s/yosan-fuzz-%ld-%d%s", tmp_dir(), (long)getpid(),
                     slot, suffix);
    FUZZ_ASSERT(n > 0 && (size_t)n < sizeof paths[slot]);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FUZZ_ASSERT(fd >= 0);
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        FUZZ_ASSERT(w > 0);
        off += (size_t)w;
    }
    FUZZ_ASSERT(close(fd) == 0);
    return p;
}

struct store *fuzz_store_open(void)
{
    fuzz_init();
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    if (store_open(":memory:", &s, &e) != ST_OK) {
        fprintf(stderr, "fuzz: cannot open an in-memory store: %s\n", e.msg);
        abort();
    }
    return s;
}

static struct store *kept;

struct store *fuzz_store(void)
{
    if (!kept)
        kept = fuzz_store_open();
    return kept;
}

void fuzz_store_reset(void)
{
    store_close(kept);
    kept = NULL;
}
