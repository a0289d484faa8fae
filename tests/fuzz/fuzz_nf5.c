/*
 * fuzz_nf5.c: libFuzzer target for the nf5 decoder (version field forced
 * to 5, so every input exercises it; v9/IPFIX templates persist across
 * inputs in a bounded cache).
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, 5);
	return 0;
}
