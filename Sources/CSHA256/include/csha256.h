#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (x86-64 SHA-NI with SSSE3 and SSE4.1); 0 elsewhere.
int csha256_hardware_available(void);

/// The SHA-256 digest of `length` bytes at `data` into `digest` (32 bytes), with the SHA extensions.
/// Call it only when `csha256_hardware_available()` returns 1.
void csha256_hardware(const uint8_t *data, size_t length, uint8_t digest[32]);

#endif
