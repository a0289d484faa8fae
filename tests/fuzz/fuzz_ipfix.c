/*
 * fuzz_ipfix.c: libFuzzer target for the ipfix decoder (version field forced
 * to 10, so every input exercises it; v9/IPFIX templates persist across
 * inputs in a bounded cache).
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, 10);
	return 0;
}
