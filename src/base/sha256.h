/* SPDX-License-Identifier: EUPL-1.2 */
/* sha256.h - SHA-256 (nettle) as 64 lowercase hex digits: of the inputs,
 * of every PDF as it is written, and of files read back by `verify`. */
#ifndef LEDENBRIEF_SHA256_H
#define LEDENBRIEF_SHA256_H
#include <stdbool.h>
#include <stddef.h>

typedef struct lb_sha256 lb_sha256;

/* Incremental: new, any number of updates, then finish (which frees it). */
lb_sha256 *lb_sha256_new(void);
void lb_sha256_update(lb_sha256 *s, const void *data, size_t len);
void lb_sha256_finish(lb_sha256 *s, char hex[65]);
#define LB_SHA256_BYTES 32
/* The same as the digest's 32 bytes (a third of the hex and its NUL, for
 * what is kept per document until the manifest), and those bytes as hex. */
void lb_sha256_finish_bytes(lb_sha256 *s, unsigned char digest[LB_SHA256_BYTES]);
void lb_sha256_to_hex(const unsigned char digest[LB_SHA256_BYTES], char hex[65]);
/* Of one buffer. */
void lb_sha256_hex(const void *data, size_t len, char hex[65]);
/* Of what can be read from fd, and its size. False on a read error (errno set). */
bool lb_sha256_fd(int fd, char hex[65], long long *bytes);
/* Of a file, and its size. False when it cannot be read (errno set). */
bool lb_sha256_file(const char *path, char hex[65], long long *bytes);

#endif
