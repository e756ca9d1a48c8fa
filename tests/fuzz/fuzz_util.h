/*
 * fuzz_util.h - what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share:
 * the importers read files by path, so each input is written to one
 * temporary file per process (in /dev/shm when there is one), and the
 * importers that write to the store get a fresh in-memory store.
 *
 * Each harness defines LLVMFuzzerTestOneInput(); replay_main.c runs the same
 * harnesses over their corpora without libFuzzer (gcc, the normal test suite).
 * A harness aborts only on a broken invariant of the code under test (or on
 * a failure of the harness's own setup); bad input is the importers' job to
 * refuse with an error, which is fine.
 */
#ifndef YOSAN_FUZZ_UTIL_H
#define YOSAN_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

struct store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Quiet logging (errors only) once per process. */
void fuzz_init(void);

/* Write size bytes to this process's temporary file number `slot` (0..3)
 * whose name ends with suffix (".csv", ".json", ...) and return its path
 * (static storage, valid until the next call with the same slot). Aborts
 * when the file cannot be written: that is the harness, not the code under
 * test. The files are removed at exit. */
const char *fuzz_write_file(int slot, const char *suffix, const uint8_t *data, size_t size);

/* A fresh, migrated ":memory:" store (aborts when it cannot be opened). */
struct store *fuzz_store_open(void);

/* The process's store: a fresh one on first use and after fuzz_store_reset().
 * Opening a store costs more than most inputs, and the importers are
 * all-or-nothing, so the harnesses keep it across inputs that fail to import
 * (checking that nothing was recorded) and reset it after an import that
 * changed it: every input still starts from an empty store. */
struct store *fuzz_store(void);
void fuzz_store_reset(void);

/* With FUZZ_VERBOSE set in the environment, print what an import gave
 * (to check that the seeds reach the code they are meant for). Returns st. */
int fuzz_note(const char *what, int st, const char *msg);

/* Abort with a message when cond is false: a broken invariant. */
#define FUZZ_ASSERT(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

#endif
