/* test-tmp.h — temporary folders for the tests that write files (made
 * fresh, listed, and removed with everything in them), and a memory limit
 * for the tests that check nothing is allocated before it is checked. */
#pragma once

#include <glib.h>

/* UNDER_ASAN: built with AddressSanitizer, whose shadow memory counts as
 * data and address space (memory limits do not fit it) */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

G_BEGIN_DECLS

/* (transfer full) a new empty folder under the system's temporary folder */
char *test_tmp_dir_new     (const char *prefix);
/* removes path and, for a folder, everything below it (links are not followed) */
void  test_tmp_remove_tree (const char *path);
/* (transfer full) the names in dir, sorted, joined by single spaces */
char *test_tmp_list        (const char *dir);
/* (transfer full) dir/name, written with bytes */
char *test_tmp_write       (const char *dir, const char *name, const void *bytes, gsize len);

/* Limits this process's address space to bytes (setrlimit RLIMIT_AS), so
 * that an allocation the code should never make aborts the test.  FALSE,
 * with nothing changed, under AddressSanitizer or valgrind, whose own
 * reservations would not fit; call it in a subprocess. */
gboolean test_limit_address_space (guint64 bytes);

/* Runs func (data) as a user without privileges: itself, or, as root (who
 * may read anything), in a child process that has become nobody (65534).
 * An assertion in func fails the test; FALSE (the test should skip) when
 * root could not become nobody. */
gboolean test_run_unprivileged (void (*func) (gconstpointer data), gconstpointer data);

G_END_DECLS
